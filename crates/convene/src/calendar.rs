//! Stored meetings and deadlines as iCalendar: the one code path behind the
//! feeds (`http/feeds.rs`) and the calendars attached to mails
//! (`mail/compose.rs`), so both give an item the same `UID` and `SEQUENCE`
//! and a mail's invitation updates the event a subscribed calendar shows.

use convene_core::GroupTree;
use convene_core::Owner;
use convene_core::ical::{self, CalendarMeta, Event, FeedDeadline, FeedMeeting, Links};

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
    let uid_domain = config.uid_domain();
    let base_url = &config.server.public_url;
    let feed_meetings: Vec<FeedMeeting<'_>> = meetings
        .iter()
        .map(|m| FeedMeeting {
            meeting: &m.meeting,
            version: m.version,
            last_modified: m.updated_at,
            deadlines: deadlines
                .iter()
                .map(|d| &d.deadline)
                .filter(|d| matches!(d.owner(), Owner::Meeting(id) if id == m.meeting.id()))
                .collect(),
            dropped: &m.dropped,
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
    ical::events(tree, &links, &feed_meetings, &feed_deadlines)
}

/// A whole `VCALENDAR` named `name` with `METHOD:PUBLISH` (feeds, and mails
/// to lists: RFC 6047 says PUBLISH, not REQUEST, when nobody is asked to
/// reply).
pub fn render_events(config: &Config, name: &str, events: &[Event]) -> String {
    let meta = CalendarMeta {
        name,
        description: None,
        refresh_minutes: config.calendar.refresh_minutes,
        method: "PUBLISH",
    };
    ical::render(&meta, events)
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
