//! The short human summary `lambdaform synth` prints: functions, routes, triggers, resources.

use std::fmt::Write;

use lambdaform_manifest::{Event, Manifest, ResourceKind, S3Bucket};

use super::function;

pub fn summary(m: &Manifest) -> String {
    let mut out = String::new();
    let routes = m.functions.iter().flat_map(|f| &f.events).filter(|e| matches!(e, Event::Http(_))).count();
    let triggers = m.functions.iter().flat_map(|f| &f.events).count() - routes;
    let _ = writeln!(
        out,
        "service {}: {} functions, {routes} routes, {triggers} other triggers, {} resources",
        m.service,
        m.functions.len(),
        m.resources.len()
    );
    for f in &m.functions {
        let _ = writeln!(out, "  fn {} ({} MB, {} s, {})", f.name, f.memory, f.timeout, function::architecture(f));
        for event in &f.events {
            let line = match event {
                Event::Http(h) => format!("{} {} ({:?} API)", h.method, h.path, h.api),
                Event::S3(s) => match &s.bucket {
                    S3Bucket::Declared(b) => format!("s3 {b} {}", s.events.join(",")),
                    S3Bucket::Existing(b) => format!("s3 existing bucket {b} {} (EventBridge)", s.events.join(",")),
                },
                Event::Schedule(s) => format!("schedule {}", s.expression),
                Event::Sns(s) => format!("sns {}", s.topic),
                Event::Sqs(s) => format!("sqs {} (batch {})", s.queue, s.batch_size),
                Event::DynamodbStream(s) => format!("dynamodb stream {}", s.table),
                Event::EventBridge { .. } => "eventbridge pattern".into(),
                Event::Alarm(a) => format!("alarm {}", a.name),
            };
            let _ = writeln!(out, "    <- {line}");
        }
        if let Some(w) = &f.warmup {
            let _ = writeln!(out, "    <- warm-up {} x{}", w.schedule, w.concurrency);
        }
    }
    for r in &m.resources {
        let kind = match &r.kind {
            ResourceKind::Table(_) => "table",
            ResourceKind::Bucket => "bucket",
            ResourceKind::Topic(_) => "topic",
            ResourceKind::Queue(_) => "queue",
        };
        let keep = if r.retain { ", retained" } else { "" };
        let _ = writeln!(out, "  {kind} {}{keep}", r.name);
    }
    out
}
