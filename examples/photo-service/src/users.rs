//! Users over HTTP: create, read, list and delete, stored in the `Users` table.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

use crate::aws;
use crate::resources::Users;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    pub status: Status,
    /// Seconds since the Unix epoch.
    pub created_at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Signed up, e-mail not confirmed yet; purged by `cleanup` after a day.
    Pending,
    Active,
}

#[derive(Debug, Deserialize)]
pub struct NewUser {
    pub name: String,
    pub email: String,
}

/// Failures of the storage behind the API; input problems are HTTP answers, not errors.
#[derive(Debug, thiserror::Error, FunctionError)]
pub enum StorageError {
    #[error("the users table is not configured: {0}")]
    Config(#[from] ResourceError),
    #[error("DynamoDB refused the request: {0}")]
    Dynamo(String),
    #[error("a stored user is malformed: {0}")]
    Corrupt(String),
}

pub fn validate(new: &NewUser) -> Result<(), String> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err("name must be 1 to 100 characters".into());
    }
    let valid_email = new.email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    });
    if !valid_email || new.email.chars().any(char::is_whitespace) {
        return Err(format!("`{}` is not an e-mail address", new.email));
    }
    Ok(())
}

pub fn to_item(user: &User) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("id".to_string(), AttributeValue::S(user.id.clone())),
        ("name".to_string(), AttributeValue::S(user.name.clone())),
        ("email".to_string(), AttributeValue::S(user.email.clone())),
        ("status".to_string(), AttributeValue::S(status_text(user.status).into())),
        ("created_at".to_string(), AttributeValue::N(user.created_at.to_string())),
    ])
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Pending => "pending",
        Status::Active => "active",
    }
}

pub fn from_item(item: &HashMap<String, AttributeValue>) -> Result<User, StorageError> {
    let text = |key: &str| {
        item.get(key)
            .and_then(|v| v.as_s().ok())
            .cloned()
            .ok_or_else(|| StorageError::Corrupt(format!("attribute `{key}` is missing or not a string")))
    };
    let status = match text("status")?.as_str() {
        "pending" => Status::Pending,
        "active" => Status::Active,
        other => return Err(StorageError::Corrupt(format!("unknown status `{other}`"))),
    };
    let created_at = item
        .get("created_at")
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| StorageError::Corrupt("attribute `created_at` is missing or not a number".into()))?;
    Ok(User { id: text("id")?, name: text("name")?, email: text("email")?, status, created_at })
}

fn json(status: u16, body: &impl Serialize) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(serde_json::to_string(body).unwrap_or_default()))
        .unwrap_or_default()
}

fn problem(status: u16, message: &str) -> Response<Body> {
    json(status, &serde_json::json!({ "error": message }))
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

fn dynamo(e: impl std::fmt::Display) -> StorageError {
    StorageError::Dynamo(e.to_string())
}

#[function(memory = 256, timeout = 10, uses(Users: read_write))]
#[http(POST, "/users", cors)]
pub async fn create_user(req: Request, context: Context) -> Result<Response<Body>, StorageError> {
    let new: NewUser = match req.payload() {
        Ok(Some(new)) => new,
        Ok(None) => return Ok(problem(400, "send a JSON body: {\"name\": ..., \"email\": ...}")),
        Err(e) => return Ok(problem(400, &format!("the body is not a user: {e}"))),
    };
    if let Err(message) = validate(&new) {
        return Ok(problem(422, &message));
    }
    // Lambda's request id is unique per invocation: a ready-made user id.
    let user = User {
        id: context.request_id,
        name: new.name.trim().into(),
        email: new.email,
        status: Status::Pending,
        created_at: now(),
    };
    aws::dynamodb()
        .await
        .put_item()
        .table_name(Users::name()?)
        .set_item(Some(to_item(&user)))
        .condition_expression("attribute_not_exists(id)")
        .send()
        .await
        .map_err(dynamo)?;
    let mut response = json(201, &user);
    if let Ok(location) = format!("/users/{}", user.id).parse() {
        response.headers_mut().insert("location", location);
    }
    Ok(response)
}

#[function(memory = 256, timeout = 10, uses(Users: read))]
#[http(GET, "/users/{id}", cors)]
pub async fn get_user(req: Request) -> Result<Response<Body>, StorageError> {
    let Some(id) = req.path_parameters().first("id").map(str::to_owned) else {
        return Ok(problem(400, "missing user id"));
    };
    let found = aws::dynamodb()
        .await
        .get_item()
        .table_name(Users::name()?)
        .key("id", AttributeValue::S(id.clone()))
        .send()
        .await
        .map_err(dynamo)?;
    Ok(match found.item() {
        Some(item) => json(200, &from_item(item)?),
        None => problem(404, &format!("no user `{id}`")),
    })
}

#[function(memory = 256, timeout = 10, uses(Users: read))]
#[http(GET, "/users", cors)]
pub async fn list_users(_req: Request) -> Result<Response<Body>, StorageError> {
    let page = aws::dynamodb().await.scan().table_name(Users::name()?).limit(100).send().await.map_err(dynamo)?;
    let mut users = page.items().iter().map(from_item).collect::<Result<Vec<_>, _>>()?;
    users.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(json(200, &users))
}

#[function(memory = 256, timeout = 10, uses(Users: write))]
#[http(DELETE, "/users/{id}", cors)]
pub async fn delete_user(req: Request) -> Result<Response<Body>, StorageError> {
    let Some(id) = req.path_parameters().first("id").map(str::to_owned) else {
        return Ok(problem(400, "missing user id"));
    };
    let deleted = aws::dynamodb()
        .await
        .delete_item()
        .table_name(Users::name()?)
        .key("id", AttributeValue::S(id.clone()))
        .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
        .send()
        .await
        .map_err(dynamo)?;
    Ok(match deleted.attributes() {
        Some(_) => Response::builder().status(204).body(Body::Empty).unwrap_or_default(),
        None => problem(404, &format!("no user `{id}`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(name: &str, email: &str) -> NewUser {
        NewUser { name: name.into(), email: email.into() }
    }

    #[test]
    fn validation() {
        assert!(validate(&new("Ada", "ada@example.com")).is_ok());
        assert!(validate(&new("  ", "ada@example.com")).is_err());
        assert!(validate(&new(&"x".repeat(101), "ada@example.com")).is_err());
        assert!(validate(&new("Ada", "ada.example.com")).is_err());
        assert!(validate(&new("Ada", "ada@localhost")).is_err());
        assert!(validate(&new("Ada", "@example.com")).is_err());
        assert!(validate(&new("Ada", "a da@example.com")).is_err());
    }

    #[test]
    fn items_round_trip() {
        let user = User {
            id: "u1".into(),
            name: "Ada".into(),
            email: "ada@example.com".into(),
            status: Status::Active,
            created_at: 42,
        };
        assert_eq!(from_item(&to_item(&user)).unwrap(), user);
    }

    #[test]
    fn malformed_items_are_errors() {
        let mut item = to_item(&User {
            id: "u1".into(),
            name: "Ada".into(),
            email: "a@b.c".into(),
            status: Status::Pending,
            created_at: 1,
        });
        item.insert("status".into(), AttributeValue::S("gone".into()));
        assert!(matches!(from_item(&item), Err(StorageError::Corrupt(m)) if m.contains("gone")));
        item.remove("created_at");
        assert!(from_item(&item).is_err());
    }
}
