//! The time the local resources live in: the wall clock, or a virtual clock that only moves when told to.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

/// Real time for the dev server; virtual time for tests, where [`crate::Local::advance`] moves it and fires
/// whatever falls due on the way (schedules, batch windows, visibility timeouts) without sleeping.
#[derive(Debug, Clone)]
pub enum Clock {
    Real,
    Virtual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn virtual_at(start: DateTime<Utc>) -> Clock {
        Clock::Virtual(Arc::new(Mutex::new(start)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::Real => Utc::now(),
            Clock::Virtual(t) => *t.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    pub fn is_virtual(&self) -> bool {
        matches!(self, Clock::Virtual(_))
    }

    /// Moves a virtual clock forward to `t` (never backwards); the real clock ignores it.
    pub(crate) fn set(&self, t: DateTime<Utc>) {
        if let Clock::Virtual(now) = self {
            let mut now = now.lock().unwrap_or_else(|e| e.into_inner());
            if t > *now {
                *now = t;
            }
        }
    }

    /// The clock a state machine execution started now runs on.
    pub(crate) fn for_executor(&self) -> lambdaform_asl::exec::Clock {
        match self {
            Clock::Real => lambdaform_asl::exec::Clock::Real,
            Clock::Virtual(_) => lambdaform_asl::exec::Clock::Virtual(self.now()),
        }
    }
}
