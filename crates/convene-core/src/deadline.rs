//! Deadlines: visa support letter requests, contributions, registration. Tied
//! to a meeting or to a group; a date, with a time and zone when announced so.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::meeting::Defaults;
use crate::text::{Contact, Email, GroupSlug, ItemId, Note, Title, WebUrl};
use crate::time::{Fold, day_start, parse_date, parse_time, parse_zone, resolve_local};
use crate::validation::FieldErrors;

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// Requests for a visa support letter.
    VisaSupportLetter,
    /// Submission of contributions.
    Contribution,
    /// Registration or pre-registration.
    Registration,
    /// Anything else.
    Other,
}

impl DeadlineKind {
    /// Every kind.
    pub const ALL: [DeadlineKind; 4] = [
        Self::VisaSupportLetter,
        Self::Contribution,
        Self::Registration,
        Self::Other,
    ];

    /// The kebab-case name used in files and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::VisaSupportLetter => "visa-support-letter",
            Self::Contribution => "contribution",
            Self::Registration => "registration",
            Self::Other => "other",
        }
    }

    /// What closes, for people ("Visa support letter requests").
    pub fn label(&self) -> &'static str {
        match self {
            Self::VisaSupportLetter => "Visa support letter requests",
            Self::Contribution => "Contributions",
            Self::Registration => "Registration",
            Self::Other => "Deadline",
        }
    }

    /// Parses a kind name.
    pub fn parse(value: &str) -> Result<Self, String> {
        crate::text::parse_kind(Self::ALL, Self::as_str, "deadline kind", value)
    }
}

/// What a deadline belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// A meeting's deadline (its groups get the reminders).
    Meeting(ItemId),
    /// A group's own deadline.
    Group(GroupSlug),
}

/// A deadline as an organizer writes it (schedule file `[[deadlines]]`, API
/// body). Exactly one of `meeting` and `group`; at most one of `email` and
/// `url`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineInput {
    /// Stable id, `[a-z0-9-]`.
    pub id: Option<String>,
    /// The meeting it belongs to.
    pub meeting: Option<String>,
    /// The group it belongs to.
    pub group: Option<String>,
    /// `visa-support-letter`, `contribution`, `registration`, `other`.
    pub kind: Option<String>,
    /// What closes, when the kind's label is not enough ("Pre-registration").
    pub title: Option<String>,
    /// The last day, `YYYY-MM-DD`, in the years
    /// [`MIN_YEAR`](crate::time::MIN_YEAR)..=[`MAX_YEAR`](crate::time::MAX_YEAR).
    pub date: Option<String>,
    /// The closing time on that day, `HH:MM`; without it the whole day counts.
    pub time: Option<String>,
    /// IANA zone; the meeting's zone (or the default) when left out.
    pub zone: Option<String>,
    /// For a local time that happens twice: `earlier` or `later`.
    pub ambiguous: Option<String>,
    /// Where to send it by e-mail.
    pub email: Option<String>,
    /// Where to send or register on the web.
    pub url: Option<String>,
    /// Free text ("Request form and necessary documents").
    pub note: Option<String>,
    /// `true` when worked out by a deadline policy (see
    /// [`crate::derive::derive_deadlines`]) rather than announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<bool>,
}

/// A valid deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    id: ItemId,
    owner: Owner,
    kind: DeadlineKind,
    title: Option<Title>,
    date: NaiveDate,
    time: Option<NaiveTime>,
    zone: Tz,
    fold: Option<Fold>,
    submit_to: Option<Contact>,
    note: Option<Note>,
    closes_at: DateTime<Utc>,
    derived: bool,
}

