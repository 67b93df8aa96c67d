//! Map: one iteration of the item processor per item, at most `MaxConcurrency` at a time,
//! with tolerated failures, item batching and an optional `ItemReader` through the resolver.

use std::sync::Arc;

use futures::stream::{self, StreamExt};
use serde_json::{json, Map, Value};

use super::flow::{env_read, finish, input_path, integer_field, states_var, Attempt, Finish};
use super::item_reader;
use super::map_run;
use super::tolerance::Tolerance;
use crate::exec::abort::{AbortGuard, After};
use crate::exec::error::Failure;
use crate::exec::jsonata;
use crate::exec::jsonpath::compact;
use crate::exec::run::{run_workflow, Here, Run, Step, Thread};
use crate::model::{Catcher, ItemProcessor, MapState, QueryLanguage, Retrier, State};

impl Attempt for MapState {
    fn policy(&self) -> (Option<&[Retrier]>, Option<&[Catcher]>) {
        (self.retry.as_deref(), self.catch.as_deref())
    }

    async fn attempt(
        &self,
        run: &Arc<Run>,
        state: &State,
        here: &Here,
        input: &Value,
        th: &mut Thread,
    ) -> Result<Step, Failure> {
        let s = self;
        let jsonata_mode = run.language(state) == QueryLanguage::JSONata;
        let effective = if jsonata_mode { input.clone() } else { input_path(run, state, here, input, th)? };
        let items = items(run, state, s, here, input, &effective, th).await?;
        let max_concurrency = integer_field(
            run,
            state,
            here,
            th,
            &effective,
            s.max_concurrency.as_ref(),
            ("MaxConcurrencyPath", s.max_concurrency_path.as_deref()),
        )?
        .unwrap_or(0);
        let tolerated_count = integer_field(
            run,
            state,
            here,
            th,
            &effective,
            s.tolerated_failure_count.as_ref(),
            ("ToleratedFailureCountPath", s.tolerated_failure_count_path.as_deref()),
        )?;
        if tolerated_count.is_some_and(|c| c < 0) {
            return Err(Failure::runtime("ToleratedFailureCount cannot be negative."));
        }
        let tolerated_percentage = tolerated_percentage(run, state, s, here, th, &effective)?;
        let items = batch(run, state, s, here, th, &effective, items)?;
        let selected = select_items(run, state, s, here, th, (input, &effective), items)?;
        let Some(processor) = s.processor() else {
            return Err(Failure::runtime("A Map state needs an ItemProcessor (or Iterator)."));
        };

        let tolerance = Tolerance { count: tolerated_count, percentage: tolerated_percentage, total: selected.len() };
        let limit = if max_concurrency <= 0 { selected.len().max(1) } else { max_concurrency as usize };
        run.record(th, "MapStateStarted", Some(("mapStateStartedEventDetails", json!({"length": selected.len()}))))?;
        let aborted = AbortGuard::new(run, th, After::Children, "MapStateAborted", None);
        let (result, failure) = if processor.is_distributed() {
            let plan = map_run::Plan { state: s, processor, tolerance, limit, inputs: (input, &effective) };
            map_run::run(run, here, th, plan, selected).await?
        } else {
            inline(run, here, th, processor, tolerance, limit, selected).await
        };
        th.trace.prev = run.history.len() as u64;
        match failure {
            Some(f) if f.is_execution_timeout() => {
                aborted.abort(th);
                return Err(f);
            }
            Some(f) => {
                aborted.disarm();
                run.record(th, "MapStateFailed", None)?;
                return Err(f);
            }
            None => aborted.disarm(),
        }
        run.record(th, "MapStateSucceeded", None)?;
        finish(
            run,
            state,
            here,
            th,
            input,
            result,
            Finish { result_selector: s.result_selector.as_ref(), result_path: &s.result_path },
        )
    }
}

