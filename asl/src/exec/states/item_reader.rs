//! `ItemReader`: a Distributed Map's items from S3 (through the executor's object store):
//! `s3:getObject` of a JSON, JSONL or CSV object, or `s3:listObjectsV2` of a prefix. Other resources are
//! asked of the task resolver, which must answer an array.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::flow::{env_read, states_var};
use crate::exec::error::Failure;
use crate::exec::jsonata;
use crate::exec::jsonpath::compact;
use crate::exec::resolver::{TaskOutcome, TaskRequest};
use crate::exec::run::{Here, Run, Thread};
use crate::model::{ItemReader, QueryLanguage};

const READER_FAILED: &str = "States.ItemReaderFailed";

fn failed(cause: impl Into<String>) -> Failure {
    Failure::new(Some(READER_FAILED.into()), Some(cause.into()))
}

pub(super) async fn read(
    run: &Arc<Run>,
    lang: QueryLanguage,
    reader: &ItemReader,
    here: &Here,
    (input, effective): (&Value, &Value),
    th: &Thread,
) -> Result<Vec<Value>, Failure> {
    let params = match (lang, &reader.arguments, &reader.parameters) {
        (QueryLanguage::JSONata, Some(a), _) => {
            jsonata::evaluate(a, "ItemReader/Arguments", &states_var(run, here, input, None, None), &th.vars)?
        }
        (QueryLanguage::JSONPath, _, Some(p)) => env_read(run, here, th, None, |env| env.template(p, effective))?,
        _ => Value::Null,
    };
    let config = reader.reader_config.clone().unwrap_or(Value::Null);
    let items = match reader.resource.rsplit_once(":::s3:").map(|(_, action)| action) {
        Some("getObject") => get_object(run, &params, &config).await?,
        Some("listObjectsV2") => list_objects(run, &params).await?,
        _ => from_resolver(run, reader, here, params).await?,
    };
    let max = match config.get("MaxItems") {
        Some(v) if lang == QueryLanguage::JSONata => {
            jsonata::evaluate(v, "ReaderConfig/MaxItems", &states_var(run, here, input, None, None), &th.vars)?.as_u64()
        }
        Some(v) => v.as_u64(),
        None => match config.get("MaxItemsPath").and_then(Value::as_str) {
            Some(p) => env_read(run, here, th, None, |env| env.apply_path(p, effective))?.as_u64(),
            None => None,
        },
    };
    // MaxItems 0 means no limit, as in AWS.
    Ok(match max.filter(|m| *m > 0) {
        Some(m) => items.into_iter().take(m as usize).collect(),
        None => items,
    })
}

fn field<'a>(params: &'a Value, name: &str) -> Result<&'a str, Failure> {
    params
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| Failure::runtime(format!("The ItemReader parameters need a string '{name}'.")))
}

async fn get_object(run: &Run, params: &Value, config: &Value) -> Result<Vec<Value>, Failure> {
    let (bucket, key) = (field(params, "Bucket")?, field(params, "Key")?);
    let body = run.store.get_object(bucket, key).await.map_err(|e| failed(e.to_string()))?;
    let text = String::from_utf8(body).map_err(|_| failed(format!("s3://{bucket}/{key} is not UTF-8 text")))?;
    let unreadable = |what: &str| failed(format!("s3://{bucket}/{key} is not {what}"));
    match config.get("InputType").and_then(Value::as_str).unwrap_or("JSON") {
        "JSON" => match serde_json::from_str(&text) {
            Ok(Value::Array(a)) => Ok(a),
            _ => Err(unreadable("a JSON array")),
        },
        "JSONL" => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).map_err(|_| unreadable("JSON Lines")))
            .collect(),
        "CSV" => csv_items(&text, config).ok_or_else(|| unreadable("CSV with a row per item")),
        other => Err(Failure::runtime(format!("The ItemReader InputType '{other}' is not supported locally."))),
    }
}

/// CSV rows as objects keyed by the header (first row, or `CSVHeaders` with `CSVHeaderLocation: GIVEN`).
fn csv_items(text: &str, config: &Value) -> Option<Vec<Value>> {
    let delimiter = match config.get("CSVDelimiter").and_then(Value::as_str).unwrap_or("COMMA") {
        "COMMA" => ',',
        "PIPE" => '|',
        "SEMICOLON" => ';',
        "SPACE" => ' ',
        "TAB" => '\t',
        _ => return None,
    };
    let mut rows = text.lines().filter(|l| !l.is_empty()).map(|l| split_csv(l, delimiter));
    let headers: Vec<String> = match config.get("CSVHeaderLocation").and_then(Value::as_str) {
        Some("GIVEN") => {
            config.get("CSVHeaders")?.as_array()?.iter().map(|h| h.as_str().map(String::from)).collect::<Option<_>>()?
        }
        _ => rows.next()?,
    };
    rows.map(|cells| {
        (cells.len() <= headers.len()).then(|| {
            let m: Map<String, Value> = headers.iter().cloned().zip(cells.into_iter().map(Value::String)).collect();
            Value::Object(m)
        })
    })
    .collect()
}

/// One CSV line: fields split at `delimiter`, double quotes around a field, `""` for a quote inside one.
fn split_csv(line: &str, delimiter: char) -> Vec<String> {
    let (mut fields, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

async fn list_objects(run: &Run, params: &Value) -> Result<Vec<Value>, Failure> {
    let bucket = field(params, "Bucket")?;
    let prefix = params.get("Prefix").and_then(Value::as_str).unwrap_or("");
    let listed = run.store.list_objects(bucket, prefix).await.map_err(|e| failed(e.to_string()))?;
    let modified = crate::exec::clock::iso(run.started);
    Ok(listed
        .into_iter()
        .map(|o| json!({"Etag": o.etag, "Key": o.key, "LastModified": modified, "Size": o.size, "StorageClass": "STANDARD"}))
        .collect())
}

async fn from_resolver(run: &Run, reader: &ItemReader, here: &Here, payload: Value) -> Result<Vec<Value>, Failure> {
    let request = TaskRequest {
        state_name: here.name.clone(),
        resource: reader.resource.clone(),
        payload,
        task_token: None,
        retry_count: here.retry_count,
        context: run.context(here, None),
    };
    match run.resolver.resolve(request).await.into_timed().1 {
        TaskOutcome::Success(Value::Array(a)) => Ok(a),
        TaskOutcome::Success(other) => Err(Failure::in_state(
            READER_FAILED,
            format!("The ItemReader returned a non-array value: {}", compact(&other)),
        )),
        TaskOutcome::Failure { error, cause } => Err(Failure::new(error.or(Some(READER_FAILED.into())), cause)),
        TaskOutcome::AwaitCallback | TaskOutcome::Took { .. } => {
            Err(Failure::runtime("An ItemReader cannot wait for a callback."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_and_given_headers() {
        assert_eq!(split_csv(r#"a,"b,c","say ""hi""""#, ','), vec!["a", "b,c", r#"say "hi""#]);
        let items = csv_items("id,name\n1,ann\n2,\"bo, b\"\n", &json!({"CSVHeaderLocation": "FIRST_ROW"})).unwrap();
        assert_eq!(items, vec![json!({"id": "1", "name": "ann"}), json!({"id": "2", "name": "bo, b"})]);
        let given = json!({"CSVHeaderLocation": "GIVEN", "CSVHeaders": ["x"], "CSVDelimiter": "PIPE"});
        assert_eq!(csv_items("7\n8", &given).unwrap(), vec![json!({"x": "7"}), json!({"x": "8"})]);
    }
}
