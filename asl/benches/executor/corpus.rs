//! Our side of the corpus figure: every entry, from definition and input text to the result.

use std::time::{Duration, Instant};

use lambdaform_asl::model::StateMachine;
use serde_json::Value;

use crate::run::{execute, reproduces, runtime};

/// One corpus entry as both sides receive it: JSON text, parsed inside the timed part.
pub struct Entry {
    pub name: String,
    pub definition: String,
    pub input: String,
    pub expected: Value,
    /// Wait states and retry intervals sleep for real in moto; kept apart from the main ratio.
    pub sleeps_in_moto: bool,
    pub jsonata: bool,
}

pub fn load(text: &str) -> Result<Vec<Entry>, String> {
    let entries: Vec<Value> = serde_json::from_str(text).map_err(|e| format!("corpus: {e}"))?;
    Ok(entries
        .into_iter()
        .map(|e| Entry {
            name: e["name"].as_str().unwrap_or_default().to_string(),
            definition: e["definition"].to_string(),
            input: e["input"].to_string(),
            expected: e["expected"].clone(),
            sleeps_in_moto: e["features"]["state_types"].get("Wait").is_some() || has_flag(&e, "retry"),
            jsonata: has_flag(&e, "jsonata"),
        })
        .collect())
}

fn has_flag(entry: &Value, flag: &str) -> bool {
    entry["features"]["flags"].as_array().is_some_and(|f| f.iter().any(|f| f == flag))
}

/// Per entry: whether we reproduce AWS, and the mean time of one run over `rounds` rounds.
pub struct Measured {
    pub reproduced: bool,
    pub mean: Duration,
}

pub fn measure(entries: &[Entry], rounds: u32) -> Vec<Measured> {
    let rt = runtime();
    let mut totals = vec![Duration::ZERO; entries.len()];
    let mut reproduced = vec![true; entries.len()];
    for _ in 0..rounds {
        for (i, entry) in entries.iter().enumerate() {
            let started = Instant::now();
            let ok = run_one(&rt, entry);
            totals[i] += started.elapsed();
            reproduced[i] &= ok;
        }
    }
    totals.into_iter().zip(reproduced).map(|(t, reproduced)| Measured { reproduced, mean: t / rounds }).collect()
}

fn run_one(rt: &tokio::runtime::Runtime, entry: &Entry) -> bool {
    let Ok(machine) = StateMachine::from_json(&entry.definition) else { return false };
    let Ok(input) = serde_json::from_str::<Value>(&entry.input) else { return false };
    reproduces(&execute(rt, machine, input), &entry.expected)
}
