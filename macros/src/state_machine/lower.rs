//! Rust body → workflow IR. Walks the fn's statements, accepts the workflow language and rejects the rest with
//! an error on the construct that says what to write instead. It also rewrites the native body where the two
//! must agree: `#[retry]` becomes a native retry loop, and every bound variable gets a serializability check.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned;

use super::actions;
use super::expr::{self, Vars};
use super::ir::*;
use super::names::{pretty, Names};
use super::patterns;
use super::retry::{self, RetrySite};
use crate::errors::Errors;
use crate::names::private_at;

/// JSONata names a variable must not shadow: the functions the generated expressions call, and `$states`.
const RESERVED: &[&str] =
    &["states", "string", "exists", "not", "count", "merge", "each", "map", "type", "join", "keys", "number", "lookup"];

pub struct Lowering<'a> {
    pub names: Names,
    pub errors: &'a mut Errors,
    /// Compile-time checks on the user's types, spanned on their tokens.
    pub checks: TokenStream,
    pub express: bool,
    /// Map states whose item count is not known at compile time, for the history-bound warning.
    pub unbounded: Vec<Span>,
    /// The module of the step constants (see `expand::steps_module`), and the step paths, each once.
    pub steps_module: syn::Ident,
    pub steps: Vec<syn::Path>,
}

/// An `if` arm's condition, the variables its pattern binds, and the variables visible in the arm.
type Condition = (Jsonata, Vec<(String, Jsonata)>, Vars);

/// Where a block's tail value goes.
#[derive(Clone)]
enum Dest {
    /// The workflow's result: `Ok(v)` succeeds, `fail(..)` fails.
    Return,
    /// `let x = if .. { a } else { b };`
    Assign(Bind),
    /// A statement: the tail, if any, is `()`.
    Discard,
}

