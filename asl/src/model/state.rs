//! The `State` enum, tagged by `Type`, and accessors common to every state type.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::states::*;
use super::QueryLanguage;

/// One state; the JSON `Type` field selects the variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "Type")]
pub enum State {
    Task(Box<TaskState>),
    Pass(PassState),
    Choice(ChoiceState),
    Wait(WaitState),
    Succeed(SucceedState),
    Fail(FailState),
    Parallel(ParallelState),
    Map(Box<MapState>),
}

impl State {
    /// The `Type` name as written in JSON.
    pub fn type_name(&self) -> &'static str {
        match self {
            State::Task(_) => "Task",
            State::Pass(_) => "Pass",
            State::Choice(_) => "Choice",
            State::Wait(_) => "Wait",
            State::Succeed(_) => "Succeed",
            State::Fail(_) => "Fail",
            State::Parallel(_) => "Parallel",
            State::Map(_) => "Map",
        }
    }

    /// The state's own `QueryLanguage`, if it overrides the top level.
    pub fn query_language(&self) -> Option<QueryLanguage> {
        match self {
            State::Task(s) => s.query_language,
            State::Pass(s) => s.query_language,
            State::Choice(s) => s.query_language,
            State::Wait(s) => s.query_language,
            State::Succeed(s) => s.query_language,
            State::Fail(s) => s.query_language,
            State::Parallel(s) => s.query_language,
            State::Map(s) => s.query_language,
        }
    }

    /// `Next` of states that transition unconditionally.
    pub fn next(&self) -> Option<&str> {
        match self {
            State::Task(s) => s.next.as_deref(),
            State::Pass(s) => s.next.as_deref(),
            State::Wait(s) => s.next.as_deref(),
            State::Parallel(s) => s.next.as_deref(),
            State::Map(s) => s.next.as_deref(),
            State::Choice(_) | State::Succeed(_) | State::Fail(_) => None,
        }
    }

    /// `InputPath` (`Some(None)` is an explicit `null`).
    pub fn input_path(&self) -> Option<Option<&str>> {
        let p = match self {
            State::Task(s) => &s.input_path,
            State::Pass(s) => &s.input_path,
            State::Choice(s) => &s.input_path,
            State::Wait(s) => &s.input_path,
            State::Succeed(s) => &s.input_path,
            State::Parallel(s) => &s.input_path,
            State::Map(s) => &s.input_path,
            State::Fail(_) => return None,
        };
        p.as_ref().map(|p| p.as_deref())
    }

    /// `OutputPath` (`Some(None)` is an explicit `null`).
    pub fn output_path(&self) -> Option<Option<&str>> {
        let p = match self {
            State::Task(s) => &s.output_path,
            State::Pass(s) => &s.output_path,
            State::Choice(s) => &s.output_path,
            State::Wait(s) => &s.output_path,
            State::Succeed(s) => &s.output_path,
            State::Parallel(s) => &s.output_path,
            State::Map(s) => &s.output_path,
            State::Fail(_) => return None,
        };
        p.as_ref().map(|p| p.as_deref())
    }

    /// `Assign`, on every state that accepts it.
    pub fn assign(&self) -> Option<&Value> {
        match self {
            State::Task(s) => s.assign.as_ref(),
            State::Pass(s) => s.assign.as_ref(),
            State::Choice(s) => s.assign.as_ref(),
            State::Wait(s) => s.assign.as_ref(),
            State::Parallel(s) => s.assign.as_ref(),
            State::Map(s) => s.assign.as_ref(),
            State::Succeed(_) | State::Fail(_) => None,
        }
    }

    /// JSONata `Output`.
    pub fn output(&self) -> Option<&Value> {
        match self {
            State::Task(s) => s.output.as_ref(),
            State::Pass(s) => s.output.as_ref(),
            State::Choice(s) => s.output.as_ref(),
            State::Wait(s) => s.output.as_ref(),
            State::Succeed(s) => s.output.as_ref(),
            State::Parallel(s) => s.output.as_ref(),
            State::Map(s) => s.output.as_ref(),
            State::Fail(_) => None,
        }
    }
}
