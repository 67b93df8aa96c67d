//! Which fields each state type accepts, per query language.

use super::scope::Lang;

/// The seven state types, parsed from `Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateType {
    Pass,
    Task,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl StateType {
    pub(crate) const ALL: [StateType; 8] = [
        StateType::Pass,
        StateType::Task,
        StateType::Choice,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Parallel,
        StateType::Map,
    ];

    pub(crate) fn parse(s: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|t| t.name() == s)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            StateType::Pass => "Pass",
            StateType::Task => "Task",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    /// Whether the state moves on with `Next`/`End` (Choice, Succeed and Fail do not).
    pub(crate) fn has_next(self) -> bool {
        !matches!(self, StateType::Choice | StateType::Succeed | StateType::Fail)
    }
}

const COMMON: &[&str] = &["Type", "Comment", "QueryLanguage"];

fn specific(t: StateType, lang: Lang) -> &'static [&'static str] {
    use StateType::*;
    match (lang, t) {
        (Lang::JsonPath, Pass) => {
            &["Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign"]
        }
        (Lang::JsonPath, Task) => &[
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultPath",
            "Parameters",
            "ResultSelector",
            "Retry",
            "Catch",
            "Resource",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
            "Assign",
        ],
        (Lang::JsonPath, Choice) => &["InputPath", "OutputPath", "Choices", "Default", "Assign"],
        (Lang::JsonPath, Wait) => &[
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "Seconds",
            "Timestamp",
            "SecondsPath",
            "TimestampPath",
            "Assign",
        ],
        (Lang::JsonPath, Succeed) => &["InputPath", "OutputPath"],
        (Lang::JsonPath, Fail) => &["Error", "Cause", "ErrorPath", "CausePath"],
        (Lang::JsonPath, Parallel) => &[
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultPath",
            "Parameters",
            "ResultSelector",
            "Retry",
            "Catch",
            "Branches",
            "Assign",
        ],
        (Lang::JsonPath, Map) => &[
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultPath",
            "Parameters",
            "ItemSelector",
            "ResultSelector",
            "Retry",
            "Catch",
            "Iterator",
            "ItemProcessor",
            "ItemsPath",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "Label",
            "Assign",
        ],
        (Lang::Jsonata, Pass) => &["Next", "End", "Output", "Assign"],
        (Lang::Jsonata, Task) => &[
            "Next",
            "End",
            "Arguments",
            "Output",
            "Assign",
            "Retry",
            "Catch",
            "Resource",
            "TimeoutSeconds",
            "HeartbeatSeconds",
            "Credentials",
        ],
        (Lang::Jsonata, Choice) => &["Choices", "Default", "Output", "Assign"],
        (Lang::Jsonata, Wait) => &["Next", "End", "Seconds", "Timestamp", "Output", "Assign"],
        (Lang::Jsonata, Succeed) => &["Output"],
        (Lang::Jsonata, Fail) => &["Error", "Cause"],
        (Lang::Jsonata, Parallel) => &["Next", "End", "Arguments", "Output", "Assign", "Retry", "Catch", "Branches"],
        (Lang::Jsonata, Map) => &[
            "Next",
            "End",
            "Items",
            "ItemSelector",
            "Output",
            "Assign",
            "Retry",
            "Catch",
            "ItemProcessor",
            "MaxConcurrency",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "ToleratedFailurePercentage",
            "ToleratedFailureCount",
            "Label",
        ],
    }
}

fn allowed(t: StateType, lang: Lang, field: &str) -> bool {
    COMMON.contains(&field) || specific(t, lang).contains(&field)
}

/// Why `field` may not appear in a state of type `t` written in `lang`, if it may not.
pub(crate) fn refusal(t: StateType, lang: Lang, field: &str) -> Option<String> {
    if allowed(t, lang, field) {
        return None;
    }
    let other = match lang {
        Lang::JsonPath => Lang::Jsonata,
        Lang::Jsonata => Lang::JsonPath,
    };
    if allowed(t, other, field) {
        let hint = match lang {
            Lang::Jsonata => jsonata_replacement(t, field),
            Lang::JsonPath => "set \"QueryLanguage\": \"JSONata\" to use it".to_owned(),
        };
        return Some(format!("field '{field}' is not supported when the query language is {} ({hint})", lang.name()));
    }
    let elsewhere =
        StateType::ALL.into_iter().any(|o| allowed(o, Lang::JsonPath, field) || allowed(o, Lang::Jsonata, field));
    Some(if elsewhere {
        format!("field '{field}' is not allowed in a {} state", t.name())
    } else {
        format!("unknown field '{field}'")
    })
}

/// What a JSONata state writes instead of a JSONPath-only field.
fn jsonata_replacement(t: StateType, field: &str) -> String {
    match field {
        "Parameters" if t == StateType::Pass => "use Output".to_owned(),
        "Parameters" => "use Arguments".to_owned(),
        "Result" => "use Output".to_owned(),
        "InputPath" | "ResultSelector" | "ResultPath" | "OutputPath" => {
            "use Output, and Arguments where the state has them".to_owned()
        }
        "ItemsPath" => "use Items".to_owned(),
        "Iterator" => "use ItemProcessor".to_owned(),
        _ => match field.strip_suffix("Path") {
            Some(base) if allowed(t, Lang::Jsonata, base) => {
                format!("give {base} a '{{% … %}}' expression instead")
            }
            _ => "JSONata states do not have it".to_owned(),
        },
    }
}
