//! Dates are bounded to the years 1900..=2200, so that everything derived
//! from them (UTC instants, calendar feeds) is writable with four-digit
//! years, even where a zone's offset pushes an instant into 1899 or 2201.

use chrono::{DateTime, Utc};
use convene_core::ical::{CalendarMeta, FeedDeadline, FeedMeeting, Links, events, render};
use convene_core::{FileError, MAX_YEAR, MIN_YEAR, parse_schedule};

const EDGES: &str = r#"
[[groups]]
slug = "fg-mv"
name = "Focus Group on metaverse"
kind = "focus-group"

[[meetings]]
id = "last-evening"
title = "The last evening of the range, west of everyone"
groups = ["fg-mv"]
kind = "e-meeting"
zone = "Etc/GMT+12"
date = "2200-12-31"
start = "22:00"
end = "23:00"

[[meetings]]
id = "first-morning"
title = "The first morning of the range, east of everyone"
groups = ["fg-mv"]
kind = "e-meeting"
zone = "Pacific/Kiritimati"
date = "1900-01-01"
start = "00:00"
end = "01:00"

[[meetings]]
id = "last-days"
title = "Whole days to the end of the range"
groups = ["fg-mv"]
kind = "forum"
zone = "Etc/GMT+12"
date = "2200-12-30"
until = "2200-12-31"
all_day = true

[[deadlines]]
id = "last-call"
group = "fg-mv"
kind = "other"
zone = "Etc/GMT+12"
date = "2200-12-31"
time = "23:59"
"#;

#[test]
fn the_constants_are_the_documented_range() {
    assert_eq!((MIN_YEAR, MAX_YEAR), (1900, 2200));
}

#[test]
fn the_ends_of_the_range_render_with_four_digit_years() {
    let c = parse_schedule(EDGES).expect("the ends of the range are accepted");
    let t0: DateTime<Utc> = "2023-06-01T00:00:00Z".parse().expect("instant");
    let meetings: Vec<FeedMeeting<'_>> = c
        .meetings()
        .iter()
        .map(|m| FeedMeeting {
            meeting: m,
            version: 1,
            last_modified: t0,
            deadlines: vec![],
            dropped: &[],
        })
        .collect();
    let deadlines: Vec<FeedDeadline<'_>> = c
        .deadlines()
        .iter()
        .map(|d| FeedDeadline {
            deadline: d,
            version: 1,
            last_modified: t0,
            meeting_title: None,
            groups: c.deadline_groups(d).to_vec(),
        })
        .collect();
    let links = Links {
        base_url: "https://convene.example.org",
        uid_domain: "convene.example.org",
    };
    let meta = CalendarMeta {
        name: "Edges",
        description: None,
        refresh_minutes: 60,
        method: "PUBLISH",
    };
    let out = render(&meta, &events(c.tree(), &links, &meetings, &deadlines));
    let mut stamps = 0;
    for line in out.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.split(';').next().unwrap_or(name);
        if ![
            "DTSTART",
            "DTEND",
            "DUE",
            "RDATE",
            "DTSTAMP",
            "LAST-MODIFIED",
        ]
        .contains(&name)
        {
            continue;
        }
        stamps += 1;
        let date = value.get(..8).unwrap_or("");
        assert!(
            date.bytes().all(|b| b.is_ascii_digit())
                && value
                    .get(8..)
                    .is_none_or(|r| r.is_empty() || r.starts_with('T')),
            "not a four-digit-year date: {line:?}\n{out}"
        );
        let year: i32 = date[..4].parse().expect("year");
        assert!((1899..=2201).contains(&year), "{line:?}");
    }
    assert!(stamps > 6, "{out}");
    // The meeting kept its local day and time; its UTC end is in 2201.
    assert!(
        out.contains("DTSTART;TZID=Etc/GMT+12:22001231T220000\r\n"),
        "{out}"
    );
}

#[test]
fn year_zero_in_a_file_is_refused_before_it_reaches_a_feed() {
    let broken = EDGES.replace("date = \"1900-01-01\"", "date = \"0000-01-01\"");
    let e = parse_schedule(&broken).expect_err("year 0");
    let FileError::Invalid(problems) = &e else {
        panic!("not an item problem: {e}");
    };
    assert_eq!(problems.len(), 1, "{e}");
    assert_eq!(problems[0].errors.0[0].field, "date");
    assert_eq!(
        problems[0].errors.0[0].message,
        "\"0000-01-01\" is out of range: the year must be between 1900 and 2200"
    );
    let broken = EDGES.replace("date = \"2200-12-31\"\ntime", "date = \"9999-12-31\"\ntime");
    let e = parse_schedule(&broken).expect_err("year 9999").to_string();
    assert!(
        e.contains("deadline \"last-call\": field `date`: \"9999-12-31\" is out of range"),
        "{e}"
    );
}
