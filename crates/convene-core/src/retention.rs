//! How long a cancelled item stays in the feeds.
//!
//! A cancelled meeting (and a daily session an edit dropped) is published
//! with `STATUS:CANCELLED` so that calendars which took it drop it. Once
//! every subscriber has had time to see that, it is only clutter: calendar
//! apps keep cancelled events struck through for ever. So it leaves the
//! feeds at the later of its cancel plus the retention period and its end
//! (a meeting is never taken out before it would have ended). The pages
//! keep it in their past list.

use chrono::{DateTime, Duration, Utc};

/// When a cancelled item leaves the feeds: the later of `cancelled_at` plus
/// `retention_days` and `ends`.
pub fn leaves_feeds_at(
    cancelled_at: DateTime<Utc>,
    ends: DateTime<Utc>,
    retention_days: u32,
) -> DateTime<Utc> {
    (cancelled_at + Duration::days(i64::from(retention_days))).max(ends)
}

/// Whether a cancelled item is still published at `now`.
pub fn still_published(
    cancelled_at: DateTime<Utc>,
    ends: DateTime<Utc>,
    retention_days: u32,
    now: DateTime<Utc>,
) -> bool {
    now < leaves_feeds_at(cancelled_at, ends, retention_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn a_cancelled_item_leaves_at_the_later_of_retention_and_its_end() {
        let cancelled = at("2031-05-01T10:00:00Z");
        // The meeting ends before the retention: 30 days after the cancel.
        let soon = at("2031-05-10T12:00:00Z");
        assert_eq!(
            leaves_feeds_at(cancelled, soon, 30),
            at("2031-05-31T10:00:00Z")
        );
        assert!(still_published(
            cancelled,
            soon,
            30,
            at("2031-05-31T09:59:59Z")
        ));
        assert!(!still_published(
            cancelled,
            soon,
            30,
            at("2031-05-31T10:00:00Z")
        ));
        // The meeting ends after it: until its end.
        let late = at("2031-09-01T12:00:00Z");
        assert_eq!(leaves_feeds_at(cancelled, late, 30), late);
        assert!(still_published(
            cancelled,
            late,
            30,
            at("2031-08-01T00:00:00Z")
        ));
        // No retention: at its end.
        assert!(!still_published(
            cancelled,
            soon,
            0,
            at("2031-05-10T12:00:00Z")
        ));
    }
}
