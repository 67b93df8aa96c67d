//! ARNs of state machines and their executions, spelled from the deterministic deployed name
//! (`names::state_machine_name_pattern`) so a role or definition can name a machine without depending on it.

use lambdaform_manifest::StateMachine;
use serde_json::Value;

use super::super::intrinsic::sub;
use super::super::names;

const STATES: &str = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}";

pub fn machine(service: &str, m: &StateMachine) -> Value {
    sub(format!("{STATES}:stateMachine:{}", names::state_machine_name_pattern(service, m)))
}

/// Every execution of `m`: what `.sync` describes and stops.
pub fn executions(service: &str, m: &StateMachine) -> Value {
    sub(format!("{STATES}:execution:{}:*", names::state_machine_name_pattern(service, m)))
}

/// The child executions of a distributed Map run of `m` (`execution:NAME/MAP_RUN:...`).
pub fn map_run_executions(service: &str, m: &StateMachine) -> Value {
    sub(format!("{STATES}:execution:{}/*", names::state_machine_name_pattern(service, m)))
}

/// The managed EventBridge rule through which Step Functions learns that a `.sync` child execution finished.
pub fn sync_rule() -> Value {
    sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")
}
