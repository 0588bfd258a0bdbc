//! Rows as both backends read them, and how they become domain values:
//! written once for SQLite and PostgreSQL.
//!
//! Each struct here is a query's columns (`sqlx::FromRow`, by name); the
//! backends' SQL selects them under these names. The column types agree on
//! both backends but for instants: SQLite keeps TEXT `YYYY-MM-DDTHH:MM:SSZ`,
//! PostgreSQL `TIMESTAMPTZ`. [`At`] takes either (its `Decode` impls are in
//! `sqlite/mod.rs` and `postgres/mod.rs`), and [`At::get`] turns it into a
//! `DateTime<Utc>`, so a malformed stored text is a [`StoreError::Corrupt`]
//! as before. Integers that PostgreSQL keeps as `INTEGER` are read as `i32`
//! on both.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use convene_core::{Catalog, GroupSlug, GroupTree};

use super::tx::{Answer, ExistingRow, ExistingRows};
use super::{
    OutboxMail, Stamp, StoreError, StoredDeadline, StoredMeeting, TokenRecord, catalog_from_parts,
    deadline_from_json, dropped_from_json, group_from_json, meeting_from_json, parse_kind,
    parse_subject,
};

/// An instant as a backend returns it.
#[derive(Debug, Clone)]
pub(super) enum At {
    /// SQLite's text, parsed by [`At::get`].
    Text(String),
    /// PostgreSQL's `TIMESTAMPTZ`.
    Utc(DateTime<Utc>),
}

impl At {
    /// The instant, or [`StoreError::Corrupt`] for text that is not one.
    pub(super) fn get(self) -> Result<DateTime<Utc>, StoreError> {
        match self {
            At::Text(s) => super::sqlite::parse_ts(&s),
            At::Utc(t) => Ok(t),
        }
    }

    /// [`At::get`] of a nullable column.
    pub(super) fn get_opt(at: Option<At>) -> Result<Option<DateTime<Utc>>, StoreError> {
        at.map(At::get).transpose()
    }
}

/// `SELECT id, input, version, updated_at, dropped FROM meetings`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct MeetingRow {
    id: String,
    input: String,
    version: i64,
    updated_at: At,
    dropped: String,
}

impl MeetingRow {
    pub(super) fn into_stored(self) -> Result<StoredMeeting, StoreError> {
        Ok(StoredMeeting {
            dropped: dropped_from_json(&self.id, &self.dropped)?,
            meeting: meeting_from_json(&self.id, &self.input)?,
            version: self.version,
            updated_at: self.updated_at.get()?,
        })
    }

    /// [`MeetingRow::into_stored`], with the meeting from `parsed` when it
    /// holds this row's very text.
    pub(super) fn into_stored_via(
        self,
        parsed: &super::ParsedMeetings,
    ) -> Result<StoredMeeting, StoreError> {
        let updated_at = self.updated_at.get()?;
        let (meeting, dropped) = parsed.get(self.id, self.input, self.dropped)?;
        Ok(StoredMeeting {
            meeting,
            version: self.version,
            updated_at,
            dropped,
        })
    }
}

/// `SELECT meeting_id, digest FROM meeting_groups`: what tells a feed
/// whether it keeps a meeting's events written.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct MeetingStampRow {
    meeting_id: String,
    digest: Option<i64>,
}

impl MeetingStampRow {
    pub(super) fn into_stamp(self) -> super::MeetingStamp {
        super::MeetingStamp {
            id: self.meeting_id,
            digest: self.digest,
        }
    }
}

/// [`MeetingStampRow`]s from SQLite's one-row JSON of them: an array of
/// `[meeting_id, digest]`. The usual text (ids without escapes, as every
/// id convene writes) is cut as it is, without serde's copies; anything
/// else is read by serde_json.
pub(super) fn stamp_rows_from_json(json: &str) -> Result<Vec<MeetingStampRow>, StoreError> {
    if let Some(rows) = plain_stamps(json) {
        return Ok(rows);
    }
    let rows: Vec<(String, Option<i64>)> =
        serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
            what: "meetings' stamps",
            id: String::new(),
            why: e.to_string(),
        })?;
    Ok(rows
        .into_iter()
        .map(|(meeting_id, digest)| MeetingStampRow { meeting_id, digest })
        .collect())
}

