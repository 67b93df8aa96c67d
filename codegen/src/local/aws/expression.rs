//! DynamoDB expressions over items in DynamoDB JSON (`{"name": {"S": "Ada"}}`): condition, filter and key
//! condition expressions (comparisons, `BETWEEN`, `IN`, `AND`/`OR`/`NOT`, `attribute_exists`,
//! `attribute_not_exists`, `attribute_type`, `begins_with`, `contains`, `size`) and update expressions
//! (`SET` with `+`, `-`, `if_not_exists`, `list_append`; `REMOVE`; `ADD` for numbers and sets).

use serde_json::{Map, Value};
use std::cmp::Ordering;

/// `ExpressionAttributeNames` and `ExpressionAttributeValues`.
#[derive(Debug, Default)]
pub struct Bindings<'a> {
    pub names: Option<&'a Map<String, Value>>,
    pub values: Option<&'a Map<String, Value>>,
}

type Item = Map<String, Value>;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Placeholder(String),
    Symbol(&'static str),
    Number(usize),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if c.is_whitespace() {
            index += 1;
            continue;
        }
        let symbols = ["<>", "<=", ">=", "=", "<", ">", "(", ")", ",", ".", "[", "]", "+", "-"];
        if let Some(symbol) = symbols.iter().find(|s| chars[index..].starts_with(&s.chars().collect::<Vec<_>>())) {
            tokens.push(Token::Symbol(symbol));
            index += symbol.len();
            continue;
        }
        let start = index;
        if c.is_ascii_digit() {
            while index < chars.len() && chars[index].is_ascii_digit() {
                index += 1;
            }
            let digits: String = chars[start..index].iter().collect();
            tokens.push(Token::Number(digits.parse().map_err(|_| format!("index {digits} is too large"))?));
            continue;
        }
        if c == ':' || c == '#' || c.is_alphanumeric() || c == '_' {
            index += 1;
            while index < chars.len() && (chars[index].is_alphanumeric() || chars[index] == '_') {
                index += 1;
            }
            let word: String = chars[start..index].iter().collect();
            tokens.push(if c == ':' { Token::Placeholder(word) } else { Token::Word(word) });
            continue;
        }
        return Err(format!("unexpected character `{c}` in expression `{text}`"));
    }
    Ok(tokens)
}

/// A document path: attribute names and list indexes.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Name(String),
    Index(usize),
}

#[derive(Debug, Clone)]
enum Operand {
    Path(Vec<Step>),
    Value(Value),
    Size(Vec<Step>),
    IfNotExists(Vec<Step>, Box<Operand>),
    ListAppend(Box<Operand>, Box<Operand>),
    Plus(Box<Operand>, Box<Operand>),
    Minus(Box<Operand>, Box<Operand>),
}

