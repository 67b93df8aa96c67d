//! lambdaform
