//! How Rust names become manifest names, and the paths generated code goes through.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

/// A resource is named by its type's name: the last segment of the path the user wrote.
pub fn resource_name(path: &syn::Path) -> String {
    path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}

/// `::lambdaform::__private`, the only way generated code reaches our support code.
pub fn private() -> TokenStream {
    quote!(::lambdaform::__private)
}

/// [`private`] spanned on a token of the user's, so that rustc reports a failed bound of the call there.
pub fn private_at(span: Span) -> TokenStream {
    quote_spanned!(span=> ::lambdaform::__private)
}
