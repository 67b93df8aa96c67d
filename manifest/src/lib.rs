//! The serde model of a lambdaform service.
