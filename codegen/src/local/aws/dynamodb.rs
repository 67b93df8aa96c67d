//! DynamoDB's JSON 1.0 protocol (`X-Amz-Target: DynamoDB_20120810.PutItem`): PutItem, GetItem, DeleteItem,
//! UpdateItem, Query and Scan on the service's declared tables, with condition, filter, key condition and
//! update expressions, `ReturnValues`, `Limit` and pagination.

use super::super::app::App;
use super::super::body;
use super::super::server::Reply;
use super::expression::{compare, matches, update, Bindings};
use hyper::http::request::Parts;
use lambdaform_manifest::Table;
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

type Item = Map<String, Value>;

/// A refused request: DynamoDB's error `__type` (short form) and message.
#[derive(Debug, PartialEq)]
pub struct Refusal(pub &'static str, pub String);

fn validation(message: impl Into<String>) -> Refusal {
    Refusal("ValidationException", message.into())
}

pub fn error(refusal: &Refusal) -> Reply {
    let document = json!({ "__type": format!("com.amazonaws.dynamodb.v20120810#{}", refusal.0), "message": refusal.1 });
    body::with(400, "application/x-amz-json-1.0", document.to_string())
}

fn answer(document: Value) -> Reply {
    body::with(200, "application/x-amz-json-1.0", document.to_string())
}

/// The storage a table's operations need; the dev server implements it over the in-memory tables.
pub trait TableStore {
    /// The item with exactly this key.
    fn get(&self, key: &Item) -> Option<Item>;
    /// Writes (and streams) an item; returns the one it replaced.
    async fn put(&self, item: Item) -> Result<Option<Item>, Refusal>;
    /// Deletes (and streams) an item; returns it.
    async fn delete(&self, key: &Item) -> Result<Option<Item>, Refusal>;
    /// Every item, in any order.
    fn items(&self) -> Vec<Item>;
}

pub async fn handle(app: &App, parts: &Parts, body: &[u8]) -> Reply {
    let operation = super::json_target(parts, "DynamoDB_20120810").unwrap_or_default().to_owned();
    let input: Value = match serde_json::from_slice(body) {
        Ok(input) => input,
        Err(e) => return error(&Refusal("SerializationException", format!("the request body is not JSON: {e}"))),
    };
    let Some(table_name) = input["TableName"].as_str() else {
        return error(&validation("TableName is required"));
    };
    let Some((resource, table)) = app.table(table_name) else {
        return error(&Refusal(
            "ResourceNotFoundException",
            format!("Requested resource not found: Table: {table_name} not found"),
        ));
    };
    // Conditional writes read, check and write: one request at a time keeps that atomic, as DynamoDB is.
    let _writing = app.table_writes.lock().await;
    let store = app.table_store(resource);
    match run(&operation, &input, table, &store).await {
        Ok(document) => answer(document),
        Err(refusal) => error(&refusal),
    }
}

/// Runs one operation against a table.
pub async fn run(operation: &str, input: &Value, table: &Table, store: &impl TableStore) -> Result<Value, Refusal> {
    let bindings = Bindings {
        names: input["ExpressionAttributeNames"].as_object(),
        values: input["ExpressionAttributeValues"].as_object(),
    };
    match operation {
        "PutItem" => {
            let item = object(input, "Item")?;
            let key = key_of(table, &item, "/Item")?;
            check_condition(input, &bindings, store.get(&key).as_ref())?;
            let old = store.put(item).await?;
            Ok(returned(input, old, None))
        }
        "GetItem" => {
            let key = object(input, "Key")?;
            check_exact_key(table, &key)?;
            Ok(store.get(&key).map_or_else(|| json!({}), |item| json!({ "Item": item })))
        }
        "DeleteItem" => {
            let key = object(input, "Key")?;
            check_exact_key(table, &key)?;
            check_condition(input, &bindings, store.get(&key).as_ref())?;
            let old = store.delete(&key).await?;
            Ok(returned(input, old, None))
        }
        "UpdateItem" => {
            let key = object(input, "Key")?;
            check_exact_key(table, &key)?;
            let old = store.get(&key);
            check_condition(input, &bindings, old.as_ref())?;
            let mut new = old.clone().unwrap_or_else(|| key.clone());
            if let Some(expression) = input["UpdateExpression"].as_str() {
                update(expression, &bindings, &mut new).map_err(validation)?;
            }
            if key_of(table, &new, "/Key")? != key {
                return Err(validation("an update expression cannot change the item's key"));
            }
            store.put(new.clone()).await?;
            Ok(returned(input, old, Some(new)))
        }
        "Query" | "Scan" => read_many(operation, input, &bindings, table, store),
        other => Err(Refusal(
            "UnknownOperationException",
            format!("DynamoDB_20120810.{other} is not served locally; see docs/local.md"),
        )),
    }
}

fn object(input: &Value, field: &str) -> Result<Item, Refusal> {
    input[field].as_object().cloned().ok_or_else(|| validation(format!("{field} is required and must be a map")))
}

fn key_names(table: &Table) -> Vec<&str> {
    std::iter::once(table.partition_key.name.as_str()).chain(table.sort_key.as_ref().map(|k| k.name.as_str())).collect()
}

/// The key attributes of `item`, each present.
fn key_of(table: &Table, item: &Item, pointer: &str) -> Result<Item, Refusal> {
    key_names(table)
        .into_iter()
        .map(|name| {
            let value =
                item.get(name).ok_or_else(|| validation(format!("{pointer}/{name}: the key attribute is missing")))?;
            Ok((name.to_owned(), value.clone()))
        })
        .collect()
}

/// A `Key` must name exactly the table's key attributes.
fn check_exact_key(table: &Table, key: &Item) -> Result<(), Refusal> {
    let names = key_names(table);
    if key.len() != names.len() || !names.iter().all(|name| key.contains_key(*name)) {
        return Err(validation(format!(
            "The provided key element does not match the schema: the key is {}",
            names.join(" and ")
        )));
    }
    Ok(())
}

fn check_condition(input: &Value, bindings: &Bindings<'_>, current: Option<&Item>) -> Result<(), Refusal> {
    let Some(expression) = input["ConditionExpression"].as_str() else { return Ok(()) };
    if matches(expression, bindings, current).map_err(validation)? {
        Ok(())
    } else {
        Err(Refusal("ConditionalCheckFailedException", "The conditional request failed".into()))
    }
}

/// `Attributes` per `ReturnValues`: the old item (`ALL_OLD`, `UPDATED_OLD`) or the new one.
fn returned(input: &Value, old: Option<Item>, new: Option<Item>) -> Value {
    let chosen = match input["ReturnValues"].as_str().unwrap_or("NONE") {
        "ALL_OLD" | "UPDATED_OLD" => old,
        "ALL_NEW" | "UPDATED_NEW" => new,
        _ => None,
    };
    chosen.map_or_else(|| json!({}), |item| json!({ "Attributes": item }))
}

fn order(table: &Table, a: &Item, b: &Item) -> Ordering {
    key_names(table)
        .into_iter()
        .map(|name| match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) => compare(x, y).unwrap_or(Ordering::Equal),
            _ => Ordering::Equal,
        })
        .find(|ordering| ordering.is_ne())
        .unwrap_or(Ordering::Equal)
}

