//! HTTP caching shared by feeds and pages: a strong `ETag` over the request
//! and the store's change stamp, `Last-Modified`, and the conditional-request
//! check, so a current client gets `304 Not Modified` after one indexed
//! query, without loading or rendering anything.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::store::Stamp;

/// The validators of a response: a strong ETag over the request and the
/// store's change stamp (and this binary's version, since rendering may
/// change between releases), and the time of the last change.
pub(super) struct Validators {
    etag: String,
    last_modified: Option<DateTime<Utc>>,
}

impl Validators {
    pub(super) fn new(key: &str, stamp: Stamp) -> Self {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(b"\0");
        h.update(key.as_bytes());
        h.update(b"\0");
        h.update(stamp.change.to_be_bytes());
        let digest = h.finalize();
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        Self {
            etag: format!("\"{hex}\""),
            last_modified: stamp.at,
        }
    }

    /// Whether the client's copy is current (RFC 9110: `If-None-Match`
    /// wins over `If-Modified-Since`).
    pub(super) fn fresh(&self, headers: &HeaderMap) -> bool {
        if let Some(inm) = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            return inm
                .split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == self.etag);
        }
        match (
            headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| DateTime::parse_from_rfc2822(v).ok()),
            self.last_modified,
        ) {
            (Some(since), Some(changed)) => changed.timestamp() <= since.timestamp(),
            _ => false,
        }
    }

    pub(super) fn apply(&self, response: &mut Response) {
        let h = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&self.etag) {
            h.insert(header::ETAG, v);
        }
        if let Some(t) = self.last_modified
            && let Ok(v) = HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        {
            h.insert(header::LAST_MODIFIED, v);
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
    }
}
