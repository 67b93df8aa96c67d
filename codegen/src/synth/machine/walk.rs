//! Walks a definition, nested Parallel branches and Map processors included, and lists what its states ask of
//! AWS on the machine's behalf: the integrations its role must allow. Anything it cannot read a target out of is
//! a problem with a JSON pointer, never a wider grant.

use std::collections::BTreeSet;

use lambdaform_manifest::Placeholder;
use serde_json::Value;

/// A bucket a distributed Map reads or writes: one of the service's own, or one outside the stack by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bucket<'d> {
    Own(&'d str),
    External(&'d str),
}

/// An event bus `events:putEvents` sends to: the account's default bus, one by name, or one by ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bus<'d> {
    Default,
    Named(&'d str),
    Arn(&'d str),
}

/// One permission-bearing use of an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need<'d> {
    /// `lambda:invoke` (and `.waitForTaskToken`) of a function of the service.
    Invoke(&'d str),
    /// A DynamoDB item action (`dynamodb:PutItem`, ...) on a table of the service.
    Table(&'d str, &'static str),
    Publish(&'d str),
    Send(&'d str),
    PutEvents(Bus<'d>),
    /// `states:startExecution` of a machine of the service; `sync` when the task waits for it (`.sync`, `.sync:2`).
    StartExecution {
        machine: &'d str,
        sync: bool,
    },
    /// A distributed Map: the machine starts and watches child executions of itself.
    DistributedMap,
    /// A distributed Map's `ItemReader` reading one object (`s3:getObject`).
    ReadObjects(Bucket<'d>),
    /// A distributed Map's `ItemReader` listing objects (`s3:listObjectsV2`).
    ListObjects(Bucket<'d>),
    /// A distributed Map's `ResultWriter`.
    WriteResults(Bucket<'d>),
}

#[derive(Debug, Default)]
pub struct Walk<'d> {
    pub needs: BTreeSet<Need<'d>>,
    /// `POINTER: message`, the pointer starting with the `at` given to [`walk`].
    pub problems: Vec<String>,
}

/// The integrations of `definition`, whose pointer in the manifest is `at` (`/state_machines/0/definition`).
pub fn walk<'d>(definition: &'d Value, at: &str) -> Walk<'d> {
    let mut w = Walk::default();
    w.machine(definition, at);
    w
}

/// RFC 6901: `~` and `/` inside one reference token.
pub fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

const SUPPORTED: &str = "lambda:invoke, dynamodb:putItem|getItem|updateItem|deleteItem, sns:publish, \
sqs:sendMessage, events:putEvents and states:startExecution";

impl<'d> Walk<'d> {
    fn problem(&mut self, at: &str, message: impl std::fmt::Display) {
        self.problems.push(format!("{at}: {message}"));
    }

    fn machine(&mut self, machine: &'d Value, at: &str) {
        let Some(states) = machine.get("States").and_then(Value::as_object) else { return };
        for (name, state) in states {
            self.state(state, &format!("{at}/States/{}", token(name)));
        }
    }

    fn state(&mut self, state: &'d Value, at: &str) {
        match state.get("Type").and_then(Value::as_str) {
            Some("Task") => self.task(state, at),
            Some("Parallel") => {
                for (i, branch) in state.get("Branches").and_then(Value::as_array).into_iter().flatten().enumerate() {
                    self.machine(branch, &format!("{at}/Branches/{i}"));
                }
            }
            Some("Map") => self.map(state, at),
            _ => {}
        }
    }

    fn map(&mut self, state: &'d Value, at: &str) {
        // `Iterator` is the older spelling of `ItemProcessor`.
        let (field, processor) = match (state.get("ItemProcessor"), state.get("Iterator")) {
            (Some(p), _) => ("ItemProcessor", p),
            (None, Some(p)) => ("Iterator", p),
            (None, None) => return,
        };
        self.machine(processor, &format!("{at}/{field}"));
        let distributed = processor.pointer("/ProcessorConfig/Mode").and_then(Value::as_str) == Some("DISTRIBUTED");
        if !distributed {
            return;
        }
        self.needs.insert(Need::DistributedMap);
        if let Some(reader) = state.get("ItemReader") {
            let at = format!("{at}/ItemReader");
            match (service_action(reader), self.bucket(reader, &at)) {
                (Some("s3:getObject"), Some(b)) => {
                    self.needs.insert(Need::ReadObjects(b));
                }
                (Some("s3:listObjectsV2"), Some(b)) => {
                    self.needs.insert(Need::ListObjects(b));
                }
                (_, None) => {}
                (other, Some(_)) => self.problem(
                    &format!("{at}/Resource"),
                    format!(
                        "synth derives permissions for item readers s3:getObject and s3:listObjectsV2, not `{}`",
                        other.unwrap_or("(none)")
                    ),
                ),
            }
        }
        if let Some(writer) = state.get("ResultWriter") {
            let at = format!("{at}/ResultWriter");
            if writer.get("Resource").is_none() {
                return; // a writer with only a `WriterConfig` changes the output's shape, not where it goes
            }
            match (service_action(writer), self.bucket(writer, &at)) {
                (Some("s3:putObject"), Some(b)) => {
                    self.needs.insert(Need::WriteResults(b));
                }
                (_, None) => {}
                (other, Some(_)) => self.problem(
                    &format!("{at}/Resource"),
                    format!("a result writer writes with s3:putObject, not `{}`", other.unwrap_or("(none)")),
                ),
            }
        }
    }

    /// The `Bucket` argument of an item reader or result writer.
    fn bucket(&mut self, reader: &'d Value, at: &str) -> Option<Bucket<'d>> {
        let (field, args) = arguments(reader);
        let Some(value) = args.and_then(|a| a.get("Bucket")).and_then(Value::as_str) else {
            self.problem(
                at,
                format!("needs a literal `{field}.Bucket` so synth can grant access to that bucket alone"),
            );
            return None;
        };
        let at = format!("{at}/{field}/Bucket");
        if let Some(p) = Placeholder::parse(value) {
            if p.kind == "bucket" {
                return Some(Bucket::Own(p.name));
            }
            self.problem(&at, format!("{p} is not a bucket"));
            return None;
        }
        if value.contains("{%") || value.contains('$') || value.is_empty() {
            self.problem(&at, "the bucket must be `${bucket:NAME}` or a literal bucket name, not an expression");
            return None;
        }
        Some(Bucket::External(value))
    }

    fn task(&mut self, state: &'d Value, at: &str) {
        let Some(resource) = state.get("Resource").and_then(Value::as_str) else { return };
        let Some(action) = service_action(state) else {
            self.problem(
                &format!("{at}/Resource"),
                format!("synth cannot derive the permissions of `{resource}`; state machines may use {SUPPORTED}"),
            );
            return;
        };
        let (base, sync) = match action.split_once('.') {
            Some((base, "sync" | "sync:2")) => (base, true),
            Some((base, "waitForTaskToken")) => (base, false),
            Some(_) => ("", false),
            None => (action, false),
        };
        let need = match base {
            "lambda:invoke" => self.own(state, at, "FunctionName", "function").map(Need::Invoke),
            "dynamodb:putItem" => self.own(state, at, "TableName", "table").map(|t| Need::Table(t, "dynamodb:PutItem")),
            "dynamodb:getItem" => self.own(state, at, "TableName", "table").map(|t| Need::Table(t, "dynamodb:GetItem")),
            "dynamodb:updateItem" => {
                self.own(state, at, "TableName", "table").map(|t| Need::Table(t, "dynamodb:UpdateItem"))
            }
            "dynamodb:deleteItem" => {
                self.own(state, at, "TableName", "table").map(|t| Need::Table(t, "dynamodb:DeleteItem"))
            }
            "sns:publish" => self.own(state, at, "TopicArn", "topic").map(Need::Publish),
            "sqs:sendMessage" => self.own(state, at, "QueueUrl", "queue").map(Need::Send),
            "events:putEvents" => {
                self.buses(state, at);
                None
            }
            "states:startExecution" => self
                .own(state, at, "StateMachineArn", "state_machine")
                .map(|machine| Need::StartExecution { machine, sync }),
            _ => {
                self.problem(
                    &format!("{at}/Resource"),
                    format!("synth cannot derive the permissions of `{resource}`; state machines may use {SUPPORTED}"),
                );
                None
            }
        };
        self.needs.extend(need);
    }

    /// The service item a task argument names through its placeholder.
    fn own(&mut self, state: &'d Value, at: &str, name: &str, kind: &str) -> Option<&'d str> {
        let (field, args) = arguments(state);
        let value = args.and_then(|a| a.get(name)).and_then(Value::as_str);
        match value.and_then(Placeholder::parse) {
            Some(p) if p.kind == kind => Some(p.name),
            _ => {
                self.problem(
                    &format!("{at}/{field}/{name}"),
                    format!("must be `${{{kind}:NAME}}` naming the service's own {kind}, so its role can allow that one alone"),
                );
                None
            }
        }
    }

    fn buses(&mut self, state: &'d Value, at: &str) {
        let (field, args) = arguments(state);
        let Some(entries) = args.and_then(|a| a.get("Entries")).and_then(Value::as_array) else {
            self.problem(
                &format!("{at}/{field}/Entries"),
                "must be a literal array of entries, so synth can see which event buses they go to",
            );
            return;
        };
        for (i, entry) in entries.iter().enumerate() {
            let bus = match entry.get("EventBusName") {
                None => Some(Bus::Default),
                Some(Value::String(b)) if b.starts_with("arn:") => Some(Bus::Arn(b)),
                Some(Value::String(b)) if !b.contains("{%") && !b.contains('$') && !b.is_empty() => Some(Bus::Named(b)),
                Some(_) => None,
            };
            match bus {
                Some(bus) => {
                    self.needs.insert(Need::PutEvents(bus));
                }
                None => self.problem(
                    &format!("{at}/{field}/Entries/{i}/EventBusName"),
                    "must be a literal bus name or ARN (or absent, for the default bus), not an expression",
                ),
            }
        }
    }
}

/// `lambda:invoke.waitForTaskToken` out of `arn:aws:states:::lambda:invoke.waitForTaskToken`, in any partition.
fn service_action(state: &Value) -> Option<&str> {
    let resource = state.get("Resource")?.as_str()?;
    let (prefix, action) = resource.split_once(":states:::")?;
    prefix.starts_with("arn:").then_some(action)
}

/// `Arguments` (JSONata) or `Parameters` (JSONPath), with the field's name for pointers.
fn arguments(state: &Value) -> (&'static str, Option<&serde_json::Map<String, Value>>) {
    match state.get("Arguments") {
        Some(a) => ("Arguments", a.as_object()),
        None => ("Parameters", state.get("Parameters").and_then(Value::as_object)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_branches_and_processors_are_visited() {
        let def = json!({"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Next": "M", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "${function:a}"}, "End": true}}}]},
            "M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "B",
                "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                    "Arguments": {"TopicArn": "${topic:T}"}, "End": true}}}}}});
        let w = walk(&def, "/d");
        assert!(w.problems.is_empty(), "{:?}", w.problems);
        assert_eq!(w.needs.into_iter().collect::<Vec<_>>(), [Need::Invoke("a"), Need::Publish("T")]);
    }

    #[test]
    fn unknown_integrations_and_literal_targets_are_problems_with_pointers() {
        let def = json!({"StartAt": "A", "States": {
            "A/x": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets", "End": true},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "arn:aws:lambda:us-east-1:1:function:x"}, "End": true},
            "C": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                "Arguments": {"Entries": [{"EventBusName": "{% $bus %}"}]}, "End": true}}});
        let w = walk(&def, "/d");
        assert!(w.needs.is_empty());
        assert_eq!(w.problems.len(), 3, "{:?}", w.problems);
        assert!(w.problems[0].starts_with("/d/States/A~1x/Resource: synth cannot derive"), "{}", w.problems[0]);
        assert!(w.problems[1].starts_with("/d/States/B/Arguments/FunctionName: must be `${function:NAME}`"));
        assert!(w.problems[2].starts_with("/d/States/C/Arguments/Entries/0/EventBusName"));
    }

    #[test]
    fn sync_and_callbacks_are_told_apart() {
        let def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Arguments": {"StateMachineArn": "${state_machine:child}"}, "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Arguments": {"FunctionName": "${function:ask}"}, "End": true}}});
        let needs: Vec<_> = walk(&def, "").needs.into_iter().collect();
        assert_eq!(needs, [Need::Invoke("ask"), Need::StartExecution { machine: "child", sync: true }]);
    }
}
