//! Writes a manifest fragment into the binary: a `#[used]` static in our link section, registered in the
//! runtime's `MANIFEST` slice so the linker keeps it.

use lambdaform_manifest::{Fragment, SECTION_ELF, SECTION_MACHO_SECTION, SECTION_MACHO_SEGMENT};
use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::names::private;

/// The fragment's static and its registration; expands inside a `const _: () = { ... };` block.
pub fn fragment(fragment: &Fragment) -> TokenStream {
    let bytes = fragment.encode();
    let len = bytes.len();
    let literal = syn::LitByteStr::new(&bytes, Span::call_site());
    section(quote!([u8; #len]), quote!(*#literal))
}

/// A fragment whose JSON is only complete at compile time: literal pieces and `&'static str` constants (names
/// that come from trait constants), concatenated by a `const fn` of the runtime.
pub fn fragment_parts(parts: &[TokenStream]) -> TokenStream {
    let p = private();
    let statics = section(quote!([u8; #p::fragment_len(__LAMBDAFORM_PARTS)]), quote!(#p::fragment(__LAMBDAFORM_PARTS)));
    quote! {
        const __LAMBDAFORM_PARTS: &[&str] = &[#(#parts),*];
        #statics
    }
}

fn section(ty: TokenStream, value: TokenStream) -> TokenStream {
    let macho = format!("{SECTION_MACHO_SEGMENT},{SECTION_MACHO_SECTION}");
    let p = private();
    quote! {
        #[used]
        #[cfg_attr(any(target_os = "macos", target_os = "ios"), unsafe(link_section = #macho))]
        #[cfg_attr(not(any(target_os = "macos", target_os = "ios")), unsafe(link_section = #SECTION_ELF))]
        static __LAMBDAFORM_FRAGMENT: #ty = #value;

        #[#p::linkme::distributed_slice(#p::MANIFEST)]
        #[linkme(crate = #p::linkme)]
        static __LAMBDAFORM_MANIFEST_ENTRY: &'static [u8] = &__LAMBDAFORM_FRAGMENT;
    }
}

/// Where the macro was called, for messages that point back at the user's code.
pub fn source(span: proc_macro::Span) -> lambdaform_manifest::Source {
    lambdaform_manifest::Source {
        package: std::env::var("CARGO_PKG_NAME").unwrap_or_default(),
        file: span.file().replace('\\', "/"),
        line: span.line() as u32,
    }
}
