//! The typed face of a test: a `#[state_machine]`'s input and output types, `mock::<step>` with the step's own
//! types, and the same workflow's plain Rust body run in the same world.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use lambdaform_asl::exec::Clock;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::asl_test::{AslTest, Running};
use super::callbacks::Callbacks;
use super::error::TestError;
use super::native::{CallbackAnswer, NativeTokens, TestIntegrations};
use super::outcome::{Failed, NativeOutcome, Outcome};
use super::resolver::StepFailure;
use super::services::Services;
use crate::workflow::{with_integrations, AnyMock, MockFn, Step, Workflow};
use crate::FunctionError;

/// A test of workflow `M`: `lambdaform::testing::workflow::<order>()`.
pub fn workflow<M: Workflow>() -> WorkflowTest<M> {
    WorkflowTest { asl: AslTest::new(M::NAME, M::definition()), native_mocks: HashMap::new(), workflow: PhantomData }
}

/// Runs `M`'s plain Rust body once, with empty services.
pub async fn run_native<M>(input: M::Input) -> Result<NativeOutcome<M::Output>, TestError>
where
    M: Workflow,
    M::Error: FunctionError,
{
    workflow::<M>().run_native(input).await
}

pub struct WorkflowTest<M> {
    asl: AslTest,
    /// The same mocks, typed, for the native run.
    native_mocks: HashMap<String, AnyMock>,
    workflow: PhantomData<fn() -> M>,
}

fn data_error(what: &str, e: serde_json::Error) -> TestError {
    TestError::Data(format!("{what}: {e}"))
}

