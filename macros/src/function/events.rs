//! The trigger attributes stacked on a `#[function]`: each becomes a manifest `Event` plus the compile-time checks
//! that tie it to the user's types.

use lambdaform_manifest::{
    limits, Alarm, AlarmComparison, ApiKind, Authorizer, Cors, Event, HttpEvent, S3Bucket, S3Event, ScheduleEvent,
    SnsEvent, SqsEvent, StartingPosition, StreamEvent,
};
use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

use crate::args::{self, Arg, Value};
use crate::errors::Errors;
use crate::names::{private, resource_name};

pub const EVENT_ATTRIBUTES: &[&str] =
    &["http", "s3", "schedule", "sns", "sqs", "dynamodb_stream", "event_bridge", "alarm"];

/// One parsed trigger.
pub struct EventSite {
    pub event: Event,
    /// Where the attribute stands, for errors about the trigger as a whole.
    pub span: Span,
    /// Trait-bound checks on the resource types it names.
    pub checks: Vec<TokenStream>,
}

impl EventSite {
    /// The marker type of the trigger, for the handler-parameter check; `None` where any deserializable type
    /// is accepted (a schedule with a custom `input`) or the trigger is HTTP.
    pub fn trigger_marker(&self) -> Option<TokenStream> {
        let p = private();
        let marker = match &self.event {
            Event::Http(_) => return None,
            Event::Schedule(s) if s.input.is_some() => return None,
            Event::Schedule(_) => quote::quote!(Schedule),
            Event::S3(_) => quote::quote!(S3),
            Event::Sns(_) => quote::quote!(Sns),
            Event::Sqs(_) => quote::quote!(Sqs),
            Event::DynamodbStream(_) => quote::quote!(DynamodbStream),
            Event::EventBridge { .. } => quote::quote!(EventBridge),
            Event::Alarm(_) => quote::quote!(Alarm),
        };
        Some(quote::quote!(#p::triggers::#marker))
    }
}

pub fn parse(kind: &str, tokens: TokenStream, span: Span, errors: &mut Errors) -> Option<EventSite> {
    let mut checks = Vec::new();
    let args = args::parse(tokens);
    let event = match kind {
        "http" => http(&args, span, errors),
        "s3" => s3(&args, span, errors, &mut checks),
        "schedule" => schedule(&args, span, errors),
        "sns" => sns(&args, span, errors, &mut checks),
        "sqs" => sqs(&args, span, errors, &mut checks),
        "dynamodb_stream" => stream(&args, span, errors, &mut checks),
        "event_bridge" => event_bridge(&args, span, errors),
        "alarm" => alarm(&args, span, errors, &mut checks),
        _ => unreachable!("only EVENT_ATTRIBUTES are parsed"),
    }?;
    Some(EventSite { event, span, checks })
}

/// A resource named by an event: the manifest name, plus the check that it is the right kind of resource.
fn resource(arg: &Arg, check: &str, errors: &mut Errors, checks: &mut Vec<TokenStream>) -> Option<String> {
    let path = errors.ok(args::path(arg))?;
    let p = private();
    let check = syn::Ident::new(check, Span::call_site());
    let span = args::span_of(&quote::quote!(#path));
    checks.push(quote_spanned!(span=> #p::#check::<#path>();));
    Some(resource_name(&path))
}

/// A mandatory setting. When one of `keys` was written but its value was rejected, that error already stands:
/// reporting the setting as missing too would contradict what the user can see.
fn required<T>(
    value: Option<T>,
    args: &[Arg],
    keys: &[&str],
    what: &str,
    at: (&str, Span),
    errors: &mut Errors,
) -> Option<T> {
    let given = args.iter().any(|a| a.key_str().is_some_and(|k| keys.contains(&k.as_str())));
    if value.is_none() && !given {
        errors.at(at.1, format!("#[{}] needs {what}", at.0));
    }
    value
}

fn http(args: &[Arg], span: Span, errors: &mut Errors) -> Option<Event> {
    const KEYS: &[&str] = &["METHOD", "\"/path\"", "api", "cors", "auth"];
    let mut method = None;
    let mut path = None;
    let mut api = ApiKind::Http;
    let mut cors = None;
    let mut authorizer = Authorizer::None;
    for arg in args {
        match (&arg.key, &arg.value) {
            (Some(m), Value::Flag) if m.to_string().chars().all(|c| c.is_ascii_uppercase()) => {
                let m = m.to_string();
                if limits::HTTP_METHODS.contains(&m.as_str()) {
                    method = Some(m);
                } else {
                    errors.at(
                        arg.span(),
                        format!("unknown HTTP method `{m}`; expected one of: {}", limits::HTTP_METHODS.join(", ")),
                    );
                    method = Some(String::new());
                }
            }
            (Some(m), Value::Flag) if limits::HTTP_METHODS.contains(&m.to_string().to_ascii_uppercase().as_str()) => {
                let upper = m.to_string().to_ascii_uppercase();
                errors.at(arg.span(), format!("write the HTTP method in upper case: `{upper}`"));
                method = Some(String::new());
            }
            (None, Value::Bare(tokens)) => match syn::parse2::<syn::LitStr>(tokens.clone()) {
                Ok(lit) => {
                    if let Err(m) = limits::check_http_path(&lit.value()) {
                        errors.at(lit.span(), m);
                    }
                    path = Some(lit.value());
                }
                Err(_) => errors.push(args::unknown(arg, "http", KEYS)),
            },
            (Some(k), _) if k == "api" => {
                if let Some((a, _)) = errors.ok(args::ident(arg, &["http", "rest"])) {
                    api = if a == "rest" { ApiKind::Rest } else { ApiKind::Http };
                }
            }
            (Some(k), _) if k == "cors" => cors = parse_cors(arg, errors),
            (Some(k), _) if k == "auth" => authorizer = parse_auth(arg, errors),
            _ => errors.push(args::unknown(arg, "http", KEYS)),
        }
    }
    let method = required(method, args, &[], "a method, like `GET`", ("http", span), errors)?;
    let path = required(path, args, &[], "a path, like \"/users/{id}\"", ("http", span), errors)?;
    if method.is_empty() {
        return None;
    }
    Some(Event::Http(HttpEvent { method, path, api, cors, authorizer }))
}

fn parse_cors(arg: &Arg, errors: &mut Errors) -> Option<Cors> {
    let mut cors = Cors {
        allow_origins: vec!["*".into()],
        allow_headers: Vec::new(),
        allow_methods: Vec::new(),
        max_age: None,
        allow_credentials: false,
    };
    let tokens = match &arg.value {
        Value::Flag => return Some(cors),
        Value::Call(t) => t.clone(),
        _ => {
            errors.at(arg.span(), "write `cors` for any origin, or `cors(origins = [\"https://example.com\"], headers = [...], methods = [...], max_age = 600, credentials)`");
            return None;
        }
    };
    const KEYS: &[&str] = &["origins", "headers", "methods", "max_age", "credentials"];
    for inner in args::parse(tokens) {
        match inner.key_str().as_deref() {
            Some("origins") => cors.allow_origins = errors.ok(args::string_list(&inner)).unwrap_or_default(),
            Some("headers") => cors.allow_headers = errors.ok(args::string_list(&inner)).unwrap_or_default(),
            Some("methods") => cors.allow_methods = errors.ok(args::string_list(&inner)).unwrap_or_default(),
            Some("max_age") => cors.max_age = errors.ok(args::number(&inner)).map(|(v, _)| v),
            Some("credentials") => cors.allow_credentials |= errors.ok(args::flag(&inner)).is_some(),
            _ => errors.push(args::unknown(&inner, "http(cors(...))", KEYS)),
        }
    }
    if cors.allow_credentials && cors.allow_origins.iter().any(|o| o == "*") {
        errors.at(arg.span(), "CORS with credentials needs explicit origins, not `*`");
    }
    Some(cors)
}

fn parse_auth(arg: &Arg, errors: &mut Errors) -> Authorizer {
    let Some(tokens) = arg.value_tokens() else {
        errors.at(arg.span(), "`auth` takes `none`, `iam` or `jwt(issuer = \"...\", audience = [\"...\"])`");
        return Authorizer::None;
    };
    let trees: Vec<_> = tokens.clone().into_iter().collect();
    match trees.as_slice() {
        [proc_macro2::TokenTree::Ident(i)] if i == "none" => Authorizer::None,
        [proc_macro2::TokenTree::Ident(i)] if i == "iam" => Authorizer::Iam,
        [proc_macro2::TokenTree::Ident(i), proc_macro2::TokenTree::Group(g)] if i == "jwt" => {
            let mut issuer = None;
            let mut audience = Vec::new();
            let mut scopes = Vec::new();
            for inner in args::parse(g.stream()) {
                match inner.key_str().as_deref() {
                    Some("issuer") => issuer = errors.ok(args::string(&inner)).map(|(s, _)| s),
                    Some("audience") => audience = errors.ok(args::string_list(&inner)).unwrap_or_default(),
                    Some("scopes") => scopes = errors.ok(args::string_list(&inner)).unwrap_or_default(),
                    _ => errors.push(args::unknown(&inner, "http(auth = jwt(...))", &["issuer", "audience", "scopes"])),
                }
            }
            match issuer {
                Some(issuer) if issuer.starts_with("https://") && !audience.is_empty() => {
                    Authorizer::Jwt { issuer, audience, scopes }
                }
                _ => {
                    errors.at(
                        i.span(),
                        "a JWT authorizer needs `issuer = \"https://...\"` and a non-empty `audience = [...]`",
                    );
                    Authorizer::None
                }
            }
        }
        _ => {
            errors.at(
                args::span_of(tokens),
                "`auth` takes `none`, `iam` or `jwt(issuer = \"...\", audience = [\"...\"])`",
            );
            Authorizer::None
        }
    }
}

fn s3(args: &[Arg], span: Span, errors: &mut Errors, checks: &mut Vec<TokenStream>) -> Option<Event> {
    const KEYS: &[&str] = &["bucket", "existing", "events", "prefix", "suffix"];
    let (mut bucket, mut events, mut prefix, mut suffix) = (None, Vec::new(), None, None);
    for arg in args {
        match arg.key_str().as_deref() {
            Some("bucket") => bucket = resource(arg, "check_bucket", errors, checks).map(S3Bucket::Declared).or(bucket),
            Some("existing") => bucket = errors.ok(args::string(arg)).map(|(b, _)| S3Bucket::Existing(b)).or(bucket),
            Some("events") => {
                for item in errors.ok(args::list(arg)).unwrap_or_default() {
                    let name = item.to_string();
                    match limits::S3_EVENTS.iter().find(|(short, _)| *short == name) {
                        Some((_, full)) => events.push(full.to_string()),
                        None => {
                            let known: Vec<_> = limits::S3_EVENTS.iter().map(|(s, _)| *s).collect();
                            errors.at(
                                args::span_of(&item),
                                format!("unknown S3 event `{name}`; expected one of: {}", known.join(", ")),
                            );
                        }
                    }
                }
            }
            Some("prefix") => prefix = errors.ok(args::string(arg)).map(|(s, _)| s),
            Some("suffix") => suffix = errors.ok(args::string(arg)).map(|(s, _)| s),
            _ => errors.push(args::unknown(arg, "s3", KEYS)),
        }
    }
    if args.iter().filter(|a| matches!(a.key_str().as_deref(), Some("bucket" | "existing"))).count() > 1 {
        errors.at(span, "#[s3] takes either `bucket = Type` or `existing = \"name\"`, not both");
    }
    let bucket = required(
        bucket,
        args,
        &["bucket", "existing"],
        "`bucket = Type` (a #[bucket]) or `existing = \"bucket-name\"`",
        ("s3", span),
        errors,
    )?;
    if events.is_empty() {
        events.push("s3:ObjectCreated:*".into());
    }
    events.sort();
    events.dedup();
    Some(Event::S3(S3Event { bucket, events, prefix, suffix }))
}

fn schedule(args: &[Arg], span: Span, errors: &mut Errors) -> Option<Event> {
    let (mut expression, mut input) = (None, None);
    for arg in args {
        match arg.key_str().as_deref() {
            Some(k @ ("rate" | "cron")) => {
                if expression.is_some() {
                    errors.at(arg.span(), "#[schedule] takes one `rate` or one `cron`");
                }
                if let Some((text, span)) = errors.ok(args::string(arg)) {
                    let parsed = if k == "rate" {
                        lambdaform_manifest::parse_rate(&text)
                    } else {
                        lambdaform_manifest::parse_cron(&text)
                    };
                    match parsed {
                        Ok(e) => expression = Some(e),
                        Err(e) => errors.at(span, e),
                    }
                }
            }
            Some("input") => input = errors.ok(args::json(arg)),
            _ => errors.push(args::unknown(arg, "schedule", &["rate", "cron", "input"])),
        }
    }
    let expression = required(
        expression,
        args,
        &["rate", "cron"],
        "`rate = \"5 minutes\"` or `cron = \"0 12 * * ? *\"`",
        ("schedule", span),
        errors,
    )?;
    Some(Event::Schedule(ScheduleEvent { expression, input }))
}

fn sns(args: &[Arg], span: Span, errors: &mut Errors, checks: &mut Vec<TokenStream>) -> Option<Event> {
    let (mut topic, mut filter_policy) = (None, None);
    for arg in args {
        match arg.key_str().as_deref() {
            Some("topic") => topic = resource(arg, "check_topic", errors, checks),
            Some("filter_policy") => {
                filter_policy = errors.ok(args::json(arg));
                if filter_policy.as_ref().is_some_and(|p| !p.is_object()) {
                    errors.at(arg.span(), "an SNS filter policy is a JSON object");
                }
            }
            _ => errors.push(args::unknown(arg, "sns", &["topic", "filter_policy"])),
        }
    }
    let topic = required(topic, args, &["topic"], "`topic = Type` (a #[topic])", ("sns", span), errors)?;
    Some(Event::Sns(SnsEvent { topic, filter_policy }))
}

fn sqs(args: &[Arg], span: Span, errors: &mut Errors, checks: &mut Vec<TokenStream>) -> Option<Event> {
    let (mut queue, mut batch_size, mut batch_window, mut partial_failures) = (None, 10, None, false);
    for arg in args {
        match arg.key_str().as_deref() {
            Some("queue") => queue = resource(arg, "check_queue", errors, checks),
            Some("batch_size") => {
                if let Some((n, span)) = errors.ok(args::number(arg)) {
                    if !limits::SQS_BATCH_SIZE.contains(&n) {
                        errors.at(span, format!("SQS batch size must be between 1 and 10000, got {n}"));
                    }
                    batch_size = n;
                }
            }
            Some("batch_window") => {
                if let Some((n, span)) = errors.ok(args::seconds(arg)) {
                    if !limits::SQS_BATCH_WINDOW_S.contains(&n) {
                        errors.at(span, format!("SQS batch window must be between 0 and 300 seconds, got {n}"));
                    }
                    batch_window = Some(n);
                }
            }
            Some("partial_failures") => partial_failures |= errors.ok(args::flag(arg)).is_some(),
            _ => errors.push(args::unknown(arg, "sqs", &["queue", "batch_size", "batch_window", "partial_failures"])),
        }
    }
    if batch_size > 10 && batch_window.is_none_or(|w| w == 0) {
        errors.at(span, "an SQS batch size above 10 needs a `batch_window` of at least 1 second (AWS requires it)");
    }
    let queue = required(queue, args, &["queue"], "`queue = Type` (a #[queue])", ("sqs", span), errors)?;
    Some(Event::Sqs(SqsEvent { queue, batch_size, batch_window, partial_failures }))
}

fn stream(args: &[Arg], span: Span, errors: &mut Errors, checks: &mut Vec<TokenStream>) -> Option<Event> {
    let (mut table, mut starting_position, mut batch_size) = (None, StartingPosition::Latest, 100);
    for arg in args {
        match arg.key_str().as_deref() {
            Some("table") => table = resource(arg, "check_table", errors, checks),
            Some("starting_position") => {
                if let Some((p, _)) = errors.ok(args::ident(arg, &["latest", "trim_horizon"])) {
                    starting_position =
                        if p == "latest" { StartingPosition::Latest } else { StartingPosition::TrimHorizon };
                }
            }
            Some("batch_size") => {
                if let Some((n, span)) = errors.ok(args::number(arg)) {
                    if !limits::STREAM_BATCH_SIZE.contains(&n) {
                        errors.at(span, format!("stream batch size must be between 1 and 10000, got {n}"));
                    }
                    batch_size = n;
                }
            }
            _ => errors.push(args::unknown(arg, "dynamodb_stream", &["table", "starting_position", "batch_size"])),
        }
    }
    let table = required(
        table,
        args,
        &["table"],
        "`table = Type` (a #[table] with a stream)",
        ("dynamodb_stream", span),
        errors,
    )?;
    Some(Event::DynamodbStream(StreamEvent { table, starting_position, batch_size }))
}

fn event_bridge(args: &[Arg], span: Span, errors: &mut Errors) -> Option<Event> {
    let mut pattern = None;
    for arg in args {
        match arg.key_str().as_deref() {
            Some("pattern") => {
                pattern = errors.ok(args::json(arg));
                if pattern.as_ref().is_some_and(|p| !p.is_object()) {
                    errors.at(arg.span(), "an EventBridge pattern is a JSON object, like `{\"source\": [\"aws.s3\"]}`");
                }
            }
            _ => errors.push(args::unknown(arg, "event_bridge", &["pattern"])),
        }
    }
    let pattern = required(pattern, args, &["pattern"], "`pattern = {...}`", ("event_bridge", span), errors)?;
    Some(Event::EventBridge { pattern })
}

fn alarm(args: &[Arg], span: Span, errors: &mut Errors, checks: &mut Vec<TokenStream>) -> Option<Event> {
    const KEYS: &[&str] = &[
        "name",
        "metric",
        "namespace",
        "statistic",
        "threshold",
        "comparison",
        "period",
        "evaluation_periods",
        "function",
        "dimensions",
    ];
    let mut a = Alarm {
        name: String::new(),
        namespace: "AWS/Lambda".into(),
        metric: String::new(),
        statistic: "Sum".into(),
        threshold: 0.0,
        comparison: AlarmComparison::GreaterThanOrEqualToThreshold,
        period: 60,
        evaluation_periods: 1,
        dimensions: Default::default(),
    };
    let (mut name, mut metric, mut threshold) = (None, None, None);
    for arg in args {
        match arg.key_str().as_deref() {
            Some("name") => name = errors.ok(args::string(arg)).map(|(s, _)| s),
            Some("metric") => metric = errors.ok(args::string(arg)).map(|(s, _)| s),
            Some("namespace") => a.namespace = errors.ok(args::string(arg)).map(|(s, _)| s).unwrap_or(a.namespace),
            Some("statistic") => {
                if let Some((s, span)) = errors.ok(args::string(arg)) {
                    let known = ["Average", "Maximum", "Minimum", "SampleCount", "Sum"];
                    if !known.contains(&s.as_str()) {
                        errors.at(span, format!("unknown statistic `{s}`; expected one of: {}", known.join(", ")));
                    }
                    a.statistic = s;
                }
            }
            Some("threshold") => threshold = errors.ok(args::float(arg)).map(|(v, _)| v),
            Some("comparison") => {
                if let Some((c, span)) = errors.ok(args::string(arg)) {
                    match AlarmComparison::ALL.iter().find(|(s, _)| *s == c) {
                        Some((_, cmp)) => a.comparison = *cmp,
                        None => errors.at(span, "comparison must be one of \">=\", \">\", \"<\", \"<=\""),
                    }
                }
            }
            Some("period") => {
                if let Some((p, span)) = errors.ok(args::seconds(arg)) {
                    if !(p == 10 || p == 30 || (p >= 60 && p % 60 == 0)) {
                        errors.at(span, format!("an alarm period must be 10, 30 or a multiple of 60 seconds, got {p}"));
                    }
                    a.period = p;
                }
            }
            Some("evaluation_periods") => {
                if let Some((n, span)) = errors.ok(args::number(arg)) {
                    if n == 0 {
                        errors.at(span, "evaluation_periods must be at least 1");
                    }
                    a.evaluation_periods = n;
                }
            }
            Some("function") => {
                if let Some(path) = errors.ok(args::path(arg)) {
                    let fn_name = resource_name(&path);
                    let span = args::span_of(&quote::quote!(#path));
                    // Naming the fn makes a typo a compile error at the user's token.
                    checks.push(quote_spanned!(span=> let _ = #path;));
                    a.dimensions.insert("FunctionName".into(), format!("function:{fn_name}"));
                }
            }
            _ => errors.push(args::unknown(arg, "alarm", KEYS)),
        }
    }
    a.name = required(name, args, &["name"], "`name = \"...\"`", ("alarm", span), errors)?;
    a.metric = required(
        metric,
        args,
        &["metric"],
        "`metric = \"Errors\"` (or another CloudWatch metric)",
        ("alarm", span),
        errors,
    )?;
    a.threshold = required(threshold, args, &["threshold"], "`threshold = 1`", ("alarm", span), errors)?;
    Some(Event::Alarm(a))
}
