use chrono::{DateTime, Utc};

use crate::meeting::{Defaults, ExceptionInput, MeetingInput};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("test instant")
}

/// The cross-client series: fortnightly Tuesdays, 14:00-15:00 Geneva time,
/// September to December 2023.
pub(crate) fn fortnightly() -> MeetingInput {
    MeetingInput {
        id: Some("tg-series".into()),
        title: Some("TG e-meeting".into()),
        groups: vec!["wg5".into()],
        kind: Some("e-meeting".into()),
        date: Some("2023-09-05".into()),
        start: Some("14:00".into()),
        end: Some("15:00".into()),
        recurrence: Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231219".into()),
        ..MeetingInput::default()
    }
}

#[test]
fn wall_clock_is_kept_across_the_autumn_change() {
    let m = fortnightly().validate(&Defaults::default()).expect("valid");
    let s = m.series().expect("a series");
    assert_eq!(s.occurrences().len(), 8);
    let starts: Vec<DateTime<Utc>> = m.sessions().iter().map(|s| s.utc.start).collect();
    assert_eq!(starts[0], utc("2023-09-05T12:00:00Z"));
    // 24 October: still summer time; 7 November: winter time.
    assert_eq!(starts[3], utc("2023-10-17T12:00:00Z"));
    assert_eq!(starts[4], utc("2023-10-31T13:00:00Z"));
    assert_eq!(starts[7], utc("2023-12-12T13:00:00Z"));
    assert_eq!(
        s.describe(crate::i18n::Lang::En),
        "every second Tuesday, from 5 September 2023, until 12 December 2023 (8 times)"
    );
    // The input gives the same meeting back.
    assert_eq!(m.to_input().validate(&Defaults::default()), Ok(m.clone()));
}

#[test]
fn wall_clock_is_kept_across_the_spring_change() {
    let mut i = fortnightly();
    i.date = Some("2024-03-19".into());
    i.recurrence = Some("FREQ=WEEKLY;BYDAY=TU;COUNT=3".into());
    let m = i.validate(&Defaults::default()).expect("valid");
    let starts: Vec<DateTime<Utc>> = m.sessions().iter().map(|s| s.utc.start).collect();
    assert_eq!(
        starts,
        [
            utc("2024-03-19T13:00:00Z"),
            utc("2024-03-26T13:00:00Z"),
            utc("2024-04-02T12:00:00Z")
        ]
    );
}

#[test]
fn exceptions_move_and_cancel_by_original_date() {
    let mut i = fortnightly();
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
    let m = i.validate(&Defaults::default()).expect("valid");
    assert_eq!(m.sessions().len(), 7);
    let s = m.series().expect("series");
    let moved = s
        .occurrence("2023-10-17".parse().expect("d"))
        .expect("occurrence");
    assert!(moved.is_changed());
    assert_eq!(moved.session.utc.start, utc("2023-10-19T08:00:00Z"));
    let off = s
        .occurrence("2023-11-14".parse().expect("d"))
        .expect("occurrence");
    assert_eq!(off.cancel_reason().map(|r| r.as_str()), Some("TSAG week"));
    assert!(
        !m.sessions()
            .iter()
            .any(|x| x.date.to_string() == "2023-11-14")
    );
    assert_eq!(m.to_input().validate(&Defaults::default()), Ok(m.clone()));
}

#[test]
fn refusals_name_the_field() {
    let fields = |i: MeetingInput| -> Vec<(String, String)> {
        i.validate(&Defaults::default())
            .expect_err("invalid")
            .0
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect()
    };
    let mut i = fortnightly();
    i.until = Some("2023-09-06".into());
    assert_eq!(fields(i)[0].0, "recurrence");
    let mut i = fortnightly();
    i.exceptions.insert(
        "2023-10-18".into(),
        ExceptionInput {
            cancelled: Some(true),
            ..ExceptionInput::default()
        },
    );
    assert_eq!(
        fields(i),
        [(
            "exceptions.2023-10-18".to_owned(),
            "2023-10-18 is not an occurrence of the series; key an exception by the date the rule gives the occurrence".to_owned()
        )]
    );
    // Moving one onto another's day.
    let mut i = fortnightly();
    i.exceptions.insert(
        "2023-10-17".into(),
        ExceptionInput {
            date: Some("2023-10-31".into()),
            ..ExceptionInput::default()
        },
    );
    assert_eq!(fields(i)[0].0, "exceptions");
    let mut i = fortnightly();
    i.recurrence = None;
    i.exceptions
        .insert("2023-10-17".into(), ExceptionInput::default());
    assert_eq!(fields(i)[0].0, "exceptions");
}

#[test]
fn an_occurrence_in_a_dst_gap_is_refused_and_said() {
    // 02:30 does not exist in Geneva on 31 March 2024.
    let mut i = fortnightly();
    i.date = Some("2024-03-17".into());
    i.start = Some("02:30".into());
    i.end = Some("03:30".into());
    i.recurrence = Some("FREQ=WEEKLY;BYDAY=SU;COUNT=3".into());
    let e = i.clone().validate(&Defaults::default()).expect_err("gap");
    assert_eq!(e.0[0].field, "recurrence");
    assert!(
        e.0[0].message.starts_with(
            "the occurrence of 2024-03-31: 2024-03-31 02:30:00 does not exist in Europe/Zurich"
        ),
        "{}",
        e.0[0].message
    );
    assert!(
        e.0[0]
            .message
            .ends_with("or move or cancel that occurrence with an exception")
    );
    // Cancelling that occurrence (or moving it) makes the series valid.
    i.exceptions.insert(
        "2024-03-31".into(),
        ExceptionInput {
            cancelled: Some(true),
            ..ExceptionInput::default()
        },
    );
    let m = i
        .validate(&Defaults::default())
        .expect("valid once that one is cancelled");
    assert_eq!(m.sessions().len(), 2);
}

