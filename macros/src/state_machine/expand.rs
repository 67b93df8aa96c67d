//! The tokens a `#[state_machine]` becomes: the fn as plain Rust (the native body), the hidden `Workflow` type,
//! the compile-time checks, and the manifest fragment assembled from literal JSON and name constants.

use lambdaform_manifest::{Fragment, StateMachine};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::asl::{pieces, Definition, Piece};
use crate::emit;
use crate::names::{private, private_at};

pub struct Output<'a> {
    pub native: &'a syn::ItemFn,
    pub machine: StateMachine,
    pub definition: Definition,
    pub checks: TokenStream,
    /// Spans of Maps whose item count is unknown: each gets a warning.
    pub unbounded: Vec<Span>,
    /// The step paths the body calls, in the order of their constants.
    pub steps: Vec<syn::Path>,
}

/// The module beside the workflow that holds one `StepInfo` constant per step it calls.
pub fn steps_module(workflow: &syn::Ident) -> syn::Ident {
    syn::Ident::new(&format!("__lambdaform_steps_{workflow}"), Span::call_site())
}

/// `mod __lambdaform_steps_order { .. }`: `STEP_i = { use super::*; step_info::<path>() }`. Inside the block, the
/// glob import finds a `#[function]`'s hidden type first; a plain fn has no type, so a bare name falls through
/// to the module's own fallback struct of that name, which is no `Step`: rustc then reports `Step`'s own message
/// on the call, not "expected type, found function".
fn steps_items(workflow: &syn::Ident, steps: &[syn::Path]) -> TokenStream {
    let p = private();
    let module = steps_module(workflow);
    let fallbacks = steps.iter().filter_map(|s| s.get_ident());
    let consts = steps.iter().enumerate().map(|(i, path)| {
        let constant = super::lower::step_const(i);
        let path = from_child_module(path);
        let span = path.span();
        let at = private_at(span);
        quote_spanned!(span=>
            pub const #constant: #p::StepInfo = {
                #[allow(unused_imports)]
                use super::*;
                #at::step_info::<#path>()
            };
        )
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        mod #module {
            #(pub struct #fallbacks {})*
            #(#consts)*
        }
    }
}

/// A path written in the workflow's module, as seen from a module inside it.
fn from_child_module(path: &syn::Path) -> syn::Path {
    let mut path = path.clone();
    if path.leading_colon.is_none() {
        if let Some(first) = path.segments.first_mut() {
            if first.ident == "self" {
                first.ident = syn::Ident::new("super", first.ident.span());
            } else if first.ident == "super" {
                path.segments.insert(0, syn::parse_quote!(super));
            }
        }
    }
    path
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
    let steps = steps_items(ident, &out.steps);
    let native = super::native::split(f);
    quote! {
        #native

        #steps

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

/// The JSON text cut at each sentinel: literal pieces, and between them the reference's constant.
fn parts(text: &str, d: &Definition) -> Vec<TokenStream> {
    pieces(text, &d.refs)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(t) => quote!(#t),
            Piece::Ref(r) => r.name_const.clone(),
        })
        .collect()
}
