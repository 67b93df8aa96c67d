//! A small tokenizer for attribute arguments. `syn::Meta` cannot hold what our attributes take (JSON objects,
//! positional methods and paths, `Type: access` pairs), so arguments are split at top-level commas and each
//! value is interpreted by the key that owns it, keeping its span for errors.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};

pub struct Arg {
    pub key: Option<Ident>,
    pub value: Value,
}

pub enum Value {
    /// `key`
    Flag,
    /// `key = tokens`
    Assign(TokenStream),
    /// `key(tokens)`
    Call(TokenStream),
    /// Anything that does not start with a key: `"/path"`, `POST`.
    Bare(TokenStream),
}

impl Arg {
    pub fn span(&self) -> Span {
        match (&self.key, &self.value) {
            (Some(key), _) => key.span(),
            (None, Value::Bare(tokens)) => span_of(tokens),
            (None, _) => Span::call_site(),
        }
    }

    pub fn key_str(&self) -> Option<String> {
        self.key.as_ref().map(Ident::to_string)
    }

    pub fn value_tokens(&self) -> Option<&TokenStream> {
        match &self.value {
            Value::Assign(t) | Value::Call(t) | Value::Bare(t) => Some(t),
            Value::Flag => None,
        }
    }
}

pub fn span_of(tokens: &TokenStream) -> Span {
    let mut iter = tokens.clone().into_iter();
    let first = iter.next().map(|t| t.span()).unwrap_or_else(Span::call_site);
    match iter.last() {
        Some(last) => first.join(last.span()).unwrap_or(first),
        None => first,
    }
}

/// Splits `tokens` at top-level commas.
pub fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut out = vec![TokenStream::new()];
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(TokenStream::new()),
            _ => out.last_mut().expect("never empty").extend([tree]),
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

pub fn parse(tokens: TokenStream) -> Vec<Arg> {
    split_commas(tokens)
        .into_iter()
        .map(|chunk| {
            let trees: Vec<TokenTree> = chunk.clone().into_iter().collect();
            match trees.as_slice() {
                [TokenTree::Ident(key)] => Arg { key: Some(key.clone()), value: Value::Flag },
                [TokenTree::Ident(key), TokenTree::Punct(eq), rest @ ..] if eq.as_char() == '=' && !rest.is_empty() => {
                    Arg { key: Some(key.clone()), value: Value::Assign(rest.iter().cloned().collect()) }
                }
                [TokenTree::Ident(key), TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                    Arg { key: Some(key.clone()), value: Value::Call(g.stream()) }
                }
                _ => Arg { key: None, value: Value::Bare(chunk) },
            }
        })
        .collect()
}

fn expect_value<'a>(arg: &'a Arg, what: &str) -> syn::Result<&'a TokenStream> {
    match &arg.value {
        Value::Assign(t) => Ok(t),
        _ => Err(syn::Error::new(
            arg.span(),
            format!(
                "`{}` takes a value: `{} = {what}`",
                arg.key_str().unwrap_or_default(),
                arg.key_str().unwrap_or_default()
            ),
        )),
    }
}

pub fn string(arg: &Arg) -> syn::Result<(String, Span)> {
    let tokens = expect_value(arg, "\"...\"")?;
    let lit: syn::LitStr = syn::parse2(tokens.clone()).map_err(|_| {
        syn::Error::new(span_of(tokens), format!("`{}` takes a string literal", arg.key_str().unwrap_or_default()))
    })?;
    Ok((lit.value(), lit.span()))
}

pub fn number(arg: &Arg) -> syn::Result<(u32, Span)> {
    let tokens = expect_value(arg, "a number")?;
    let lit: syn::LitInt = syn::parse2(tokens.clone()).map_err(|_| {
        syn::Error::new(span_of(tokens), format!("`{}` takes a whole number", arg.key_str().unwrap_or_default()))
    })?;
    let value = lit.base10_parse::<u32>().map_err(|_| syn::Error::new(lit.span(), "number out of range"))?;
    Ok((value, lit.span()))
}

pub fn float(arg: &Arg) -> syn::Result<(f64, Span)> {
    let tokens = expect_value(arg, "a number")?;
    let span = span_of(tokens);
    let text = tokens.to_string().replace(' ', "");
    text.parse::<f64>()
        .map(|v| (v, span))
        .map_err(|_| syn::Error::new(span, format!("`{}` takes a number", arg.key_str().unwrap_or_default())))
}

