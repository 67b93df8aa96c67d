//! A JSONata evaluator.
