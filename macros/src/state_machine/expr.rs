//! Rust expressions over workflow variables → JSONata. Only what means the same in both languages is accepted;
//! everything else is an error that says to compute the value inside a step.

use std::collections::BTreeSet;

use syn::spanned::Spanned;

use super::ir::Jsonata;
use crate::errors::Errors;

const INSIDE_A_STEP: &str = "compute it inside a step (a #[function]) and use the step's result";

/// The variables a workflow can read at some point of its body.
pub type Vars = BTreeSet<String>;

pub fn jsonata(expr: &syn::Expr, vars: &Vars, errors: &mut Errors) -> Option<Jsonata> {
    Translator { vars, errors }.expr(expr)
}

/// A JSONata string literal.
pub fn string_literal(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `Type::Variant` → `Variant`: a camel-case segment after a camel-case type (not a `CONSTANT`, not a module).
pub fn variant_name(path: &syn::Path) -> Option<String> {
    let n = path.segments.len();
    let camel = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_uppercase()) && (s.len() == 1 || s.chars().any(|c| c.is_ascii_lowercase()))
    };
    let last = path.segments.last()?.ident.to_string();
    let ty = path.segments.iter().nth(n.checked_sub(2)?)?.ident.to_string();
    (camel(&last) && (camel(&ty) || ty == "Self")).then_some(last)
}

struct Translator<'a> {
    vars: &'a Vars,
    errors: &'a mut Errors,
}

