//! What the page templates show, worked out in Rust: every date and time as
//! text in the item's own zone and in UTC (with the UTC instant for
//! `<time datetime>` and for the local-time script), the secretariat's
//! one-line form of a meeting, group rows and subscribe links (the links in
//! `view/subscribe.rs`).
//!
//! Everything here is plain text; the templates escape it.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use convene_core::ical::{long_date, month_name, zone_label};
use convene_core::time::resolve_lenient;
use convene_core::{
    Contact, Deadline, Group, GroupKind, GroupSlug, GroupTree, Meeting, MeetingKind, Owner,
    Schedule, Status, TimeSlot,
};

mod series;
mod subscribe;

pub use subscribe::{Subscribe, encode};

/// `2023-09-07T07:00:00Z`, for `datetime` attributes and the script.
pub fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// "September 2023".
pub fn month_year(d: NaiveDate) -> String {
    format!("{} {}", month_name(d), d.year())
}

/// "7 September 2023", "7-8 September 2023", "30 September-2 October 2023",
/// "30 December 2023-2 January 2024": how the secretariat writes days.
pub fn date_range(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        long_date(first)
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!("{}-{}", first.day(), long_date(last))
    } else if first.year() == last.year() {
        format!("{} {}-{}", first.day(), month_name(first), long_date(last))
    } else {
        format!("{}-{}", long_date(first), long_date(last))
    }
}

/// "Thu 7 Sep 2023".
fn short_date(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// "Geneva time" for Europe/Zurich (the core's label), "Shanghai time" for
/// Asia/Shanghai, "UTC" for UTC.
pub fn zone_name(zone: Tz) -> String {
    if zone == chrono_tz::Europe::Zurich {
        return zone_label(zone);
    }
    match zone.name().rsplit_once('/') {
        Some((_, city)) => format!("{} time", city.replace('_', " ")),
        None => zone.name().to_owned(),
    }
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
    fn new(s: &convene_core::Session, zone: Tz) -> Self {
        let (us, ue) = (s.utc.start, s.utc.end);
        let utc_day = (us.date_naive() != s.date).then(|| us.format("%a %-d %b").to_string());
        let utc_end = if ue.date_naive() == us.date_naive() {
            ue.format("%H:%M").to_string()
        } else {
            ue.format("%a %-d %b %H:%M").to_string()
        };
        Self {
            day: short_date(s.date),
            start: hm(s.slot.start()),
            end: hm(s.slot.end()),
            zone: zone_name(zone),
            utc_start: us.format("%H:%M").to_string(),
            utc_end,
            utc_day,
            start_at: instant(us),
            end_at: instant(ue),
        }
    }
}

/// The planned slot of a tentative window, with its UTC equivalent (on the
/// window's first day; both when the offset changes inside the window).
#[derive(Debug, Clone)]
pub struct PlannedView {
    /// "12:00-14:00 UTC", or "12:00-14:00 UTC (13:00-15:00 UTC from 29 October)".
    pub utc: String,
}

fn planned(zone: Tz, window: &convene_core::DateRange, slot: TimeSlot) -> PlannedView {
    let utc_on = |d: NaiveDate| {
        let s = resolve_lenient(zone, d.and_time(slot.start()));
        let e = resolve_lenient(zone, d.and_time(slot.end()));
        format!("{}-{} UTC", s.format("%H:%M"), e.format("%H:%M"))
    };
    let first = utc_on(window.first());
    let mut utc = first.clone();
    if let Some(change) = window.days().find(|d| utc_on(*d) != first) {
        utc = format!("{first} ({} from {})", utc_on(change), long_date(change));
    }
    PlannedView { utc }
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
    fn new(m: &Meeting) -> Self {
        let zone = m.zone();
        let days = m.schedule().days();
        let span = m.span();
        let mut w = WhenView {
            shape: m.schedule().shape(),
            dates: date_range(days.first(), days.last()),
            time: String::new(),
            window: None,
            planned: None,
            sessions: m
                .sessions()
                .iter()
                .map(|s| SessionView::new(s, zone))
                .collect(),
            zone_id: zone.name().to_owned(),
            start_at: instant(span.start),
            exceptions: Vec::new(),
        };
        match m.schedule() {
            Schedule::Timed { slot, .. } => {
                w.time = format!("{slot} {}", zone_name(zone));
                // A series: its rule in words; each occurrence is a session.
                if let Some(s) = m.series() {
                    w.dates = s.describe();
                    w.exceptions = series::exceptions(s);
                }
            }
            Schedule::AllDay { .. } => w.time = format!("whole days, {}", zone_name(zone)),
            Schedule::TimeTba { .. } => w.time = "time to be announced".to_owned(),
            Schedule::Tentative {
                window,
                label,
                slot,
            } => {
                w.dates = label.to_string();
                w.window = Some(date_range(window.first(), window.last()));
                w.planned = slot.map(|s| planned(zone, window, s));
                w.time = match slot {
                    Some(s) => format!("planned {s} {}", zone_name(zone)),
                    None => "day and time not fixed yet".to_owned(),
                };
            }
        }
        w
    }
}

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
            what: d.what().to_owned(),
            meeting: meeting.map(|m| (m.title().to_string(), format!("/meetings/{}", m.id()))),
            groups,
            date: long_date(d.date()),
            time: match d.time() {
                Some(t) => format!("{} {}", hm(t), zone_name(zone)),
                None => format!("end of day, {}", zone_name(zone)),
            },
            utc: format!(
                "{}, {} UTC",
                long_date(closes.date_naive()),
                closes.format("%H:%M")
            ),
            closes_at: instant(closes),
            email,
            url,
            note: d.note().map(|n| n.to_string()),
            past: closes <= now,
        }
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
    pub kind: &'static str,
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