/// An Inline Map: every iteration runs in this execution, recording `MapIteration*` events. Returns the
/// outputs in item order and the Map's failure, if any.
async fn inline(
    run: &Arc<Run>,
    here: &Here,
    th: &mut Thread,
    processor: &ItemProcessor,
    tolerance: Tolerance,
    limit: usize,
    selected: Vec<Value>,
) -> (Value, Option<Failure>) {
    let total = selected.len();
    let states = Arc::new(processor.states.clone());
    let start_at = processor.start_at.clone();
    let parent = th.clone();
    let iterations = selected.into_iter().enumerate().map(|(index, item)| {
        let (run, states, start_at, name) = (run.clone(), states.clone(), start_at.clone(), here.name.clone());
        let mut child = parent.branch();
        async move {
            let details = json!({"name": name, "index": index});
            let started = run.record(
                &mut child,
                "MapIterationStarted",
                Some(("mapIterationStartedEventDetails", details.clone())),
            );
            if let Err(f) = started {
                return (index, Err(f), child);
            }
            let details_of = |key| Some((key, details.clone()));
            let aborted = AbortGuard::new(
                &run,
                &child,
                After::Own,
                "MapIterationAborted",
                details_of("mapIterationAbortedEventDetails"),
            );
            let (r, mut child) = run_workflow(run.clone(), states, start_at, item, child).await;
            let (kind, key) = match &r {
                Ok(_) => ("MapIterationSucceeded", "mapIterationSucceededEventDetails"),
                Err(f) if f.is_execution_timeout() => {
                    aborted.abort(&mut child);
                    return (index, r, child);
                }
                Err(_) => ("MapIterationFailed", "mapIterationFailedEventDetails"),
            };
            aborted.disarm();
            if let Err(f) = run.record(&mut child, kind, details_of(key)) {
                return (index, Err(f), child);
            }
            (index, r, child)
        }
    });
    // Unordered, so a failure stops the Map as soon as it happens; outputs are put back in item order.
    let mut results = stream::iter(iterations).buffer_unordered(limit);
    let mut outputs: Vec<Option<Value>> = vec![None; total];
    let mut failed = 0usize;
    let mut failure: Option<Failure> = None;
    while let Some((index, r, child)) = results.next().await {
        th.trace.now = th.trace.now.max(child.trace.now);
        match r {
            Ok(v) => outputs[index] = Some(v),
            // The execution timing out is no iteration failure to tolerate.
            Err(f) if f.is_execution_timeout() => {
                failure = Some(f);
                break;
            }
            Err(f) => {
                failed += 1;
                if tolerance.allows(failed) {
                    outputs[index] = Some(f.error_output());
                    continue;
                }
                // With a threshold set, exceeding it is the Map's error; without, the iteration's own.
                failure = Some(if tolerance.has_threshold() { Tolerance::exceeded() } else { f });
                break;
            }
        }
    }
    // Iterations still running are stopped here and record MapIterationAborted.
    drop(results);
    (Value::Array(outputs.into_iter().flatten().collect()), failure)
}

/// The items: `ItemReader`, `Items` (JSONata), `ItemsPath`, or the input.
async fn items(
    run: &Arc<Run>,
    state: &State,
    s: &MapState,
    here: &Here,
    input: &Value,
    effective: &Value,
    th: &Thread,
) -> Result<Vec<Value>, Failure> {
    let jsonata_mode = run.language(state) == QueryLanguage::JSONata;
    if let Some(reader) = &s.item_reader {
        return item_reader::read(run, run.language(state), reader, here, (input, effective), th).await;
    }
    if jsonata_mode {
        return match &s.items {
            Some(expr) => {
                let v = jsonata::evaluate(expr, "Items", &states_var(run, here, input, None, None), &th.vars)?;
                match v {
                    Value::Array(a) => Ok(a),
                    other => {
                        let text = expr.as_str().and_then(jsonata::expression_text).map(str::trim).unwrap_or_default();
                        Err(Failure::query(format!(
                            "The JSONata expression '{text}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{}' for value: {}",
                            jsonata::type_name(&other),
                            compact(&other)
                        )))
                    }
                }
            }
            None => match input {
                Value::Array(a) => Ok(a.clone()),
                other => Err(Failure::query(format!("Map state input must be an array but was: {}", compact(other)))),
            },
        };
    }
    let v = match &s.items_path {
        Some(p) => env_read(run, here, th, None, |env| env.apply_path(p, effective))?,
        None => effective.clone(),
    };
    match v {
        Value::Array(a) => Ok(a),
        other => Err(Failure::runtime(format!("Map state input must be an array but was: {}", compact(&other)))),
    }
}