#[derive(Debug, Clone)]
enum Condition {
    Compare(Operand, &'static str, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    Exists(Vec<Step>, bool),
    Type(Vec<Step>, Operand),
    BeginsWith(Operand, Operand),
    Contains(Operand, Operand),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    bindings: &'a Bindings<'a>,
}

impl<'a> Parser<'a> {
    fn new(text: &str, bindings: &'a Bindings<'a>) -> Result<Parser<'a>, String> {
        Ok(Parser { tokens: tokenize(text)?, at: 0, bindings })
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word)) {
            self.at += 1;
            return true;
        }
        false
    }

    fn symbol(&mut self, symbol: &str) -> bool {
        if matches!(self.peek(), Some(Token::Symbol(s)) if *s == symbol) {
            self.at += 1;
            return true;
        }
        false
    }

    fn expect(&mut self, symbol: &str) -> Result<(), String> {
        if self.symbol(symbol) {
            Ok(())
        } else {
            Err(format!("expected `{symbol}` at token {} of the expression", self.at + 1))
        }
    }

    fn done(&self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            Some(token) => Err(format!("unexpected {token:?} at token {} of the expression", self.at + 1)),
        }
    }

    fn condition(&mut self) -> Result<Condition, String> {
        let mut left = self.conjunction()?;
        while self.keyword("OR") {
            left = Condition::Or(Box::new(left), Box::new(self.conjunction()?));
        }
        Ok(left)
    }

    fn conjunction(&mut self) -> Result<Condition, String> {
        let mut left = self.negation()?;
        while self.keyword("AND") {
            left = Condition::And(Box::new(left), Box::new(self.negation()?));
        }
        Ok(left)
    }

    fn negation(&mut self) -> Result<Condition, String> {
        if self.keyword("NOT") {
            return Ok(Condition::Not(Box::new(self.negation()?)));
        }
        if self.symbol("(") {
            let inner = self.condition()?;
            self.expect(")")?;
            return Ok(inner);
        }
        self.predicate()
    }

    fn predicate(&mut self) -> Result<Condition, String> {
        if let Some(Token::Word(word)) = self.peek().cloned() {
            let function = word.to_ascii_lowercase();
            let is_call = matches!(self.tokens.get(self.at + 1), Some(Token::Symbol("(")));
            if is_call && function != "size" {
                self.at += 2;
                let condition = match function.as_str() {
                    "attribute_exists" | "attribute_not_exists" => {
                        Condition::Exists(self.path()?, function == "attribute_exists")
                    }
                    "attribute_type" => {
                        let path = self.path()?;
                        self.expect(",")?;
                        Condition::Type(path, self.operand()?)
                    }
                    "begins_with" | "contains" => {
                        let subject = self.operand()?;
                        self.expect(",")?;
                        let argument = self.operand()?;
                        if function == "contains" {
                            Condition::Contains(subject, argument)
                        } else {
                            Condition::BeginsWith(subject, argument)
                        }
                    }
                    other => return Err(format!("unsupported function `{other}` in a condition")),
                };
                self.expect(")")?;
                return Ok(condition);
            }
        }
        let left = self.operand()?;
        if self.keyword("BETWEEN") {
            let low = self.operand()?;
            if !self.keyword("AND") {
                return Err("BETWEEN needs `AND`".into());
            }
            return Ok(Condition::Between(left, low, self.operand()?));
        }
        if self.keyword("IN") {
            self.expect("(")?;
            let mut options = vec![self.operand()?];
            while self.symbol(",") {
                options.push(self.operand()?);
            }
            self.expect(")")?;
            return Ok(Condition::In(left, options));
        }
        let comparator = match self.next() {
            Some(Token::Symbol(s)) if ["=", "<>", "<", "<=", ">", ">="].contains(&s) => s,
            other => return Err(format!("expected a comparison, found {other:?}")),
        };
        Ok(Condition::Compare(left, comparator, self.operand()?))
    }

    fn operand(&mut self) -> Result<Operand, String> {
        match self.peek().cloned() {
            Some(Token::Placeholder(name)) => {
                self.at += 1;
                let value = self
                    .bindings
                    .values
                    .and_then(|values| values.get(&name))
                    .ok_or_else(|| format!("{name} is not in ExpressionAttributeValues"))?;
                Ok(Operand::Value(value.clone()))
            }
            Some(Token::Word(word)) if matches!(self.tokens.get(self.at + 1), Some(Token::Symbol("("))) => {
                self.at += 2;
                let operand = match word.to_ascii_lowercase().as_str() {
                    "size" => Operand::Size(self.path()?),
                    "if_not_exists" => {
                        let path = self.path()?;
                        self.expect(",")?;
                        Operand::IfNotExists(path, Box::new(self.operand()?))
                    }
                    "list_append" => {
                        let first = self.operand()?;
                        self.expect(",")?;
                        Operand::ListAppend(Box::new(first), Box::new(self.operand()?))
                    }
                    other => return Err(format!("unsupported function `{other}`")),
                };
                self.expect(")")?;
                Ok(operand)
            }
            _ => Ok(Operand::Path(self.path()?)),
        }
    }

    fn path(&mut self) -> Result<Vec<Step>, String> {
        let mut steps = vec![Step::Name(self.name()?)];
        loop {
            if self.symbol(".") {
                steps.push(Step::Name(self.name()?));
            } else if self.symbol("[") {
                match self.next() {
                    Some(Token::Number(index)) => steps.push(Step::Index(index)),
                    other => return Err(format!("expected a list index, found {other:?}")),
                }
                self.expect("]")?;
            } else {
                return Ok(steps);
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Token::Word(word)) if word.starts_with('#') => self
                .bindings
                .names
                .and_then(|names| names.get(&word))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("{word} is not in ExpressionAttributeNames")),
            Some(Token::Word(word)) => Ok(word),
            other => Err(format!("expected an attribute name, found {other:?}")),
        }
    }

    /// An update operand: a value, path or function, optionally `+`/`-` another.
    fn update_value(&mut self) -> Result<Operand, String> {
        let left = self.operand()?;
        if self.symbol("+") {
            return Ok(Operand::Plus(Box::new(left), Box::new(self.operand()?)));
        }
        if self.symbol("-") {
            return Ok(Operand::Minus(Box::new(left), Box::new(self.operand()?)));
        }
        Ok(left)
    }
}

