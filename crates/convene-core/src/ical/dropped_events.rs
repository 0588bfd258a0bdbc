//! The cancelled events of the daily sessions a meeting no longer has
//! (see [`crate::dropped_sessions`]): each under the UID its day had.

use crate::dropped::{DroppedSession, published_days};
use crate::meeting::Meeting;

use super::event::{
    Event, FeedMeeting, GroupText, Links, When, day_uid, location, long_date, titled, zone_label,
};

/// The description of a dropped session: what it was, that it is off, and
/// where the meeting is now. Its time is shown in the meeting's zone, as
/// the live sessions are, and in UTC.
fn dropped_description(
    g: &GroupText,
    links: &Links<'_>,
    m: &Meeting,
    d: &DroppedSession,
) -> String {
    let zone = m.zone();
    let (start, end) = (d.start.with_timezone(&zone), d.end.with_timezone(&zone));
    if !g.say.en() {
        return super::described::dropped(g, links, m, d);
    }
    format!(
        "{} of {}\nCANCELLED: day {} is no longer part of this meeting\n\
         Was: {}, {}-{} {} ({}) = {}-{} UTC\n\nDetails: {}/meetings/{}",
        m.kind().label(),
        g.described,
        d.day,
        long_date(start.date_naive()),
        super::writer::hh_mm(start),
        super::writer::hh_mm(end),
        zone_label(zone),
        zone.name(),
        super::writer::hh_mm(d.start),
        super::writer::hh_mm(d.end),
        links.base_url,
        m.id()
    )
}

/// Pushes a cancelled event for each session `f` dropped that its meeting
/// does not publish again, with the UID the day had, at its old time, and
/// the meeting's current SEQUENCE, so that it replaces the event calendars
/// imported. Like the meeting's own events when it is cancelled, the
/// summary says "Cancelled: "; it keeps no one busy.
pub(super) fn dropped_events(
    g: &GroupText,
    links: &Links<'_>,
    f: &FeedMeeting<'_>,
    out: &mut Vec<Event>,
) {
    let m = f.meeting;
    let live = published_days(m);
    let mut seen: Vec<u32> = Vec::with_capacity(f.dropped.len());
    for d in f.dropped {
        // A day the meeting publishes would get its UID twice; so would a
        // repeated day.
        if d.day <= live || seen.contains(&d.day) {
            continue;
        }
        seen.push(d.day);
        out.push(Event {
            uid: day_uid(m.id(), d.day, links.uid_domain),
            sequence: f.version - 1,
            last_modified: f.last_modified,
            when: When::Utc {
                start: d.start,
                end: d.end,
            },
            summary: {
                let title = titled(g, m);
                let day = d.day.to_string();
                g.say.many(
                    "feed-dropped-day",
                    &[("title", &title), ("day", &day)],
                    || format!("Cancelled: {title} (day {day})"),
                )
            },
            description: dropped_description(g, links, m, d),
            location: location(m),
            url: Some(format!("{}/meetings/{}", links.base_url, m.id())),
            categories: vec![g.say.kind(m.kind())],
            status: "CANCELLED",
            transparent: true,
            starts: d.start,
            recur: None,
            recurrence_id: None,
        });
    }
}
