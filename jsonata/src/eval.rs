//! The tree-walking evaluator. It mirrors jsonata-js's semantics: paths map over sequences,
//! singleton sequences unwrap, tuple streams carry `@`/`#`/`%` bindings through a path.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Instant;

use crate::ast::{BinOp, Kind, Node, SortTerm, Stage};
use crate::error::{JsonataError, Result};
use crate::functions;
use crate::value::{deep_equal, Env, Frame, Func, Obj, V};

pub(crate) struct Evaluator<'a> {
    pub labels: &'a [String],
    depth: Cell<usize>,
    max_depth: usize,
    deadline: Option<Instant>,
    /// `$now()` and `$millis()` return the same instant throughout one evaluation.
    pub now_ms: f64,
    pub rng: Cell<u64>,
    frames: RefCell<Vec<Weak<Frame>>>,
}

fn runaway(message: &str) -> JsonataError {
    JsonataError::new("U1001", message)
}

impl<'a> Evaluator<'a> {
    pub fn new(labels: &'a [String], max_depth: usize, deadline: Option<Instant>, now_ms: f64, seed: u64) -> Self {
        Evaluator {
            labels,
            depth: Cell::new(0),
            max_depth,
            deadline,
            now_ms,
            rng: Cell::new(seed | 1),
            frames: RefCell::new(Vec::new()),
        }
    }

    fn check_limits(&self) -> Result<()> {
        if self.depth.get() > self.max_depth {
            return Err(runaway(
                "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.",
            ));
        }
        if let Some(d) = self.deadline {
            if Instant::now() > d {
                return Err(runaway("Expression evaluation timeout: Check for infinite loop"));
            }
        }
        Ok(())
    }

    pub fn eval(&self, node: &Node, input: &V, env: &Env) -> Result<V> {
        self.depth.set(self.depth.get() + 1);
        let r = self
            .check_limits()
            .and_then(|_| stacker::maybe_grow(128 * 1024, 4 * 1024 * 1024, || self.eval_node(node, input, env)));
        self.depth.set(self.depth.get() - 1);
        r
    }