#[test]
fn a_series_is_announced_once_and_each_occurrence_reminded_the_day_before() {
    use crate::reminder::{MailKind, ReminderPolicy, plan_meeting};
    let c =
        crate::parse_schedule(include_str!("../../../../../data/fg-mv-2023.toml")).expect("seed");
    let mut i = fortnightly();
    i.exceptions.insert(
        "2023-11-14".into(),
        ExceptionInput {
            cancelled: Some(true),
            ..ExceptionInput::default()
        },
    );
    let m = i.validate(&Defaults::default()).expect("valid");
    // Planned on 20 September: two occurrences are past.
    let now = utc("2023-09-20T08:00:00Z");
    let mails = plan_meeting(c.tree(), &m, &ReminderPolicy::default(), now);
    let kinds: Vec<(MailKind, DateTime<Utc>)> = mails.iter().map(|p| (p.kind, p.due)).collect();
    assert_eq!(kinds[0], (MailKind::Announcement, now));
    assert_eq!(mails[0].expires, utc("2023-12-12T13:00:00Z"));
    let reminders: Vec<(String, DateTime<Utc>)> = kinds[1..]
        .iter()
        .map(|(k, due)| match k {
            MailKind::OccurrenceReminder {
                days_before: 1,
                occurrence,
            } => (occurrence.to_string(), *due),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    // One a day before each occurrence still ahead, at the same wall-clock
    // time (14:00 Geneva), none for the cancelled one, no 7-day ones.
    assert_eq!(
        reminders,
        [
            ("2023-10-03".to_owned(), utc("2023-10-02T12:00:00Z")),
            ("2023-10-17".to_owned(), utc("2023-10-16T12:00:00Z")),
            ("2023-10-31".to_owned(), utc("2023-10-30T13:00:00Z")),
            ("2023-11-28".to_owned(), utc("2023-11-27T13:00:00Z")),
            ("2023-12-12".to_owned(), utc("2023-12-11T13:00:00Z")),
        ]
    );
    // Per kind: e-meetings reminded 3 days before instead.
    let mut policy = ReminderPolicy::default();
    policy
        .series_days_before_by_kind
        .insert("e-meeting".into(), vec![3]);
    let mails = plan_meeting(c.tree(), &m, &policy, now);
    assert!(
        mails[1..]
            .iter()
            .all(|p| matches!(p.kind, MailKind::OccurrenceReminder { days_before: 3, .. }))
    );
    assert_eq!(mails.len(), 6);
}

#[test]
fn schedule_files_take_a_series_and_export_writes_it_back() {
    let seed = include_str!("../../../../../data/fg-mv-2023.toml");
    let src = format!(
        r#"{seed}
[[meetings]]
id = "wg5-fortnightly"
title = "WG5 e-meeting"
groups = ["wg5"]
kind = "e-meeting"
date = "2023-09-05"
start = "14:00"
end = "15:00"
recurrence = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231219"

[meetings.exceptions."2023-10-17"]
date = "2023-10-19"
start = "10:00"
end = "11:30"

[meetings.exceptions."2023-11-14"]
cancelled = true
reason = "TSAG week"
"#
    );
    let c = crate::parse_schedule(&src).expect("the file is valid");
    let id = crate::ItemId::parse("wg5-fortnightly").expect("id");
    let m = c.meeting(&id).expect("the series");
    assert_eq!(m.sessions().len(), 7);
    let out = crate::to_schedule_toml(&c);
    assert!(
        out.contains("recurrence = \"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20231219\""),
        "{out}"
    );
    let back = crate::parse_schedule(&out).expect("the export reads back");
    assert_eq!(back.meeting(&id), Some(m));
    // A bad rule in a file names the item and the field.
    let bad = src.replace("UNTIL=20231219", "UNTIL=20231219;BYSETPOS=1");
    let e = crate::parse_schedule(&bad)
        .expect_err("invalid")
        .to_string();
    assert!(
        e.contains("wg5-fortnightly") && e.contains("recurrence") && e.contains("BYSETPOS"),
        "{e}"
    );
}

#[test]
fn a_series_clashes_on_its_occurrence_days_only() {
    let c =
        crate::parse_schedule(include_str!("../../../../../data/fg-mv-2023.toml")).expect("seed");
    let mut i = fortnightly();
    i.id = Some("wg5-series".into());
    i.exceptions.insert(
        "2023-11-14".into(),
        ExceptionInput {
            cancelled: Some(true),
            ..ExceptionInput::default()
        },
    );
    let series = i.validate(&Defaults::default()).expect("valid");
    let one = |id: &str, date: &str| {
        MeetingInput {
            id: Some(id.into()),
            date: Some(date.into()),
            start: Some("14:30".into()),
            end: Some("16:00".into()),
            recurrence: None,
            ..fortnightly()
        }
        .validate(&Defaults::default())
        .expect("valid")
    };
    let on_a_day = one("on-a-day", "2023-10-31");
    let between = one("between", "2023-11-07");
    let cancelled_day = one("cancelled-day", "2023-11-14");
    let found = crate::conflicts_with(c.tree(), &series, [&on_a_day, &between, &cancelled_day]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].b.as_str(), "wg5-series");
    assert_eq!(
        found[0].overlaps,
        [crate::Interval {
            start: utc("2023-10-31T13:30:00Z"),
            end: utc("2023-10-31T14:00:00Z")
        }]
    );
}
