//! A Map's `ToleratedFailureCount` / `ToleratedFailurePercentage`, counted over iterations (Inline) or
//! child executions (Distributed).

use crate::exec::error::{names, Failure};

pub(crate) struct Tolerance {
    pub count: Option<i64>,
    pub percentage: Option<f64>,
    pub total: usize,
}

impl Tolerance {
    /// True when either threshold is set.
    pub fn has_threshold(&self) -> bool {
        self.count.is_some() || self.percentage.is_some()
    }

    /// True while `failed` failures stay within every threshold set (there must be one).
    pub fn allows(&self, failed: usize) -> bool {
        let within_count = self.count.is_none_or(|c| failed as i64 <= c);
        let within_pct = self.percentage.is_none_or(|p| (failed as f64) * 100.0 / (self.total.max(1) as f64) <= p);
        self.has_threshold() && within_count && within_pct
    }

    /// The failure of a Map whose failures went past the thresholds.
    pub fn exceeded() -> Failure {
        Failure::new(
            Some(names::EXCEED_TOLERATED_FAILURE.into()),
            Some("The specified tolerated failure threshold was exceeded".into()),
        )
    }
}
