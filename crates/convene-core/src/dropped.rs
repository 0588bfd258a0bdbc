//! Sessions a meeting published and then lost to an edit.
//!
//! A timed meeting is published as one event per daily session, day n with
//! its own UID (`ID-dayN@DOMAIN`, day 1 `ID@DOMAIN`; see [`crate::ical`]).
//! When an edit shortens the meeting, the last days' UIDs stop being
//! published, but a calendar that imported them keeps them: a UID that
//! disappears from a `METHOD:PUBLISH` calendar is not a cancellation. So the
//! meeting remembers those sessions ([`DroppedSession`]) and keeps
//! publishing them as cancelled events under their old UIDs.
//!
//! [`dropped_sessions`] works out the list after an edit, from the meeting
//! before, the meeting after and the list before. Only a UID that
//! disappears counts: a session that moves keeps its UID and is simply
//! updated, and a cancelled meeting still publishes every day (as
//! cancelled), so cancelling drops nothing and keeps what was dropped.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::meeting::{Meeting, Schedule};

/// A daily session a meeting published and no longer has.
///
/// Stored with the meeting (a list of them, as JSON) and published as a
/// cancelled event with the UID the day had, at the time it had when it was
/// last published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DroppedSession {
    /// The day's index in the meeting, 1-based: the `N` of its UID
    /// `ID-dayN@DOMAIN`. Always 2 or more in a list from
    /// [`dropped_sessions`], as day 1 is the meeting's own UID.
    pub day: u32,
    /// When the session started, as last published.
    pub start: DateTime<Utc>,
    /// When the session ended, as last published.
    pub end: DateTime<Utc>,
}

/// How many per-day UIDs `m` publishes: one per session for a timed
/// meeting, one (the meeting's own UID) for every other schedule. Days
/// `1..=published_days(m)` are live.
pub(crate) fn published_days(m: &Meeting) -> u32 {
    if m.series().is_some() {
        // A series is one UID; its occurrences are addressed by date.
        return 1;
    }
    match m.schedule() {
        Schedule::Timed { .. } => u32::try_from(m.sessions().len()).unwrap_or(u32::MAX),
        Schedule::AllDay { .. } | Schedule::TimeTba { .. } | Schedule::Tentative { .. } => 1,
    }
}

