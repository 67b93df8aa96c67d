//! The awaited calls of a workflow → `Action`s: step calls, `join!`, `map`, `callback`, `sleep`, the service
//! integrations and nested machines. Each name a definition refers to is resolved by a trait constant spanned
//! on the user's path, so a call to something that is not a step fails to compile right there.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

use super::expr::{self, Vars};
use super::ir::*;
use super::lower::Lowering;
use super::retry::RetrySite;
use crate::names::private_at;

const NOT_AN_ACTION: &str = "a workflow awaits only steps and workflow helpers: `step(x)`, `join!(..)`, `map(..)`, `callback(..)`, `sleep(..)`, `Table::put(..)`, `start::<machine>(..)`; call other async code inside a step";

/// Builder settings written after a call: `.max_concurrency(10)`, `.heartbeat(60)`, `.timeout(3600)`.
#[derive(Default)]
struct Settings {
    max_concurrency: Option<u64>,
    heartbeat: Option<u64>,
    timeout: Option<u64>,
    distributed: bool,
    tolerated_count: Option<u64>,
    tolerated_percentage: Option<f64>,
}

impl Settings {
    fn tolerance(&self) -> bool {
        self.tolerated_count.is_some() || self.tolerated_percentage.is_some()
    }
}

pub fn action(
    l: &mut Lowering,
    base: &mut syn::Expr,
    vars: &Vars,
    retry: Option<(RetrySite, Span)>,
    question: bool,
) -> Option<Action> {
    let mut settings = Settings::default();
    let call = peel(l, base, &mut settings)?;
    let kind = match call {
        Callee::Macro(mac) => join(l, mac, vars)?,
        Callee::Call(call) => {
            let kind = classify(l, call, vars, &settings, question)?;
            match (&retry, &kind) {
                (Some((site, span)), ActionKind::Invoke { .. }) => retry_native(l, call, site, *span),
                (None, ActionKind::Invoke { .. }) => {
                    let (func, arg) = (call.func.as_ref().clone(), call.args[0].clone());
                    *call = native_call(l, &func, &arg);
                }
                (_, ActionKind::Map { .. }) => {
                    let step = call.args[1].clone();
                    call.args[1] = native_iteration(l, &step);
                }
                _ => {}
            }
            kind
        }
    };
    let retry = match retry {
        Some((_, span)) if !matches!(kind, ActionKind::Invoke { .. }) => {
            l.errors.at(span, "#[retry] goes on a step call: `#[retry(..)] let x = step(..).await?;`");
            None
        }
        other => other.map(|(site, _)| site.retry),
    };
    let label = label(&kind);
    let name = l.names.fresh(&label);
    Some(Action { name, kind, retry })
}

enum Callee<'a> {
    Call(&'a mut syn::ExprCall),
    Macro(&'a mut syn::Macro),
}

fn peel<'a>(l: &mut Lowering, e: &'a mut syn::Expr, settings: &mut Settings) -> Option<Callee<'a>> {
    match e {
        syn::Expr::Call(c) => Some(Callee::Call(c)),
        syn::Expr::Macro(m) => Some(Callee::Macro(&mut m.mac)),
        syn::Expr::Paren(p) => peel(l, &mut p.expr, settings),
        syn::Expr::MethodCall(m) => {
            let method = m.method.to_string();
            if method == "distributed" && m.args.is_empty() {
                settings.distributed = true;
                return peel(l, &mut m.receiver, settings);
            }
            if method == "tolerated_failure_percentage" {
                let percentage = match m.args.first() {
                    Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Float(f), .. })) => f.base10_parse::<f64>().ok(),
                    Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. })) => i.base10_parse::<f64>().ok(),
                    _ => None,
                };
                match percentage.filter(|p| m.args.len() == 1 && (0.0..=100.0).contains(p)) {
                    Some(p) => settings.tolerated_percentage = Some(p),
                    None => {
                        l.errors.at(
                            m.args.span(),
                            "`.tolerated_failure_percentage(..)` takes a number literal from 0 to 100: it is written into the definition",
                        );
                        return None;
                    }
                }
                return peel(l, &mut m.receiver, settings);
            }
            let slot = match method.as_str() {
                "max_concurrency" => &mut settings.max_concurrency,
                "heartbeat" => &mut settings.heartbeat,
                "timeout" => &mut settings.timeout,
                "tolerated_failures" => &mut settings.tolerated_count,
                _ => {
                    l.errors.at(m.method.span(), NOT_AN_ACTION);
                    return None;
                }
            };
            let value = match m.args.first() {
                Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. })) if m.args.len() == 1 => {
                    i.base10_parse::<u64>().ok()
                }
                _ => None,
            };
            let Some(value) = value else {
                l.errors.at(
                    m.args.span(),
                    format!("`.{method}(..)` takes a whole number literal: it is written into the definition"),
                );
                return None;
            };
            *slot = Some(value);
            peel(l, &mut m.receiver, settings)
        }
        other => {
            l.errors.at(other.span(), NOT_AN_ACTION);
            None
        }
    }
}