impl DeadlineInput {
    /// Checks every field. `defaults.zone` should be the owning meeting's
    /// zone when there is one. Owner existence is checked by the catalog.
    pub fn validate(&self, defaults: &Defaults) -> Result<Deadline, FieldErrors> {
        let mut errs = FieldErrors::default();
        let id = errs.required("id", self.id.as_deref(), ItemId::parse);
        let owner = match (&self.meeting, &self.group) {
            (Some(m), None) => errs
                .optional("meeting", Some(m), ItemId::parse)
                .map(Owner::Meeting),
            (None, Some(g)) => errs
                .optional("group", Some(g), GroupSlug::parse)
                .map(Owner::Group),
            (Some(_), Some(_)) => {
                errs.push("group", "give either `meeting` or `group`, not both");
                None
            }
            (None, None) => {
                errs.push(
                    "meeting",
                    "is required (or `group` for a group's own deadline)",
                );
                None
            }
        };
        let kind = errs.required("kind", self.kind.as_deref(), DeadlineKind::parse);
        let title = errs.optional("title", self.title.as_deref(), Title::parse);
        let date = errs.required("date", self.date.as_deref(), parse_date);
        let time = errs.optional("time", self.time.as_deref(), parse_time);
        let zone = errs
            .optional("zone", self.zone.as_deref(), parse_zone)
            .unwrap_or(defaults.zone);
        let fold = errs.optional("ambiguous", self.ambiguous.as_deref(), Fold::parse);
        let submit_to = match (&self.email, &self.url) {
            (Some(e), None) => errs
                .optional("email", Some(e), Email::parse)
                .map(Contact::Email),
            (None, Some(u)) => errs
                .optional("url", Some(u), WebUrl::parse)
                .map(Contact::Url),
            (Some(_), Some(_)) => {
                errs.push("url", "give either `email` or `url`, not both");
                None
            }
            (None, None) => None,
        };
        let note = errs.optional("note", self.note.as_deref(), Note::parse);
        let closes_at = date.and_then(|d| match time {
            Some(t) => match resolve_local(zone, d.and_time(t), fold) {
                Ok(at) => Some(at),
                Err(e) => {
                    errs.push("time", e.to_string());
                    None
                }
            },
            None => d.succ_opt().map(|next| day_start(zone, next)),
        });
        match (id, owner, kind, date, closes_at) {
            (Some(id), Some(owner), Some(kind), Some(date), Some(closes_at)) if errs.is_empty() => {
                Ok(Deadline {
                    id,
                    owner,
                    kind,
                    title,
                    date,
                    time,
                    zone,
                    fold,
                    submit_to,
                    note,
                    closes_at,
                    derived: self.derived.unwrap_or(false),
                })
            }
            _ => Err(errs),
        }
    }
}

