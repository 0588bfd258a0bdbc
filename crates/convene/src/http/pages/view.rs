//! What the page templates show, worked out in Rust: every date and time as
//! text in the item's own zone and in UTC (with the UTC instant for
//! `<time datetime>` and for the local-time script), the secretariat's
//! one-line form of a meeting, group rows and subscribe links (the links in
//! `view/subscribe.rs`).
//!
//! Everything here is plain text; the templates escape it.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use convene_core::i18n::{self, Arg};
use convene_core::time::resolve_lenient;
use convene_core::{
    Group, GroupKind, GroupSlug, GroupTree, Meeting, MeetingKind, Schedule, Status, TimeSlot,
};

mod deadline;
mod series;
mod subscribe;
mod words;

pub use deadline::DeadlineView;
pub use subscribe::{Subscribe, encode};
pub use words::{Words, date_range, month_year};

/// `2023-09-07T07:00:00Z`, for `datetime` attributes and the script.
pub fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A group as a link.
#[derive(Debug, Clone)]
pub struct GroupRef {
    pub short_name: String,
    pub name: String,
    pub href: String,
}

impl GroupRef {
    pub fn new(tree: &GroupTree, slug: &GroupSlug) -> Self {
        match tree.get(slug) {
            Some(g) => Self {
                short_name: g.short_name.to_string(),
                name: g.name.to_string(),
                href: format!("/groups/{}", g.slug),
            },
            None => Self {
                short_name: slug.to_string(),
                name: slug.to_string(),
                href: format!("/groups/{slug}"),
            },
        }
    }
}

/// One timed session: the day, the slot in the item's zone, the same in UTC.
#[derive(Debug, Clone)]
pub struct SessionView {
    /// "Thu 7 Sep 2023".
    pub day: String,
    /// "09:00".
    pub start: String,
    /// "12:00".
    pub end: String,
    /// "Geneva time".
    pub zone: String,
    /// The same in the body's home zone when the session's zone is
    /// another: "20:00-21:30 Geneva time".
    pub home: Option<String>,
    /// "07:00" (UTC).
    pub utc_start: String,
    /// "10:00", or "Fri 8 Sep 01:00" when the UTC end is on another day.
    pub utc_end: String,
    /// "Wed 6 Sep" when the UTC start is on another day than the local one.
    pub utc_day: Option<String>,
    /// `2023-09-07T07:00:00Z`.
    pub start_at: String,
    /// `2023-09-07T10:00:00Z`.
    pub end_at: String,
}

impl SessionView {
    fn new(w: Words, s: &convene_core::Session, zone: Tz) -> Self {
        let (us, ue) = (s.utc.start, s.utc.end);
        let utc_day = (us.date_naive() != s.date).then(|| i18n::day_month(w.lang, us.date_naive()));
        let utc_end = if ue.date_naive() == us.date_naive() {
            w.hm(ue.time())
        } else {
            w.t(
                "day-time",
                &[
                    ("day", Arg::from(i18n::day_month(w.lang, ue.date_naive()))),
                    ("time", Arg::from(w.hm(ue.time()))),
                ],
            )
        };
        let home = (w.home != zone && !i18n::zone::is_utc(w.home))
            .then(|| {
                i18n::glance(w.lang, us, Some(ue), zone, w.home)
                    .into_iter()
                    .find(|g| g.zone == w.home)
                    .map(|g| g.text)
            })
            .flatten();
        Self {
            day: i18n::short_date(w.lang, s.date),
            start: w.hm(s.slot.start()),
            end: w.hm(s.slot.end()),
            zone: w.zone(zone),
            home,
            utc_start: w.hm(us.time()),
            utc_end,
            utc_day,
            start_at: instant(us),
            end_at: instant(ue),
        }
    }
}

/// The planned slot of a tentative window, with its UTC equivalent (on the
/// window's first day; both when the offset changes inside the window),
/// its time in the home zone when that is another, and its instants on the
/// first day (for the viewer's time).
#[derive(Debug, Clone)]
pub struct PlannedView {
    /// "12:00-14:00 UTC", or "12:00-14:00 UTC (13:00-15:00 UTC from 29 October 2023)".
    pub utc: String,
    /// "14:00-16:00 Geneva time", when the meeting's zone is another.
    pub home: Option<String>,
    /// The slot on the window's first day, `…Z`.
    pub start_at: String,
    pub end_at: String,
}

