use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::limits;
use crate::{Access, Event, Fragment, Function, Placeholder, Resource, ResourceKind, S3Bucket, StateMachine};

/// A whole service: what `lambdaform manifest` prints and every generator reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub service: String,
    pub functions: Vec<Function>,
    pub resources: Vec<Resource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state_machines: Vec<StateMachine>,
}

/// A problem with a manifest as a whole. `path` is a JSON pointer into the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ManifestError {}

impl Manifest {
    /// Assembles the fragments read out of a binary, sorted by name so the result never depends on link order.
    pub fn from_fragments(fragments: Vec<Fragment>) -> Result<Manifest, Vec<ManifestError>> {
        let mut services = BTreeSet::new();
        let mut functions = Vec::new();
        let mut resources = Vec::new();
        let mut state_machines = Vec::new();
        for fragment in fragments {
            match fragment {
                Fragment::Service { name } => {
                    services.insert(name);
                }
                Fragment::Function(f) => functions.push(f),
                Fragment::Resource(r) => resources.push(r),
                Fragment::StateMachine(m) => state_machines.push(m),
            }
        }
        let service = match services.len() {
            1 => services.into_iter().next().unwrap_or_default(),
            0 => return Err(vec![error("", "the binary has no `lambdaform::main!()`, so it names no service")]),
            _ => {
                let names: Vec<_> = services.into_iter().collect();
                return Err(vec![error("", format!("the binary names several services: {}", names.join(", ")))]);
            }
        };
        if functions.is_empty() && resources.is_empty() && state_machines.is_empty() {
            return Err(vec![error(
                "",
                format!("service `{service}` has no `#[function]` and no resource; annotate an item, and keep crates that hold handlers linked with `use their_crate as _;`"),
            )]);
        }
        functions.sort_by(|a, b| a.name.cmp(&b.name));
        resources.sort_by(|a, b| a.name.cmp(&b.name));
        state_machines.sort_by(|a, b| a.name.cmp(&b.name));
        let manifest = Manifest { service, functions, resources, state_machines };
        let problems = manifest.check();
        if problems.is_empty() {
            Ok(manifest)
        } else {
            Err(problems)
        }
    }

    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name)
    }

    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }

    pub fn state_machine(&self, name: &str) -> Option<&StateMachine> {
        self.state_machines.iter().find(|m| m.name == name)
    }

    /// Every check that needs the whole service, plus the per-setting limits (a hand-edited manifest never went
    /// through the macros). Returns all problems, in manifest order.
    pub fn check(&self) -> Vec<ManifestError> {
        let mut problems = Vec::new();
        let mut seen = BTreeMap::new();
        for (i, r) in self.resources.iter().enumerate() {
            if let Some(first) = seen.insert(r.name.as_str(), i) {
                problems.push(error(
                    format!("/resources/{i}/name"),
                    format!("resource `{}` is declared twice (also /resources/{first})", r.name),
                ));
            }
            self.check_resource(i, r, &mut problems);
        }
        let mut names = BTreeMap::new();
        let mut routes: BTreeMap<(String, String), String> = BTreeMap::new();
        for (i, f) in self.functions.iter().enumerate() {
            let at = format!("/functions/{i}");
            if let Some(first) = names.insert(f.name.as_str(), i) {
                problems.push(error(
                    format!("{at}/name"),
                    format!(
                        "function name `{}` is used twice (also /functions/{first}, `{}`)",
                        f.name, self.functions[first].rust_path
                    ),
                ));
            }
            self.check_function(&at, f, &mut problems);
            for (j, event) in f.events.iter().enumerate() {
                if let Event::Http(http) = event {
                    let api = format!("{:?}", http.api);
                    let clash = routes
                        .iter()
                        .find(|((method, path), _)| {
                            *path == format!("{api} {}", http.path)
                                && (*method == http.method || method == "ANY" || http.method == "ANY")
                        })
                        .map(|(_, owner)| owner.clone());
                    if let Some(owner) = clash {
                        problems.push(error(
                            format!("{at}/events/{j}"),
                            format!(
                                "route {} {} of `{}` is already served by `{owner}`",
                                http.method, http.path, f.name
                            ),
                        ));
                    } else {
                        routes.insert((http.method.clone(), format!("{api} {}", http.path)), f.name.clone());
                    }
                }
            }
        }
        let mut machines = BTreeMap::new();
        for (i, m) in self.state_machines.iter().enumerate() {
            let at = format!("/state_machines/{i}");
            if let Some(first) = machines.insert(m.name.as_str(), i) {
                problems.push(error(
                    format!("{at}/name"),
                    format!("state machine name `{}` is used twice (also /state_machines/{first})", m.name),
                ));
            }
            self.check_state_machine(&at, m, &mut problems);
        }
        problems
    }

    /// Every placeholder of the definition must name an item of the right kind, and names follow AWS's rules.
    fn check_state_machine(&self, at: &str, m: &StateMachine, problems: &mut Vec<ManifestError>) {
        if let Err(message) = limits::check_state_machine_name(&m.name) {
            problems.push(error(format!("{at}/name"), format!("state machine `{}`: {message}", m.name)));
        }
        for p in Placeholder::all_in(&m.definition) {
            let found = match p.kind {
                "function" => self.function(p.name).is_some(),
                "state_machine" => self.state_machine(p.name).is_some(),
                kind => self.resource(p.name).is_some_and(|r| r.kind.attribute() == kind),
            };
            if !found {
                problems.push(error(
                    format!("{at}/definition"),
                    format!("state machine `{}` refers to {p}, which the service does not declare", m.name),
                ));
            }
        }
    }

    fn check_resource(&self, i: usize, r: &Resource, problems: &mut Vec<ManifestError>) {
        let at = format!("/resources/{i}");
        if let ResourceKind::Queue(q) = &r.kind {
            let checks = [
                ("visibility_timeout", q.visibility_timeout, limits::QUEUE_VISIBILITY_S),
                ("retention", q.retention, limits::QUEUE_RETENTION_S),
            ];
            for (field, value, range) in checks {
                if !range.contains(&value) {
                    problems.push(error(
                        format!("{at}/{field}"),
                        format!("queue `{}`: {field} {value} is outside {range:?} seconds", r.name),
                    ));
                }
            }
            if let Some(max) = q.dlq_max_receive {
                if !limits::MAX_RECEIVE.contains(&max) {
                    problems.push(error(
                        format!("{at}/dlq_max_receive"),
                        format!("queue `{}`: max receive count {max} is outside 1..=1000", r.name),
                    ));
                }
            }
        }
    }

    fn check_function(&self, at: &str, f: &Function, problems: &mut Vec<ManifestError>) {
        let mut push = |field: &str, result: Result<(), String>| {
            if let Err(message) = result {
                problems.push(error(format!("{at}/{field}"), format!("function `{}`: {message}", f.name)));
            }
        };
        push("name", limits::check_function_name(&f.name));
        push("memory", limits::check_memory(f.memory));
        push("timeout", limits::check_timeout(f.timeout));
        push("log_retention", limits::check_log_retention(f.log_retention));
        for name in f.environment.keys() {
            push("environment", limits::check_env_name(name));
        }
        for (k, u) in f.uses.iter().enumerate() {
            let found = self.resource(&u.resource);
            let result = match found {
                None => Err(format!("uses `{}`, which the service does not declare", u.resource)),
                Some(r) => check_access(r, u.access),
            };
            push(&format!("uses/{k}"), result);
        }
        for (j, event) in f.events.iter().enumerate() {
            let result = self.check_event(f, event);
            push(&format!("events/{j}"), result);
        }
    }

    fn check_event(&self, f: &Function, event: &Event) -> Result<(), String> {
        let expect = |name: &str, kind: &str| match self.resource(name) {
            None => Err(format!("#[{}] names `{name}`, which the service does not declare", event.attribute())),
            Some(r) if r.kind.attribute() != kind => {
                Err(format!("#[{}] needs a #[{kind}], but `{name}` is a #[{}]", event.attribute(), r.kind.attribute()))
            }
            Some(r) => Ok(r),
        };
        match event {
            Event::Http(http) => {
                if f.timeout > limits::API_GATEWAY_TIMEOUT_S {
                    return Err(format!(
                        "timeout {} s is over API Gateway's {} s integration limit for an #[http] function",
                        f.timeout,
                        limits::API_GATEWAY_TIMEOUT_S
                    ));
                }
                if !limits::HTTP_METHODS.contains(&http.method.as_str()) {
                    return Err(format!("unknown HTTP method `{}`", http.method));
                }
                limits::check_http_path(&http.path)
            }
            Event::S3(s3) => match &s3.bucket {
                S3Bucket::Declared(name) => expect(name, "bucket").map(|_| ()),
                S3Bucket::Existing(_) => Ok(()),
            },
            Event::Schedule(s) => check_schedule(&s.expression),
            Event::Sns(sns) => expect(&sns.topic, "topic").map(|_| ()),
            Event::Sqs(sqs) => {
                let queue = expect(&sqs.queue, "queue")?;
                if !limits::SQS_BATCH_SIZE.contains(&sqs.batch_size) {
                    return Err(format!("SQS batch size {} is outside 1..=10000", sqs.batch_size));
                }
                if let ResourceKind::Queue(q) = &queue.kind {
                    if q.fifo && sqs.batch_size > limits::SQS_FIFO_BATCH_MAX {
                        return Err(format!("a FIFO queue takes batches of at most 10, not {}", sqs.batch_size));
                    }
                    if q.visibility_timeout < limits::VISIBILITY_TO_TIMEOUT_RATIO * f.timeout {
                        return Err(format!(
                            "queue `{}` has a visibility timeout of {} s; AWS advises at least 6 × the function's timeout ({} s)",
                            queue.name,
                            q.visibility_timeout,
                            limits::VISIBILITY_TO_TIMEOUT_RATIO * f.timeout
                        ));
                    }
                }
                Ok(())
            }
            Event::DynamodbStream(s) => {
                let table = expect(&s.table, "table")?;
                match &table.kind {
                    ResourceKind::Table(t) if t.stream.is_none() => Err(format!(
                        "table `{}` has no stream; declare it with `stream = new_and_old_images` (or another view)",
                        table.name
                    )),
                    _ => Ok(()),
                }
            }
            Event::EventBridge { pattern } => {
                if pattern.is_object() {
                    Ok(())
                } else {
                    Err("an EventBridge pattern must be a JSON object".into())
                }
            }
            Event::Alarm(alarm) => {
                for value in alarm.dimensions.values() {
                    if let Some(name) = value.strip_prefix("function:") {
                        if self.function(name).is_none() {
                            return Err(format!(
                                "alarm `{}` watches function `{name}`, which the service does not declare",
                                alarm.name
                            ));
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

fn check_schedule(expression: &str) -> Result<(), String> {
    let inner = |prefix: &str| expression.strip_prefix(prefix).and_then(|s| s.strip_suffix(')'));
    let result = if let Some(rate) = inner("rate(") {
        crate::parse_rate(rate)
    } else if let Some(cron) = inner("cron(") {
        crate::parse_cron(cron)
    } else {
        return Err(format!("schedule `{expression}` must be `rate(...)` or `cron(...)`"));
    };
    result.map(|_| ()).map_err(|e| e.0)
}

/// Which kinds of access make sense for which resource.
fn check_access(r: &Resource, access: Access) -> Result<(), String> {
    let allowed: &[Access] = match r.kind {
        ResourceKind::Table(_) | ResourceKind::Bucket => &[Access::Read, Access::Write, Access::ReadWrite],
        ResourceKind::Topic(_) => &[Access::Publish],
        ResourceKind::Queue(_) => &[Access::Send, Access::Receive],
    };
    if allowed.contains(&access) {
        Ok(())
    } else {
        let names: Vec<_> = allowed.iter().map(|a| a.as_str()).collect();
        Err(format!(
            "`{}` is a #[{}], which takes {}, not {}",
            r.name,
            r.kind.attribute(),
            names.join(", "),
            access.as_str()
        ))
    }
}

fn error(path: impl Into<String>, message: impl Into<String>) -> ManifestError {
    ManifestError { path: path.into(), message: message.into() }
}
