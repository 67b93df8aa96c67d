//! The native body as the crate sees it: the user's `pub async fn order(input: Order) -> R` becomes a private
//! `async fn __lambdaform_native_order` holding the body exactly as lowered (so rustc checks it as written, with
//! the same diagnostics) and a plain `pub fn order(input: Order) -> impl Future<Output = R>` calling it.
//!
//! Why: rustc code-generates the state machine of every non-generic *public* `async fn` in the library that
//! declares it, even when nothing polls it. A `cargo build` of the service never runs the native body (tests and
//! `Workflow::run_native` callers do), so behind a private `async fn` its state machine, and every step call,
//! retry loop and Map stream in it, is code-generated only in the crate that polls it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The entry fn and the private body, for a workflow fn of one `ident: Type` parameter (checked by lowering).
pub fn split(f: &syn::ItemFn) -> TokenStream {
    let ident = &f.sig.ident;
    let body_ident = format_ident!("__lambdaform_native_{}", ident, span = ident.span());
    let (outer_attrs, inner_attrs): (Vec<_>, Vec<_>) = f.attrs.iter().partition(|a| on_entry(a));
    let cfgs = f.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let mut body = f.clone();
    body.vis = syn::Visibility::Inherited;
    body.sig.ident = body_ident.clone();
    body.attrs = inner_attrs.into_iter().cloned().collect();
    body.attrs.extend(cfgs.cloned());
    let (vis, input) = (&f.vis, f.sig.inputs.first());
    let arg = input.and_then(|arg| match arg {
        syn::FnArg::Typed(t) => match &*t.pat {
            syn::Pat::Ident(p) => Some((&p.ident, &t.ty)),
            _ => None,
        },
        syn::FnArg::Receiver(_) => None,
    });
    let (params, args) = match arg {
        Some((name, ty)) => (quote!(#name: #ty), quote!(#name)),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let output = match &f.sig.output {
        syn::ReturnType::Type(_, ty) => quote!(#ty),
        syn::ReturnType::Default => quote!(()),
    };
    quote! {
        #(#outer_attrs)*
        #vis fn #ident(#params) -> impl ::core::future::Future<Output = #output> {
            #body_ident(#args)
        }

        #body
    }
}

/// Attributes about the fn callers see (docs, deprecation, `#[must_use]`, `#[cfg]`) stay on the entry; the rest
/// (lint levels above all) go with the body they are about. `#[cfg]` goes on both, so they exist together.
fn on_entry(attr: &syn::Attribute) -> bool {
    ["doc", "deprecated", "must_use", "cfg"].iter().any(|name| attr.path().is_ident(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_keeps_the_signature_callers_see_and_the_body_keeps_its_lints() {
        let f: syn::ItemFn = syn::parse_quote! {
            /// Ships an order.
            #[cfg(feature = "w")]
            #[allow(clippy::too_many_lines)]
            pub async fn order(mut input: Order) -> Result<Receipt, Failure> { Ok(input.take()) }
        };
        let file: syn::File = syn::parse2(split(&f)).expect("two items");
        let [syn::Item::Fn(entry), syn::Item::Fn(body)] = &file.items[..] else { panic!("expected two fns") };
        let names = |attrs: &[syn::Attribute]| {
            attrs.iter().map(|a| a.path().get_ident().map(ToString::to_string).unwrap_or_default()).collect::<Vec<_>>()
        };
        assert_eq!(entry.sig.ident, "order");
        assert!(entry.sig.asyncness.is_none());
        assert!(matches!(entry.vis, syn::Visibility::Public(_)));
        assert_eq!(names(&entry.attrs), ["doc", "cfg"]);
        assert!(quote!(#entry).to_string().contains("__lambdaform_native_order (input)"));
        assert_eq!(body.sig.ident, "__lambdaform_native_order");
        assert!(body.sig.asyncness.is_some());
        assert!(matches!(body.vis, syn::Visibility::Inherited));
        assert_eq!(names(&body.attrs), ["allow", "cfg"]);
    }
}
