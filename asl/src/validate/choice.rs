//! Choice states: rules with exactly one comparison (JSONPath) or a `Condition` (JSONata).

use serde_json::{Map, Value};

use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{assign, jsonata, timestamp, values};

/// What a comparison operator compares the variable with.
#[derive(Clone, Copy)]
enum Operand {
    Str,
    Num,
    Bool,
    Time,
    Path,
}

const OPERATORS: &[(&str, Operand)] = &[
    ("StringEquals", Operand::Str),
    ("StringLessThan", Operand::Str),
    ("StringGreaterThan", Operand::Str),
    ("StringLessThanEquals", Operand::Str),
    ("StringGreaterThanEquals", Operand::Str),
    ("StringMatches", Operand::Str),
    ("NumericEquals", Operand::Num),
    ("NumericLessThan", Operand::Num),
    ("NumericGreaterThan", Operand::Num),
    ("NumericLessThanEquals", Operand::Num),
    ("NumericGreaterThanEquals", Operand::Num),
    ("BooleanEquals", Operand::Bool),
    ("TimestampEquals", Operand::Time),
    ("TimestampLessThan", Operand::Time),
    ("TimestampGreaterThan", Operand::Time),
    ("TimestampLessThanEquals", Operand::Time),
    ("TimestampGreaterThanEquals", Operand::Time),
    ("StringEqualsPath", Operand::Path),
    ("StringLessThanPath", Operand::Path),
    ("StringGreaterThanPath", Operand::Path),
    ("StringLessThanEqualsPath", Operand::Path),
    ("StringGreaterThanEqualsPath", Operand::Path),
    ("NumericEqualsPath", Operand::Path),
    ("NumericLessThanPath", Operand::Path),
    ("NumericGreaterThanPath", Operand::Path),
    ("NumericLessThanEqualsPath", Operand::Path),
    ("NumericGreaterThanEqualsPath", Operand::Path),
    ("BooleanEqualsPath", Operand::Path),
    ("TimestampEqualsPath", Operand::Path),
    ("TimestampLessThanPath", Operand::Path),
    ("TimestampGreaterThanPath", Operand::Path),
    ("TimestampLessThanEqualsPath", Operand::Path),
    ("TimestampGreaterThanEqualsPath", Operand::Path),
    ("IsNull", Operand::Bool),
    ("IsPresent", Operand::Bool),
    ("IsNumeric", Operand::Bool),
    ("IsString", Operand::Bool),
    ("IsBoolean", Operand::Bool),
    ("IsTimestamp", Operand::Bool),
];

const COMBINATORS: &[&str] = &["And", "Or", "Not"];

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    if let Some(v) = state.get("Default") {
        values::string(v, &at.key("Default"), r);
    }
    let Some(v) = state.get("Choices") else {
        r.push(at, "'Choices' is required in a Choice state");
        return;
    };
    let here = at.key("Choices");
    let Some(rules) = values::array(v, &here, r) else {
        return;
    };
    if rules.is_empty() {
        r.push(&here, "a Choice state needs at least one rule");
    }
    for (i, rule) in rules.iter().enumerate() {
        let at = here.index(i);
        if let Some(fields) = values::object(rule, &at, r) {
            match scope.lang {
                Lang::JsonPath => jsonpath_rule(fields, &at, true, scope, r),
                Lang::Jsonata => jsonata_rule(fields, &at, scope, r),
            }
        }
    }
}

fn jsonata_rule(rule: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    for required in ["Condition", "Next"] {
        if !rule.contains_key(required) {
            r.push(at, format!("a JSONata Choice rule needs '{required}'"));
        }
    }
    for (k, v) in rule {
        let here = at.key(k);
        match k.as_str() {
            "Condition" => match v {
                Value::Bool(_) => {}
                Value::String(s) => jsonata::check_required_expression(s, &here, r),
                other => r.push(
                    &here,
                    format!("must be a boolean or a JSONata expression, found {}", values::kind_of(other)),
                ),
            },
            "Next" | "Comment" => {
                values::string(v, &here, r);
            }
            "Output" => jsonata::check_template(v, &here, r),
            "Assign" => assign::check(v, &here, scope, r),
            _ if k == "Variable" || is_jsonpath_rule_field(k) => r.push(
                &here,
                format!("field '{k}' is not supported when the query language is JSONata; write a 'Condition' instead"),
            ),
            _ => r.push(&here, format!("unknown field '{k}' in a Choice rule")),
        }
    }
}