fn planned(w: Words, zone: Tz, window: &convene_core::DateRange, slot: TimeSlot) -> PlannedView {
    let instants = |d: NaiveDate| {
        (
            resolve_lenient(zone, d.and_time(slot.start())),
            resolve_lenient(zone, d.and_time(slot.end())),
        )
    };
    let in_zone = |d: NaiveDate, z: Tz| {
        let (s, e) = instants(d);
        let (s, e) = (s.with_timezone(&z), e.with_timezone(&z));
        w.in_zone(&i18n::time_range(w.lang, s.time(), e.time()), z)
    };
    let first = in_zone(window.first(), chrono_tz::UTC);
    let mut utc = first.clone();
    if let Some(change) = window.days().find(|d| in_zone(*d, chrono_tz::UTC) != first) {
        utc = w.t(
            "pages-planned-change",
            &[
                ("first", Arg::from(first)),
                ("then", Arg::from(in_zone(change, chrono_tz::UTC))),
                ("date", Arg::from(w.long_date(change))),
            ],
        );
    }
    let home =
        (w.home != zone && !i18n::zone::is_utc(w.home)).then(|| in_zone(window.first(), w.home));
    let (s, e) = instants(window.first());
    PlannedView {
        utc,
        home,
        start_at: instant(s),
        end_at: instant(e),
    }
}

/// When a meeting is, in the shapes organizers announce.
#[derive(Debug, Clone)]
pub struct WhenView {
    /// `timed`, `all-day`, `time-tba` or `tentative`.
    pub shape: &'static str,
    /// "7-8 September 2023", or the organizer's wording of a window.
    pub dates: String,
    /// "09:00-12:00 Geneva time", "whole days, Shanghai time", "time to be
    /// announced", "planned 14:00-16:00 Geneva time".
    pub time: String,
    /// The window's days, for a tentative meeting ("15-31 July 2023").
    pub window: Option<String>,
    /// The planned slot of a tentative meeting.
    pub planned: Option<PlannedView>,
    /// Timed sessions, one a day.
    pub sessions: Vec<SessionView>,
    /// The IANA name of the meeting's zone.
    pub zone_id: String,
    /// The meeting's start, for `<time datetime>` on days.
    pub start_at: String,
    /// A series' cancelled and moved occurrences, in words.
    pub exceptions: Vec<String>,
}

impl WhenView {
    fn new(w: Words, m: &Meeting) -> Self {
        let zone = m.zone();
        let days = m.schedule().days();
        let span = m.span();
        let mut v = WhenView {
            shape: m.schedule().shape(),
            dates: date_range(w, days.first(), days.last()),
            time: String::new(),
            window: None,
            planned: None,
            sessions: m
                .sessions()
                .iter()
                .map(|s| SessionView::new(w, s, zone))
                .collect(),
            zone_id: zone.name().to_owned(),
            start_at: instant(span.start),
            exceptions: Vec::new(),
        };
        match m.schedule() {
            Schedule::Timed { slot, .. } => {
                v.time = w.in_zone(&w.slot(*slot), zone);
                // A series: its rule in words; each occurrence is a session.
                if let Some(s) = m.series() {
                    v.dates = s.describe(w.lang);
                    v.exceptions = series::exceptions(w, s);
                }
            }
            Schedule::AllDay { .. } => {
                v.time = w.t("pages-whole-days", &[("zone", Arg::from(w.zone(zone)))]);
            }
            Schedule::TimeTba { .. } => v.time = w.t("pages-time-tba", &[]),
            Schedule::Tentative {
                window,
                label,
                slot,
            } => {
                v.dates = label.to_string();
                v.window = Some(date_range(w, window.first(), window.last()));
                v.planned = slot.map(|s| planned(w, zone, window, s));
                v.time = match slot {
                    Some(s) => w.t(
                        "pages-planned",
                        &[("time", Arg::from(w.in_zone(&w.slot(*s), zone)))],
                    ),
                    None => w.t("pages-not-fixed", &[]),
                };
            }
        }
        v
    }
}

/// A meeting as listed and as shown on its page.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub id: String,
    pub href: String,
    pub ics: String,
    pub title: String,
    /// "E-meeting".
    pub kind: String,
    /// `confirmed`, `tentative`, `cancelled`.
    pub status: &'static str,
    pub cancel_reason: Option<String>,
    pub groups: Vec<GroupRef>,
    pub joint: bool,
    pub when: WhenView,
    pub location: Option<String>,
    pub remote_url: Option<String>,
    /// Free-text join details (members-visible meetings: never on a page).
    pub join_notes: Option<String>,
    /// Where members find withheld join details.
    pub join_notice: Option<String>,
    pub url: Option<String>,
    pub description: Vec<String>,
    /// The secretariat's line: "7-8 September 2023, 09:00-12:00 hours,
    /// Geneva time, e-meeting, WG5".
    pub line: String,
    /// The title, when the line does not already say what it is.
    pub line_title: Option<String>,
    pub past: bool,
}

