//! ASL executor benchmarks, one run: the recorded-executions corpus against moto's interpreter,
//! a Map over 10,000 items and a 25,000-transition loop. Prints figures; asserts nothing about speed.
//!
//! `CARGO_TARGET_DIR=/work/target-aslbench cargo bench -p lambdaform-asl --bench executor`
//! (moto comes from `scripts/install-tools.sh`; `LAMBDAFORM_BENCH_PYTHON` overrides the interpreter).

mod corpus;
mod limit;
mod map;
mod moto;
mod run;
mod transitions;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Enough rounds of our side for a stable mean; each round takes well under a second.
const ROUNDS: u32 = 20;

fn main() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus_path = crate_dir.join("tests/data/asl-executions.json");
    let text = match std::fs::read_to_string(&corpus_path) {
        Ok(t) => t,
        Err(e) => return eprintln!("cannot read {}: {e}", corpus_path.display()),
    };
    let entries = match corpus::load(&text) {
        Ok(e) => e,
        Err(e) => return eprintln!("{e}"),
    };
    let root = crate_dir.parent().unwrap_or(crate_dir);
    // `cargo bench ... -- map` runs only the parts named (corpus, map, loop); cargo adds `--bench`.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wanted = |part: &str| only.is_empty() || only.iter().any(|o| o == part);
    if wanted("corpus") {
        compare(&entries, root, &corpus_path);
    }
    if wanted("map") {
        map::report(10_000);
    }
    if wanted("loop") {
        transitions::report(25_000);
    }
}

fn per_second(count: usize, spent: Duration) -> f64 {
    count as f64 / spent.as_secs_f64()
}

fn compare(entries: &[corpus::Entry], root: &Path, corpus_path: &Path) {
    let ours = corpus::measure(entries, ROUNDS);
    let total: Duration = ours.iter().map(|m| m.mean).sum();
    let reproduced = ours.iter().filter(|m| m.reproduced).count();
    println!("== Corpus: {} recorded AWS executions, virtual time ==", entries.len());
    println!(
        "lambdaform-asl: {reproduced}/{} reproduce AWS; one pass {:.1} ms ({ROUNDS} rounds), {:.0} executions/s",
        entries.len(),
        total.as_secs_f64() * 1e3,
        per_second(entries.len(), total)
    );
    let report = match moto::run(root, corpus_path) {
        Ok(r) => r,
        Err(e) => return println!("moto: skipped, {e}"),
    };
    let mut outcomes: HashMap<&str, usize> = HashMap::new();
    for e in &report.entries {
        *outcomes.entry(e.outcome.as_str()).or_default() += 1;
    }
    let moto_by_name: HashMap<&str, &moto::MotoEntry> = report.entries.iter().map(|e| (e.name.as_str(), e)).collect();
    let different_jsonata = entries
        .iter()
        .filter(|e| e.jsonata && moto_by_name.get(e.name.as_str()).is_some_and(|m| m.outcome == "different"))
        .count();
    let moto_total: f64 = report.entries.iter().map(|e| e.seconds).sum();
    println!(
        "moto {} (in-process, execute_state_machine): reproduced {}, different outcome {} \
         ({different_jsonata} use JSONata, which moto does not evaluate), definition rejected {}, timed out {}; \
         {:.1} s for all",
        report.version,
        outcomes.get("reproduced").unwrap_or(&0),
        outcomes.get("different").unwrap_or(&0),
        outcomes.get("rejected").unwrap_or(&0),
        outcomes.get("timeout").unwrap_or(&0),
        moto_total
    );
    for with_sleeps in [false, true] {
        let (mut n, mut ours_time, mut moto_time) = (0usize, Duration::ZERO, 0.0f64);
        for (entry, m) in entries.iter().zip(&ours) {
            let Some(theirs) = moto_by_name.get(entry.name.as_str()) else { continue };
            if m.reproduced && theirs.outcome == "reproduced" && (with_sleeps || !entry.sleeps_in_moto) {
                n += 1;
                ours_time += m.mean;
                moto_time += theirs.seconds;
            }
        }
        let ours_rate = per_second(n, ours_time);
        let moto_rate = n as f64 / moto_time;
        println!(
            "both reproduce AWS{}: {n} entries; lambdaform-asl {ours_rate:.0}/s, moto {moto_rate:.1}/s, ratio {:.0}x",
            if with_sleeps { ", with Wait and Retry (moto sleeps for real)" } else { ", no Wait or Retry" },
            ours_rate / moto_rate
        );
    }
}
