//! The calendar writer's output, byte for byte: the seed (every kind of
//! meeting and deadline, with a dropped session) and meetings with text
//! that must be escaped and folded, rendered and compared with a file
//! written by the writer before it was optimised. Any change to the bytes
//! a feed serves shows here; when one is meant, write the file again with
//! `CONVENE_WRITE_GOLDEN=1 cargo test -p convene-core --test render_bytes`.

use chrono::{DateTime, Days, NaiveDate, Utc};
use convene_core::ical::{self, CalendarMeta, FeedDeadline, FeedMeeting, Links};
use convene_core::{DroppedSession, Meeting, MeetingInput, Owner, parse_schedule};

const SEED: &str = include_str!("../../../data/fg-mv-2023.toml");
const GOLDEN: &str = "tests/golden/render.ics";

fn odd_meetings() -> Vec<Meeting> {
    let zones = ["Europe/Zurich", "America/New_York", "Asia/Shanghai", "UTC"];
    let texts = [
        "Réunion 会议 with a comma, a semicolon; and a backslash \\ in it",
        "A very long title that goes on and on so that the summary line has to be folded more than once, with é and 会 near the fold",
    ];
    let notes = [
        "Line\nbreaks\r\nof\revery kind, tab\there; and \\ too",
        "Agenda:\n1. Opening\n2. Contributions (会议), see https://example.org/a,b;c\n3. AOB",
    ];
    let first = NaiveDate::from_ymd_opt(2022, 12, 30).expect("date");
    (0..60)
        .map(|i| {
            let day = first + Days::new(i as u64 * 11);
            MeetingInput {
                id: Some(format!("odd-{i}")),
                title: Some(texts[i % texts.len()].to_owned()),
                groups: vec![["wg1", "wg5", "tg-power"][i % 3].to_owned()],
                kind: Some(["e-meeting", "physical", "forum"][i % 3].into()),
                zone: Some(zones[i % zones.len()].into()),
                date: Some(day.to_string()),
                until: (i % 4 == 1).then(|| (day + Days::new(2)).to_string()),
                start: Some(format!("{:02}:15", 6 + i % 12)),
                end: Some(format!("{:02}:45", 7 + i % 12)),
                city: (i % 3 == 1).then(|| "Genève, \"Suisse\"".to_owned()),
                remote_url: Some("https://remote.itu.int/?a=1,b=2;c".into()),
                description: Some(notes[i % notes.len()].repeat(1 + i % 3)),
                ..MeetingInput::default()
            }
            .validate(&Default::default())
            .expect("valid meeting")
        })
        .collect()
}

#[test]
fn the_writer_gives_the_same_bytes() {
    let seed = parse_schedule(SEED).expect("seed");
    let odd = odd_meetings();
    let stamp: DateTime<Utc> = "2023-06-01T12:34:56Z".parse().expect("instant");
    let dropped = vec![DroppedSession {
        day: 3,
        start: "2023-09-09T07:00:00Z".parse().expect("instant"),
        end: "2023-09-09T10:00:00Z".parse().expect("instant"),
    }];
    let meetings: Vec<FeedMeeting<'_>> = seed
        .meetings()
        .iter()
        .chain(&odd)
        .enumerate()
        .map(|(i, m)| FeedMeeting {
            meeting: m,
            version: 1 + (i as i64 % 4),
            last_modified: stamp,
            deadlines: seed.deadlines_of(m.id()),
            dropped: if m.id().as_str() == "wg5-2023-09-07" {
                &dropped
            } else {
                &[]
            },
        })
        .collect();
    let deadlines: Vec<FeedDeadline<'_>> = seed
        .deadlines()
        .iter()
        .map(|d| {
            let meeting = match d.owner() {
                Owner::Meeting(id) => seed.meeting(id),
                Owner::Group(_) => None,
            };
            FeedDeadline {
                deadline: d,
                version: 2,
                last_modified: stamp,
                meeting_title: meeting.map(|m| m.title().as_str()),
                groups: match (meeting, d.owner()) {
                    (Some(m), _) => m.groups().to_vec(),
                    (None, Owner::Group(g)) => vec![g.clone()],
                    (None, Owner::Meeting(_)) => vec![],
                },
            }
        })
        .collect();
    let links = Links {
        base_url: "https://convene.example.org",
        uid_domain: "convene.example.org",
    };
    let meta = CalendarMeta {
        name: "FG-MV - with, commas; and a long name that will need folding at 75 octets",
        description: Some("A description\nwith lines"),
        refresh_minutes: 60,
        method: "PUBLISH",
    };
    let events = ical::events(seed.tree(), &links, &meetings, &deadlines);
    let text = ical::render(&meta, &events);
    if std::env::var_os("CONVENE_WRITE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &text).expect("write the golden file");
    }
    let golden = std::fs::read_to_string(GOLDEN).expect("the golden file");
    assert!(text.len() > 50_000, "{} bytes", text.len());
    if text != golden {
        let at = text
            .bytes()
            .zip(golden.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(text.len().min(golden.len()));
        let from = at.saturating_sub(200);
        panic!(
            "the bytes differ at {at}:\nnow:    {:?}\nbefore: {:?}",
            &text[from..(at + 200).min(text.len())],
            &golden[from..(at + 200).min(golden.len())]
        );
    }
}
