use super::*;
use crate::validation::FieldError;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("test instant")
}

fn input(id: &str, date: &str, start: Option<&str>, end: Option<&str>) -> MeetingInput {
    MeetingInput {
        id: Some(id.into()),
        title: Some("WG5 e-meeting".into()),
        groups: vec!["wg5".into()],
        kind: Some("e-meeting".into()),
        date: Some(date.into()),
        start: start.map(Into::into),
        end: end.map(Into::into),
        remote_url: Some("https://remote.itu.int/".into()),
        ..MeetingInput::default()
    }
}

fn errors(r: Result<Meeting, FieldErrors>) -> Vec<(String, String)> {
    r.expect_err("should be invalid")
        .0
        .into_iter()
        .map(|FieldError { field, message }| (field, message))
        .collect()
}

#[test]
fn one_day_slot_in_geneva_summer_time() {
    let m = input(
        "tg-media-coding-2023-08-29",
        "2023-08-29",
        Some("09:00"),
        Some("11:00"),
    )
    .validate(&Defaults::default())
    .expect("valid");
    assert_eq!(m.zone(), chrono_tz::Europe::Zurich);
    assert_eq!(m.status(), Status::Confirmed);
    assert_eq!(m.sessions().len(), 1);
    assert_eq!(
        m.sessions()[0].utc,
        Interval {
            start: utc("2023-08-29T07:00:00Z"),
            end: utc("2023-08-29T09:00:00Z")
        }
    );
}

#[test]
fn several_days_same_slot_is_one_meeting_with_a_session_a_day() {
    let mut i = input("wg5-2023-09-07", "2023-09-07", Some("09:00"), Some("12:00"));
    i.until = Some("2023-09-08".into());
    let m = i.validate(&Defaults::default()).expect("valid");
    let got: Vec<(String, DateTime<Utc>, DateTime<Utc>)> = m
        .sessions()
        .iter()
        .map(|s| (s.date.to_string(), s.utc.start, s.utc.end))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "2023-09-07".into(),
                utc("2023-09-07T07:00:00Z"),
                utc("2023-09-07T10:00:00Z")
            ),
            (
                "2023-09-08".into(),
                utc("2023-09-08T07:00:00Z"),
                utc("2023-09-08T10:00:00Z")
            ),
        ]
    );
    assert_eq!(m.busy().len(), 2);
    assert_eq!(m.starts_at(), utc("2023-09-07T07:00:00Z"));
}

#[test]
fn sessions_straddling_the_autumn_change_keep_their_local_slot() {
    // 27 Oct (CEST, UTC+2) to 30 Oct 2023 (CET, UTC+1), 09:00-11:00 Geneva.
    let mut i = input("wg-x", "2023-10-27", Some("09:00"), Some("11:00"));
    i.until = Some("2023-10-30".into());
    let m = i.validate(&Defaults::default()).expect("valid");
    let starts: Vec<DateTime<Utc>> = m.sessions().iter().map(|s| s.utc.start).collect();
    assert_eq!(
        starts,
        vec![
            utc("2023-10-27T07:00:00Z"),
            utc("2023-10-28T07:00:00Z"),
            utc("2023-10-29T08:00:00Z"),
            utc("2023-10-30T08:00:00Z"),
        ]
    );
}

#[test]
fn whole_day_span_in_the_venue_zone() {
    let i = MeetingInput {
        id: Some("fgmv-2".into()),
        title: Some("2nd FG-MV meeting".into()),
        groups: vec!["fg-mv".into()],
        kind: Some("physical".into()),
        zone: Some("Asia/Shanghai".into()),
        date: Some("2023-07-04".into()),
        until: Some("2023-07-06".into()),
        all_day: Some(true),
        venue: Some("Zhangjiang Science Hall".into()),
        city: Some("Shanghai".into()),
        country: Some("China".into()),
        ..MeetingInput::default()
    };
    let m = i.validate(&Defaults::default()).expect("valid");
    assert!(m.sessions().is_empty());
    assert_eq!(
        m.busy(),
        vec![Interval {
            start: utc("2023-07-03T16:00:00Z"),
            end: utc("2023-07-06T16:00:00Z")
        }]
    );
    assert_eq!(
        m.location().display().as_deref(),
        Some("Zhangjiang Science Hall, Shanghai, China")
    );
}