fn get<'v>(item: &'v Item, path: &[Step]) -> Option<&'v Value> {
    let (Step::Name(first), rest) = path.split_first()? else { return None };
    let mut current = item.get(first)?;
    for step in rest {
        current = match step {
            Step::Name(name) => current.get("M")?.get(name)?,
            Step::Index(index) => current.get("L")?.get(*index)?,
        };
    }
    Some(current)
}

fn resolve(item: &Item, operand: &Operand) -> Result<Option<Value>, String> {
    Ok(match operand {
        Operand::Path(path) => get(item, path).cloned(),
        Operand::Value(value) => Some(value.clone()),
        Operand::Size(path) => get(item, path).and_then(size).map(|n| serde_json::json!({ "N": n.to_string() })),
        Operand::IfNotExists(path, fallback) => match get(item, path) {
            Some(value) => Some(value.clone()),
            None => resolve(item, fallback)?,
        },
        Operand::ListAppend(first, second) => {
            let list = |operand| -> Result<Vec<Value>, String> {
                match resolve(item, operand)? {
                    Some(Value::Object(value)) => match value.get("L") {
                        Some(Value::Array(items)) => Ok(items.clone()),
                        _ => Err("list_append needs lists".into()),
                    },
                    _ => Err("list_append needs lists".into()),
                }
            };
            let mut joined = list(first)?;
            joined.extend(list(second)?);
            Some(serde_json::json!({ "L": joined }))
        }
        Operand::Plus(left, right) | Operand::Minus(left, right) => {
            let number = |operand| -> Result<f64, String> {
                resolve(item, operand)?
                    .as_ref()
                    .and_then(number)
                    .ok_or_else(|| "an arithmetic operand is missing or not a number".to_owned())
            };
            let (left, right) = (number(left)?, number(right)?);
            let result = if matches!(operand, Operand::Plus(..)) { left + right } else { left - right };
            Some(serde_json::json!({ "N": format_number(result) }))
        }
    })
}

fn size(value: &Value) -> Option<usize> {
    let (kind, inner) = value.as_object()?.iter().next()?;
    match kind.as_str() {
        "S" => inner.as_str().map(|s| s.len()),
        "B" => inner.as_str().map(|s| s.len() * 3 / 4),
        "L" | "SS" | "NS" | "BS" => inner.as_array().map(Vec::len),
        "M" => inner.as_object().map(Map::len),
        _ => None,
    }
}

