//! Tables: items as DynamoDB JSON (`{"id": {"S": "u-1"}}`), checked against the declared key schema, kept in
//! key order so `query` returns a partition sorted by its sort key.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use base64::Engine;
use lambdaform_manifest::{KeyType, Table as TableConfig, TableKey};
use serde_json::{Map, Value};

use crate::LocalError;

pub type Item = Map<String, Value>;

/// One key attribute's value, ordered as DynamoDB orders it: numbers by value, strings and binaries by bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyValue {
    S(String),
    N(f64),
    B(Vec<u8>),
}

impl Eq for KeyValue {}

impl PartialOrd for KeyValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KeyValue {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (KeyValue::S(a), KeyValue::S(b)) => a.as_bytes().cmp(b.as_bytes()),
            (KeyValue::N(a), KeyValue::N(b)) => a.total_cmp(b),
            (KeyValue::B(a), KeyValue::B(b)) => a.cmp(b),
            // One table never mixes key types; any fixed order will do.
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl KeyValue {
    fn rank(&self) -> u8 {
        match self {
            KeyValue::S(_) => 0,
            KeyValue::N(_) => 1,
            KeyValue::B(_) => 2,
        }
    }
}

type Key = (KeyValue, Option<KeyValue>);

/// A condition on the sort key for [`Table::query`], as in a `KeyConditionExpression`.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKeyCondition {
    Eq(Value),
    Lt(Value),
    Le(Value),
    Gt(Value),
    Ge(Value),
    Between(Value, Value),
    BeginsWith(Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub config: TableConfig,
    items: BTreeMap<Key, Item>,
}

impl Table {
    pub fn new(config: TableConfig) -> Table {
        Table { config, items: BTreeMap::new() }
    }

    /// Stores an item, replacing the one with the same key; returns the replaced item.
    pub fn put(&mut self, item: Item) -> Result<Option<Item>, LocalError> {
        check_item(&item, "/Item")?;
        let key = self.key_of(&item, "/Item", false)?;
        Ok(self.items.insert(key, item))
    }

    pub fn get(&self, key: &Item) -> Result<Option<&Item>, LocalError> {
        let key = self.key_of(key, "/Key", true)?;
        Ok(self.items.get(&key))
    }

    pub fn delete(&mut self, key: &Item) -> Result<Option<Item>, LocalError> {
        let key = self.key_of(key, "/Key", true)?;
        Ok(self.items.remove(&key))
    }

    /// Applies an update to the item with this key (creating it from the key when absent); returns the old
    /// item and the new one. Key attributes cannot be changed, as in DynamoDB.
    pub fn update(&mut self, key: &Item, update: &crate::update::Update) -> Result<(Option<Item>, Item), LocalError> {
        let k = self.key_of(key, "/Key", true)?;
        let old = self.items.get(&k).cloned();
        let new = update.apply(old.as_ref().unwrap_or(key))?;
        for name in
            std::iter::once(&self.config.partition_key.name).chain(self.config.sort_key.as_ref().map(|s| &s.name))
        {
            if new.get(name) != key.get(name) {
                return Err(LocalError::invalid(
                    "/UpdateExpression",
                    format!("cannot update attribute {name}: it is part of the key"),
                ));
            }
        }
        check_item(&new, "/UpdateExpression")?;
        self.items.insert(k, new.clone());
        Ok((old, new))
    }

    /// The items of one partition, in sort-key order, that meet the sort-key condition.
    pub fn query(&self, partition: &Value, condition: Option<&SortKeyCondition>) -> Result<Vec<Item>, LocalError> {
        let pk = key_value(partition, &self.config.partition_key, "/KeyConditions/partition")?;
        let sort_key = match (&self.config.sort_key, condition) {
            (None, Some(_)) => return Err(LocalError::invalid("/KeyConditions/sort", "the table has no sort key")),
            (sk, _) => sk,
        };
        let bound = |v: &Value| match sort_key {
            Some(sk) => key_value(v, sk, "/KeyConditions/sort"),
            None => Err(LocalError::invalid("/KeyConditions/sort", "the table has no sort key")),
        };
        let check: Box<dyn Fn(&KeyValue) -> bool> = match condition {
            None => Box::new(|_| true),
            Some(SortKeyCondition::Eq(v)) => {
                let b = bound(v)?;
                Box::new(move |s| *s == b)
            }
            Some(SortKeyCondition::Lt(v)) => {
                let b = bound(v)?;
                Box::new(move |s| *s < b)
            }
            Some(SortKeyCondition::Le(v)) => {
                let b = bound(v)?;
                Box::new(move |s| *s <= b)
            }
            Some(SortKeyCondition::Gt(v)) => {
                let b = bound(v)?;
                Box::new(move |s| *s > b)
            }
            Some(SortKeyCondition::Ge(v)) => {
                let b = bound(v)?;
                Box::new(move |s| *s >= b)
            }
            Some(SortKeyCondition::Between(lo, hi)) => {
                let (lo, hi) = (bound(lo)?, bound(hi)?);
                Box::new(move |s| lo <= *s && *s <= hi)
            }
            Some(SortKeyCondition::BeginsWith(v)) => match bound(v)? {
                KeyValue::S(p) => Box::new(move |s| matches!(s, KeyValue::S(t) if t.starts_with(&p))),
                KeyValue::B(p) => Box::new(move |s| matches!(s, KeyValue::B(t) if t.starts_with(&p))),
                KeyValue::N(_) => {
                    return Err(LocalError::invalid("/KeyConditions/sort", "begins_with takes a string or binary"))
                }
            },
        };
        Ok(self
            .items
            .iter()
            .filter(|((p, s), _)| *p == pk && s.as_ref().is_none_or(&check))
            .map(|(_, item)| item.clone())
            .collect())
    }

