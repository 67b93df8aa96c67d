//! Rewrites the raw tree into the evaluator's shape: `.` chains become paths, predicates and
//! bindings attach to steps, `%` is resolved to the step whose context it names, and calls in
//! tail position become thunks so recursion through them does not grow the stack.

use std::sync::Arc;

use crate::ast::{Kind, LambdaDef, Node, SortTerm, Stage};
use crate::error::{JsonataError, Result};

/// A `%` awaiting the step it refers to: `level` counts steps still to climb.
struct Slot {
    label: usize,
    level: i32,
}

#[derive(Debug)]
pub(crate) struct Processed {
    pub root: Node,
    /// Frame label per parent slot (`!n`), read when `%` is evaluated.
    pub labels: Vec<String>,
}

pub(crate) fn process(node: Node) -> Result<Processed> {
    let mut p = Processor { slots: Vec::new() };
    let root = p.node(node)?;
    if !root.seeking_parent.is_empty() || matches!(root.kind, Kind::Parent(_)) {
        return Err(JsonataError::at(
            "S0217",
            root.pos,
            "The object representing the 'parent' cannot be derived from this expression",
        ));
    }
    let labels = p.slots.iter().map(|s| format!("!{}", s.label)).collect();
    Ok(Processed { root, labels })
}

struct Processor {
    slots: Vec<Slot>,
}

fn ancestry_of(node: &Node) -> Vec<usize> {
    let mut slots = node.seeking_parent.clone();
    if let Kind::Parent(slot) = node.kind {
        slots.push(slot);
    }
    slots
}

fn path(steps: Vec<Node>, pos: usize) -> Node {
    Node::new(Kind::Path(steps), pos)
}

/// The last step of a path, or the node itself when it is not a path.
fn last_step(node: &mut Node) -> &mut Node {
    let is_path = matches!(&node.kind, Kind::Path(steps) if !steps.is_empty());
    if !is_path {
        return node;
    }
    match &mut node.kind {
        Kind::Path(steps) => steps.last_mut().unwrap_or_else(|| unreachable!("checked non-empty above")),
        _ => unreachable!("checked to be a path above"),
    }
}

