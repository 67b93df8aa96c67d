//! `#[retry(on = [Timeout, Throttled], attempts = 3, interval = "2s", backoff = 2.0, max_delay = "30s", jitter)]`
//! on a workflow statement → the Task's `Retry`.

use proc_macro2::{Ident, TokenStream};

use super::ir::Retry;
use crate::args;
use crate::errors::Errors;

const KEYS: &[&str] = &["on", "attempts", "interval", "backoff", "max_delay", "jitter"];
/// AWS's bounds on a retrier's fields.
const MAX_ATTEMPTS: u32 = 99_999_999;
const MAX_INTERVAL_S: u32 = 99_999_999;
const MAX_DELAY_S: u32 = 31_622_400;

/// A parsed `#[retry]`, with the error variants it names (checked against the step's error type).
pub struct RetrySite {
    pub retry: Retry,
    pub on: Vec<Ident>,
}

pub fn is_retry(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("retry")
}

pub fn parse(attr: &syn::Attribute, errors: &mut Errors) -> Option<RetrySite> {
    let tokens = match &attr.meta {
        syn::Meta::List(list) => list.tokens.clone(),
        _ => TokenStream::new(),
    };
    parse_tokens(tokens, errors)
}

/// The inside of `retry(..)`: on a statement's `#[retry]`, or a `#[function(retry(..))]` default.
pub fn parse_tokens(tokens: TokenStream, errors: &mut Errors) -> Option<RetrySite> {
    // AWS's defaults for a retrier's fields; `attempts` counts retries, as `MaxAttempts` does.
    let mut retry = Retry { on: Vec::new(), attempts: 3, interval: 1, backoff: 2.0, max_delay: None, jitter: false };
    let mut on = Vec::new();
    let before = errors.len();
    for arg in args::parse(tokens) {
        match arg.key_str().as_deref() {
            Some("on") => {
                for item in errors.ok(args::list(&arg)).unwrap_or_default() {
                    match syn::parse2::<Ident>(item.clone()) {
                        Ok(ident) => on.push(ident),
                        Err(_) => errors.at(
                            args::span_of(&item),
                            "`on` lists the step's error variants by name: `on = [Timeout, Throttled]`",
                        ),
                    }
                }
                if on.is_empty() && errors.len() == before {
                    errors.at(
                        arg.span(),
                        "`on` needs at least one error variant; leave `on` out to retry on every error",
                    );
                }
            }
            Some("attempts") => {
                if let Some((n, span)) = errors.ok(args::number(&arg)) {
                    if n > MAX_ATTEMPTS {
                        errors.at(span, format!("`attempts` is at most {MAX_ATTEMPTS}"));
                    }
                    retry.attempts = n;
                }
            }
            Some("interval") => {
                if let Some((s, span)) = errors.ok(args::seconds(&arg)) {
                    if s == 0 || s > MAX_INTERVAL_S {
                        errors.at(span, format!("`interval` is 1 to {MAX_INTERVAL_S} seconds"));
                    }
                    retry.interval = u64::from(s);
                }
            }
            Some("backoff") => {
                if let Some((b, span)) = errors.ok(args::float(&arg)) {
                    if !(b >= 1.0 && b.is_finite()) {
                        errors.at(span, "`backoff` (BackoffRate) is a number of at least 1.0");
                    }
                    retry.backoff = b;
                }
            }
            Some("max_delay") => {
                if let Some((s, span)) = errors.ok(args::seconds(&arg)) {
                    if s == 0 || s > MAX_DELAY_S {
                        errors.at(span, format!("`max_delay` is 1 to {MAX_DELAY_S} seconds"));
                    }
                    retry.max_delay = Some(u64::from(s));
                }
            }
            Some("jitter") => {
                if errors.ok(args::flag(&arg)).is_some() {
                    retry.jitter = true;
                }
            }
            _ => errors.push(args::unknown(&arg, "retry", KEYS)),
        }
    }
    retry.on = on.iter().map(Ident::to_string).collect();
    (errors.len() == before).then_some(RetrySite { retry, on })
}
