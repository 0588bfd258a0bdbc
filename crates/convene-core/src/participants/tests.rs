//! Participant zones: validation, the stored shape, inheritance.

use super::*;
use crate::group::{GroupInput, GroupTree};
use serde::ser::{self, Impossible, SerializeStruct};

/// The field names a value serializes as a struct, in order: what a
/// JSON object of it would hold (skipped fields are absent).
pub(crate) fn field_names<T: Serialize>(value: &T) -> Vec<&'static str> {
    let mut names = Vec::new();
    let _ = value.serialize(Names(&mut names));
    names
}

#[derive(Debug)]
struct NotAStruct;
impl fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a struct")
    }
}
impl std::error::Error for NotAStruct {}
impl ser::Error for NotAStruct {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAStruct
    }
}

struct Names<'a>(&'a mut Vec<&'static str>);

macro_rules! refuse {
    ($($f:ident($($t:ty),*)),*) => {
        $(fn $f(self, $(_: $t),*) -> Result<(), NotAStruct> { Err(NotAStruct) })*
    };
}

impl<'a> ser::Serializer for Names<'a> {
    type Ok = ();
    type Error = NotAStruct;
    type SerializeSeq = Impossible<(), NotAStruct>;
    type SerializeTuple = Impossible<(), NotAStruct>;
    type SerializeTupleStruct = Impossible<(), NotAStruct>;
    type SerializeTupleVariant = Impossible<(), NotAStruct>;
    type SerializeMap = Impossible<(), NotAStruct>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), NotAStruct>;
    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str)
    );
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotAStruct> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAStruct> {
        Err(NotAStruct)
    }
}

impl SerializeStruct for Names<'_> {
    type Ok = ();
    type Error = NotAStruct;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        self.0.push(key);
        Ok(())
    }
    fn end(self) -> Result<(), NotAStruct> {
        Ok(())
    }
}

fn wg5() -> GroupInput {
    GroupInput {
        slug: Some("wg5".into()),
        name: Some("Interoperability".into()),
        kind: Some("working-group".into()),
        parent: Some("fg-mv".into()),
        mailing_list: Some("fgmv-wg5@lists.itu.int".into()),
        ..GroupInput::default()
    }
}

fn pz(zone: &str, weight: Option<i64>) -> ParticipantZoneInput {
    ParticipantZoneInput {
        zone: Some(zone.into()),
        weight,
    }
}

#[test]
fn a_group_without_participation_serializes_exactly_as_before() {
    let before = [
        "slug",
        "short_name",
        "name",
        "kind",
        "parent",
        "mailing_list",
        "contact",
        "former_mailing_lists",
    ];
    assert_eq!(field_names(&wg5()), before);
    let group = wg5().validate().expect("valid");
    assert_eq!(field_names(&group.to_input()), before);
    assert!(!field_names(&group).contains(&"participation"));
}

#[test]
fn participation_is_checked_and_given_back() {
    let input = GroupInput {
        participant_zones: vec![
            pz("Asia/Shanghai", Some(3)),
            pz("Europe/Zurich", Some(2)),
            pz("Asia/Seoul", None),
        ],
        working_hours: Some("09:00-17:30".into()),
        working_days: Some(vec!["tue".into(), "mon".into()]),
        ..wg5()
    };
    let g = input.validate().expect("valid");
    let p = &g.participation;
    assert_eq!(p.zones.len(), 3);
    assert_eq!(
        (p.zones[0].zone, p.zones[0].weight),
        (chrono_tz::Asia::Shanghai, 3)
    );
    assert_eq!(p.zones[2].weight, 1);
    assert_eq!(
        p.working_hours.map(|h| h.to_string()).as_deref(),
        Some("09:00-17:30")
    );
    let back = g.to_input();
    assert_eq!(back.participant_zones[2], pz("Asia/Seoul", Some(1)));
    assert_eq!(
        back.working_days,
        Some(vec!["mon".to_string(), "tue".to_string()])
    );
    assert_eq!(
        field_names(&back)[8..],
        ["participant_zones", "working_hours", "working_days"]
    );
    assert_eq!(back.validate(), Ok(g));
}

