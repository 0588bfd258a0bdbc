//! The slot finder and the per-zone table on the FG-MV 2023 schedule, with
//! WG5's participant zones from issue 11: Asia/Shanghai 3, Europe/Zurich 2,
//! Asia/Seoul 1, America/New_York 1 (total weight 7), default working time
//! (08:00-20:00 local, Monday-Friday). WG3 and FG-MV set no zones, so WG3
//! adds none to a joint WG3 & WG5 search: its zones are WG5's.
//!
//! Offsets used below (hours from UTC):
//! - September and until 28 Oct 2023: Shanghai +8, Seoul +9, Zurich +2
//!   (CEST), New York -4 (EDT).
//! - From 29 Oct 01:00 UTC Zurich is +1 (CET); from 5 Nov 06:00 UTC New York
//!   is -5 (EST). Shanghai and Seoul never change.
//!
//! In UTC, 08:00-20:00 local is then: Shanghai 00-12, Seoul 23-11, Zurich
//! 06-18 (07-19 in CET), New York 12-24 (13-01 in EST); night (22:00-06:00
//! local) is Shanghai 14-22, Seoul 13-21, Zurich 20-04 (21-05), New York
//! 02-10 (03-11).

use chrono::{DateTime, NaiveDateTime, Utc};
use convene_core::{
    Catalog, Fit, GroupSlug, ItemId, SlotError, SlotReport, SlotRequest, find_slots,
    parse_schedule, zone_table,
};

const SEED: &str = include_str!("../../../data/fg-mv-2023.toml");

/// The seed: WG5 lists its participants' zones (Shanghai 3, Zurich 2,
/// Seoul 1, New York 1); WG3 and the FG list none.
fn seed_with_wg5_zones() -> Catalog {
    let c = parse_schedule(SEED).expect("the seed is valid");
    let wg5 = c
        .tree()
        .get(&GroupSlug::parse("wg5").expect("slug"))
        .expect("wg5");
    assert_eq!(
        wg5.participation.zones.len(),
        4,
        "the seed gives WG5's zones"
    );
    c
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("local time")
}

fn request(groups: &[&str], from: &str, to: &str, count: usize) -> SlotRequest {
    SlotRequest {
        groups: groups.iter().map(|g| g.to_string()).collect(),
        from: Some(from.into()),
        to: Some(to.into()),
        duration: Some("120".into()),
        count: Some(count.to_string()),
        ..SlotRequest::default()
    }
}

fn search(c: &Catalog, r: &SlotRequest) -> SlotReport {
    let q = r.validate(c.tree()).expect("valid request");
    find_slots(c.tree(), c.meetings(), &q).expect("search runs")
}

/// (zone, local start, local end, fit) of each zone, for assertions.
fn table(zones: &[convene_core::ZoneTime]) -> Vec<(&str, String, String, Fit)> {
    zones
        .iter()
        .map(|z| {
            (
                z.zone.name(),
                z.local_start.format("%H:%M").to_string(),
                z.local_end.format("%H:%M").to_string(),
                z.fit,
            )
        })
        .collect()
}

