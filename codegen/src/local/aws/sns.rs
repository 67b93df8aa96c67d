//! SNS's query protocol (form-encoded `Action=Publish&...`, XML answers): Publish.

use super::super::app::App;
use super::super::body;
use super::super::server::Reply;
use super::xml;
use lambdaform_local::{Attributes, MessageAttribute};
use std::collections::BTreeMap;

#[derive(Debug, PartialEq)]
pub struct Publish {
    pub topic_arn: String,
    pub message: String,
    pub subject: Option<String>,
    pub attributes: Attributes,
}

/// Decodes `application/x-www-form-urlencoded`.
pub fn form(body: &[u8]) -> BTreeMap<String, String> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| super::super::routes::percent_decode(&s.replace('+', " "));
            (decode(name), decode(value))
        })
        .collect()
}

pub fn parse(body: &[u8]) -> Result<Publish, Reply> {
    let fields = form(body);
    match fields.get("Action").map(String::as_str) {
        Some("Publish") => {}
        Some(other) => {
            return Err(error(400, "InvalidAction", &format!("{other} is not served locally; Publish is")));
        }
        None => return Err(error(400, "MissingAction", "the request names no Action")),
    }
    let topic_arn = fields
        .get("TopicArn")
        .or_else(|| fields.get("TargetArn"))
        .cloned()
        .ok_or_else(|| error(400, "InvalidParameter", "Publish needs a TopicArn"))?;
    let message =
        fields.get("Message").cloned().ok_or_else(|| error(400, "InvalidParameter", "Publish needs a Message"))?;
    let mut attributes = Attributes::new();
    for index in 1.. {
        let field = |suffix: &str| fields.get(&format!("MessageAttributes.entry.{index}.{suffix}"));
        let Some(name) = field("Name") else { break };
        let data_type = field("Value.DataType").cloned().unwrap_or_else(|| "String".to_owned());
        let value = field("Value.StringValue").or_else(|| field("Value.BinaryValue")).cloned().unwrap_or_default();
        attributes.insert(name.clone(), MessageAttribute { data_type, value });
    }
    Ok(Publish { topic_arn, message, subject: fields.get("Subject").cloned(), attributes })
}

pub fn published(message_id: &str) -> Reply {
    let document = format!(
        "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>{}</PublishResult>\
         <ResponseMetadata>{}</ResponseMetadata></PublishResponse>",
        xml::element("MessageId", message_id),
        xml::element("RequestId", &uuid::Uuid::new_v4().to_string())
    );
    body::with(200, "text/xml", document)
}

/// The query protocol's error document.
pub fn error(status: u16, code: &str, message: &str) -> Reply {
    let document = format!(
        "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>{}{}</Error>{}</ErrorResponse>",
        xml::element("Code", code),
        xml::element("Message", message),
        xml::element("RequestId", &uuid::Uuid::new_v4().to_string())
    );
    body::with(status, "text/xml", document)
}

pub async fn handle(app: &App, body: &[u8]) -> Reply {
    match parse(body) {
        Ok(publish) => app.sns_publish(publish).await,
        Err(reply) => reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_is_read_from_the_form() {
        let body = b"Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Asignups\
&Message=%7B%22id%22%3A1%7D+ok&MessageAttributes.entry.1.Name=kind&MessageAttributes.entry.1.Value.DataType=String\
&MessageAttributes.entry.1.Value.StringValue=signup";
        let publish = parse(body).unwrap();
        assert_eq!(publish.topic_arn, "arn:aws:sns:us-east-1:000000000000:signups");
        assert_eq!(publish.message, "{\"id\":1} ok");
        assert_eq!(publish.attributes["kind"], MessageAttribute::string("signup"));
        assert!(parse(b"Action=CreateTopic&Name=x").is_err());
        assert!(parse(b"Action=Publish&Message=x").is_err());
    }
}