impl Lowering<'_> {
    /// The whole fn: its one parameter, then the body, which must end the workflow on every path.
    pub fn workflow(&mut self, f: &mut syn::ItemFn) -> Option<Workflow> {
        let param = self.param(f)?;
        let start_name = self.names.fresh("Start");
        let mut vars = Vars::new();
        vars.insert(param.clone());
        let body = self.block(&mut f.block, &mut vars, &Dest::Return);
        let param_ident = syn::Ident::new(&param, Span::call_site());
        let check = self.value_check(&param_ident);
        f.block.stmts.insert(0, check);
        Some(Workflow { param, start_name, body })
    }

    fn param(&mut self, f: &syn::ItemFn) -> Option<String> {
        let sig = &f.sig;
        if sig.asyncness.is_none() {
            self.errors.at(sig.fn_token.span(), "a #[state_machine] is an `async fn`");
        }
        if !sig.generics.params.is_empty() {
            self.errors.at(sig.generics.span(), "a #[state_machine] cannot be generic: its input is one concrete type");
        }
        if matches!(sig.output, syn::ReturnType::Default) {
            self.errors
                .at(sig.ident.span(), "a #[state_machine] returns `Result<T, E>`: add `-> Result<Output, Error>`");
        }
        let mut inputs = sig.inputs.iter();
        let (Some(first), None) = (inputs.next(), inputs.next()) else {
            self.errors.at(
                sig.paren_token.span.join(),
                "a #[state_machine] takes exactly one parameter: the execution's input",
            );
            return None;
        };
        let syn::FnArg::Typed(typed) = first else {
            self.errors.at(first.span(), "a #[state_machine] is a free function, not a method");
            return None;
        };
        let syn::Pat::Ident(ident) = &*typed.pat else {
            self.errors.at(typed.pat.span(), "name the input with a plain identifier: `input: Order`");
            return None;
        };
        self.variable_name(&ident.ident)
    }

    fn variable_name(&mut self, ident: &syn::Ident) -> Option<String> {
        let name = ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_string();
        if RESERVED.contains(&name.as_str()) {
            self.errors.at(
                ident.span(),
                format!("`{name}` names a JSONata function or `$states` in the ASL; rename the variable"),
            );
            return None;
        }
        Some(name)
    }

    /// `check_workflow_value(&x)`: the variable crosses states, so it must round-trip through JSON.
    fn value_check(&self, ident: &syn::Ident) -> syn::Stmt {
        let at = private_at(ident.span());
        syn::parse_quote_spanned!(ident.span()=> #at::check_workflow_value(&#ident);)
    }

    fn block(&mut self, block: &mut syn::Block, vars: &mut Vars, dest: &Dest) -> Block {
        let mut out = Vec::new();
        let errors_before = self.errors.len();
        let stmts = std::mem::take(&mut block.stmts);
        let count = stmts.len();
        let mut native = Vec::with_capacity(count);
        let mut ended = false;
        for (i, mut stmt) in stmts.into_iter().enumerate() {
            if ended {
                self.errors.at(stmt.span(), "this statement is never reached: the workflow has already ended");
            }
            let last = i + 1 == count;
            let mut bound = Vec::new();
            match &mut stmt {
                syn::Stmt::Local(local) => {
                    if let Some(s) = self.local(local, vars, &mut bound) {
                        out.push(s);
                    }
                }
                syn::Stmt::Expr(e, None) if last => {
                    if let Some(s) = self.tail(e, vars, dest) {
                        ended = ends(&s);
                        out.extend(s);
                    }
                }
                syn::Stmt::Expr(e, _) => {
                    if let Some(s) = self.statement(e, vars) {
                        ended = ends(&s);
                        out.extend(s);
                    }
                }
                syn::Stmt::Macro(m) => {
                    let mut e = syn::Expr::Macro(syn::ExprMacro { attrs: m.attrs.clone(), mac: m.mac.clone() });
                    if let Some(s) = self.statement(&mut e, vars) {
                        out.extend(s);
                    }
                }
                syn::Stmt::Item(item) => {
                    self.errors.at(item.span(), "declare items outside the workflow body");
                }
            }
            native.push(stmt);
            for ident in bound {
                native.push(self.value_check(&ident));
            }
        }
        block.stmts = native;
        // After an error inside the block, its end is unknown: say nothing more.
        if matches!(dest, Dest::Return) && !block_ends(&out) && self.errors.len() == errors_before {
            self.errors.at(
                block.brace_token.span.close(),
                "the workflow must end here: finish with `Ok(value)`, `return Ok(value);` or `return fail(\"Error\", \"cause\");`",
            );
        }
        out
    }

    fn local(&mut self, local: &mut syn::Local, vars: &mut Vars, bound: &mut Vec<syn::Ident>) -> Option<Stmt> {
        let retry = self.take_retry(&mut local.attrs);
        let Some(init) = &mut local.init else {
            self.errors.at(local.pat.span(), "give the variable its value where it is declared: `let x = ...;`");
            return None;
        };
        if let Some((else_token, _)) = &init.diverge {
            self.errors.at(else_token.span(), "`let ... else` has no ASL form; `match` on the value instead");
            return None;
        }
        let stmt = match self.bind(&local.pat, bound) {
            Some(bind) => self.value(&mut init.expr, vars, bind, retry),
            None => None,
        };
        // A reserved name was reported by `bind`; the variable still exists, so later uses are not errors too.
        vars.extend(bound.iter().map(|i| i.to_string()));
        stmt
    }

    /// `x`, `(a, _, b)`, `_`, with an optional type ascription.
    fn bind(&mut self, pat: &syn::Pat, bound: &mut Vec<syn::Ident>) -> Option<Bind> {
        let one = |this: &mut Self, p: &syn::Pat, bound: &mut Vec<syn::Ident>| -> Option<Option<String>> {
            match p {
                syn::Pat::Ident(i) if i.subpat.is_none() && i.by_ref.is_none() => {
                    // Bound even when its name is refused, so later uses do not read as unknown variables.
                    bound.push(i.ident.clone());
                    Some(Some(this.variable_name(&i.ident)?))
                }
                syn::Pat::Wild(_) => Some(None),
                other => {
                    this.errors.at(other.span(), "bind a plain name (`let x = ..`), a tuple of names, or `_`");
                    None
                }
            }
        };
        match pat {
            syn::Pat::Type(t) => self.bind(&t.pat, bound),
            syn::Pat::Tuple(t) => {
                let mut names = Vec::new();
                for p in &t.elems {
                    names.push(one(self, p, bound)?);
                }
                Some(Bind::Tuple(names))
            }
            p => Some(match one(self, p, bound)? {
                Some(name) => Bind::Var(name),
                None => Bind::Ignore,
            }),
        }
    }

    pub fn take_retry(&mut self, attrs: &mut Vec<syn::Attribute>) -> Option<(RetrySite, Span)> {
        let mut found = None;
        let mut i = 0;
        while i < attrs.len() {
            if retry::is_retry(&attrs[i]) {
                let attr = attrs.remove(i);
                if found.is_some() {
                    self.errors.at(attr.path().span(), "one #[retry] per statement");
                } else if let Some(site) = retry::parse(&attr, self.errors) {
                    found = Some((site, attr.path().span()));
                }
            } else {
                i += 1;
            }
        }
        found
    }

    /// The right side of a `let`, or an expression statement bound to `Bind::Ignore`.
    fn value(&mut self, e: &mut syn::Expr, vars: &Vars, bind: Bind, retry: Option<(RetrySite, Span)>) -> Option<Stmt> {
        let retry_span = retry.as_ref().map(|r| r.1);
        let stmt = match e {
            syn::Expr::If(_) | syn::Expr::Match(_) => {
                let dest = Dest::Assign(bind.clone());
                let mut out = self.branching(e, vars, &dest)?;
                match out.pop() {
                    Some(Stmt::Choice(c)) => Some(Stmt::Let { bind, value: Value::Choice(c) }),
                    Some(Stmt::Try(t)) => Some(Stmt::Let { bind, value: Value::Try(t) }),
                    _ => None,
                }
            }
            syn::Expr::Try(t) if matches!(&*t.expr, syn::Expr::Await(_)) => {
                let syn::Expr::Await(a) = &mut *t.expr else { return None };
                let action = actions::action(self, &mut a.base, vars, retry, true)?;
                Some(Stmt::Let { bind, value: Value::Action(action) })
            }
            syn::Expr::Await(a) => {
                let action = actions::action(self, &mut a.base, vars, retry, false)?;
                Some(Stmt::Let { bind, value: Value::Action(action) })
            }
            syn::Expr::Loop(_) | syn::Expr::While(_) | syn::Expr::ForLoop(_) => {
                self.errors.at(
                    e.span(),
                    "loops have no ASL form here: iterate over a collection with `map(items, step).await?`, or repeat inside a step",
                );
                None
            }
            other => {
                let label = match &bind {
                    Bind::Var(name) => format!("Set {name}"),
                    _ => format!("Set {}", pretty(&other.to_token_stream())),
                };
                let json = expr::jsonata(other, vars, self.errors)?;
                let name = self.names.fresh(&label);
                Some(Stmt::Let { bind, value: Value::Expr { name, expr: json } })
            }
        };
        if let (Some(span), Some(Stmt::Let { value, .. })) = (retry_span, &stmt) {
            if !matches!(value, Value::Action(_)) {
                self.errors.at(
                    span,
                    "#[retry] goes on a statement that calls a step: `#[retry(..)] let x = step(..).await?;`",
                );
            }
        }
        stmt
    }

    /// An expression statement (with `;`), or a non-tail expression without one (`if`, `match`).
    fn statement(&mut self, e: &mut syn::Expr, vars: &Vars) -> Option<Vec<Stmt>> {
        match e {
            syn::Expr::Return(r) => self.ret(r.expr.as_deref(), r.span(), vars).map(|s| vec![s]),
            syn::Expr::If(_) | syn::Expr::Match(_) => self.branching(e, vars, &Dest::Discard),
            _ => {
                let retry = expr_attrs(e).and_then(|attrs| self.take_retry(attrs));
                self.value(e, vars, Bind::Ignore, retry).map(|s| vec![s])
            }
        }
    }

    /// A block's tail expression.
    fn tail(&mut self, e: &mut syn::Expr, vars: &Vars, dest: &Dest) -> Option<Vec<Stmt>> {
        match (e, dest) {
            (syn::Expr::Return(r), _) => self.ret(r.expr.as_deref(), r.span(), vars).map(|s| vec![s]),
            (e @ (syn::Expr::If(_) | syn::Expr::Match(_)), _) => self.branching(e, vars, dest),
            (e, Dest::Return) => self.ret(Some(e), Span::call_site(), vars).map(|s| vec![s]),
            (e, Dest::Assign(bind)) => self.value(e, vars, bind.clone(), None).map(|s| vec![s]),
            (syn::Expr::Tuple(t), Dest::Discard) if t.elems.is_empty() => Some(Vec::new()),
            (e, Dest::Discard) => self.value(e, vars, Bind::Ignore, None).map(|s| vec![s]),
        }
    }

    /// `Ok(v)` → Succeed; `fail("E", cause)` → Fail.
    fn ret(&mut self, value: Option<&syn::Expr>, span: Span, vars: &Vars) -> Option<Stmt> {
        let Some(value) = value else {
            self.errors.at(span, "return `Ok(value)` or `fail(\"Error\", \"cause\")`");
            return None;
        };
        if let syn::Expr::Call(call) = value {
            let name = call_name(call);
            let args: Vec<&syn::Expr> = call.args.iter().collect();
            match (name.as_deref(), args.as_slice()) {
                (Some("Ok"), [v]) => {
                    let output = expr::jsonata(v, vars, self.errors)?;
                    let name = self.names.fresh("Succeed");
                    return Some(Stmt::Return { name, output });
                }
                (Some("fail"), [error, cause]) => {
                    let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(error), .. }) = error else {
                        self.errors.at(error.span(), "the error name is a string literal: `fail(\"Rejected\", cause)`");
                        return None;
                    };
                    let cause = expr::jsonata(cause, vars, self.errors)?;
                    let name = self.names.fresh(&format!("Fail {}", error.value()));
                    return Some(Stmt::Fail { name, error: error.value(), cause });
                }
                (Some("Err"), _) => {
                    self.errors.at(
                        call.func.span(),
                        "end the workflow with an error through `fail(\"Error\", \"cause\")`: its name is what the execution reports",
                    );
                    return None;
                }
                _ => {}
            }
        }
        self.errors.at(
            value.span(),
            "the workflow ends with `Ok(value)` or `fail(\"Error\", \"cause\")`; bind a step's result first: `let r = step(x).await?; Ok(r)`",
        );
        None
    }

    /// `if`, `if let`, `match` on a value, `match` on a step call.
    fn branching(&mut self, e: &mut syn::Expr, vars: &Vars, dest: &Dest) -> Option<Vec<Stmt>> {
        match e {
            syn::Expr::If(i) => self.if_chain(i, vars, dest).map(|c| vec![Stmt::Choice(c)]),
            syn::Expr::Match(m) if is_step_await(&m.expr) => self.try_match(m, vars, dest).map(|t| vec![Stmt::Try(t)]),
            syn::Expr::Match(m) => self.value_match(m, vars, dest).map(|c| vec![Stmt::Choice(c)]),
            _ => None,
        }
    }

    fn if_chain(&mut self, i: &mut syn::ExprIf, vars: &Vars, dest: &Dest) -> Option<Choice> {
        let label = format!("If {}", pretty(&i.cond.to_token_stream()));
        let name = self.names.fresh(&label);
        let mut arms = Vec::new();
        let mut default = None;
        let mut current = i;
        loop {
            let (condition, binds, mut arm_vars) = self.condition(&current.cond, vars)?;
            let body = self.block(&mut current.then_branch, &mut arm_vars, dest);
            arms.push(Arm { condition: Some(condition), binds, body });
            match &mut current.else_branch {
                None => {
                    if matches!(dest, Dest::Assign(_)) {
                        self.errors.at(current.if_token.span, "an `if` whose value is used needs an `else`");
                    }
                    break;
                }
                Some((_, other)) => match &mut **other {
                    syn::Expr::If(next) => current = next,
                    syn::Expr::Block(b) => {
                        let mut arm_vars = vars.clone();
                        let body = self.block(&mut b.block, &mut arm_vars, dest);
                        default = Some(Box::new(Arm { condition: None, binds: Vec::new(), body }));
                        break;
                    }
                    other => {
                        self.errors.at(other.span(), "expected a block");
                        return None;
                    }
                },
            }
        }
        Some(Choice { name, arms, default })
    }

    /// An `if` condition: a boolean expression, or `let PATTERN = value`.
    fn condition(&mut self, cond: &syn::Expr, vars: &Vars) -> Option<Condition> {
        let mut arm_vars = vars.clone();
        if let syn::Expr::Let(l) = cond {
            let scrutinee = expr::jsonata(&l.expr, vars, self.errors)?;
            let p = patterns::pattern(self, &l.pat, &scrutinee)?;
            for (name, _) in &p.binds {
                arm_vars.insert(name.clone());
            }
            return Some((p.condition.unwrap_or_else(|| "true".into()), p.binds, arm_vars));
        }
        let condition = expr::jsonata(cond, vars, self.errors)?;
        Some((condition, Vec::new(), arm_vars))
    }

    fn value_match(&mut self, m: &mut syn::ExprMatch, vars: &Vars, dest: &Dest) -> Option<Choice> {
        let errors_before = self.errors.len();
        let scrutinee = expr::jsonata(&m.expr, vars, self.errors)?;
        let name = self.names.fresh(&format!("Match {}", pretty(&m.expr.to_token_stream())));
        let mut arms = Vec::new();
        let mut default = None;
        let count = m.arms.len();
        for (i, arm) in m.arms.iter_mut().enumerate() {
            if let Some((if_token, _)) = &arm.guard {
                self.errors.at(if_token.span(), "match guards have no ASL form here; use an `if` inside the arm");
                continue;
            }
            let Some(p) = patterns::pattern(self, &arm.pat, &scrutinee) else { continue };
            let span = arm.pat.span();
            let mut arm_vars = vars.clone();
            arm_vars.extend(p.binds.iter().map(|(n, _)| n.clone()));
            let body = self.arm_body(&mut arm.body, &mut arm_vars, dest);
            // rustc has checked that the match is exhaustive, so the last arm needs no condition of its own.
            let condition = if i + 1 == count { None } else { p.condition };
            let arm = Arm { condition, binds: p.binds, body };
            if arm.condition.is_none() {
                if default.is_some() {
                    self.errors.at(span, "this arm is never reached: an earlier arm matches everything");
                }
                default = default.or(Some(Box::new(arm)));
            } else {
                arms.push(arm);
            }
        }
        if arms.is_empty() && self.errors.len() == errors_before {
            self.errors
                .at(m.match_token.span, "a match needs at least two arms to be a Choice; use the value directly");
            return None;
        }
        Some(Choice { name, arms, default })
    }

    /// `match step(x).await { Ok(v) => .., Err(E::A | E::B) => .., Err(_) => .. }` → a Task with Catch.
    fn try_match(&mut self, m: &mut syn::ExprMatch, vars: &Vars, dest: &Dest) -> Option<Try> {
        let retry = self.take_retry(&mut m.attrs);
        let syn::Expr::Await(a) = &mut *m.expr else { return None };
        let action = actions::action(self, &mut a.base, vars, retry, true)?;
        let joined = matches!(action.kind, ActionKind::Parallel(_));
        let mut ok = None;
        let mut catches = Vec::new();
        for arm in m.arms.iter_mut() {
            if let Some((if_token, _)) = &arm.guard {
                self.errors.at(if_token.span(), "match guards have no ASL form here; use an `if` inside the arm");
                continue;
            }
            let syn::Pat::TupleStruct(ts) = &arm.pat else {
                self.errors
                    .at(arm.pat.span(), "match a step's result with `Ok(v) =>` and `Err(ErrorType::Variant) =>` arms");
                continue;
            };
            let which = ts.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            let inner: Vec<&syn::Pat> = ts.elems.iter().collect();
            match (which.as_str(), inner.as_slice()) {
                ("Ok", [p]) => {
                    let mut bound = Vec::new();
                    let Some(bind) = self.bind(p, &mut bound) else { continue };
                    let mut arm_vars = vars.clone();
                    arm_vars.extend(bound.iter().map(|i| i.to_string()));
                    let body = self.arm_body(&mut arm.body, &mut arm_vars, dest);
                    ok = Some((bind, body));
                }
                ("Err", [p]) => {
                    let Some(errors) = self.error_names(p) else { continue };
                    if joined && !errors.is_empty() {
                        self.join_catch(arm, &errors);
                    }
                    let mut arm_vars = vars.clone();
                    let body = self.arm_body(&mut arm.body, &mut arm_vars, dest);
                    catches.push(Catch { errors, body });
                }
                _ => self
                    .errors
                    .at(ts.path.span(), "match a step's result with `Ok(v) =>` and `Err(ErrorType::Variant) =>` arms"),
            }
        }
        let Some((ok_bind, ok)) = ok else {
            self.errors.at(m.match_token.span, "this match needs an `Ok(v) =>` arm");
            return None;
        };
        Some(Try { action, ok_bind, ok, catches })
    }

    /// `Err(E::A | F::B)` after `join!`: natively the error is a [`Failure`] named by the failed branch's
    /// `errorType`, so the arm becomes `Err(ref f) if matches!(f.error, "A" | "B")`, and each variant is checked
    /// on its enum.
    fn join_catch(&mut self, arm: &mut syn::Arm, errors: &[String]) {
        let syn::Pat::TupleStruct(ts) = &arm.pat else { return };
        let Some(inner) = ts.elems.first() else { return };
        for path in variant_paths(inner) {
            let span = path.span();
            let mut ty = path.clone();
            ty.segments.pop();
            let last = ty.segments.pop().map(|p| p.into_value());
            ty.segments.extend(last);
            if ty.segments.is_empty() {
                self.errors.at(span, "after `join!`, name the variant with its enum: `Err(StepError::Timeout)`");
                continue;
            }
            self.check(quote::quote_spanned!(span=> {
                let _ = |e: &#ty| matches!(e, #path { .. });
            }));
        }
        let failure = syn::Ident::new("__lambdaform_failure", ts.span());
        let pattern = quote::quote!(#(#errors)|*);
        let span = ts.span();
        arm.pat = syn::parse_quote_spanned!(span=> Err(ref #failure));
        arm.guard = Some((
            syn::Token![if](span),
            Box::new(syn::parse_quote_spanned!(span=> matches!(#failure.error, #pattern))),
        ));
    }

    /// The error names an `Err(..)` pattern catches; empty for every error.
    fn error_names(&mut self, p: &syn::Pat) -> Option<Vec<String>> {
        match p {
            syn::Pat::Wild(_) | syn::Pat::Ident(_) => Some(Vec::new()),
            syn::Pat::Or(or) => {
                let mut all = Vec::new();
                for case in &or.cases {
                    let names = self.error_names(case)?;
                    if names.is_empty() {
                        return Some(Vec::new());
                    }
                    all.extend(names);
                }
                Some(all)
            }
            syn::Pat::Path(pp) => self.variant_of(&pp.path),
            syn::Pat::TupleStruct(ts) => self.variant_of(&ts.path),
            syn::Pat::Struct(s) => self.variant_of(&s.path),
            other => {
                self.errors.at(
                    other.span(),
                    "catch an error by its variant: `Err(StepError::Timeout)`, or every error with `Err(_)`",
                );
                None
            }
        }
    }

    fn variant_of(&mut self, path: &syn::Path) -> Option<Vec<String>> {
        // The variant's name is the `errorType` the glue reports; rustc checks the variant exists on the step's error.
        path.segments.last().map(|s| vec![s.ident.to_string()])
    }

    fn arm_body(&mut self, body: &mut syn::Expr, vars: &mut Vars, dest: &Dest) -> Block {
        if let syn::Expr::Block(b) = body {
            if b.label.is_none() && b.attrs.is_empty() {
                return self.block(&mut b.block, vars, dest);
            }
        }
        // A bare arm expression is a block with only a tail.
        let mut block =
            syn::Block { brace_token: Default::default(), stmts: vec![syn::Stmt::Expr(body.clone(), None)] };
        let out = self.block(&mut block, vars, dest);
        if let Some(syn::Stmt::Expr(e, None)) = block.stmts.pop() {
            *body = e;
        }
        out
    }

    /// The constant (`StepInfo`) standing for step `path`: `__lambdaform_steps_order::STEP_0`.
    pub fn step_info(&mut self, path: &syn::Path) -> TokenStream {
        let text = path.to_token_stream().to_string();
        let i = match self.steps.iter().position(|p| p.to_token_stream().to_string() == text) {
            Some(i) => i,
            None => {
                self.steps.push(path.clone());
                self.steps.len() - 1
            }
        };
        let (module, constant) = (&self.steps_module, step_const(i));
        quote::quote_spanned!(path.span()=> #module::#constant)
    }

    pub fn check(&mut self, tokens: TokenStream) {
        self.checks.extend(tokens);
    }

    pub fn express_error(&mut self, span: Span, what: &str) {
        if self.express {
            self.errors.at(
                span,
                format!("an Express state machine cannot {what}; use `kind = standard` (Express supports neither `.sync` nor callbacks)"),
            );
        }
    }
}

/// The name of the `i`th step constant.
pub fn step_const(i: usize) -> syn::Ident {
    syn::Ident::new(&format!("STEP_{i}"), Span::call_site())
}

/// The variant paths of an `Err(..)` pattern: `E::A`, `E::A | F::B`, `E::C { .. }`.
fn variant_paths(p: &syn::Pat) -> Vec<syn::Path> {
    match p {
        syn::Pat::Or(or) => or.cases.iter().flat_map(variant_paths).collect(),
        syn::Pat::Path(pp) => vec![pp.path.clone()],
        syn::Pat::TupleStruct(ts) => vec![ts.path.clone()],
        syn::Pat::Struct(s) => vec![s.path.clone()],
        _ => Vec::new(),
    }
}

/// The attributes of an expression statement that can carry `#[retry]`.
fn expr_attrs(e: &mut syn::Expr) -> Option<&mut Vec<syn::Attribute>> {
    match e {
        syn::Expr::Try(t) => Some(&mut t.attrs),
        syn::Expr::Await(a) => Some(&mut a.attrs),
        syn::Expr::Macro(m) => Some(&mut m.attrs),
        _ => None,
    }
}

fn call_name(call: &syn::ExprCall) -> Option<String> {
    match &*call.func {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn is_step_await(e: &syn::Expr) -> bool {
    matches!(e, syn::Expr::Await(_))
}

/// Whether the statements end the workflow on every path.
fn ends(stmts: &[Stmt]) -> bool {
    stmts.last().is_some_and(|s| matches!(s, Stmt::Return { .. } | Stmt::Fail { .. }))
}

/// A final `if`/`match` statement whose every arm ends the workflow also ends it.
fn is_terminal_choice(s: &Stmt) -> bool {
    match s {
        Stmt::Choice(c) => {
            c.default.as_ref().is_some_and(|d| block_ends(&d.body)) && c.arms.iter().all(|a| block_ends(&a.body))
        }
        Stmt::Try(t) => block_ends(&t.ok) && t.catches.iter().all(|c| block_ends(&c.body)),
        _ => false,
    }
}

pub fn block_ends(b: &Block) -> bool {
    b.last().is_some_and(|s| matches!(s, Stmt::Return { .. } | Stmt::Fail { .. }) || is_terminal_choice(s))
}