fn is_jsonpath_rule_field(k: &str) -> bool {
    COMBINATORS.contains(&k) || OPERATORS.iter().any(|(op, _)| *op == k)
}

fn jsonpath_rule(rule: &Map<String, Value>, at: &Ptr, top: bool, scope: Scope, r: &mut Report) {
    let mut tests: Vec<&str> = Vec::new();
    // A misspelt operator already explains a missing comparison; do not report it twice.
    let mut unknown = false;
    for (k, v) in rule {
        let here = at.key(k);
        match k.as_str() {
            "Next" | "Assign" if !top => {
                r.push(&here, format!("'{k}' belongs on a top-level Choice rule, not inside And, Or or Not"))
            }
            "Next" | "Comment" => {
                values::string(v, &here, r);
            }
            "Assign" => assign::check(v, &here, scope, r),
            "Variable" => {
                if let Some(s) = values::string(v, &here, r) {
                    paths::check(s, PathKind::Any, &here, r);
                }
            }
            "And" | "Or" => {
                tests.push(k);
                if let Some(items) = values::array(v, &here, r) {
                    if items.is_empty() {
                        r.push(&here, format!("'{k}' needs at least one rule"));
                    }
                    for (i, item) in items.iter().enumerate() {
                        if let Some(fields) = values::object(item, &here.index(i), r) {
                            jsonpath_rule(fields, &here.index(i), false, scope, r);
                        }
                    }
                }
            }
            "Not" => {
                tests.push(k);
                if let Some(fields) = values::object(v, &here, r) {
                    jsonpath_rule(fields, &here, false, scope, r);
                }
            }
            "Condition" | "Output" => {
                unknown = true;
                r.push(
                &here,
                format!("field '{k}' is not supported when the query language is JSONPath (set \"QueryLanguage\": \"JSONata\" to use it)"),
            );
            }
            _ => match OPERATORS.iter().find(|(op, _)| *op == k) {
                Some((_, operand)) => {
                    tests.push(k);
                    check_operand(*operand, v, &here, r);
                }
                None => {
                    unknown = true;
                    r.push(&here, format!("unknown field '{k}' in a Choice rule"));
                }
            },
        }
    }
    if top && !rule.contains_key("Next") {
        r.push(at, "a Choice rule needs 'Next'");
    }
    let combinator = tests.iter().any(|t| COMBINATORS.contains(t));
    match tests.len() {
        0 if unknown => {}
        0 => r.push(
            at,
            "a Choice rule needs one comparison ('Variable' and an operator such as StringEquals) or one of And, Or, Not",
        ),
        1 if combinator && rule.contains_key("Variable") => r.push(
            &at.key("Variable"),
            format!("'Variable' does not go with '{}'; put it in the nested rules", tests[0]),
        ),
        1 if !combinator && !rule.contains_key("Variable") => {
            r.push(at, format!("'{}' needs a 'Variable' to compare", tests[0]))
        }
        1 => {}
        _ => r.push(
            at,
            format!("a Choice rule must have exactly one comparison operator or combinator, found {}", tests.join(", ")),
        ),
    }
}

fn check_operand(operand: Operand, v: &Value, at: &Ptr, r: &mut Report) {
    match operand {
        Operand::Str => {
            values::string(v, at, r);
        }
        Operand::Num => {
            if !v.is_number() {
                r.push(at, format!("must be a number, found {}", values::kind_of(v)));
            }
        }
        Operand::Bool => {
            values::boolean(v, at, r);
        }
        Operand::Time => {
            if let Some(s) = values::string(v, at, r) {
                if let Some(why) = timestamp::rfc3339_error(s) {
                    r.push(at, format!("'{s}' {why}"));
                }
            }
        }
        Operand::Path => {
            if let Some(s) = values::string(v, at, r) {
                paths::check(s, PathKind::Reference, at, r);
            }
        }
    }
}