/// The sessions dropped from a meeting after the edit from `old` to `new`,
/// given those dropped `before` it; sorted by day, one entry per day.
///
/// - A day `old` published (by its UID day index) and `new` does not is
///   dropped, at the UTC times `old` published it. Turning a timed meeting
///   into whole days, a date without a time or a tentative window publishes
///   only day 1's UID, so it drops days 2 and later.
/// - An entry of `before` stays while `new` does not publish its day; a day
///   that `new` publishes again is live again and leaves the list.
/// - If `before` names a day that `old` published (a stale list), the
///   times `old` published win.
/// - Status plays no part: a cancelled meeting still publishes each of its
///   days, cancelled, so cancelling neither drops days nor brings dropped
///   ones back.
///
/// `old` and `new` are two versions of the same meeting; their ids are not
/// compared.
pub fn dropped_sessions(
    old: &Meeting,
    new: &Meeting,
    before: &[DroppedSession],
) -> Vec<DroppedSession> {
    let live = published_days(new);
    let mut out: Vec<DroppedSession> = Vec::new();
    // What `old` published but `new` does not, at `old`'s times. Only timed
    // meetings publish days past 1, each at its session.
    if matches!(old.schedule(), Schedule::Timed { .. }) && old.series().is_none() {
        for (i, s) in old.sessions().iter().enumerate() {
            let Ok(day) = u32::try_from(i + 1) else { break };
            if day > live {
                out.push(DroppedSession {
                    day,
                    start: s.utc.start,
                    end: s.utc.end,
                });
            }
        }
    }
    // Earlier drops still not published, unless `old` already gave the day.
    for d in before {
        if d.day > live && !out.iter().any(|o| o.day == d.day) {
            out.push(*d);
        }
    }
    out.sort_by_key(|d| d.day);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::MeetingInput;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    /// WG5's e-meeting from 7 September 2023, 09:00-12:00 Geneva time,
    /// until `until`.
    fn timed(until: &str) -> Meeting {
        MeetingInput {
            id: Some("wg5-2023-09-07".into()),
            title: Some("WG5 e-meeting".into()),
            groups: vec!["wg5".into()],
            kind: Some("e-meeting".into()),
            date: Some("2023-09-07".into()),
            until: Some(until.into()),
            start: Some("09:00".into()),
            end: Some("12:00".into()),
            ..MeetingInput::default()
        }
        .validate(&Default::default())
        .expect("valid")
    }

    fn edit(m: &Meeting, f: impl FnOnce(&mut MeetingInput)) -> Meeting {
        let mut input = m.to_input();
        f(&mut input);
        input.validate(&Default::default()).expect("valid")
    }

    fn session(day: u32, date: &str) -> DroppedSession {
        DroppedSession {
            day,
            start: utc(&format!("{date}T07:00:00Z")),
            end: utc(&format!("{date}T10:00:00Z")),
        }
    }

    fn days(list: &[DroppedSession]) -> Vec<u32> {
        list.iter().map(|d| d.day).collect()
    }

    #[test]
    fn shortening_drops_the_last_days_at_their_old_times() {
        let four = timed("2023-09-10");
        let two = timed("2023-09-08");
        assert_eq!(
            dropped_sessions(&four, &two, &[]),
            [session(3, "2023-09-09"), session(4, "2023-09-10")]
        );
    }

    #[test]
    fn a_day_that_comes_back_is_live_again() {
        let four = timed("2023-09-10");
        let two = timed("2023-09-08");
        let three = timed("2023-09-09");
        let after_cut = dropped_sessions(&four, &two, &[]);
        assert_eq!(
            dropped_sessions(&two, &three, &after_cut),
            [session(4, "2023-09-10")]
        );
        // Back to four days: nothing is dropped any more.
        assert_eq!(dropped_sessions(&two, &four, &after_cut), []);
    }

    #[test]
    fn unchanged_or_longer_meetings_drop_nothing() {
        let two = timed("2023-09-08");
        let four = timed("2023-09-10");
        assert_eq!(dropped_sessions(&two, &two, &[]), []);
        assert_eq!(dropped_sessions(&two, &four, &[]), []);
    }

    #[test]
    fn moving_keeps_the_uids_so_drops_nothing() {
        let two = timed("2023-09-08");
        let moved = edit(&two, |i| {
            i.date = Some("2023-09-14".into());
            i.until = Some("2023-09-15".into());
            i.start = Some("14:00".into());
            i.end = Some("16:00".into());
        });
        assert_eq!(dropped_sessions(&two, &moved, &[]), []);
    }

    #[test]
    fn a_dropped_day_keeps_its_time_as_last_published() {
        // Dropped at its old time, the meeting then moves: the dropped day
        // stays where calendars still show it.
        let four = timed("2023-09-10");
        let two = timed("2023-09-08");
        let dropped = dropped_sessions(&four, &two, &[]);
        let moved = edit(&two, |i| {
            i.start = Some("14:00".into());
            i.end = Some("16:00".into());
        });
        assert_eq!(dropped_sessions(&two, &moved, &dropped), dropped);
    }

    #[test]
    fn cancelling_drops_nothing_and_keeps_what_was_dropped() {
        let four = timed("2023-09-10");
        let two = timed("2023-09-08");
        let dropped = dropped_sessions(&four, &two, &[]);
        let cancel = |i: &mut MeetingInput| i.status = Some("cancelled".into());
        let cancelled = edit(&two, cancel);
        assert_eq!(dropped_sessions(&two, &cancelled, &dropped), dropped);
        // Shortening a cancelled meeting drops days as for any other.
        let four_cancelled = edit(&four, cancel);
        assert_eq!(
            days(&dropped_sessions(&four_cancelled, &cancelled, &[])),
            [3, 4]
        );
        // And so does un-cancelling with fewer days.
        assert_eq!(days(&dropped_sessions(&four_cancelled, &two, &[])), [3, 4]);
    }

    #[test]
    fn whole_days_publish_one_uid_so_drop_days_two_and_later() {
        let three = timed("2023-09-09");
        let all_day = edit(&three, |i| {
            i.start = None;
            i.end = None;
            i.all_day = Some(true);
        });
        assert_eq!(days(&dropped_sessions(&three, &all_day, &[])), [2, 3]);
        // Shortening a whole-day meeting changes its one event's DTEND.
        let shorter = edit(&all_day, |i| i.until = Some("2023-09-08".into()));
        let before = dropped_sessions(&three, &all_day, &[]);
        assert_eq!(dropped_sessions(&all_day, &shorter, &before), before);
        // Timed again over two days: day 2 is live again.
        let two = timed("2023-09-08");
        assert_eq!(days(&dropped_sessions(&shorter, &two, &before)), [3]);
    }

    #[test]
    fn old_times_win_over_a_stale_list_and_days_are_unique() {
        let four = timed("2023-09-10");
        let two = timed("2023-09-08");
        let stale = [session(5, "2023-09-11"), session(3, "2023-01-01")];
        assert_eq!(
            dropped_sessions(&four, &two, &stale),
            [
                session(3, "2023-09-09"),
                session(4, "2023-09-10"),
                session(5, "2023-09-11")
            ]
        );
    }

    #[test]
    fn stored_as_json_with_utc_instants() {
        let list = vec![session(3, "2023-09-09")];
        let json = serde_json::to_string(&list).expect("serialize");
        assert_eq!(
            json,
            r#"[{"day":3,"start":"2023-09-09T07:00:00Z","end":"2023-09-09T10:00:00Z"}]"#
        );
        let back: Vec<DroppedSession> = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, list);
    }
}
