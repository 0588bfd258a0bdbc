//! Which language a page speaks, decided in one place: `?lang=`, then the
//! `lang` cookie (set by the language menu on every page, through
//! `GET /language`), then `Accept-Language`, then `i18n.default_language`.
//!
//! A page's body depends on the language, so its cache key and ETag hold
//! it (`pages.rs`), and it answers `Vary: Accept-Language, Cookie` and
//! `Content-Language`.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use convene_core::i18n::Lang;

use crate::http::AppState;

/// The cookie the language menu sets.
pub const COOKIE: &str = "lang";

/// A year, in seconds: how long the menu's choice is kept.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

/// The negotiated language of a page request, and the address the
/// language menu returns to (the request's path and query, without
/// `lang`).
#[derive(Debug, Clone)]
pub struct PageLang {
    pub lang: Lang,
    pub back: String,
}

impl PageLang {
    /// Decides the language of a request.
    pub fn negotiate(query: Option<&str>, headers: &HeaderMap, path: &str, default: Lang) -> Self {
        let lang = from_query(query)
            .or_else(|| from_cookie(headers))
            .or_else(|| from_accept_language(headers))
            .unwrap_or(default);
        Self {
            lang,
            back: without_lang(path, query),
        }
    }

    /// The language menu: each language's own name and where it goes.
    pub fn menu(&self) -> Vec<LangLink> {
        Lang::ALL
            .into_iter()
            .map(|l| LangLink {
                code: l.code(),
                name: l.native_name(),
                href: format!(
                    "/language?lang={}&back={}",
                    l.code(),
                    super::view::encode(&self.back)
                ),
                current: l == self.lang,
            })
            .collect()
    }
}

impl FromRequestParts<AppState> for PageLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(PageLang::negotiate(
            parts.uri.query(),
            &parts.headers,
            parts.uri.path(),
            state.config.i18n.default_language,
        ))
    }
}

/// A language of the menu.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

fn from_query(query: Option<&str>) -> Option<Lang> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(&v))
}

fn from_cookie(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .and_then(|(_, v)| Lang::parse(v.trim_matches('"')))
}

/// The first of the six by the client's order of preference (`q`,
/// highest first; equal weights in the order given; `q=0` refuses).
fn from_accept_language(headers: &HeaderMap) -> Option<Lang> {
    let mut offers: Vec<(f32, usize, Lang)> = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0).then_some(())?;
            Lang::parse(tag).map(|l| (q, i, l))
        })
        .collect();
    offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offers.first().map(|o| o.2)
}

/// `path?query` without any `lang` parameter.
fn without_lang(path: &str, query: Option<&str>) -> String {
    let kept: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .filter(|(k, _)| k != "lang")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        return path.to_owned();
    }
    let q = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    format!("{path}?{q}")
}

/// Where the menu may send people back to: a path on this site (not
/// `//host`, not a URL), else the home page. Only visible ASCII: browsers
/// drop tabs and newlines from a `Location`, so `/\t/host` would be
/// `//host`.
fn safe_back(back: Option<&str>) -> &str {
    match back {
        Some(b)
            if b.starts_with('/')
                && !b.starts_with("//")
                && !b.contains('\\')
                && b.bytes().all(|c| c.is_ascii_graphic()) =>
        {
            b
        }
        _ => "/",
    }
}

/// `GET /language?lang=fr&back=/groups/wg5`: keeps the choice in the
/// `lang` cookie and goes back (303). An unknown language clears nothing
/// and goes back all the same.
pub(super) async fn choose(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let back = safe_back(get("back"));
    let mut r = (StatusCode::SEE_OTHER, [(header::CACHE_CONTROL, "no-store")]).into_response();
    if let Ok(v) = HeaderValue::from_str(back) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    if let Some(lang) = get("lang").and_then(Lang::parse) {
        let secure = if state.config.server.public_url.starts_with("https:") {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax{secure}",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn query_then_cookie_then_accept_language_then_default() {
        let all = h(&[("cookie", "a=b; lang=ru"), ("accept-language", "es")]);
        let n = |q, hs: &HeaderMap| PageLang::negotiate(q, hs, "/", Lang::Zh).lang;
        assert_eq!(n(Some("lang=fr"), &all), Lang::Fr);
        assert_eq!(n(Some("lang=xx"), &all), Lang::Ru);
        assert_eq!(n(None, &all), Lang::Ru);
        assert_eq!(n(None, &h(&[("accept-language", "es")])), Lang::Es);
        assert_eq!(n(None, &HeaderMap::new()), Lang::Zh);
        let weighted = h(&[("accept-language", "de-CH, fr;q=0.5, ar-EG;q=0.8, en;q=0")]);
        assert_eq!(n(None, &weighted), Lang::Ar);
        assert_eq!(n(None, &h(&[("accept-language", "en;q=0, de")])), Lang::Zh);
    }

    #[test]
    fn the_menu_goes_back_without_lang_and_only_to_this_site() {
        let p = PageLang::negotiate(
            Some("lang=ar&from=2023-09-01"),
            &HeaderMap::new(),
            "/groups/wg5",
            Lang::En,
        );
        assert_eq!(p.back, "/groups/wg5?from=2023-09-01");
        assert_eq!(
            p.menu()[3].href,
            "/language?lang=fr&back=%2Fgroups%2Fwg5%3Ffrom%3D2023-09-01"
        );
        assert!(p.menu()[0].current);
        assert_eq!(safe_back(Some("//evil.example/")), "/");
        assert_eq!(safe_back(Some("https://evil.example/")), "/");
        assert_eq!(safe_back(Some("/\t/evil.example/")), "/");
        assert_eq!(safe_back(Some("/\n/evil.example/")), "/");
        assert_eq!(safe_back(Some("/schedule")), "/schedule");
    }
}
