//! lambdaform macros