fn kind_word(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Physical => "meeting",
        MeetingKind::EMeeting => "e-meeting",
        MeetingKind::Forum => "forum",
        MeetingKind::Webinar => "webinar",
        MeetingKind::SpecialSession => "special session",
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
fn secretariat_line(m: &Meeting, groups: &[GroupRef]) -> String {
    let zone = zone_name(m.zone());
    let days = m.schedule().days();
    let mut parts: Vec<String> = Vec::with_capacity(6);
    match (m.schedule(), m.series()) {
        // "every second Tuesday, 14:00-15:00 hours, Geneva time, from 3
        // October 2023, 10 times"
        (Schedule::Timed { .. }, Some(s)) => parts.push(convene_core::ical::series_words(m, s)),
        (Schedule::Timed { slot, .. }, None) => {
            parts.push(date_range(days.first(), days.last()));
            parts.push(format!("{slot} hours"));
            parts.push(zone);
        }
        (Schedule::AllDay { .. }, _) => {
            parts.push(date_range(days.first(), days.last()));
            if place(m).is_none() {
                parts.push(format!("whole days, {zone}"));
            }
        }
        (Schedule::TimeTba { .. }, _) => {
            parts.push(date_range(days.first(), days.last()));
            parts.push("time to be announced".to_owned());
        }
        (Schedule::Tentative { label, slot, .. }, _) => {
            parts.push(format!("{label} (tentative)"));
            if let Some(s) = slot {
                parts.push(format!("planned {s} hours"));
                parts.push(zone);
            }
        }
    }
    if let Some(p) = place(m) {
        parts.push(p);
    }
    parts.push(kind_word(m.kind()).to_owned());
    parts.push(
        groups
            .iter()
            .map(|g| g.short_name.as_str())
            .collect::<Vec<_>>()
            .join(" & "),
    );
    parts.join(", ")
}

impl MeetingView {
    pub fn new(tree: &GroupTree, m: &Meeting, now: DateTime<Utc>) -> Self {
        // Pages are public: members-only join details never reach the model.
        let m = &*convene_core::join::for_audience(tree, m, convene_core::Audience::Public);
        let groups: Vec<GroupRef> = m.groups().iter().map(|g| GroupRef::new(tree, g)).collect();
        let title = m.title().to_string();
        let line = secretariat_line(m, &groups);
        let named = groups.iter().all(|g| title.contains(g.short_name.as_str()));
        Self {
            id: m.id().to_string(),
            href: format!("/meetings/{}", m.id()),
            ics: format!("/meetings/{}.ics", m.id()),
            kind: m.kind().label(),
            status: m.status().as_str(),
            cancel_reason: m.cancel_reason().map(|r| r.to_string()),
            joint: groups.len() > 1,
            when: WhenView::new(m),
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
    pub kind: &'static str,
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
pub fn kind_label(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::FocusGroup => "Focus Group",
        GroupKind::WorkingGroup => "Working Group",
        GroupKind::TaskGroup => "Task Group",
    }
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
    pub fn new(tree: &GroupTree, base: &str, g: &Group) -> Self {
        let list = tree.effective_mailing_list(&g.slug);
        let descendants = tree.subtree(&g.slug).len().saturating_sub(1);
        let mut feeds = vec![Subscribe::group(base, g, false)];
        if descendants > 0 {
            feeds.push(Subscribe::group(base, g, true));
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
            kind: kind_label(g.kind),
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
pub fn tree_rows(tree: &GroupTree, base: &str) -> Vec<TreeRow> {
    fn walk(tree: &GroupTree, base: &str, g: &Group, depth: usize, out: &mut Vec<TreeRow>) {
        let kids = sorted_children(tree, &g.slug);
        out.push(TreeRow {
            group: GroupView::new(tree, base, g),
            depth,
            opens: !kids.is_empty(),
            closes: 0,
        });
        let n = kids.len();
        for (i, k) in kids.into_iter().enumerate() {
            walk(tree, base, k, depth + 1, out);
            if i + 1 == n
                && let Some(last) = out.last_mut()
            {
                last.closes += 1;
            }
        }
    }
    let mut out = Vec::new();
    for r in sorted_roots(tree) {
        walk(tree, base, r, 0, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
