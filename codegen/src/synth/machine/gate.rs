//! The validation gate: before anything is written, every definition (its placeholders replaced by dummy ARNs of
//! the right shape) must pass `lambdaform_asl`'s validator, its integrations must be ones synth can derive a role
//! for, and its triggers ones synth can wire. Problems carry JSON pointers into the manifest.

use lambdaform_asl::validate::{validate_with, MachineKind as AslKind, Options};
use lambdaform_manifest::{ApiKind, Authorizer, Event, MachineKind, Manifest, Placeholder, StateMachine};
use serde_json::{json, Value};

use super::super::names;
use super::substitution::replaced;
use super::walk::walk;

/// AWS's limit on a state machine name.
const NAME_MAX: usize = 80;

pub fn check(m: &Manifest, stage: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, machine) in m.state_machines.iter().enumerate() {
        let at = format!("/state_machines/{i}");
        let name = names::state_machine_name(&m.service, stage, machine);
        if name.len() > NAME_MAX {
            problems.push(format!(
                "{at}/name: deployed name `{name}` is {} characters, over Step Functions' {NAME_MAX}; shorten the service, stage or machine name",
                name.len()
            ));
        }
        let definition_at = format!("{at}/definition");
        let options = Options {
            kind: match machine.kind {
                MachineKind::Standard => AslKind::Standard,
                MachineKind::Express => AslKind::Express,
            },
            allow_substitutions: false,
        };
        let resolved = replaced(&machine.definition, &|p| Some(dummy(m, stage, p)));
        for p in validate_with(&resolved, &options) {
            problems.push(format!("{definition_at}{}: state machine `{}`: {}", p.pointer, machine.name, p.message));
        }
        problems.extend(walk(&machine.definition, &definition_at).problems);
        problems.extend(check_events(machine, &at));
    }
    problems
}

fn check_events(machine: &StateMachine, at: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (j, event) in machine.events.iter().enumerate() {
        let at = format!("{at}/events/{j}");
        match event {
            Event::Http(http) if http.api == ApiKind::Rest => problems.push(format!(
                "{at}/api: state machine `{}`: routes to state machines are served by the HTTP API; write `api = http`",
                machine.name
            )),
            Event::Http(http) if matches!(http.authorizer, Authorizer::Jwt { .. }) => problems.push(format!(
                "{at}/authorizer: state machine `{}`: a JWT authorizer on a state machine route is not supported yet; use `iam` or put the route on a function that starts the machine",
                machine.name
            )),
            Event::Http(_) | Event::Schedule(_) | Event::EventBridge { .. } => {}
            other => problems.push(format!(
                "{at}: state machine `{}`: #[{}] cannot start a state machine; only #[http], #[schedule] and #[event_bridge] can",
                machine.name,
                other.attribute()
            )),
        }
    }
    problems
}

/// A value of the shape the placeholder stands for at deploy time, for the validator.
fn dummy(m: &Manifest, stage: &str, p: &Placeholder) -> Value {
    let deployed = format!("{}-{stage}-{}", m.service, p.name);
    let region_account = "us-east-1:123456789012";
    json!(match p.kind {
        "function" => format!("arn:aws:lambda:{region_account}:function:{deployed}"),
        "topic" => format!("arn:aws:sns:{region_account}:{deployed}"),
        "queue" => format!("https://sqs.us-east-1.amazonaws.com/123456789012/{deployed}"),
        "state_machine" => format!("arn:aws:states:{region_account}:stateMachine:{deployed}"),
        // Tables and buckets stand for their names.
        _ => names::kebab(&deployed),
    })
}
