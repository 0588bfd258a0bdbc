//! The one API error type, and the one place it becomes a response:
//! RFC 9457 `application/problem+json`. Internal causes are logged with
//! their whole chain and never sent to the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use convene_core::FieldError;
use serde::Serialize;

use crate::schedule::ScheduleError;
use crate::store::StoreError;

pub use crate::schedule::ConflictView;

/// Everything a handler can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a query parameter or body that does not parse.
    #[error("{detail}")]
    BadRequest {
        /// What to fix.
        detail: String,
        /// Which fields.
        errors: Vec<FieldError>,
    },
    /// 401: no token, or one that is unknown or revoked.
    #[error("{detail}")]
    Unauthorized {
        /// What is wrong.
        detail: String,
        /// A token was given but is not valid.
        invalid_token: bool,
    },
    /// 403: a valid token outside its scope.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such group, meeting, …
    #[error("{0}")]
    NotFound(String),
    /// 405: the route exists but not with this method; the response's
    /// `Allow` header (set by the router) lists the methods it has.
    #[error("{0} is not allowed here; the Allow header lists the methods that are")]
    MethodNotAllowed(String),
    /// 409: the change conflicts with other meetings, or with the item's
    /// state.
    #[error("{detail}")]
    Conflict {
        /// What conflicts.
        detail: String,
        /// The conflicting meetings.
        conflicts: Vec<ConflictView>,
    },
    /// 412: `If-Match` names another version than the stored one.
    #[error(
        "{what} {id:?} is at version {current}; the request was made against version {expected}: fetch it again and reapply the change"
    )]
    PreconditionFailed {
        /// "meeting", "deadline".
        what: &'static str,
        /// Its id.
        id: String,
        /// The version the client had.
        expected: i64,
        /// The stored version.
        current: i64,
    },
    /// 413: the body is over `server.max_body_bytes`.
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 422: the body parses but fields are invalid.
    #[error("{detail}")]
    Unprocessable {
        /// What is wrong, in short.
        detail: String,
        /// Every bad field and why.
        errors: Vec<FieldError>,
    },
    /// 429: a token made more writes than `server.write_rate_per_minute`.
    #[error(
        "this token may make {per_minute} writes a minute and has used them up: retry in {retry_after} s"
    )]
    TooManyRequests {
        /// The limit.
        per_minute: u32,
        /// Seconds until the next write is allowed (`Retry-After`).
        retry_after: u64,
    },
    /// 503: the answer took longer than `server.request_timeout_seconds`.
    #[error("the request took longer than {} s to answer; it was abandoned", .0.as_secs_f64())]
    Timeout(std::time::Duration),
    /// 503: the database does not answer, or is too busy to now.
    #[error("the database is busy or not reachable; retry shortly")]
    Unavailable(#[source] StoreError),
    /// 500: anything else; logged, not shown.
    #[error("internal error")]
    Internal(#[source] StoreError),
    /// 500: a fault of the service itself rather than of the store (e.g. a
    /// route and its handler disagree on path parameters); logged, not
    /// shown.
    #[error("internal error")]
    Fault(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// A 422 with one bad field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ApiError::Unprocessable {
            detail: "the request has invalid fields".into(),
            errors: vec![FieldError::new(field, message)],
        }
    }

    /// The bad fields of a 400 or 422; empty for other errors.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::BadRequest { errors, .. } | ApiError::Unprocessable { errors, .. } => errors,
            _ => &[],
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) | ApiError::Fault(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, id } => {
                ApiError::NotFound(format!("{what} {id:?} does not exist"))
            }
            StoreError::VersionConflict {
                what,
                id,
                expected,
                current,
            } => ApiError::PreconditionFailed {
                what,
                id,
                expected,
                current,
            },
            StoreError::Duplicate { what, id } => {
                ApiError::field("id", format!("{id:?} is already the id of a {what}"))
            }
            e if e.is_transient() => ApiError::Unavailable(e),
            other => ApiError::Internal(other),
        }
    }
}

impl From<ScheduleError> for ApiError {
    fn from(e: ScheduleError) -> Self {
        let detail = e.to_string();
        match e {
            ScheduleError::Invalid { detail, errors } => ApiError::Unprocessable { detail, errors },
            ScheduleError::NotFound(s) => ApiError::NotFound(s),
            ScheduleError::Forbidden(s) => ApiError::Forbidden(s),
            ScheduleError::Conflicts(conflicts) => ApiError::Conflict { detail, conflicts },
            ScheduleError::State(_) | ScheduleError::KeyInProgress => ApiError::Conflict {
                detail,
                conflicts: vec![],
            },
            ScheduleError::Stale {
                what,
                id,
                expected,
                current,
            } => ApiError::PreconditionFailed {
                what,
                id,
                expected,
                current,
            },
            ScheduleError::KeyReused => ApiError::field("Idempotency-Key", detail),
            ScheduleError::Store(e) => ApiError::from(e),
            ScheduleError::InChange { source, .. } => match ApiError::from(*source) {
                ApiError::Conflict { conflicts, .. } => ApiError::Conflict { detail, conflicts },
                ApiError::Forbidden(_) => ApiError::Forbidden(detail),
                ApiError::NotFound(_) => ApiError::NotFound(detail),
                other => other,
            },
        }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    conflicts: &'a [ConflictView],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let title = status.canonical_reason().unwrap_or("Error");
        if status.is_server_error() {
            tracing::error!(error = %crate::error_text(&self), "request failed");
        }
        let errors = self.field_errors();
        let conflicts: &[ConflictView] = match &self {
            ApiError::Conflict { conflicts, .. } => conflicts,
            _ => &[],
        };
        let body = Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail: self.to_string(),
            errors,
            conflicts,
        };
        let json = serde_json::to_string(&body).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            json,
        )
            .into_response();
        if let ApiError::Unavailable(_) = &self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(1));
        }
        if let ApiError::TooManyRequests { retry_after, .. } = &self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
        }
        if let ApiError::Unauthorized { invalid_token, .. } = &self {
            let challenge = if *invalid_token {
                "Bearer realm=\"convene\", error=\"invalid_token\""
            } else {
                "Bearer realm=\"convene\""
            };
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}
