//! What fires what, read once from the manifest: bucket notifications, topic subscriptions, queue and stream
//! event source mappings, schedules and warm-ups, EventBridge rules and alarm subscribers. Each filter is
//! checked here, so a bad pattern or expression is an error of `Local::new` with a pointer into the manifest.

use chrono::{DateTime, Utc};
use lambdaform_manifest::{Event, Manifest, ResourceKind, S3Bucket, S3Event};
use serde_json::Value;

use crate::pattern::Pattern;
use crate::schedule::Schedule;
use crate::sns::Filter;
use crate::streams::StreamConsumer;
use crate::LocalError;

/// Who a schedule or rule starts: a function or a state machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Function(String),
    Machine(String),
}

#[derive(Debug, Clone)]
pub struct Notification {
    pub function: String,
    pub bucket: String,
    pub filter: S3Event,
}

#[derive(Debug, Clone)]
pub struct Subscription {
    pub function: String,
    pub topic: String,
    pub filter: Filter,
}

/// An SQS event source mapping and its poller's state.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub function: String,
    pub queue: String,
    pub batch_size: usize,
    pub window_s: u32,
    pub partial_failures: bool,
    /// Batches handed to the function and not yet answered.
    pub in_flight: usize,
    /// When the poller began gathering a batch smaller than `batch_size`.
    pub window_started: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TimerKind {
    /// A `#[schedule]`; `input` replaces the scheduled event when set, as EventBridge's constant input does.
    Schedule { input: Option<Value> },
    /// `warmup`: this many pings at each tick.
    Warmup { concurrency: u32 },
}

#[derive(Debug, Clone)]
pub struct Timer {
    pub target: Target,
    pub expression: String,
    pub schedule: Schedule,
    pub kind: TimerKind,
    pub next: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub target: Target,
    pub pattern: Pattern,
}

#[derive(Debug, Clone)]
pub struct AlarmSubscriber {
    pub function: String,
    pub alarm: lambdaform_manifest::Alarm,
}

#[derive(Debug, Clone, Default)]
pub struct Wiring {
    pub notifications: Vec<Notification>,
    pub subscriptions: Vec<Subscription>,
    pub mappings: Vec<Mapping>,
    /// Stream consumers by table.
    pub consumers: Vec<(String, StreamConsumer)>,
    pub timers: Vec<Timer>,
    pub rules: Vec<Rule>,
    pub alarms: Vec<AlarmSubscriber>,
}

fn at(e: LocalError, prefix: &str) -> LocalError {
    match e {
        LocalError::Invalid { pointer, message } => {
            LocalError::Invalid { pointer: format!("{prefix}{pointer}"), message }
        }
        other => other,
    }
}

impl Wiring {
    pub fn from_manifest(m: &Manifest, created: DateTime<Utc>) -> Result<Wiring, LocalError> {
        let mut w = Wiring::default();
        let timer = |target: Target, expression: &str, kind: TimerKind, here: &str| -> Result<Timer, LocalError> {
            let schedule = Schedule::parse(expression).map_err(|e| at(e, here))?;
            let next = schedule.next_after(created, created);
            Ok(Timer { target, expression: expression.to_string(), schedule, kind, next })
        };
        for (i, f) in m.functions.iter().enumerate() {
            let name = f.name.clone();
            if let Some(warmup) = &f.warmup {
                let kind = TimerKind::Warmup { concurrency: warmup.concurrency };
                w.timers.push(timer(
                    Target::Function(name.clone()),
                    &warmup.schedule,
                    kind,
                    &format!("/functions/{i}/warmup/schedule"),
                )?);
            }
            for (j, event) in f.events.iter().enumerate() {
                let here = format!("/functions/{i}/events/{j}");
                match event {
                    Event::S3(s3) => {
                        let bucket = match &s3.bucket {
                            S3Bucket::Declared(b) | S3Bucket::Existing(b) => b.clone(),
                        };
                        w.notifications.push(Notification { function: name.clone(), bucket, filter: s3.clone() });
                    }
                    Event::Sns(sns) => {
                        let filter = Filter::parse(sns.filter_policy.as_ref())
                            .map_err(|e| at(e, &format!("{here}/filter_policy")))?;
                        w.subscriptions.push(Subscription { function: name.clone(), topic: sns.topic.clone(), filter });
                    }
                    Event::Sqs(sqs) => w.mappings.push(Mapping {
                        function: name.clone(),
                        queue: sqs.queue.clone(),
                        batch_size: sqs.batch_size.max(1) as usize,
                        window_s: sqs.batch_window.unwrap_or(0),
                        partial_failures: sqs.partial_failures,
                        in_flight: 0,
                        window_started: None,
                    }),
                    Event::DynamodbStream(s) => {
                        let streamed = matches!(&m.resource(&s.table).map(|r| &r.kind), Some(ResourceKind::Table(t)) if t.stream.is_some());
                        if !streamed {
                            return Err(LocalError::invalid(here, format!("table `{}` has no stream", s.table)));
                        }
                        w.consumers
                            .push((s.table.clone(), StreamConsumer::new(name.clone(), s.batch_size.max(1) as usize)));
                    }
                    Event::Schedule(s) => {
                        let kind = TimerKind::Schedule { input: s.input.clone() };
                        w.timers.push(timer(
                            Target::Function(name.clone()),
                            &s.expression,
                            kind,
                            &format!("{here}/expression"),
                        )?);
                    }
                    Event::EventBridge { pattern } => {
                        let pattern = Pattern::parse(pattern).map_err(|e| at(e, &format!("{here}/pattern")))?;
                        w.rules.push(Rule { target: Target::Function(name.clone()), pattern });
                    }
                    Event::Alarm(alarm) => {
                        w.alarms.push(AlarmSubscriber { function: name.clone(), alarm: alarm.clone() })
                    }
                    // The dev server serves HTTP routes itself.
                    Event::Http(_) => {}
                }
            }
        }
        for (i, machine) in m.state_machines.iter().enumerate() {
            for (j, event) in machine.events.iter().enumerate() {
                let here = format!("/state_machines/{i}/events/{j}");
                let target = Target::Machine(machine.name.clone());
                match event {
                    Event::Schedule(s) => {
                        let kind = TimerKind::Schedule { input: s.input.clone() };
                        w.timers.push(timer(target, &s.expression, kind, &format!("{here}/expression"))?);
                    }
                    Event::EventBridge { pattern } => {
                        let pattern = Pattern::parse(pattern).map_err(|e| at(e, &format!("{here}/pattern")))?;
                        w.rules.push(Rule { target, pattern });
                    }
                    _ => {}
                }
            }
        }
        Ok(w)
    }
}
