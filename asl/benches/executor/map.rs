//! A Map over many items, each through Pass → Choice → Pass in an inline ItemProcessor, written once in
//! JSONPath and once in JSONata (whose `$states` holds the whole execution input in its context).

use lambdaform_asl::exec::ExecutionResult;
use lambdaform_asl::model::StateMachine;
use serde_json::{json, Value};

use crate::limit::{largest_fitting, timed};
use crate::run::{execute, runtime};

#[derive(Clone, Copy)]
enum Lang {
    JsonPath,
    Jsonata,
}

fn machine(lang: Lang) -> StateMachine {
    let definition = match lang {
        Lang::JsonPath => json!({
            "StartAt": "Each",
            "States": {
                "Each": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "INLINE"},
                        "StartAt": "Double",
                        "States": {
                            "Double": {
                                "Type": "Pass",
                                "Parameters": {"value.$": "$.value", "double.$": "States.MathAdd($.value, $.value)"},
                                "Next": "Size"
                            },
                            "Size": {
                                "Type": "Choice",
                                "Choices": [{"Variable": "$.double", "NumericGreaterThan": 10000, "Next": "Big"}],
                                "Default": "Small"
                            },
                            "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": true},
                            "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": true}
                        }
                    },
                    "End": true
                }
            }
        }),
        Lang::Jsonata => json!({
            "QueryLanguage": "JSONata",
            "StartAt": "Each",
            "States": {
                "Each": {
                    "Type": "Map",
                    "Items": "{% $states.input.items %}",
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "INLINE"},
                        "StartAt": "Double",
                        "States": {
                            "Double": {
                                "Type": "Pass",
                                "Output": {"value": "{% $states.input.value %}", "double": "{% $states.input.value * 2 %}"},
                                "Next": "Size"
                            },
                            "Size": {
                                "Type": "Choice",
                                "Choices": [{"Condition": "{% $states.input.double > 10000 %}", "Next": "Big"}],
                                "Default": "Small"
                            },
                            "Big": {"Type": "Pass", "Output": "{% $merge([$states.input, {'size': 'big'}]) %}", "End": true},
                            "Small": {"Type": "Pass", "Output": "{% $merge([$states.input, {'size': 'small'}]) %}", "End": true}
                        }
                    },
                    "End": true
                }
            }
        }),
    };
    StateMachine::from_value(definition).expect("the Map bench definition parses")
}

fn input(items: usize) -> Value {
    json!({"items": (0..items).map(|i| json!({"value": i})).collect::<Vec<_>>()})
}

fn run_map(lang: Lang, items: usize) -> ExecutionResult {
    let rt = runtime();
    execute(&rt, machine(lang), input(items))
}

pub fn report(items: usize) {
    for (lang, name) in [(Lang::JsonPath, "JSONPath"), (Lang::Jsonata, "JSONata")] {
        report_one(lang, name, items);
    }
}

fn report_one(lang: Lang, name: &str, items: usize) {
    let run_map = |n| run_map(lang, n);
    let (spent, result) = timed(1, || run_map(items));
    println!("\n== Map: inline Map over {items} items (Pass → Choice → Pass per item), {name} ==");
    println!(
        "{items} items: {} {} after {} history events, {:.1} ms ({:.0} items/s attempted)",
        result.status.as_str(),
        result.error.as_deref().unwrap_or(""),
        result.history.len(),
        spent.as_secs_f64() * 1e3,
        items as f64 / spent.as_secs_f64()
    );
    if let Some(cause) = &result.cause {
        println!("  cause: {cause}");
    }
    let fits = match largest_fitting(run_map) {
        Ok(n) => n,
        Err(e) => return println!("largest Map that fits: {e}"),
    };
    let (spent, result) = timed(3, || run_map(fits));
    println!(
        "largest Map that fits the 25,000-event history: {fits} items, {} in {:.1} ms, {:.0} items/s, {} events",
        result.status.as_str(),
        spent.as_secs_f64() * 1e3,
        fits as f64 / spent.as_secs_f64(),
        result.history.len()
    );
}
