//! Signups: the users table's stream announces each new user on the `Signups` topic; a subscriber queues the
//! welcome e-mail.

use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::aws;
use crate::emails::Email;
use crate::resources::{Emails, Signups, Users};

/// What the topic carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signup {
    pub id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum SignupError {
    #[error("a resource is not configured: {0}")]
    Config(#[from] ResourceError),
    #[error("publishing failed: {0}")]
    Publish(String),
    #[error("queueing failed: {0}")]
    Queue(String),
}

/// Reads a new user out of a stream record's image (DynamoDB JSON: `{"name": {"S": "Ada"}}`).
pub fn signup_from_image(image: &Value) -> Option<Signup> {
    let text = |key: &str| image.get(key)?.get("S")?.as_str().map(str::to_owned);
    Some(Signup { id: text("id")?, name: text("name")?, email: text("email")? })
}

pub fn welcome_email(signup: &Signup) -> Email {
    Email {
        to: signup.email.clone(),
        subject: format!("Welcome, {}!", signup.name),
        body: format!(
            "Hello {},\n\nyour photo-service account {} is ready. Confirm your address to keep it.\n",
            signup.name, signup.id
        ),
    }
}

#[derive(Debug, Serialize)]
pub struct Announced {
    pub published: usize,
}

#[function(timeout = 30, uses(Signups: publish))]
#[dynamodb_stream(table = Users, starting_position = latest, batch_size = 25)]
pub async fn announce_signups(event: DynamoDbEvent) -> Result<Announced, SignupError> {
    let topic = Signups::arn()?;
    let sns = aws::sns().await;
    let mut published = 0;
    for record in event.records.iter().filter(|r| r.event_name == "INSERT") {
        let image = serde_json::to_value(&record.change.new_image).unwrap_or_default();
        let Some(signup) = signup_from_image(&image) else { continue };
        let message = serde_json::to_string(&signup).unwrap_or_default();
        sns.publish()
            .topic_arn(&topic)
            .message(message)
            .send()
            .await
            .map_err(|e| SignupError::Publish(e.to_string()))?;
        published += 1;
    }
    Ok(Announced { published })
}

#[derive(Debug, Serialize)]
pub struct Queued {
    pub queued: usize,
}

#[function(timeout = 10, uses(Emails: send))]
#[sns(topic = Signups)]
pub async fn queue_welcome(event: SnsEventObj<Signup>) -> Result<Queued, SignupError> {
    let queue = Emails::url()?;
    let sqs = aws::sqs().await;
    for record in &event.records {
        let email = welcome_email(&record.sns.message);
        let body = serde_json::to_string(&email).unwrap_or_default();
        sqs.send_message()
            .queue_url(&queue)
            .message_body(body)
            .send()
            .await
            .map_err(|e| SignupError::Queue(e.to_string()))?;
    }
    Ok(Queued { queued: event.records.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_stream_image() {
        let image = serde_json::json!({"id": {"S": "u1"}, "name": {"S": "Ada"}, "email": {"S": "ada@example.com"}, "created_at": {"N": "1"}});
        let signup = signup_from_image(&image).unwrap();
        assert_eq!(signup, Signup { id: "u1".into(), name: "Ada".into(), email: "ada@example.com".into() });
        assert!(signup_from_image(&serde_json::json!({"id": {"S": "u1"}})).is_none());
    }

    #[test]
    fn welcome_names_the_user() {
        let email = welcome_email(&Signup { id: "u1".into(), name: "Ada".into(), email: "ada@example.com".into() });
        assert_eq!(email.to, "ada@example.com");
        assert_eq!(email.subject, "Welcome, Ada!");
        assert!(email.body.contains("u1"));
    }
}
