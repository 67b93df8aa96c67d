//! The `#[http]` routes of a service and API Gateway's matching: literal segments beat `{param}`, which
//! beats a greedy `{proxy+}`; a method beats `ANY`.

use lambdaform_manifest::{ApiKind, Cors, Event, MachineKind, Manifest};
use std::collections::BTreeMap;

/// One `#[http]` trigger.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The function it invokes, or the state machine it starts when `machine` is set.
    pub function: String,
    /// Set for a state machine's route: API Gateway starts an execution (Standard) or runs one to its end
    /// (Express) with the body as input.
    pub machine: Option<MachineKind>,
    /// Upper case, or `ANY`.
    pub method: String,
    /// As declared: `/users/{id}`.
    pub path: String,
    pub api: ApiKind,
    pub cors: Option<Cors>,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    Param(String),
    /// `{name+}`: the rest of the path, one or more segments.
    Greedy(String),
}

/// A matched route with its path parameters, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched<'a> {
    pub route: &'a Route,
    pub parameters: BTreeMap<String, String>,
}

/// Every route of the service.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: Vec<Route>,
}

impl Route {
    pub fn new(function: &str, method: &str, path: &str, api: ApiKind, cors: Option<Cors>) -> Route {
        let segments = split(path)
            .map(|segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => match name.strip_suffix('+') {
                    Some(greedy) => Segment::Greedy(greedy.to_owned()),
                    None => Segment::Param(name.to_owned()),
                },
                None => Segment::Literal(segment.to_owned()),
            })
            .collect();
        Route {
            function: function.to_owned(),
            machine: None,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            api,
            cors,
            segments,
        }
    }

    /// API Gateway's route key: `GET /users/{id}`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The path parameters if `path` (raw, still percent-encoded) fits this route's template.
    fn parameters(&self, path: &str) -> Option<BTreeMap<String, String>> {
        let parts: Vec<&str> = split(path).collect();
        let mut parameters = BTreeMap::new();
        for (index, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Literal(literal) => {
                    if parts.get(index).is_none_or(|part| percent_decode(part) != *literal) {
                        return None;
                    }
                }
                Segment::Param(name) => {
                    let part = parts.get(index).filter(|part| !part.is_empty())?;
                    parameters.insert(name.clone(), percent_decode(part));
                }
                Segment::Greedy(name) => {
                    let rest = parts.get(index..).filter(|rest| !rest.is_empty())?;
                    parameters.insert(name.clone(), percent_decode(&rest.join("/")));
                    return Some(parameters);
                }
            }
        }
        (parts.len() == self.segments.len()).then_some(parameters)
    }

    /// Orders candidates: per segment, literal < param < greedy (smaller is more specific).
    fn specificity(&self) -> Vec<u8> {
        self.segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(_) => 0,
                Segment::Param(_) => 1,
                Segment::Greedy(_) => 2,
            })
            .collect()
    }
}

impl Routes {
    pub fn from_manifest(manifest: &Manifest) -> Routes {
        let routes = manifest
            .functions
            .iter()
            .flat_map(|function| {
                function.events.iter().filter_map(move |event| match event {
                    Event::Http(http) => {
                        Some(Route::new(&function.name, &http.method, &http.path, http.api, http.cors.clone()))
                    }
                    _ => None,
                })
            })
            .chain(manifest.state_machines.iter().flat_map(|machine| {
                machine.events.iter().filter_map(move |event| match event {
                    Event::Http(http) => Some(Route {
                        machine: Some(machine.kind),
                        ..Route::new(&machine.name, &http.method, &http.path, http.api, http.cors.clone())
                    }),
                    _ => None,
                })
            }))
            .collect();
        Routes { routes }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    /// The most specific route for `method` and the raw `path`.
    pub fn find(&self, method: &str, path: &str) -> Option<Matched<'_>> {
        self.candidates(path)
            .into_iter()
            .filter(|(route, _)| route.method == method || route.method == "ANY")
            .min_by(|(a, _), (b, _)| {
                a.specificity().cmp(&b.specificity()).then_with(|| (a.method == "ANY").cmp(&(b.method == "ANY")))
            })
            .map(|(route, parameters)| Matched { route, parameters })
    }

    /// Routes whose path fits, whatever their method: for CORS preflights.
    pub fn for_path(&self, path: &str) -> Vec<&Route> {
        self.candidates(path).into_iter().map(|(route, _)| route).collect()
    }

    fn candidates(&self, path: &str) -> Vec<(&Route, BTreeMap<String, String>)> {
        self.routes.iter().filter_map(|route| route.parameters(path).map(|parameters| (route, parameters))).collect()
    }
}

/// Path segments without the leading slash; `/` has none.
fn split(path: &str) -> impl Iterator<Item = &str> {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    trimmed.split('/').filter({
        let empty = trimmed.is_empty();
        move |_| !empty
    })
}

/// `%XX` escapes to bytes, read as UTF-8 (lossily: a path is the client's to get wrong). `+` stays `+` in a
/// path.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> Routes {
        let http = ApiKind::Http;
        Routes {
            routes: vec![
                Route::new("list", "GET", "/users", http, None),
                Route::new("get", "GET", "/users/{id}", http, None),
                Route::new("me", "GET", "/users/me", http, None),
                Route::new("any", "ANY", "/users/{id}", http, None),
                Route::new("files", "GET", "/files/{proxy+}", http, None),
                Route::new("root", "GET", "/", http, None),
            ],
        }
    }

    fn found(method: &str, path: &str) -> Option<(String, BTreeMap<String, String>)> {
        let routes = routes();
        routes.find(method, path).map(|m| (m.route.function.clone(), m.parameters))
    }

    #[test]
    fn literal_beats_parameter_and_method_beats_any() {
        assert_eq!(found("GET", "/users/me").unwrap().0, "me");
        let (function, parameters) = found("GET", "/users/42").unwrap();
        assert_eq!(function, "get");
        assert_eq!(parameters["id"], "42");
        assert_eq!(found("DELETE", "/users/42").unwrap().0, "any");
        assert_eq!(found("GET", "/users").unwrap().0, "list");
        assert_eq!(found("GET", "/").unwrap().0, "root");
    }

    #[test]
    fn greedy_takes_the_rest_and_parameters_are_decoded() {
        let (function, parameters) = found("GET", "/files/a/b%20c/d.txt").unwrap();
        assert_eq!(function, "files");
        assert_eq!(parameters["proxy"], "a/b c/d.txt");
        assert!(found("GET", "/files").is_none(), "a greedy parameter needs one segment at least");
        assert_eq!(found("GET", "/users/caf%C3%A9").unwrap().1["id"], "café");
    }

    #[test]
    fn unmatched_paths() {
        assert!(found("GET", "/users/1/extra").is_none());
        assert!(found("GET", "/nothing").is_none());
        assert!(found("POST", "/users").is_none());
        assert_eq!(routes().for_path("/users").len(), 1);
    }
}
