//! The rendering model and the rendered bytes, on the seed.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::{Catalog, Deadline, GroupSlug, ItemId, Meeting, Owner, parse_schedule};

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
            dropped: &[],
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
            dropped: &[],
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

#[test]
fn written_events_assemble_into_the_same_bytes_in_any_order() {
    let c = seed();
    let meta = CalendarMeta {
        name: "FG-MV",
        description: None,
        refresh_minutes: 60,
        method: "PUBLISH",
    };
    for slug in ["fg-mv", "wg5", "wg1"] {
        let events = group_events(&c, slug);
        let whole = render(&meta, &events);
        // Written one by one and handed over in reverse (a feed gathers
        // them item by item): sorted back, the very same calendar.
        let written = super::write_events(&events);
        let mut parts: Vec<&super::WrittenEvent> = written.iter().rev().collect();
        assert_eq!(super::render_written(&meta, &mut parts), whole, "{slug}");
    }
}

/// WG5's e-meeting of the seed, 09:00-12:00 Geneva time from 7 September
/// 2023 until `until`, and `f` applied to its input.
fn wg5_until(c: &Catalog, until: &str, f: impl FnOnce(&mut crate::MeetingInput)) -> Meeting {
    let m = c
        .meeting(&ItemId::parse("wg5-2023-09-07").expect("id"))
        .expect("wg5");
    let mut input = m.to_input();
    input.until = Some(until.into());
    f(&mut input);
    input.validate(&Default::default()).expect("valid")
}

fn calendar_of(
    meetings: &[FeedMeeting<'_>],
) -> (String, ical::parser::ical::component::IcalCalendar) {
    let meta = CalendarMeta {
        name: "WG5 - Interoperability",
        description: None,
        refresh_minutes: 60,
        method: "PUBLISH",
    };
    let out = render(&meta, &events(seed().tree(), &LINKS, meetings, &[]));
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(out.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("parses as iCalendar");
    assert!(parser.next().is_none(), "exactly one calendar");
    (out, cal)
}

/// A property's value and its parameters as `NAME=VALUE`.
fn prop(e: &ical::parser::ical::component::IcalEvent, name: &str) -> (String, Vec<String>) {
    let p = e
        .properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name}"));
    let params = p
        .params
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.join(",")))
        .collect();
    (p.value.clone().unwrap_or_default(), params)
}

fn value(e: &ical::parser::ical::component::IcalEvent, name: &str) -> String {
    prop(e, name).0
}

#[test]
fn shortened_meeting_cancels_its_dropped_days_under_their_uids() {
    let c = seed();
    let four = wg5_until(&c, "2023-09-10", |_| {});
    let two = wg5_until(&c, "2023-09-08", |_| {});
    let dropped = crate::dropped_sessions(&four, &two, &[]);
    let changed: DateTime<Utc> = "2023-08-01T12:00:00Z".parse().expect("instant");
    // What subscribers imported: version 1, four days.
    let (_, before) = calendar_of(&[FeedMeeting {
        meeting: &four,
        version: 1,
        last_modified: t0(),
        deadlines: vec![],
        dropped: &[],
    }]);
    // After the edit: version 2, two days, and days 3 and 4 cancelled.
    let shortened = [FeedMeeting {
        meeting: &two,
        version: 2,
        last_modified: changed,
        deadlines: vec![],
        dropped: &dropped,
    }];
    let (out, after) = calendar_of(&shortened);
    // The descriptions, before folding (the parser trims the lines it
    // unfolds, so it loses a space at a fold).
    let model = events(c.tree(), &LINKS, &shortened, &[]);
    let uids = |cal: &ical::parser::ical::component::IcalCalendar| -> Vec<String> {
        cal.events.iter().map(|e| value(e, "UID")).collect()
    };
    assert_eq!(
        uids(&before),
        uids(&after),
        "every UID imported is still there"
    );
    assert_eq!(
        uids(&after)[2..],
        [
            "wg5-2023-09-07-day3@convene.example.org",
            "wg5-2023-09-07-day4@convene.example.org"
        ]
    );
    for (day, (old, new)) in before.events.iter().zip(&after.events).enumerate() {
        let day = day + 1;
        assert_eq!(value(new, "SEQUENCE"), "1", "day {day}");
        assert_eq!(value(new, "DTSTAMP"), "20230801T120000Z", "day {day}");
        assert_eq!(value(new, "LAST-MODIFIED"), "20230801T120000Z", "day {day}");
        if day <= 2 {
            assert_eq!(value(new, "STATUS"), "CONFIRMED", "day {day}");
            continue;
        }
        assert_eq!(value(old, "SEQUENCE"), "0");
        assert_eq!(value(new, "STATUS"), "CANCELLED", "day {day}");
        // Where it was: the same instants, now in UTC.
        let date = 6 + day;
        assert_eq!(
            prop(old, "DTSTART"),
            (
                format!("202309{date:02}T090000"),
                vec!["TZID=Europe/Zurich".to_owned()]
            )
        );
        assert_eq!(
            prop(new, "DTSTART"),
            (format!("202309{date:02}T070000Z"), vec![])
        );
        assert_eq!(
            prop(new, "DTEND"),
            (format!("202309{date:02}T100000Z"), vec![])
        );
        assert_eq!(
            value(new, "SUMMARY"),
            format!("Cancelled: WG5 e-meeting (day {day})")
        );
        assert_eq!(value(new, "TRANSP"), "TRANSPARENT");
        let description = &model[day - 1].description;
        assert!(
            description.contains(&format!(
                "\nCANCELLED: day {day} is no longer part of this meeting\n\
                 Was: {date} September 2023, 09:00-12:00 Geneva time (Europe/Zurich) \
                 = 07:00-10:00 UTC\n"
            )),
            "{description}"
        );
    }
    // The live days keep their zone; the UTC events need none.
    assert_eq!(after.timezones.len(), 1);
    assert_eq!(out.matches("TZID:Europe/Zurich\r\n").count(), 1);
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
}

