//! The one clock. Nothing else in the service reads the time: handlers,
//! use cases and the dispatcher ask the [`Clock`] in their state, so tests
//! (and the `--now` testing aid) can set it.

use chrono::{DateTime, Duration, Utc};

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// The system clock, shifted: "it is T now, and time runs on from T"
    /// (`--now T`).
    Shifted(Duration),
    /// Always the same instant (tests).
    Frozen(DateTime<Utc>),
}

impl Clock {
    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Clock::Shifted(start - Utc::now())
    }

    /// Now.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Shifted(by) => Utc::now() + *by,
            Clock::Frozen(at) => *at,
        }
    }
}
