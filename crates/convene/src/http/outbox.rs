//! Mail over HTTP:
//! - `GET /api/v1/reminders?from=&to=` (public, like the schedule it is
//!   made of): the mails due in a period, sent or not, with their subject;
//! - `GET /api/v1/outbox?status=&from=&to=&limit=` (admin): the outbox rows,
//!   e.g. the dead letters (`status=dead`), with their last error;
//! - `POST /api/v1/outbox/{id}/retry` (admin): a dead mail back in the queue.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, SecondsFormat, Utc};
use convene_core::FieldError;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::auth::Organizer;
use super::error::ApiError;
use super::extract::{Path, Query};
use crate::mail::compose::message_id;
use crate::mail::preview::{PreviewRow, preview};
use crate::store::outbox::STATUSES;
use crate::store::{OutboxQuery, OutboxRow, kind_name, subject_parts};
use convene_core::time::parse_bound;

#[derive(Debug, Deserialize)]
pub(super) struct Window {
    from: Option<String>,
    to: Option<String>,
    status: Option<String>,
    limit: Option<String>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A period's optional ends.
type Bounds = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// `from`/`to` (both optional here) as instants, or a 400 naming them.
fn bounds(w: &Window, required: bool) -> Result<Bounds, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut get = |field: &str, value: &Option<String>, end: bool| match value {
        Some(v) => match parse_bound(field, v, end) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        None => {
            if required {
                errors.push(FieldError::new(
                    field,
                    "required: a date (YYYY-MM-DD) or an RFC 3339 instant",
                ));
            }
            None
        }
    };
    let from = get("from", &w.from, false);
    let to = get("to", &w.to, true);
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        errors.push(FieldError::new("to", "must be after `from`"));
    }
    if errors.is_empty() {
        Ok((from, to))
    } else {
        Err(errors)
    }
}

fn bad(errors: Vec<FieldError>) -> ApiError {
    ApiError::BadRequest {
        detail: "the query parameters are invalid".into(),
        errors,
    }
}

/// The mails due in a period.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct Reminders {
    /// The period's start, UTC.
    from: String,
    /// The period's end, UTC.
    to: String,
    /// The mails, by due time.
    mails: Vec<PreviewRow>,
}

/// `GET /api/v1/reminders?from=&to=`.
#[utoipa::path(
    get, path = "/api/v1/reminders", operation_id = "reminders", tag = "mail",
    summary = "The mails due in a period, sent or not: due instant in UTC and Geneva time, kind, item, recipients, subject, status.",
    params(("from" = String, Query, description = "Start: a date `YYYY-MM-DD` (a whole UTC day) or an RFC 3339 instant.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$"),
        ("to" = String, Query, description = "End: a date (inclusive) or an RFC 3339 instant; after `from`.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$")),
    responses((status = 200, description = "The mails, by due time.", body = Reminders), crate::http::schema::BadParameters, crate::http::schema::Always)
)]
pub(super) async fn reminders(
    State(state): State<AppState>,
    Query(w): Query<Window>,
) -> Result<Json<Reminders>, ApiError> {
    let (from, to) = bounds(&w, true).map_err(bad)?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(bad(vec![FieldError::new("from", "required")]));
    };
    let mails = preview(&state.db, &state.config, from, to).await?;
    Ok(Json(Reminders {
        from: rfc3339(from),
        to: rfc3339(to),
        mails,
    }))
}

/// One outbox row, for admins.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = OutboxRow)]
pub(super) struct RowView {
    /// Its number.
    id: i64,
    /// `pending`, `sent`, `skipped`, `dead` or `superseded`.
    status: String,
    /// What mail: `announcement`, `reminder-7d`, `update`, `cancellation`,
    /// `reinstatement`, `digest` (a batch's notice to one list), ….
    kind: String,
    /// `meeting`, `deadline`, or `batch` (a batch's notice to one list).
    item_type: String,
    /// The item's id.
    item_id: String,
    /// The item's version the mail was planned for.
    version: i64,
    /// The mailing lists.
    recipients: Vec<String>,
    /// When it is due, UTC.
    due_utc: String,
    /// When it is no longer worth sending, UTC.
    expires_utc: String,
    /// When it is tried next, UTC.
    next_attempt_utc: String,
    /// Tries so far.
    attempts: i64,
    /// Why the last try failed.
    last_error: Option<String>,
    /// When it was sent, UTC.
    sent_at: Option<String>,
    /// Its `Message-ID`.
    message_id: String,
}

