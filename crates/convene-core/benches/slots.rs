//! Slot search speed: a 3-month range at 15-minute steps, for a joint
//! meeting of two groups with 8 participant zones, avoiding a catalog of
//! 10 000 meetings (the FG-MV tree; meetings of every group, one year, three
//! zones, across the DST changes). Also the per-zone table of WG5's
//! meetings. Prints numbers; asserts nothing.
//!
//! cargo bench -p convene-core --bench slots

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use convene_core::{
    Catalog, GroupTree, Meeting, MeetingInput, SlotRequest, find_slots, parse_schedule, zone_table,
};

const SEED: &str = include_str!("../../../data/fg-mv-2023.toml");

const ZONES: &str = r#"participant_zones = [
  { zone = "Asia/Shanghai", weight = 3 },
  { zone = "Europe/Zurich", weight = 2 },
  { zone = "Asia/Seoul", weight = 1 },
  { zone = "America/New_York", weight = 1 },
  { zone = "Asia/Kolkata", weight = 1 },
  { zone = "Europe/London", weight = 1 },
  { zone = "America/Sao_Paulo", weight = 1 },
  { zone = "Australia/Sydney", weight = 1 },
]"#;

fn tree() -> GroupTree {
    let list = "mailing_list = \"fgmv-wg5@lists.itu.int\"";
    let src = SEED.replacen(list, &format!("{list}\n{ZONES}"), 1);
    let c: Catalog = parse_schedule(&src).expect("seed with zones");
    c.tree().clone()
}

fn meetings(tree: &GroupTree, n: usize) -> Vec<Meeting> {
    let zones = ["Europe/Zurich", "America/New_York", "Asia/Shanghai"];
    let groups: Vec<String> = tree.iter().map(|g| g.slug.to_string()).collect();
    let first = NaiveDate::from_ymd_opt(2023, 1, 2).expect("date");
    (0..n)
        .map(|i| {
            let day = first + Days::new((i % 365) as u64);
            MeetingInput {
                id: Some(format!("bench-{i}")),
                title: Some(format!("Bench e-meeting {i}")),
                groups: vec![groups[i % groups.len()].clone()],
                kind: Some("e-meeting".into()),
                zone: Some(zones[i % zones.len()].into()),
                date: Some(day.to_string()),
                start: Some(format!("{:02}:00", 7 + i % 11)),
                end: Some(format!("{:02}:30", 8 + i % 11)),
                ..MeetingInput::default()
            }
            .validate(&Default::default())
            .expect("valid bench meeting")
        })
        .collect()
}

fn time<F: FnMut() -> String>(label: &str, runs: usize, mut f: F) {
    let mut samples: Vec<Duration> = Vec::with_capacity(runs);
    let mut what = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        what = black_box(f());
        samples.push(t.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: median {:.2} ms, min {:.2} ms, max {:.2} ms over {runs} runs ({what})",
        ms(samples[runs / 2]),
        ms(samples[0]),
        ms(samples[runs - 1])
    );
}

fn main() {
    let tree = tree();
    let ms = meetings(&tree, 10_000);
    let request = SlotRequest {
        groups: vec!["wg3".into(), "wg5".into()],
        from: Some("2023-09-01".into()),
        to: Some("2023-11-30".into()),
        duration: Some("120".into()),
        step: Some("15".into()),
        count: Some("10".into()),
        ..SlotRequest::default()
    };
    let query = request.validate(&tree).expect("valid query");
    time(
        "slots: 3 months, 15-min steps, 8 zones, 10 000 meetings",
        30,
        || {
            let r = find_slots(&tree, &ms, &query).expect("search");
            format!(
                "{} considered, {} conflicts, {} DST, best {} score {:.3}",
                r.considered,
                r.left_out_for_conflict,
                r.left_out_for_offset_change,
                r.candidates[0].start,
                r.candidates[0].score
            )
        },
    );
    let wg5: Vec<&Meeting> = ms
        .iter()
        .filter(|m| m.groups().iter().any(|g| g.as_str() == "wg5"))
        .collect();
    time("zone tables: every WG5 meeting, 8 zones", 30, || {
        let rows: usize = wg5
            .iter()
            .map(|m| zone_table(m, &tree).sessions.len())
            .sum();
        format!("{} meetings, {rows} sessions", wg5.len())
    });
}