#[test]
fn date_without_time_keeps_no_hours_busy() {
    let m = input("wg8-2023-09-20", "2023-09-20", None, None)
        .validate(&Defaults::default())
        .expect("valid");
    assert!(matches!(m.schedule(), Schedule::TimeTba { .. }));
    assert!(m.busy().is_empty());
    assert_eq!(m.starts_at(), utc("2023-09-19T22:00:00Z"));
}

#[test]
fn tentative_window_keeps_the_wording_and_the_planned_slot() {
    let i = MeetingInput {
        date: None,
        window: Some("2023-07-15/2023-07-31".into()),
        window_label: Some("Mid/end of July 2023".into()),
        ..input("wg9-2023-07", "x", Some("14:00"), Some("16:00"))
    };
    let m = i.validate(&Defaults::default()).expect("valid");
    assert_eq!(m.status(), Status::Tentative);
    match m.schedule() {
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            assert_eq!(window.first().to_string(), "2023-07-15");
            assert_eq!(window.last().to_string(), "2023-07-31");
            assert_eq!(label.as_str(), "Mid/end of July 2023");
            assert_eq!(slot.map(|s| s.to_string()).as_deref(), Some("14:00-16:00"));
        }
        other => panic!("not tentative: {other:?}"),
    }
    assert!(m.busy().is_empty());
    let confirmed = MeetingInput {
        status: Some("confirmed".into()),
        ..i
    };
    assert_eq!(
        errors(confirmed.validate(&Defaults::default())),
        vec![(
            "status".into(),
            "a meeting with only a tentative window cannot be confirmed; give it a date".into()
        )]
    );
}

#[test]
fn a_start_in_the_spring_gap_is_refused_under_its_field() {
    let r = input("x", "2023-03-26", Some("02:30"), Some("04:00")).validate(&Defaults::default());
    assert_eq!(
        errors(r),
        vec![(
            "start".into(),
            "2023-03-26 02:30:00 does not exist in Europe/Zurich: clocks go forward that night (daylight saving time starts); pick a time outside the skipped hour".into()
        )]
    );
}

#[test]
fn an_ambiguous_start_needs_the_organizers_choice() {
    let i = input("x", "2023-10-29", Some("02:30"), Some("04:00"));
    let errs = errors(i.validate(&Defaults::default()));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, "start");
    assert!(
        errs[0].1.contains("happens twice in Europe/Zurich"),
        "{}",
        errs[0].1
    );
    let later = MeetingInput {
        ambiguous: Some("later".into()),
        ..i
    };
    let m = later.validate(&Defaults::default()).expect("valid");
    assert_eq!(m.sessions()[0].utc.start, utc("2023-10-29T01:30:00Z"));
    assert_eq!(m.sessions()[0].utc.end, utc("2023-10-29T03:00:00Z"));
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let i = MeetingInput {
        id: Some("Bad Id".into()),
        title: Some("Line one\nBcc: x@example.org".into()),
        groups: vec!["WG5".into()],
        kind: Some("meetup".into()),
        zone: Some("Geneva".into()),
        date: Some("2023-09-07".into()),
        start: Some("12:00".into()),
        end: Some("09:00".into()),
        ..MeetingInput::default()
    };
    let fields: Vec<String> = errors(i.validate(&Defaults::default()))
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["id", "title", "kind", "groups[0]", "zone", "end"]);
}

