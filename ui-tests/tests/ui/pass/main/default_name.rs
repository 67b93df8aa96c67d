//! `main!()` without arguments names the service after the package.

use lambdaform::prelude::*;

#[function]
async fn hello(event: serde_json::Value) -> Result<serde_json::Value, Error> {
    Ok(event)
}

// Declared in a block and not started, as in mini_service.rs: outside Lambda the bootstrap exits with an error.
fn main() {
    lambdaform::main!();
    let _: fn() -> std::process::ExitCode = main;

    let names: Vec<&str> = lambdaform::__private::FUNCTIONS.iter().map(|f| f.name).collect();
    assert_eq!(names, ["hello"]);
    assert_eq!(lambdaform::__private::MANIFEST.len(), 2);
}
