//! HTTP caching shared by feeds and pages, so that serving one costs about
//! what serving the same bytes from disk costs:
//!
//! - the store's change stamp comes from memory ([`ChangeWatch`]: no query
//!   per request, never older than `calendar.freshness_ms`);
//! - a strong `ETag` per representation, over the request's key, the stamp
//!   and the content coding: the gzip body and the identity body differ, so
//!   their ETags do too (RFC 9110 8.8.3), and an `If-None-Match` holding the
//!   other coding's ETag is not a match; `Vary: Accept-Encoding`;
//! - a `304 Not Modified` is answered from the key and the stamp alone,
//!   touching neither the database nor the cache;
//! - rendered bodies are kept in a bounded cache (`server.cache_bytes`, 0 for
//!   none) under the key and the stamp, each with its gzip form made once;
//!   requests that miss together render once. A change moves the stamp, so
//!   old entries are never served again; they age out.
//!
//! The key must say everything the body depends on: the address and query,
//! and the time where the content depends on it (feeds are rendered as of
//! the day, pages as of the minute; see `feeds.rs` and `pages.rs`).

use std::io::Write;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use quick_cache::sync::Cache;
use quick_cache::{DefaultHashBuilder, Weighter};

use crate::metrics::CountEvictions;
use sha2::{Digest, Sha256};

use crate::store::{ChangeWatch, Stamp, StoreError};

/// A content coding this server sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Coding {
    Identity,
    Gzip,
}

impl Coding {
    /// What to send for this request's `Accept-Encoding`: gzip when the
    /// client takes it (`gzip`, `x-gzip` or `*` with a non-zero q).
    pub(super) fn negotiate(headers: &HeaderMap) -> Self {
        let takes_gzip = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim();
                let q_zero = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                !q_zero
                    && (name.eq_ignore_ascii_case("gzip")
                        || name.eq_ignore_ascii_case("x-gzip")
                        || name == "*")
            });
        if takes_gzip {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// The validators of a response: a strong ETag over the request's key, the
/// store's change stamp, the content coding (and this binary's version,
/// since rendering may change between releases), and the time of the last
/// change.
pub(super) struct Validators {
    etag: String,
    last_modified: Option<DateTime<Utc>>,
}

impl Validators {
    pub(super) fn new(key: &str, stamp: Stamp, coding: Coding) -> Self {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(b"\0");
        h.update(key.as_bytes());
        h.update(b"\0");
        h.update(stamp.change.to_be_bytes());
        let digest = h.finalize();
        let mut etag = String::with_capacity(30);
        etag.push('"');
        for b in &digest[..12] {
            etag.push(char::from(HEX[usize::from(b >> 4)]));
            etag.push(char::from(HEX[usize::from(b & 15)]));
        }
        if coding == Coding::Gzip {
            etag.push_str("-gz");
        }
        etag.push('"');
        Self {
            etag,
            last_modified: stamp.at,
        }
    }

    /// Whether the client's copy is current (RFC 9110: `If-None-Match`
    /// wins over `If-Modified-Since`; weak comparison, `*` matches).
    pub(super) fn fresh(&self, headers: &HeaderMap) -> bool {
        if let Some(inm) = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            return inm
                .split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == self.etag || t == "*");
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

    /// `ETag`, `Last-Modified`, `Cache-Control` (pages replace it) and
    /// `Vary: Accept-Encoding`.
    pub(super) fn apply(&self, response: &mut Response) {
        let h = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&self.etag) {
            h.insert(header::ETAG, v);
        }
        if let Some(v) = self.last_modified.and_then(http_date) {
            h.insert(header::LAST_MODIFIED, v);
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `t` as an HTTP date, formatted once per instant: every response until
/// the next change carries the same one.
fn http_date(t: DateTime<Utc>) -> Option<HeaderValue> {
    static LAST: std::sync::Mutex<Option<(i64, HeaderValue)>> = std::sync::Mutex::new(None);
    let mut last = LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((at, v)) = &*last
        && *at == t.timestamp()
    {
        return Some(v.clone());
    }
    let v = HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).ok()?;
    *last = Some((t.timestamp(), v.clone()));
    Some(v)
}

/// A rendered body in both codings.
#[derive(Debug)]
struct Rendered {
    identity: Bytes,
    gzip: Bytes,
}

impl Rendered {
    fn new(text: String) -> Self {
        Self::with_gzip(text, true)
    }

    /// The body for one response, not kept: compressed only when that
    /// response is gzip.
    fn for_one(text: String, coding: Coding) -> Self {
        Self::with_gzip(text, coding == Coding::Gzip)
    }

    fn with_gzip(text: String, gzip: bool) -> Self {
        let identity = Bytes::from(text);
        if !gzip {
            return Self {
                identity,
                gzip: Bytes::new(),
            };
        }
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(identity.len() / 4 + 64),
            flate2::Compression::default(),
        );
        // Writing to a Vec cannot fail.
        let gzip = match gz.write_all(&identity).and_then(|()| gz.finish()) {
            Ok(v) => Bytes::from(v),
            Err(_) => Bytes::new(),
        };
        Self { identity, gzip }
    }

    fn body(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Gzip if !self.gzip.is_empty() => self.gzip.clone(),
            _ => self.identity.clone(),
        }
    }
}

