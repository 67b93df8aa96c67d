//! `#[function]`: parse → model → validate → expand.

mod events;
mod settings;
mod signature;

pub use events::{parse as parse_event, EVENT_ATTRIBUTES};

use lambdaform_manifest::{limits, Event, Fragment, Function, Source, Use};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::emit;
use crate::errors::Errors;
use crate::names::{private, private_at, resource_name};
use crate::state_machine::RetrySite;

pub fn expand(attr: TokenStream, item: TokenStream, source: Source) -> TokenStream {
    let mut f: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let error = syn::Error::new(proc_macro2::Span::call_site(), "#[function] goes on an `async fn`");
            let error = error.to_compile_error();
            return quote!(#item #error);
        }
    };
    let mut errors = Errors::default();
    let settings = settings::parse(attr, &mut errors);

    // Trigger attributes below us have not expanded yet: take them off the fn and read them here.
    let mut event_sites = Vec::new();
    f.attrs.retain(|a| {
        let Some(name) = a.path().segments.last().map(|s| s.ident.clone()) else { return true };
        let kind = name.to_string();
        if !EVENT_ATTRIBUTES.contains(&kind.as_str()) {
            return true;
        }
        let tokens = match &a.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        // Errors about the trigger as a whole point at its name: on stable, a span cannot cover the attribute.
        if let Some(site) = events::parse(&kind, tokens, name.span(), &mut errors) {
            event_sites.push(site);
        }
        false
    });

    let signature = signature::analyze(&f, &mut errors);
    let is_http = event_sites.iter().any(|s| matches!(s.event, Event::Http(_)));
    if is_http {
        if let Some(other) = event_sites.iter().find(|s| !matches!(s.event, Event::Http(_))) {
            errors.at(
                other.span,
                format!(
                    "an #[http] function takes HTTP requests only; put #[{}] on a function of its own",
                    other.event.attribute()
                ),
            );
        }
        if settings.timeout.0 > limits::API_GATEWAY_TIMEOUT_S {
            errors.at(
                settings.timeout.1,
                format!(
                    "timeout {} s is over API Gateway's {} s integration limit for an #[http] function",
                    settings.timeout.0,
                    limits::API_GATEWAY_TIMEOUT_S
                ),
            );
        }
    }

    if let (Some((_, span)), Some(sig)) = (&settings.retry, &signature) {
        if is_http || sig.context_type.is_some() || sig.output.as_ref().and_then(written_result).is_none() {
            errors.at(*span, "`retry` is the default of the workflow Tasks that invoke this function, so it needs a step: one event parameter, a return type written `Result<T, E>`, no #[http]");
        }
    }
    let name = settings.name.as_ref().map(|(n, _)| n.clone()).unwrap_or_else(|| f.sig.ident.to_string());
    let (Some(signature), true) = (signature, errors.is_empty()) else {
        return fallback(&f, &errors);
    };

    let p = private();
    let mut checks = TokenStream::new();
    for site in &event_sites {
        checks.extend(site.checks.iter().cloned());
    }
    for u in &settings.uses {
        let resource = &u.resource;
        let access = syn::Ident::new(&camel(u.access.as_str()), u.access_span);
        // The call sits on the user's tokens, so every bound it fails is reported there rather than on #[function].
        let span = syn::spanned::Spanned::span(resource);
        let (at, access_at) = (private_at(span), private_at(u.access_span));
        checks.extend(quote::quote_spanned!(span=> #at::check_access::<#resource, #access_at::access::#access>();));
    }
    let triggers: Vec<TokenStream> = event_sites.iter().filter_map(|s| s.trigger_marker()).collect();
    checks.extend(signature::checks(&signature, &triggers));

    let mut uses: Vec<Use> =
        settings.uses.iter().map(|u| Use { resource: resource_name(&u.resource), access: u.access }).collect();
    uses.sort();
    let function = Function {
        name: name.clone(),
        rust_path: format!("{}::{}", std::env::var("CARGO_CRATE_NAME").unwrap_or_default(), f.sig.ident),
        memory: settings.memory,
        timeout: settings.timeout.0,
        architecture: settings.architecture,
        environment: settings.environment,
        reserved_concurrency: settings.reserved_concurrency,
        provisioned_concurrency: settings.provisioned_concurrency,
        description: settings.description,
        tracing: settings.tracing,
        log_retention: settings.log_retention,
        warmup: settings.warmup,
        uses,
        events: event_sites.into_iter().map(|s| s.event).collect(),
        source,
    };
    let fragment = emit::fragment(&Fragment::Function(function));

    let ident = &f.sig.ident;
    let handler = signature::handler_closure(&signature, ident, is_http);
    let step = step_impl(&f, &name, &signature, is_http, settings.retry.as_ref().map(|(r, _)| r));
    let invoker = if is_http { quote!(invoke_http) } else { quote!(invoke_event) };
    let memory = settings.memory;
    quote! {
        #f
        #step

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const _: () = {
            #[allow(unused)]
            fn __lambdaform_checks() {
                #checks
            }

            #fragment

            #[#p::linkme::distributed_slice(#p::FUNCTIONS)]
            #[linkme(crate = #p::linkme)]
            static __LAMBDAFORM_FUNCTION: #p::FunctionEntry = #p::FunctionEntry {
                name: #name,
                memory: #memory,
                invoke: |event, context| ::std::boxed::Box::pin(#p::#invoker(#handler, event, context)),
            };
        };
    }
}

/// `Step` on a hidden braced struct named like the fn (type namespace only, so no clash), which is how
/// `#[state_machine]` resolves a call to the Lambda name at compile time. Only a function a workflow can call
/// natively with one argument is a step: not an #[http] handler, not one that takes the context; the others get
/// the struct without the impl, so a workflow calling them reads "not a step". Beside it, an alias of the error
/// type: `#[retry(on = [Variant])]` checks variants through it (a variant cannot be named through
/// `<validate as Step>::Error`).
fn step_impl(
    f: &syn::ItemFn,
    name: &str,
    signature: &signature::Signature,
    is_http: bool,
    retry: Option<&RetrySite>,
) -> TokenStream {
    let Some(output) = &signature.output else { return TokenStream::new() };
    let p = private();
    let (vis, ident, input) = (&f.vis, &f.sig.ident, &signature.event_type);
    // Only a return type written `Result<T, E>` names the step's types: anything else is already reported by
    // the handler's own checks, and would be reported twice through the impl.
    let written = written_result(output).filter(|_| !is_http && signature.context_type.is_none());
    let step = written.map(|(ok, error)| {
        let alias = syn::Ident::new(&format!("__lambdaform_step_error_{ident}"), ident.span());
        let retry = retry.map(|site| retry_consts(site, &alias));
        quote! {
            #[doc(hidden)]
            #[allow(non_camel_case_types, dead_code, private_interfaces)]
            #vis type #alias = #error;

            impl #p::Step for #ident {
                const NAME: &'static str = #name;
                type Input = #input;
                type Output = #ok;
                type Error = #error;
                #retry
            }
        }
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident {}

        #step
    }
}

/// The `Step` constants of a retry default, and the check (spanned on each name in `on`) that the error type has
/// that variant.
fn retry_consts(site: &RetrySite, alias: &syn::Ident) -> TokenStream {
    let p = private();
    let r = &site.retry;
    let (on, attempts, interval, backoff) = (&r.on, r.attempts, r.interval, r.backoff);
    let max_delay = match r.max_delay {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    };
    let text = crate::state_machine::retry_field(r);
    let checks = site.on.iter().map(
        |variant| quote::quote_spanned!(variant.span()=> let _ = |e: &#alias| matches!(e, #alias::#variant { .. });),
    );
    quote! {
        const RETRY: ::core::option::Option<#p::RetryPolicy> = {
            #[allow(unused)]
            fn __lambdaform_retry_on() { #(#checks)* }
            ::core::option::Option::Some(#p::RetryPolicy {
                on: &[#(#on),*],
                attempts: #attempts,
                interval: #interval,
                backoff: #backoff,
                max_delay: #max_delay,
            })
        };
        const RETRY_ASL: &'static str = #text;
    }
}

/// `T` and `E` of a return type written `Result<T, E>`.
fn written_result(output: &syn::Type) -> Option<(&syn::Type, &syn::Type)> {
    let syn::Type::Path(path) = output else { return None };
    let last = path.path.segments.last().filter(|s| s.ident == "Result")?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(ok), syn::GenericArgument::Type(e)] => Some((ok, e)),
        _ => None,
    }
}

/// On invalid input: the fn as written (so rust-analyzer keeps working on its body) and our errors.
fn fallback(f: &syn::ItemFn, errors: &Errors) -> TokenStream {
    let errors = errors.to_compile_errors();
    let mut out = f.to_token_stream();
    out.extend(errors);
    out
}

fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}
