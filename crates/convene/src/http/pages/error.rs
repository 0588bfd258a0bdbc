//! Error pages in the page's language, and the headers and words every
//! page shares.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use convene_core::i18n::{Arg, Lang};

use super::html;
use super::lang::PageLang;
use super::templates::{ErrorPage, Layout};
use super::view::Words;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::StoreError;

/// Why a page could not be shown.
///
/// The messages are Fluent keys with their values, written in the page's
/// language when the error page is.
#[derive(Debug)]
pub(super) enum PageError {
    NotFound(Said),
    BadRequest(Vec<Said>),
    Store(StoreError),
    Render(askama::Error),
}

/// A message to write in the page's language: its key and values.
#[derive(Debug, Clone)]
pub(super) struct Said(&'static str, Vec<(&'static str, String)>);

impl Said {
    pub(super) fn new(key: &'static str, args: &[(&'static str, &str)]) -> Self {
        Said(
            key,
            args.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        )
    }

    fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, Arg<'_>)> = self
            .1
            .iter()
            .map(|(k, v)| (*k, Arg::from(v.as_str())))
            .collect();
        convene_core::i18n::t(lang, self.0, &args)
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, id } => PageError::NotFound(Said::new(
                "error-no-such",
                &[("what", what), ("id", &id.to_string())],
            )),
            other => PageError::Store(other),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::Render(e)
    }
}

impl PageError {
    pub(super) fn into_response(self, state: &AppState, ctx: &PageLang) -> Response {
        let (status, title, lines) = match self {
            PageError::NotFound(what) => (StatusCode::NOT_FOUND, "error-not-found", vec![what]),
            PageError::BadRequest(errors) => (StatusCode::BAD_REQUEST, "error-bad-request", errors),
            PageError::Store(e) => {
                tracing::error!(error = %crate::error_text(&e), "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-went-wrong",
                    vec![Said::new("error-not-loaded", &[])],
                )
            }
            PageError::Render(e) => {
                tracing::error!(error = %e, "page failed to render");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-went-wrong",
                    vec![Said::new("error-not-shown", &[])],
                )
            }
        };
        let title = convene_core::i18n::t(ctx.lang, title, &[]);
        let page = ErrorPage {
            layout: Layout::new(state, ctx, &title, "", None),
            title: title.clone(),
            lines: lines.iter().map(|l| l.text(ctx.lang)).collect(),
            status: status.as_u16(),
        };
        let body = askama::Template::render(&page)
            .unwrap_or_else(|_| format!("{} {title}\n", status.as_u16()));
        let mut r = html(status, body);
        language_headers(&mut r, ctx.lang);
        r
    }
}

/// `Content-Language` and `Vary: Accept-Language, Cookie` (beside the
/// cache's `Accept-Encoding`): a page's words depend on both headers.
pub(super) fn language_headers(r: &mut Response, lang: Lang) {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    let vary = match h.get(header::VARY).and_then(|v| v.to_str().ok()) {
        Some(v) if !v.is_empty() => format!("{v}, Accept-Language, Cookie"),
        _ => "Accept-Language, Cookie".to_owned(),
    };
    if let Ok(v) = HeaderValue::from_str(&vary) {
        h.insert(header::VARY, v);
    }
}

/// The words of a page: its language and the body's home zone.
pub(super) fn words(state: &AppState, ctx: &PageLang) -> Words {
    Words {
        lang: ctx.lang,
        home: state.config.default_zone(),
        feed_default: state.config.i18n.default_language,
    }
}

/// The HTML 404 page for an address no route serves (the router's
/// fallback, `mod.rs`, sends people here and programs a problem).
pub(in crate::http) fn unknown_page(state: &AppState, ctx: &PageLang) -> Response {
    PageError::NotFound(Said::new("error-no-page", &[])).into_response(state, ctx)
}

/// The HTML 400 page for a path parameter that does not decode: the same
/// fields and messages as the API's problem. An error that is not the
/// client's (a 500) is answered as the API's, which logs it.
pub(in crate::http) fn bad_path(state: &AppState, ctx: &PageLang, e: ApiError) -> Response {
    if e.field_errors().is_empty() {
        return e.into_response();
    }
    let lines = e
        .field_errors()
        .iter()
        .map(|f| {
            Said::new(
                "error-bad-address",
                &[("field", &f.field), ("message", &f.message)],
            )
        })
        .collect();
    PageError::BadRequest(lines).into_response(state, ctx)
}
