//! The one API error type, and the one place it becomes a response:
//! RFC 9457 `application/problem+json`. Internal causes are logged with
//! their whole chain and never sent to the client.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use convene_core::FieldError;
use serde::Serialize;

use crate::store::StoreError;

/// Everything a handler can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 404: no such group, meeting, …
    #[error("{0}")]
    NotFound(String),
    /// 400: a query parameter or body that does not parse.
    #[error("{detail}")]
    BadRequest {
        /// What to fix.
        detail: String,
        /// Which fields.
        errors: Vec<FieldError>,
    },
    /// 503: the database does not answer.
    #[error("the database is not reachable")]
    Unavailable(#[source] StoreError),
    /// 500: anything else; logged, not shown.
    #[error("internal error")]
    Internal(#[source] StoreError),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, id } => {
                ApiError::NotFound(format!("{what} {id:?} does not exist"))
            }
            other => ApiError::Internal(other),
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
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title) = match &self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
            ApiError::BadRequest { .. } => (StatusCode::BAD_REQUEST, "Bad request"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "Service unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
        };
        if status.is_server_error() {
            tracing::error!(error = %chain(&self), "request failed");
        }
        let errors: &[FieldError] = match &self {
            ApiError::BadRequest { errors, .. } => errors,
            _ => &[],
        };
        let body = Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail: self.to_string(),
            errors,
        };
        let json = serde_json::to_string(&body).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            json,
        )
            .into_response()
    }
}