/// Weighs an entry at its bytes (key and both bodies, plus the entry's own
/// bookkeeping, roughly).
#[derive(Debug, Clone)]
struct ByBytes;

impl Weighter<String, Arc<Rendered>> for ByBytes {
    fn weight(&self, key: &String, val: &Arc<Rendered>) -> u64 {
        (key.len() + val.identity.len() + val.gzip.len() + 128) as u64
    }
}

type BodyCache = Cache<String, Arc<Rendered>, ByBytes, DefaultHashBuilder, CountEvictions>;

/// The change stamp and the cache of rendered bodies, shared by feeds and
/// pages (one per process).
#[derive(Debug)]
pub struct Responses {
    watch: ChangeWatch,
    cache: Option<BodyCache>,
}

/// What [`Responses::answer`] sends besides the body.
pub(super) struct Answer<'a> {
    /// The request's headers (conditions, `Accept-Encoding`).
    pub(super) headers: &'a HeaderMap,
    /// Everything the body depends on but the store's data.
    pub(super) key: &'a str,
    /// `Content-Type` of a 200.
    pub(super) content_type: &'static str,
}

impl Responses {
    /// A cache of at most `bytes` (0: none) over `watch`.
    pub fn new(watch: ChangeWatch, bytes: u64) -> Self {
        let cache = (bytes > 0).then(|| {
            // About 40 KB a feed; the cache shards by key.
            let items = usize::try_from(bytes / 40_000)
                .unwrap_or(usize::MAX)
                .max(16);
            BodyCache::with(
                items,
                bytes,
                ByBytes,
                DefaultHashBuilder::default(),
                CountEvictions(|m| &m.cache_evictions),
            )
        });
        Self { watch, cache }
    }

    /// The store's change stamp, from memory when it cannot have changed.
    pub(super) async fn stamp(&self) -> Result<Stamp, StoreError> {
        self.watch.current().await
    }

    /// Bytes and entries held (for `/metrics`).
    pub(super) fn usage(&self) -> (u64, usize) {
        self.cache
            .as_ref()
            .map_or((0, 0), |c| (c.weight(), c.len()))
    }

