//! The organizer API: writes under `/api/v1`, each with a token
//! ([`super::auth::Organizer`]). Shared here: reading JSON bodies (400 for
//! malformed JSON, 413 over the limit, 422 for unknown fields), JSON merge
//! `If-Match`, `Idempotency-Key`, and answers (kept with their key, so a
//! retry gets them whole).

pub(super) mod changes;
pub(super) mod deadlines;
pub(super) mod groups;
pub(super) mod meetings;
pub(super) mod occurrences;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use convene_core::FieldError;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::auth::Organizer;
use super::error::ApiError;
use crate::schedule::{Reinstate, Render, Written};
use crate::store::{Answer, KeyRequest};

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
    Ok(crate::schedule::from_json(Value::Object(map))?)
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

/// `"notify"`: true unless the body says `false` (a silent fix: stored and
/// published, no change notice).
pub(super) fn take_notify(map: &mut serde_json::Map<String, Value>) -> Result<bool, ApiError> {
    match map.remove("notify") {
        None | Some(Value::Null) => Ok(true),
        Some(Value::Bool(b)) => Ok(b),
        Some(_) => Err(ApiError::field("notify", "must be true or false")),
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

/// The request's `Idempotency-Key`, if any, with what identifies the
/// request: the method, the path and the body. Keys are per token.
pub(super) fn key_request(
    headers: &HeaderMap,
    who: &Organizer,
    method_and_path: &str,
    body: &[u8],
) -> Result<Option<KeyRequest>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (1..=200).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| ApiError::BadRequest {
            detail: "Idempotency-Key must be 1-200 visible ASCII characters".into(),
            errors: vec![FieldError::new(
                "Idempotency-Key",
                "1-200 visible ASCII characters",
            )],
        })?;
    let request_hash: String = Sha256::new()
        .chain_update(method_and_path.as_bytes())
        .chain_update(b"\0")
        .chain_update(body)
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Some(KeyRequest {
        token_id: who.0.id.clone(),
        key: key.to_owned(),
        request_hash,
    }))
}

/// [`key_request`] over the body as read (an unreadable body hashes as
/// empty: reading it again gives the error).
pub(super) fn body_key(
    headers: &HeaderMap,
    who: &Organizer,
    method_and_path: &str,
    body: &Result<Bytes, BytesRejection>,
) -> Result<Option<KeyRequest>, ApiError> {
    let raw = body.as_ref().map(|b| &b[..]).unwrap_or_default();
    key_request(headers, who, method_and_path, raw)
}

/// The body of a reinstate, a meeting's or an occurrence's: none, or JSON
/// `null` (the document's optional body), is `{}`; only `allow_conflicts`
/// is taken. `If-Match` gives the expected version.
pub(super) fn reinstate_request(
    body: Result<Bytes, BytesRejection>,
    headers: &HeaderMap,
    limit: usize,
) -> Result<Reinstate, ApiError> {
    let raw = body.as_ref().map(|b| &b[..]).unwrap_or_default();
    let mut map = if raw.iter().all(u8::is_ascii_whitespace) || raw.trim_ascii() == b"null" {
        serde_json::Map::new()
    } else {
        json_object(body, limit)?
    };
    let request = Reinstate {
        expected: if_match(headers)?,
        allow_conflicts: take_bool(&mut map, "allow_conflicts")?,
    };
    if let Some(field) = map.keys().next() {
        return Err(ApiError::field(
            field,
            "unknown field; only \"allow_conflicts\" is taken",
        ));
    }
    Ok(request)
}

/// A JSON answer with `ETag` (and `Location` when created), as kept for
/// its `Idempotency-Key`.
pub(super) fn json_answer(
    status: StatusCode,
    body: &impl serde::Serialize,
    version: Option<i64>,
    location: Option<String>,
) -> Answer {
    Answer {
        status: status.as_u16(),
        content_type: "application/json".into(),
        location,
        etag: version.map(|v| format!("\"{v}\"")),
        body: serde_json::to_string(body).unwrap_or_default(),
    }
}

/// An answer as a response; a replayed one says so.
pub(super) fn respond(answer: Answer, replayed: bool) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut r = (status, answer.body).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&answer.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Some(v) = answer.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        h.insert(header::LOCATION, v);
    }
    if let Some(v) = answer.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
        h.insert(header::ETAG, v);
    }
    if replayed {
        h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    r
}

/// A write's outcome as a response: `render` for a fresh one, the kept
/// answer for a replay.
pub(super) fn written<T>(w: Written<T>, render: Render<T>) -> Response {
    match w {
        Written::Done(value) => respond(render(&value), false),
        Written::Replayed(answer) => respond(answer, true),
    }
}