/// The message of a meeting kind: `kind-e-meeting` ("E-meeting"), or
/// with `line-` the word in a secretariat line ("e-meeting").
pub fn kind_key(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Physical => "kind-physical",
        MeetingKind::EMeeting => "kind-e-meeting",
        MeetingKind::Forum => "kind-forum",
        MeetingKind::Webinar => "kind-webinar",
        MeetingKind::SpecialSession => "kind-special-session",
    }
}

fn place(m: &Meeting) -> Option<String> {
    let l = m.location();
    let parts: Vec<&str> = [&l.city, &l.country]
        .into_iter()
        .flatten()
        .map(|p| p.as_str())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// "7-8 September 2023, 09:00-12:00 hours, Geneva time, e-meeting, WG5".
fn secretariat_line(w: Words, m: &Meeting, groups: &[GroupRef]) -> String {
    let zone = w.zone(m.zone());
    let days = m.schedule().days();
    let mut parts: Vec<String> = Vec::with_capacity(6);
    match (m.schedule(), m.series()) {
        // "every second Tuesday, 14:00-15:00 hours, Geneva time, from 3
        // October 2023, 10 times", in the page's language
        (Schedule::Timed { .. }, Some(s)) => {
            parts.push(convene_core::ical::series_words(m, s, w.lang))
        }
        (Schedule::Timed { slot, .. }, None) => {
            parts.push(date_range(w, days.first(), days.last()));
            parts.push(w.t("line-hours", &[("slot", Arg::from(w.slot(*slot)))]));
            parts.push(zone);
        }
        (Schedule::AllDay { .. }, _) => {
            parts.push(date_range(w, days.first(), days.last()));
            if place(m).is_none() {
                parts.push(w.t("pages-whole-days", &[("zone", Arg::from(zone))]));
            }
        }
        (Schedule::TimeTba { .. }, _) => {
            parts.push(date_range(w, days.first(), days.last()));
            parts.push(w.t("pages-time-tba", &[]));
        }
        (Schedule::Tentative { label, slot, .. }, _) => {
            parts.push(w.t("line-tentative", &[("label", Arg::from(label.as_str()))]));
            if let Some(s) = slot {
                parts.push(w.t("line-planned", &[("slot", Arg::from(w.slot(*s)))]));
                parts.push(zone);
            }
        }
    }
    if let Some(p) = place(m) {
        parts.push(p);
    }
    parts.push(w.t(&format!("line-{}", kind_key(m.kind())), &[]));
    parts.push(
        groups
            .iter()
            .map(|g| g.short_name.as_str())
            .collect::<Vec<_>>()
            .join(" & "),
    );
    parts.join(&w.t("line-separator", &[]))
}

impl MeetingView {
    pub fn new(tree: &GroupTree, m: &Meeting, now: DateTime<Utc>, w: Words) -> Self {
        // Pages are public: members-only join details never reach the model.
        let m = &*convene_core::join::for_audience(tree, m, convene_core::Audience::Public);
        let groups: Vec<GroupRef> = m.groups().iter().map(|g| GroupRef::new(tree, g)).collect();
        let title = m.title().to_string();
        let line = secretariat_line(w, m, &groups);
        let named = groups.iter().all(|g| title.contains(g.short_name.as_str()));
        Self {
            id: m.id().to_string(),
            href: format!("/meetings/{}", m.id()),
            ics: format!("/meetings/{}.ics{}", m.id(), w.feed_lang('?')),
            kind: w.t(kind_key(m.kind()), &[]),
            status: m.status().as_str(),
            cancel_reason: m.cancel_reason().map(|r| r.to_string()),
            joint: groups.len() > 1,
            when: WhenView::new(w, m),
            location: m.location().display(),
            remote_url: m.remote_url().map(|u| u.to_string()),
            join_notes: m.join_notes().map(|n| n.to_string()),
            join_notice: m.join_notice().map(str::to_owned),
            url: m.url().map(|u| u.to_string()),
            description: m
                .description()
                .map(|d| {
                    d.as_str()
                        .split("\n\n")
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            line,
            line_title: (!named).then(|| title.clone()),
            title,
            groups,
            past: m.span().end <= now,
        }
    }

    pub fn cancelled(&self) -> bool {
        self.status == Status::Cancelled.as_str()
    }

    pub fn tentative(&self) -> bool {
        self.status == Status::Tentative.as_str()
    }
}

/// A group with its effective mailing list and feeds.
#[derive(Debug, Clone)]
pub struct GroupView {
    pub slug: String,
    pub short_name: String,
    pub name: String,
    /// "Working Group".
    pub kind: String,
    pub href: String,
    pub list: Option<String>,
    /// The short name of the group the list is inherited from.
    pub list_from: Option<String>,
    pub contact: Option<String>,
    pub former_lists: Vec<String>,
    pub parent: Option<GroupRef>,
    pub ancestors: Vec<GroupRef>,
    pub children: Vec<GroupRef>,
    pub descendants: usize,
    /// The group's own feed, then with its subgroups if it has any.
    pub feeds: Vec<Subscribe>,
}

/// "Working Group".
pub fn kind_label(w: Words, kind: GroupKind) -> String {
    w.t(
        match kind {
            GroupKind::FocusGroup => "group-kind-focus-group",
            GroupKind::WorkingGroup => "group-kind-working-group",
            GroupKind::TaskGroup => "group-kind-task-group",
        },
        &[],
    )
}

/// Children to show: Working Groups before Task Groups, then by slug
/// (numbers compared as numbers: WG2 before WG10).
pub fn sorted_children<'a>(tree: &'a GroupTree, slug: &GroupSlug) -> Vec<&'a Group> {
    let mut kids: Vec<&Group> = tree.children(slug).collect();
    kids.sort_by_key(|g| sort_key(g));
    kids
}

fn sort_key(g: &Group) -> (u8, String, u64, String) {
    let rank = match g.kind {
        GroupKind::FocusGroup => 0,
        GroupKind::WorkingGroup => 1,
        GroupKind::TaskGroup => 2,
    };
    let s = g.slug.as_str();
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, num) = s.split_at(s.len() - digits);
    (
        rank,
        stem.to_owned(),
        num.parse().unwrap_or(0),
        s.to_owned(),
    )
}