/// `[["ID",DIGEST],…]` with ids that hold no `"` or `\\`; `None` for
/// anything else.
fn plain_stamps(json: &str) -> Option<Vec<MeetingStampRow>> {
    let items = json.strip_prefix('[')?.strip_suffix(']')?;
    if items.is_empty() {
        return Some(Vec::new());
    }
    let items = items.strip_prefix("[\"")?.strip_suffix(']')?;
    items
        .split("],[\"")
        .map(|item| {
            let (id, digest) = item.split_once("\",")?;
            if id.contains(['"', '\\']) {
                return None;
            }
            let digest = match digest {
                "null" => None,
                d => Some(d.parse().ok()?),
            };
            Some(MeetingStampRow {
                meeting_id: id.to_owned(),
                digest,
            })
        })
        .collect()
}

/// `SELECT id, input, version, updated_at, dropped, digest FROM meetings`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct DigestedMeetingRow {
    #[sqlx(flatten)]
    row: MeetingRow,
    digest: Option<i64>,
}

impl DigestedMeetingRow {
    /// The meeting (from `parsed` when it holds this very text) and its
    /// digest: as stored, or worked out from the row when not known.
    pub(super) fn into_stored_via(
        self,
        parsed: &super::ParsedMeetings,
    ) -> Result<(StoredMeeting, i64), StoreError> {
        let r = self.row;
        let digest = match self.digest {
            Some(d) => d,
            None => {
                let at = r.updated_at.clone().get()?;
                super::meeting_digest(&r.input, &r.dropped, r.version, at)
            }
        };
        Ok((r.into_stored_via(parsed)?, digest))
    }
}

/// `SELECT id, input, dropped, version, updated_at FROM meetings`: a row
/// whose digest is to be worked out.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct DigestSource {
    id: String,
    input: String,
    dropped: String,
    version: i64,
    updated_at: At,
}

impl DigestSource {
    /// The row's id, text and version, and its digest.
    pub(super) fn digest(self) -> Result<(String, String, String, i64, i64), StoreError> {
        let at = self.updated_at.get()?;
        let digest = super::meeting_digest(&self.input, &self.dropped, self.version, at);
        Ok((self.id, self.input, self.dropped, self.version, digest))
    }
}

/// [`DeadlineRow`]s from SQLite's one-row JSON of them: an array of
/// `[id, input, version, updated_at]`.
pub(super) fn deadline_rows_from_json(json: &str) -> Result<Vec<DeadlineRow>, StoreError> {
    let rows: Vec<(String, String, i64, String)> =
        serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
            what: "deadlines",
            id: String::new(),
            why: e.to_string(),
        })?;
    Ok(rows
        .into_iter()
        .map(|(id, input, version, at)| DeadlineRow {
            id,
            input,
            version,
            updated_at: At::Text(at),
        })
        .collect())
}

/// `SELECT id, input, version, updated_at FROM deadlines`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct DeadlineRow {
    id: String,
    input: String,
    version: i64,
    updated_at: At,
}

impl DeadlineRow {
    pub(super) fn into_stored(self) -> Result<StoredDeadline, StoreError> {
        Ok(StoredDeadline {
            deadline: deadline_from_json(&self.id, &self.input)?,
            version: self.version,
            updated_at: self.updated_at.get()?,
        })
    }
}

/// Maps every row, stopping at the first that makes no sense.
pub(super) fn all<R, T>(
    rows: Vec<R>,
    f: impl Fn(R) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    rows.into_iter().map(f).collect()
}

/// `SELECT slug, input FROM groups`, in tree order (parents first).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct GroupRow {
    slug: String,
    input: String,
}

/// [`GroupRow`]s from SQLite's one row of them: `slug US input`, joined
/// by RS (see `sqlite::reads::group_rows`).
pub(super) fn group_rows_from_joined(joined: &str) -> Result<Vec<GroupRow>, StoreError> {
    if joined.is_empty() {
        return Ok(Vec::new());
    }
    joined
        .split('\u{1e}')
        .map(|g| match g.split_once('\u{1f}') {
            Some((slug, input)) => Ok(GroupRow {
                slug: slug.to_owned(),
                input: input.to_owned(),
            }),
            None => Err(StoreError::Corrupt {
                what: "groups",
                id: String::new(),
                why: "a group's row holds a control character".into(),
            }),
        })
        .collect()
}

