//! `#[state_machine]`: parse (`attrs`, `retry`) → model (`lower` with `actions`, `patterns`, `expr` into `ir`) →
//! validate (`limits`, plus the checks rustc runs on the emitted code) → expand (`asl`, `expand`).

mod actions;
mod asl;
mod attrs;
mod expand;
mod expr;
mod ir;
mod limits;
mod lower;
mod names;
mod native;
mod patterns;
mod retry;

pub use retry::{parse_tokens as parse_retry, RetrySite};

/// A retry default's `Retry` field as ASL text: `,"Retry":[{..}]`, spliced into the Tasks that invoke the step.
pub fn retry_field(retry: &ir::Retry) -> String {
    format!(",\"Retry\":[{}]", asl::retrier(retry))
}
#[cfg(test)]
mod tests;

use lambdaform_manifest::{MachineKind, Source, StateMachine};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::errors::Errors;

pub fn expand(attr: TokenStream, item: TokenStream, source: Source) -> TokenStream {
    let f: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let error = syn::Error::new(proc_macro2::Span::call_site(), "#[state_machine] goes on an `async fn`");
            let error = error.to_compile_error();
            return quote!(#item #error);
        }
    };
    let mut errors = Errors::default();
    let compiled = compile(attr, f, source, &mut errors);
    match compiled {
        Ok(tokens) if errors.is_empty() => tokens,
        Ok(native) | Err(native) => {
            // Invalid input still expands to the fn (without our attributes), so rust-analyzer keeps working.
            let mut out = native.to_token_stream();
            out.extend(errors.to_compile_errors());
            out
        }
    }
}

/// The fn as the user wrote it, without the `#[retry]` attributes only this macro understands.
fn as_written(mut f: syn::ItemFn) -> TokenStream {
    struct StripRetry;
    impl syn::visit_mut::VisitMut for StripRetry {
        fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
            attrs.retain(|a| !retry::is_retry(a));
        }
    }
    syn::visit_mut::VisitMut::visit_item_fn_mut(&mut StripRetry, &mut f);
    f.to_token_stream()
}

/// The expansion, or on error the fn as written.
fn compile(
    attr: TokenStream,
    mut f: syn::ItemFn,
    source: Source,
    errors: &mut Errors,
) -> Result<TokenStream, TokenStream> {
    let settings = attrs::parse(attr, errors);
    let events = attrs::triggers(&mut f, errors);
    let mut native = f.clone();
    let mut lowering = lower::Lowering {
        names: names::Names::default(),
        errors,
        checks: TokenStream::new(),
        express: settings.kind.0 == MachineKind::Express,
        unbounded: Vec::new(),
        steps_module: expand::steps_module(&f.sig.ident),
        steps: Vec::new(),
    };
    let workflow = lowering.workflow(&mut native);
    let (checks, unbounded, steps) = (lowering.checks, lowering.unbounded, lowering.steps);
    // On error the fn is emitted as written (minus our attributes), without the checks lowering added to it.
    let Some(workflow) = workflow.filter(|_| errors.is_empty()) else { return Err(as_written(f)) };
    let bound = limits::history_bound(&workflow);
    if let Some(events) = bound.filter(|b| *b > limits::MAX_HISTORY_EVENTS) {
        errors.at(
            f.sig.ident.span(),
            format!(
                "this workflow can write up to {events} history events, over AWS's {} per execution; fewer retries or Map items, or start a child machine for part of the work",
                limits::MAX_HISTORY_EVENTS
            ),
        );
        return Err(as_written(f));
    }
    let name = settings.name.map(|(n, _)| n).unwrap_or_else(|| f.sig.ident.to_string());
    let comment = format!("{name}: compiled by lambdaform from `{}`", f.sig.ident);
    let definition = asl::definition(&workflow, &comment, settings.timeout.map(|t| t.0));
    let machine = StateMachine {
        name,
        rust_path: format!("{}::{}", std::env::var("CARGO_CRATE_NAME").unwrap_or_default(), f.sig.ident),
        kind: settings.kind.0,
        definition: definition.json.clone(),
        events,
        source,
    };
    Ok(expand::expand(expand::Output { native: &native, machine, definition, checks, unbounded, steps }))
}