#[test]
fn bad_participation_names_each_field() {
    let input = GroupInput {
        participant_zones: vec![
            pz("Asia/Shanghai", Some(0)),
            pz("Geneva", None),
            pz("Asia/Seoul", Some(2)),
            pz("Asia/Seoul", Some(1)),
            ParticipantZoneInput::default(),
        ],
        working_hours: Some("20:00-08:00".into()),
        working_days: Some(vec!["mon".into(), "funday".into(), "mon".into()]),
        ..wg5()
    };
    let errs = input.validate().expect_err("invalid").0;
    let got: Vec<(&str, &str)> = errs
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "participant_zones[0].weight",
                "0 is not a weight; use a whole number from 1 to 1000"
            ),
            (
                "participant_zones[1].zone",
                "\"Geneva\" is not an IANA time zone name; use a name such as \"Europe/Zurich\" (Geneva time), \"Asia/Shanghai\" or \"America/New_York\""
            ),
            (
                "participant_zones[3].zone",
                "\"Asia/Seoul\" is listed twice; give it once with the sum of the weights"
            ),
            ("participant_zones[4].zone", "is required"),
            (
                "working_hours",
                "working hours \"20:00-08:00\" end before they start; write the earlier time first (hours cannot cross midnight)"
            ),
            (
                "working_days[1]",
                "\"funday\" is not a day; use mon, tue, wed, thu, fri, sat or sun"
            ),
            ("working_days[2]", "\"mon\" is listed twice"),
        ]
    );
    let e = GroupInput {
        working_hours: Some("8-20".into()),
        working_days: Some(vec![]),
        ..wg5()
    }
    .validate()
    .expect_err("invalid");
    assert_eq!(
        e.to_string(),
        "field `working_hours`: \"8-20\" is not a span of working hours; write it as HH:MM-HH:MM, e.g. \"08:00-20:00\"; field `working_days`: name at least one day, e.g. [\"mon\", \"tue\"]"
    );
}

#[test]
fn zones_hours_and_days_are_each_inherited_from_the_nearest_setter() {
    let g = |slug: &str, kind: &str, parent: Option<&str>| GroupInput {
        slug: Some(slug.into()),
        name: Some(slug.into()),
        kind: Some(kind.into()),
        parent: parent.map(Into::into),
        ..GroupInput::default()
    };
    let fg = GroupInput {
        participant_zones: vec![pz("Europe/Zurich", None)],
        working_days: Some(vec!["mon".into(), "tue".into(), "wed".into(), "thu".into()]),
        ..g("fg", "focus-group", None)
    };
    let wg5 = GroupInput {
        participant_zones: vec![pz("Asia/Shanghai", Some(3)), pz("Asia/Seoul", None)],
        ..g("wg5", "working-group", Some("fg"))
    };
    let tg = GroupInput {
        working_hours: Some("09:00-17:00".into()),
        ..g("tg", "task-group", Some("wg5"))
    };
    let wg3 = g("wg3", "working-group", Some("fg"));
    let tree = GroupTree::new([fg, wg5, tg, wg3].map(|i| i.validate().expect("valid group")))
        .expect("tree");
    let s = |v: &str| GroupSlug::parse(v).expect("slug");
    let zones = |v: &str| {
        tree.effective_participants(&s(v)).map(|e| {
            let names: Vec<&str> = e.zones.iter().map(|z| z.zone.name()).collect();
            (names, e.from.to_string())
        })
    };
    assert_eq!(
        zones("tg"),
        Some((vec!["Asia/Shanghai", "Asia/Seoul"], "wg5".into()))
    );
    assert_eq!(zones("wg3"), Some((vec!["Europe/Zurich"], "fg".into())));
    assert_eq!(zones("nobody"), None);
    let tg_time = tree.effective_working_time(&s("tg"));
    assert_eq!(tg_time.hours.to_string(), "09:00-17:00");
    assert_eq!(tg_time.hours_from, Some(s("tg")));
    assert_eq!(tg_time.days.names(), ["mon", "tue", "wed", "thu"]);
    assert_eq!(tg_time.days_from, Some(s("fg")));
    let wg3_time = tree.effective_working_time(&s("wg3"));
    assert_eq!(wg3_time.hours, WorkingHours::DEFAULT);
    assert_eq!(wg3_time.hours_from, None);
    assert!(!wg3_time.days.contains(Weekday::Fri));
    assert_eq!(WorkingDays::default().to_string(), "mon,tue,wed,thu,fri");
}
