//! `lambdaform::main!()`: the service's `fn main`, which dispatches on `_HANDLER`, and the fragment that names
//! the service (the package name, or `main!(name = "...")`). `main!(tracing = false)` skips the log subscriber.

use lambdaform_manifest::Fragment;
use proc_macro2::TokenStream;
use quote::quote;

use crate::args;
use crate::emit;
use crate::errors::Errors;
use crate::names::private;

pub fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let mut name = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    // `lambda_runtime`'s default log subscriber, as AWS's examples start it; `tracing = false` opts out.
    let mut tracing = true;
    for arg in args::parse(input) {
        match arg.key_str().as_deref() {
            Some("name") => {
                if let Some((n, span)) = errors.ok(args::string(&arg)) {
                    let mut chars = n.chars();
                    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
                        && n.len() <= 64;
                    if !valid {
                        errors.at(span, "a service name starts with a letter and holds letters, digits and `-` (at most 64): it prefixes the stack name");
                    }
                    name = n;
                }
            }
            Some("tracing") => {
                if let Some((on, _)) = errors.ok(args::boolean(&arg)) {
                    tracing = on;
                }
            }
            _ => errors.push(args::unknown(&arg, "main!", &["name", "tracing"])),
        }
    }
    if !errors.is_empty() {
        let errors = errors.to_compile_errors();
        return quote!(fn main() {} #errors);
    }
    let fragment = emit::fragment(&Fragment::Service { name });
    let p = private();
    let init = if tracing { quote!(#p::init_tracing) } else { quote!(|| {}) };
    quote! {
        fn main() -> ::std::process::ExitCode {
            const _: () = {
                #fragment
            };
            #p::start(#init)
        }
    }
}
