//! The workflow example (`examples/order-workflow`, `#[state_machine]`) deployed to `moto_server`: the stack is
//! created, each state machine exists in Step Functions with the definition the manifest declares, every
//! placeholder resolved (no `${...}` left) and every Lambda ARN in it naming a function of the stack; then the
//! stack is removed. Skipped, with a printed line, while the example is not in the workspace.

mod deploy_support;

use std::collections::BTreeSet;
use std::time::Instant;

use deploy_support::{code, example_exists, lambdaform, stderr, write_manifest, Clients, Example, Moto, TempDir};
use lambdaform_codegen::deploy::names::stack_name;
use serde_json::Value;

const EXAMPLE: &str = "order-workflow";
const STATE_MACHINE: &str = "AWS::StepFunctions::StateMachine";

/// The state names of a definition, nested ones (Parallel branches, Map item processors) included.
fn state_names(definition: &Value, names: &mut BTreeSet<String>) {
    match definition {
        Value::Object(map) => {
            if let Some(Value::Object(states)) = map.get("States") {
                names.extend(states.keys().cloned());
            }
            map.values().for_each(|v| state_names(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| state_names(v, names)),
        _ => {}
    }
}

/// The function names of the Lambda ARNs in a definition (`arn:aws:lambda:<region>:<account>:function:<name>`).
fn lambda_names(definition: &str) -> Vec<String> {
    definition
        .match_indices(":function:")
        .filter(|(at, _)| definition[..*at].rsplit('"').next().is_some_and(|s| s.starts_with("arn:aws:lambda:")))
        .map(|(at, m)| {
            let rest = &definition[at + m.len()..];
            rest[..rest.find(['"', ':']).unwrap_or(rest.len())].to_string()
        })
        .collect()
}

#[test]
fn deploy_the_workflow_example_on_moto() {
    if !example_exists(EXAMPLE) {
        println!("skip: examples/{EXAMPLE} is not in the workspace yet, so there is no workflow to deploy");
        return;
    }
    let t0 = Instant::now();
    let dir = TempDir::new("deploy-workflow");
    let example = Example::build(EXAMPLE, dir.path());
    let machines = &example.manifest.state_machines;
    assert!(!machines.is_empty(), "{EXAMPLE} declares no state machine");
    let manifest = write_manifest(dir.path(), "manifest.json", &example.manifest);
    let service = example.manifest.service.clone();
    let stack = stack_name(&service, "test");

    let moto = Moto::start();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let aws = Clients::new(&moto.endpoint);

    let t = Instant::now();
    let args = ["deploy", "--manifest", &manifest, "--artifact", &example.zip, "--stage", "test", "--yes"];
    let created = lambdaform(&args, &moto.endpoint);
    let create_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    assert_eq!(rt.block_on(aws.status(&stack)), "CREATE_COMPLETE");

    let resources = rt.block_on(aws.resources(&stack));
    let functions: BTreeSet<&str> = resources
        .values()
        .filter(|(_, kind)| kind == "AWS::Lambda::Function")
        .map(|(physical, _)| physical.as_str())
        .collect();
    let deployed: Vec<&String> =
        resources.values().filter(|(_, kind)| kind == STATE_MACHINE).map(|(physical, _)| physical).collect();
    assert_eq!(deployed.len(), machines.len(), "one {STATE_MACHINE} per #[state_machine]: {resources:?}");

    let mut declared = BTreeSet::new();
    machines.iter().for_each(|m| state_names(&m.definition, &mut declared));
    let mut found = BTreeSet::new();
    for arn in deployed {
        let machine = rt.block_on(aws.sfn.describe_state_machine().state_machine_arn(arn).send());
        let machine = machine.unwrap_or_else(|e| panic!("{arn} is not in Step Functions: {e:?}"));
        let definition = machine.definition();
        assert!(!definition.contains("${"), "unresolved placeholder in {arn}: {definition}");
        for name in lambda_names(definition) {
            assert!(functions.contains(name.as_str()), "{arn} calls {name}, not a function of {stack}: {functions:?}");
        }
        let parsed: Value = serde_json::from_str(definition).expect("the deployed definition is JSON");
        state_names(&parsed, &mut found);
    }
    assert_eq!(found, declared, "the deployed states are not the manifest's");

    let t = Instant::now();
    let removed = lambdaform(&["remove", "--service", &service, "--stage", "test", "--yes"], &moto.endpoint);
    let remove_secs = t.elapsed().as_secs_f64();
    assert_eq!(code(&removed), 0, "{}", stderr(&removed));
    assert!(!rt.block_on(aws.stack_exists(&stack)), "stack still there");

    println!(
        "durations (s): {EXAMPLE} build {:.1}, create {create_secs:.1} ({} state machine(s), {} resources), \
         remove {remove_secs:.1}, total {:.1}",
        example.build_secs,
        machines.len(),
        resources.len(),
        t0.elapsed().as_secs_f64()
    );
}

#[test]
fn lambda_arns_are_read_out_of_a_definition() {
    let definition = r#"{"A":{"Arguments":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:shop-test-charge:$LATEST"}},
        "B":{"Resource":"arn:aws:lambda:us-east-1:123456789012:function:shop-test-ship"},"C":"x:function:y"}"#;
    assert_eq!(lambda_names(definition), ["shop-test-charge", "shop-test-ship"]);
}
