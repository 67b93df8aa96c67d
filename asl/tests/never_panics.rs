//! Property tests: random paths, intrinsic calls and templates never panic.

use lambdaform_asl::{intrinsics, path};
use proptest::prelude::*;
use serde_json::json;

fn doc() -> serde_json::Value {
    json!({"a": {"b": [1, 2, {"c": "x"}]}, "s": "t,u", "n": 3, "arr": [3, 1, 2]})
}

proptest! {
    #[test]
    fn paths_never_panic(text in "\\$[\\$a-c.\\[\\]*:?@()0-9'\", =<>!&|-]{0,24}") {
        if let Ok(p) = path::parse(&text) {
            let _ = path::select(&p, &doc());
            let _ = path::set_at(doc(), &p, json!(1));
            let _ = p.normalized();
        }
    }

    #[test]
    fn intrinsics_never_panic(
        name in prop::sample::select(vec![
            "Format", "StringToJson", "JsonToString", "Array", "ArrayPartition", "ArrayContains", "ArrayRange",
            "ArrayGetItem", "ArrayLength", "ArrayUnique", "Base64Encode", "Base64Decode", "Hash", "JsonMerge",
            "MathRandom", "MathAdd", "StringSplit", "UUID", "Nope",
        ]),
        args in prop::collection::vec(prop::sample::select(vec![
            "$.n", "$.s", "$.arr", "$.a", "$.missing", "'{} x'", "'a\\'b'", "-1", "0", "2.5", "1000000", "true",
            "null", "'SHA-256'", "9223372036854775807", "-9223372036854775808", "1e300", "States.Array(1, 2)", "States.ArrayRange(0, 5, 2)",
        ]), 0..4),
    ) {
        let text = format!("States.{name}({})", args.join(", "));
        let call = intrinsics::parse(&text).expect("generated calls are well-formed");
        let d = doc();
        let _ = intrinsics::evaluate(&call, &|p| path::select(p, &d));
    }

    #[test]
    fn intrinsic_parser_never_panics(text in "States\\.[A-Za-z]{0,8}\\([$'a-z0-9, .()\\\\{}]{0,24}") {
        let _ = intrinsics::parse(&text);
    }
}
