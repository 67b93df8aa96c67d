//! The drawing's model, read out of an ASL definition: states, transitions (Next, Default, Choice branches with
//! their conditions, Catch edges with their errors), Retry notes, and Parallel branches and Map processors as
//! nested flows. Renderers only read this.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// `Next`, `Default` or a Choice branch.
    Flow,
    /// A `Catch` that recovers to another state.
    Catch,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    pub kind: EdgeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// A renderer-safe identifier (`s1`, `s2`, ...) in definition order.
    pub id: String,
    pub name: String,
    /// The ASL state type: `Task`, `Choice`, ...
    pub kind: String,
    /// One line per `Retry` rule: `retry States.Timeout x3`.
    pub notes: Vec<String>,
    /// The branches of a Parallel, the processor of a Map.
    pub children: Vec<Flow>,
    /// The state ends its flow (`End`, `Succeed`, `Fail`).
    pub terminal: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// `f0` for the machine itself, then `f1`, ... for nested flows.
    pub id: String,
    pub label: String,
    /// The node id of `StartAt`, when it names a state.
    pub start: Option<String>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Reads a definition into a flow. Names that do not resolve (a `Next` to no state) are left out: the validator,
/// not the drawing, reports them.
pub fn read(definition: &Value, label: &str) -> Flow {
    let mut counter = Counter::default();
    flow(definition, label, &mut counter)
}

#[derive(Default)]
struct Counter {
    nodes: usize,
    flows: usize,
}

fn flow(machine: &Value, label: &str, counter: &mut Counter) -> Flow {
    let id = format!("f{}", counter.flows);
    counter.flows += 1;
    let states: Vec<(&String, &Value)> =
        machine.get("States").and_then(Value::as_object).map(|s| s.iter().collect()).unwrap_or_default();
    let ids: Vec<(String, String)> = states
        .iter()
        .map(|(name, _)| {
            counter.nodes += 1;
            ((*name).clone(), format!("s{}", counter.nodes))
        })
        .collect();
    let lookup = |name: &str| ids.iter().find(|(n, _)| n == name).map(|(_, id)| id.clone());
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for ((name, state), (_, node_id)) in states.iter().zip(&ids) {
        let kind = state.get("Type").and_then(Value::as_str).unwrap_or("?").to_string();
        let mut edge = |to: Option<&str>, label: Option<String>, kind: EdgeKind| {
            if let Some(target) = to.and_then(lookup) {
                edges.push(Edge { from: node_id.clone(), to: target, label, kind });
            }
        };
        for (i, choice) in state.get("Choices").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let label = condition(choice).unwrap_or_else(|| format!("choice {}", i + 1));
            edge(choice.get("Next").and_then(Value::as_str), Some(label), EdgeKind::Flow);
        }
        if let Some(default) = state.get("Default").and_then(Value::as_str) {
            edge(Some(default), Some("default".into()), EdgeKind::Flow);
        }
        edge(state.get("Next").and_then(Value::as_str), None, EdgeKind::Flow);
        for catch in state.get("Catch").and_then(Value::as_array).into_iter().flatten() {
            edge(catch.get("Next").and_then(Value::as_str), Some(errors(catch)), EdgeKind::Catch);
        }
        let notes = state
            .get("Retry")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|r| {
                let attempts = r.get("MaxAttempts").and_then(Value::as_u64).unwrap_or(3);
                format!("retry {} x{attempts}", errors(r))
            })
            .collect();
        let mut children = Vec::new();
        for (i, branch) in state.get("Branches").and_then(Value::as_array).into_iter().flatten().enumerate() {
            children.push(flow(branch, &format!("{name} branch {}", i + 1), counter));
        }
        if let Some(processor) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
            let mode = processor.pointer("/ProcessorConfig/Mode").and_then(Value::as_str).unwrap_or("INLINE");
            children.push(flow(processor, &format!("{name} per item ({})", mode.to_ascii_lowercase()), counter));
        }
        let terminal = matches!(kind.as_str(), "Succeed" | "Fail") || state.get("End") == Some(&Value::Bool(true));
        nodes.push(Node { id: node_id.clone(), name: (*name).clone(), kind, notes, children, terminal });
    }
    let start = machine.get("StartAt").and_then(Value::as_str).and_then(lookup);
    Flow { id, label: label.to_string(), start, nodes, edges }
}

fn errors(rule: &Value) -> String {
    let names: Vec<&str> =
        rule.get("ErrorEquals").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    names.join(", ")
}

/// A Choice rule as text: a JSONata `Condition` without its `{% %}`, or a JSONPath comparison.
fn condition(rule: &Value) -> Option<String> {
    if let Some(c) = rule.get("Condition").and_then(Value::as_str) {
        let inner = c.trim().strip_prefix("{%").and_then(|s| s.strip_suffix("%}")).unwrap_or(c);
        return Some(inner.trim().to_string());
    }
    jsonpath_rule(rule)
}

fn jsonpath_rule(rule: &Value) -> Option<String> {
    let object = rule.as_object()?;
    for (op, joiner) in [("And", " and "), ("Or", " or ")] {
        if let Some(rules) = object.get(op).and_then(Value::as_array) {
            let parts: Option<Vec<String>> = rules.iter().map(jsonpath_rule).collect();
            return parts.map(|p| format!("({})", p.join(joiner)));
        }
    }
    if let Some(inner) = object.get("Not") {
        return jsonpath_rule(inner).map(|r| format!("not {r}"));
    }
    let variable = object.get("Variable")?.as_str()?;
    let (op, value) = object.iter().find(|(k, _)| !matches!(k.as_str(), "Variable" | "Next"))?;
    Some(format!("{variable} {op} {value}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn choices_catches_retries_and_nested_flows() {
        let def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 3, "Next": "B"}], "Default": "C"},
            "B": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}],
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
                  "Catch": [{"ErrorEquals": ["Boom"], "Next": "C"}], "Next": "C"},
            "C": {"Type": "Succeed"}}});
        let f = read(&def, "m");
        assert_eq!(f.start.as_deref(), Some("s1"));
        let labels: Vec<_> =
            f.edges.iter().map(|e| (e.from.as_str(), e.to.as_str(), e.label.clone(), e.kind)).collect();
        assert_eq!(
            labels,
            [
                ("s1", "s2", Some("$.n NumericGreaterThan 3".into()), EdgeKind::Flow),
                ("s1", "s3", Some("default".into()), EdgeKind::Flow),
                ("s2", "s3", None, EdgeKind::Flow),
                ("s2", "s3", Some("Boom".into()), EdgeKind::Catch),
            ]
        );
        assert_eq!(f.nodes[1].notes, ["retry States.ALL x2"]);
        assert_eq!(f.nodes[1].children[0].label, "B branch 1");
        assert_eq!(f.nodes[1].children[0].nodes[0].id, "s4");
        assert!(f.nodes[2].terminal);
    }
}