fn classify(
    l: &mut Lowering,
    call: &syn::ExprCall,
    vars: &Vars,
    settings: &Settings,
    question: bool,
) -> Option<ActionKind> {
    let syn::Expr::Path(func) = &*call.func else {
        l.errors.at(call.func.span(), NOT_AN_ACTION);
        return None;
    };
    let path = &func.path;
    let last = path.segments.last()?;
    let name = last.ident.to_string();
    let args: Vec<&syn::Expr> = call.args.iter().collect();
    let json = |l: &mut Lowering, e: &syn::Expr| expr::jsonata(e, vars, l.errors);
    let builder_used = settings.max_concurrency.is_some()
        || settings.heartbeat.is_some()
        || settings.timeout.is_some()
        || settings.distributed
        || settings.tolerance();
    let kind = match (name.as_str(), args.as_slice()) {
        ("sleep", [d]) => ActionKind::Wait(duration(l, d, vars)?),
        ("sleep_until", [t]) => ActionKind::Wait(Wait::Until(json(l, t)?)),
        ("callback", [step, input]) => {
            l.express_error(last.ident.span(), "wait for a callback");
            let step = step_ref(l, step)?;
            let payload = format!("{{'token': $states.context.Task.Token, 'input': {}}}", json(l, input)?);
            ActionKind::Callback { step, payload, heartbeat: settings.heartbeat, timeout: settings.timeout }
        }
        ("map", [items, step]) => {
            let count = literal_len(items);
            // A distributed Map's iterations are child executions with histories of their own.
            if count.is_none() && !settings.distributed {
                l.unbounded.push(last.ident.span());
            }
            if settings.distributed {
                l.express_error(last.ident.span(), "run a distributed Map");
            }
            if settings.tolerance() && !settings.distributed {
                l.errors.at(
                    last.ident.span(),
                    "tolerated failures are a distributed Map's: write `map(items, step).distributed().tolerated_failures(n)`",
                );
            }
            let items = MapItems::Expr(json(l, items)?);
            map_state(l, items, count, step, settings)?
        }
        (method @ ("map_objects" | "map_file" | "map_csv"), [arg, step]) if is_resource_call(path) => {
            l.express_error(last.ident.span(), "run a distributed Map");
            let ty = resource_path(path);
            let span = ty.span();
            let at = private_at(span);
            l.check(quote_spanned!(span=> #at::check_bucket::<#ty>();));
            let display = ty.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            let name_const = quote_spanned!(span=> <#ty as #at::Resource>::NAME);
            let bucket = Ref { kind: "bucket", name_const, retry_const: None, display };
            let arg = json(l, arg)?;
            let items = match method {
                "map_objects" => MapItems::Objects { bucket, prefix: arg },
                _ => MapItems::File { bucket, key: arg, csv: method == "map_csv" },
            };
            map_state(l, items, None, step, &Settings { distributed: true, ..*settings })?
        }
        ("put_events", [source, detail_type, detail]) => ActionKind::PutEvents {
            source: json(l, source)?,
            detail_type: json(l, detail_type)?,
            detail: json(l, detail)?,
        },
        ("start" | "start_sync", [input]) => {
            let sync = name == "start_sync";
            if sync {
                l.express_error(last.ident.span(), "wait for a nested execution (`.sync`)");
            }
            let syn::PathArguments::AngleBracketed(generics) = &last.arguments else {
                l.errors.at(last.ident.span(), format!("name the machine to start: `{name}::<machine>(input)`"));
                return None;
            };
            let Some(syn::GenericArgument::Type(machine)) = generics.args.first() else {
                l.errors.at(generics.span(), format!("name the machine to start: `{name}::<machine>(input)`"));
                return None;
            };
            let span = machine.span();
            let at = private_at(span);
            let name_const = quote_spanned!(span=> <#machine as #at::Workflow>::NAME);
            let display = quote::ToTokens::to_token_stream(machine).to_string();
            let machine = Ref { kind: "state_machine", name_const, retry_const: None, display };
            ActionKind::Start { machine, input: json(l, input)?, sync }
        }
        (method @ ("put" | "get" | "update" | "delete" | "publish" | "send"), _) if is_resource_call(path) => {
            let ty = resource_path(path);
            let span = ty.span();
            let at = private_at(span);
            let (kind, check) = match method {
                "publish" => ("topic", quote!(check_topic)),
                "send" => ("queue", quote!(check_queue)),
                _ => ("table", quote!(check_table)),
            };
            l.check(quote_spanned!(span=> #at::#check::<#ty>();));
            let display = ty.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            let r = Ref {
                kind,
                name_const: quote_spanned!(span=> <#ty as #at::Resource>::NAME),
                retry_const: None,
                display,
            };
            let mut values = Vec::new();
            for a in &args {
                values.push(json(l, a)?);
            }
            let expected = if method == "update" { 2 } else { 1 };
            if values.len() != expected {
                l.errors.at(call.args.span(), format!("`{method}` takes {expected} argument(s)"));
                return None;
            }
            match method {
                "publish" => ActionKind::Publish { topic: r, message: values.remove(0) },
                "send" => ActionKind::Send { queue: r, message: values.remove(0) },
                _ => {
                    let op = match method {
                        "put" => DynamoOp::Put,
                        "get" => DynamoOp::Get,
                        "update" => DynamoOp::Update,
                        _ => DynamoOp::Delete,
                    };
                    ActionKind::Dynamo { op, table: r, args: values }
                }
            }
        }
        (_, [arg]) => {
            if !question {
                l.errors.at(
                    call.span(),
                    "a step call is `step(x).await?`, or a `match step(x).await { Ok(v) => .., Err(..) => .. }`",
                );
                return None;
            }
            let step = step_ref(l, &call.func)?;
            ActionKind::Invoke { step, payload: json(l, arg)? }
        }
        _ => {
            l.errors.at(call.span(), "a step takes exactly one argument: its event");
            return None;
        }
    };
    if builder_used && !matches!(kind, ActionKind::Map { .. } | ActionKind::Callback { .. }) {
        l.errors.at(
            call.span(),
            "`.max_concurrency`, `.distributed()` and the tolerated failures go on `map(..)`; `.heartbeat` and `.timeout` on `callback(..)`",
        );
    }
    if settings.max_concurrency.is_some() && !matches!(kind, ActionKind::Map { .. }) {
        l.errors.at(call.span(), "`.max_concurrency` goes on `map(..)`");
    }
    Some(kind)
}

/// A Map over `items` whose iteration invokes `step`.
fn map_state(
    l: &mut Lowering,
    items: MapItems,
    count: Option<u64>,
    step: &syn::Expr,
    settings: &Settings,
) -> Option<ActionKind> {
    let task_name = l.names.fresh(&step_label(step));
    let step = step_ref(l, step)?;
    Some(ActionKind::Map {
        items,
        count,
        task_name,
        step,
        max_concurrency: settings.max_concurrency,
        distributed: settings.distributed,
        tolerated_count: settings.tolerated_count,
        tolerated_percentage: settings.tolerated_percentage,
    })
}

/// `join!(a(x), b(y))`: one Parallel branch per step call.
fn join(l: &mut Lowering, mac: &mut syn::Macro, vars: &Vars) -> Option<ActionKind> {
    let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    if name != "join" {
        l.errors.at(mac.path.span(), NOT_AN_ACTION);
        return None;
    }
    let calls = mac
        .parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        .map_err(|e| l.errors.push(e))
        .ok()?;
    if calls.len() < 2 {
        l.errors.at(mac.span(), "`join!` runs two or more step calls in parallel");
        return None;
    }
    let mut branches = Vec::new();
    let mut native = Vec::new();
    for mut c in calls {
        let syn::Expr::Call(call) = &mut c else {
            l.errors.at(c.span(), "each `join!` branch is one step call: `join!(charge(order), reserve(order))`");
            return None;
        };
        let [arg] = call.args.iter().collect::<Vec<_>>()[..] else {
            l.errors.at(call.span(), "a step takes exactly one argument: its event");
            return None;
        };
        let arg = arg.clone();
        let arg = &arg;
        let payload = expr::jsonata(arg, vars, l.errors)?;
        let name = l.names.fresh(&step_label(&call.func));
        let step = step_ref(l, &call.func)?;
        // `#[retry]` on a branch's call: the branch Task's Retry, and natively the same loop as on a statement.
        let retry = l.take_retry(&mut call.attrs);
        match &retry {
            Some((site, span)) => retry_native(l, call, site, *span),
            None => {
                let (func, arg) = (call.func.as_ref().clone(), arg.clone());
                *call = native_call(l, &func, &arg);
            }
        }
        branches.push(Branch { name, step, payload, retry: retry.map(|(site, _)| site.retry) });
        native.push(c);
    }
    mac.tokens = quote!(#(#native),*);
    Some(ActionKind::Parallel(branches))
}

/// The number of items of `[a, b]` or `vec![a, b]`.
fn literal_len(e: &syn::Expr) -> Option<u64> {
    let n = match e {
        syn::Expr::Array(a) => a.elems.len(),
        syn::Expr::Macro(m) if m.mac.path.is_ident("vec") => m
            .mac
            .parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
            .ok()?
            .len(),
        _ => return None,
    };
    u64::try_from(n).ok()
}

fn duration(l: &mut Lowering, d: &syn::Expr, vars: &Vars) -> Option<Wait> {
    let usage = "write the wait as `Duration::from_secs(n)`, `from_mins(n)` or `from_hours(n)`";
    let syn::Expr::Call(call) = d else {
        l.errors.at(d.span(), usage);
        return None;
    };
    let unit = match &*call.func {
        syn::Expr::Path(p) => match p.path.segments.last().map(|s| s.ident.to_string()).as_deref() {
            Some("from_secs") => 1,
            Some("from_mins") => 60,
            Some("from_hours") => 3600,
            _ => 0,
        },
        _ => 0,
    };
    let (1 | 60 | 3600, Some(arg)) = (unit, call.args.first()) else {
        l.errors.at(d.span(), usage);
        return None;
    };
    if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) = arg {
        let n = i.base10_parse::<u64>().map_err(|e| l.errors.push(e)).ok()?;
        return Some(Wait::Seconds(n * unit));
    }
    let value = expr::jsonata(arg, vars, l.errors)?;
    Some(Wait::SecondsExpr(if unit == 1 { value } else { format!("({value}) * {unit}") }))
}

/// A step named by a path: its Lambda name is `<path as Step>::NAME`, spanned on the path.
fn step_ref(l: &mut Lowering, e: &syn::Expr) -> Option<Ref> {
    let syn::Expr::Path(p) = e else {
        l.errors.at(e.span(), "name the step: a `#[function]`'s path");
        return None;
    };
    let path = &p.path;
    let span = path.span();
    let info = l.step_info(path);
    let name_const = quote_spanned!(span=> #info.name);
    let retry_const = Some(quote_spanned!(span=> #info.retry_asl));
    Some(Ref { kind: "function", name_const, retry_const, display: step_label(e) })
}

fn step_label(e: &syn::Expr) -> String {
    match e {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => other.to_token_stream().to_string(),
    }
}

/// `Orders::put`: a camel-case type followed by the operation.
fn is_resource_call(path: &syn::Path) -> bool {
    let n = path.segments.len();
    n >= 2 && path.segments[n - 2].ident.to_string().starts_with(|c: char| c.is_ascii_uppercase())
}

fn resource_path(path: &syn::Path) -> syn::Path {
    let mut ty = path.clone();
    ty.segments.pop();
    let last = ty.segments.pop().map(|p| p.into_value());
    ty.segments.extend(last);
    ty
}

/// Natively, a `#[retry]` step call retries through the same policy: `step(arg)` → `retry_step(&policy, arg, step)`.
fn retry_native(l: &mut Lowering, call: &mut syn::ExprCall, site: &RetrySite, span: Span) {
    let p = private_at(span);
    let r = &site.retry;
    let (attempts, interval, backoff) = (r.attempts, r.interval, r.backoff);
    let max_delay = match r.max_delay {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    };
    let on = &r.on;
    let func = call.func.clone();
    let arg = &call.args[0];
    let invoke = native_invoke(l, &func, call.args[0].span());
    let replacement: syn::ExprCall = syn::parse_quote_spanned!(span=>
        #p::retry_step(&#p::RetryPolicy {
            on: &[#(#on),*],
            attempts: #attempts,
            interval: #interval,
            backoff: #backoff,
            max_delay: #max_delay,
        }, #arg, #invoke)
    );
    *call = replacement;
    // Each variant named in `on` must be a variant of the step's error type, named through the alias
    // `#[function]` writes beside the step.
    let syn::Expr::Path(step) = &*func else { return };
    let mut alias = step.path.clone();
    if let Some(last) = alias.segments.last_mut() {
        last.ident = syn::Ident::new(&format!("__lambdaform_step_error_{}", last.ident), last.ident.span());
    }
    for variant in &site.on {
        let vspan = variant.span();
        l.check(quote_spanned!(vspan=> {
            let _ = |e: &#alias| matches!(e, #alias::#variant { .. });
        }));
    }
}

/// The `StepInfo` constant of a step named by `func` (a path: `classify` and `join` only pass those).
fn info_of(l: &mut Lowering, func: &syn::Expr) -> TokenStream {
    match func {
        syn::Expr::Path(p) => l.step_info(&p.path),
        other => other.to_token_stream(),
    }
}

/// A step call in the native body without a `#[retry]`: `call_step::<{ STEP_0.retry.is_some() }, ..>(&STEP_0, arg,
/// step)`, which answers from the test's mock, or calls the step with its `#[function(retry(..))]` default.
fn native_call(l: &mut Lowering, func: &syn::Expr, arg: &syn::Expr) -> syn::ExprCall {
    let span = func.span();
    let p = private_at(span);
    let info = info_of(l, func);
    let step = direct(func, arg.span());
    syn::parse_quote_spanned!(span=> #p::call_step::<{ #info.retry.is_some() }, _, _, _, _, _>(&#info, #arg, #step))
}

/// `|input| step(input)`: the step called directly, so that an input of the wrong type is rustc's plain
/// "mismatched types" on the argument (`at`), as for any fn call. The closure itself has the macro's span, so
/// clippy does not ask the user to write the fn instead.
fn direct(func: &syn::Expr, at: Span) -> syn::Expr {
    let input = syn::Ident::new("__lambdaform_input", at);
    syn::parse_quote!(|#input| #func(#input))
}

/// A Map's iteration in the native body: each item goes through [`native_call`].
fn native_iteration(l: &mut Lowering, step: &syn::Expr) -> syn::Expr {
    let span = step.span();
    let item = syn::Ident::new("__lambdaform_item", span);
    let call = native_call(l, step, &syn::parse_quote!(#item));
    syn::parse_quote_spanned!(span=> move |#item| #call)
}

/// One attempt under a statement `#[retry]`, which replaces the step's default: the mock, or the step.
fn native_invoke(l: &mut Lowering, func: &syn::Expr, at: Span) -> syn::Expr {
    let span = func.span();
    let p = private_at(span);
    let info = info_of(l, func);
    let input = syn::Ident::new("__lambdaform_attempt", span);
    let step = direct(func, at);
    syn::parse_quote_spanned!(span=> |#input| #p::invoke_step(&#info, #input, #step))
}

fn label(kind: &ActionKind) -> String {
    match kind {
        ActionKind::Invoke { step, .. } => step.display.clone(),
        ActionKind::Callback { step, .. } => format!("{} (callback)", step.display),
        ActionKind::Parallel(branches) => {
            format!("Parallel {}", branches.iter().map(|b| b.step.display.as_str()).collect::<Vec<_>>().join(", "))
        }
        ActionKind::Map { step, .. } => format!("Map {}", step.display),
        ActionKind::Wait(Wait::Seconds(s)) => format!("Wait {s}s"),
        ActionKind::Wait(Wait::SecondsExpr(e)) => format!("Wait {e} s"),
        ActionKind::Wait(Wait::Until(e)) => format!("Wait until {e}"),
        ActionKind::Dynamo { op, table, .. } => {
            let op = match op {
                DynamoOp::Put => "put",
                DynamoOp::Get => "get",
                DynamoOp::Update => "update",
                DynamoOp::Delete => "delete",
            };
            format!("{}.{op}", table.display)
        }
        ActionKind::Publish { topic, .. } => format!("{}.publish", topic.display),
        ActionKind::Send { queue, .. } => format!("{}.send", queue.display),
        ActionKind::PutEvents { .. } => "PutEvents".into(),
        ActionKind::Start { machine, sync: true, .. } => format!("Run {}", machine.display),
        ActionKind::Start { machine, .. } => format!("Start {}", machine.display),
    }
}
