//! `#[table]`, `#[bucket]`, `#[topic]` and `#[queue]` on a unit struct: the resource's manifest entry, the marker
//! traits events and `uses(...)` are checked against, and typed accessors for its name and ARN at run time.

use lambdaform_manifest::{
    limits, Billing, Fragment, KeyType, Queue, Resource, ResourceKind, Source, StreamView, Table, TableKey, Topic,
};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use crate::args::{self, Arg, Value};
use crate::emit;
use crate::errors::Errors;
use crate::names::private;

pub fn expand(kind: &str, attr: TokenStream, item: TokenStream, source: Source) -> TokenStream {
    let s: syn::ItemStruct = match syn::parse2(item.clone()) {
        Ok(s) => s,
        Err(_) => {
            let error =
                syn::Error::new(Span::call_site(), format!("#[{kind}] goes on a struct: `#[{kind}] pub struct Name;`"));
            let error = error.to_compile_error();
            return quote!(#item #error);
        }
    };
    let mut errors = Errors::default();
    if !s.generics.params.is_empty() {
        errors.at(
            s.generics.params.first().map(syn::spanned::Spanned::span).unwrap_or_else(Span::call_site),
            "a resource type cannot be generic",
        );
    }
    let args = args::parse(attr);
    let mut retain = kind != "topic";
    let mut rest = Vec::new();
    for arg in args {
        if arg.key_str().as_deref() == Some("retain") {
            if let Some((v, _)) = errors.ok(args::boolean(&arg)) {
                retain = v;
            }
        } else {
            rest.push(arg);
        }
    }
    let resource_kind = match kind {
        "table" => table(&rest, &mut errors).map(ResourceKind::Table),
        "bucket" => no_args(&rest, "bucket", &mut errors).map(|_| ResourceKind::Bucket),
        "topic" => topic(&rest, &mut errors).map(ResourceKind::Topic),
        "queue" => queue(&rest, &mut errors).map(ResourceKind::Queue),
        _ => unreachable!("only resource attributes reach here"),
    };
    let (Some(resource_kind), true) = (resource_kind, errors.is_empty()) else {
        let errors = errors.to_compile_errors();
        return quote!(#s #errors);
    };
    let name = s.ident.to_string();
    let attributes = resource_kind.runtime_attributes();
    let fragment =
        emit::fragment(&Fragment::Resource(Resource { name: name.clone(), retain, kind: resource_kind, source }));
    let p = private();
    let ident = &s.ident;
    let marker = format_ident!("{}", capitalized(kind));
    let accessors = attributes.iter().map(|attribute| {
        let method = format_ident!("{}", attribute.to_ascii_lowercase());
        let doc = format!(
            "The deployed {} of this {kind}, from the environment the template sets.",
            attribute.to_ascii_lowercase()
        );
        quote! {
            #[doc = #doc]
            pub fn #method() -> ::core::result::Result<::std::string::String, ::lambdaform::ResourceError> {
                #p::resource_attribute(#name, #attribute)
            }
        }
    });
    quote! {
        #s

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const _: () = {
            #fragment

            impl #p::Resource for #ident {
                const NAME: &'static str = #name;
                type Kind = #p::kinds::#marker;
            }
            impl #p::#marker for #ident {}
        };

        impl #ident {
            #(#accessors)*
        }
    }
}

fn capitalized(kind: &str) -> String {
    let mut c = kind.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

fn no_args(args: &[Arg], kind: &str, errors: &mut Errors) -> Option<()> {
    for arg in args {
        errors.push(args::unknown(arg, kind, &["retain"]));
    }
    Some(())
}

fn key(arg: &Arg, errors: &mut Errors) -> Option<TableKey> {
    // `"id"` (a string key) or `("created", number)`.
    if let Ok((name, _)) = args::string(arg) {
        return Some(TableKey { name, key_type: KeyType::S });
    }
    let message = format!(
        "`{}` takes a key name, `\"id\"`, or a name and a type, `(\"id\", number)`",
        arg.key_str().unwrap_or_default()
    );
    let Some(tokens) = arg.value_tokens() else {
        errors.at(arg.span(), message);
        return None;
    };
    let tuple: Option<(syn::LitStr, syn::Ident)> = syn::parse2::<syn::ExprTuple>(tokens.clone()).ok().and_then(|t| {
        let mut elems = t.elems.into_iter();
        match (elems.next(), elems.next(), elems.next()) {
            (Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })), Some(syn::Expr::Path(p)), None) => {
                p.path.get_ident().cloned().map(|i| (s, i))
            }
            _ => None,
        }
    });
    let Some((name, ty)) = tuple else {
        errors.at(args::span_of(tokens), message);
        return None;
    };
    let key_type = match ty.to_string().as_str() {
        "string" => KeyType::S,
        "number" => KeyType::N,
        "binary" => KeyType::B,
        other => {
            errors.at(ty.span(), format!("unknown key type `{other}`; expected string, number or binary"));
            return None;
        }
    };
    Some(TableKey { name: name.value(), key_type })
}

