//! The meeting form: its fields (the API's names), read from a posted
//! `application/x-www-form-urlencoded` body, turned into the use cases'
//! [`MeetingInput`] (create) or merge patch (edit), and written back as
//! hidden fields for the preview's confirm form.

use convene_core::{FieldError, MeetingInput};
use serde_json::{Map, Value};

use super::zones;

/// The meeting's text fields, in the form's order: the API's names.
pub(super) const TEXT_FIELDS: &[&str] = &[
    "id",
    "title",
    "kind",
    "zone",
    "date",
    "until",
    "start",
    "end",
    "recurrence",
    "remote_url",
    "venue",
    "city",
    "country",
    "url",
    "description",
];

/// A posted form: every field as sent, in order.
#[derive(Debug, Clone, Default)]
pub(super) struct Posted(pub Vec<(String, String)>);

impl Posted {
    pub(super) fn parse(body: &[u8]) -> Self {
        Posted(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `key`, trimmed ("" when absent).
    pub(super) fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.trim())
    }

    /// Whether `key` is ticked (`1`, `on`, `true`).
    pub(super) fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), "1" | "on" | "true" | "yes")
    }

    /// Every value of `groups` (ticked boxes, or one comma-separated text).
    pub(super) fn groups(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (k, v) in &self.0 {
            if k != "groups" {
                continue;
            }
            for g in v.split(',').map(str::trim).filter(|g| !g.is_empty()) {
                if !out.iter().any(|o| o == g) {
                    out.push(g.to_owned());
                }
            }
        }
        out
    }
}

/// The meeting form's values, as shown in its inputs.
#[derive(Debug, Clone, Default)]
pub(super) struct MeetingForm {
    /// Field → value.
    pub values: Vec<(String, String)>,
    pub groups: Vec<String>,
    /// `deadlines=derive`.
    pub derive: bool,
    /// The version an edit was made against.
    pub version: String,
}

impl MeetingForm {
    pub(super) fn from_posted(p: &Posted) -> Self {
        let mut values: Vec<(String, String)> = TEXT_FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), p.get(f).to_owned()))
            .collect();
        // A city typed in `zone` becomes its zone.
        if let Some((_, z)) = values.iter_mut().find(|(k, _)| k == "zone")
            && let Some(found) = zones::resolve(z)
        {
            *z = found;
        }
        MeetingForm {
            values,
            groups: p.groups(),
            derive: p.get("deadlines") == "derive",
            version: p.get("version").to_owned(),
        }
    }

    /// The form of a stored meeting.
    pub(super) fn from_input(input: &MeetingInput, version: i64) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let values = vec![
            ("id", s(&input.id)),
            ("title", s(&input.title)),
            ("kind", s(&input.kind)),
            ("zone", s(&input.zone)),
            ("date", s(&input.date)),
            ("until", s(&input.until)),
            ("start", s(&input.start)),
            ("end", s(&input.end)),
            ("recurrence", s(&input.recurrence)),
            ("remote_url", s(&input.remote_url)),
            ("venue", s(&input.venue)),
            ("city", s(&input.city)),
            ("country", s(&input.country)),
            ("url", s(&input.url)),
            ("description", s(&input.description)),
        ];
        MeetingForm {
            values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            groups: input.groups.clone(),
            derive: false,
            version: version.to_string(),
        }
    }

    pub(super) fn get(&self, key: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    pub(super) fn set(&mut self, key: &str, value: String) {
        if let Some((_, v)) = self.values.iter_mut().find(|(k, _)| k == key) {
            *v = value;
        }
    }

    fn opt(&self, key: &str) -> Option<String> {
        Some(self.get(key).to_owned()).filter(|v| !v.is_empty())
    }

    /// The id to use when none was typed: the first group, the date and
    /// the kind (`wg5-2023-09-06-e-meeting`), as the seed names meetings.
    fn default_id(&self) -> Option<String> {
        let group = self.groups.first()?;
        let date = self.opt("date")?;
        let kind = self.opt("kind").unwrap_or_else(|| "meeting".to_owned());
        Some(format!("{group}-{date}-{kind}"))
    }

    /// A new meeting's input.
    pub(super) fn input(&self) -> MeetingInput {
        MeetingInput {
            id: self.opt("id").or_else(|| self.default_id()),
            title: self.opt("title"),
            groups: self.groups.clone(),
            kind: self.opt("kind"),
            zone: self.opt("zone"),
            date: self.opt("date"),
            until: self.opt("until"),
            start: self.opt("start"),
            end: self.opt("end"),
            recurrence: self.opt("recurrence"),
            remote_url: self.opt("remote_url"),
            venue: self.opt("venue"),
            city: self.opt("city"),
            country: self.opt("country"),
            url: self.opt("url"),
            description: self.opt("description"),
            ..MeetingInput::default()
        }
    }

    /// An edit as a JSON merge patch over the stored input: every field of
    /// the form (an empty one removes the field), the id left alone.
    pub(super) fn patch(&self) -> Map<String, Value> {
        let mut m = Map::new();
        for (k, v) in &self.values {
            if k == "id" {
                continue;
            }
            let value = if v.is_empty() {
                Value::Null
            } else {
                Value::String(v.clone())
            };
            m.insert(k.clone(), value);
        }
        m.insert(
            "groups".to_owned(),
            Value::from(self.groups.iter().map(String::as_str).collect::<Vec<_>>()),
        );
        m
    }

    /// The fields as hidden inputs, to post them again (confirm, a slot).
    pub(super) fn hidden(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .values
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        out.extend(self.groups.iter().map(|g| ("groups".to_owned(), g.clone())));
        if self.derive {
            out.push(("deadlines".to_owned(), "derive".to_owned()));
        }
        if !self.version.is_empty() {
            out.push(("version".to_owned(), self.version.clone()));
        }
        out
    }
}

/// A use case's field name as the form names it: a batch's
/// `changes[0].meeting.start` is the form's `start`; `groups[1]` is
/// `groups`.
pub(super) fn form_field(field: &str) -> String {
    let f = field
        .strip_prefix("changes[0].")
        .map(|r| {
            r.strip_prefix("meeting.")
                .or_else(|| r.strip_prefix("deadline."))
                .unwrap_or(r)
        })
        .unwrap_or(field);
    match f.split_once('[') {
        Some((head, _)) => head.to_owned(),
        None => f.to_owned(),
    }
}

/// Errors as the form shows them: (field, message), field as named in the
/// form.
pub(super) fn form_errors(errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (form_field(&e.field), e.message.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{MeetingForm, Posted, form_field};

    #[test]
    fn reads_the_api_fields_and_a_city_as_zone() {
        let p = Posted::parse(
            b"title=WG5+extra&groups=wg5&kind=e-meeting&zone=Geneva&date=2023-09-06&start=09%3A00&end=10%3A00&deadlines=derive",
        );
        let f = MeetingForm::from_posted(&p);
        let i = f.input();
        assert_eq!(i.zone.as_deref(), Some("Europe/Zurich"));
        assert_eq!(i.id.as_deref(), Some("wg5-2023-09-06-e-meeting"));
        assert_eq!(i.groups, ["wg5"]);
        assert!(f.derive);
        assert!(f.hidden().contains(&("deadlines".into(), "derive".into())));
    }

    #[test]
    fn names_fields_as_the_form_does() {
        assert_eq!(form_field("changes[0].meeting.start"), "start");
        assert_eq!(form_field("changes[0].meeting.groups[0]"), "groups");
        assert_eq!(form_field("title"), "title");
    }
}