fn view(state: &AppState, r: OutboxRow) -> RowView {
    let (t, id) = subject_parts(&r.mail.subject);
    RowView {
        id: r.id,
        status: r.mail.status.clone(),
        kind: kind_name(r.mail.kind),
        item_type: t.to_owned(),
        item_id: id.to_owned(),
        version: r.mail.subject_version,
        recipients: r.mail.recipients.clone(),
        due_utc: rfc3339(r.mail.due_at),
        expires_utc: rfc3339(r.mail.expires_at),
        next_attempt_utc: rfc3339(r.next_attempt_at),
        attempts: r.attempts,
        last_error: r.last_error,
        sent_at: r.sent_at.map(rfc3339),
        message_id: message_id(&r.mail.message_id, &state.config),
    }
}

/// Outbox rows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = OutboxRows)]
pub(super) struct Rows {
    /// The rows, by due time.
    mails: Vec<RowView>,
}

/// `GET /api/v1/outbox?status=&from=&to=&limit=` (admin).
#[utoipa::path(
    get, path = "/api/v1/outbox", operation_id = "list_outbox", tag = "mail",
    summary = "Outbox rows (admin tokens): `status=dead` lists the mails that failed `mail.max_attempts` times, with their last error.",
    security(("bearer" = [])),
    params(("status" = Option<String>, Query, description = "Only rows with this status.", pattern = "^(?:pending|sent|skipped|dead|superseded)$"),
        ("from" = Option<String>, Query, description = "Due from: a date `YYYY-MM-DD` or an RFC 3339 instant.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$"), ("to" = Option<String>, Query, description = "Due until: a date (inclusive) or an RFC 3339 instant; after `from`.", pattern = "^(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9]))?$"),
        ("limit" = Option<u32>, Query, description = "Rows, 1-1000 (200).", minimum = 1, maximum = 1000)),
    responses((status = 200, description = "Rows by due time.", body = Rows), crate::http::schema::BadParameters, crate::http::schema::NeedsToken, crate::http::schema::Always)
)]
pub(super) async fn list(
    State(state): State<AppState>,
    who: Organizer,
    Query(w): Query<Window>,
) -> Result<Json<Rows>, ApiError> {
    who.require_admin()?;
    let (mut errors, from, to) = match bounds(&w, false) {
        Ok((from, to)) => (Vec::new(), from, to),
        Err(e) => (e, None, None),
    };
    if let Some(s) = &w.status
        && !STATUSES.contains(&s.as_str())
    {
        errors.push(FieldError::new(
            "status",
            format!("{s:?} is not a status; use one of {}", STATUSES.join(", ")),
        ));
    }
    let limit = match w.limit.as_deref().map(str::parse::<u32>) {
        None => 200,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        Some(_) => {
            errors.push(FieldError::new("limit", "a whole number from 1 to 1000"));
            200
        }
    };
    if !errors.is_empty() {
        return Err(bad(errors));
    }
    let rows = state
        .db
        .list(&OutboxQuery {
            status: w.status.clone(),
            due_from: from,
            due_to: to,
            limit: Some(limit),
        })
        .await?;
    Ok(Json(Rows {
        mails: rows.into_iter().map(|r| view(&state, r)).collect(),
    }))
}

/// `POST /api/v1/outbox/{id}/retry` (admin): a dead mail is due again now,
/// with `mail.max_attempts` new tries.
#[utoipa::path(
    post, path = "/api/v1/outbox/{id}/retry", operation_id = "retry_mail", tag = "mail",
    summary = "Put a dead mail back in the queue (admin tokens): due now, with `mail.max_attempts` new tries.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The outbox row's number.", pattern = "^[0-9]{1,18}$")),
    responses((status = 200, description = "Queued again.", body = RowView), crate::http::schema::BadParameters, crate::http::schema::NeedsToken,
        (status = 404, description = "No such mail.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 409, description = "The mail is not dead.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        (status = 429, description = "The token made more writes than `server.write_rate_per_minute`.", content_type = "application/problem+json", body = crate::http::schema::Problem),
        crate::http::schema::Always)
)]
pub(super) async fn retry(
    State(state): State<AppState>,
    who: Organizer,
    Path(id): Path<String>,
) -> Result<Json<RowView>, ApiError> {
    who.require_admin()?;
    let not_found = || ApiError::NotFound(format!("there is no outbox mail {id:?}"));
    let n: i64 = id.parse().map_err(|_| not_found())?;
    if !state.db.retry(n, state.schedule.clock.now()).await? {
        let row = state.db.outbox_row(n).await?.ok_or_else(not_found)?;
        return Err(ApiError::Conflict {
            detail: format!(
                "outbox mail {n} is {}, not dead: only dead mails are retried",
                row.mail.status
            ),
            conflicts: vec![],
        });
    }
    let row = state.db.outbox_row(n).await?.ok_or_else(not_found)?;
    Ok(Json(view(&state, row)))
}
