//! SQS's JSON protocol (`X-Amz-Target: AmazonSQS.SendMessage`): SendMessage and SendMessageBatch.

use super::super::app::App;
use super::super::body;
use super::super::server::Reply;
use hyper::http::request::Parts;
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

/// One message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The batch entry id; empty for SendMessage.
    pub id: String,
    pub body: String,
    /// `MessageAttributes` as sent: `{"name": {"DataType": "String", "StringValue": "..."}}`.
    pub attributes: Map<String, Value>,
    pub delay_seconds: u32,
}

#[derive(Debug, PartialEq)]
pub struct Send {
    pub queue_url: String,
    pub messages: Vec<Outgoing>,
    pub batch: bool,
}

pub fn parse(parts: &Parts, body: &[u8]) -> Result<Send, Reply> {
    let operation = super::json_target(parts, "AmazonSQS").unwrap_or_default();
    let input: Value = serde_json::from_slice(body)
        .map_err(|e| error("InvalidParameterValue", &format!("the request body is not JSON: {e}")))?;
    let queue_url = input["QueueUrl"].as_str().ok_or_else(|| error("MissingParameter", "QueueUrl is required"))?;
    let message = |entry: &Value, pointer: &str| -> Result<Outgoing, Reply> {
        let body = entry["MessageBody"]
            .as_str()
            .ok_or_else(|| error("MissingParameter", &format!("{pointer}/MessageBody is required")))?;
        Ok(Outgoing {
            id: entry["Id"].as_str().unwrap_or_default().to_owned(),
            body: body.to_owned(),
            attributes: entry["MessageAttributes"].as_object().cloned().unwrap_or_default(),
            delay_seconds: entry["DelaySeconds"].as_u64().and_then(|d| u32::try_from(d).ok()).unwrap_or(0),
        })
    };
    let (messages, batch) = match operation {
        "SendMessage" => (vec![message(&input, "")?], false),
        "SendMessageBatch" => {
            let entries = input["Entries"]
                .as_array()
                .filter(|entries| !entries.is_empty())
                .ok_or_else(|| error("EmptyBatchRequest", "Entries must hold at least one message"))?;
            if entries.len() > 10 {
                return Err(error("TooManyEntriesInBatchRequest", "a batch holds at most 10 messages"));
            }
            let messages = entries
                .iter()
                .enumerate()
                .map(|(index, entry)| message(entry, &format!("/Entries/{index}")))
                .collect::<Result<Vec<_>, _>>()?;
            (messages, true)
        }
        other => {
            return Err(error(
                "UnsupportedOperation",
                &format!("AmazonSQS.{other} is not served locally; SendMessage and SendMessageBatch are"),
            ))
        }
    };
    Ok(Send { queue_url: queue_url.to_owned(), messages, batch })
}

fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// SQS's `MD5OfMessageAttributes`: per attribute sorted by name, length-prefixed name, type and value, and
/// a transport byte (1 string, 2 binary).
pub fn attributes_md5(attributes: &Map<String, Value>) -> Option<String> {
    if attributes.is_empty() {
        return None;
    }
    let mut names: Vec<&String> = attributes.keys().collect();
    names.sort();
    let mut buffer = Vec::new();
    fn push(buffer: &mut Vec<u8>, bytes: &[u8]) {
        buffer.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        buffer.extend_from_slice(bytes);
    }
    for name in names {
        let attribute = &attributes[name];
        let data_type = attribute["DataType"].as_str().unwrap_or("String");
        push(&mut buffer, name.as_bytes());
        push(&mut buffer, data_type.as_bytes());
        if let Some(binary) = attribute["BinaryValue"].as_str() {
            use base64::Engine;
            let decoded = base64::engine::general_purpose::STANDARD.decode(binary).unwrap_or_default();
            buffer.push(2);
            push(&mut buffer, &decoded);
        } else {
            buffer.push(1);
            push(&mut buffer, attribute["StringValue"].as_str().unwrap_or_default().as_bytes());
        }
    }
    Some(md5_hex(&buffer))
}

/// The answer after the messages were accepted under `message_ids`.
pub fn sent(send: &Send, message_ids: &[String]) -> Reply {
    let result = |message: &Outgoing, id: &str| {
        let mut entry = json!({ "MessageId": id, "MD5OfMessageBody": md5_hex(message.body.as_bytes()) });
        if let Some(md5) = attributes_md5(&message.attributes) {
            entry["MD5OfMessageAttributes"] = json!(md5);
        }
        entry
    };
    let document = if send.batch {
        let successful: Vec<Value> = send
            .messages
            .iter()
            .zip(message_ids)
            .map(|(message, id)| {
                let mut entry = result(message, id);
                entry["Id"] = json!(message.id);
                entry
            })
            .collect();
        json!({ "Successful": successful, "Failed": [] })
    } else {
        result(&send.messages[0], &message_ids[0])
    };
    body::with(200, "application/x-amz-json-1.0", document.to_string())
}

/// The JSON protocol's error, with the query-compatible code header the SDK reads.
pub fn error(code: &str, message: &str) -> Reply {
    let document = json!({ "__type": format!("com.amazonaws.sqs#{code}"), "message": message });
    let mut reply = body::with(400, "application/x-amz-json-1.0", document.to_string());
    if let Ok(value) = format!("AWS.SimpleQueueService.{code};Sender").parse() {
        reply.headers_mut().insert("x-amzn-query-error", value);
    }
    reply
}

pub async fn handle(app: &App, parts: &Parts, body: &[u8]) -> Reply {
    match parse(parts, body) {
        Ok(send) => app.sqs_send(send).await,
        Err(reply) => reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(target: &str) -> Parts {
        hyper::Request::builder()
            .method("POST")
            .uri("/")
            .header("x-amz-target", target)
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    #[test]
    fn send_and_batch() {
        let single = parse(&parts("AmazonSQS.SendMessage"), br#"{"QueueUrl": "q", "MessageBody": "hi"}"#).unwrap();
        assert_eq!(single.messages[0].body, "hi");
        assert!(!single.batch);
        let batch =
            br#"{"QueueUrl": "q", "Entries": [{"Id": "a", "MessageBody": "1"}, {"Id": "b", "MessageBody": "2"}]}"#;
        let batch = parse(&parts("AmazonSQS.SendMessageBatch"), batch).unwrap();
        assert_eq!(batch.messages.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert!(parse(&parts("AmazonSQS.SendMessageBatch"), br#"{"QueueUrl": "q", "Entries": [{"Id": "a"}]}"#).is_err());
        assert!(parse(&parts("AmazonSQS.ReceiveMessage"), br#"{"QueueUrl": "q"}"#).is_err());
    }
}