fn tolerated_percentage(
    run: &Run,
    state: &State,
    s: &MapState,
    here: &Here,
    th: &Thread,
    effective: &Value,
) -> Result<Option<f64>, Failure> {
    let v = if let Some(v) = &s.tolerated_failure_percentage {
        if run.language(state) == QueryLanguage::JSONata {
            jsonata::evaluate(v, "ToleratedFailurePercentage", &states_var(run, here, effective, None, None), &th.vars)?
        } else {
            v.clone()
        }
    } else if let Some(p) = &s.tolerated_failure_percentage_path {
        env_read(run, here, th, None, |env| env.apply_path(p, effective))?
    } else {
        return Ok(None);
    };
    let pct = match &v {
        Value::String(s) => s.trim().parse::<f64>().ok(),
        other => other.as_f64(),
    };
    match pct {
        Some(p) if (0.0..=100.0).contains(&p) => Ok(Some(p)),
        _ => Err(Failure::runtime(format!(
            "ToleratedFailurePercentage must be a number between 0 and 100, but was {}",
            compact(&v)
        ))),
    }
}

/// `ItemBatcher`: groups items into `{"Items": [...], "BatchInput": ...}` objects.
fn batch(
    run: &Run,
    state: &State,
    s: &MapState,
    here: &Here,
    th: &Thread,
    effective: &Value,
    items: Vec<Value>,
) -> Result<Vec<Value>, Failure> {
    let Some(b) = &s.item_batcher else { return Ok(items) };
    let max_items = integer_field(
        run,
        state,
        here,
        th,
        effective,
        b.max_items_per_batch.as_ref(),
        ("MaxItemsPerBatchPath", b.max_items_per_batch_path.as_deref()),
    )?;
    let max_bytes = integer_field(
        run,
        state,
        here,
        th,
        effective,
        b.max_input_bytes_per_batch.as_ref(),
        ("MaxInputBytesPerBatchPath", b.max_input_bytes_per_batch_path.as_deref()),
    )?;
    let batch_input = match &b.batch_input {
        Some(bi) if run.language(state) == QueryLanguage::JSONata => Some(jsonata::evaluate(
            bi,
            "ItemBatcher/BatchInput",
            &states_var(run, here, effective, None, None),
            &th.vars,
        )?),
        Some(bi) => Some(env_read(run, here, th, None, |env| env.template(bi, effective))?),
        None => None,
    };
    let max_items = max_items.filter(|n| *n > 0).map(|n| n as usize).unwrap_or(usize::MAX);
    let max_bytes = max_bytes.filter(|n| *n > 0).map(|n| n as usize).unwrap_or(256 * 1024);
    let wrap = |group: Vec<Value>| {
        let mut m = Map::new();
        m.insert("Items".into(), Value::Array(group));
        if let Some(bi) = &batch_input {
            m.insert("BatchInput".into(), bi.clone());
        }
        Value::Object(m)
    };
    let mut out = Vec::new();
    let (mut group, mut bytes) = (Vec::new(), 0usize);
    for item in items {
        let size = compact(&item).len();
        if !group.is_empty() && (group.len() >= max_items || bytes + size > max_bytes) {
            out.push(wrap(std::mem::take(&mut group)));
            bytes = 0;
        }
        bytes += size;
        group.push(item);
    }
    if !group.is_empty() {
        out.push(wrap(group));
    }
    Ok(out)
}

/// The input of each iteration: `ItemSelector` (or legacy `Parameters`) with `$$.Map.Item`.
fn select_items(
    run: &Run,
    state: &State,
    s: &MapState,
    here: &Here,
    th: &Thread,
    (input, effective): (&Value, &Value),
    items: Vec<Value>,
) -> Result<Vec<Value>, Failure> {
    let Some(selector) = s.item_selector.as_ref().or(s.parameters.as_ref()) else { return Ok(items) };
    let jsonata_mode = run.language(state) == QueryLanguage::JSONata;
    items
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let item = json!({"Item": {"Index": index, "Value": value}});
            if jsonata_mode {
                let states = states_var(run, here, input, None, None).with_context(Some(("Map", item)));
                jsonata::evaluate(selector, "ItemSelector", &states, &th.vars)
            } else {
                env_read(run, here, th, Some(("Map", item)), |env| env.template(selector, effective))
            }
        })
        .collect()
}
