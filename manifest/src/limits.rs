//! AWS's limits and naming rules, checked at compile time by the macros and again by codegen on a
//! hand-edited manifest, so both give the same answer.

pub const MEMORY_MB: std::ops::RangeInclusive<u32> = 128..=10240;
pub const TIMEOUT_S: std::ops::RangeInclusive<u32> = 1..=900;
/// API Gateway's integration timeout: a function behind an HTTP route must answer within it.
pub const API_GATEWAY_TIMEOUT_S: u32 = 29;
pub const DEFAULT_MEMORY_MB: u32 = 128;
pub const DEFAULT_TIMEOUT_S: u32 = 3;
pub const DEFAULT_LOG_RETENTION_DAYS: u32 = 14;
pub const DESCRIPTION_MAX: usize = 256;
pub const SQS_BATCH_SIZE: std::ops::RangeInclusive<u32> = 1..=10000;
pub const SQS_FIFO_BATCH_MAX: u32 = 10;
pub const SQS_BATCH_WINDOW_S: std::ops::RangeInclusive<u32> = 0..=300;
pub const STREAM_BATCH_SIZE: std::ops::RangeInclusive<u32> = 1..=10000;
pub const QUEUE_VISIBILITY_S: std::ops::RangeInclusive<u32> = 0..=43200;
pub const QUEUE_RETENTION_S: std::ops::RangeInclusive<u32> = 60..=1_209_600;
pub const MAX_RECEIVE: std::ops::RangeInclusive<u32> = 1..=1000;
/// AWS advises a queue's visibility timeout of at least six times its consumer's timeout.
pub const VISIBILITY_TO_TIMEOUT_RATIO: u32 = 6;

/// The payload a warm-up ping carries; the glue answers it without running the handler.
pub const WARMUP_PAYLOAD: &str = r#"{"source":"lambdaform.warmup"}"#;
/// The `source` of [`WARMUP_PAYLOAD`].
pub const WARMUP_SOURCE: &str = "lambdaform.warmup";
/// What the glue answers to a warm-up ping.
pub const WARMUP_RESPONSE: &str = r#"{"warm":true}"#;

/// The values CloudWatch Logs accepts for `RetentionInDays`.
pub const LOG_RETENTION_DAYS: [u32; 22] =
    [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

pub const HTTP_METHODS: [&str; 8] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

/// Environment variables Lambda sets itself; a function may not override them.
pub const RESERVED_ENV: [&str; 17] = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_TASK_ROOT",
];

/// S3 event names by the short spelling the `#[s3(events = [...])]` attribute takes.
pub const S3_EVENTS: [(&str, &str); 14] = [
    ("ObjectCreated", "s3:ObjectCreated:*"),
    ("ObjectCreatedPut", "s3:ObjectCreated:Put"),
    ("ObjectCreatedPost", "s3:ObjectCreated:Post"),
    ("ObjectCreatedCopy", "s3:ObjectCreated:Copy"),
    ("ObjectCreatedCompleteMultipartUpload", "s3:ObjectCreated:CompleteMultipartUpload"),
    ("ObjectRemoved", "s3:ObjectRemoved:*"),
    ("ObjectRemovedDelete", "s3:ObjectRemoved:Delete"),
    ("ObjectRemovedDeleteMarkerCreated", "s3:ObjectRemoved:DeleteMarkerCreated"),
    ("ObjectRestore", "s3:ObjectRestore:*"),
    ("ObjectRestorePost", "s3:ObjectRestore:Post"),
    ("ObjectRestoreCompleted", "s3:ObjectRestore:Completed"),
    ("ObjectTagging", "s3:ObjectTagging:*"),
    ("ObjectAcl", "s3:ObjectAcl:Put"),
    ("LifecycleExpiration", "s3:LifecycleExpiration:*"),
];

/// Lambda's function-name rule: 1 to 64 of `[A-Za-z0-9-_]`.
pub fn check_function_name(name: &str) -> Result<(), String> {
    check_name("function", name, 64)
}

/// Step Functions allows 80 characters; we keep to Lambda's alphabet so the name is also a safe logical ID part.
pub fn check_state_machine_name(name: &str) -> Result<(), String> {
    check_name("state machine", name, 80)
}

fn check_name(what: &str, name: &str, max: usize) -> Result<(), String> {
    if name.is_empty() || name.len() > max {
        return Err(format!("{what} name `{name}` must be 1 to {max} characters long, it has {}", name.len()));
    }
    match name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        Some(c) => Err(format!("{what} name `{name}` may only contain A-Z, a-z, 0-9, `-` and `_`, not `{c}`")),
        None => Ok(()),
    }
}

pub fn check_memory(mb: u32) -> Result<(), String> {
    if MEMORY_MB.contains(&mb) {
        Ok(())
    } else {
        Err(format!("memory must be between 128 and 10240 MB, got {mb}"))
    }
}

pub fn check_timeout(seconds: u32) -> Result<(), String> {
    if TIMEOUT_S.contains(&seconds) {
        Ok(())
    } else {
        Err(format!("timeout must be between 1 and 900 seconds (Lambda's limit), got {seconds}"))
    }
}

