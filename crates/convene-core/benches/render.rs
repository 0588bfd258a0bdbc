//! Feed rendering speed: 10 000 events (meetings across a DST change, in
//! three zones) turned into a calendar. Prints numbers; asserts nothing.
//!
//! cargo bench -p convene-core --bench render

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, Utc};
use convene_core::ical::{self, CalendarMeta, FeedMeeting, Links};
use convene_core::{Catalog, Meeting, MeetingInput, parse_schedule};

const SEED: &str = include_str!("../../../data/fg-mv-2023.toml");

fn meetings(n: usize) -> Vec<Meeting> {
    let zones = ["Europe/Zurich", "America/New_York", "Asia/Shanghai"];
    let groups = ["wg1", "wg2", "wg5", "tg-power", "tg-genai"];
    let first = NaiveDate::from_ymd_opt(2023, 1, 2).expect("date");
    (0..n)
        .map(|i| {
            let day = first + Days::new((i % 700) as u64);
            MeetingInput {
                id: Some(format!("bench-{i}")),
                title: Some(format!(
                    "Bench e-meeting number {i}, with a comma; and more text"
                )),
                groups: vec![groups[i % groups.len()].to_owned()],
                kind: Some("e-meeting".into()),
                zone: Some(zones[i % zones.len()].into()),
                date: Some(day.to_string()),
                start: Some(format!("{:02}:00", 8 + i % 8)),
                end: Some(format!("{:02}:30", 9 + i % 8)),
                remote_url: Some("https://remote.itu.int/".into()),
                description: Some("Agenda:\n1. Opening\n2. Contributions\n3. AOB".into()),
                ..MeetingInput::default()
            }
            .validate(&Default::default())
            .expect("valid bench meeting")
        })
        .collect()
}

fn time<F: FnMut() -> usize>(label: &str, runs: usize, mut f: F) {
    let mut samples: Vec<Duration> = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        bytes = black_box(f());
        samples.push(t.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: median {:.2} ms, min {:.2} ms, max {:.2} ms over {runs} runs ({bytes} bytes)",
        ms(samples[runs / 2]),
        ms(samples[0]),
        ms(samples[runs - 1])
    );
}

fn main() {
    let seed: Catalog = parse_schedule(SEED).expect("seed");
    let ms = meetings(10_000);
    let stamp: DateTime<Utc> = "2023-06-01T00:00:00Z".parse().expect("instant");
    let feed: Vec<FeedMeeting<'_>> = ms
        .iter()
        .map(|m| FeedMeeting {
            meeting: m,
            version: 3,
            last_modified: stamp,
            deadlines: vec![],
            dropped: &[],
        })
        .collect();
    let links = Links {
        base_url: "https://convene.example.org",
        uid_domain: "convene.example.org",
    };
    let meta = CalendarMeta {
        name: "Bench",
        description: None,
        refresh_minutes: 60,
        method: "PUBLISH",
    };
    time("render 10000 events (model + bytes)", 30, || {
        let events = ical::events(seed.tree(), &links, &feed, &[]);
        ical::render(&meta, &events).len()
    });
    let events = ical::events(seed.tree(), &links, &feed, &[]);
    time("write 10000 events (bytes only)", 30, || {
        ical::render(&meta, &events).len()
    });
    time("VTIMEZONE for 3 zones over 3 years", 30, || {
        let mut w = ical::Writer::new();
        for z in [
            chrono_tz::Europe::Zurich,
            chrono_tz::America::New_York,
            chrono_tz::Asia::Shanghai,
        ] {
            ical::write_vtimezone(&mut w, z, 2023..=2024);
        }
        w.finish().len()
    });
    time("parse and validate the FG-MV schedule", 30, || {
        parse_schedule(SEED)
            .map(|c| c.meetings().len())
            .unwrap_or(0)
    });
}
