//! `lambdaform graph`: Mermaid and DOT pinned for a small machine that has every construct drawn (Choice with a
//! condition, Catch, Retry, Parallel branches, a Map processor, Succeed and Fail); the SVG of the fixture's order
//! workflow is well-formed XML naming every state; the command finds machines in a manifest file.

use std::process::Command;

use lambdaform_codegen::graph::{render, Format};
use serde_json::{json, Value};

fn small() -> Value {
    json!({"QueryLanguage": "JSONata", "StartAt": "Validate", "States": {
        "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "${function:validate}"},
            "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 3}],
            "Catch": [{"ErrorEquals": ["InvalidOrder"], "Next": "Rejected"}], "Next": "Amount"},
        "Amount": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.amount > 1000 %}", "Next": "Both"}],
            "Default": "Items"},
        "Both": {"Type": "Parallel", "Next": "Items", "Branches": [
            {"StartAt": "Charge", "States": {"Charge": {"Type": "Pass", "End": true}}},
            {"StartAt": "Reserve", "States": {"Reserve": {"Type": "Pass", "End": true}}}]},
        "Items": {"Type": "Map", "Next": "Done",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Pack", "States": {"Pack": {"Type": "Pass", "End": true}}}},
        "Done": {"Type": "Succeed"},
        "Rejected": {"Type": "Fail", "Error": "Rejected"}}})
}

const MERMAID: &str = r#"flowchart TD
  f0_start((start))
  f0_end((end))
  s1["Validate<br/>(Task)<br/>retry Lambda.ServiceException x3"]
  s2{"Amount<br/>(Choice)"}
  s3["Both<br/>(Parallel)"]
  subgraph f1["Both branch 1"]
    direction TB
    s7["Charge<br/>(Pass)"]
  end
  subgraph f2["Both branch 2"]
    direction TB
    s8["Reserve<br/>(Pass)"]
  end
  s4["Items<br/>(Map)"]
  subgraph f3["Items per item (inline)"]
    direction TB
    s9["Pack<br/>(Pass)"]
  end
  s5(["Done<br/>(Succeed)"])
  s6(["Rejected<br/>(Fail)"])
  f0_start --> s1
  s5 --> f0_end
  s6 --> f0_end
  s3 --> s7
  s3 --> s8
  s4 --> s9
  s1 --> s2
  s1 -.->|"InvalidOrder"| s6
  s2 -->|"$states.input.amount #gt; 1000"| s3
  s2 -->|"default"| s4
  s3 --> s4
  s4 --> s5
"#;

const DOT: &str = r#"digraph "small" {
  rankdir=TB;
  node [shape=box, style=rounded, fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  f0_start [shape=circle, label="", width=0.2, style=filled, fillcolor=black];
  f0_end [shape=doublecircle, label="", width=0.2];
  s1 [label="Validate\n(Task)\nretry Lambda.ServiceException x3"];
  s2 [label="Amount\n(Choice)", shape=diamond];
  s3 [label="Both\n(Parallel)"];
  subgraph cluster_f1 {
    label="Both branch 1";
    style=dashed;
    s7 [label="Charge\n(Pass)"];
  }
  subgraph cluster_f2 {
    label="Both branch 2";
    style=dashed;
    s8 [label="Reserve\n(Pass)"];
  }
  s4 [label="Items\n(Map)"];
  subgraph cluster_f3 {
    label="Items per item (inline)";
    style=dashed;
    s9 [label="Pack\n(Pass)"];
  }
  s5 [label="Done\n(Succeed)", shape=box, style="rounded,bold"];
  s6 [label="Rejected\n(Fail)", shape=box, style="rounded,bold"];
  f0_start -> s1;
  s5 -> f0_end;
  s6 -> f0_end;
  s3 -> s7;
  s3 -> s8;
  s4 -> s9;
  s1 -> s2;
  s1 -> s6 [label="InvalidOrder", style=dashed];
  s2 -> s3 [label="$states.input.amount > 1000"];
  s2 -> s4 [label="default"];
  s3 -> s4;
  s4 -> s5;
}
"#;

#[test]
fn mermaid_is_pinned() {
    assert_eq!(render("small", &small(), Format::Mermaid), MERMAID);
}

#[test]
fn dot_is_pinned() {
    assert_eq!(render("small", &small(), Format::Dot), DOT);
}

fn fixture() -> lambdaform_manifest::Manifest {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/manifests/orders.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Checks that `svg` is well-formed XML: tokens parse and every element closes in order.
fn well_formed(svg: &str) -> Result<usize, String> {
    let mut open: Vec<String> = Vec::new();
    let mut elements = 0;
    for token in xmlparser::Tokenizer::from(svg) {
        match token.map_err(|e| e.to_string())? {
            xmlparser::Token::ElementStart { local, .. } => {
                open.push(local.as_str().to_string());
                elements += 1;
            }
            xmlparser::Token::ElementEnd { end, .. } => match end {
                xmlparser::ElementEnd::Open => {}
                xmlparser::ElementEnd::Empty => {
                    open.pop();
                }
                xmlparser::ElementEnd::Close(_, name) => {
                    let top = open.pop().ok_or("a close without an open")?;
                    if top != name.as_str() {
                        return Err(format!("</{}> closes <{top}>", name.as_str()));
                    }
                }
            },
            _ => {}
        }
    }
    if open.is_empty() {
        Ok(elements)
    } else {
        Err(format!("unclosed: {open:?}"))
    }
}

/// Every state name in a definition, nested ones included.
fn state_names(def: &Value, out: &mut Vec<String>) {
    if let Some(states) = def.get("States").and_then(Value::as_object) {
        for (name, state) in states {
            out.push(name.clone());
            for branch in state.get("Branches").and_then(Value::as_array).into_iter().flatten() {
                state_names(branch, out);
            }
            if let Some(p) = state.get("ItemProcessor") {
                state_names(p, out);
            }
        }
    }
}

#[test]
fn svg_of_every_fixture_machine_is_well_formed_and_names_every_state() {
    for machine in fixture().state_machines {
        let svg = render(&machine.name, &machine.definition, Format::Svg);
        let elements = well_formed(&svg).unwrap_or_else(|e| panic!("{}: {e}", machine.name));
        let mut names = Vec::new();
        state_names(&machine.definition, &mut names);
        for name in &names {
            assert!(svg.contains(&format!(">{name}</text>")), "{}: no {name}", machine.name);
        }
        println!("{}: {} states, {elements} SVG elements, {} bytes", machine.name, names.len(), svg.len());
        assert_eq!(svg, render(&machine.name, &machine.definition, Format::Svg), "deterministic");
    }
    assert!(well_formed("<svg><g></svg>").is_err(), "the checker itself catches a misnested element");
}

#[test]
fn svg_escapes_conditions() {
    let svg = render("a&b", &small(), Format::Svg);
    well_formed(&svg).unwrap();
    assert!(svg.contains("$states.input.amount &gt; 1000"));
    assert!(svg.contains("<title>a&amp;b</title>"));
}

#[test]
fn the_command_draws_a_machine_of_a_manifest_file() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/manifests/orders.json");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_lambdaform")).arg("graph").args(args).output().unwrap();
    let out = run(&["order_workflow", "--manifest", manifest, "--format", "dot"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let m = fixture();
    let expected = render("order_workflow", &m.state_machine("order_workflow").unwrap().definition, Format::Dot);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);

    let out = run(&["nope", "--manifest", manifest]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no state machine `nope`; it has: audit, nightly_export, order_workflow"), "{err}");
}