#[test]
fn missing_and_contradictory_schedule_fields_are_named() {
    let mut i = input("x", "2023-09-07", Some("09:00"), None);
    assert_eq!(
        errors(i.clone().validate(&Defaults::default())),
        vec![("end".into(), "is required when `start` is given".into())]
    );
    i.end = Some("10:00".into());
    i.all_day = Some(true);
    assert_eq!(
        errors(i.clone().validate(&Defaults::default())),
        vec![(
            "all_day".into(),
            "a whole-day meeting has no `start` and `end`".into()
        )]
    );
    i.all_day = None;
    i.until = Some("2023-09-06".into());
    assert_eq!(
        errors(i.clone().validate(&Defaults::default())),
        vec![(
            "until".into(),
            "the last day 2023-09-06 is before the first day 2023-09-07".into()
        )]
    );
    i.until = None;
    i.date = None;
    assert_eq!(errors(i.validate(&Defaults::default()))[0].0, "date");
}

#[test]
fn physical_meetings_need_a_city() {
    let i = MeetingInput {
        kind: Some("physical".into()),
        all_day: Some(true),
        ..input("x", "2023-10-03", None, None)
    };
    assert_eq!(
        errors(i.validate(&Defaults::default())),
        vec![(
            "city".into(),
            "a physical meeting needs the city it takes place in".into()
        )]
    );
}

#[test]
fn input_round_trips_through_the_meeting() {
    let mut shapes = vec![
        input("a", "2023-09-07", Some("09:00"), Some("12:00")),
        input("b", "2023-09-20", None, None),
        MeetingInput {
            all_day: Some(true),
            until: Some("2023-10-05".into()),
            ..input("c", "2023-10-03", None, None)
        },
        MeetingInput {
            date: None,
            window: Some("2023-11-01/2023-11-30".into()),
            window_label: Some("November 2023".into()),
            ..input("d", "", Some("09:00"), Some("12:00"))
        },
    ];
    shapes[0].until = Some("2023-09-08".into());
    shapes[0].status = Some("cancelled".into());
    shapes[0].cancel_reason = Some("Merged with the joint WG3 & WG5 e-meeting".into());
    for i in shapes {
        let m = i.validate(&Defaults::default()).expect("valid");
        let again = m
            .to_input()
            .validate(&Defaults::default())
            .expect("valid again");
        assert_eq!(m, again);
    }
}

#[test]
fn dates_outside_1900_to_2200_are_refused_under_their_field() {
    let msg = |v: &str| format!("\"{v}\" is out of range: the year must be between 1900 and 2200");
    for v in ["0000-01-01", "1899-12-31", "2201-01-01"] {
        let i = input("x", v, Some("09:00"), Some("10:00"));
        assert_eq!(
            errors(i.validate(&Defaults::default())),
            vec![("date".into(), msg(v))]
        );
        let i = MeetingInput {
            until: Some(v.into()),
            ..input("x", "2023-09-07", None, None)
        };
        assert_eq!(
            errors(i.validate(&Defaults::default())),
            vec![("until".into(), msg(v))]
        );
        let i = MeetingInput {
            date: None,
            window: Some(format!("2023-07-15/{v}")),
            window_label: Some("Some time".into()),
            ..input("x", "x", None, None)
        };
        assert_eq!(
            errors(i.validate(&Defaults::default())),
            vec![("window".into(), msg(v))]
        );
    }
}

#[test]
fn the_first_and_last_days_of_the_range_are_accepted() {
    let m = input("x", "1900-01-01", Some("09:00"), Some("10:00"))
        .validate(&Defaults::default())
        .expect("1900-01-01 is in range");
    assert_eq!(m.sessions()[0].date.to_string(), "1900-01-01");
    // The last evening of 2200 at UTC-12 ends in 2201 UTC: still four digits.
    let m = MeetingInput {
        zone: Some("Etc/GMT+12".into()),
        ..input("x", "2200-12-31", Some("22:00"), Some("23:00"))
    }
    .validate(&Defaults::default())
    .expect("2200-12-31 is in range");
    assert_eq!(m.sessions()[0].utc.end, utc("2201-01-01T11:00:00Z"));
    let m = MeetingInput {
        all_day: Some(true),
        until: Some("2200-12-31".into()),
        ..input("x", "2200-12-30", None, None)
    }
    .validate(&Defaults::default())
    .expect("whole days up to 2200-12-31");
    assert_eq!(m.schedule().days().last().to_string(), "2200-12-31");
}
