//! `match` / `if let` patterns → a Choice rule's condition and the variables the arm binds. Enum values follow
//! serde's external tagging: a unit variant is the string `"Variant"`, any other variant `{"Variant": ...}`.

use syn::spanned::Spanned;

use super::expr::{string_literal, variant_name};
use super::ir::Jsonata;
use super::lower::Lowering;

pub struct Pattern {
    /// `None` when the pattern matches everything.
    pub condition: Option<Jsonata>,
    pub binds: Vec<(String, Jsonata)>,
}

const UNSUPPORTED: &str =
    "this pattern has no ASL form; match enum variants, literals, `Some(x)`/`None`, a name or `_`";

pub fn pattern(l: &mut Lowering, pat: &syn::Pat, scrutinee: &str) -> Option<Pattern> {
    let present = format!("($exists({scrutinee}) and {scrutinee} != null)");
    match pat {
        syn::Pat::Wild(_) => Some(Pattern { condition: None, binds: Vec::new() }),
        syn::Pat::Ident(i) if i.subpat.is_none() => {
            let name = i.ident.to_string();
            if name == "None" {
                return Some(Pattern { condition: Some(format!("$not{present}")), binds: Vec::new() });
            }
            Some(Pattern { condition: None, binds: vec![(name, scrutinee.to_string())] })
        }
        syn::Pat::Lit(lit) => {
            let value = match &lit.lit {
                syn::Lit::Str(s) => string_literal(&s.value()),
                syn::Lit::Int(i) => i.base10_digits().to_string(),
                syn::Lit::Bool(b) => b.value.to_string(),
                other => {
                    l.errors.at(other.span(), UNSUPPORTED);
                    return None;
                }
            };
            Some(Pattern { condition: Some(format!("{scrutinee} = {value}")), binds: Vec::new() })
        }
        syn::Pat::Path(p) => match variant_name(&p.path) {
            Some(v) => {
                Some(Pattern { condition: Some(format!("{scrutinee} = {}", string_literal(&v))), binds: Vec::new() })
            }
            None => {
                l.errors.at(p.span(), UNSUPPORTED);
                None
            }
        },
        syn::Pat::Or(or) => {
            let mut conditions = Vec::new();
            for case in &or.cases {
                let p = pattern(l, case, scrutinee)?;
                if !p.binds.is_empty() {
                    l.errors.at(case.span(), "an `|` pattern cannot bind names in a workflow");
                    return None;
                }
                match p.condition {
                    Some(c) => conditions.push(format!("({c})")),
                    None => return Some(Pattern { condition: None, binds: Vec::new() }),
                }
            }
            Some(Pattern { condition: Some(conditions.join(" or ")), binds: Vec::new() })
        }
        syn::Pat::TupleStruct(ts) => {
            let name = ts.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            let (condition, inner) = if name == "Some" && ts.path.segments.len() == 1 {
                (present, scrutinee.to_string())
            } else if let Some(v) = variant_name(&ts.path) {
                let inner = format!("{scrutinee}.{}", field(&v));
                (format!("$exists({inner})"), inner)
            } else {
                l.errors.at(ts.path.span(), UNSUPPORTED);
                return None;
            };
            let elems: Vec<&syn::Pat> = ts.elems.iter().collect();
            let binds = match elems.as_slice() {
                [] => Vec::new(),
                [one] => sub_binds(l, one, &inner)?,
                many => {
                    let mut binds = Vec::new();
                    for (i, p) in many.iter().enumerate() {
                        binds.extend(sub_binds(l, p, &format!("{inner}[{i}]"))?);
                    }
                    binds
                }
            };
            Some(Pattern { condition: Some(condition), binds })
        }
        syn::Pat::Struct(s) => {
            let Some(v) = variant_name(&s.path) else {
                l.errors.at(s.path.span(), UNSUPPORTED);
                return None;
            };
            let inner = format!("{scrutinee}.{}", field(&v));
            let mut binds = Vec::new();
            for f in &s.fields {
                let syn::Member::Named(member) = &f.member else {
                    l.errors.at(f.member.span(), UNSUPPORTED);
                    return None;
                };
                binds.extend(sub_binds(l, &f.pat, &format!("{inner}.{}", field(&member.to_string())))?);
            }
            Some(Pattern { condition: Some(format!("$exists({inner})")), binds })
        }
        other => {
            l.errors.at(other.span(), UNSUPPORTED);
            None
        }
    }
}

/// Inside a variant: a name binds the value, `_` ignores it; nested conditions are not supported.
fn sub_binds(l: &mut Lowering, pat: &syn::Pat, value: &str) -> Option<Vec<(String, Jsonata)>> {
    match pat {
        syn::Pat::Wild(_) | syn::Pat::Rest(_) => Some(Vec::new()),
        syn::Pat::Ident(i) if i.subpat.is_none() => Some(vec![(i.ident.to_string(), value.to_string())]),
        other => {
            l.errors.at(other.span(), "inside a variant, bind a name or `_`; match the inner value in the arm");
            None
        }
    }
}

/// A JSONata field step: backquoted when it is not a plain name.
fn field(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !name.starts_with(|c: char| c.is_ascii_digit()) {
        name.to_string()
    } else {
        format!("`{name}`")
    }
}
