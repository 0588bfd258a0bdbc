//! A series as published: one VEVENT with RRULE, EXDATE for the cancelled
//! occurrence, an override with RECURRENCE-ID for the moved one.

use chrono::{DateTime, Utc};

use crate::ical::{CalendarMeta, FeedMeeting, Links, events, render};
use crate::meeting::{Defaults, ExceptionInput, Meeting, MeetingInput};
use crate::parse_schedule;

const SEED: &str = include_str!("../../../../../data/fg-mv-2023.toml");

const LINKS: Links<'static> = Links {
    base_url: "https://convene.example.org",
    uid_domain: "convene.example.org",
};

fn series(rule: &str) -> Meeting {
    let mut i = MeetingInput {
        id: Some("tg-series".into()),
        title: Some("TG e-meeting".into()),
        groups: vec!["wg5".into()],
        kind: Some("e-meeting".into()),
        date: Some("2023-09-05".into()),
        start: Some("14:00".into()),
        end: Some("15:00".into()),
        recurrence: Some(rule.into()),
        ..MeetingInput::default()
    };
    i.exceptions.insert(
        "2023-10-17".into(),
        ExceptionInput {
            date: Some("2023-10-19".into()),
            start: Some("10:00".into()),
            end: Some("11:30".into()),
            ..ExceptionInput::default()
        },
    );
    i.exceptions.insert(
        "2023-11-14".into(),
        ExceptionInput {
            cancelled: Some(true),
            reason: Some("TSAG week".into()),
            ..ExceptionInput::default()
        },
    );
    i.validate(&Defaults::default()).expect("valid series")
}

fn text(m: &Meeting, version: i64) -> String {
    let c = parse_schedule(SEED).expect("seed");
    let t: DateTime<Utc> = "2023-08-01T08:00:00Z".parse().expect("t");
    let f = FeedMeeting {
        meeting: m,
        version,
        last_modified: t,
        deadlines: Vec::new(),
        dropped: &[],
    };
    let ev = events(c.tree(), &LINKS, &[f], &[]);
    let meta = CalendarMeta {
        name: "test",
        description: None,
        refresh_minutes: 60,
        method: "PUBLISH",
    };
    render(&meta, &ev)
}

/// The lines of the events (not of the VTIMEZONE) starting with `prefix`.
fn lines(text: &str, prefix: &str) -> Vec<String> {
    let events = text.find("BEGIN:VEVENT").map_or("", |i| &text[i..]);
    events
        .lines()
        .filter(|l| l.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}

#[test]
fn one_master_an_exdate_and_an_override() {
    let m = series("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231219");
    let t = text(&m, 3);
    assert_eq!(lines(&t, "BEGIN:VEVENT").len(), 2);
    assert_eq!(
        lines(&t, "UID:"),
        [
            "UID:tg-series@convene.example.org",
            "UID:tg-series@convene.example.org"
        ]
    );
    assert_eq!(lines(&t, "SEQUENCE:"), ["SEQUENCE:2", "SEQUENCE:2"]);
    assert_eq!(
        lines(&t, "DTSTART;"),
        [
            "DTSTART;TZID=Europe/Zurich:20230905T140000",
            "DTSTART;TZID=Europe/Zurich:20231019T100000"
        ]
    );
    // UNTIL is the last occurrence's start in UTC (12 December, winter).
    assert_eq!(
        lines(&t, "RRULE:"),
        ["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231212T130000Z"]
    );
    assert_eq!(
        lines(&t, "EXDATE"),
        ["EXDATE;TZID=Europe/Zurich:20231114T140000"]
    );
    assert_eq!(
        lines(&t, "RECURRENCE-ID"),
        ["RECURRENCE-ID;TZID=Europe/Zurich:20231017T140000"]
    );
    assert_eq!(t.matches("BEGIN:VTIMEZONE").count(), 1);
    let t = t.replace("\r\n ", "");
    assert!(t.contains("Cancelled: 14 November 2023 (TSAG week)"), "{t}");
    assert!(
        t.contains(
            "every second Tuesday\\, 14:00-15:00 hours\\, Geneva time\\, from 5 September 2023"
        ),
        "{t}"
    );
}

#[test]
fn count_is_published_as_given() {
    let m = series("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=8");
    assert_eq!(
        lines(&text(&m, 1), "RRULE:"),
        ["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=8"]
    );
}

#[test]
fn rules_outlook_cannot_hold_are_one_event_per_occurrence() {
    let mut i = series("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=8").to_input();
    i.recurrence = Some("FREQ=MONTHLY;BYDAY=1TU,3TU;COUNT=4".into());
    i.exceptions.clear();
    i.exceptions.insert(
        "2023-09-19".into(),
        ExceptionInput {
            cancelled: Some(true),
            ..ExceptionInput::default()
        },
    );
    let m = i.validate(&Defaults::default()).expect("valid");
    let t = text(&m, 1);
    assert!(lines(&t, "RRULE").is_empty());
    assert_eq!(
        lines(&t, "UID:"),
        [
            "UID:tg-series-20230905@convene.example.org",
            "UID:tg-series-20230919@convene.example.org",
            "UID:tg-series-20231003@convene.example.org",
            "UID:tg-series-20231017@convene.example.org"
        ]
    );
    assert_eq!(
        lines(&t, "STATUS:"),
        [
            "STATUS:CONFIRMED",
            "STATUS:CANCELLED",
            "STATUS:CONFIRMED",
            "STATUS:CONFIRMED"
        ]
    );
}
