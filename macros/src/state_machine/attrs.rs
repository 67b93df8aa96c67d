//! `#[state_machine(kind = standard | express, timeout = "1h", name = "...")]` and the triggers stacked on it.

use lambdaform_manifest::{limits, Event, MachineKind};
use proc_macro2::{Span, TokenStream};

use crate::args;
use crate::errors::Errors;
use crate::function::{parse_event, EVENT_ATTRIBUTES};

const KEYS: &[&str] = &["kind", "timeout", "name"];
/// Triggers that can start an execution; the others deliver events a function consumes.
const MACHINE_TRIGGERS: &[&str] = &["http", "schedule", "event_bridge"];
/// Standard machines run up to a year, Express ones five minutes.
const MAX_STANDARD_TIMEOUT_S: u32 = 365 * 24 * 3600;
const MAX_EXPRESS_TIMEOUT_S: u32 = 300;

pub struct Settings {
    pub kind: (MachineKind, Span),
    pub timeout: Option<(u32, Span)>,
    pub name: Option<(String, Span)>,
}

pub fn parse(tokens: TokenStream, errors: &mut Errors) -> Settings {
    let mut settings = Settings { kind: (MachineKind::Standard, Span::call_site()), timeout: None, name: None };
    for arg in args::parse(tokens) {
        match arg.key_str().as_deref() {
            Some("kind") => {
                if let Some((kind, span)) = errors.ok(args::ident(&arg, &["standard", "express"])) {
                    let kind = if kind == "express" { MachineKind::Express } else { MachineKind::Standard };
                    settings.kind = (kind, span);
                }
            }
            Some("timeout") => settings.timeout = errors.ok(args::seconds(&arg)),
            Some("name") => {
                if let Some((name, span)) = errors.ok(args::string(&arg)) {
                    if let Err(message) = limits::check_state_machine_name(&name) {
                        errors.at(span, message);
                    }
                    settings.name = Some((name, span));
                }
            }
            _ => errors.push(args::unknown(&arg, "state_machine", KEYS)),
        }
    }
    if let Some((seconds, span)) = settings.timeout {
        let max = match settings.kind.0 {
            MachineKind::Standard => MAX_STANDARD_TIMEOUT_S,
            MachineKind::Express => MAX_EXPRESS_TIMEOUT_S,
        };
        if seconds == 0 || seconds > max {
            let kind = if max == MAX_EXPRESS_TIMEOUT_S { "an Express" } else { "a Standard" };
            errors.at(span, format!("timeout {seconds} s: {kind} state machine runs 1 to {max} seconds"));
        }
    }
    settings
}

/// Takes the trigger attributes off the fn and parses them; a trigger a machine cannot have is an error there.
pub fn triggers(f: &mut syn::ItemFn, errors: &mut Errors) -> Vec<Event> {
    let mut events = Vec::new();
    f.attrs.retain(|a| {
        let Some(name) = a.path().segments.last().map(|s| s.ident.clone()) else { return true };
        let kind = name.to_string();
        if !EVENT_ATTRIBUTES.contains(&kind.as_str()) {
            return true;
        }
        if !MACHINE_TRIGGERS.contains(&kind.as_str()) {
            errors.at(
                name.span(),
                format!("#[{kind}] cannot start a state machine (only #[http], #[schedule] and #[event_bridge] can); put it on a #[function] that calls `start::<machine>(..)`"),
            );
            return false;
        }
        let tokens = match &a.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        if let Some(site) = parse_event(&kind, tokens, name.span(), errors) {
            events.push(site.event);
        }
        false
    });
    events
}