#[test]
fn the_best_two_hours_for_wg3_and_wg5_in_early_september() {
    let c = seed_with_wg5_zones();
    let r = search(
        &c,
        &request(&["wg3", "wg5"], "2023-09-04", "2023-09-15", 10),
    );
    let zones: Vec<(&str, u32, Vec<&str>)> = r
        .zones
        .iter()
        .map(|z| {
            (
                z.zone.name(),
                z.weight,
                z.groups.iter().map(|g| g.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        zones,
        [
            ("Asia/Shanghai", 3, vec!["wg5"]),
            ("Europe/Zurich", 2, vec!["wg5"]),
            ("Asia/Seoul", 1, vec!["wg5"]),
            ("America/New_York", 1, vec!["wg5"]),
        ]
    );
    assert_eq!(r.total_weight, 7);
    // No slot has all four in hours: New York's hours (12-24 UTC) start when
    // Shanghai's (00-12 UTC) end. Shanghai + Zurich + Seoul (6/7) fit only
    // in 06-11 UTC, where New York is at night (02-10 UTC): 6/7 - 1/4 =
    // 17/28 ~ 0.607. Shanghai + Zurich (5/7) with New York out of the night
    // needs a start at 10:00 UTC or later and an end by 12:00 UTC: exactly
    // 10:00-12:00 UTC, with Seoul at 19-21 (out of hours) and New York at
    // 06-08 (out of hours): 5/7 ~ 0.714, the best. The earliest such slot is
    // Monday 4 Sep, 12:00-14:00 Geneva.
    let best = &r.candidates[0];
    assert_eq!(
        (best.start, best.end),
        (utc("2023-09-04T10:00:00Z"), utc("2023-09-04T12:00:00Z"))
    );
    assert_eq!(
        (best.local_start, best.local_end),
        (local("2023-09-04 12:00"), local("2023-09-04 14:00"))
    );
    assert_eq!(best.score, 5.0 / 7.0);
    assert_eq!((best.in_hours_weight, best.night_zones), (5, 0));
    assert_eq!(
        table(&best.zones),
        [
            (
                "Asia/Shanghai",
                "18:00".into(),
                "20:00".into(),
                Fit::InHours
            ),
            (
                "Europe/Zurich",
                "12:00".into(),
                "14:00".into(),
                Fit::InHours
            ),
            (
                "Asia/Seoul",
                "19:00".into(),
                "21:00".into(),
                Fit::OutOfHours
            ),
            (
                "America/New_York",
                "06:00".into(),
                "08:00".into(),
                Fit::OutOfHours
            ),
        ]
    );
    assert_eq!(best.zones[0].utc_offset, "+08:00");
    assert_eq!(best.zones[3].utc_offset, "-04:00");
    assert!(best.versus_best.is_empty());
    // The same 10:00 UTC slot on every other working day ties at 5/7 and
    // ranks by date, except Wednesday 13 Sep: the 3rd ITU Forum (FG-MV, the
    // groups' parent) keeps that whole day busy in Arusha (UTC+3),
    // 12 Sep 21:00 to 13 Sep 21:00 UTC. The WG5 meeting of 7 Sep ends at
    // 10:00 UTC, so 7 Sep 10:00 touches it without overlapping.
    let tied: Vec<DateTime<Utc>> = r.candidates[..9].iter().map(|c| c.start).collect();
    let days = ["04", "05", "06", "07", "08", "11", "12", "14", "15"];
    let expected: Vec<DateTime<Utc>> = days
        .iter()
        .map(|d| utc(&format!("2023-09-{d}T10:00:00Z")))
        .collect();
    assert_eq!(tied, expected);
    assert!(r.candidates[..9].iter().all(|c| c.score == 5.0 / 7.0));
    // Next: the first 6/7-with-New-York-at-night slot, 4 Sep 06:00 UTC
    // (New York 02:00-04:00): 17/28. It lost to the best because Seoul gains
    // working hours but New York goes from out of hours to night.
    let tenth = &r.candidates[9];
    assert_eq!(tenth.rank, 10);
    assert_eq!(tenth.start, utc("2023-09-04T06:00:00Z"));
    assert_eq!(tenth.score, 17.0 / 28.0);
    let why: Vec<(&str, Fit, Fit)> = tenth
        .versus_best
        .iter()
        .map(|d| (d.zone.name(), d.best, d.here))
        .collect();
    assert_eq!(
        why,
        [
            ("Asia/Seoul", Fit::OutOfHours, Fit::InHours),
            ("America/New_York", Fit::OutOfHours, Fit::Night),
        ]
    );
    // 4-15 Sep in Geneva is 12 days of 24 h (no change): starts every 30
    // min from 3 Sep 22:00 UTC to 15 Sep 20:00 UTC, (288 - 2) * 2 + 1 = 573.
    assert_eq!(r.considered, 573);
    // Busy (merged): 7 Sep 07-10 UTC (the joint meeting and WG5's), 8 Sep
    // 07-10 UTC (WG5's), 12 Sep 21:00-13 Sep 21:00 UTC (the forum). A 2 h
    // slot overlaps a busy span of h hours when it starts less than 2 h
    // before it and before its end: (h + 2) * 2 - 1 starts: 9 + 9 + 51.
    assert_eq!(r.left_out_for_conflict, 69);
    assert_eq!(r.left_out_for_offset_change, 0);
    assert!(r.offset_changes.is_empty());
}

#[test]
fn slots_over_a_related_meeting_are_left_out_and_the_search_is_repeatable() {
    let c = seed_with_wg5_zones();
    // 09:00-12:00 Geneva on 7-8 Sep is WG5's meeting: every 2 h slot in it
    // (starts 09:00, 09:30, 10:00 on both days) conflicts.
    let r = SlotRequest {
        earliest: Some("09:00".into()),
        latest: Some("12:00".into()),
        ..request(&["wg5"], "2023-09-07", "2023-09-08", 5)
    };
    let found = search(&c, &r);
    assert_eq!((found.considered, found.left_out_for_conflict), (6, 6));
    assert!(found.candidates.is_empty());
    // Same data, same ranking.
    let r = request(&["wg3", "wg5"], "2023-09-04", "2023-09-15", 20);
    assert_eq!(search(&c, &r), search(&c, &r));
    // WG1 (and FG-MV above it) lists no zones: nothing to rank by.
    let q = request(&["wg1"], "2023-09-04", "2023-09-15", 5)
        .validate(c.tree())
        .expect("valid request");
    let e = find_slots(c.tree(), c.meetings(), &q).expect_err("no zones");
    assert_eq!(
        e,
        SlotError::NoParticipantZones(vec![GroupSlug::parse("wg1").expect("slug")])
    );
    assert_eq!(
        e.to_string(),
        "none of the groups \"wg1\" (nor an ancestor) lists participant zones; set `participant_zones` on a group to rank slots"
    );
}

#[test]
fn across_the_european_and_us_changes() {
    let c = seed_with_wg5_zones();
    let r = search(&c, &request(&["wg5"], "2023-10-27", "2023-11-07", 7));
    let changes: Vec<(&str, DateTime<Utc>, &str, &str)> = r
        .offset_changes
        .iter()
        .map(|o| (o.zone.name(), o.at, o.before.as_str(), o.after.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "Europe/Zurich",
                utc("2023-10-29T01:00:00Z"),
                "+02:00",
                "+01:00"
            ),
            (
                "America/New_York",
                utc("2023-11-05T06:00:00Z"),
                "-04:00",
                "-05:00"
            ),
        ]
    );
    // 27 Oct - 7 Nov in Geneva is 12 days, one of them (29 Oct) 25 h long:
    // 289 h, (289 - 2) * 2 + 1 = 575 starts.
    assert_eq!(r.considered, 575);
    // A 2 h slot crosses a change at T when it starts at T - 1:30, T - 1:00
    // or T - 0:30: 3 per change, 6 in all.
    assert_eq!(r.left_out_for_offset_change, 6);
    assert_eq!(r.left_out_for_conflict, 0);
    // Until 5 Nov New York's night ends at 10:00 UTC, so 10:00-12:00 UTC
    // keeps 5/7 (Shanghai 18-20, Zurich in hours, Seoul and New York out of
    // hours). In Geneva that is 12:00 on Friday 27 Oct (CEST) but 11:00 on
    // the working days after the European change (CET): the same UTC slot,
    // an hour earlier for Zurich.
    let top: Vec<(DateTime<Utc>, NaiveDateTime)> = r.candidates[..6]
        .iter()
        .map(|c| (c.start, c.local_start))
        .collect();
    assert_eq!(
        top,
        [
            (utc("2023-10-27T10:00:00Z"), local("2023-10-27 12:00")),
            (utc("2023-10-30T10:00:00Z"), local("2023-10-30 11:00")),
            (utc("2023-10-31T10:00:00Z"), local("2023-10-31 11:00")),
            (utc("2023-11-01T10:00:00Z"), local("2023-11-01 11:00")),
            (utc("2023-11-02T10:00:00Z"), local("2023-11-02 11:00")),
            (utc("2023-11-03T10:00:00Z"), local("2023-11-03 11:00")),
        ]
    );
    assert!(r.candidates[..6].iter().all(|c| c.score == 5.0 / 7.0));
    // 6-7 Nov come after both changes and New York's night lasts until
    // 11:00 UTC; Shanghai's hours end at 12:00 UTC, so no 2 h slot keeps
    // Shanghai and Zurich in hours with New York out of the night. The best
    // is then Shanghai + Zurich (07-19 UTC in CET) + Seoul from 07:00 UTC:
    // 6/7 - 1/4 = 17/28, with New York at 02:00-04:00 EST.
    assert_eq!(r.candidates[6].start, utc("2023-10-27T06:00:00Z"));
    let after = search(&c, &request(&["wg5"], "2023-11-06", "2023-11-07", 1));
    let best = &after.candidates[0];
    assert_eq!(best.start, utc("2023-11-06T07:00:00Z"));
    assert_eq!(best.local_start, local("2023-11-06 08:00"));
    assert_eq!(best.score, 17.0 / 28.0);
    assert_eq!(
        table(&best.zones),
        [
            (
                "Asia/Shanghai",
                "15:00".into(),
                "17:00".into(),
                Fit::InHours
            ),
            (
                "Europe/Zurich",
                "08:00".into(),
                "10:00".into(),
                Fit::InHours
            ),
            ("Asia/Seoul", "16:00".into(), "18:00".into(), Fit::InHours),
            (
                "America/New_York",
                "02:00".into(),
                "04:00".into(),
                Fit::Night
            ),
        ]
    );
    // On 29 Oct (Geneva: 28 Oct 22:00 UTC to 29 Oct 23:00 UTC, 25 h) the
    // slots starting 23:30, 00:00 and 00:30 UTC cross 01:00 UTC.
    let sunday = search(&c, &request(&["wg5"], "2023-10-29", "2023-10-29", 100));
    assert_eq!(sunday.considered, (25 - 2) * 2 + 1);
    assert_eq!(sunday.candidates.len(), 47 - 3);
    for crossing in [
        "2023-10-28T23:30:00Z",
        "2023-10-29T00:00:00Z",
        "2023-10-29T00:30:00Z",
    ] {
        assert!(
            sunday.candidates.iter().all(|c| c.start != utc(crossing)),
            "{crossing}"
        );
    }
    assert!(
        sunday
            .candidates
            .iter()
            .any(|c| c.start == utc("2023-10-29T01:00:00Z"))
    );
}

#[test]
fn an_existing_meeting_in_every_participant_zone() {
    let c = seed_with_wg5_zones();
    let joint = c
        .meeting(&ItemId::parse("wg3-wg5-2023-09-07").expect("id"))
        .expect("the joint meeting");
    let t = zone_table(joint, c.tree());
    assert_eq!(t.total_weight, 7);
    assert_eq!(t.sessions.len(), 1);
    let s = &t.sessions[0];
    assert_eq!(s.utc.start, utc("2023-09-07T07:00:00Z"));
    // 09:00-11:00 Geneva: Shanghai, Zurich and Seoul in hours (6/7), New
    // York at 03:00-05:00: 6/7 - 1/4 = 17/28.
    assert_eq!(
        table(&s.zones),
        [
            (
                "Asia/Shanghai",
                "15:00".into(),
                "17:00".into(),
                Fit::InHours
            ),
            (
                "Europe/Zurich",
                "09:00".into(),
                "11:00".into(),
                Fit::InHours
            ),
            ("Asia/Seoul", "16:00".into(), "18:00".into(), Fit::InHours),
            (
                "America/New_York",
                "03:00".into(),
                "05:00".into(),
                Fit::Night
            ),
        ]
    );
    assert_eq!(s.score, Some(17.0 / 28.0));
    // Two days, one row each; a window has no sessions yet.
    let wg5 = c
        .meeting(&ItemId::parse("wg5-2023-09-07").expect("id"))
        .expect("wg5");
    assert_eq!(zone_table(wg5, c.tree()).sessions.len(), 2);
    let window = c
        .meeting(&ItemId::parse("wg5-2023-11-window").expect("id"))
        .expect("window");
    assert!(zone_table(window, c.tree()).sessions.is_empty());
    // A meeting of groups without zones has sessions but no zones or score.
    let wg1 = c
        .meeting(&ItemId::parse("wg1-2023-09-07").expect("id"))
        .expect("wg1");
    let t = zone_table(wg1, c.tree());
    assert!(t.zones.is_empty() && t.sessions[0].zones.is_empty());
    assert_eq!(t.sessions[0].score, None);
}

#[test]
fn bad_requests_name_each_field() {
    let c = seed_with_wg5_zones();
    let r = SlotRequest {
        groups: vec!["wg5".into(), "wg5".into(), "wg10".into()],
        from: Some("2023-09-15".into()),
        to: Some("2023-09-04".into()),
        duration: Some("2h".into()),
        step: Some("0".into()),
        count: Some("1000".into()),
        earliest: Some("18:00".into()),
        latest: Some("17:00".into()),
        zone: Some("Geneva".into()),
    };
    let fields: Vec<String> = r
        .validate(c.tree())
        .expect_err("invalid")
        .0
        .into_iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    assert_eq!(
        fields,
        [
            "groups[1]: \"wg5\" is listed twice",
            "groups[2]: \"wg10\" is not a known group",
            "to: the last day 2023-09-04 is before the first day 2023-09-15",
            "duration: \"2h\" is not a number of minutes from 5 to 1440; write e.g. \"120\"",
            "step: \"0\" is not a number of minutes from 5 to 1440; write e.g. \"120\"",
            "count: \"1000\" is not a count from 1 to 100",
            "latest: 17:00 is not after the earliest start 18:00",
            "zone: \"Geneva\" is not an IANA time zone name; use a name such as \"Europe/Zurich\" (Geneva time), \"Asia/Shanghai\" or \"America/New_York\"",
        ]
    );
    let r = SlotRequest {
        earliest: Some("18:00".into()),
        latest: Some("19:30".into()),
        ..request(&["wg5"], "2023-09-04", "2023-09-04", 5)
    };
    assert_eq!(
        r.validate(c.tree())
            .expect_err("window too short")
            .to_string(),
        "field `latest`: leaves less than the 120 minutes the meeting lasts after the earliest start"
    );
    assert!(SlotRequest::default().validate(c.tree()).is_err());
}
