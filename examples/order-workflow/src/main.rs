//! The service's one `bootstrap`: every function of the library, chosen by `_HANDLER`.

// The functions live in the library (so tests can reach them); naming it keeps the linker from dropping them.
use order_workflow as _;

lambdaform::main!();
