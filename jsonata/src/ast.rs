//! The expression tree. The parser builds the raw operator forms (`Dot`, `Filter`, ...); `process`
//! rewrites them into paths with step annotations, the shape the evaluator walks.

use std::sync::Arc;

use crate::signature::Signature;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Concat,
    Range,
    In,
    And,
    Or,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Concat => "&",
            BinOp::Range => "..",
            BinOp::In => "in",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

#[derive(Debug)]
pub(crate) struct SortTerm {
    pub descending: bool,
    pub expr: Node,
}

#[derive(Debug)]
pub(crate) struct LambdaDef {
    pub params: Vec<String>,
    pub signature: Option<Signature>,
    pub body: Node,
    /// A tail call wrapped by the optimiser: evaluating it yields a thunk the trampoline runs.
    pub thunk: bool,
}

#[derive(Debug)]
pub(crate) enum Stage {
    Filter(Box<Node>),
    Index(String),
}

#[derive(Debug)]
pub(crate) enum Kind {
    Path(Vec<Node>),
    Binary(BinOp, Box<Node>, Box<Node>),
    Neg(Box<Node>),
    Array(Vec<Node>),
    Object(Vec<(Node, Node)>),
    Name(String),
    Str(String),
    Num(f64),
    Value(serde_json::Value),
    Wildcard,
    Descendant,
    /// `%`: the slot index is resolved to a frame label after processing.
    Parent(usize),
    Var(String),
    Regex(Arc<regex::Regex>),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    Coalesce(Box<Node>, Box<Node>),
    Elvis(Box<Node>, Box<Node>),
    Block(Vec<Node>),
    Bind(String, Box<Node>),
    Call {
        proc: Box<Node>,
        args: Vec<Node>,
        partial: bool,
    },
    /// `?` inside a partial application's argument list.
    Placeholder,
    Lambda(Arc<LambdaDef>),
    Apply(Box<Node>, Box<Node>),
    Transform(Arc<(Node, Node, Option<Node>)>),
    Sort(Vec<SortTerm>),
    // Raw forms, gone after processing.
    Dot(Box<Node>, Box<Node>),
    Filter(Box<Node>, Box<Node>),
    GroupBy(Box<Node>, Vec<(Node, Node)>),
    OrderBy(Box<Node>, Vec<SortTerm>),
    FocusBind(Box<Node>, String),
    IndexBind(Box<Node>, String),
}

#[derive(Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub pos: usize,
    /// `[]` after a step: keep a singleton result as an array.
    pub keep_array: bool,
    /// Predicates on a non-path expression.
    pub predicate: Vec<Node>,
    /// Predicates and `#` bindings on a path step, in source order.
    pub stages: Vec<Stage>,
    pub group: Option<Vec<(Node, Node)>>,
    pub focus: Option<String>,
    pub index: Option<String>,
    pub tuple: bool,
    pub ancestor: Option<usize>,
    pub cons_array: bool,
    pub keep_singleton: bool,
    pub seeking_parent: Vec<usize>,
}

impl Node {
    pub fn new(kind: Kind, pos: usize) -> Node {
        Node {
            kind,
            pos,
            keep_array: false,
            predicate: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            tuple: false,
            ancestor: None,
            cons_array: false,
            keep_singleton: false,
            seeking_parent: Vec::new(),
        }
    }

    pub fn is_array_constructor(&self) -> bool {
        matches!(self.kind, Kind::Array(_))
    }
}