fn number(value: &Value) -> Option<f64> {
    value.get("N")?.as_str()?.parse().ok()
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// Orders two attribute values of the same scalar type (`S`, `N`, `B`); `None` when they do not compare.
pub fn compare(left: &Value, right: &Value) -> Option<Ordering> {
    if let (Some(l), Some(r)) = (number(left), number(right)) {
        return l.partial_cmp(&r);
    }
    for kind in ["S", "B"] {
        if let (Some(l), Some(r)) = (left.get(kind).and_then(Value::as_str), right.get(kind).and_then(Value::as_str)) {
            return Some(l.cmp(r));
        }
    }
    None
}

fn equal(left: &Value, right: &Value) -> bool {
    compare(left, right).map_or(left == right, Ordering::is_eq)
}

fn holds(item: &Item, condition: &Condition) -> Result<bool, String> {
    Ok(match condition {
        Condition::Compare(left, comparator, right) => {
            let (Some(left), Some(right)) = (resolve(item, left)?, resolve(item, right)?) else {
                // A missing attribute compares false, except that it is "not equal" to anything.
                return Ok(*comparator == "<>");
            };
            match *comparator {
                "=" => equal(&left, &right),
                "<>" => !equal(&left, &right),
                other => compare(&left, &right).is_some_and(|ordering| match other {
                    "<" => ordering.is_lt(),
                    "<=" => ordering.is_le(),
                    ">" => ordering.is_gt(),
                    _ => ordering.is_ge(),
                }),
            }
        }
        Condition::Between(subject, low, high) => {
            match (resolve(item, subject)?, resolve(item, low)?, resolve(item, high)?) {
                (Some(subject), Some(low), Some(high)) => {
                    compare(&subject, &low).is_some_and(Ordering::is_ge)
                        && compare(&subject, &high).is_some_and(Ordering::is_le)
                }
                _ => false,
            }
        }
        Condition::In(subject, options) => match resolve(item, subject)? {
            Some(subject) => {
                let mut found = false;
                for option in options {
                    found |= resolve(item, option)?.is_some_and(|option| equal(&subject, &option));
                }
                found
            }
            None => false,
        },
        Condition::Exists(path, wanted) => get(item, path).is_some() == *wanted,
        Condition::Type(path, kind) => {
            let kind = resolve(item, kind)?.and_then(|k| k.get("S").and_then(Value::as_str).map(str::to_owned));
            match (get(item, path).and_then(Value::as_object).and_then(|v| v.keys().next().cloned()), kind) {
                (Some(actual), Some(kind)) => actual == kind,
                _ => false,
            }
        }
        Condition::BeginsWith(subject, prefix) => match (resolve(item, subject)?, resolve(item, prefix)?) {
            (Some(subject), Some(prefix)) => match (subject.get("S"), prefix.get("S")) {
                (Some(Value::String(s)), Some(Value::String(p))) => s.starts_with(p.as_str()),
                _ => false,
            },
            _ => false,
        },
        Condition::Contains(subject, needle) => match (resolve(item, subject)?, resolve(item, needle)?) {
            (Some(subject), Some(needle)) => contains(&subject, &needle),
            _ => false,
        },
        Condition::And(left, right) => holds(item, left)? && holds(item, right)?,
        Condition::Or(left, right) => holds(item, left)? || holds(item, right)?,
        Condition::Not(inner) => !holds(item, inner)?,
    })
}

fn contains(subject: &Value, needle: &Value) -> bool {
    if let (Some(Value::String(s)), Some(Value::String(n))) = (subject.get("S"), needle.get("S")) {
        return s.contains(n.as_str());
    }
    for (set, member) in [("SS", "S"), ("NS", "N"), ("BS", "B")] {
        if let (Some(Value::Array(members)), Some(wanted)) = (subject.get(set), needle.get(member)) {
            return members.contains(wanted);
        }
    }
    if let Some(Value::Array(items)) = subject.get("L") {
        return items.iter().any(|item| equal(item, needle));
    }
    false
}

/// Whether `item` (absent: an empty item) satisfies a condition or filter expression.
pub fn matches(expression: &str, bindings: &Bindings<'_>, item: Option<&Item>) -> Result<bool, String> {
    let mut parser = Parser::new(expression, bindings)?;
    let condition = parser.condition()?;
    parser.done()?;
    let empty = Item::new();
    holds(item.unwrap_or(&empty), &condition)
}

/// Applies an update expression to `item` in place.
pub fn update(expression: &str, bindings: &Bindings<'_>, item: &mut Item) -> Result<(), String> {
    let mut parser = Parser::new(expression, bindings)?;
    let mut clauses = 0;
    while parser.peek().is_some() {
        let clause = match parser.next() {
            Some(Token::Word(word)) => word.to_ascii_uppercase(),
            other => return Err(format!("expected SET, REMOVE, ADD or DELETE, found {other:?}")),
        };
        loop {
            let path = parser.path()?;
            match clause.as_str() {
                "SET" => {
                    parser.expect("=")?;
                    let value = parser.update_value()?;
                    let value = resolve(item, &value)?.ok_or("a SET operand refers to a missing attribute")?;
                    set(item, &path, value)?;
                }
                "REMOVE" => remove(item, &path),
                "ADD" | "DELETE" => {
                    let operand = parser.operand()?;
                    let operand = resolve(item, &operand)?.ok_or("an ADD or DELETE operand is missing")?;
                    let current = get(item, &path).cloned();
                    let merged = add_or_delete(current, &operand, clause == "ADD")?;
                    match merged {
                        Some(value) => set(item, &path, value)?,
                        None => remove(item, &path),
                    }
                }
                other => return Err(format!("unknown update clause `{other}`")),
            }
            clauses += 1;
            if !parser.symbol(",") {
                break;
            }
        }
    }
    if clauses == 0 {
        return Err("the update expression is empty".into());
    }
    Ok(())
}

fn add_or_delete(current: Option<Value>, operand: &Value, add: bool) -> Result<Option<Value>, String> {
    if let Some(delta) = number(operand) {
        if !add {
            return Err("DELETE works on sets only".into());
        }
        let base = current.as_ref().map_or(Some(0.0), number).ok_or("ADD of a number to a non-number")?;
        return Ok(Some(serde_json::json!({ "N": format_number(base + delta) })));
    }
    let (kind, members) = operand
        .as_object()
        .and_then(|o| o.iter().next())
        .filter(|(kind, _)| ["SS", "NS", "BS"].contains(&kind.as_str()))
        .ok_or("ADD and DELETE take a number or a set")?;
    let mut set: Vec<Value> = current.and_then(|c| c.get(kind).and_then(Value::as_array).cloned()).unwrap_or_default();
    for member in members.as_array().into_iter().flatten() {
        if add && !set.contains(member) {
            set.push(member.clone());
        } else if !add {
            set.retain(|existing| existing != member);
        }
    }
    Ok((!set.is_empty()).then(|| serde_json::json!({ kind: set })))
}

fn set(item: &mut Item, path: &[Step], value: Value) -> Result<(), String> {
    let Some((Step::Name(first), rest)) = path.split_first() else { return Err("a path starts with a name".into()) };
    if rest.is_empty() {
        item.insert(first.clone(), value);
        return Ok(());
    }
    let mut current = item.get_mut(first).ok_or("the document path to update does not exist")?;
    for (position, step) in rest.iter().enumerate() {
        let last = position + 1 == rest.len();
        current = match step {
            Step::Name(name) => {
                let map = current.get_mut("M").and_then(Value::as_object_mut).ok_or("not a map in the path")?;
                if last {
                    map.insert(name.clone(), value);
                    return Ok(());
                }
                map.get_mut(name).ok_or("the document path to update does not exist")?
            }
            Step::Index(index) => {
                let list = current.get_mut("L").and_then(Value::as_array_mut).ok_or("not a list in the path")?;
                if last {
                    if *index < list.len() {
                        list[*index] = value;
                    } else {
                        list.push(value);
                    }
                    return Ok(());
                }
                list.get_mut(*index).ok_or("the document path to update does not exist")?
            }
        };
    }
    Ok(())
}

fn remove(item: &mut Item, path: &[Step]) {
    match path {
        [Step::Name(name)] => {
            item.remove(name);
        }
        [init @ .., last] => {
            let Some(parent) = get_mut(item, init) else { return };
            match last {
                Step::Name(name) => {
                    if let Some(map) = parent.get_mut("M").and_then(Value::as_object_mut) {
                        map.remove(name);
                    }
                }
                Step::Index(index) => {
                    if let Some(list) = parent.get_mut("L").and_then(Value::as_array_mut) {
                        if *index < list.len() {
                            list.remove(*index);
                        }
                    }
                }
            }
        }
        [] => {}
    }
}

fn get_mut<'v>(item: &'v mut Item, path: &[Step]) -> Option<&'v mut Value> {
    let (Step::Name(first), rest) = path.split_first()? else { return None };
    let mut current = item.get_mut(first)?;
    for step in rest {
        current = match step {
            Step::Name(name) => current.get_mut("M")?.get_mut(name)?,
            Step::Index(index) => current.get_mut("L")?.get_mut(*index)?,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(value: Value) -> Item {
        value.as_object().unwrap().clone()
    }

    fn check(expression: &str, names: Value, values: Value, target: &Item) -> bool {
        let bindings = Bindings { names: names.as_object(), values: values.as_object() };
        matches(expression, &bindings, Some(target)).unwrap()
    }

    #[test]
    fn conditions_and_filters() {
        let user = item(json!({"id": {"S": "u1"}, "status": {"S": "pending"}, "age": {"N": "42"},
            "tags": {"SS": ["a", "b"]}, "address": {"M": {"city": {"S": "Paris"}}}}));
        assert!(check("attribute_not_exists(nope)", json!({}), json!({}), &user));
        assert!(!check("attribute_not_exists(id)", json!({}), json!({}), &user));
        assert!(check("#s = :p", json!({"#s": "status"}), json!({":p": {"S": "pending"}}), &user));
        assert!(check("age BETWEEN :a AND :b", json!({}), json!({":a": {"N": "40"}, ":b": {"N": "42.0"}}), &user));
        assert!(check("age > :a AND NOT (age >= :b)", json!({}), json!({":a": {"N": "9"}, ":b": {"N": "100"}}), &user));
        assert!(check(
            "begins_with(id, :p) OR age < :z",
            json!({}),
            json!({":p": {"S": "u"}, ":z": {"N": "0"}}),
            &user
        ));
        assert!(check(
            "contains(tags, :t) AND address.city = :c",
            json!({}),
            json!({":t": {"S": "b"}, ":c": {"S": "Paris"}}),
            &user
        ));
        assert!(check(
            "#s IN (:x, :p)",
            json!({"#s": "status"}),
            json!({":x": {"S": "x"}, ":p": {"S": "pending"}}),
            &user
        ));
        assert!(check("size(tags) = :two", json!({}), json!({":two": {"N": "2"}}), &user));
        assert!(check("missing <> :v", json!({}), json!({":v": {"S": "x"}}), &user));
        let bindings = Bindings::default();
        assert!(matches("id = :undefined", &bindings, Some(&user)).is_err());
        assert!(matches("id = ", &bindings, Some(&user)).is_err());
        assert!(matches("id = id extra", &bindings, Some(&user)).is_err());
    }

    #[test]
    fn updates() {
        let mut user =
            item(json!({"id": {"S": "u1"}, "count": {"N": "1"}, "old": {"S": "x"}, "list": {"L": [{"S": "a"}]}}));
        let values =
            json!({":one": {"N": "1"}, ":name": {"S": "Ada"}, ":more": {"L": [{"S": "b"}]}, ":tag": {"SS": ["t"]}});
        let bindings = Bindings { names: None, values: values.as_object() };
        update(
            "SET #n = :name, count = count + :one, since = if_not_exists(since, :one), list = list_append(list, :more) REMOVE old ADD tags :tag",
            &Bindings { names: json!({"#n": "name"}).as_object(), ..bindings },
            &mut user,
        )
        .unwrap();
        assert_eq!(
            Value::Object(user),
            json!({"id": {"S": "u1"}, "count": {"N": "2"}, "name": {"S": "Ada"}, "since": {"N": "1"},
                "list": {"L": [{"S": "a"}, {"S": "b"}]}, "tags": {"SS": ["t"]}})
        );
    }
}
