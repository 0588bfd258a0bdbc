//! The pages' static files (`crates/convene/static/`), built into the
//! binary so `convene serve` needs nothing beside it. Pages link them with
//! `?v=` and a hash of their content, so they can be cached for long.

use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::http::error::ApiError;
use crate::http::extract::Path;

/// Name, content type, bytes.
const FILES: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../../static/style.css"),
    ),
    (
        "local-time.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../static/local-time.js"),
    ),
    (
        "copy.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../static/copy.js"),
    ),
    (
        "organize.css",
        "text/css; charset=utf-8",
        include_str!("../../../static/organize.css"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_str!("../../../static/icon.svg"),
    ),
];

/// Each file's short content hash, worked out once.
fn hashes() -> &'static Vec<String> {
    static HASHES: OnceLock<Vec<String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        FILES
            .iter()
            .map(|(_, _, body)| {
                let d = Sha256::digest(body.as_bytes());
                d[..6].iter().map(|b| format!("{b:02x}")).collect()
            })
            .collect()
    })
}

/// `/static/NAME?v=HASH`.
pub fn url(name: &str) -> String {
    match FILES.iter().position(|(n, _, _)| *n == name) {
        Some(i) => format!("/static/{name}?v={}", hashes()[i]),
        None => format!("/static/{name}"),
    }
}

fn file(i: usize, headers: &HeaderMap) -> Response {
    let (_, content_type, body) = FILES[i];
    let etag = format!("\"{}\"", hashes()[i]);
    let current = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut r = if current {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `GET /static/{file}`.
pub async fn serve(name: Result<Path<String>, ApiError>, headers: HeaderMap) -> Response {
    // A name that does not decode is no file's name either.
    let name = name.map(|Path(n)| n).unwrap_or_default();
    match FILES.iter().position(|(n, _, _)| *n == name) {
        Some(i) => file(i, &headers),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "no such file\n",
        )
            .into_response(),
    }
}

/// `GET /favicon.ico`: the icon, for clients that ask before reading a page.
pub async fn favicon(headers: HeaderMap) -> Response {
    let i = FILES
        .iter()
        .position(|(n, _, _)| *n == "icon.svg")
        .unwrap_or(0);
    file(i, &headers)
}
