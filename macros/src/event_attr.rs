//! A trigger attribute written *above* `#[function]` expands first. It moves itself below `#[function]` (or
//! `#[state_machine]`), which then reads it; alone, it is an error.

use proc_macro2::{Span, TokenStream};
use quote::quote;

const OWNERS: &[&str] = &["function", "state_machine"];

pub fn expand(kind: &str, attr: TokenStream, item: TokenStream) -> TokenStream {
    let Ok(mut f) = syn::parse2::<syn::ItemFn>(item.clone()) else {
        let message = format!("#[{kind}] goes on an `async fn` together with #[function]");
        let error = syn::Error::new(Span::call_site(), message).to_compile_error();
        return quote!(#item #error);
    };
    let owner = f
        .attrs
        .iter()
        .position(|a| a.path().segments.last().is_some_and(|s| OWNERS.contains(&s.ident.to_string().as_str())));
    let Some(owner) = owner else {
        let message = format!("#[{kind}] needs #[function] on the same fn: `#[function] #[{kind}(...)] async fn ...`");
        let error = syn::Error::new(Span::call_site(), message).to_compile_error();
        return quote!(#f #error);
    };
    let ident = syn::Ident::new(kind, Span::call_site());
    let moved: syn::Attribute = syn::parse_quote!(#[::lambdaform::#ident(#attr)]);
    f.attrs.insert(owner + 1, moved);
    quote!(#f)
}
