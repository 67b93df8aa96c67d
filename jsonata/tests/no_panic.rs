//! Property: arbitrary expression text never panics and never runs away.

use std::time::Duration;

use lambdaform_jsonata::{Bindings, Expression};
use proptest::prelude::*;

/// Fragments of JSONata so random strings reach deep into the parser and evaluator.
const PIECES: &[&str] = &[
    "a",
    "b",
    "$",
    "$$",
    "$x",
    "$f",
    ".",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ",",
    ";",
    ":",
    "?",
    "*",
    "**",
    "%",
    "#",
    "@",
    "^",
    "~>",
    "..",
    ":=",
    "=",
    "!=",
    "<",
    ">",
    "+",
    "-",
    "/",
    "&",
    "and",
    "or",
    "in",
    "|",
    "0",
    "1",
    "-1",
    "2.5",
    "'s'",
    "\"t\"",
    "true",
    "null",
    "/re/",
    "function($x){",
    "$sum(",
    "$map(",
    "$string(",
    "$f(",
    " ",
];

fn expression() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_expressions_end_in_a_value_or_an_error(src in expression()) {
        let input = serde_json::json!({"a": [1, {"b": 2}], "b": "x"});
        let bindings = Bindings::new().with_limits(500, Duration::from_millis(200));
        if let Ok(e) = Expression::parse(&src) {
            let _ = e.evaluate(Some(&input), &bindings);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,40}") {
        let bindings = Bindings::new().with_limits(500, Duration::from_millis(200));
        let _ = lambdaform_jsonata::evaluate(&src, None, &bindings);
    }
}
