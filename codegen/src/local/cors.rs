//! CORS as API Gateway applies a route's configuration: it answers preflights itself, without calling the
//! function, and adds the allow headers to the function's responses.

use super::http_api::HttpResponse;
use lambdaform_manifest::Cors;

/// The `access-control-allow-origin` value for `origin`, if the configuration allows it.
fn allowed_origin(cors: &Cors, origin: &str) -> Option<String> {
    let listed = cors.allow_origins.iter().any(|allowed| allowed == origin);
    let any = cors.allow_origins.iter().any(|allowed| allowed == "*");
    // With credentials a browser refuses `*`, so the origin is echoed.
    match (listed, any) {
        (true, _) => Some(origin.to_owned()),
        (false, true) if cors.allow_credentials => Some(origin.to_owned()),
        (false, true) => Some("*".to_owned()),
        (false, false) => None,
    }
}

/// The answer to an `OPTIONS` preflight for a path whose routes use `cors`; `methods` are the methods
/// routed there, used when the configuration names none.
pub fn preflight(cors: &Cors, origin: &str, methods: &[String]) -> HttpResponse {
    let mut headers = Vec::new();
    if let Some(allowed) = allowed_origin(cors, origin) {
        headers.push(("access-control-allow-origin".to_owned(), allowed));
        let methods = if cors.allow_methods.is_empty() { methods.join(",") } else { cors.allow_methods.join(",") };
        headers.push(("access-control-allow-methods".to_owned(), methods));
        if !cors.allow_headers.is_empty() {
            headers.push(("access-control-allow-headers".to_owned(), cors.allow_headers.join(",")));
        }
        if let Some(max_age) = cors.max_age {
            headers.push(("access-control-max-age".to_owned(), max_age.to_string()));
        }
        if cors.allow_credentials {
            headers.push(("access-control-allow-credentials".to_owned(), "true".to_owned()));
        }
        headers.push(("vary".to_owned(), "origin".to_owned()));
    }
    HttpResponse { status: 204, headers, body: Vec::new() }
}

/// Adds the allow headers to a function's response to a cross-origin request.
pub fn decorate(cors: &Cors, origin: &str, response: &mut HttpResponse) {
    let Some(allowed) = allowed_origin(cors, origin) else { return };
    // API Gateway's CORS headers replace any the function set.
    response.headers.retain(|(name, _)| !name.starts_with("access-control-allow-"));
    response.headers.push(("access-control-allow-origin".to_owned(), allowed));
    if cors.allow_credentials {
        response.headers.push(("access-control-allow-credentials".to_owned(), "true".to_owned()));
    }
    response.headers.push(("vary".to_owned(), "origin".to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cors(origins: &[&str], credentials: bool) -> Cors {
        Cors {
            allow_origins: origins.iter().map(|o| o.to_string()).collect(),
            allow_headers: vec!["content-type".into()],
            allow_methods: Vec::new(),
            max_age: Some(600),
            allow_credentials: credentials,
        }
    }

    fn header<'a>(response: &'a HttpResponse, name: &str) -> Option<&'a str> {
        response.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn preflight_answers_from_the_configuration() {
        let methods = ["GET".to_string(), "POST".to_string()];
        let answer = preflight(&cors(&["*"], false), "https://app.example", &methods);
        assert_eq!(answer.status, 204);
        assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));
        assert_eq!(header(&answer, "access-control-allow-methods"), Some("GET,POST"));
        assert_eq!(header(&answer, "access-control-allow-headers"), Some("content-type"));
        assert_eq!(header(&answer, "access-control-max-age"), Some("600"));
        let refused = preflight(&cors(&["https://app.example"], false), "https://evil.example", &methods);
        assert_eq!(header(&refused, "access-control-allow-origin"), None);
    }

    #[test]
    fn credentials_echo_the_origin() {
        let mut response = HttpResponse { status: 200, headers: Vec::new(), body: Vec::new() };
        decorate(&cors(&["*"], true), "https://app.example", &mut response);
        assert_eq!(header(&response, "access-control-allow-origin"), Some("https://app.example"));
        assert_eq!(header(&response, "access-control-allow-credentials"), Some("true"));
    }
}
