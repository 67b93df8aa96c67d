//! The function library: a static registry of builtins with their signatures.

mod array;
mod aws;
mod datetime;
mod hof;
mod numeric;
mod object;
mod regex_match;
mod string;

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::error::{JsonataError, Result};
use crate::eval::Evaluator;
use crate::signature::Signature;
use crate::value::{Env, V};

pub(crate) use numeric::round_half_even;
pub(crate) use regex_match::regex_match_object;

pub(crate) type Imp = fn(&Evaluator, &[V], &V, &Env) -> Result<V>;

pub(crate) struct Builtin {
    pub name: &'static str,
    pub signature: Signature,
    /// Parameters a higher-order function passes to it (jsonata-js uses the JS arity).
    pub arity: usize,
    pub imp: Imp,
}

type Entry = (&'static str, &'static str, usize, Imp);

static REGISTRY: LazyLock<HashMap<&'static str, Builtin>> = LazyLock::new(|| {
    let mut all: Vec<Entry> = Vec::new();
    all.extend(string::ENTRIES);
    all.extend(numeric::ENTRIES);
    all.extend(array::ENTRIES);
    all.extend(object::ENTRIES);
    all.extend(hof::ENTRIES);
    all.extend(datetime::ENTRIES);
    all.extend(aws::ENTRIES);
    all.into_iter()
        .map(|(name, sig, arity, imp)| {
            let signature = Signature::parse(sig).unwrap_or_else(|e| panic!("builtin signature {name} {sig}: {e}"));
            (name, Builtin { name, signature, arity, imp })
        })
        .collect()
});

pub(crate) fn lookup(name: &str) -> Option<&'static Builtin> {
    REGISTRY.get(name)
}

/// Argument `i`, or undefined when not supplied.
pub(crate) fn arg(args: &[V], i: usize) -> V {
    args.get(i).cloned().unwrap_or_default()
}

pub(crate) fn err(code: &str, message: impl Into<String>) -> JsonataError {
    JsonataError::new(code, message)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_signature_parses() {
        assert!(super::lookup("substring").is_some());
        assert!(super::REGISTRY.len() > 60);
    }
}