impl Translator<'_> {
    fn fail(&mut self, span: proc_macro2::Span, message: impl std::fmt::Display) -> Option<Jsonata> {
        self.errors.at(span, message);
        None
    }

    fn expr(&mut self, expr: &syn::Expr) -> Option<Jsonata> {
        use syn::Expr as E;
        match expr {
            E::Lit(l) => self.lit(&l.lit),
            E::Paren(p) => Some(format!("({})", self.expr(&p.expr)?)),
            E::Group(g) => self.expr(&g.expr),
            E::Path(p) => self.path(p),
            E::Field(f) => self.field(f),
            E::Binary(b) => self.binary(b),
            E::Unary(u) => self.unary(u),
            E::Struct(s) => self.structure(s),
            E::Array(a) => self.array(a.elems.iter()),
            E::Tuple(t) if t.elems.is_empty() => Some("null".into()),
            E::Macro(m) => self.mac(&m.mac),
            E::Call(c) => self.call(c),
            E::MethodCall(m) => self.method(m),
            E::Reference(r) => self.expr(&r.expr),
            E::If(i) => self.conditional(i),
            E::Cast(c) => self.cast(c),
            E::Index(i) => self.index(i),
            E::Await(a) => self.fail(
                a.await_token.span,
                "a step call here is not a statement of the workflow: bind it first (`let x = step(..).await?;`) and use `x`",
            ),
            other => self.fail(other.span(), format!("this expression has no ASL equivalent; {INSIDE_A_STEP}")),
        }
    }

    fn lit(&mut self, lit: &syn::Lit) -> Option<Jsonata> {
        match lit {
            syn::Lit::Str(s) => Some(string_literal(&s.value())),
            syn::Lit::Int(i) => i.base10_parse::<i64>().map(|n| n.to_string()).map_err(|e| self.errors.push(e)).ok(),
            syn::Lit::Float(f) => {
                f.base10_parse::<f64>().map(|n| format!("{n:?}")).map_err(|e| self.errors.push(e)).ok()
            }
            syn::Lit::Bool(b) => Some(b.value.to_string()),
            other => self.fail(other.span(), "only string, number and bool literals have a JSON equivalent"),
        }
    }

    fn path(&mut self, p: &syn::ExprPath) -> Option<Jsonata> {
        if let Some(ident) = p.path.get_ident() {
            let name = ident.to_string();
            if name == "None" {
                return Some("null".into());
            }
            if self.vars.contains(&name) {
                return Some(format!("${name}"));
            }
            return self.fail(
                ident.span(),
                format!("`{name}` is not a variable of the workflow; a workflow reads its input and the results it bound with `let`: inline constants as literals"),
            );
        }
        match variant_name(&p.path) {
            // serde's external tagging writes a unit variant as its name.
            Some(variant) => Some(string_literal(&variant)),
            None => self.fail(
                p.span(),
                format!("only workflow variables and enum variants can be named here; {INSIDE_A_STEP}"),
            ),
        }
    }

    fn field(&mut self, f: &syn::ExprField) -> Option<Jsonata> {
        let base = self.expr(&f.base)?;
        Some(match &f.member {
            syn::Member::Named(name) => format!("{base}.{}", field_name(&name.to_string())),
            syn::Member::Unnamed(i) => format!("{base}[{}]", i.index),
        })
    }

    fn index(&mut self, i: &syn::ExprIndex) -> Option<Jsonata> {
        let base = self.expr(&i.expr)?;
        let index = self.expr(&i.index)?;
        Some(format!("{base}[{index}]"))
    }

    fn binary(&mut self, b: &syn::ExprBinary) -> Option<Jsonata> {
        use syn::BinOp as B;
        let op = match b.op {
            B::Add(_) => "+",
            B::Sub(_) => "-",
            B::Mul(_) => "*",
            B::Rem(_) => "%",
            B::Eq(_) => "=",
            B::Ne(_) => "!=",
            B::Lt(_) => "<",
            B::Le(_) => "<=",
            B::Gt(_) => ">",
            B::Ge(_) => ">=",
            B::And(_) => "and",
            B::Or(_) => "or",
            B::Div(_) => {
                return self.fail(
                    b.op.span(),
                    format!(
                        "`/` differs: Rust's integer division truncates, ASL's numbers divide exactly; {INSIDE_A_STEP}"
                    ),
                )
            }
            _ => return self.fail(b.op.span(), format!("this operator has no ASL equivalent; {INSIDE_A_STEP}")),
        };
        let (left, right) = (self.expr(&b.left), self.expr(&b.right));
        Some(format!("{} {op} {}", left?, right?))
    }

    fn unary(&mut self, u: &syn::ExprUnary) -> Option<Jsonata> {
        let inner = self.expr(&u.expr)?;
        match u.op {
            syn::UnOp::Not(_) => Some(format!("$not({inner})")),
            syn::UnOp::Neg(_) => Some(format!("-{inner}")),
            syn::UnOp::Deref(_) => Some(inner),
            _ => self.fail(u.span(), "this operator has no ASL equivalent"),
        }
    }

    fn structure(&mut self, s: &syn::ExprStruct) -> Option<Jsonata> {
        if let Some(rest) = &s.rest {
            return self.fail(rest.span(), "`..base` has no ASL equivalent: list every field");
        }
        let mut fields = Vec::new();
        for f in &s.fields {
            let syn::Member::Named(name) = &f.member else {
                return self.fail(
                    f.member.span(),
                    "a tuple struct has no JSON field names here; use a struct with named fields",
                );
            };
            let value = self.expr(&f.expr);
            fields.push(format!("{}: {}", string_literal(&field_name(&name.to_string())), value?));
        }
        let object = format!("{{{}}}", fields.join(", "));
        // An enum's struct variant is externally tagged: `{"Variant": {...}}`.
        Some(match variant_name(&s.path) {
            Some(v) => format!("{{{}: {object}}}", string_literal(&v)),
            _ => object,
        })
    }

    fn array<'e>(&mut self, elems: impl Iterator<Item = &'e syn::Expr>) -> Option<Jsonata> {
        let items: Vec<Option<Jsonata>> = elems.map(|e| self.expr(e)).collect();
        let items: Option<Vec<Jsonata>> = items.into_iter().collect();
        Some(format!("[{}]", items?.join(", ")))
    }

    fn mac(&mut self, mac: &syn::Macro) -> Option<Jsonata> {
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        match name.as_str() {
            "vec" => {
                let elems = mac
                    .parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
                    .map_err(|e| self.errors.push(e))
                    .ok()?;
                self.array(elems.iter())
            }
            "format" => self.format(mac),
            _ => self.fail(mac.path.span(), format!("`{name}!` has no ASL equivalent; {INSIDE_A_STEP}")),
        }
    }

    /// `format!("{} of {name}", a)` → `$string(a) & ' of ' & $string($name)`: only `{}` / `{name}` holes.
    fn format(&mut self, mac: &syn::Macro) -> Option<Jsonata> {
        let args = mac
            .parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
            .map_err(|e| self.errors.push(e))
            .ok()?;
        let mut args = args.into_iter();
        let Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(template), .. })) = args.next() else {
            return self.fail(mac.span(), "format! takes a string literal first");
        };
        let text = template.value();
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => literal.push(chars.next().unwrap_or('{')),
                '}' if chars.peek() == Some(&'}') => literal.push(chars.next().unwrap_or('}')),
                '{' => {
                    let mut hole = String::new();
                    for h in chars.by_ref() {
                        if h == '}' {
                            break;
                        }
                        hole.push(h);
                    }
                    if !literal.is_empty() {
                        parts.push(string_literal(&std::mem::take(&mut literal)));
                    }
                    let value = if hole.is_empty() {
                        let Some(arg) = args.next() else {
                            return self.fail(template.span(), "format! has more `{}` than arguments");
                        };
                        self.expr(&arg)?
                    } else if hole.chars().all(|c| c.is_alphanumeric() || c == '_')
                        && !hole.starts_with(|c: char| c.is_ascii_digit())
                    {
                        if !self.vars.contains(&hole) {
                            return self.fail(template.span(), format!("`{hole}` is not a variable of the workflow"));
                        }
                        format!("${hole}")
                    } else {
                        return self.fail(
                            template.span(),
                            format!("`{{{hole}}}`: only `{{}}` and `{{name}}` holes have an ASL equivalent (no format specs)"),
                        );
                    };
                    parts.push(format!("$string({value})"));
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(string_literal(&literal));
        }
        if let Some(extra) = args.next() {
            return self.fail(extra.span(), "format! has more arguments than `{}`");
        }
        Some(parts.join(" & "))
    }

    fn call(&mut self, c: &syn::ExprCall) -> Option<Jsonata> {
        let syn::Expr::Path(p) = &*c.func else {
            return self.fail(c.func.span(), format!("this call has no ASL equivalent; {INSIDE_A_STEP}"));
        };
        let name = p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let args: Vec<&syn::Expr> = c.args.iter().collect();
        match (name.as_str(), args.as_slice()) {
            // `Option` is `null` or the value itself in JSON.
            ("Some", [inner]) => self.expr(inner),
            ("from", [inner]) if is_string_type(&p.path) => self.expr(inner),
            (_, [inner]) if is_variant_path(&p.path) => {
                let value = self.expr(inner)?;
                Some(format!("{{{}: {value}}}", string_literal(&name)))
            }
            _ => self.fail(
                c.span(),
                format!("a call outside a `let x = step(..).await?;` statement has no ASL equivalent; {INSIDE_A_STEP}"),
            ),
        }
    }

    fn method(&mut self, m: &syn::ExprMethodCall) -> Option<Jsonata> {
        let name = m.method.to_string();
        match name.as_str() {
            // Natively a value is often cloned before it moves into a step; in JSON there is nothing to clone.
            "clone" | "to_owned" | "to_string" | "into" if m.args.is_empty() => {
                if name == "to_string" && !matches!(&*m.receiver, syn::Expr::Lit(_)) {
                    return Some(format!("$string({})", self.expr(&m.receiver)?));
                }
                self.expr(&m.receiver)
            }
            "is_some" | "is_none" if m.args.is_empty() => {
                let inner = self.expr(&m.receiver)?;
                let some = format!("($exists({inner}) and {inner} != null)");
                Some(if name == "is_some" { some } else { format!("$not{some}") })
            }
            "len" if m.args.is_empty() => Some(format!("$count({})", self.expr(&m.receiver)?)),
            _ => self.fail(m.method.span(), format!("`.{name}()` has no ASL equivalent; {INSIDE_A_STEP}")),
        }
    }

    fn conditional(&mut self, i: &syn::ExprIf) -> Option<Jsonata> {
        let cond = self.expr(&i.cond);
        let then = self.tail(&i.then_branch);
        let Some((_, other)) = &i.else_branch else {
            return self.fail(i.if_token.span, "an `if` used as a value needs an `else`");
        };
        let other = self.expr(other);
        Some(format!("({} ? {} : {})", cond?, then?, other?))
    }

    fn tail(&mut self, block: &syn::Block) -> Option<Jsonata> {
        match block.stmts.as_slice() {
            [syn::Stmt::Expr(e, None)] => self.expr(e),
            _ => self.fail(block.span(), "an `if` used as a value has one expression in each branch here"),
        }
    }

    fn cast(&mut self, c: &syn::ExprCast) -> Option<Jsonata> {
        let target = quote::ToTokens::to_token_stream(&c.ty).to_string();
        match target.as_str() {
            // Widening to a float is the one cast JSON numbers make exactly.
            "f64" | "f32" => self.expr(&c.expr),
            _ => self.fail(c.ty.span(), format!("`as {target}` has no exact ASL equivalent; {INSIDE_A_STEP}")),
        }
    }
}

fn is_variant_path(path: &syn::Path) -> bool {
    variant_name(path).is_some()
}

fn is_string_type(path: &syn::Path) -> bool {
    path.segments.len() == 2 && path.segments[0].ident == "String"
}

/// The JSON name serde gives a Rust field: the same, without a raw identifier's `r#`.
fn field_name(name: &str) -> String {
    name.strip_prefix("r#").unwrap_or(name).to_string()
}