pub fn check_log_retention(days: u32) -> Result<(), String> {
    if LOG_RETENTION_DAYS.contains(&days) {
        Ok(())
    } else {
        Err(format!(
            "log retention of {days} days is not one CloudWatch Logs accepts; use one of {LOG_RETENTION_DAYS:?}"
        ))
    }
}

pub fn check_env_name(name: &str) -> Result<(), String> {
    // Reserved first: `_HANDLER` would otherwise be refused for its leading underscore, hiding the real reason.
    if RESERVED_ENV.contains(&name) {
        return Err(format!("environment variable `{name}` is reserved by Lambda"));
    }
    let mut chars = name.chars();
    let valid =
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!(
            "environment variable name `{name}` must start with a letter and hold only letters, digits and `_`"
        ));
    }
    Ok(())
}

/// Parses a duration as whole seconds: a bare number, or a number with `s`, `m` or `h` (`"30s"`, `"15m"`).
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let value: u32 = digits.parse().map_err(|_| {
        format!("`{text}` is not a duration; write seconds like `30s`, minutes like `15m` or hours like `1h`")
    })?;
    let factor = match unit.trim() {
        "" | "s" | "sec" | "secs" | "seconds" => 1,
        "m" | "min" | "mins" | "minutes" => 60,
        "h" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86400,
        other => return Err(format!("unknown duration unit `{other}`; use `s`, `m`, `h` or `d`")),
    };
    value.checked_mul(factor).ok_or_else(|| format!("duration `{text}` is too large"))
}

/// Checks an API Gateway route path: `/users/{id}`, with a greedy `{name+}` allowed only last.
pub fn check_http_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!("path `{path}` must start with `/`"));
    }
    if path == "/" {
        return Ok(());
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let mut params = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if segment.is_empty() {
            return Err(format!("path `{path}` has an empty segment (`//` or a trailing `/`)"));
        }
        if let Some(inner) = segment.strip_prefix('{') {
            let Some(inner) = inner.strip_suffix('}') else {
                return Err(format!("path parameter `{segment}` in `{path}` must be written `{{name}}`"));
            };
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(name) => (name, true),
                None => (inner, false),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "path parameter `{segment}` in `{path}` must be a name of letters, digits and `_`"
                ));
            }
            if greedy && i + 1 != segments.len() {
                return Err(format!("greedy path parameter `{segment}` must be the last segment of `{path}`"));
            }
            if params.contains(&name) {
                return Err(format!("path parameter `{name}` appears twice in `{path}`"));
            }
            params.push(name);
        } else if let Some(c) =
            segment.chars().find(|c| !(c.is_ascii_alphanumeric() || "-._~:@!$&'()*+,;=".contains(*c)))
        {
            return Err(format!("path `{path}` has the character `{c}`, which a route cannot hold"));
        }
    }
    Ok(())
}

/// The environment variable through which a function reads a resource's attribute at run time, e.g.
/// `LAMBDAFORM_USERS_TABLE_NAME` for `("UsersTable", "NAME")`. Synth sets it; the runtime's accessor reads it.
pub fn resource_env_var(resource: &str, attribute: &str) -> String {
    let mut out = String::from("LAMBDAFORM_");
    for (i, c) in resource.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 && !out.ends_with('_') {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out.push('_');
    out.push_str(attribute);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_function_name("create-user_2").is_ok());
        assert!(check_function_name("").is_err());
        assert!(check_function_name(&"a".repeat(65)).is_err());
        assert!(check_function_name("a.b").unwrap_err().contains("`.`"));
        assert!(check_state_machine_name(&"a".repeat(80)).is_ok());
        assert!(check_state_machine_name(&"a".repeat(81)).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(30));
        assert_eq!(parse_duration("15m"), Ok(900));
        assert_eq!(parse_duration("2h"), Ok(7200));
        assert_eq!(parse_duration("45"), Ok(45));
        assert!(parse_duration("10 parsecs").is_err());
        assert!(parse_duration("m").is_err());
    }

    #[test]
    fn paths() {
        assert!(check_http_path("/").is_ok());
        assert!(check_http_path("/users/{id}").is_ok());
        assert!(check_http_path("/files/{proxy+}").is_ok());
        assert!(check_http_path("users").is_err());
        assert!(check_http_path("/a//b").is_err());
        assert!(check_http_path("/{a+}/b").is_err());
        assert!(check_http_path("/{id}/{id}").is_err());
        assert!(check_http_path("/{i d}").is_err());
        assert!(check_http_path("/a b").is_err());
    }

    #[test]
    fn warmup_payload_carries_its_source() {
        let payload: serde_json::Value = serde_json::from_str(WARMUP_PAYLOAD).unwrap();
        assert_eq!(payload["source"], WARMUP_SOURCE);
    }

    #[test]
    fn env_names() {
        assert_eq!(resource_env_var("Users", "NAME"), "LAMBDAFORM_USERS_NAME");
        assert_eq!(resource_env_var("PhotoUploads", "ARN"), "LAMBDAFORM_PHOTO_UPLOADS_ARN");
        assert!(check_env_name("AWS_REGION").is_err());
        assert!(check_env_name("_HANDLER").unwrap_err().contains("reserved"));
        assert!(check_env_name("1X").is_err());
        assert!(check_env_name("LOG_LEVEL").is_ok());
    }
}