fn read_many(
    operation: &str,
    input: &Value,
    bindings: &Bindings<'_>,
    table: &Table,
    store: &impl TableStore,
) -> Result<Value, Refusal> {
    if input.get("IndexName").is_some() {
        return Err(validation("secondary indexes are not declared by lambdaform tables; IndexName is not served"));
    }
    let mut items = store.items();
    if operation == "Query" {
        let expression = input["KeyConditionExpression"]
            .as_str()
            .ok_or_else(|| validation("Query needs a KeyConditionExpression"))?;
        let mut kept = Vec::new();
        for item in items {
            if matches(expression, bindings, Some(&item)).map_err(validation)? {
                kept.push(item);
            }
        }
        items = kept;
    }
    items.sort_by(|a, b| order(table, a, b));
    if operation == "Query" && input["ScanIndexForward"] == Value::Bool(false) {
        items.reverse();
    }
    if let Some(start) = input["ExclusiveStartKey"].as_object() {
        let position = items.iter().position(|item| key_of(table, item, "").ok().as_ref() == Some(start));
        let skip = position.map_or(0, |p| p + 1);
        items.drain(..skip.min(items.len()));
    }
    let limit = input["Limit"].as_u64().map(|l| l as usize);
    if limit == Some(0) {
        return Err(validation("Limit must be at least 1"));
    }
    let more = limit.is_some_and(|limit| items.len() > limit);
    if let Some(limit) = limit {
        items.truncate(limit);
    }
    let last_key = if more { items.last().and_then(|item| key_of(table, item, "").ok()) } else { None };
    let scanned = items.len();
    let filtered: Vec<Item> = match input["FilterExpression"].as_str() {
        Some(expression) => {
            let mut kept = Vec::new();
            for item in items {
                if matches(expression, bindings, Some(&item)).map_err(validation)? {
                    kept.push(item);
                }
            }
            kept
        }
        None => items,
    };
    let mut document = json!({ "Count": filtered.len(), "ScannedCount": scanned });
    if input["Select"].as_str() != Some("COUNT") {
        document["Items"] = json!(filtered);
    }
    if let Some(key) = last_key {
        document["LastEvaluatedKey"] = Value::Object(key);
    }
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambdaform_manifest::{Billing, KeyType, TableKey};
    use std::sync::Mutex;

    /// A plain map of items, enough to check the protocol's logic.
    struct Memory(Mutex<Vec<Item>>, Table);

    impl TableStore for Memory {
        fn get(&self, key: &Item) -> Option<Item> {
            self.0.lock().unwrap().iter().find(|i| key_of(&self.1, i, "").ok().as_ref() == Some(key)).cloned()
        }
        async fn put(&self, item: Item) -> Result<Option<Item>, Refusal> {
            let key = key_of(&self.1, &item, "")?;
            let old = self.delete(&key).await?;
            self.0.lock().unwrap().push(item);
            Ok(old)
        }
        async fn delete(&self, key: &Item) -> Result<Option<Item>, Refusal> {
            let mut items = self.0.lock().unwrap();
            let position = items.iter().position(|i| key_of(&self.1, i, "").ok().as_ref() == Some(key));
            Ok(position.map(|p| items.remove(p)))
        }
        fn items(&self) -> Vec<Item> {
            self.0.lock().unwrap().clone()
        }
    }

    fn table() -> Table {
        Table {
            partition_key: TableKey { name: "pk".into(), key_type: KeyType::S },
            sort_key: Some(TableKey { name: "n".into(), key_type: KeyType::N }),
            billing: Billing::PayPerRequest,
            stream: None,
        }
    }

    #[tokio::test]
    async fn writes_with_conditions_and_return_values() {
        let store = Memory(Mutex::new(Vec::new()), table());
        let put = json!({"Item": {"pk": {"S": "a"}, "n": {"N": "1"}, "v": {"S": "x"}}, "ConditionExpression": "attribute_not_exists(pk)"});
        assert_eq!(run("PutItem", &put, &store.1, &store).await.unwrap(), json!({}));
        let again = run("PutItem", &put, &store.1, &store).await.unwrap_err();
        assert_eq!(again.0, "ConditionalCheckFailedException");
        let update = json!({"Key": {"pk": {"S": "a"}, "n": {"N": "1"}}, "UpdateExpression": "SET v = :v",
            "ExpressionAttributeValues": {":v": {"S": "y"}}, "ReturnValues": "ALL_NEW"});
        assert_eq!(run("UpdateItem", &update, &store.1, &store).await.unwrap()["Attributes"]["v"], json!({"S": "y"}));
        let delete = json!({"Key": {"pk": {"S": "a"}, "n": {"N": "1"}}, "ReturnValues": "ALL_OLD"});
        assert_eq!(run("DeleteItem", &delete, &store.1, &store).await.unwrap()["Attributes"]["v"], json!({"S": "y"}));
        assert_eq!(
            run("GetItem", &json!({"Key": {"pk": {"S": "a"}, "n": {"N": "1"}}}), &store.1, &store).await.unwrap(),
            json!({})
        );
        let bad_key = run("GetItem", &json!({"Key": {"pk": {"S": "a"}}}), &store.1, &store).await.unwrap_err();
        assert_eq!(bad_key.0, "ValidationException");
    }

    #[tokio::test]
    async fn query_and_scan_paginate_in_key_order() {
        let store = Memory(Mutex::new(Vec::new()), table());
        for (pk, n) in [("a", "10"), ("a", "2"), ("b", "1"), ("a", "1")] {
            store.put(json!({"pk": {"S": pk}, "n": {"N": n}}).as_object().unwrap().clone()).await.unwrap();
        }
        let query = json!({"KeyConditionExpression": "pk = :p AND n > :low", "ExpressionAttributeValues": {":p": {"S": "a"}, ":low": {"N": "1"}},
            "ScanIndexForward": false});
        let found = run("Query", &query, &store.1, &store).await.unwrap();
        assert_eq!(found["Items"], json!([{"pk": {"S": "a"}, "n": {"N": "10"}}, {"pk": {"S": "a"}, "n": {"N": "2"}}]));
        let first = run("Scan", &json!({"Limit": 3}), &store.1, &store).await.unwrap();
        assert_eq!(first["Count"], 3);
        assert_eq!(first["LastEvaluatedKey"], json!({"pk": {"S": "a"}, "n": {"N": "10"}}));
        let rest = run("Scan", &json!({"Limit": 3, "ExclusiveStartKey": first["LastEvaluatedKey"]}), &store.1, &store)
            .await
            .unwrap();
        assert_eq!(rest["Items"], json!([{"pk": {"S": "b"}, "n": {"N": "1"}}]));
        assert!(rest.get("LastEvaluatedKey").is_none());
    }
}