/// A number of seconds, or a duration string such as `"30s"` or `"15m"`.
pub fn seconds(arg: &Arg) -> syn::Result<(u32, Span)> {
    let tokens = expect_value(arg, "seconds")?;
    if let Ok(lit) = syn::parse2::<syn::LitStr>(tokens.clone()) {
        let value =
            lambdaform_manifest::limits::parse_duration(&lit.value()).map_err(|m| syn::Error::new(lit.span(), m))?;
        return Ok((value, lit.span()));
    }
    number(arg).map_err(|_| {
        syn::Error::new(
            span_of(tokens),
            format!("`{}` takes seconds, like `30` or `\"15m\"`", arg.key_str().unwrap_or_default()),
        )
    })
}

/// A key that stands alone, like `fifo`; written with a value, the error says so instead of calling it unknown.
pub fn flag(arg: &Arg) -> syn::Result<()> {
    match arg.value {
        Value::Flag => Ok(()),
        _ => {
            let key = arg.key_str().unwrap_or_default();
            Err(syn::Error::new(arg.span(), format!("`{key}` is a flag: write `{key}` alone, without a value")))
        }
    }
}

/// `true` or `false`, which are keywords and so never parse as an `Ident`.
pub fn boolean(arg: &Arg) -> syn::Result<(bool, Span)> {
    let tokens = expect_value(arg, "true")?;
    syn::parse2::<syn::LitBool>(tokens.clone()).map(|b| (b.value, b.span)).map_err(|_| {
        syn::Error::new(span_of(tokens), format!("`{}` takes `true` or `false`", arg.key_str().unwrap_or_default()))
    })
}

pub fn ident(arg: &Arg, choices: &[&str]) -> syn::Result<(String, Span)> {
    let tokens = expect_value(arg, choices.first().copied().unwrap_or("..."))?;
    let found: Option<Ident> = syn::parse2(tokens.clone()).ok();
    match found {
        Some(i) if choices.contains(&i.to_string().as_str()) => Ok((i.to_string(), i.span())),
        _ => Err(syn::Error::new(
            span_of(tokens),
            format!("`{}` must be one of: {}", arg.key_str().unwrap_or_default(), choices.join(", ")),
        )),
    }
}

pub fn path(arg: &Arg) -> syn::Result<syn::Path> {
    let tokens = expect_value(arg, "TypeName")?;
    syn::parse2::<syn::Path>(tokens.clone()).map_err(|_| {
        syn::Error::new(
            span_of(tokens),
            format!("`{}` takes the type of a declared resource", arg.key_str().unwrap_or_default()),
        )
    })
}

/// `[A, B]` → its items.
pub fn list(arg: &Arg) -> syn::Result<Vec<TokenStream>> {
    let tokens = expect_value(arg, "[...]")?;
    match syn::parse2::<Group>(tokens.clone()) {
        Ok(g) if g.delimiter() == Delimiter::Bracket => Ok(split_commas(g.stream())),
        _ => Err(syn::Error::new(
            span_of(tokens),
            format!("`{}` takes a list: `[...]`", arg.key_str().unwrap_or_default()),
        )),
    }
}

pub fn string_list(arg: &Arg) -> syn::Result<Vec<String>> {
    list(arg)?
        .into_iter()
        .map(|item| {
            syn::parse2::<syn::LitStr>(item.clone())
                .map(|l| l.value())
                .map_err(|_| syn::Error::new(span_of(&item), "expected a string literal"))
        })
        .collect()
}

/// A JSON value written inline (`{"a": [1, 2]}`) or as a string holding JSON.
pub fn json(arg: &Arg) -> syn::Result<serde_json::Value> {
    let tokens = expect_value(arg, "{ ... }")?;
    let span = span_of(tokens);
    let text = match syn::parse2::<syn::LitStr>(tokens.clone()) {
        Ok(lit) => lit.value(),
        // Rust's tokenizer prints `-1` as `- 1`; JSON needs the sign attached.
        Err(_) => tokens.to_string().replace("- ", "-"),
    };
    serde_json::from_str(&text)
        .map_err(|e| syn::Error::new(span, format!("`{}` is not valid JSON: {e}", arg.key_str().unwrap_or_default())))
}

/// Rejects an argument a macro does not know, naming the ones it does.
pub fn unknown(arg: &Arg, attribute: &str, known: &[&str]) -> syn::Error {
    // `main!` is a function-like macro: `main!(...)`, not an attribute.
    let written = match attribute.strip_suffix('!') {
        Some(name) => format!("{name}!(...)"),
        None => format!("#[{attribute}]"),
    };
    let what = match &arg.key {
        Some(key) => format!("unknown key `{key}` in {written}"),
        None => format!(
            "unexpected argument `{}` in {written}",
            arg.value_tokens().map(|t| t.to_string()).unwrap_or_default()
        ),
    };
    syn::Error::new(arg.span(), format!("{what}; expected one of: {}", known.join(", ")))
}
