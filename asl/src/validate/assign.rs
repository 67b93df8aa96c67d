//! `Assign`: workflow variables, whose names must be identifiers JSONata and JSONPath can reference.

use serde_json::Value;

use super::jsonata;
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::template;
use super::values;

/// AWS caps variable names at 80 characters.
const MAX_NAME: usize = 80;

/// `$states` is how JSONata reads the state's input, result and context: a variable cannot shadow it.
const RESERVED: &[&str] = &["states"];

pub(crate) fn check(v: &Value, at: &Ptr, scope: Scope, r: &mut Report) {
    let Some(fields) = values::object(v, at, r) else {
        return;
    };
    for (key, value) in fields {
        let here = at.key(key);
        match scope.lang {
            Lang::JsonPath => match key.strip_suffix(".$") {
                Some(name) => {
                    check_name(name, &here, r);
                    template::check_dynamic(value, &here, r);
                }
                None => {
                    check_name(key, &here, r);
                    template::check_payload(value, &here, r);
                }
            },
            Lang::Jsonata => {
                check_name(key, &here, r);
                jsonata::check_template(value, &here, r);
            }
        }
    }
}

fn check_name(name: &str, at: &Ptr, r: &mut Report) {
    let mut chars = name.chars();
    let well_formed =
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_');
    if !well_formed {
        r.push(
            at,
            format!("variable name '{name}' must start with a letter or '_' and contain only letters, digits and '_'"),
        );
    } else if name.chars().count() > MAX_NAME {
        r.push(at, format!("variable name '{name}' is longer than {MAX_NAME} characters"));
    } else if RESERVED.contains(&name) {
        r.push(at, format!("variable name '{name}' is reserved ($states holds the state's input, result and context)"));
    }
}
