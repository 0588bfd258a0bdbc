//! The rendering model and the rendered bytes, on the seed.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::{Catalog, Deadline, GroupSlug, ItemId, Owner, parse_schedule};

const SEED: &str = include_str!("../../../../data/fg-mv-2023.toml");

fn seed() -> Catalog {
    parse_schedule(SEED).expect("seed")
}

fn t0() -> DateTime<Utc> {
    "2023-06-01T08:00:00Z".parse().expect("instant")
}

const LINKS: Links<'static> = Links {
    base_url: "https://convene.example.org",
    uid_domain: "convene.example.org",
};

/// The events of one group's feed (meetings of the group, their deadlines).
fn group_events(c: &Catalog, slug: &str) -> Vec<Event> {
    let slug = GroupSlug::parse(slug).expect("slug");
    let meetings: Vec<FeedMeeting<'_>> = c
        .meetings_of(&slug, false, None)
        .into_iter()
        .map(|m| FeedMeeting {
            meeting: m,
            version: 1,
            last_modified: t0(),
            deadlines: c.deadlines_of(m.id()),
        })
        .collect();
    let deadlines: Vec<FeedDeadline<'_>> = c
        .deadlines()
        .iter()
        .filter(|d| match d.owner() {
            Owner::Meeting(id) => meetings.iter().any(|m| m.meeting.id() == id),
            Owner::Group(g) => g == &slug,
        })
        .map(|d| feed_deadline(c, d))
        .collect();
    events(c.tree(), &LINKS, &meetings, &deadlines)
}

fn feed_deadline<'a>(c: &'a Catalog, d: &'a Deadline) -> FeedDeadline<'a> {
    FeedDeadline {
        deadline: d,
        version: 1,
        last_modified: t0(),
        meeting_title: match d.owner() {
            Owner::Meeting(id) => c.meeting(id).map(|m| m.title().as_str()),
            Owner::Group(_) => None,
        },
        groups: c.deadline_groups(d).to_vec(),
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn local(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("local")
}

#[test]
fn wg5_feed_model() {
    let c = seed();
    let ev = group_events(&c, "wg5");
    let summary: Vec<(&str, &str, &str)> = ev
        .iter()
        .map(|e| (e.uid.as_str(), e.summary.as_str(), e.status))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "wg3-wg5-2023-09-07@convene.example.org",
                "WG3 & WG5 joint e-meeting",
                "CONFIRMED"
            ),
            (
                "wg5-2023-09-07@convene.example.org",
                "WG5 e-meeting (day 1 of 2)",
                "CONFIRMED"
            ),
            (
                "wg5-2023-09-07-day2@convene.example.org",
                "WG5 e-meeting (day 2 of 2)",
                "CONFIRMED"
            ),
            (
                "wg5-2023-11-window@convene.example.org",
                "WG5 e-meeting, November 2023, planned 09:00-12:00 Geneva time (tentative)",
                "TENTATIVE"
            ),
        ]
    );
    assert_eq!(
        ev[1].when,
        When::Local {
            zone: chrono_tz::Europe::Zurich,
            start: local("2023-09-07 09:00"),
            end: Some(local("2023-09-07 12:00")),
        }
    );
    assert!(!ev[1].transparent);
    // Tentative window: all-day over the window, transparent.
    assert_eq!(
        ev[3].when,
        When::Date {
            first: date("2023-11-01"),
            end_exclusive: date("2023-12-01")
        }
    );
    assert!(ev[3].transparent);
    assert!(
        ev[1]
            .description
            .contains("Remote participation: https://remote.itu.int/")
    );
    assert!(
        ev[1]
            .description
            .contains("Mailing list: fgmv-wg5@lists.itu.int")
    );
    assert!(
        ev[0]
            .description
            .contains("Mailing list: fgmv-wg3@lists.itu.int, fgmv-wg5@lists.itu.int")
    );
    assert!(
        ev[1].description.contains(
            "When: 8 September 2023, 09:00-12:00 Geneva time (Europe/Zurich) = 07:00-10:00 UTC"
        ),
        "{}",
        ev[1].description
    );
    assert_eq!(ev[1].categories, ["E-meeting"]);
    assert_eq!(
        ev[1].url.as_deref(),
        Some("https://convene.example.org/meetings/wg5-2023-09-07")
    );
}

