//! Per-token write limits, shared by every replica: a token bucket per API
//! token, kept in the database (`write_rate_buckets`). A bucket holds a
//! minute's writes and refills continuously, so a token may make
//! `per_minute` writes at once, then one every `60 / per_minute` seconds.
//!
//! The rule is [`take`], pure, with "now" passed in; the backends lock the
//! token's row (`SELECT … FOR UPDATE` on PostgreSQL, SQLite's one write
//! lock), apply it and write the bucket back in the same transaction, so
//! concurrent writes through different replicas each take their own write.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// A token's bucket as stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    /// Writes left; fractional while it refills.
    pub tokens: f64,
    /// When `tokens` was last brought up to date, in milliseconds since 1970.
    pub refilled_at_ms: i64,
}

impl Bucket {
    /// A full bucket: a token's first write finds a minute's allowance.
    pub fn full(per_minute: u32, now: DateTime<Utc>) -> Self {
        Bucket {
            tokens: f64::from(per_minute),
            refilled_at_ms: now.timestamp_millis(),
        }
    }
}

/// Rounding allowed for in [`take`].
const EPSILON: f64 = 1e-6;

/// Takes one write from `bucket` at `now`, with `per_minute` writes a
/// minute (more than 0). Gives the bucket to store and either `Ok` or how
/// long until the next write is allowed. A clock behind the stored instant
/// (another replica's runs ahead) refills nothing and does not move the
/// instant back.
pub fn take(bucket: Bucket, per_minute: u32, now: DateTime<Utc>) -> (Bucket, Result<(), Duration>) {
    let capacity = f64::from(per_minute.max(1));
    let now_ms = now.timestamp_millis().max(bucket.refilled_at_ms);
    let elapsed = (now_ms - bucket.refilled_at_ms) as f64;
    let tokens = (bucket.tokens + elapsed * capacity / 60_000.0).min(capacity);
    // Refills are fractions of a write: allow for their rounding, so that
    // a write due after exactly 20 s is allowed after 20 s, not 20.001 s.
    if tokens >= 1.0 - EPSILON {
        let left = Bucket {
            tokens: (tokens - 1.0).max(0.0),
            refilled_at_ms: now_ms,
        };
        (left, Ok(()))
    } else {
        // A refused write changes nothing: the bucket refills from where it
        // was, whatever the knocking.
        let wait_ms = ((1.0 - tokens) * 60_000.0 / capacity - EPSILON).ceil();
        (bucket, Err(Duration::from_millis(wait_ms as u64)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + seconds, 0).expect("instant")
    }

    /// Applies `take` to a bucket kept in a variable, as the store does.
    fn write(b: &mut Bucket, per_minute: u32, now: DateTime<Utc>) -> Result<(), Duration> {
        let (next, verdict) = take(*b, per_minute, now);
        *b = next;
        verdict
    }

    #[test]
    fn a_minute_at_once_then_a_steady_refill() {
        let mut b = Bucket::full(3, at(0));
        for _ in 0..3 {
            assert_eq!(write(&mut b, 3, at(0)), Ok(()));
        }
        // Empty: one write comes back every 20 s.
        assert_eq!(write(&mut b, 3, at(0)), Err(Duration::from_secs(20)));
        assert_eq!(write(&mut b, 3, at(15)), Err(Duration::from_secs(5)));
        assert_eq!(write(&mut b, 3, at(20)), Ok(()));
        assert_eq!(write(&mut b, 3, at(20)), Err(Duration::from_secs(20)));
        // A long pause fills the bucket, but no further than a minute's worth.
        for _ in 0..3 {
            assert_eq!(write(&mut b, 3, at(3600)), Ok(()));
        }
        assert!(write(&mut b, 3, at(3600)).is_err());
    }

    #[test]
    fn a_refused_write_takes_nothing() {
        let mut b = Bucket::full(60, at(0));
        for _ in 0..60 {
            assert_eq!(write(&mut b, 60, at(0)), Ok(()));
        }
        // Knocking every 100 ms while empty does not push the refill back.
        for tenth in 1..10 {
            let now = at(0) + chrono::Duration::milliseconds(100 * tenth);
            assert!(write(&mut b, 60, now).is_err());
        }
        assert_eq!(write(&mut b, 60, at(1)), Ok(()));
    }

    #[test]
    fn a_clock_behind_the_stored_instant_refills_nothing() {
        let mut b = Bucket::full(2, at(100));
        assert_eq!(write(&mut b, 2, at(100)), Ok(()));
        assert_eq!(write(&mut b, 2, at(100)), Ok(()));
        // A replica 10 s behind: still empty, and the instant stays put.
        assert_eq!(write(&mut b, 2, at(90)), Err(Duration::from_secs(30)));
        assert_eq!(b.refilled_at_ms, at(100).timestamp_millis());
        assert_eq!(write(&mut b, 2, at(110)), Err(Duration::from_secs(20)));
        assert_eq!(write(&mut b, 2, at(130)), Ok(()));
    }

    #[test]
    fn a_lowered_limit_caps_a_fuller_bucket() {
        let mut b = Bucket::full(100, at(0));
        for _ in 0..5 {
            assert_eq!(write(&mut b, 5, at(0)), Ok(()));
        }
        assert!(write(&mut b, 5, at(0)).is_err());
    }
}