/// A fingerprint of the groups' rows as stored (each slug and text, in
/// order): what a feed's kept events were written with (`calendar/kept.rs`).
pub(super) fn groups_fingerprint(rows: &[GroupRow]) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    for r in rows {
        r.slug.hash(&mut h);
        r.input.hash(&mut h);
    }
    h.finish()
}

/// The group tree from its rows.
///
/// The last tree made is kept with the rows it was made from, and given
/// again for the very same rows: every feed and page reads the groups,
/// which seldom change, and parsing and validating each one's JSON again
/// each time cost about as much as the rest of a feed's reads.
pub(super) fn group_tree(rows: Vec<GroupRow>) -> Result<GroupTree, StoreError> {
    Ok(GroupTree::clone(&*shared_group_tree(rows)?))
}

/// [`group_tree`], shared rather than copied.
pub(super) fn shared_group_tree(rows: Vec<GroupRow>) -> Result<Arc<GroupTree>, StoreError> {
    type Made = Arc<(Vec<GroupRow>, Arc<GroupTree>)>;
    static LAST: Mutex<Option<Made>> = Mutex::new(None);
    let last = LAST.lock().ok().and_then(|l| l.clone());
    if let Some(made) = last
        && made.0 == rows
    {
        return Ok(made.1.clone());
    }
    let groups = all(rows.clone(), |r| group_from_json(&r.slug, &r.input))?;
    let tree = Arc::new(GroupTree::new(groups).map_err(|e| StoreError::Corrupt {
        what: "group tree",
        id: String::new(),
        why: e.to_string(),
    })?);
    if let Ok(mut l) = LAST.lock() {
        *l = Some(Arc::new((rows, tree.clone())));
    }
    Ok(tree)
}

/// Archived groups' slugs (one that no longer parses is left out).
pub(super) fn slugs(rows: Vec<String>) -> Vec<GroupSlug> {
    rows.iter()
        .filter_map(|s| GroupSlug::parse(s).ok())
        .collect()
}

/// The catalog from the group tree, every meeting and every deadline.
pub(super) fn catalog(
    tree: GroupTree,
    meetings: Vec<StoredMeeting>,
    deadlines: Vec<StoredDeadline>,
) -> Result<Catalog, StoreError> {
    let meetings = meetings.into_iter().map(|m| m.meeting).collect();
    let deadlines = deadlines.into_iter().map(|d| d.deadline).collect();
    catalog_from_parts(tree, meetings, deadlines)
}

/// `SELECT id, at FROM audit_log`: the newest row, if any.
pub(super) fn stamp(row: Option<(i64, At)>) -> Result<Stamp, StoreError> {
    Ok(match row {
        Some((change, at)) => Stamp {
            change,
            at: Some(at.get()?),
        },
        None => Stamp::default(),
    })
}

/// The columns of `api_tokens`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct TokenRow {
    id: String,
    name: String,
    admin: bool,
    group_slug: Option<String>,
    secret_hash: String,
    created_at: At,
    revoked_at: Option<At>,
}

impl TokenRow {
    pub(super) fn into_record(self) -> Result<TokenRecord, StoreError> {
        Ok(TokenRecord {
            id: self.id,
            name: self.name,
            admin: self.admin,
            group: self.group_slug.and_then(|g| GroupSlug::parse(&g).ok()),
            secret_hash: self.secret_hash,
            created_at: self.created_at.get()?,
            revoked_at: At::get_opt(self.revoked_at)?,
        })
    }
}

/// An insert that broke a unique constraint is a [`StoreError::Duplicate`].
pub(super) fn unique<T>(
    r: Result<T, sqlx::Error>,
    what: &'static str,
    id: &str,
) -> Result<T, StoreError> {
    match r {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::Duplicate {
            what,
            id: id.to_owned(),
        }),
        other => Ok(other?),
    }
}

