//! Compile-time behaviour of the lambdaform macros: every `fail` case must be rejected with exactly the pinned
//! `.stderr` next to it, every `pass` case must build and run. Re-pin with `TRYBUILD=overwrite` (see README).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/**/*.rs");
    cases.pass("tests/ui/pass/**/*.rs");
}