    /// Answers a GET: 304 when the client's copy is current (nothing
    /// loaded), else the body for `key` at `stamp`, from the cache or
    /// rendered by `render` (once for all the requests that wait for it).
    /// An error of `render` is answered as it is and nothing is kept.
    pub(super) async fn answer<F, Fut, E>(
        &self,
        a: Answer<'_>,
        stamp: Stamp,
        render: F,
    ) -> Result<Response, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<String, E>>,
    {
        let coding = Coding::negotiate(a.headers);
        let validators = Validators::new(a.key, stamp, coding);
        if validators.fresh(a.headers) {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            validators.apply(&mut r);
            return Ok(r);
        }
        let rendered = match &self.cache {
            // Nothing is kept: make only the coding this response needs.
            None => Arc::new(Rendered::for_one(render().await?, coding)),
            Some(cache) => {
                let full = format!("{}\0{}", a.key, stamp.change);
                match cache.get_value_or_guard_async(&full).await {
                    Ok(hit) => {
                        crate::metrics::global().cache_hits.inc();
                        hit
                    }
                    Err(guard) => {
                        crate::metrics::global().cache_misses.inc();
                        let r = Arc::new(Rendered::new(render().await?));
                        let _ = guard.insert(r.clone());
                        r
                    }
                }
            }
        };
        let mut r = Response::new(Body::from(rendered.body(coding)));
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(a.content_type),
        );
        if coding == Coding::Gzip && !rendered.gzip.is_empty() {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        validators.apply(&mut r);
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn codings_are_negotiated() {
        let gz = |v| Coding::negotiate(&headers(&[("accept-encoding", v)]));
        assert_eq!(gz("gzip, deflate, br"), Coding::Gzip);
        assert_eq!(gz("br;q=1.0, gzip;q=0.8"), Coding::Gzip);
        assert_eq!(gz("*"), Coding::Gzip);
        assert_eq!(gz("gzip;q=0"), Coding::Identity);
        assert_eq!(gz("identity"), Coding::Identity);
        assert_eq!(gz("br"), Coding::Identity);
        assert_eq!(Coding::negotiate(&HeaderMap::new()), Coding::Identity);
    }

    #[test]
    fn each_coding_has_its_etag_and_matches_only_its_own() {
        let stamp = Stamp {
            change: 7,
            at: None,
        };
        let id = Validators::new("feed", stamp, Coding::Identity);
        let gz = Validators::new("feed", stamp, Coding::Gzip);
        assert_ne!(id.etag, gz.etag);
        assert!(gz.etag.ends_with("-gz\""), "{}", gz.etag);
        let inm = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::IF_NONE_MATCH,
                HeaderValue::from_str(v).expect("value"),
            );
            h
        };
        assert!(id.fresh(&inm(&id.etag)));
        assert!(!id.fresh(&inm(&gz.etag)));
        assert!(gz.fresh(&inm(&format!("W/{}", gz.etag))));
        assert!(!gz.fresh(&inm(&id.etag)));
        assert!(gz.fresh(&inm(&format!("\"x\", {}", gz.etag))));
        assert!(id.fresh(&inm("*")));
        // Another stamp, another ETag.
        let later = Validators::new(
            "feed",
            Stamp {
                change: 8,
                at: None,
            },
            Coding::Identity,
        );
        assert_ne!(later.etag, id.etag);
    }

    #[test]
    fn a_rendered_body_is_kept_in_both_codings() {
        let text = "BEGIN:VCALENDAR\r\n".repeat(100);
        let r = Rendered::new(text.clone());
        assert_eq!(r.body(Coding::Identity), text.as_bytes());
        let gz = r.body(Coding::Gzip);
        assert_eq!(&gz[..2], &[0x1f, 0x8b]);
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .expect("gunzips");
        assert_eq!(back, text);
    }

    #[test]
    fn a_body_for_one_response_is_compressed_only_for_gzip() {
        let text = "BEGIN:VCALENDAR\r\n".repeat(100);
        let plain = Rendered::for_one(text.clone(), Coding::Identity);
        assert!(plain.gzip.is_empty());
        assert_eq!(plain.body(Coding::Identity), text.as_bytes());
        let gz = Rendered::for_one(text, Coding::Gzip);
        assert_eq!(&gz.body(Coding::Gzip)[..2], &[0x1f, 0x8b]);
    }
}
