//! The public history of the schedule: audit rows as changes, field by
//! field (what the `/meetings/{id}/history` and `/groups/{slug}/history`
//! pages and the `/groups/{slug}/changes.atom` feed show).
//!
//! Each audit row holds the item as given after the change (its input as
//! JSON, see `store/history.rs`). A change is the difference between a row
//! and the item's previous row: every field whose value differs, with the
//! value before and after. The first row of an item (its creation or first
//! import) lists the fields it was given. Who made it is the token's name,
//! never its id or secret.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::store::AuditEntry;

/// One field's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field as the API and schedule files name it (`start`, `until`).
    pub field: String,
    /// Its value before; empty when it had none.
    pub from: String,
    /// Its value after; empty when it has none now.
    pub to: String,
}

/// One change to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The audit row's id (later changes have higher ids).
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who: the token's name, or `import`, …
    pub by: String,
    /// `create`, `update`, `cancel`, `reinstate`, `import`, `delete`,
    /// `archive`, …
    pub action: String,
    /// `meeting`, `deadline` or `group`.
    pub subject_type: String,
    /// The item's id or slug.
    pub subject_id: String,
    /// The item's title (a meeting's `title`, a group's `name`) after the
    /// change, or before it when it has none now.
    pub title: String,
    /// The fields that changed.
    pub fields: Vec<FieldChange>,
    /// Whether the lists were told (false: a silent fix).
    pub notified: bool,
}

impl Change {
    /// "cancelled", "changed", …: the action as a past participle.
    pub fn done(&self) -> &str {
        match self.action.as_str() {
            "create" => "created",
            "update" => "changed",
            "cancel" => "cancelled",
            "reinstate" => "reinstated",
            "import" => "imported",
            "delete" => "deleted",
            "archive" => "archived",
            other => other,
        }
    }
}

/// The name to show for an audit row's actor: a token's name
/// (`token:ID (NAME)` gives `NAME`), else the actor as recorded (`import`).
pub fn public_actor(actor: &str) -> String {
    actor
        .strip_prefix("token:")
        .and_then(|rest| rest.split_once(" ("))
        .and_then(|(_, name)| name.strip_suffix(')'))
        .unwrap_or(actor)
        .to_owned()
}

/// A value as the history shows it: text as it is, lists joined with ", ",
/// anything else as JSON.
fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| show(Some(i)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// The fields that differ between two inputs (`before` none: every field
/// of `after`), in field order.
pub fn diff(before: Option<&Value>, after: &Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.as_object().unwrap_or(&empty);
    let keys: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (from, to) = (show(b.get(k)), show(a.get(k)));
            (from != to).then(|| FieldChange {
                field: k.clone(),
                from,
                to,
            })
        })
        .collect()
}

fn title_of(v: &Value) -> Option<String> {
    ["title", "name"]
        .iter()
        .find_map(|k| v.get(k).and_then(Value::as_str))
        .map(str::to_owned)
}

/// The changes of `entries` (oldest first, as the store reads them), newest
/// first. A row whose detail is not a JSON object (a delete's or an
/// archive's `{}`) changes no field and keeps the previous state.
pub fn changes(entries: &[AuditEntry]) -> Vec<Change> {
    let mut last: std::collections::HashMap<(&str, &str), Value> = Default::default();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let key = (e.subject_type.as_str(), e.subject_id.as_str());
        let detail: Value = serde_json::from_str(&e.detail).unwrap_or(Value::Null);
        let has_state = detail.as_object().is_some_and(|o| !o.is_empty());
        let before = last.get(&key);
        let fields = if has_state {
            diff(before, &detail)
        } else {
            Vec::new()
        };
        let title = title_of(&detail)
            .or_else(|| before.and_then(title_of))
            .unwrap_or_else(|| e.subject_id.clone());
        out.push(Change {
            id: e.id,
            at: e.at,
            by: public_actor(&e.actor),
            action: e.action.clone(),
            subject_type: e.subject_type.clone(),
            subject_id: e.subject_id.clone(),
            title,
            fields,
            notified: e.notified,
        });
        if has_state {
            last.insert(key, detail);
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, action: &str, detail: &str, notified: bool) -> AuditEntry {
        AuditEntry {
            id,
            at: DateTime::from_timestamp(1_900_000_000 + id * 60, 0).unwrap_or_default(),
            actor: "token:0a1b2c3d4e5f (WG5 chair (Geneva))".into(),
            action: action.into(),
            subject_type: "meeting".into(),
            subject_id: "m".into(),
            detail: detail.into(),
            notified,
        }
    }

    #[test]
    fn a_token_shows_by_its_name_only() {
        assert_eq!(public_actor("token:0a1b2c (secretariat)"), "secretariat");
        assert_eq!(
            public_actor("token:0a1b2c (WG5 chair (Geneva))"),
            "WG5 chair (Geneva)"
        );
        assert_eq!(public_actor("import"), "import");
    }

    #[test]
    fn each_change_lists_the_fields_it_moved_newest_first() {
        let rows = [
            entry(
                1,
                "create",
                r#"{"title":"T","start":"09:00","groups":["wg5"]}"#,
                true,
            ),
            entry(
                2,
                "update",
                r#"{"title":"T","start":"10:00","groups":["wg3","wg5"]}"#,
                false,
            ),
            entry(
                3,
                "cancel",
                r#"{"title":"T","start":"10:00","groups":["wg3","wg5"],"status":"cancelled"}"#,
                true,
            ),
        ];
        let c = changes(&rows);
        assert_eq!(c.iter().map(|c| c.id).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(c[0].done(), "cancelled");
        assert_eq!(
            c[0].fields,
            [FieldChange {
                field: "status".into(),
                from: String::new(),
                to: "cancelled".into()
            }]
        );
        assert_eq!(
            c[1].fields,
            [
                FieldChange {
                    field: "groups".into(),
                    from: "wg5".into(),
                    to: "wg3, wg5".into()
                },
                FieldChange {
                    field: "start".into(),
                    from: "09:00".into(),
                    to: "10:00".into()
                },
            ]
        );
        assert!(!c[1].notified);
        assert_eq!(c[1].by, "WG5 chair (Geneva)");
        assert_eq!(c[2].fields.len(), 3);
        assert_eq!(c[2].title, "T");
    }
}
