//! The outbox: e-mails queued on `Emails` are rendered as RFC 5322 messages into the bucket's `outbox/`, where
//! the mail relay picks them up. A message that cannot be delivered fails alone (partial batch failure) and
//! reaches the dead-letter queue after three receives.

use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

use crate::aws;
use crate::resources::{Emails, Uploads};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum OutboxError {
    #[error("the outbox bucket is not configured: {0}")]
    Config(#[from] ResourceError),
}

/// Renders the message, refusing what no relay would accept.
pub fn render(email: &Email) -> Result<String, String> {
    if email.to.contains(['\r', '\n']) || email.subject.contains(['\r', '\n']) {
        return Err("header injection: a line break in `to` or `subject`".into());
    }
    if !email.to.contains('@') {
        return Err(format!("`{}` is not an e-mail address", email.to));
    }
    Ok(format!(
        "From: photo-service <noreply@photo-service.example>\r\nTo: {}\r\nSubject: {}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}",
        email.to,
        email.subject,
        email.body.replace('\n', "\r\n")
    ))
}

#[function(timeout = 10, uses(Uploads: write))]
#[sqs(queue = Emails, batch_size = 10, partial_failures)]
pub async fn send_emails(event: SqsEvent) -> Result<SqsBatchResponse, OutboxError> {
    let bucket = Uploads::name()?;
    let s3 = aws::s3().await;
    let mut response = SqsBatchResponse::default();
    for message in &event.records {
        let id = message.message_id.clone().unwrap_or_default();
        let rendered = serde_json::from_str::<Email>(message.body.as_deref().unwrap_or_default())
            .map_err(|e| format!("not an e-mail: {e}"))
            .and_then(|email| render(&email));
        let delivered = match rendered {
            Ok(text) => s3
                .put_object()
                .bucket(&bucket)
                .key(format!("outbox/{id}.eml"))
                .content_type("message/rfc822")
                .body(text.into_bytes().into())
                .send()
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        if let Err(reason) = delivered {
            eprintln!("message {id} not delivered: {reason}");
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = id;
            response.batch_item_failures.push(failure);
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headers_and_crlf_body() {
        let text = render(&Email { to: "ada@example.com".into(), subject: "Hi".into(), body: "a\nb".into() }).unwrap();
        assert!(text.starts_with("From: photo-service"));
        assert!(text.contains("To: ada@example.com\r\nSubject: Hi\r\n"));
        assert!(text.ends_with("\r\n\r\na\r\nb"));
    }

    #[test]
    fn refuses_injection_and_bad_addresses() {
        assert!(render(&Email { to: "a@b.c\r\nBcc: x@y.z".into(), subject: "s".into(), body: String::new() }).is_err());
        assert!(render(&Email { to: "nobody".into(), subject: "s".into(), body: String::new() }).is_err());
    }
}
