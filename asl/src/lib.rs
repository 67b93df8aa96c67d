//! Amazon States Language: a typed model, JSONPath and intrinsic functions, a validator and a
//! local executor with AWS Step Functions' semantics.
//!
//! ```
//! use lambdaform_asl::exec::{Executor, NoTasks, Status};
//! use lambdaform_asl::model::StateMachine;
//!
//! let machine = StateMachine::from_json(r#"{
//!     "StartAt": "Greet",
//!     "States": {"Greet": {"Type": "Pass", "Parameters": {"text.$": "States.Format('Hello, {}!', $.name)"}, "End": true}}
//! }"#).unwrap();
//! let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let result = runtime.block_on(Executor::new(machine, NoTasks).start(serde_json::json!({"name": "Ada"})));
//! assert_eq!(result.status, Status::Succeeded);
//! assert_eq!(result.output, Some(serde_json::json!({"text": "Hello, Ada!"})));
//! ```

pub mod exec;
pub mod intrinsics;
pub mod model;
pub mod path;
pub mod validate;
