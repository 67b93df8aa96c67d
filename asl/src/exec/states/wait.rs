//! Wait: for a number of seconds or until a timestamp, on the execution's clock.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::flow::{env_read, finish_jsonata, input_path, output_path, states_var};
use super::rules::timestamp;
use crate::exec::error::Failure;
use crate::exec::jsonata;
use crate::exec::run::{transition, Here, Run, Step, Thread};
use crate::model::{QueryLanguage, State, WaitState};

pub(super) async fn run(
    run: &Arc<Run>,
    state: &State,
    s: &WaitState,
    here: &Here,
    input: Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    let jsonata_mode = run.language(state) == QueryLanguage::JSONata;
    let effective = if jsonata_mode { input.clone() } else { input_path(run, state, here, &input, th)? };
    let states = states_var(run, here, &input, None, None);
    let eval = |v: &Value, field: &str| -> Result<Value, Failure> {
        if jsonata_mode {
            jsonata::evaluate(v, field, &states, &th.vars)
        } else {
            Ok(v.clone())
        }
    };
    let delay = if let Some(v) = &s.seconds {
        let v = eval(v, "Seconds")?;
        seconds(&v, "Seconds", None)?
    } else if let Some(p) = &s.seconds_path {
        let v = env_read(run, here, th, None, |env| env.apply_path(p, &effective))?;
        seconds(&v, "SecondsPath", Some(p))?
    } else if let Some(v) = &s.timestamp {
        until(run, th, &eval(v, "Timestamp")?, "Timestamp", None)?
    } else if let Some(p) = &s.timestamp_path {
        let v = env_read(run, here, th, None, |env| env.apply_path(p, &effective))?;
        until(run, th, &v, "TimestampPath", Some(p))?
    } else {
        Duration::ZERO
    };
    run.pass_time(th, delay).await?;
    let out = if jsonata_mode {
        finish_jsonata(th, s.assign.as_ref(), s.output.as_ref(), &states, &input)?
    } else {
        crate::exec::states::flow::assign_jsonpath(run, here, th, s.assign.as_ref(), &effective)?;
        output_path(run, state, here, effective, th)?
    };
    Ok(transition(state, out))
}

fn seconds(v: &Value, field: &str, path: Option<&str>) -> Result<Duration, Failure> {
    let shown = |v: &Value| path.map(|p| format!("{p} == {v}")).unwrap_or_else(|| v.to_string());
    match v.as_i64() {
        Some(n) if n < 0 => {
            Err(Failure::runtime(format!("The {field} parameter references a negative value: {}", shown(v))))
        }
        Some(n) => Ok(Duration::from_secs(n as u64)),
        None => Err(Failure::runtime(format!("The {field} parameter cannot be parsed as a long value: {}", shown(v)))),
    }
}

fn until(run: &Run, th: &Thread, v: &Value, field: &str, path: Option<&str>) -> Result<Duration, Failure> {
    let Some(t) = v.as_str().and_then(timestamp) else {
        let shown = path.map(|p| format!("{p} == {v}")).unwrap_or_else(|| v.to_string());
        return Err(Failure::runtime(format!("The {field} parameter does not reference a valid ISO-8601 extended offset date-time format string: {shown}")));
    };
    let now = run.clock.observe(th.trace.now);
    Ok((t.with_timezone(&chrono::Utc) - now).to_std().unwrap_or(Duration::ZERO))
}
