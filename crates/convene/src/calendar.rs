//! Stored meetings and deadlines as iCalendar: the one code path behind the
//! feeds (`http/feeds.rs`) and the calendars attached to mails
//! (`mail/compose.rs`), so both give an item the same `UID` and `SEQUENCE`
//! and a mail's invitation updates the event a subscribed calendar shows.

pub mod kept;

use chrono::{DateTime, Utc};
use convene_core::ical::{
    self, CalendarMeta, Event, FeedDeadline, FeedMeeting, Links, WrittenEvent,
};
use convene_core::retention::still_published;
use convene_core::{Audience, DroppedSession, GroupTree, Owner, Status};

use convene_core::i18n::Lang;

use crate::config::Config;
use crate::store::{StoredDeadline, StoredMeeting};

/// The events of `meetings` (each with those of `deadlines` that belong to
/// it in its description) and of `deadlines`. A meeting's deadline is
/// titled after its meeting, looked up in `meetings` and then in `owners`
/// (meetings whose deadlines are shown without showing the meeting).
pub fn events(
    config: &Config,
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    owners: &[StoredMeeting],
) -> Vec<Event> {
    events_as_of(config, tree, meetings, deadlines, owners, None, Lang::En)
}

/// [`events`] with the generated text in `lang` (prefixes, labels, dates,
/// zone names; see [`convene_core::ical::events_in`]).
pub fn events_in(
    config: &Config,
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    owners: &[StoredMeeting],
    lang: Lang,
) -> Vec<Event> {
    events_as_of(config, tree, meetings, deadlines, owners, None, lang)
}

/// The cancelled items a feed still publishes at `as_of`: each meeting with
/// the dropped sessions it keeps, or `None` when the whole meeting has left
/// (see [`convene_core::retention`]). The cancel is taken to be the
/// meeting's last change (a later edit keeps it longer, never shorter).
fn retained(
    config: &Config,
    m: &StoredMeeting,
    as_of: Option<DateTime<Utc>>,
) -> Option<Vec<DroppedSession>> {
    let Some(now) = as_of else {
        return Some(m.dropped.clone());
    };
    let days = config.calendar.cancelled_retention_days;
    let cancelled = m.updated_at;
    if m.meeting.status() == Status::Cancelled
        && !still_published(cancelled, m.meeting.span().end, days, now)
    {
        return None;
    }
    Some(
        m.dropped
            .iter()
            .filter(|d| still_published(cancelled, d.end, days, now))
            .copied()
            .collect(),
    )
}

/// [`events`] as a feed publishes them at `as_of` (`None`: everything, as
/// mails attach them): cancelled meetings and dropped days past their
/// retention left out.
fn events_as_of(
    config: &Config,
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    owners: &[StoredMeeting],
    as_of: Option<DateTime<Utc>>,
    lang: Lang,
) -> Vec<Event> {
    let uid_domain = config.uid_domain();
    let base_url = &config.server.public_url;
    let kept: Vec<(&StoredMeeting, Vec<DroppedSession>)> = meetings
        .iter()
        .filter_map(|m| retained(config, m, as_of).map(|d| (m, d)))
        .collect();
    let feed_meetings: Vec<FeedMeeting<'_>> = kept
        .iter()
        .map(|(m, dropped)| FeedMeeting {
            meeting: &m.meeting,
            version: m.version,
            last_modified: m.updated_at,
            deadlines: deadlines
                .iter()
                .map(|d| &d.deadline)
                .filter(|d| matches!(d.owner(), Owner::Meeting(id) if id == m.meeting.id()))
                .collect(),
            dropped,
        })
        .collect();
    let feed_deadlines: Vec<FeedDeadline<'_>> = deadlines
        .iter()
        .map(|d| {
            let meeting = match d.deadline.owner() {
                Owner::Meeting(id) => meetings.iter().chain(owners).find(|m| m.meeting.id() == id),
                Owner::Group(_) => None,
            };
            FeedDeadline {
                deadline: &d.deadline,
                version: d.version,
                last_modified: d.updated_at,
                meeting_title: meeting.map(|m| m.meeting.title().as_str()),
                groups: match (meeting, d.deadline.owner()) {
                    (Some(m), _) => m.meeting.groups().to_vec(),
                    (None, Owner::Group(g)) => vec![g.clone()],
                    (None, Owner::Meeting(_)) => vec![],
                },
            }
        })
        .collect();
    let links = Links {
        base_url,
        uid_domain: &uid_domain,
    };
    ical::events_in(tree, &links, &feed_meetings, &feed_deadlines, lang)
}