impl<M: Workflow> WorkflowTest<M> {
    /// Replaces step `S` (a `#[function]`) with `f`, which gets the step's input type and answers its output or
    /// error; the error reaches the workflow named by its variant, as Lambda reports it.
    pub fn mock<S>(mut self, f: impl Fn(S::Input) -> Result<S::Output, S::Error> + Send + Sync + 'static) -> Self
    where
        S: Step,
        S::Input: DeserializeOwned + 'static,
        S::Output: Serialize + 'static,
        S::Error: FunctionError + 'static,
    {
        let f: MockFn<S::Input, S::Output, S::Error> = Arc::new(f);
        self.native_mocks.insert(S::NAME.to_string(), Arc::new(f.clone()));
        let asl = self.asl.mock_json(S::NAME, move |payload| {
            let input: S::Input = serde_json::from_value(payload).map_err(|e| StepFailure {
                error_type: "Runtime.UnmarshalError".into(),
                message: format!("the event is not a `{}`: {e}", std::any::type_name::<S::Input>()),
            })?;
            let output =
                f(input).map_err(|e| StepFailure { error_type: e.error_type().into(), message: e.to_string() })?;
            serde_json::to_value(output).map_err(|e| StepFailure {
                error_type: "Runtime.SerializationError".into(),
                message: format!("the mock's output does not serialize: {e}"),
            })
        });
        WorkflowTest { asl, ..self }
    }

    /// Answers every callback task with `f`'s value (as `SendTaskSuccess`) or error name and cause (as
    /// `SendTaskFailure`), on both runs.
    pub fn callback_answer<T: Serialize>(
        self,
        f: impl Fn() -> Result<T, (String, String)> + Send + Sync + 'static,
    ) -> Self {
        let asl = self.asl.callback_answer(move || -> CallbackAnswer {
            let value = f()?;
            serde_json::to_value(value).map_err(|e| ("States.Runtime".to_string(), e.to_string()))
        });
        WorkflowTest { asl, ..self }
    }

    /// See [`AslTest::integration`].
    pub fn integration(
        self,
        resource: &str,
        f: impl Fn(Value) -> Result<Value, StepFailure> + Send + Sync + 'static,
    ) -> Self {
        WorkflowTest { asl: self.asl.integration(resource, f), ..self }
    }

    /// See [`AslTest::without_real_handlers`].
    pub fn without_real_handlers(self) -> Self {
        WorkflowTest { asl: self.asl.without_real_handlers(), ..self }
    }

    /// See [`AslTest::clock`].
    pub fn clock(self, clock: Clock) -> Self {
        WorkflowTest { asl: self.asl.clock(clock), ..self }
    }

    /// The in-memory services both runs use, to seed first.
    pub fn services(&self) -> &Services {
        self.asl.services()
    }

    /// The underlying ASL test, for what the typed API does not cover.
    pub fn into_asl(self) -> AslTest {
        self.asl
    }

    /// Starts the generated ASL; take [`TypedRunning::callbacks`] to answer callbacks, then `finish().await`.
    pub fn start(self, input: M::Input) -> Result<TypedRunning<M>, TestError>
    where
        M::Input: Serialize,
    {
        let input =
            serde_json::to_value(input).map_err(|e| data_error("the workflow's input does not serialize", e))?;
        Ok(TypedRunning { running: self.asl.start(input)?, workflow: PhantomData })
    }

    /// Runs the generated ASL to its end.
    pub async fn run(self, input: M::Input) -> Result<Outcome<M::Output>, TestError>
    where
        M::Input: Serialize,
        M::Output: DeserializeOwned,
    {
        self.start(input)?.finish().await
    }

    /// Runs the workflow's Rust body with this test's services, callback answers and step mocks (a mocked step is
    /// not called; every other step runs as the Rust function it is).
    pub async fn run_native(self, input: M::Input) -> Result<NativeOutcome<M::Output>, TestError>
    where
        M::Error: FunctionError,
    {
        let (running, _callbacks) = self.start_native(input)?;
        Ok(running.await)
    }

    /// Like [`WorkflowTest::run_native`], handing out the callback handle first.
    pub fn start_native(
        self,
        input: M::Input,
    ) -> Result<(impl std::future::Future<Output = NativeOutcome<M::Output>>, Callbacks), TestError>
    where
        M::Error: FunctionError,
    {
        let services = self.asl.services().clone();
        let tokens = Arc::new(NativeTokens::new(self.asl.answerer()));
        let integrations = Arc::new(TestIntegrations::new(services.clone(), tokens.clone(), self.native_mocks));
        let callbacks = Callbacks::native(tokens);
        let future = async move {
            let result = with_integrations(integrations.clone(), M::run_native(input)).await;
            NativeOutcome { result: result.map_err(|e| native_failure(&e)), slept: integrations.slept(), services }
        };
        Ok((future, callbacks))
    }
}

/// A native error as the execution reports it. A [`Failure`](crate::workflow::Failure) displays as
/// `error: cause`, where the execution's cause is the part after the name.
fn native_failure(e: &impl FunctionError) -> Failed {
    let error = e.error_type().to_string();
    let text = e.to_string();
    let cause = text.strip_prefix(&format!("{error}: ")).map(str::to_string).unwrap_or(text);
    Failed { error, cause }
}

/// A started execution of workflow `M`.
pub struct TypedRunning<M> {
    running: Running,
    workflow: PhantomData<fn() -> M>,
}

impl<M: Workflow> TypedRunning<M> {
    pub fn callbacks(&self) -> Callbacks {
        self.running.callbacks()
    }

    pub fn services(&self) -> Services {
        self.running.services()
    }

    /// Waits for the end; the output is read into `M::Output`.
    pub async fn finish(self) -> Result<Outcome<M::Output>, TestError>
    where
        M::Output: DeserializeOwned,
    {
        let outcome = self.running.finish().await;
        let result = match outcome.result {
            Ok(v) => Ok(serde_json::from_value(v)
                .map_err(|e| data_error("the execution's output is not the workflow's output type", e))?),
            Err(f) => Err(f),
        };
        Ok(Outcome {
            status: outcome.status,
            result,
            history: outcome.history,
            invocations: outcome.invocations,
            services: outcome.services,
        })
    }
}
