//! `#[function(...)]`: the Lambda settings and the resources the function uses.

use std::collections::BTreeMap;

use lambdaform_manifest::{limits, Access, Architecture, Tracing, Warmup};
use proc_macro2::{Span, TokenStream};

use crate::args::{self, Arg, Value};
use crate::errors::Errors;
use crate::names::resource_name;

const KEYS: &[&str] = &[
    "name",
    "memory",
    "timeout",
    "architecture",
    "env",
    "reserved_concurrency",
    "provisioned_concurrency",
    "description",
    "tracing",
    "log_retention",
    "warmup",
    "warmup_concurrency",
    "uses",
    "retry",
];

pub struct Settings {
    pub name: Option<(String, Span)>,
    pub memory: u32,
    /// The value and where it was written, for the API Gateway limit check.
    pub timeout: (u32, Span),
    pub architecture: Architecture,
    pub environment: BTreeMap<String, String>,
    pub reserved_concurrency: Option<u32>,
    pub provisioned_concurrency: Option<u32>,
    pub description: Option<String>,
    pub tracing: Option<Tracing>,
    pub log_retention: u32,
    pub warmup: Option<Warmup>,
    pub uses: Vec<UseSite>,
    /// `retry(on = [..], ..)`: the Retry of every workflow Task invoking this function, and where it was written.
    pub retry: Option<(crate::state_machine::RetrySite, Span)>,
}

/// One `Type: access` of `uses(...)`, with the type path kept for the compile-time check.
pub struct UseSite {
    pub resource: syn::Path,
    pub access: Access,
    pub access_span: Span,
}

pub fn parse(tokens: TokenStream, errors: &mut Errors) -> Settings {
    let mut s = Settings {
        name: None,
        memory: limits::DEFAULT_MEMORY_MB,
        timeout: (limits::DEFAULT_TIMEOUT_S, Span::call_site()),
        architecture: Architecture::Arm64,
        environment: BTreeMap::new(),
        reserved_concurrency: None,
        provisioned_concurrency: None,
        description: None,
        tracing: None,
        log_retention: limits::DEFAULT_LOG_RETENTION_DAYS,
        warmup: None,
        uses: Vec::new(),
        retry: None,
    };
    let mut warmup_concurrency = None;
    let mut provisioned_span = Span::call_site();
    let mut seen = Vec::new();
    for arg in args::parse(tokens) {
        let Some(key) = arg.key_str() else {
            errors.push(args::unknown(&arg, "function", KEYS));
            continue;
        };
        if seen.contains(&key) {
            errors.at(arg.span(), format!("`{key}` is given twice"));
            continue;
        }
        seen.push(key.clone());
        match key.as_str() {
            "name" => {
                if let Some((name, span)) = errors.ok(args::string(&arg)) {
                    if let Err(m) = limits::check_function_name(&name) {
                        errors.at(span, m);
                    }
                    s.name = Some((name, span));
                }
            }
            "memory" => {
                if let Some((mb, span)) = errors.ok(args::number(&arg)) {
                    match limits::check_memory(mb) {
                        Ok(()) => s.memory = mb,
                        Err(m) => errors.at(span, m),
                    }
                }
            }
            "timeout" => {
                if let Some((secs, span)) = errors.ok(args::seconds(&arg)) {
                    match limits::check_timeout(secs) {
                        Ok(()) => s.timeout = (secs, span),
                        Err(m) => errors.at(span, m),
                    }
                }
            }
            "architecture" => {
                if let Some((a, _)) = errors.ok(args::ident(&arg, &["arm64", "x86_64"])) {
                    s.architecture = if a == "arm64" { Architecture::Arm64 } else { Architecture::X86_64 };
                }
            }
            "env" => s.environment = environment(&arg, errors),
            "reserved_concurrency" => s.reserved_concurrency = errors.ok(args::number(&arg)).map(|(v, _)| v),
            "provisioned_concurrency" => {
                if let Some((v, span)) = errors.ok(args::number(&arg)) {
                    if v == 0 {
                        errors.at(span, "provisioned concurrency must be at least 1 (leave it out for none)");
                    }
                    s.provisioned_concurrency = Some(v);
                    provisioned_span = span;
                }
            }
            "description" => {
                if let Some((d, span)) = errors.ok(args::string(&arg)) {
                    if d.chars().count() > limits::DESCRIPTION_MAX {
                        errors.at(span, format!("a description holds at most {} characters", limits::DESCRIPTION_MAX));
                    }
                    s.description = Some(d);
                }
            }
            "tracing" => match &arg.value {
                Value::Flag => s.tracing = Some(Tracing::Active),
                _ => {
                    if let Some((t, _)) = errors.ok(args::ident(&arg, &["active", "pass_through"])) {
                        s.tracing = Some(if t == "active" { Tracing::Active } else { Tracing::PassThrough });
                    }
                }
            },
            "log_retention" => {
                if let Some((days, span)) = errors.ok(args::number(&arg)) {
                    match limits::check_log_retention(days) {
                        Ok(()) => s.log_retention = days,
                        Err(m) => errors.at(span, m),
                    }
                }
            }
            "warmup" => {
                if let Some((rate, span)) = errors.ok(args::string(&arg)) {
                    match lambdaform_manifest::parse_rate(&rate) {
                        Ok(schedule) => s.warmup = Some(Warmup { schedule, concurrency: 1 }),
                        Err(e) => errors.at(span, e),
                    }
                }
            }
            "warmup_concurrency" => {
                if let Some((n, span)) = errors.ok(args::number(&arg)) {
                    if n == 0 || n > 50 {
                        errors.at(span, "warm-up concurrency must be between 1 and 50");
                    }
                    warmup_concurrency = Some((n, span));
                }
            }
            "uses" => s.uses = uses(&arg, errors),
            "retry" => match &arg.value {
                Value::Call(tokens) => {
                    let span = arg.span();
                    s.retry = crate::state_machine::parse_retry(tokens.clone(), errors).map(|r| (r, span));
                }
                _ => errors.at(
                    arg.span(),
                    "write the retry default as `retry(on = [Timeout], attempts = 3, interval = \"2s\")`",
                ),
            },
            _ => errors.push(args::unknown(&arg, "function", KEYS)),
        }
    }
    match (&mut s.warmup, warmup_concurrency) {
        (Some(w), Some((n, _))) => w.concurrency = n,
        (None, Some((_, span))) => errors.at(span, "`warmup_concurrency` needs `warmup = \"5 minutes\"`"),
        _ => {}
    }
    if let (Some(reserved), Some(provisioned)) = (s.reserved_concurrency, s.provisioned_concurrency) {
        if provisioned > reserved {
            errors.at(
                provisioned_span,
                format!("provisioned concurrency ({provisioned}) cannot exceed reserved concurrency ({reserved})"),
            );
        }
    }
    s
}

