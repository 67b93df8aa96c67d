//! The handler's signature: async, one event parameter and an optional context, a `Result` return. Every check is
//! a trait bound spanned on the user's own tokens, so rustc reports our message at their parameter.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::errors::Errors;
use crate::names::{private, private_at};

pub struct Signature {
    pub event_type: syn::Type,
    /// The second parameter's type, which must be the Lambda context.
    pub context_type: Option<syn::Type>,
    /// The declared return type, or `None` for `()`.
    pub output: Option<syn::Type>,
}

pub fn analyze(f: &syn::ItemFn, errors: &mut Errors) -> Option<Signature> {
    let sig = &f.sig;
    if sig.asyncness.is_none() {
        errors.at(sig.fn_token.span(), "a #[function] handler must be an `async fn`");
    }
    if !sig.generics.params.is_empty() {
        errors.at(sig.generics.span(), "a #[function] handler cannot be generic: Lambda needs one concrete event type");
    }
    let mut types = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(r) => errors.at(r.span(), "a #[function] handler is a free function, not a method"),
            syn::FnArg::Typed(t) => types.push((*t.ty).clone()),
        }
    }
    let output = match &sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, ty) => Some((**ty).clone()),
    };
    if output.is_none() {
        errors.at(
            sig.ident.span(),
            "a #[function] handler returns `Result<T, E>`; add `-> Result<(), lambdaform::Error>`",
        );
    }
    match types.len() {
        1 | 2 => Some(Signature { event_type: types[0].clone(), context_type: types.get(1).cloned(), output }),
        0 => {
            errors.at(sig.paren_token.span.join(), "a #[function] handler takes the event as its first parameter");
            None
        }
        _ => {
            errors.at(
                sig.inputs.span(),
                "a #[function] handler takes the event and, optionally, the `Context`: at most two parameters",
            );
            None
        }
    }
}

/// The handler closure the glue runs: it takes the raw event (or the request) and the context, and returns the
/// glue's reply. Each conversion is a call spanned on the user's own type (the parameter, the return type), so a
/// wrong type fails there, once, in our words, and the glue carries no bound on the user's types.
pub fn handler_closure(sig: &Signature, ident: &syn::Ident, http: bool) -> TokenStream {
    let p = private();
    let event = &sig.event_type;
    let event_at = private_at(event.span());
    let mut arguments =
        if http { quote_spanned!(event.span()=> #event_at::http_input::<#event>(event)) } else { quote!(event) };
    if let Some(ty) = &sig.context_type {
        let at = private_at(ty.span());
        arguments.extend(quote_spanned!(ty.span()=> , #at::context::<#ty>(context)));
    }
    let output_span = sig.output.as_ref().map_or(ident.span(), |o| o.span());
    let output_at = private_at(output_span);
    // The handler's result is bound first, so the conversion's only argument is spanned on the return type.
    let output = quote_spanned!(output_span=> output);
    if http {
        let reply = quote_spanned!(output_span=> #output_at::http_reply(#output));
        quote! {
            |event: #p::Request, context: #p::Context| async move {
                let _ = &context;
                let #output = #ident(#arguments).await;
                match #reply {
                    ::std::result::Result::Ok(response) => ::std::result::Result::Ok(response.await),
                    ::std::result::Result::Err(error) => ::std::result::Result::Err(error),
                }
            }
        }
    } else {
        let input = quote_spanned!(event.span()=> #event_at::event_input::<#event>(event)?);
        let reply = quote_spanned!(output_span=> #output_at::event_reply(#output));
        quote! {
            |event: #p::RawEvent, context: #p::Context| async move {
                let _ = &context;
                let event = #input;
                let #output = #ident(#arguments).await;
                #reply
            }
        }
    }
}

/// Bounds on the event parameter that the conversions do not cover: the trigger's event type.
pub fn checks(sig: &Signature, triggers: &[TokenStream]) -> TokenStream {
    let p = private();
    let event = &sig.event_type;
    let event_span = event.span();
    let mut out = TokenStream::new();
    for marker in triggers {
        out.extend(quote_spanned!(event_span=> #p::check_trigger::<#marker, #event>();));
    }
    out
}