/// A whole `VCALENDAR` named `name` with `METHOD:PUBLISH` (feeds, and mails
/// to lists: RFC 6047 says PUBLISH, not REQUEST, when nobody is asked to
/// reply).
pub fn render_events(config: &Config, name: &str, events: &[Event]) -> String {
    ical::render(&published(config, name), events)
}

/// A calendar named `name` with `METHOD:PUBLISH`, refreshed as configured.
fn published<'a>(config: &Config, name: &'a str) -> CalendarMeta<'a> {
    CalendarMeta {
        name,
        description: None,
        refresh_minutes: config.calendar.refresh_minutes,
        method: "PUBLISH",
    }
}

/// A public feed: [`events`] of `meetings` and `deadlines` as published at
/// `as_of` (cancelled items past their retention left out), rendered as one
/// calendar, with members-only join details withheld.
pub fn render_feed(
    config: &Config,
    tree: &GroupTree,
    name: &str,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    as_of: DateTime<Utc>,
    lang: Lang,
) -> String {
    render_feed_for(
        config,
        tree,
        name,
        meetings,
        deadlines,
        as_of,
        Audience::Public,
        lang,
    )
}

/// One meeting's events in a public feed at `as_of`, written on their own
/// (what [`kept::KeptEvents`] keeps): the meeting's, as retention still
/// publishes them, then those of `deadlines` (its own, by closing time).
/// Assembled by [`render_written`], the same bytes as [`render_feed`].
pub fn write_meeting(
    config: &Config,
    tree: &GroupTree,
    m: &StoredMeeting,
    deadlines: &[&StoredDeadline],
    as_of: DateTime<Utc>,
    lang: Lang,
) -> Vec<WrittenEvent> {
    let meetings = for_audience(tree, std::slice::from_ref(m), Audience::Public);
    let deadlines: Vec<StoredDeadline> = deadlines.iter().map(|d| (*d).clone()).collect();
    let events = events_as_of(config, tree, &meetings, &deadlines, &[], Some(as_of), lang);
    ical::write_events(&events)
}

/// Groups' own deadlines in a public feed, written on their own (see
/// [`write_meeting`]).
pub fn write_group_deadlines(
    config: &Config,
    tree: &GroupTree,
    deadlines: &[StoredDeadline],
    lang: Lang,
) -> Vec<WrittenEvent> {
    let events = events_as_of(config, tree, &[], deadlines, &[], None, lang);
    ical::write_events(&events)
}

/// A public feed named `name` of written events, in calendar order.
pub fn render_written(config: &Config, name: &str, events: &mut [&WrittenEvent]) -> String {
    ical::render_written(&published(config, name), events)
}

/// [`render_feed`] for `audience`: private feeds pass
/// [`Audience::Members`] and get the join details.
// Who reads it and in which language are the feed's two views of the
// same items; a struct for them would only be unpacked here.
#[allow(clippy::too_many_arguments)]
pub fn render_feed_for(
    config: &Config,
    tree: &GroupTree,
    name: &str,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    as_of: DateTime<Utc>,
    audience: Audience,
    lang: Lang,
) -> String {
    let meetings = for_audience(tree, meetings, audience);
    let events = events_as_of(config, tree, &meetings, deadlines, &[], Some(as_of), lang);
    render_events(config, name, &events)
}

/// The stored meetings as `audience` may read them
/// ([`convene_core::join::for_audience`]).
pub fn for_audience(
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    audience: Audience,
) -> Vec<StoredMeeting> {
    // One copy of each meeting: the withheld one, or the meeting as it is.
    meetings
        .iter()
        .map(
            |m| match convene_core::join::for_audience(tree, &m.meeting, audience) {
                std::borrow::Cow::Owned(meeting) => StoredMeeting {
                    meeting,
                    version: m.version,
                    updated_at: m.updated_at,
                    dropped: m.dropped.clone(),
                },
                std::borrow::Cow::Borrowed(_) => m.clone(),
            },
        )
        .collect()
}

/// [`events`] of `meetings` and `deadlines`, rendered as one calendar.
pub fn render(
    config: &Config,
    tree: &GroupTree,
    name: &str,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
) -> String {
    render_events(
        config,
        name,
        &events(config, tree, meetings, deadlines, &[]),
    )
}
