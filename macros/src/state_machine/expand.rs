//! The tokens a `#[state_machine]` becomes: the fn as plain Rust (the native body), the hidden `Workflow` type,
//! the compile-time checks, and the manifest fragment assembled from literal JSON and name constants.

use lambdaform_manifest::{Fragment, StateMachine};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::asl::{Definition, SENTINEL};
use crate::emit;
use crate::names::private;

pub struct Output<'a> {
    pub native: &'a syn::ItemFn,
    pub machine: StateMachine,
    pub definition: Definition,
    pub checks: TokenStream,
    /// Spans of Maps whose item count is unknown: each gets a warning.
    pub unbounded: Vec<Span>,
}

pub fn expand(out: Output) -> TokenStream {
    let p = private();
    let f = out.native;
    let (vis, ident) = (&f.vis, &f.sig.ident);
    let input = match f.sig.inputs.first() {
        Some(syn::FnArg::Typed(t)) => (*t.ty).clone(),
        _ => syn::parse_quote!(()),
    };
    let ret = match &f.sig.output {
        syn::ReturnType::Type(_, ty) => (**ty).clone(),
        syn::ReturnType::Default => syn::parse_quote!(()),
    };
    let name = &out.machine.name;
    let definition_parts = parts(&serde_json::to_string(&out.definition.json).unwrap_or_default(), &out.definition);
    let mut fragment_text = Fragment::StateMachine(out.machine.clone()).encode();
    fragment_text.pop();
    let fragment_parts = parts(&String::from_utf8_lossy(&fragment_text), &out.definition);
    let fragment = emit::fragment_parts(&fragment_parts);
    let checks = out.checks;
    // The return type is `Result<T, E>` with `E: FunctionError`, reported on the user's return type.
    let ret_span = ret.span();
    let ret_checks = quote_spanned!(ret_span=>
        #p::check_output::<#ret>();
        #p::check_err::<<#ret as #p::HandlerOutput>::Err>();
    );
    let warnings = out.unbounded.iter().map(|span| quote_spanned!(*span=> unbounded_history();));
    let warning_fn = (!out.unbounded.is_empty()).then(|| {
        quote! {
            #[deprecated(note = "this Map's item count is known only at run time, so the execution's history has no static bound below AWS's 25,000 events; keep the items few, or move the fan-out into a step")]
            fn unbounded_history() {}
        }
    });
    quote! {
        #f

        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident {}

        impl #p::Workflow for #ident {
            const NAME: &'static str = #name;
            type Input = #input;
            type Output = <#ret as #p::HandlerOutput>::Ok;
            type Error = <#ret as #p::HandlerOutput>::Err;

            fn definition() -> #p::JsonValue {
                #p::definition_from_parts(&[#(#definition_parts),*])
            }

            fn run_native(input: Self::Input) -> impl ::core::future::Future<Output = #ret> + ::core::marker::Send {
                #ident(input)
            }
        }

        #[doc(hidden)]
        const _: () = {
            #[allow(unused, clippy::all)]
            fn __lambdaform_checks() {
                #warning_fn
                #(#warnings)*
                #checks
                #ret_checks
            }

            #fragment
        };
    }
}

/// The JSON text cut at each sentinel: literal pieces, and between them the reference's name constant.
fn parts(text: &str, d: &Definition) -> Vec<TokenStream> {
    let marker = format!("\\u{:04x}", SENTINEL as u32);
    let mut out = Vec::new();
    let mut pieces = text.split(marker.as_str());
    let first = pieces.next().unwrap_or_default();
    out.push(quote!(#first));
    while let (Some(index), Some(rest)) = (pieces.next(), pieces.next()) {
        if let Some(r) = index.parse::<usize>().ok().and_then(|i| d.refs.get(i)) {
            out.push(r.name_const.clone());
        }
        out.push(quote!(#rest));
    }
    out
}