/// Whether saving a group may go ahead: a creation needs the slug free, an
/// update needs it taken.
pub(super) fn group_presence(create: bool, exists: bool, slug: &str) -> Result<(), StoreError> {
    match (create, exists) {
        (true, true) => Err(StoreError::Duplicate {
            what: "group",
            id: slug.to_owned(),
        }),
        (false, false) => Err(StoreError::NotFound {
            what: "group",
            id: slug.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// An outbox row's mail columns.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct MailRow {
    subject_type: String,
    subject_id: String,
    subject_version: i64,
    kind: String,
    recipients: String,
    due_at: At,
    expires_at: At,
    status: String,
    message_id: String,
}

impl MailRow {
    /// The mail, or [`StoreError::Corrupt`] when a column makes no sense.
    pub(super) fn into_mail(self) -> Result<OutboxMail, StoreError> {
        let corrupt = |why: &str| StoreError::Corrupt {
            what: "outbox row",
            id: self.message_id.clone(),
            why: why.to_owned(),
        };
        Ok(OutboxMail {
            subject: parse_subject(&self.subject_type, &self.subject_id)
                .ok_or_else(|| corrupt("unknown subject"))?,
            subject_version: self.subject_version,
            kind: parse_kind(&self.kind).ok_or_else(|| corrupt("unknown kind"))?,
            recipients: serde_json::from_str(&self.recipients)
                .map_err(|_| corrupt("recipients are not a JSON list"))?,
            due_at: self.due_at.get()?,
            expires_at: self.expires_at.get()?,
            status: self.status,
            message_id: self.message_id,
        })
    }
}

/// `SELECT slug|id, input, imported_input, version`: what an import compares.
pub(super) type Existing = (String, String, Option<String>, i64);

/// Stored groups, meetings and deadlines by id, from their rows.
pub(super) fn existing(tables: [Vec<Existing>; 3]) -> [ExistingRows; 3] {
    tables.map(|rows| {
        rows.into_iter()
            .map(|(id, input, imported, version)| {
                let row = ExistingRow {
                    input,
                    imported,
                    version,
                };
                (id, row)
            })
            .collect()
    })
}

/// `SELECT request_hash, response_status, response_body, response_type,
/// response_location, response_etag FROM idempotency_keys`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct KeyRow {
    request_hash: String,
    response_status: i32,
    response_body: String,
    response_type: String,
    response_location: Option<String>,
    response_etag: Option<String>,
}

impl KeyRow {
    /// The request's hash, and its answer once it has one (status 0: not
    /// yet answered).
    pub(super) fn into_claim(self) -> (String, Option<Answer>) {
        let answer = (self.response_status != 0).then(|| Answer {
            status: u16::try_from(self.response_status).unwrap_or(500),
            body: self.response_body,
            content_type: self.response_type,
            location: self.response_location,
            etag: self.response_etag,
        });
        (self.request_hash, answer)
    }
}

/// `SELECT tokens, refilled_at_ms FROM write_rate_buckets`.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct BucketRow {
    tokens: f64,
    refilled_at_ms: i64,
}

impl BucketRow {
    pub(super) fn into_bucket(self) -> super::rate_limit::Bucket {
        super::rate_limit::Bucket {
            tokens: self.tokens,
            refilled_at_ms: self.refilled_at_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps(json: &str) -> Vec<(String, Option<i64>)> {
        stamp_rows_from_json(json)
            .expect("stamps")
            .into_iter()
            .map(|r| (r.meeting_id, r.digest))
            .collect()
    }

    #[test]
    fn stamps_read_the_same_cut_or_parsed() {
        let json = r#"[["wg5-a",-12],["wg5-b",null],["wg5-c",9223372036854775807]]"#;
        let want = vec![
            ("wg5-a".to_owned(), Some(-12)),
            ("wg5-b".to_owned(), None),
            ("wg5-c".to_owned(), Some(i64::MAX)),
        ];
        assert!(plain_stamps(json).is_some());
        assert_eq!(stamps(json), want);
        assert_eq!(stamps("[]"), vec![]);
        // An id with an escape (never written by convene, but a row edited
        // by hand may hold one): read by serde_json, not cut.
        let odd = r#"[["a\"],[\"b",1],["c",2]]"#;
        assert!(plain_stamps(odd).is_none());
        assert_eq!(
            stamps(odd),
            vec![("a\"],[\"b".to_owned(), Some(1)), ("c".to_owned(), Some(2))]
        );
        assert!(stamp_rows_from_json("[[1,2]").is_err());
    }

    #[test]
    fn groups_are_cut_at_their_separators() {
        let rows = group_rows_from_joined("fg\u{1f}{\"a\":1}\u{1e}wg1\u{1f}{}").expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[1].slug.as_str(), rows[1].input.as_str()),
            ("wg1", "{}")
        );
        assert!(group_rows_from_joined("").expect("none").is_empty());
        assert!(group_rows_from_joined("fg").is_err());
    }
}