impl Deadline {
    /// The stable id.
    pub fn id(&self) -> &ItemId {
        &self.id
    }
    /// The meeting or group it belongs to.
    pub fn owner(&self) -> &Owner {
        &self.owner
    }
    /// What it is for.
    pub fn kind(&self) -> DeadlineKind {
        self.kind
    }
    /// The organizer's title, if any.
    pub fn title(&self) -> Option<&Title> {
        self.title.as_ref()
    }
    /// What closes: the title, or the kind's label.
    pub fn what(&self) -> &str {
        self.title
            .as_ref()
            .map_or(self.kind.label(), |t| t.as_str())
    }
    /// What the deadline is for, in `lang`: its title as the organizer
    /// wrote it, else its kind's name in that language
    /// (`deadline-title-KIND` in `common.ftl`; English is
    /// [`DeadlineKind::label`]).
    pub fn what_in(&self, lang: crate::i18n::Lang) -> std::borrow::Cow<'_, str> {
        match (&self.title, lang) {
            (Some(t), _) => std::borrow::Cow::Borrowed(t.as_str()),
            (None, crate::i18n::Lang::En) => std::borrow::Cow::Borrowed(self.kind.label()),
            (None, lang) => std::borrow::Cow::Owned(crate::i18n::t_plain(
                lang,
                &format!("deadline-title-{}", self.kind.as_str()),
                &[],
            )),
        }
    }
    /// The last day, local.
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    /// The closing time on that day, if announced.
    pub fn time(&self) -> Option<NaiveTime> {
        self.time
    }
    /// The zone of the date and time.
    pub fn zone(&self) -> Tz {
        self.zone
    }
    /// Where to send or register.
    pub fn submit_to(&self) -> Option<&Contact> {
        self.submit_to.as_ref()
    }
    /// Free text.
    pub fn note(&self) -> Option<&Note> {
        self.note.as_ref()
    }
    /// Whether a deadline policy worked it out (rather than an organizer).
    pub fn derived(&self) -> bool {
        self.derived
    }
    /// The instant it closes: the given time, or the end of the day.
    pub fn closes_at(&self) -> DateTime<Utc> {
        self.closes_at
    }
    /// The moment reminders count back from: the closing time when one is
    /// given, else the start of the deadline's day (so "7 days before 20 June"
    /// is 13 June, the same weekday).
    pub fn anchor(&self) -> DateTime<Utc> {
        match self.time {
            Some(_) => self.closes_at,
            None => day_start(self.zone, self.date),
        }
    }

    /// The input that gives this deadline back.
    pub fn to_input(&self) -> DeadlineInput {
        let (meeting, group) = match &self.owner {
            Owner::Meeting(m) => (Some(m.to_string()), None),
            Owner::Group(g) => (None, Some(g.to_string())),
        };
        let (email, url) = match &self.submit_to {
            Some(Contact::Email(e)) => (Some(e.to_string()), None),
            Some(Contact::Url(u)) => (None, Some(u.to_string())),
            None => (None, None),
        };
        DeadlineInput {
            id: Some(self.id.to_string()),
            meeting,
            group,
            kind: Some(self.kind.as_str().to_owned()),
            title: self.title.as_ref().map(|t| t.to_string()),
            date: Some(self.date.to_string()),
            time: self.time.map(|t| t.format("%H:%M").to_string()),
            zone: Some(self.zone.name().to_owned()),
            ambiguous: self.fold.map(|f| match f {
                Fold::Earlier => "earlier".to_owned(),
                Fold::Later => "later".to_owned(),
            }),
            email,
            url,
            note: self.note.as_ref().map(|n| n.to_string()),
            derived: self.derived.then_some(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    fn visa() -> DeadlineInput {
        DeadlineInput {
            id: Some("fgmv-2-visa".into()),
            meeting: Some("fgmv-2".into()),
            kind: Some("visa-support-letter".into()),
            date: Some("2023-06-20".into()),
            email: Some("jjajun.yao@sh-aia.com".into()),
            ..DeadlineInput::default()
        }
    }

    #[test]
    fn a_date_only_deadline_closes_at_the_end_of_its_day_in_the_meeting_zone() {
        let shanghai = Defaults {
            zone: chrono_tz::Asia::Shanghai,
        };
        let d = visa().validate(&shanghai).expect("valid");
        assert_eq!(d.closes_at(), utc("2023-06-20T16:00:00Z"));
        assert_eq!(d.anchor(), utc("2023-06-19T16:00:00Z"));
        assert_eq!(d.what(), "Visa support letter requests");
        assert_eq!(
            d.submit_to().map(|c| c.to_string()).as_deref(),
            Some("jjajun.yao@sh-aia.com")
        );
        assert_eq!(d.to_input().validate(&shanghai), Ok(d));
    }

    #[test]
    fn an_untitled_deadline_is_named_by_its_kind_in_each_language() {
        use crate::i18n::Lang;
        let shanghai = Defaults {
            zone: chrono_tz::Asia::Shanghai,
        };
        let d = visa().validate(&shanghai).expect("valid");
        assert_eq!(d.what_in(Lang::En), "Visa support letter requests");
        assert_eq!(d.what_in(Lang::Fr), "Demandes de lettre d'appui pour visa");
        assert_eq!(d.what_in(Lang::Zh), "签证支持信申请");
        // No bidi marks: the name goes into messages that isolate it.
        assert_eq!(d.what_in(Lang::Ar), "طلبات رسائل دعم التأشيرة");
        let titled = DeadlineInput {
            title: Some("Pre-registration".into()),
            ..visa()
        }
        .validate(&shanghai)
        .expect("valid");
        assert_eq!(titled.what_in(Lang::Ru), "Pre-registration");
    }

    #[test]
    fn a_timed_deadline_closes_at_its_time() {
        let d = DeadlineInput {
            time: Some("23:59".into()),
            zone: Some("Europe/Zurich".into()),
            ..visa()
        }
        .validate(&Defaults::default())
        .expect("valid");
        assert_eq!(d.closes_at(), utc("2023-06-20T21:59:00Z"));
        assert_eq!(d.anchor(), d.closes_at());
    }

    #[test]
    fn bad_deadlines_name_their_fields() {
        let i = DeadlineInput {
            group: Some("wg1".into()),
            kind: Some("visa".into()),
            date: Some("2023-03-26".into()),
            time: Some("02:30".into()),
            url: Some("https://example.org/".into()),
            ..visa()
        };
        let fields: Vec<String> = i
            .validate(&Defaults::default())
            .expect_err("invalid")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["group", "kind", "url", "time"]);
    }

    #[test]
    fn deadline_dates_outside_1900_to_2200_are_refused() {
        for v in ["0000-01-01", "1899-12-31", "2201-01-01"] {
            let e = DeadlineInput {
                date: Some(v.into()),
                ..visa()
            }
            .validate(&Defaults::default())
            .expect_err("out of range");
            assert_eq!(
                e.0,
                [crate::validation::FieldError::new(
                    "date",
                    format!("\"{v}\" is out of range: the year must be between 1900 and 2200")
                )]
            );
        }
        for v in ["1900-01-01", "2200-12-31"] {
            let d = DeadlineInput {
                date: Some(v.into()),
                zone: Some("Etc/GMT+12".into()),
                ..visa()
            }
            .validate(&Defaults::default())
            .expect("in range");
            assert_eq!(d.date().to_string(), v);
        }
        // The whole last day closes at local midnight, in 2201 UTC.
        let d = DeadlineInput {
            date: Some("2200-12-31".into()),
            zone: Some("Etc/GMT+12".into()),
            ..visa()
        }
        .validate(&Defaults::default())
        .expect("in range");
        assert_eq!(d.closes_at(), utc("2201-01-01T12:00:00Z"));
    }
}
