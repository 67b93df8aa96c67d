//! A typed serde model of the Amazon States Language.
//!
//! Every struct has public fields and `Default`, so code generators can build definitions directly.
//! Fields that accept either a literal or a JSONata `{% %}` string are `serde_json::Value`.

mod choice;
mod flow;
mod machine;
mod map;
mod nullable;
mod resource;
mod state;
mod states;

pub use choice::{ChoiceRule, Comparison};
pub use flow::{Catcher, JitterStrategy, Retrier};
pub use machine::{Branch, QueryLanguage, StateMachine};
pub use map::{ExecutionType, ItemBatcher, ItemProcessor, ItemReader, ProcessorConfig, ProcessorMode, ResultWriter};
pub use resource::IntegrationPattern;
pub use state::State;
pub use states::{ChoiceState, FailState, MapState, ParallelState, PassState, SucceedState, TaskState, WaitState};
