//! The environment Lambda gives a function's process.

use super::invoke::{function_arn, InvokeRequest, DEFAULT_TIMEOUT};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A function's configuration, as far as its process can see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionEnv {
    /// `_HANDLER`: the template's `Handler`, which lambdaform's glue dispatches on; empty leaves it unset.
    pub handler: String,
    pub function_name: String,
    pub memory_mb: u32,
    /// The configured timeout; [`FunctionEnv::invoke_request`] applies it to invocations.
    pub timeout: Duration,
    /// The function's `Environment.Variables`.
    pub environment: BTreeMap<String, String>,
    pub region: String,
}

impl Default for FunctionEnv {
    fn default() -> FunctionEnv {
        FunctionEnv {
            handler: "bootstrap".to_owned(),
            function_name: "function".to_owned(),
            memory_mb: 128,
            timeout: DEFAULT_TIMEOUT,
            environment: BTreeMap::new(),
            region: "us-east-1".to_owned(),
        }
    }
}

/// Stands in for the execution role's session; local AWS emulators accept any key.
const DUMMY_CREDENTIALS: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "AKIALAMBDAFORMLOCAL0"),
    ("AWS_SECRET_ACCESS_KEY", "lambdaform-local-secret-access-key"),
    ("AWS_SESSION_TOKEN", "lambdaform-local-session-token"),
];

impl FunctionEnv {
    /// An invocation of this function: its ARN and its timeout.
    pub fn invoke_request(&self, payload: impl Into<Vec<u8>>) -> InvokeRequest {
        InvokeRequest::new(payload)
            .with_timeout(self.timeout)
            .with_function_arn(function_arn(&self.region, &self.function_name))
    }

    /// Every variable of the process: the function's own, then Lambda's reserved ones, which win as
    /// Lambda forbids overriding them. Credentials are the exception: a developer may pass real ones.
    pub fn variables(&self, runtime_api: SocketAddr, task_root: &Path) -> BTreeMap<String, String> {
        let mut vars = self.environment.clone();
        for (name, value) in DUMMY_CREDENTIALS {
            vars.entry(name.to_owned()).or_insert_with(|| value.to_owned());
        }
        let task_root = task_root.display().to_string();
        let reserved = [
            ("_HANDLER", self.handler.clone()),
            ("AWS_REGION", self.region.clone()),
            ("AWS_DEFAULT_REGION", self.region.clone()),
            ("AWS_LAMBDA_FUNCTION_NAME", self.function_name.clone()),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", self.memory_mb.to_string()),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
            ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand".to_owned()),
            ("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{}", self.function_name)),
            ("AWS_LAMBDA_LOG_STREAM_NAME", log_stream_name(SystemTime::now())),
            ("AWS_LAMBDA_RUNTIME_API", runtime_api.to_string()),
            ("LAMBDA_TASK_ROOT", task_root.clone()),
            ("LAMBDA_RUNTIME_DIR", task_root),
            ("TZ", ":UTC".to_owned()),
            ("LANG", "en_US.UTF-8".to_owned()),
        ];
        for (name, value) in reserved {
            vars.insert(name.to_owned(), value);
        }
        // No handler: a service binary in serve-all mode, told the function with each event instead.
        if self.handler.is_empty() {
            vars.remove("_HANDLER");
        }
        // The host's PATH, so a function that shells out finds the usual tools.
        if let Some(path) = std::env::var_os("PATH") {
            vars.entry("PATH".to_owned()).or_insert_with(|| path.to_string_lossy().into_owned());
        }
        vars
    }
}

/// `YYYY/MM/DD/[$LATEST]<32 hex>`, the shape of a Lambda log stream name.
fn log_stream_name(now: SystemTime) -> String {
    let days = now.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs() / 86_400);
    let (year, month, day) = civil_date(days);
    let instance = uuid::Uuid::new_v4().simple().to_string();
    format!("{year:04}/{month:02}/{day:02}/[$LATEST]{instance}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil_date(days_since_epoch: u64) -> (u64, u64, u64) {
    let z = days_since_epoch + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(59), (1970, 3, 1));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(20_454), (2026, 1, 1));
    }

    #[test]
    fn reserved_variables_win_but_credentials_can_be_supplied() {
        let mut env = FunctionEnv { function_name: "thumbs".to_owned(), memory_mb: 256, ..FunctionEnv::default() };
        env.environment.insert("AWS_REGION".to_owned(), "nowhere".to_owned());
        env.environment.insert("AWS_ACCESS_KEY_ID".to_owned(), "MINE".to_owned());
        env.environment.insert("TABLE".to_owned(), "users".to_owned());
        let vars = env.variables("127.0.0.1:9001".parse().unwrap(), Path::new("/task"));
        assert_eq!(vars["AWS_REGION"], "us-east-1");
        assert_eq!(vars["AWS_ACCESS_KEY_ID"], "MINE");
        assert_eq!(vars["AWS_SECRET_ACCESS_KEY"], DUMMY_CREDENTIALS[1].1);
        assert_eq!(vars["TABLE"], "users");
        assert_eq!(vars["AWS_LAMBDA_RUNTIME_API"], "127.0.0.1:9001");
        assert_eq!(vars["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256");
        assert_eq!(vars["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/thumbs");
        assert_eq!(vars["LAMBDA_TASK_ROOT"], "/task");
        assert!(vars["AWS_LAMBDA_LOG_STREAM_NAME"].contains("/[$LATEST]"));
    }

    #[test]
    fn invoke_request_carries_the_function_timeout_and_arn() {
        let env = FunctionEnv {
            function_name: "thumbs".to_owned(),
            timeout: Duration::from_secs(9),
            region: "eu-west-1".to_owned(),
            ..FunctionEnv::default()
        };
        let request = env.invoke_request(b"{}".to_vec());
        assert_eq!(request.timeout, Duration::from_secs(9));
        assert_eq!(request.function_arn, "arn:aws:lambda:eu-west-1:000000000000:function:thumbs");
    }
}
