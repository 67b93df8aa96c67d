//! The handler's signature: async, one event parameter and an optional context, a `Result` return. Every check is
//! a trait bound spanned on the user's own tokens, so rustc reports our message at their parameter.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::errors::Errors;
use crate::names::private;

pub struct Signature {
    pub event_type: syn::Type,
    pub takes_context: bool,
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
        1 | 2 => Some(Signature { event_type: types[0].clone(), takes_context: types.len() == 2, output }),
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

/// Bounds on the parameters and the return type.
pub fn checks(sig: &Signature, f: &syn::ItemFn, http: bool, triggers: &[TokenStream]) -> TokenStream {
    let p = private();
    let event = &sig.event_type;
    let event_span = event.span();
    let mut out = TokenStream::new();
    if http {
        out.extend(quote_spanned!(event_span=> #p::check_http_input::<#event>();));
    } else if triggers.is_empty() {
        out.extend(quote_spanned!(event_span=> #p::check_input::<#event>();));
    }
    for marker in triggers {
        out.extend(quote_spanned!(event_span=> #p::check_trigger::<#marker, #event>();));
    }
    if sig.takes_context {
        if let Some(syn::FnArg::Typed(t)) = f.sig.inputs.iter().nth(1) {
            let ty = &t.ty;
            out.extend(quote_spanned!(ty.span()=> #p::check_context::<#ty>();));
        }
    }
    if let Some(output) = &sig.output {
        let span = output.span();
        out.extend(quote_spanned!(span=> #p::check_output::<#output>();));
        let ok = if http { quote!(check_http_ok) } else { quote!(check_ok) };
        out.extend(quote_spanned!(span=>
            #p::#ok::<<#output as #p::HandlerOutput>::Ok>();
            #p::check_err::<<#output as #p::HandlerOutput>::Err>();
        ));
    }
    out
}