/// Roots by the same order.
pub fn sorted_roots(tree: &GroupTree) -> Vec<&Group> {
    let mut roots: Vec<&Group> = tree.roots().collect();
    roots.sort_by_key(|g| sort_key(g));
    roots
}

impl GroupView {
    pub fn new(tree: &GroupTree, base: &str, g: &Group, w: Words) -> Self {
        let list = tree.effective_mailing_list(&g.slug);
        let descendants = tree.subtree(&g.slug).len().saturating_sub(1);
        let mut feeds = vec![Subscribe::group(base, g, false, w)];
        if descendants > 0 {
            feeds.push(Subscribe::group(base, g, true, w));
        }
        let mut ancestors: Vec<GroupRef> = tree
            .ancestors(&g.slug)
            .iter()
            .map(|a| GroupRef::new(tree, &a.slug))
            .collect();
        ancestors.reverse();
        Self {
            slug: g.slug.to_string(),
            short_name: g.short_name.to_string(),
            name: g.name.to_string(),
            kind: kind_label(w, g.kind),
            href: format!("/groups/{}", g.slug),
            list: list.map(|l| l.address.to_string()),
            list_from: list
                .filter(|l| !l.is_own(&g.slug))
                .map(|l| GroupRef::new(tree, l.from).short_name),
            contact: tree
                .effective_contact(&g.slug)
                .map(|c| c.address.to_string()),
            former_lists: g
                .former_mailing_lists
                .iter()
                .map(|e| e.to_string())
                .collect(),
            parent: g.parent.as_ref().map(|p| GroupRef::new(tree, p)),
            ancestors,
            children: sorted_children(tree, &g.slug)
                .into_iter()
                .map(|c| GroupRef::new(tree, &c.slug))
                .collect(),
            descendants,
            feeds,
        }
    }
}

/// A row of the group tree: the group, how deep it sits, whether a nested
/// list opens after it, and how many nested lists close after it.
#[derive(Debug, Clone)]
pub struct TreeRow {
    pub group: GroupView,
    pub depth: usize,
    pub opens: bool,
    pub closes: usize,
}

/// The whole tree, parents first, children in display order.
pub fn tree_rows(tree: &GroupTree, base: &str, w: Words) -> Vec<TreeRow> {
    fn walk(
        tree: &GroupTree,
        base: &str,
        w: Words,
        g: &Group,
        depth: usize,
        out: &mut Vec<TreeRow>,
    ) {
        let kids = sorted_children(tree, &g.slug);
        out.push(TreeRow {
            group: GroupView::new(tree, base, g, w),
            depth,
            opens: !kids.is_empty(),
            closes: 0,
        });
        let n = kids.len();
        for (i, k) in kids.into_iter().enumerate() {
            walk(tree, base, w, k, depth + 1, out);
            if i + 1 == n
                && let Some(last) = out.last_mut()
            {
                last.closes += 1;
            }
        }
    }
    let mut out = Vec::new();
    for r in sorted_roots(tree) {
        walk(tree, base, w, r, 0, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