    /// Every item, in key order.
    pub fn scan(&self) -> Vec<Item> {
        self.items.values().cloned().collect()
    }

    /// Just the key attributes of an item.
    pub fn key_attributes(&self, item: &Item) -> Item {
        let mut out = Map::new();
        for k in std::iter::once(&self.config.partition_key).chain(&self.config.sort_key) {
            if let Some(v) = item.get(&k.name) {
                out.insert(k.name.clone(), v.clone());
            }
        }
        out
    }

    /// The key of an item or of a key object; a key object (`exact`) must hold the key attributes and nothing else.
    fn key_of(&self, item: &Item, at: &str, exact: bool) -> Result<Key, LocalError> {
        let part = |k: &TableKey| match item.get(&k.name) {
            Some(v) => key_value(v, k, &format!("{at}/{}", k.name)),
            None => Err(LocalError::invalid(at, format!("the key attribute `{}` is missing", k.name))),
        };
        let pk = part(&self.config.partition_key)?;
        let sk = self.config.sort_key.as_ref().map(part).transpose()?;
        if exact {
            let expected = 1 + usize::from(sk.is_some());
            if item.len() != expected {
                return Err(LocalError::invalid(
                    at,
                    "a key must hold the key attributes of the table and nothing else",
                ));
            }
        }
        Ok((pk, sk))
    }
}

/// A key attribute's value, which must have the declared type (`S`, `N` or `B`) and not be empty.
fn key_value(v: &Value, key: &TableKey, at: &str) -> Result<KeyValue, LocalError> {
    let want = match key.key_type {
        KeyType::S => "S",
        KeyType::N => "N",
        KeyType::B => "B",
    };
    let inner = v.as_object().filter(|m| m.len() == 1).and_then(|m| m.get(want)).and_then(Value::as_str);
    let Some(text) = inner else {
        return Err(LocalError::invalid(
            at,
            format!("key attribute `{}` must be of type {want}, like {{\"{want}\": \"...\"}}", key.name),
        ));
    };
    match key.key_type {
        KeyType::S if text.is_empty() => Err(LocalError::invalid(at, "a string key attribute cannot be empty")),
        KeyType::S => Ok(KeyValue::S(text.to_string())),
        KeyType::N => text
            .trim()
            .parse::<f64>()
            .map(KeyValue::N)
            .map_err(|_| LocalError::invalid(at, format!("`{text}` is not a number"))),
        KeyType::B => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(KeyValue::B)
            .map_err(|_| LocalError::invalid(at, "a binary attribute must be base64")),
    }
}

/// Checks that every attribute is an AttributeValue: one of `S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`, `SS`,
/// `NS`, `BS`, with a value of the right JSON type.
pub fn check_item(item: &Item, at: &str) -> Result<(), LocalError> {
    for (name, v) in item {
        check_attribute_value(v, &format!("{at}/{name}"))?;
    }
    Ok(())
}

fn check_attribute_value(v: &Value, at: &str) -> Result<(), LocalError> {
    let Some((ty, inner)) = v.as_object().filter(|m| m.len() == 1).and_then(|m| m.iter().next()) else {
        return Err(LocalError::invalid(
            at,
            "an attribute value is an object with exactly one type key, like {\"S\": \"text\"}",
        ));
    };
    let at = format!("{at}/{ty}");
    let is_number = |s: &str| s.trim().parse::<f64>().is_ok();
    let set_of = |check: &dyn Fn(&Value) -> bool| {
        inner.as_array().is_some_and(|a| {
            !a.is_empty() && a.iter().all(check) && {
                let mut seen: Vec<&Value> = a.iter().collect();
                seen.sort_by_key(|v| v.to_string());
                seen.windows(2).all(|w| w[0] != w[1])
            }
        })
    };
    let ok = match ty.as_str() {
        "S" => inner.is_string(),
        "N" => inner.as_str().is_some_and(is_number),
        "B" => inner.is_string(),
        "BOOL" => inner.is_boolean(),
        "NULL" => inner == &Value::Bool(true),
        "M" => {
            let Some(map) = inner.as_object() else { return Err(LocalError::invalid(at, "M takes an object")) };
            return map.iter().try_for_each(|(k, v)| check_attribute_value(v, &format!("{at}/{k}")));
        }
        "L" => {
            let Some(list) = inner.as_array() else { return Err(LocalError::invalid(at, "L takes an array")) };
            return list.iter().enumerate().try_for_each(|(i, v)| check_attribute_value(v, &format!("{at}/{i}")));
        }
        "SS" | "BS" => set_of(&|v: &Value| v.is_string()),
        "NS" => set_of(&|v: &Value| v.as_str().is_some_and(is_number)),
        other => {
            return Err(LocalError::invalid(
                at,
                format!("`{other}` is not an attribute type (S, N, B, BOOL, NULL, M, L, SS, NS, BS)"),
            ))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(LocalError::invalid(at, format!("the value does not fit type {ty}")))
    }
}
