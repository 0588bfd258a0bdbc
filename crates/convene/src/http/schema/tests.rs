use super::*;

/// The values an enum schema lists.
fn values<T: PartialSchema>() -> Vec<String> {
    let schema = serde_json::to_value(T::schema()).expect("schema");
    schema["enum"]
        .as_array()
        .expect("enum")
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

/// The names of an object schema's properties.
fn properties<T: PartialSchema>() -> Vec<String> {
    let schema = serde_json::to_value(T::schema()).expect("schema");
    let mut names: Vec<String> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

fn keys(value: impl serde::Serialize) -> Vec<String> {
    let value = serde_json::to_value(value).expect("json");
    let mut names: Vec<String> = value.as_object().expect("object").keys().cloned().collect();
    names.sort();
    names
}

#[test]
fn mirrors_have_the_cores_fields() {
    let t = chrono::NaiveDate::from_ymd_opt(2023, 9, 7)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    let zone_time = convene_core::zone_fit::ZoneTime {
        zone: chrono_tz::Europe::Zurich,
        weight: 1,
        local_start: t,
        local_end: t,
        utc_offset: "+02:00".into(),
        fit: convene_core::zone_fit::Fit::InHours,
    };
    assert_eq!(keys(&zone_time), properties::<ZoneTime>());
    let change = convene_core::zone_fit::OffsetChange {
        zone: chrono_tz::Europe::Zurich,
        at: t.and_utc(),
        before: "+02:00".into(),
        after: "+01:00".into(),
    };
    assert_eq!(keys(&change), properties::<OffsetChange>());
    // A series' fields are left out of a meeting that has none.
    let mut series = convene_core::MeetingInput {
        recurrence: Some("FREQ=DAILY;COUNT=2".into()),
        ..Default::default()
    };
    series
        .exceptions
        .insert("2023-09-07".into(), Default::default());
    let mut meeting = keys(series);
    meeting.extend(["join_notes".into(), "join_visibility".into()]);
    meeting.sort();
    assert_eq!(meeting, properties::<MeetingInputSchema>());
    let mut group = keys(convene_core::GroupInput::default());
    group.extend([
        "participant_zones".into(),
        "working_days".into(),
        "working_hours".into(),
        "join_visibility".into(),
        "members_allow".into(),
        "language".into(),
    ]);
    group.sort();
    assert_eq!(group, properties::<GroupInputSchema>());
    let mut deadline = keys(convene_core::DeadlineInput::default());
    deadline.push("derived".into());
    deadline.sort();
    assert_eq!(deadline, properties::<DeadlineInputSchema>());
}

#[test]
fn enumerations_are_the_cores() {
    for v in values::<MeetingKind>() {
        assert!(convene_core::MeetingKind::parse(&v).is_ok(), "{v}");
    }
    for v in values::<MeetingStatus>() {
        assert!(convene_core::Status::parse(&v).is_ok(), "{v}");
    }
    for v in values::<DeadlineKind>() {
        assert!(convene_core::DeadlineKind::parse(&v).is_ok(), "{v}");
    }
    assert_eq!(
        values::<Language>(),
        convene_core::Language::ALL.map(|l| l.code().to_owned())
    );
    for v in values::<GroupKind>() {
        assert!(convene_core::GroupKind::parse(&v).is_ok(), "{v}");
    }
    let zones = values::<Zone>();
    assert!(zones.iter().any(|z| z == "Europe/Zurich"));
    for z in &zones {
        assert!(convene_core::time::parse_zone(z).is_ok(), "{z}");
    }
}