impl Processor {
    fn node(&mut self, expr: Node) -> Result<Node> {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.node_inner(expr))
    }

    fn node_inner(&mut self, expr: Node) -> Result<Node> {
        let pos = expr.pos;
        let keep_array = expr.keep_array;
        let mut result = match expr.kind {
            Kind::Dot(lhs, rhs) => self.dot(*lhs, *rhs, pos)?,
            Kind::Filter(lhs, rhs) => self.filter(*lhs, *rhs)?,
            Kind::GroupBy(lhs, pairs) => {
                let mut result = self.node(*lhs)?;
                if result.group.is_some() {
                    return Err(JsonataError::at("S0210", pos, "Each step can only have one grouping expression"));
                }
                result.group = Some(self.pairs(pairs, None)?);
                result
            }
            Kind::OrderBy(lhs, terms) => {
                let result = self.node(*lhs)?;
                let mut result = match result.kind {
                    Kind::Path(_) => result,
                    _ => path(vec![result], pos),
                };
                let mut sort = Node::new(Kind::Sort(Vec::new()), pos);
                let mut processed = Vec::new();
                for t in terms {
                    let e = self.node(t.expr)?;
                    sort.seeking_parent.extend(ancestry_of(&e));
                    processed.push(SortTerm { descending: t.descending, expr: e });
                }
                sort.kind = Kind::Sort(processed);
                if let Kind::Path(steps) = &mut result.kind {
                    steps.push(sort);
                }
                self.resolve_ancestry(&mut result)?;
                result
            }
            Kind::FocusBind(lhs, name) => {
                let mut result = self.node(*lhs)?;
                let step = last_step(&mut result);
                if !step.stages.is_empty() || !step.predicate.is_empty() {
                    return Err(JsonataError::at(
                        "S0215",
                        pos,
                        "A context variable binding must precede any predicates on a step",
                    ));
                }
                if matches!(step.kind, Kind::Sort(_)) {
                    return Err(JsonataError::at(
                        "S0216",
                        pos,
                        "A context variable binding must precede the 'order-by' clause on a step",
                    ));
                }
                if keep_array {
                    step.keep_array = true;
                }
                step.focus = Some(name);
                step.tuple = true;
                result
            }
            Kind::IndexBind(lhs, name) => {
                let result = self.node(*lhs)?;
                let mut result = match result.kind {
                    Kind::Path(_) => result,
                    _ => {
                        let mut step = result;
                        for p in std::mem::take(&mut step.predicate) {
                            step.stages.push(Stage::Filter(Box::new(p)));
                        }
                        path(vec![step], pos)
                    }
                };
                let step = last_step(&mut result);
                if step.stages.is_empty() {
                    step.index = Some(name);
                } else {
                    step.stages.push(Stage::Index(name));
                }
                step.tuple = true;
                result
            }
            Kind::Bind(name, rhs) => {
                let rhs = self.node(*rhs)?;
                let slots = ancestry_of(&rhs);
                let mut n = Node::new(Kind::Bind(name, Box::new(rhs)), pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Apply(lhs, rhs) => {
                let lhs = self.node(*lhs)?;
                let rhs = self.node(*rhs)?;
                let keep = lhs.keep_array || rhs.keep_array;
                let mut n = Node::new(Kind::Apply(Box::new(lhs), Box::new(rhs)), pos);
                n.keep_array = keep;
                n
            }
            Kind::Binary(op, lhs, rhs) => {
                let (lhs, rhs, slots) = self.two(*lhs, *rhs)?;
                let mut n = Node::new(Kind::Binary(op, lhs, rhs), pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Coalesce(lhs, rhs) => {
                let (lhs, rhs, slots) = self.two(*lhs, *rhs)?;
                let mut n = Node::new(Kind::Coalesce(lhs, rhs), pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Elvis(lhs, rhs) => {
                let (lhs, rhs, slots) = self.two(*lhs, *rhs)?;
                let mut n = Node::new(Kind::Elvis(lhs, rhs), pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Array(items) => {
                let mut slots = Vec::new();
                let mut out = Vec::new();
                for i in items {
                    let v = self.node(i)?;
                    slots.extend(ancestry_of(&v));
                    out.push(v);
                }
                let mut n = Node::new(Kind::Array(out), pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Object(pairs) => {
                let mut slots = Vec::new();
                let pairs = self.pairs(pairs, Some(&mut slots))?;
                let mut n = Node::new(Kind::Object(pairs), pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Neg(operand) => {
                let operand = self.node(*operand)?;
                if let Kind::Num(v) = operand.kind {
                    Node::new(Kind::Num(-v), pos)
                } else {
                    let slots = ancestry_of(&operand);
                    let mut n = Node::new(Kind::Neg(Box::new(operand)), pos);
                    n.seeking_parent = slots;
                    n
                }
            }
            Kind::Call { proc, args, partial } => {
                let mut slots = Vec::new();
                let mut out = Vec::new();
                for a in args {
                    let v = self.node(a)?;
                    slots.extend(ancestry_of(&v));
                    out.push(v);
                }
                let proc = self.node(*proc)?;
                let mut n = Node::new(Kind::Call { proc: Box::new(proc), args: out, partial }, pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Lambda(def) => {
                let def = Arc::try_unwrap(def).map_err(|_| JsonataError::at("S0500", pos, "lambda already shared"))?;
                let body = tail_call_optimize(self.node(def.body)?);
                Node::new(
                    Kind::Lambda(Arc::new(LambdaDef {
                        params: def.params,
                        signature: def.signature,
                        body,
                        thunk: false,
                    })),
                    pos,
                )
            }
            Kind::Condition(c, t, e) => {
                let c = self.node(*c)?;
                let t = self.node(*t)?;
                let mut slots = ancestry_of(&c);
                slots.extend(ancestry_of(&t));
                let e = match e {
                    Some(e) => {
                        let e = self.node(*e)?;
                        slots.extend(ancestry_of(&e));
                        Some(Box::new(e))
                    }
                    None => None,
                };
                let mut n = Node::new(Kind::Condition(Box::new(c), Box::new(t), e), pos);
                n.seeking_parent = slots;
                n
            }
            Kind::Transform(parts) => {
                let (pattern, update, delete) =
                    Arc::try_unwrap(parts).map_err(|_| JsonataError::at("S0500", pos, "transform already shared"))?;
                let pattern = self.node(pattern)?;
                let update = self.node(update)?;
                let delete = match delete {
                    Some(d) => Some(self.node(d)?),
                    None => None,
                };
                Node::new(Kind::Transform(Arc::new((pattern, update, delete))), pos)
            }
            Kind::Block(items) => {
                let mut slots = Vec::new();
                let mut out = Vec::new();
                let mut cons = false;
                for i in items {
                    let v = self.node(i)?;
                    slots.extend(ancestry_of(&v));
                    let first_cons = matches!(&v.kind, Kind::Path(s) if s.first().is_some_and(|f| f.cons_array));
                    if v.cons_array || first_cons {
                        cons = true;
                    }
                    out.push(v);
                }
                let mut n = Node::new(Kind::Block(out), pos);
                n.seeking_parent = slots;
                n.cons_array = cons;
                n
            }
            Kind::Name(name) => {
                let mut step = Node::new(Kind::Name(name), pos);
                step.keep_array = keep_array;
                let mut n = path(vec![step], pos);
                n.keep_singleton = keep_array;
                n
            }
            Kind::Parent(_) => {
                let slot = self.slots.len();
                self.slots.push(Slot { label: slot, level: 1 });
                Node::new(Kind::Parent(slot), pos)
            }
            other => Node::new(other, pos),
        };
        if keep_array {
            result.keep_array = true;
        }
        Ok(result)
    }

    fn two(&mut self, lhs: Node, rhs: Node) -> Result<(Box<Node>, Box<Node>, Vec<usize>)> {
        let lhs = self.node(lhs)?;
        let rhs = self.node(rhs)?;
        let mut slots = ancestry_of(&lhs);
        slots.extend(ancestry_of(&rhs));
        Ok((Box::new(lhs), Box::new(rhs), slots))
    }

    fn pairs(&mut self, pairs: Vec<(Node, Node)>, mut slots: Option<&mut Vec<usize>>) -> Result<Vec<(Node, Node)>> {
        let mut out = Vec::new();
        for (k, v) in pairs {
            let k = self.node(k)?;
            let v = self.node(v)?;
            if let Some(s) = slots.as_deref_mut() {
                s.extend(ancestry_of(&k));
                s.extend(ancestry_of(&v));
            }
            out.push((k, v));
        }
        Ok(out)
    }

    fn dot(&mut self, lhs: Node, rhs: Node, pos: usize) -> Result<Node> {
        let lstep = self.node(lhs)?;
        let mut result = match lstep.kind {
            Kind::Path(_) => lstep,
            Kind::Parent(slot) => {
                let mut p = path(vec![lstep], pos);
                p.seeking_parent = vec![slot];
                p
            }
            _ => path(vec![lstep], pos),
        };
        let mut rest = self.node(rhs)?;
        let Kind::Path(steps) = &mut result.kind else { unreachable!("result was made a path above") };
        match rest.kind {
            Kind::Path(more) => steps.extend(more),
            _ => {
                for p in std::mem::take(&mut rest.predicate) {
                    rest.stages.push(Stage::Filter(Box::new(p)));
                }
                steps.push(rest);
            }
        }
        for step in steps.iter_mut() {
            match &step.kind {
                Kind::Num(_) | Kind::Value(_) => {
                    return Err(JsonataError::at(
                        "S0213",
                        step.pos,
                        "The literal value cannot be used as a step within a path expression",
                    ))
                }
                Kind::Str(s) => step.kind = Kind::Name(s.clone()),
                _ => {}
            }
        }
        if steps.iter().any(|s| s.keep_array) {
            result.keep_singleton = true;
        }
        if let Kind::Path(steps) = &mut result.kind {
            if let Some(first) = steps.first_mut() {
                if first.is_array_constructor() {
                    first.cons_array = true;
                }
            }
            if let Some(last) = steps.last_mut() {
                if last.is_array_constructor() {
                    last.cons_array = true;
                }
            }
        }
        self.resolve_ancestry(&mut result)?;
        Ok(result)
    }

    fn filter(&mut self, lhs: Node, rhs: Node) -> Result<Node> {
        let pos = rhs.pos;
        let mut result = self.node(lhs)?;
        let is_path = matches!(result.kind, Kind::Path(_));
        let predicate = self.node(rhs)?;
        let step = last_step(&mut result);
        if step.group.is_some() {
            return Err(JsonataError::at("S0209", pos, "A predicate cannot follow a grouping expression in a step"));
        }
        if !predicate.seeking_parent.is_empty() {
            for &slot in &predicate.seeking_parent {
                if self.slots[slot].level == 1 {
                    self.seek_parent(step, slot)?;
                } else {
                    self.slots[slot].level -= 1;
                }
            }
            step.seeking_parent.extend(ancestry_of(&predicate));
        }
        if is_path {
            step.stages.push(Stage::Filter(Box::new(predicate)));
        } else {
            step.predicate.push(predicate);
        }
        Ok(result)
    }

    fn seek_parent(&mut self, node: &mut Node, slot: usize) -> Result<()> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                self.slots[slot].level -= 1;
                if self.slots[slot].level == 0 {
                    if let Some(previous) = node.ancestor {
                        self.slots[slot].label = self.slots[previous].label;
                    }
                    node.ancestor = Some(slot);
                    node.tuple = true;
                }
            }
            Kind::Parent(_) => self.slots[slot].level += 1,
            Kind::Block(items) => {
                if let Some(last) = items.last_mut() {
                    node.tuple = true;
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path(steps) => {
                node.tuple = true;
                let mut index = steps.len() as isize - 1;
                if index >= 0 {
                    self.seek_parent(&mut steps[index as usize], slot)?;
                    index -= 1;
                }
                while self.slots[slot].level > 0 && index >= 0 {
                    self.seek_parent(&mut steps[index as usize], slot)?;
                    index -= 1;
                }
            }
            _ => {
                return Err(JsonataError::at(
                    "S0217",
                    node.pos,
                    "The object representing the 'parent' cannot be derived from this expression",
                ))
            }
        }
        Ok(())
    }

    fn resolve_ancestry(&mut self, path_node: &mut Node) -> Result<()> {
        let Kind::Path(steps) = &mut path_node.kind else {
            return Ok(());
        };
        let Some(last) = steps.last() else {
            return Ok(());
        };
        let slots = ancestry_of(last);
        for slot in slots {
            let mut index = steps.len() as isize - 2;
            while self.slots[slot].level > 0 {
                if index < 0 {
                    path_node.seeking_parent.push(slot);
                    break;
                }
                let mut step = index as usize;
                index -= 1;
                // Contiguous steps binding the focus share one context; skip to the first.
                while index >= 0 && steps[step].focus.is_some() && steps[index as usize].focus.is_some() {
                    step = index as usize;
                    index -= 1;
                }
                self.seek_parent(&mut steps[step], slot)?;
            }
        }
        Ok(())
    }
}

fn tail_call_optimize(mut body: Node) -> Node {
    match &mut body.kind {
        Kind::Call { partial: false, .. } if body.predicate.is_empty() => {
            let pos = body.pos;
            Node::new(Kind::Lambda(Arc::new(LambdaDef { params: Vec::new(), signature: None, body, thunk: true })), pos)
        }
        Kind::Condition(_, then, otherwise) => {
            let t = std::mem::replace(then.as_mut(), Node::new(Kind::Wildcard, 0));
            **then = tail_call_optimize(t);
            if let Some(e) = otherwise {
                let taken = std::mem::replace(e.as_mut(), Node::new(Kind::Wildcard, 0));
                **e = tail_call_optimize(taken);
            }
            body
        }
        Kind::Block(items) => {
            if let Some(last) = items.pop() {
                items.push(tail_call_optimize(last));
            }
            body
        }
        _ => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse;

    #[test]
    fn dots_become_one_path() {
        let p = process(parse("a.b.c").unwrap()).unwrap();
        assert!(matches!(&p.root.kind, Kind::Path(steps) if steps.len() == 3));
    }

    #[test]
    fn parent_needs_a_step_to_refer_to() {
        assert_eq!(process(parse("%").unwrap()).unwrap_err().code, "S0217");
        let p = process(parse("a.b.%").unwrap()).unwrap();
        assert_eq!(p.labels.len(), 1);
    }

    #[test]
    fn step_rules() {
        assert_eq!(process(parse("a.1").unwrap()).unwrap_err().code, "S0213");
        assert_eq!(process(parse("a[0]@$x").unwrap()).unwrap_err().code, "S0215");
        assert_eq!(process(parse("$x{'k':1}[0]").unwrap()).unwrap_err().code, "S0209");
    }

    #[test]
    fn tail_calls_become_thunks() {
        let p = process(parse("function($n){ $n > 0 ? $f($n) : 0 }").unwrap()).unwrap();
        let Kind::Lambda(def) = &p.root.kind else { panic!("lambda expected") };
        let Kind::Condition(_, then, _) = &def.body.kind else { panic!("condition expected") };
        assert!(matches!(&then.kind, Kind::Lambda(t) if t.thunk));
    }
}
