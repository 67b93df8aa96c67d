//! Time: virtual by default (Wait and retry backoff advance a branch-local clock instantly), or real.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// How an execution experiences time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Starts at the given instant; waiting advances it without sleeping.
    Virtual(DateTime<Utc>),
    /// Wall-clock time; waiting really sleeps (needs a Tokio runtime with timers).
    Real,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::Virtual(Utc::now())
    }
}

impl Clock {
    /// The instant the execution starts at.
    pub fn start(&self) -> DateTime<Utc> {
        match self {
            Clock::Virtual(t) => *t,
            Clock::Real => Utc::now(),
        }
    }

    pub fn is_real(&self) -> bool {
        matches!(self, Clock::Real)
    }

    /// Waits `d` starting at `now` and returns the new now of the waiting branch.
    pub async fn sleep(&self, now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
        match self {
            // Saturates: an absurd wait ends at the end of time rather than overflowing.
            Clock::Virtual(_) => chrono::Duration::from_std(d)
                .ok()
                .and_then(|d| now.checked_add_signed(d))
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            Clock::Real => {
                tokio::time::sleep(d).await;
                Utc::now()
            }
        }
    }

    /// The current instant of a branch whose last known time is `now`.
    pub fn observe(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Clock::Virtual(_) => now,
            Clock::Real => Utc::now(),
        }
    }
}

/// ISO-8601 with milliseconds, as AWS writes times in the context object.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_sleep_advances_without_waiting() {
        let start = DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::Virtual(start);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let later = rt.block_on(clock.sleep(start, Duration::from_secs(90)));
        assert_eq!(iso(later), "2024-01-01T00:01:30.000Z");
        assert_eq!(clock.observe(later), later);
        assert!(!clock.is_real());
        let end = rt.block_on(clock.sleep(start, Duration::from_secs(u64::MAX)));
        assert_eq!(end, DateTime::<Utc>::MAX_UTC);
    }
}