    fn eval_node(&self, node: &Node, input: &V, env: &Env) -> Result<V> {
        let mut result = match &node.kind {
            Kind::Path(steps) => self.path(node, steps, input, env)?,
            Kind::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs, input, env).map_err(|e| e.or_at(node.pos))?,
            Kind::Neg(operand) => match self.eval(operand, input, env)? {
                V::Undef => V::Undef,
                V::Num(n) => V::Num(-n),
                _ => return Err(JsonataError::at("D1002", node.pos, "Cannot negate a non-numeric value")),
            },
            Kind::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    let v = self.eval(item, input, env)?;
                    if v.is_undef() {
                        continue;
                    }
                    if item.is_array_constructor() {
                        out.push(v);
                    } else {
                        match v {
                            V::Arr(a) => out.extend(a.items.iter().cloned()),
                            v => out.push(v),
                        }
                    }
                }
                let cons = node.cons_array;
                V::with_flags(out, |a| a.cons = cons)
            }
            Kind::Object(pairs) => self.group(pairs, input.clone(), env)?,
            Kind::Name(name) => lookup(input, name),
            Kind::Str(s) => V::str(s),
            Kind::Num(n) => V::Num(*n),
            Kind::Value(v) => V::from_json(v),
            Kind::Wildcard => wildcard(input),
            Kind::Descendant => {
                if input.is_undef() {
                    V::Undef
                } else {
                    let mut out = Vec::new();
                    descendants(input, &mut out);
                    if out.len() == 1 {
                        out.pop().unwrap_or_default()
                    } else {
                        V::seq(out)
                    }
                }
            }
            Kind::Parent(slot) => env.lookup(&self.labels[*slot]).unwrap_or_default(),
            Kind::Var(name) => self.variable(name, input, env),
            Kind::Regex(re) => V::Func(Rc::new(Func::Regex(re.clone()))),
            Kind::Condition(c, then, otherwise) => {
                if self.eval(c, input, env)?.truthy() {
                    self.eval(then, input, env)?
                } else if let Some(e) = otherwise {
                    self.eval(e, input, env)?
                } else {
                    V::Undef
                }
            }
            Kind::Coalesce(lhs, rhs) => match self.eval(lhs, input, env)? {
                V::Undef => self.eval(rhs, input, env)?,
                v => v,
            },
            Kind::Elvis(lhs, rhs) => {
                let v = self.eval(lhs, input, env)?;
                if v.truthy() {
                    v
                } else {
                    self.eval(rhs, input, env)?
                }
            }
            Kind::Block(items) => {
                let frame = self.frame(env);
                let mut last = V::Undef;
                for item in items {
                    last = self.eval(item, input, &frame)?;
                }
                last
            }
            Kind::Bind(name, rhs) => {
                let v = self.eval(rhs, input, env)?;
                env.bind(name, v.clone());
                v
            }
            Kind::Call { proc, args, partial } => {
                if *partial {
                    self.partial(proc, args, input, env)?
                } else {
                    self.call(proc, args, input, env, None).map_err(|e| e.or_at(node.pos))?
                }
            }
            Kind::Placeholder => V::Undef,
            Kind::Lambda(def) => {
                V::Func(Rc::new(Func::Lambda { def: def.clone(), env: env.clone(), input: input.clone() }))
            }
            Kind::Apply(lhs, rhs) => self.apply_op(lhs, rhs, input, env).map_err(|e| e.or_at(node.pos))?,
            Kind::Transform(spec) => V::Func(Rc::new(Func::Transform { spec: spec.clone(), env: env.clone() })),
            Kind::Sort(terms) => self.sort(terms, input.clone(), env)?,
            Kind::Dot(..)
            | Kind::Filter(..)
            | Kind::GroupBy(..)
            | Kind::OrderBy(..)
            | Kind::FocusBind(..)
            | Kind::IndexBind(..) => {
                return Err(JsonataError::at("S0500", node.pos, "internal: unprocessed expression"))
            }
        };
        for p in &node.predicate {
            result = self.filter(p, result, env)?;
        }
        if !matches!(node.kind, Kind::Path(_)) {
            if let Some(g) = &node.group {
                result = self.group(g, result, env)?;
            }
        }
        if let V::Arr(a) = &result {
            if a.seq && !a.tuple {
                if node.keep_array {
                    result.set_flags(|a| a.keep = true);
                }
                let a = result.arr().map(|a| (a.items.len(), a.keep));
                match a {
                    Some((0, _)) => return Ok(V::Undef),
                    Some((1, false)) => return Ok(result.arr().map(|a| a.items[0].clone()).unwrap_or_default()),
                    _ => {}
                }
            }
        }
        Ok(result)
    }

    fn variable(&self, name: &str, input: &V, env: &Env) -> V {
        if name.is_empty() {
            return match input {
                V::Arr(a) if a.outer => a.items.first().cloned().unwrap_or_default(),
                v => v.clone(),
            };
        }
        env.lookup(name)
            .or_else(|| functions::lookup(name).map(|b| V::Func(Rc::new(Func::Builtin(b)))))
            .unwrap_or_default()
    }

    fn path(&self, node: &Node, steps: &[Node], input: &V, env: &Env) -> Result<V> {
        let mut input_seq = match input {
            V::Arr(_) if !matches!(steps[0].kind, Kind::Var(_)) => input.clone(),
            v => V::seq(vec![v.clone()]),
        };
        let mut result = V::Undef;
        let mut tuple_mode = false;
        let mut tuples: Option<Vec<V>> = None;
        let last = steps.len() - 1;
        for (i, step) in steps.iter().enumerate() {
            if step.tuple {
                tuple_mode = true;
            }
            if i == 0 && step.cons_array {
                result = self.eval(step, &input_seq, env)?;
            } else if tuple_mode {
                tuples = Some(self.tuple_step(step, &input_seq, tuples, env)?);
            } else {
                result = self.step(step, &input_seq, env, i == last)?;
            }
            if !tuple_mode && result.len() == 0 {
                break;
            }
            if step.focus.is_none() {
                input_seq = result.clone();
            }
        }
        let mut tuple_stream = None;
        if tuple_mode {
            let ts = tuples.unwrap_or_default();
            tuple_stream = Some(tuple_seq(ts.clone()));
            result = if node.tuple {
                V::with_flags(ts, |a| {
                    a.seq = true;
                    a.tuple = true
                })
            } else {
                V::seq(ts.iter().map(|t| tuple_get(t, "@")).collect())
            };
        }
        if node.keep_singleton {
            if let V::Arr(a) = &result {
                if a.cons && !a.seq {
                    result = V::seq(vec![result.clone()]);
                }
            }
            result.set_flags(|a| a.keep = true);
        }
        if let Some(g) = &node.group {
            result = self.group(g, tuple_stream.unwrap_or(result), env)?;
        }
        Ok(result)
    }

    fn step(&self, step: &Node, input: &V, env: &Env, last: bool) -> Result<V> {
        if let Kind::Sort(terms) = &step.kind {
            let sorted = self.sort(terms, input.clone(), env)?;
            return self.stages(&step.stages, sorted, env);
        }
        let mut results = Vec::new();
        for item in input.items() {
            let mut res = self.eval(step, &item, env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    res = self.filter(p, res, env)?;
                }
            }
            if !res.is_undef() {
                results.push(res);
            }
        }
        if last && results.len() == 1 && matches!(&results[0], V::Arr(a) if !a.seq) {
            return Ok(results.pop().unwrap_or_default());
        }
        let mut out = Vec::new();
        for res in results {
            match res {
                V::Arr(a) if !a.cons => out.extend(a.items.iter().cloned()),
                v => out.push(v),
            }
        }
        Ok(V::seq(out))
    }

    fn tuple_step(&self, step: &Node, input: &V, tuples: Option<Vec<V>>, env: &Env) -> Result<Vec<V>> {
        if let Kind::Sort(terms) = &step.kind {
            let sorted = match tuples {
                Some(ts) => self.sort(terms, tuple_seq(ts), env)?.items(),
                None => {
                    let sorted = self.sort(terms, input.clone(), env)?;
                    sorted
                        .items()
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let mut t = Obj::new();
                            t.insert("@".into(), v);
                            if let Some(ix) = &step.index {
                                t.insert(ix.clone(), V::Num(i as f64));
                            }
                            V::object(t)
                        })
                        .collect()
                }
            };
            return Ok(self.stages(&step.stages, tuple_seq(sorted), env)?.items());
        }
        let tuples = tuples.unwrap_or_else(|| {
            input
                .items()
                .into_iter()
                .map(|v| {
                    let mut t = Obj::new();
                    t.insert("@".into(), v);
                    V::object(t)
                })
                .collect()
        });
        let mut out = Vec::new();
        for t in &tuples {
            let frame = self.frame_from_tuple(env, t);
            let context = tuple_get(t, "@");
            let res = self.eval(step, &context, &frame)?;
            if res.is_undef() {
                continue;
            }
            let res_is_tuple = matches!(&res, V::Arr(a) if a.tuple);
            let base = match t {
                V::Obj(o) => (**o).clone(),
                _ => Obj::new(),
            };
            for (bb, r) in res.items().into_iter().enumerate() {
                let mut nt = base.clone();
                if res_is_tuple {
                    if let V::Obj(ro) = &r {
                        for (k, v) in ro.iter() {
                            nt.insert(k.clone(), v.clone());
                        }
                    }
                } else {
                    if let Some(f) = &step.focus {
                        nt.insert(f.clone(), r);
                        nt.insert("@".into(), context.clone());
                    } else {
                        nt.insert("@".into(), r);
                    }
                    if let Some(ix) = &step.index {
                        nt.insert(ix.clone(), V::Num(bb as f64));
                    }
                    if let Some(slot) = step.ancestor {
                        nt.insert(self.labels[slot].clone(), context.clone());
                    }
                }
                out.push(V::object(nt));
            }
        }
        Ok(self.stages(&step.stages, tuple_seq(out), env)?.items())
    }

    fn stages(&self, stages: &[Stage], input: V, env: &Env) -> Result<V> {
        let mut result = input;
        for stage in stages {
            match stage {
                Stage::Filter(p) => result = self.filter(p, result, env)?,
                Stage::Index(name) => {
                    let items: Vec<V> = result
                        .items()
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| match t {
                            V::Obj(o) => {
                                let mut o = (*o).clone();
                                o.insert(name.clone(), V::Num(i as f64));
                                V::object(o)
                            }
                            v => v,
                        })
                        .collect();
                    let is_tuple = matches!(&result, V::Arr(a) if a.tuple);
                    result = V::with_flags(items, |a| {
                        a.seq = true;
                        a.tuple = is_tuple
                    });
                }
            }
        }
        Ok(result)
    }

    pub fn filter(&self, predicate: &Node, input: V, env: &Env) -> Result<V> {
        let is_tuple = matches!(&input, V::Arr(a) if a.tuple);
        let items = match &input {
            V::Arr(a) => a.items.clone(),
            V::Undef => Vec::new(),
            v => vec![v.clone()],
        };
        let mut out = Vec::new();
        if let Kind::Num(n) = predicate.kind {
            let mut index = n.floor();
            if index < 0.0 {
                index += items.len() as f64;
            }
            if index >= 0.0 {
                if let Some(item) = items.get(index as usize) {
                    if item.is_array() {
                        return Ok(item.clone());
                    }
                    out.push(item.clone());
                }
            }
        } else {
            let len = items.len() as f64;
            for (index, item) in items.iter().enumerate() {
                let (context, frame) = if is_tuple {
                    (tuple_get(item, "@"), self.frame_from_tuple(env, item))
                } else {
                    (item.clone(), env.clone())
                };
                let res = self.eval(predicate, &context, &frame)?;
                let numbers: Option<Vec<f64>> = match &res {
                    V::Num(n) => Some(vec![*n]),
                    V::Arr(a) if a.items.iter().all(|v| matches!(v, V::Num(_))) => {
                        Some(a.items.iter().filter_map(|v| v.as_num()).collect())
                    }
                    _ => None,
                };
                match numbers {
                    Some(ns) => {
                        let hit = ns.iter().any(|n| {
                            let mut ii = n.floor();
                            if ii < 0.0 {
                                ii += len;
                            }
                            ii == index as f64
                        });
                        if hit {
                            out.push(item.clone());
                        }
                    }
                    None => {
                        if res.truthy() {
                            out.push(item.clone());
                        }
                    }
                }
            }
        }
        Ok(V::with_flags(out, |a| {
            a.seq = true;
            a.tuple = is_tuple
        }))
    }

    fn binary(&self, op: BinOp, lhs: &Node, rhs: &Node, input: &V, env: &Env) -> Result<V> {
        let l = self.eval(lhs, input, env)?;
        match op {
            BinOp::And => {
                return Ok(V::Bool(l.truthy() && self.eval(rhs, input, env)?.truthy()));
            }
            BinOp::Or => {
                return Ok(V::Bool(l.truthy() || self.eval(rhs, input, env)?.truthy()));
            }
            _ => {}
        }
        let r = self.eval(rhs, input, env)?;
        crate::operators::binary(op, l, r)
    }

    pub fn group(&self, pairs: &[(Node, Node)], input: V, env: &Env) -> Result<V> {
        let reduce = matches!(&input, V::Arr(a) if a.tuple);
        let mut items = match &input {
            V::Arr(a) => a.items.clone(),
            v => vec![v.clone()],
        };
        if items.is_empty() {
            items.push(V::Undef);
        }
        let mut groups: indexmap::IndexMap<String, (V, usize)> = indexmap::IndexMap::new();
        for item in &items {
            let frame = if reduce { self.frame_from_tuple(env, item) } else { env.clone() };
            let context = if reduce { tuple_get(item, "@") } else { item.clone() };
            for (pi, (k, _)) in pairs.iter().enumerate() {
                let key = self.eval(k, &context, &frame)?;
                match key {
                    V::Undef => {}
                    V::Str(s) => match groups.get_mut(&*s) {
                        Some((data, idx)) => {
                            if *idx != pi {
                                return Err(JsonataError::at(
                                    "D1009",
                                    k.pos,
                                    format!("Multiple key definitions evaluate to same key: {s}"),
                                ));
                            }
                            *data = append(std::mem::take(data), item.clone());
                        }
                        None => {
                            groups.insert(s.to_string(), (item.clone(), pi));
                        }
                    },
                    _ => {
                        return Err(JsonataError::at(
                            "T1003",
                            k.pos,
                            "Key in object structure must evaluate to a string",
                        ))
                    }
                }
            }
        }
        let mut result = Obj::new();
        for (key, (data, idx)) in groups {
            let (context, frame) = if reduce {
                let mut tuple = reduce_tuples(&data);
                let context = tuple.shift_remove("@").unwrap_or_default();
                (context, self.frame_from_tuple(env, &V::object(tuple)))
            } else {
                (data, env.clone())
            };
            let v = self.eval(&pairs[idx].1, &context, &frame)?;
            if !v.is_undef() {
                result.insert(key, v);
            }
        }
        Ok(V::object(result))
    }

    fn sort(&self, terms: &[SortTerm], input: V, env: &Env) -> Result<V> {
        let is_tuple = matches!(&input, V::Arr(a) if a.tuple);
        let items = input.items();
        if items.len() <= 1 {
            return Ok(input);
        }
        // Pre-compute each item's sort keys once; the comparison is then a pure function.
        let mut keyed = Vec::new();
        for item in items {
            let (context, frame) = if is_tuple {
                (tuple_get(&item, "@"), self.frame_from_tuple(env, &item))
            } else {
                (item.clone(), env.clone())
            };
            let mut keys = Vec::new();
            for t in terms {
                keys.push(self.eval(&t.expr, &context, &frame)?);
            }
            keyed.push((keys, item));
        }
        let greater = |a: &(Vec<V>, V), b: &(Vec<V>, V)| -> Result<bool> {
            for (i, t) in terms.iter().enumerate() {
                let (x, y) = (&a.0[i], &b.0[i]);
                let mut comp = match (x, y) {
                    (V::Undef, V::Undef) => 0,
                    (V::Undef, _) => 1,
                    (_, V::Undef) => -1,
                    (V::Num(p), V::Num(q)) => cmp_f64(*p, *q),
                    (V::Str(p), V::Str(q)) => cmp_str(p, q),
                    (V::Num(_) | V::Str(_), V::Num(_) | V::Str(_)) => {
                        return Err(JsonataError::at(
                            "T2007",
                            t.expr.pos,
                            "Type mismatch when comparing values in order-by clause",
                        ))
                    }
                    _ => {
                        return Err(JsonataError::at(
                            "T2008",
                            t.expr.pos,
                            "The expressions within an order-by clause must evaluate to numeric or string values",
                        ))
                    }
                };
                if matches!((x, y), (V::Undef, _) | (_, V::Undef)) {
                    if comp != 0 {
                        return Ok(comp == 1);
                    }
                    continue;
                }
                if t.descending {
                    comp = -comp;
                }
                if comp != 0 {
                    return Ok(comp == 1);
                }
            }
            Ok(false)
        };
        let sorted = merge_sort(keyed, &greater)?;
        let out: Vec<V> = sorted.into_iter().map(|(_, v)| v).collect();
        Ok(V::with_flags(out, |a| {
            a.seq = true;
            a.tuple = is_tuple
        }))
    }

    fn call(&self, proc_node: &Node, args: &[Node], input: &V, env: &Env, applyto: Option<V>) -> Result<V> {
        let proc = self.eval(proc_node, input, env)?;
        if proc.is_undef() {
            if let Kind::Path(steps) = &proc_node.kind {
                if let Some(Kind::Name(n)) = steps.first().map(|s| &s.kind) {
                    if env.lookup(n).is_some() || functions::lookup(n).is_some() {
                        return Err(JsonataError::at(
                            "T1005",
                            proc_node.pos,
                            format!("Attempted to invoke a non-function. Did you mean ${n}?"),
                        ));
                    }
                }
            }
        }
        let mut values = Vec::new();
        if let Some(v) = applyto {
            values.push(v);
        }
        for a in args {
            values.push(self.eval(a, input, env)?);
        }
        self.apply(&proc, values, input, env)
    }

    fn partial(&self, proc_node: &Node, args: &[Node], input: &V, env: &Env) -> Result<V> {
        let mut values = Vec::new();
        for a in args {
            if matches!(a.kind, Kind::Placeholder) {
                values.push(None);
            } else {
                values.push(Some(self.eval(a, input, env)?));
            }
        }
        let proc = self.eval(proc_node, input, env)?;
        match proc {
            V::Func(_) => Ok(V::Func(Rc::new(Func::Partial { func: proc, args: values }))),
            V::Undef if matches!(&proc_node.kind, Kind::Path(s) if matches!(&s[0].kind, Kind::Name(n) if functions::lookup(n).is_some() || env.lookup(n).is_some())) => {
                Err(JsonataError::at(
                    "T1007",
                    proc_node.pos,
                    "Attempted to partially apply a non-function. Did you mean to use a $?",
                ))
            }
            _ => Err(JsonataError::at("T1008", proc_node.pos, "Attempted to partially apply a non-function")),
        }
    }

    fn apply_op(&self, lhs: &Node, rhs: &Node, input: &V, env: &Env) -> Result<V> {
        if let Kind::Call { proc, args, partial: false } = &rhs.kind {
            let context = self.eval(lhs, input, env)?;
            return self.call(proc, args, input, env, Some(context)).map_err(|e| e.or_at(rhs.pos));
        }
        let l = self.eval(lhs, input, env)?;
        let f = self.eval(rhs, input, env)?;
        if !f.is_func() {
            return Err(JsonataError::at(
                "T2006",
                rhs.pos,
                "The right side of the function application operator ~> must be a function",
            ));
        }
        if l.is_func() {
            return Ok(V::Func(Rc::new(Func::Chain(l, f))));
        }
        self.apply(&f, vec![l], input, env)
    }

    /// Calls a function value, running tail-call thunks until a real value comes back.
    pub fn apply(&self, proc: &V, args: Vec<V>, input: &V, env: &Env) -> Result<V> {
        let mut result = self.apply_inner(proc, args, input, env)?;
        loop {
            let thunk = match &result {
                V::Func(f) => match &**f {
                    Func::Lambda { def, env, input } if def.thunk => Some((def.clone(), env.clone(), input.clone())),
                    _ => None,
                },
                _ => None,
            };
            let Some((def, tenv, tinput)) = thunk else { break };
            let Kind::Call { proc, args, .. } = &def.body.kind else { break };
            self.check_limits()?;
            let next = self.eval(proc, &tinput, &tenv)?;
            let mut values = Vec::new();
            for a in args {
                values.push(self.eval(a, &tinput, &tenv)?);
            }
            result = self.apply_inner(&next, values, input, env).map_err(|e| e.or_at(def.body.pos))?;
        }
        Ok(result)
    }

    fn apply_inner(&self, proc: &V, args: Vec<V>, input: &V, env: &Env) -> Result<V> {
        let V::Func(f) = proc else {
            return Err(JsonataError::new("T1006", "Attempted to invoke a non-function"));
        };
        match &**f {
            Func::Lambda { def, env: cenv, input: cinput } => {
                let args = match &def.signature {
                    Some(sig) => sig.validate(&args, input)?,
                    None => args,
                };
                let frame = self.frame(cenv);
                for (i, p) in def.params.iter().enumerate() {
                    frame.bind(p, args.get(i).cloned().unwrap_or_default());
                }
                self.eval(&def.body, cinput, &frame)
            }
            Func::Builtin(b) => {
                let args = b.signature.validate(&args, input).map_err(|mut e| {
                    e.message = format!("{} (${})", e.message, b.name);
                    e
                })?;
                (b.imp)(self, &args, input, env)
            }
            Func::Partial { func, args: bound } => {
                let mut supplied = args.into_iter();
                let full: Vec<V> = bound
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().unwrap_or_default(),
                    })
                    .collect();
                self.apply(func, full, input, env)
            }
            Func::Chain(first, second) => {
                let mid = self.apply(first, args, input, env)?;
                self.apply(second, vec![mid], input, env)
            }
            Func::Regex(re) => Ok(match args.first() {
                Some(V::Str(s)) => functions::regex_match_object(re, s, 0),
                _ => V::Undef,
            }),
            Func::Transform { spec, env: tenv } => {
                crate::transform::transform(self, spec, args.into_iter().next().unwrap_or_default(), tenv)
            }
        }
    }

    /// A new frame, tracked so `release_frames` can break closure/frame reference cycles.
    pub fn frame(&self, parent: &Env) -> Env {
        let frame = Frame::child(parent);
        self.frames.borrow_mut().push(Rc::downgrade(&frame));
        frame
    }

    pub fn track(&self, frame: &Env) {
        self.frames.borrow_mut().push(Rc::downgrade(frame));
    }

    /// Empties every frame still alive once evaluation is over. A lambda bound in the frame it
    /// closes over keeps both alive through `Rc`; clearing the bindings frees them.
    pub fn release_frames(&self) {
        for weak in self.frames.borrow_mut().drain(..) {
            if let Some(frame) = weak.upgrade() {
                frame.clear();
            }
        }
    }

    fn frame_from_tuple(&self, env: &Env, tuple: &V) -> Env {
        let frame = self.frame(env);
        if let V::Obj(o) = tuple {
            for (k, v) in o.iter() {
                frame.bind(k, v.clone());
            }
        }
        frame
    }

    pub fn next_random(&self) -> f64 {
        // xorshift64*: plenty for $random/$shuffle, which promise no cryptographic quality.
        let mut x = self.rng.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng.set(x);
        (x.wrapping_mul(0x2545F4914F6CDD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub(crate) fn cmp_f64(a: f64, b: f64) -> i32 {
    if a < b {
        -1
    } else if a > b {
        1
    } else {
        0
    }
}

/// JavaScript compares strings by UTF-16 code units.
pub(crate) fn cmp_str(a: &str, b: &str) -> i32 {
    match a.encode_utf16().cmp(b.encode_utf16()) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

/// Stable merge sort with a fallible "a sorts after b" test, as `$sort` and order-by need.
pub(crate) fn merge_sort<T: Clone>(items: Vec<T>, greater: &dyn Fn(&T, &T) -> Result<bool>) -> Result<Vec<T>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mid = items.len() / 2;
    let right = merge_sort(items[mid..].to_vec(), greater)?;
    let left = merge_sort(items[..mid].to_vec(), greater)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if greater(&left[i], &right[j])? {
            out.push(right[j].clone());
            j += 1;
        } else {
            out.push(left[i].clone());
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    Ok(out)
}

fn tuple_seq(items: Vec<V>) -> V {
    V::with_flags(items, |a| {
        a.seq = true;
        a.tuple = true
    })
}

pub(crate) fn tuple_get(t: &V, key: &str) -> V {
    match t {
        V::Obj(o) => o.get(key).cloned().unwrap_or_default(),
        _ => V::Undef,
    }
}

fn reduce_tuples(data: &V) -> Obj {
    match data {
        V::Arr(a) if !a.items.is_empty() => {
            let mut result = match &a.items[0] {
                V::Obj(o) => (**o).clone(),
                _ => Obj::new(),
            };
            for t in &a.items[1..] {
                if let V::Obj(o) = t {
                    for (k, v) in o.iter() {
                        let prev = result.shift_remove(k).unwrap_or_default();
                        result.insert(k.clone(), append(prev, v.clone()));
                    }
                }
            }
            result
        }
        V::Obj(o) => (**o).clone(),
        _ => Obj::new(),
    }
}

/// `$append` semantics: concatenates, treating non-arrays as one-item arrays.
pub(crate) fn append(a: V, b: V) -> V {
    if a.is_undef() {
        return b;
    }
    if b.is_undef() {
        return a;
    }
    let mut items = a.items();
    items.extend(b.items());
    V::array(items)
}

pub(crate) fn lookup(input: &V, key: &str) -> V {
    crate::value::deep(|| match input {
        V::Arr(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                match lookup(item, key) {
                    V::Undef => {}
                    V::Arr(inner) => out.extend(inner.items.iter().cloned()),
                    v => out.push(v),
                }
            }
            V::seq(out)
        }
        V::Obj(o) => o.get(key).cloned().unwrap_or_default(),
        _ => V::Undef,
    })
}

fn wildcard(input: &V) -> V {
    let input = match input {
        V::Arr(a) if a.outer && !a.items.is_empty() => &a.items[0],
        v => v,
    };
    let mut out = Vec::new();
    // Arrays are objects in JavaScript: `*` yields their items as it yields an object's values.
    let values: Vec<V> = match input {
        V::Obj(o) => o.values().cloned().collect(),
        V::Arr(a) => a.items.clone(),
        _ => Vec::new(),
    };
    for v in &values {
        match v {
            V::Arr(_) => flatten(v, &mut out),
            v => out.push(v.clone()),
        }
    }
    V::seq(out)
}

fn flatten(v: &V, out: &mut Vec<V>) {
    crate::value::deep(|| match v {
        V::Arr(a) => a.items.iter().for_each(|i| flatten(i, out)),
        v => out.push(v.clone()),
    })
}

fn descendants(v: &V, out: &mut Vec<V>) {
    crate::value::deep(|| match v {
        V::Arr(a) => a.items.iter().for_each(|i| descendants(i, out)),
        V::Obj(o) => {
            out.push(v.clone());
            o.values().for_each(|i| descendants(i, out));
        }
        v => out.push(v.clone()),
    })
}

pub(crate) fn same_value(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Arr(x), V::Arr(y)) => Rc::ptr_eq(x, y),
        (V::Obj(x), V::Obj(y)) => Rc::ptr_eq(x, y),
        _ => deep_equal(a, b),
    }
}

#[cfg(test)]
mod tests {
    use crate::eval_json;
    use serde_json::json;

    #[test]
    fn paths_flatten_and_unwrap_singletons() {
        let doc = r#"{"a":[{"b":1},{"b":[2,3]}],"c":{"d":4}}"#;
        assert_eq!(eval_json("a.b", doc).unwrap(), Some(json!([1, 2, 3])));
        assert_eq!(eval_json("c.d", doc).unwrap(), Some(json!(4)));
        assert_eq!(eval_json("c.d[]", doc).unwrap(), Some(json!([4])));
        assert_eq!(eval_json("nothing.here", doc).unwrap(), None);
    }

    #[test]
    fn predicates_sorting_and_grouping() {
        let doc = r#"{"xs":[{"k":"a","v":3},{"k":"b","v":1},{"k":"a","v":2}]}"#;
        assert_eq!(eval_json("xs[v>1].v", doc).unwrap(), Some(json!([3, 2])));
        assert_eq!(eval_json("xs[-1].v", doc).unwrap(), Some(json!(2)));
        assert_eq!(eval_json("xs^(v).v", doc).unwrap(), Some(json!([1, 2, 3])));
        assert_eq!(eval_json("xs{k: $sum(v)}", doc).unwrap(), Some(json!({"a": 5, "b": 1})));
    }

    #[test]
    fn focus_index_and_parent_bindings() {
        let doc = r#"{"o":[{"id":1,"items":["x","y"]},{"id":2,"items":["z"]}]}"#;
        assert_eq!(
            eval_json("o.items.{'item': $, 'order': %.id}", doc).unwrap(),
            Some(json!([{"item":"x","order":1},{"item":"y","order":1},{"item":"z","order":2}]))
        );
        assert_eq!(eval_json("o#$i.id.($i)", doc).unwrap(), Some(json!([0, 1])));
        assert_eq!(eval_json("o@$x[$x.id = 2].($x.items)", doc).unwrap(), Some(json!("z")));
    }

    #[test]
    fn lambdas_closures_partials_and_chains() {
        assert_eq!(eval_json("($add := function($a,$b){$a+$b}; $add(2, 3))", "null").unwrap(), Some(json!(5)));
        assert_eq!(eval_json("($inc := $sum(?); $inc([1,2]))", "null").unwrap(), Some(json!(3)));
        assert_eq!(eval_json("($f := $uppercase ~> $trim; $f(' ab '))", "null").unwrap(), Some(json!("AB")));
        assert_eq!(eval_json("[1,2,3] ~> $map(function($v){$v*2})", "null").unwrap(), Some(json!([2, 4, 6])));
    }

    #[test]
    fn tail_calls_do_not_grow_the_stack() {
        let src = "($loop := function($n){ $n = 0 ? 'done' : $loop($n - 1) }; $loop(100000))";
        assert_eq!(eval_json(src, "null").unwrap(), Some(json!("done")));
    }

    #[test]
    fn errors_carry_codes() {
        assert_eq!(eval_json("'a' + 1", "null").unwrap_err().code, "T2001");
        assert_eq!(eval_json("$notafunction()", "null").unwrap_err().code, "T1006");
        assert_eq!(eval_json("[1,'a']^($)", "null").unwrap_err().code, "T2007");
    }
}
