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

/// What the glue passes to the handler: `event` and `context`, converted through a bound spanned on the
/// parameter's type where that type is fixed (the request, the context), so a wrong type fails there, once.
pub fn arguments(sig: &Signature, http: bool) -> TokenStream {
    let event = &sig.event_type;
    let event_arg = if http {
        let at = private_at(event.span());
        quote_spanned!(event.span()=> #at::http_input::<#event>(event))
    } else {
        quote!(event)
    };
    match &sig.context_type {
        Some(ty) => {
            let at = private_at(ty.span());
            quote_spanned!(ty.span()=> #event_arg, #at::context::<#ty>(context))
        }
        None => event_arg,
    }
}

/// Bounds on the event parameter and the return type.
pub fn checks(sig: &Signature, http: bool, triggers: &[TokenStream]) -> TokenStream {
    let p = private();
    let event = &sig.event_type;
    let event_span = event.span();
    let mut out = TokenStream::new();
    // An #[http] handler's parameter types are checked where the glue passes them (see `arguments`).
    if !http && triggers.is_empty() {
        out.extend(quote_spanned!(event_span=> #p::check_input::<#event>();));
    }
    for marker in triggers {
        out.extend(quote_spanned!(event_span=> #p::check_trigger::<#marker, #event>();));
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
