//! Runs one machine's ASL on the local executor with the test's steps, services, clock and callbacks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use lambdaform_asl::exec::{Clock, Execution, Executor, Status};
use lambdaform_manifest::ResourceKind;
use serde_json::Value;

use super::callbacks::{Callbacks, Registry};
use super::error::TestError;
use super::invoke::real_handlers;
use super::machines::{declared, Machines};
use super::native::{Answerer, CallbackAnswer};
use super::outcome::{Failed, Outcome};
use super::resolver::{Resolver, Shared, StepFailure, StepFn};
use super::services::Services;

/// An ASL execution to start, configured step by step. [`super::workflow`] builds one for a `#[state_machine]`.
pub struct AslTest {
    name: String,
    definition: Value,
    steps: HashMap<String, StepFn>,
    integrations: HashMap<String, StepFn>,
    answerer: Option<Answerer>,
    real_handlers: bool,
    clock: Clock,
    services: Services,
    machines: Vec<(String, Value)>,
    problem: Option<TestError>,
}

impl AslTest {
    /// `definition` (ASL with placeholders) as machine `name`. The binary's `#[table]`s, `#[topic]`s and
    /// `#[queue]`s exist empty, and its `#[state_machine]`s can be started from it.
    pub fn new(name: &str, definition: Value) -> Self {
        let services = Services::default();
        let (machines, problem) = match declared() {
            Ok(d) => {
                for r in &d.resources {
                    match &r.kind {
                        ResourceKind::Table(t) => services.declare_table(
                            &r.name,
                            &t.partition_key.name,
                            t.sort_key.as_ref().map(|k| k.name.as_str()),
                        ),
                        ResourceKind::Topic(_) => services.declare_topic(&r.name),
                        ResourceKind::Queue(_) => services.declare_queue(&r.name),
                        ResourceKind::Bucket => {}
                    }
                }
                (d.machines, None)
            }
            Err(e) => (Vec::new(), Some(e)),
        };
        AslTest {
            name: name.to_string(),
            definition,
            steps: HashMap::new(),
            integrations: HashMap::new(),
            answerer: None,
            real_handlers: true,
            clock: Clock::default(),
            services,
            machines,
            problem,
        }
    }

    /// Replaces function `name` with `f`, at the JSON level (the payload in, the answer or failure out).
    pub fn mock_json(
        mut self,
        function: &str,
        f: impl Fn(Value) -> Result<Value, StepFailure> + Send + Sync + 'static,
    ) -> Self {
        let f = Arc::new(f);
        self.steps.insert(
            function.to_string(),
            Arc::new(move |payload| {
                let answer = f(payload);
                Box::pin(async move { answer })
            }),
        );
        self
    }

    /// Answers Task states on `resource` (`arn:aws:states:::s3:getObject`, ...) with `f`, before the built-in
    /// services: for an integration they do not cover, or to make one fail.
    pub fn integration(
        mut self,
        resource: &str,
        f: impl Fn(Value) -> Result<Value, StepFailure> + Send + Sync + 'static,
    ) -> Self {
        let f = Arc::new(f);
        self.integrations.insert(
            resource.to_string(),
            Arc::new(move |payload| {
                let answer = f(payload);
                Box::pin(async move { answer })
            }),
        );
        self
    }

    /// Answers every callback task as soon as its step has run, with `f`'s output or error.
    pub fn callback_answer(mut self, f: impl Fn() -> CallbackAnswer + Send + Sync + 'static) -> Self {
        self.answerer = Some(Arc::new(f));
        self
    }

    pub(crate) fn answerer(&self) -> Option<Answerer> {
        self.answerer.clone()
    }

    /// Fails every step without a mock instead of running the binary's handler.
    pub fn without_real_handlers(mut self) -> Self {
        self.real_handlers = false;
        self
    }

    /// Virtual time from a given instant, or `Clock::Real`. The default is virtual time from now.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Another machine `startExecution` can reach, besides the binary's.
    pub fn with_machine(mut self, name: &str, definition: Value) -> Self {
        self.machines.push((name.to_string(), definition));
        self
    }

    /// The in-memory services, to seed before the run.
    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Starts the execution; await [`Running::finish`] for its outcome.
    pub fn start(self, input: Value) -> Result<Running, TestError> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let mut machines = Machines::default();
        for (name, definition) in &self.machines {
            machines.insert(name, Machines::prepare(name, definition)?);
        }
        let machine = Machines::prepare(&self.name, &self.definition)?;
        machines.insert(&self.name, machine.clone());
        let registry = Arc::new(Registry::default());
        let answerer = self.answerer.clone();
        let shared = Arc::new(Shared {
            steps: self.steps,
            integrations: self.integrations,
            invoker: self.real_handlers.then(real_handlers),
            services: self.services.clone(),
            machines,
            clock: self.clock,
            answerer,
            registry: Arc::downgrade(&registry),
            invocations: Mutex::default(),
            children: Mutex::default(),
        });
        let execution = Executor::shared(machine, Arc::new(Resolver(shared.clone())))
            .with_clock(self.clock)
            .with_object_store(self.services.object_store())
            .with_state_machine_name(&self.name)
            .start(input);
        Registry::track(&Arc::downgrade(&registry), execution.callbacks());
        Ok(Running { execution, callbacks: Callbacks::asl(registry), shared })
    }

    /// Starts the execution and waits for its end.
    pub async fn run(self, input: Value) -> Result<Outcome<Value>, TestError> {
        Ok(self.start(input)?.finish().await)
    }
}

/// A started execution.
pub struct Running {
    execution: Execution,
    callbacks: Callbacks,
    shared: Arc<Shared>,
}

impl Running {
    /// The handle for callback tasks. Keep it while answers may come: once every handle is gone, a waiting
    /// callback task runs into its timeout (at once, on virtual time).
    pub fn callbacks(&self) -> Callbacks {
        self.callbacks.clone()
    }

    pub fn services(&self) -> Services {
        self.shared.services.clone()
    }

    /// Waits for the execution's end.
    pub async fn finish(self) -> Outcome<Value> {
        let Running { execution, callbacks, shared } = self;
        drop(callbacks);
        let result = execution.await;
        let status = result.status;
        let history = result.history.iter().map(|e| e.to_json()).collect();
        let result = match status {
            Status::Succeeded => Ok(result.output.unwrap_or(Value::Null)),
            // Failed, timed out or aborted: every other status ends with an error and a cause.
            _ => Err(Failed { error: result.error.unwrap_or_default(), cause: result.cause.unwrap_or_default() }),
        };
        Outcome { status, result, history, invocations: shared.invocations(), services: shared.services.clone() }
    }
}