#[test]
fn fg_feed_has_the_physical_meeting_and_its_deadlines() {
    let c = seed();
    let ev = group_events(&c, "fg-mv");
    let shanghai = ev
        .iter()
        .find(|e| e.uid.starts_with("fgmv-2@"))
        .expect("2nd meeting");
    assert_eq!(
        shanghai.when,
        When::Date {
            first: date("2023-07-04"),
            end_exclusive: date("2023-07-07")
        }
    );
    assert_eq!(
        shanghai.location.as_deref(),
        Some("Zhangjiang Science Hall, Shanghai, China")
    );
    assert!(shanghai.description.contains("- Visa support letter requests: 20 June 2023 (Asia/Shanghai); send to jjajun.yao@sh-aia.com"));
    let visa = ev
        .iter()
        .find(|e| e.uid == "deadline-fgmv-2-visa@convene.example.org")
        .expect("visa");
    assert_eq!(
        visa.summary,
        "Deadline: Visa support letter requests for 2nd FG-MV meeting"
    );
    assert_eq!(
        visa.when,
        When::Date {
            first: date("2023-06-20"),
            end_exclusive: date("2023-06-21")
        }
    );
    assert!(visa.transparent);
    let contrib = ev
        .iter()
        .find(|e| e.uid == "deadline-fgmv-2-contribution@convene.example.org")
        .expect("contribution");
    assert!(contrib.description.contains("send to tsbfgmv@itu.int"));
    // The special session without a time: an all-day event, said so.
    let riga = ev
        .iter()
        .find(|e| e.uid.starts_with("fgmv-special-session-riga@"))
        .expect("riga");
    assert_eq!(
        riga.summary,
        "Special session on FG-MV (time to be announced)"
    );
    assert_eq!(
        riga.when,
        When::Date {
            first: date("2023-10-18"),
            end_exclusive: date("2023-10-19")
        }
    );
}

#[test]
fn cancelled_meetings_stay_marked_with_a_bumped_sequence() {
    let c = seed();
    let m = c
        .meeting(&ItemId::parse("wg4-2023-08-28").expect("id"))
        .expect("wg4");
    let mut input = m.to_input();
    input.status = Some("cancelled".into());
    input.cancel_reason = Some("Chair unavailable".into());
    let cancelled = input.validate(&Default::default()).expect("valid");
    let ev = events(
        c.tree(),
        &LINKS,
        &[FeedMeeting {
            meeting: &cancelled,
            version: 3,
            last_modified: t0(),
            deadlines: vec![],
        }],
        &[],
    );
    assert_eq!(ev[0].status, "CANCELLED");
    assert_eq!(ev[0].sequence, 2);
    assert_eq!(ev[0].summary, "Cancelled: WG4 e-meeting");
    assert!(ev[0].description.contains("CANCELLED: Chair unavailable"));
}

fn render_group(c: &Catalog, slug: &str) -> String {
    let meta = CalendarMeta {
        name: "WG5 - Interoperability",
        description: None,
        refresh_minutes: 60,
        method: "PUBLISH",
    };
    render(&meta, &group_events(c, slug))
}

#[test]
fn rendered_feed_is_well_formed_and_byte_stable() {
    let c = seed();
    let out = render_group(&c, "wg5");
    assert_eq!(out, render_group(&c, "wg5"), "same data, same bytes");
    assert!(out.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//convene//convene "));
    for needle in [
        "CALSCALE:GREGORIAN\r\n",
        "METHOD:PUBLISH\r\n",
        "NAME:WG5 - Interoperability\r\n",
        "X-WR-CALNAME:WG5 - Interoperability\r\n",
        "REFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n",
        "X-PUBLISHED-TTL:PT60M\r\n",
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n",
        "DTSTART;TZID=Europe/Zurich:20230907T090000\r\nDTEND;TZID=Europe/Zurich:20230907T120000\r\n",
        "DTSTART;VALUE=DATE:20231101\r\nDTEND;VALUE=DATE:20231201\r\n",
        "STATUS:TENTATIVE\r\nTRANSP:TRANSPARENT\r\n",
        "DTSTAMP:20230601T080000Z\r\n",
        "SEQUENCE:0\r\n",
        "CATEGORIES:E-meeting\r\n",
    ] {
        assert!(out.contains(needle), "missing {needle:?}");
    }
    assert!(out.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(out.matches("BEGIN:VEVENT").count(), 4);
    assert_eq!(out.matches("BEGIN:VTIMEZONE").count(), 1);
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\r') && !line.contains('\n'));
    }
    // The feed of the FG names every zone it uses, once each.
    let fg = render_group(&c, "fg-mv");
    for tz in ["America/New_York", "Europe/Zurich"] {
        assert_eq!(fg.matches(&format!("TZID:{tz}\r\n")).count(), 1, "{tz}");
    }
    // Only timed events need zones: the Shanghai and Riyadh items are all-day.
    assert!(!fg.contains("TZID:Asia/Shanghai"));
    assert!(!fg.contains("TZID:Asia/Riyadh"));
}