#[test]
fn dropped_days_in_utc_alone_need_no_vtimezone() {
    // Three timed days become whole days: one all-day event, days 2 and 3
    // cancelled in UTC, and no TZID anywhere.
    let c = seed();
    let three = wg5_until(&c, "2023-09-09", |_| {});
    let all_day = wg5_until(&c, "2023-09-09", |i| {
        i.start = None;
        i.end = None;
        i.all_day = Some(true);
    });
    let dropped = crate::dropped_sessions(&three, &all_day, &[]);
    let (out, cal) = calendar_of(&[FeedMeeting {
        meeting: &all_day,
        version: 4,
        last_modified: t0(),
        deadlines: vec![],
        dropped: &dropped,
    }]);
    assert!(cal.timezones.is_empty());
    assert!(!out.contains("TZID"));
    let got: Vec<(String, String, String, String)> = cal
        .events
        .iter()
        .map(|e| {
            (
                value(e, "UID"),
                value(e, "STATUS"),
                value(e, "SEQUENCE"),
                value(e, "DTSTART"),
            )
        })
        .collect();
    let row = |uid: &str, status: &str, start: &str| {
        (
            format!("{uid}@convene.example.org"),
            status.to_owned(),
            "3".to_owned(),
            start.to_owned(),
        )
    };
    assert_eq!(
        got,
        [
            row("wg5-2023-09-07", "CONFIRMED", "20230907"),
            row("wg5-2023-09-07-day2", "CANCELLED", "20230908T070000Z"),
            row("wg5-2023-09-07-day3", "CANCELLED", "20230909T070000Z"),
        ]
    );
}

#[test]
fn dropped_days_that_are_live_or_repeated_are_not_published_twice() {
    let c = seed();
    let three = wg5_until(&c, "2023-09-09", |_| {});
    let stale = |day: u32| crate::DroppedSession {
        day,
        start: "2023-09-20T07:00:00Z".parse().expect("instant"),
        end: "2023-09-20T10:00:00Z".parse().expect("instant"),
    };
    let ev = events(
        c.tree(),
        &LINKS,
        &[FeedMeeting {
            meeting: &three,
            version: 2,
            last_modified: t0(),
            deadlines: vec![],
            dropped: &[stale(0), stale(1), stale(3), stale(4), stale(4)],
        }],
        &[],
    );
    let uids: Vec<&str> = ev.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(
        uids,
        [
            "wg5-2023-09-07@convene.example.org",
            "wg5-2023-09-07-day2@convene.example.org",
            "wg5-2023-09-07-day3@convene.example.org",
            "wg5-2023-09-07-day4@convene.example.org",
        ]
    );
    assert_eq!(ev[2].status, "CONFIRMED");
    assert_eq!(ev[3].status, "CANCELLED");
}

#[test]
fn a_cancelled_meeting_keeps_its_dropped_days_cancelled() {
    let c = seed();
    let four = wg5_until(&c, "2023-09-10", |_| {});
    let two = wg5_until(&c, "2023-09-08", |_| {});
    let dropped = crate::dropped_sessions(&four, &two, &[]);
    let cancelled = wg5_until(&c, "2023-09-08", |i| {
        i.status = Some("cancelled".into());
    });
    let dropped = crate::dropped_sessions(&two, &cancelled, &dropped);
    let ev = events(
        c.tree(),
        &LINKS,
        &[FeedMeeting {
            meeting: &cancelled,
            version: 3,
            last_modified: t0(),
            deadlines: vec![],
            dropped: &dropped,
        }],
        &[],
    );
    let got: Vec<(&str, &str, i64)> = ev
        .iter()
        .map(|e| (e.summary.as_str(), e.status, e.sequence))
        .collect();
    assert_eq!(
        got,
        [
            ("Cancelled: WG5 e-meeting (day 1 of 2)", "CANCELLED", 2),
            ("Cancelled: WG5 e-meeting (day 2 of 2)", "CANCELLED", 2),
            ("Cancelled: WG5 e-meeting (day 3)", "CANCELLED", 2),
            ("Cancelled: WG5 e-meeting (day 4)", "CANCELLED", 2),
        ]
    );
}
