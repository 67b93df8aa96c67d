//! `#[derive(FunctionError)]`: an enum reports its variant's name as Lambda's `errorType`, a struct its own
//! name. Workflows catch on these names.

use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(input: TokenStream) -> TokenStream {
    let item: syn::DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let ident = &item.ident;
    let (impl_generics, type_generics, where_clause) = item.generics.split_for_impl();
    let body = match &item.data {
        syn::Data::Enum(e) if e.variants.is_empty() => quote!(match *self {}),
        syn::Data::Enum(e) => {
            let arms = e.variants.iter().map(|v| {
                let name = &v.ident;
                let text = name.to_string();
                quote!(Self::#name { .. } => #text,)
            });
            quote!(match self { #(#arms)* })
        }
        syn::Data::Struct(_) => {
            let text = ident.to_string();
            quote!(#text)
        }
        syn::Data::Union(_) => {
            return syn::Error::new(ident.span(), "FunctionError derives on an enum or a struct").to_compile_error();
        }
    };
    quote! {
        impl #impl_generics ::lambdaform::FunctionError for #ident #type_generics #where_clause {
            fn error_type(&self) -> &'static str {
                #body
            }
        }
    }
}