fn table(args: &[Arg], errors: &mut Errors) -> Option<Table> {
    const KEYS: &[&str] = &["partition_key", "sort_key", "billing", "stream", "retain"];
    let (mut partition_key, mut sort_key, mut billing, mut stream) = (None, None, Billing::PayPerRequest, None);
    for arg in args {
        match arg.key_str().as_deref() {
            Some("partition_key") => partition_key = key(arg, errors),
            Some("sort_key") => sort_key = key(arg, errors).map(|k| (k, arg.span())),
            Some("billing") => billing = parse_billing(arg, errors).unwrap_or(billing),
            Some("stream") => {
                let views = ["keys_only", "new_image", "old_image", "new_and_old_images"];
                if let Some((v, _)) = errors.ok(args::ident(arg, &views)) {
                    stream = Some(match v.as_str() {
                        "keys_only" => StreamView::KeysOnly,
                        "new_image" => StreamView::NewImage,
                        "old_image" => StreamView::OldImage,
                        _ => StreamView::NewAndOldImages,
                    });
                }
            }
            _ => errors.push(args::unknown(arg, "table", KEYS)),
        }
    }
    let Some(partition_key) = partition_key else {
        // A partition key that was written but rejected already has its error.
        if !args.iter().any(|a| a.key_str().as_deref() == Some("partition_key")) {
            errors.at(Span::call_site(), "#[table] needs `partition_key = \"id\"`");
        }
        return None;
    };
    if let Some((sort_key, span)) = sort_key.as_ref().filter(|(s, _)| s.name == partition_key.name) {
        errors.at(*span, format!("the sort key `{}` must differ from the partition key", sort_key.name));
    }
    let sort_key = sort_key.map(|(key, _)| key);
    Some(Table { partition_key, sort_key, billing, stream })
}

fn parse_billing(arg: &Arg, errors: &mut Errors) -> Option<Billing> {
    let message = "`billing` is `on_demand` or `provisioned(read = 5, write = 5)`";
    let Some(tokens) = arg.value_tokens() else {
        errors.at(arg.span(), message);
        return None;
    };
    let trees: Vec<_> = tokens.clone().into_iter().collect();
    match trees.as_slice() {
        [proc_macro2::TokenTree::Ident(i)] if i == "on_demand" => Some(Billing::PayPerRequest),
        [proc_macro2::TokenTree::Ident(i), proc_macro2::TokenTree::Group(g)] if i == "provisioned" => {
            let (mut read, mut write) = (None, None);
            for inner in args::parse(g.stream()) {
                match inner.key_str().as_deref() {
                    Some("read") => read = errors.ok(args::number(&inner)).map(|(v, _)| v),
                    Some("write") => write = errors.ok(args::number(&inner)).map(|(v, _)| v),
                    _ => errors.push(args::unknown(&inner, "table(billing = provisioned(...))", &["read", "write"])),
                }
            }
            match (read, write) {
                (Some(read), Some(write)) if read > 0 && write > 0 => Some(Billing::Provisioned { read, write }),
                _ => {
                    errors.at(i.span(), "provisioned billing needs `read` and `write` capacity, each at least 1");
                    None
                }
            }
        }
        _ => {
            errors.at(args::span_of(tokens), message);
            None
        }
    }
}

fn topic(args: &[Arg], errors: &mut Errors) -> Option<Topic> {
    let mut fifo = false;
    for arg in args {
        match (arg.key_str().as_deref(), &arg.value) {
            (Some("fifo"), _) => fifo |= errors.ok(args::flag(arg)).is_some(),
            _ => errors.push(args::unknown(arg, "topic", &["fifo", "retain"])),
        }
    }
    Some(Topic { fifo })
}

fn queue(args: &[Arg], errors: &mut Errors) -> Option<Queue> {
    const KEYS: &[&str] = &["fifo", "visibility_timeout", "retention", "dlq", "retain"];
    let mut q = Queue { fifo: false, visibility_timeout: 30, retention: 345_600, dlq_max_receive: None };
    for arg in args {
        match (arg.key_str().as_deref(), &arg.value) {
            (Some("fifo"), _) => q.fifo |= errors.ok(args::flag(arg)).is_some(),
            (Some("visibility_timeout"), _) => {
                if let Some((v, span)) = errors.ok(args::seconds(arg)) {
                    if !limits::QUEUE_VISIBILITY_S.contains(&v) {
                        errors.at(
                            span,
                            format!("visibility timeout must be between 0 and 43200 seconds (12 h), got {v}"),
                        );
                    }
                    q.visibility_timeout = v;
                }
            }
            (Some("retention"), _) => {
                if let Some((v, span)) = errors.ok(args::seconds(arg)) {
                    if !limits::QUEUE_RETENTION_S.contains(&v) {
                        errors.at(span, format!("retention must be between 60 seconds and 14 days, got {v} s"));
                    }
                    q.retention = v;
                }
            }
            (Some("dlq"), Value::Call(tokens)) => {
                for inner in args::parse(tokens.clone()) {
                    match inner.key_str().as_deref() {
                        Some("max_receive") => {
                            if let Some((v, span)) = errors.ok(args::number(&inner)) {
                                if !limits::MAX_RECEIVE.contains(&v) {
                                    errors.at(span, format!("max_receive must be between 1 and 1000, got {v}"));
                                }
                                q.dlq_max_receive = Some(v);
                            }
                        }
                        _ => errors.push(args::unknown(&inner, "queue(dlq(...))", &["max_receive"])),
                    }
                }
                if q.dlq_max_receive.is_none() {
                    errors.at(arg.span(), "`dlq` needs `max_receive = N`: `dlq(max_receive = 3)`");
                }
            }
            (Some("dlq"), _) => errors.at(arg.span(), "`dlq` takes its settings: `dlq(max_receive = 3)`"),
            _ => errors.push(args::unknown(arg, "queue", KEYS)),
        }
    }
    Some(q)
}
