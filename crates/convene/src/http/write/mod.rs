//! The organizer API: writes under `/api/v1`, each with a token
//! ([`super::auth::Organizer`]). Shared here: reading JSON bodies (400 for
//! malformed JSON, 413 over the limit, 422 for unknown fields), JSON merge
//! patches (RFC 7396), `If-Match`, and `Idempotency-Key` replay.

pub(super) mod deadlines;
pub(super) mod groups;
pub(super) mod meetings;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use convene_core::FieldError;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::AppState;
use super::auth::Organizer;
use super::error::ApiError;
use crate::store::{Idempotency, Store};

/// Reads a JSON object body.
pub(super) fn json_object(
    body: Result<Bytes, BytesRejection>,
    limit: usize,
) -> Result<serde_json::Map<String, Value>, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(limit)
        } else {
            ApiError::BadRequest {
                detail: format!("the request body could not be read: {e}"),
                errors: vec![],
            }
        }
    })?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::BadRequest {
            detail: "the request body must be a JSON object".into(),
            errors: vec![],
        }),
        Err(e) => Err(ApiError::BadRequest {
            detail: format!("the request body is not valid JSON: {e}"),
            errors: vec![],
        }),
    }
}

/// Deserializes an input type from a JSON object; type errors and unknown
/// fields are 422s naming the field.
pub(super) fn from_object<T: DeserializeOwned>(
    map: serde_json::Map<String, Value>,
) -> Result<T, ApiError> {
    serde_json::from_value(Value::Object(map)).map_err(|e| {
        let msg = e.to_string();
        let field = msg
            .split('`')
            .nth(1)
            .filter(|_| msg.starts_with("unknown field"))
            .unwrap_or("body")
            .to_owned();
        ApiError::Unprocessable {
            detail: "the request has invalid fields".into(),
            errors: vec![FieldError::new(field, msg)],
        }
    })
}

/// Takes an optional boolean out of a body object.
pub(super) fn take_bool(
    map: &mut serde_json::Map<String, Value>,
    key: &str,
) -> Result<bool, ApiError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(b),
        Some(_) => Err(ApiError::field(key, "must be true or false")),
    }
}

/// Applies a JSON merge patch (RFC 7396): `null` removes a field.
pub(super) fn merge_patch(target: &mut Value, patch: Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            if let Value::Object(t) = target {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(&k);
                    } else {
                        merge_patch(t.entry(k).or_insert(Value::Null), v);
                    }
                }
            }
        }
        other => *target = other,
    }
}

/// The version named by `If-Match` (`"3"`), if the header is there.
pub(super) fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    v.to_str()
        .ok()
        .map(|s| s.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|s| s.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(|| ApiError::BadRequest {
            detail: "If-Match must be an ETag this API gave, e.g. \"3\"".into(),
            errors: vec![FieldError::new("If-Match", "not a version ETag")],
        })
}

/// The `ETag` of a version.
pub(super) fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// A JSON response with a status and headers.
pub(super) fn json_response(
    status: StatusCode,
    body: &impl serde::Serialize,
    headers: &[(header::HeaderName, HeaderValue)],
) -> Response {
    let json = serde_json::to_string(body).unwrap_or_default();
    let mut r = (status, [(header::CONTENT_TYPE, "application/json")], json).into_response();
    for (k, v) in headers {
        r.headers_mut().insert(k.clone(), v.clone());
    }
    r
}

/// Runs a POST once per `Idempotency-Key`: a retry with the same key and
/// body gets the first answer (with `Idempotent-Replayed: true`) and changes
/// nothing; the same key with another body is a 422.
pub(super) async fn idempotent<F, Fut>(
    state: &AppState,
    who: &Organizer,
    headers: &HeaderMap,
    route: &str,
    body: &[u8],
    run: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Response, ApiError>>,
{
    let Some(key) = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200)
    else {
        return run().await.unwrap_or_else(IntoResponse::into_response);
    };
    let hash: String = Sha256::new()
        .chain_update(route.as_bytes())
        .chain_update(b"\0")
        .chain_update(body)
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let token = &who.0.id;
    match state
        .db
        .idempotency_begin(token, key, &hash, Utc::now())
        .await
    {
        Ok(Idempotency::Proceed) => {}
        Ok(Idempotency::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut r =
                (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
            r.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            return r;
        }
        Ok(Idempotency::Mismatch) => {
            return ApiError::field(
                "Idempotency-Key",
                "this key was already used for a different request; use a new key",
            )
            .into_response();
        }
        Ok(Idempotency::InProgress) => {
            return ApiError::Conflict {
                detail:
                    "a request with this Idempotency-Key is still being processed; retry shortly"
                        .into(),
                conflicts: vec![],
            }
            .into_response();
        }
        Err(e) => return ApiError::from(e).into_response(),
    }
    let response = run().await.unwrap_or_else(IntoResponse::into_response);
    let status = response.status();
    if status.is_server_error() {
        if let Err(e) = state.db.idempotency_abort(token, key).await {
            tracing::warn!(error = %e, "could not release an idempotency key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if let Err(e) = state
        .db
        .idempotency_finish(token, key, status.as_u16(), &text)
        .await
    {
        tracing::warn!(error = %e, "could not record an idempotent answer");
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}
