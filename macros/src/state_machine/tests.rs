//! The compiler on token input: each case's body → its expected ASL (references rendered by name).

use serde_json::{json, Value};

use super::*;

/// The definition `#[state_machine(attr)]` makes of `item`, or every error message.
pub fn compile_to_json(attr: &str, item: &str) -> Result<Value, Vec<String>> {
    let mut f: syn::ItemFn = syn::parse_str(item).map_err(|e| vec![e.to_string()])?;
    let mut errors = Errors::default();
    let settings = attrs::parse(attr.parse().map_err(|e: proc_macro2::LexError| vec![e.to_string()])?, &mut errors);
    attrs::triggers(&mut f, &mut errors);
    let mut lowering = lower::Lowering {
        names: names::Names::default(),
        errors: &mut errors,
        checks: TokenStream::new(),
        express: settings.kind.0 == MachineKind::Express,
        unbounded: Vec::new(),
    };
    let workflow = lowering.workflow(&mut f);
    let messages = |e: &Errors| e.to_compile_errors().to_string();
    match workflow {
        Some(w) if errors.is_empty() => {
            if limits::history_bound(&w).is_some_and(|b| b > limits::MAX_HISTORY_EVENTS) {
                return Err(vec!["history".into()]);
            }
            let d = asl::definition(&w, "test", settings.timeout.map(|t| t.0));
            Ok(asl::render_for_tests(&d))
        }
        _ => Err(vec![messages(&errors)]),
    }
}

fn ok(item: &str) -> Value {
    compile_to_json("", item).unwrap_or_else(|e| panic!("{e:?}"))
}

fn err(item: &str) -> String {
    match compile_to_json("", item) {
        Ok(v) => panic!("compiled: {v}"),
        Err(e) => e.join("\n"),
    }
}

#[test]
fn a_step_then_success() {
    let def = ok("async fn order(input: Order) -> Result<Receipt, E> {
        let checked = validate(input.clone()).await?;
        Ok(Receipt { id: checked.id, total: checked.amount * 2 })
    }");
    assert_eq!(
        def,
        json!({
            "Comment": "test",
            "QueryLanguage": "JSONata",
            "StartAt": "Start",
            "States": {
                "Start": {"Type": "Pass", "Assign": {"input": "{% $states.input %}"}, "Next": "validate"},
                "validate": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Arguments": {"FunctionName": "${function:validate}", "Payload": "{% $input %}"},
                    "Output": "{% $states.result.Payload %}",
                    "Assign": {"checked": "{% $states.result.Payload %}"},
                    "Next": "Succeed"
                },
                "Succeed": {"Type": "Succeed", "Output": "{% {'id': $checked.id, 'total': $checked.amount * 2} %}"}
            }
        })
    );
}
