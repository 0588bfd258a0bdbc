//! A deadline as the pages show it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use convene_core::i18n::{self, Arg};
use convene_core::{Contact, Deadline, GroupTree, Meeting, Owner};

use super::{GroupRef, Words, instant};

/// A deadline, in its zone and in UTC, with where to send or register.
#[derive(Debug, Clone)]
pub struct DeadlineView {
    pub id: String,
    /// "Visa support letter requests".
    pub what: String,
    /// "for 2nd FG-MV meeting" (a meeting's) or "FG-MV" (a group's).
    pub meeting: Option<(String, String)>,
    pub groups: Vec<GroupRef>,
    /// "20 June 2023".
    pub date: String,
    /// "23:59 Geneva time", or "end of day, Shanghai time".
    pub time: String,
    /// "20 June 2023, 16:00 UTC".
    pub utc: String,
    /// "20 June 2023, 18:00 Geneva time", when the deadline's zone is
    /// another.
    pub home: Option<String>,
    /// When it closes, `…Z`.
    pub closes_at: String,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    pub past: bool,
}

impl DeadlineView {
    pub fn new(
        tree: &GroupTree,
        d: &Deadline,
        meeting: Option<&Meeting>,
        now: DateTime<Utc>,
        w: Words,
    ) -> Self {
        let zone = d.zone();
        let closes = d.closes_at();
        let (email, url) = match d.submit_to() {
            Some(Contact::Email(e)) => (Some(e.to_string()), None),
            Some(Contact::Url(u)) => (None, Some(u.to_string())),
            None => (None, None),
        };
        let groups = match (meeting, d.owner()) {
            (Some(m), _) => m.groups().iter().map(|g| GroupRef::new(tree, g)).collect(),
            (None, Owner::Group(g)) => vec![GroupRef::new(tree, g)],
            (None, Owner::Meeting(_)) => Vec::new(),
        };
        Self {
            id: d.id().to_string(),
            what: d.what_in(w.lang).into_owned(),
            meeting: meeting.map(|m| (m.title().to_string(), format!("/meetings/{}", m.id()))),
            groups,
            date: w.long_date(d.date()),
            time: match d.time() {
                Some(t) => w.in_zone(&w.hm(t), zone),
                None => w.t("pages-end-of-day", &[("zone", Arg::from(w.zone(zone)))]),
            },
            utc: at_in_zone(w, closes, chrono_tz::UTC),
            home: (w.home != zone && !i18n::zone::is_utc(w.home))
                .then(|| at_in_zone(w, closes, w.home)),
            closes_at: instant(closes),
            email,
            url,
            note: d.note().map(|n| n.to_string()),
            past: closes <= now,
        }
    }
}

/// "20 June 2023, 16:00 UTC": an instant in a zone, with its date.
fn at_in_zone(w: Words, t: DateTime<Utc>, zone: Tz) -> String {
    let local = t.with_timezone(&zone);
    w.t(
        "pages-date-time",
        &[
            ("date", Arg::from(w.long_date(local.date_naive()))),
            ("time", Arg::from(w.in_zone(&w.hm(local.time()), zone))),
        ],
    )
}