fn environment(arg: &Arg, errors: &mut Errors) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Value::Call(tokens) = &arg.value else {
        errors.at(arg.span(), "`env` takes pairs: `env(LOG_LEVEL = \"info\")`");
        return out;
    };
    for pair in args::parse(tokens.clone()) {
        let Some(key) = pair.key_str() else {
            errors.at(pair.span(), "expected `NAME = \"value\"`");
            continue;
        };
        if let Err(m) = limits::check_env_name(&key) {
            errors.at(pair.span(), m);
        }
        if let Some((value, _)) = errors.ok(args::string(&pair)) {
            if out.insert(key.clone(), value).is_some() {
                errors.at(pair.span(), format!("environment variable `{key}` is set twice"));
            }
        }
    }
    out
}

fn uses(arg: &Arg, errors: &mut Errors) -> Vec<UseSite> {
    let Value::Call(tokens) = &arg.value else {
        errors.at(arg.span(), "`uses` lists resources: `uses(Users: read_write, Uploads: read)`");
        return Vec::new();
    };
    let mut out: Vec<UseSite> = Vec::new();
    for item in args::split_commas(tokens.clone()) {
        let parsed = syn::parse2::<UseItem>(item.clone());
        let Some(UseItem { resource, access }) = errors.ok(parsed.map_err(|_| {
            syn::Error::new(args::span_of(&item), "expected `Resource: access`, e.g. `Users: read_write`")
        })) else {
            continue;
        };
        let Some(parsed_access) = Access::parse(&access.to_string()) else {
            let names: Vec<_> = Access::ALL.iter().map(|a| a.as_str()).collect();
            errors.at(access.span(), format!("unknown access `{access}`; expected one of: {}", names.join(", ")));
            continue;
        };
        let name = resource_name(&resource);
        if out.iter().any(|u| resource_name(&u.resource) == name && u.access == parsed_access) {
            errors.at(access.span(), format!("`{name}: {access}` is listed twice"));
            continue;
        }
        out.push(UseSite { resource, access: parsed_access, access_span: access.span() });
    }
    out
}

struct UseItem {
    resource: syn::Path,
    access: syn::Ident,
}

impl syn::parse::Parse for UseItem {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let resource = input.parse()?;
        input.parse::<syn::Token![:]>()?;
        let access = input.parse()?;
        Ok(UseItem { resource, access })
    }
}
