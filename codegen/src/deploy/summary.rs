//! The change set as a person reads it before saying yes: one line per resource, Add/Modify/Remove, with the
//! logical ID, the type and, for a modification, whether the resource is replaced.

use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub action: String,
    pub logical_id: String,
    pub resource_type: String,
    /// `True`, `False` or `Conditional`; only for `Modify`.
    pub replacement: Option<String>,
}

impl Change {
    pub fn from_sdk(change: &aws_sdk_cloudformation::types::Change) -> Option<Change> {
        let rc = change.resource_change.as_ref()?;
        Some(Change {
            action: rc.action.as_ref().map(|a| a.as_str().to_string()).unwrap_or_else(|| "Unknown".into()),
            logical_id: rc.logical_resource_id.clone().unwrap_or_default(),
            resource_type: rc.resource_type.clone().unwrap_or_default(),
            replacement: rc.replacement.as_ref().map(|r| r.as_str().to_string()),
        })
    }

    /// A replaced stateful resource loses its data unless retained; worth a warning before confirming.
    pub fn replaces(&self) -> bool {
        self.action == "Modify" && matches!(self.replacement.as_deref(), Some("True" | "Conditional"))
    }
}

pub fn render(stack: &str, changes: &[Change]) -> String {
    let mut out = format!("Changes to stack {stack} ({}):\n", changes.len());
    let id_width = changes.iter().map(|c| c.logical_id.len()).max().unwrap_or(0);
    let type_width = changes.iter().map(|c| c.resource_type.len()).max().unwrap_or(0);
    for c in changes {
        let replacement = match (&c.replacement, c.action.as_str()) {
            (Some(r), "Modify") => format!("  Replacement: {r}"),
            _ => String::new(),
        };
        let line =
            format!("  {:<7} {:<id_width$}  {:<type_width$}{replacement}", c.action, c.logical_id, c.resource_type);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let (add, modify, remove) = counts(changes);
    let _ = writeln!(out, "  {add} to add, {modify} to modify, {remove} to remove");
    let replaced: Vec<&str> = changes.iter().filter(|c| c.replaces()).map(|c| c.logical_id.as_str()).collect();
    if !replaced.is_empty() {
        let _ = writeln!(out, "  warning: replaced (new physical resource): {}", replaced.join(", "));
    }
    out
}

fn counts(changes: &[Change]) -> (usize, usize, usize) {
    let n = |a: &str| changes.iter().filter(|c| c.action == a).count();
    (n("Add"), n("Modify"), n("Remove"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(action: &str, id: &str, kind: &str, replacement: Option<&str>) -> Change {
        Change {
            action: action.into(),
            logical_id: id.into(),
            resource_type: kind.into(),
            replacement: replacement.map(Into::into),
        }
    }

    #[test]
    fn lists_each_change_with_replacement_for_modifications() {
        let text = render(
            "svc-dev",
            &[
                change("Add", "NewFunction", "AWS::Lambda::Function", None),
                change("Modify", "UsersTable", "AWS::DynamoDB::Table", Some("True")),
                change("Remove", "Old", "AWS::SQS::Queue", None),
            ],
        );
        assert_eq!(
            text,
            "Changes to stack svc-dev (3):\n\
             \x20 Add     NewFunction  AWS::Lambda::Function\n\
             \x20 Modify  UsersTable   AWS::DynamoDB::Table   Replacement: True\n\
             \x20 Remove  Old          AWS::SQS::Queue\n\
             \x20 1 to add, 1 to modify, 1 to remove\n\
             \x20 warning: replaced (new physical resource): UsersTable\n"
        );
    }
}
