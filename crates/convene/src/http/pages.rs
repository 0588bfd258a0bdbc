//! Public web pages, rendered on the server (askama templates compiled into
//! the binary, `crates/convene/templates/`), no JavaScript needed:
//! - `GET /`: the group tree with each group's mailing list and calendars,
//!   the next meetings and the next deadlines;
//! - `GET /groups/{slug}[?subgroups=true]`: a group's meetings and deadlines,
//!   upcoming first, then past;
//! - `GET /meetings/{id}`: one meeting whole (served through the feeds'
//!   `/meetings/{file}` route, which keeps `{id}.ics` for itself);
//! - `GET /meetings/{id}/history`, `GET /groups/{slug}/history` and
//!   `GET /groups/{slug}/changes.atom`: every change, field by field, who
//!   made it and whether the lists were told (`pages/history.rs`);
//! - `GET /schedule[?group=wg1&group=wg5&subgroups=true]`: the programme as
//!   the secretariat writes it, one line a meeting, and the combined feed of
//!   the chosen groups;
//! - `GET /static/{file}`: the stylesheet and two small scripts (the
//!   viewer's local time, the copy buttons).
//!
//! Every page takes `?from=YYYY-MM-DD` and `to=YYYY-MM-DD` (whole UTC days,
//! `to` inclusive) to look at another period; without `from`, "now" is the
//! server clock, read here at the HTTP edge. Pages carry a
//! Content-Security-Policy that allows no inline script, and an `ETag` from
//! the store's change stamp (as feeds do), so a current client gets 304.
//!
//! This file holds what every page shares (query, period, errors, headers,
//! loading); each page's handler is in `pages/{home,group,meeting,schedule}.rs`.

mod assets;
mod error;
mod group;
mod history;
mod home;
pub(super) mod lang;
mod meeting;
mod organize;
mod schedule;
pub(super) mod selfserve;
mod templates;
mod view;

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use convene_core::i18n::Arg;
use convene_core::{GroupSlug, GroupTree, ItemId, Owner};

use super::AppState;
use super::cache::Answer;
use crate::store::{MeetingFilter, StoredDeadline, StoredMeeting};
use lang::PageLang;
use templates::PeriodView;

use error::{PageError, Said, language_headers, words};
pub(super) use error::{bad_path, unknown_page};
use view::{DeadlineView, MeetingView, Subscribe, Words};

pub(super) use meeting::meeting;
pub(super) use organize::openapi::paths as organize_paths;

/// The pages' rows of the route table (`mod.rs`); `/meetings/{id}` is
/// reached through the feeds' `/meetings/{file}`.
pub(super) fn routes() -> Vec<super::Route> {
    vec![
        (Method::GET, "/", get(home::home)),
        (Method::GET, "/language", get(lang::choose)),
        (Method::GET, "/groups/{slug}", get(group::group)),
        (
            Method::POST,
            "/groups/{slug}/members-calendar",
            axum::routing::post(selfserve::request),
        ),
        (
            Method::GET,
            "/groups/{slug}/history",
            get(history::group_history),
        ),
        (
            Method::GET,
            "/groups/{slug}/changes.atom",
            get(history::group_changes_feed),
        ),
        (
            Method::GET,
            "/meetings/{id}/history",
            get(history::meeting_history),
        ),
        (Method::GET, "/schedule", get(schedule::schedule)),
        (Method::GET, "/static/{file}", get(assets::serve)),
        (Method::GET, "/favicon.ico", get(assets::favicon)),
    ]
    .into_iter()
    .chain(organize::routes())
    .collect()
}

/// No inline script or style, nothing from elsewhere.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

fn secure(response: &mut Response) {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
}

fn html(status: StatusCode, body: String) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response();
    secure(&mut r);
    r
}

/// The query every page understands.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct PageQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    subgroups: bool,
    groups: Vec<String>,
    /// The page of the past (1: the most recent [`PAST_PAGE`] meetings).
    page: Option<u32>,
}

/// Past meetings a group's page lists at once; `?page=N` goes further back.
const PAST_PAGE: u32 = 20;

impl PageQuery {
    fn parse(raw: Option<&str>) -> Result<Self, PageError> {
        let mut q = PageQuery::default();
        let mut errors = Vec::new();
        let date = |key: &str, v: &str, errors: &mut Vec<Said>| {
            convene_core::time::parse_date(v)
                .map_err(|_| {
                    errors.push(Said::new("error-bad-date", &[("key", key), ("value", v)]))
                })
                .ok()
        };
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let v = v.trim();
            match &*k {
                "from" if !v.is_empty() => q.from = date("from", v, &mut errors),
                "to" if !v.is_empty() => q.to = date("to", v, &mut errors),
                "subgroups" => q.subgroups = matches!(v, "true" | "on" | "1" | "yes"),
                "page" if !v.is_empty() => match v.parse::<u32>() {
                    Ok(n) if n >= 1 => q.page = Some(n),
                    _ => errors.push(Said::new("error-bad-page", &[("value", v)])),
                },
                "group" | "groups" => q.groups.extend(
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                ),
                _ => {}
            }
        }
        if let (Some(f), Some(t)) = (q.from, q.to)
            && t < f
        {
            errors.push(Said::new("error-to-before-from", &[]));
        }
        if errors.is_empty() {
            Ok(q)
        } else {
            Err(PageError::BadRequest(errors))
        }
    }

    /// The query as a stable string, for the ETag.
    fn key(&self) -> String {
        format!(
            "from={:?}&to={:?}&subgroups={}&groups={}&page={}",
            self.from,
            self.to,
            self.subgroups,
            self.groups.join(","),
            self.page()
        )
    }

    /// The page of the past asked for, from 1.
    fn page(&self) -> u32 {
        self.page.unwrap_or(1)
    }
}

/// The period a page shows: items that end after `start` (and begin before
/// `end`) are "upcoming"; items that ended before `start` are past.
#[derive(Debug, Clone, Copy)]
struct Period {
    /// `from`, or now.
    start: DateTime<Utc>,
    /// The day after `to`.
    end: Option<DateTime<Utc>>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Period {
    fn new(q: &PageQuery, now: DateTime<Utc>) -> Self {
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        Self {
            start: q.from.map_or(now, midnight),
            end: q.to.and_then(|d| d.succ_opt()).map(midnight),
            from: q.from,
            to: q.to,
        }
    }

    fn upcoming(&self, starts: DateTime<Utc>, ends: DateTime<Utc>) -> bool {
        ends > self.start && self.end.is_none_or(|e| starts < e)
    }

    fn past(&self, ends: DateTime<Utc>) -> bool {
        ends <= self.start
    }

    /// The ETag part that depends on the clock: none when `from` is given.
    fn key(&self) -> String {
        match self.from {
            Some(_) => String::new(),
            None => format!("@{}", self.start.timestamp()),
        }
    }

    fn view(&self, path: &str, keep: &[(&str, String)], w: Words) -> PeriodView {
        let start_day = self.start.date_naive();
        let heading = match (self.from, self.to) {
            (Some(f), Some(t)) => view::date_range(w, f, t),
            (Some(f), None) => w.t("period-from", &[("date", Arg::from(w.long_date(f)))]),
            (None, Some(t)) => w.t("period-until", &[("date", Arg::from(w.long_date(t)))]),
            (None, None) => w.t("period-upcoming", &[]),
        };
        let mut reset = path.to_owned();
        let kept: Vec<String> = keep
            .iter()
            .map(|(k, v)| format!("{k}={}", view::encode(v)))
            .collect();
        if !kept.is_empty() {
            reset.push('?');
            reset.push_str(&kept.join("&"));
        }
        PeriodView {
            heading,
            given: self.from.is_some() || self.to.is_some(),
            from: self.from.map(|d| d.to_string()).unwrap_or_default(),
            to: self.to.map(|d| d.to_string()).unwrap_or_default(),
            from_text: self.from.map(|d| w.long_date(d)),
            to_text: self.to.map(|d| w.long_date(d)),
            today: w.long_date(start_day),
            reset,
            path: path.to_owned(),
            hidden: keep
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }
}

/// A listing page's query, the period it asks for and its cache key
/// (`name?…`).
fn listing(
    state: &AppState,
    name: &str,
    raw: Option<&str>,
) -> Result<(PageQuery, Period, String), PageError> {
    let q = PageQuery::parse(raw)?;
    let period = Period::new(&q, now(state));
    let key = format!("{name}?{}{}", q.key(), period.key());
    Ok((q, period, key))
}

/// "now" for pages: the server clock at the HTTP edge, to the minute (all
/// times are whole minutes, and the same minute gives the same ETag).
fn now(state: &AppState) -> DateTime<Utc> {
    let t = state.schedule.clock.now();
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// `?from=` the first day of the month of `t`: a link to look at the
/// period of the most recent items.
fn month_link(path: &str, t: DateTime<Utc>) -> String {
    let d = t.date_naive();
    let first = d.with_day(1).unwrap_or(d);
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}from={first}")
}

/// Answers 304 if the client is current, else the page from the cache or
/// rendered with `body` (`key` holds the query and, without `from`, the
/// minute: everything a page depends on but the store's data).
///
/// The key and so the ETag hold the page's language: a cached French page
/// is never served for English, and a browser that switches languages
/// gets the other page, not a 304.
async fn page<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    ctx: &PageLang,
    key: &str,
    body: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, PageError>>,
{
    let stamp = match state.responses.stamp().await {
        Ok(s) => s,
        Err(e) => return PageError::from(e).into_response(state, ctx),
    };
    let key = format!("page:{}:{key}", ctx.lang.code());
    let answer = Answer {
        headers,
        key: &key,
        content_type: "text/html; charset=utf-8",
    };
    let mut response = match state.responses.answer(answer, stamp, body).await {
        Ok(r) => r,
        Err(e) => return e.into_response(state, ctx),
    };
    language_headers(&mut response, ctx.lang);
    // Pages depend on the clock: always ask (the 304 is cheap).
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    secure(&mut response);
    response
}

/// What a page shows of the store: the meetings of `groups` (every
/// meeting when `None`) that are upcoming in the period and one page of
/// those past it (`past`: skip, take; most recent first), and the deadlines
/// of those meetings and of those groups. Nothing older is loaded, so a
/// page costs what it shows, not the archive.
struct Loaded {
    meetings: Vec<StoredMeeting>,
    deadlines: Vec<StoredDeadline>,
    /// Older past meetings exist than those loaded.
    more_past: bool,
}

async fn load(
    state: &AppState,
    groups: Option<Vec<GroupSlug>>,
    period: &Period,
    past: (u32, u32),
) -> Result<Loaded, PageError> {
    let mut meetings = state
        .db
        .meetings_via(
            &MeetingFilter {
                groups: groups.clone(),
                range: Some(convene_core::Interval {
                    start: period.start,
                    end: period.end.unwrap_or(crate::store::FAR_FUTURE),
                }),
                ..Default::default()
            },
            &state.parsed,
        )
        .await?;
    let (skip, take) = past;
    let mut older = state
        .db
        .meetings_via(
            &MeetingFilter {
                groups: groups.clone(),
                ended_by: Some(period.start),
                newest_first: true,
                offset: Some(skip),
                limit: Some(take.saturating_add(1)),
                ..Default::default()
            },
            &state.parsed,
        )
        .await?;
    let more_past = older.len() > take as usize;
    older.truncate(take as usize);
    // A group's own deadlines that closed before the oldest meeting shown
    // belong to an older page.
    let oldest = older
        .last()
        .filter(|_| more_past)
        .map(|m| m.meeting.span().start);
    meetings.append(&mut older);
    let ids: Vec<ItemId> = meetings.iter().map(|m| m.meeting.id().clone()).collect();
    let group_list: Vec<GroupSlug> = match groups {
        Some(g) => g,
        None => state
            .db
            .groups()
            .await?
            .iter()
            .map(|g| g.slug.clone())
            .collect(),
    };
    let mut deadlines = state.db.deadlines(&ids, &group_list).await?;
    if let Some(oldest) = oldest {
        deadlines.retain(|d| {
            matches!(d.deadline.owner(), Owner::Meeting(_)) || d.deadline.closes_at() >= oldest
        });
    }
    Ok(Loaded {
        meetings,
        deadlines,
        more_past,
    })
}

/// Meetings upcoming in the period (by start) and past (most recent first).
fn split_meetings(
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    period: &Period,
    w: Words,
) -> (Vec<MeetingView>, Vec<MeetingView>) {
    let mut upcoming: Vec<&StoredMeeting> = meetings
        .iter()
        .filter(|m| {
            let s = m.meeting.span();
            period.upcoming(s.start, s.end)
        })
        .collect();
    upcoming.sort_by_key(|m| (m.meeting.span().start, m.meeting.id().clone()));
    let mut past: Vec<&StoredMeeting> = meetings
        .iter()
        .filter(|m| period.past(m.meeting.span().end))
        .collect();
    past.sort_by_key(|m| std::cmp::Reverse((m.meeting.span().start, m.meeting.id().clone())));
    let view = |m: &&StoredMeeting| MeetingView::new(tree, &m.meeting, period.start, w);
    (
        upcoming.iter().map(view).collect(),
        past.iter().map(view).collect(),
    )
}

fn deadline_view(
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    d: &StoredDeadline,
    period: &Period,
    w: Words,
) -> DeadlineView {
    let meeting = match d.deadline.owner() {
        Owner::Meeting(id) => meetings
            .iter()
            .find(|m| m.meeting.id() == id)
            .map(|m| &m.meeting),
        Owner::Group(_) => None,
    };
    DeadlineView::new(tree, &d.deadline, meeting, period.start, w)
}

/// Deadlines upcoming in the period (by closing time) and past (most recent
/// first).
fn split_deadlines(
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    period: &Period,
    w: Words,
) -> (Vec<DeadlineView>, Vec<DeadlineView>) {
    let mut upcoming: Vec<&StoredDeadline> = deadlines
        .iter()
        .filter(|d| {
            let t = d.deadline.closes_at();
            period.upcoming(t, t)
        })
        .collect();
    upcoming.sort_by_key(|d| (d.deadline.closes_at(), d.deadline.id().clone()));
    let mut past: Vec<&StoredDeadline> = deadlines
        .iter()
        .filter(|d| period.past(d.deadline.closes_at()))
        .collect();
    past.sort_by_key(|d| std::cmp::Reverse((d.deadline.closes_at(), d.deadline.id().clone())));
    let view = |d: &&StoredDeadline| deadline_view(tree, meetings, d, period, w);
    (
        upcoming.iter().map(view).collect(),
        past.iter().map(view).collect(),
    )
}

/// The calendars of everything: each root with its subgroups.
fn everything(state: &AppState, tree: &GroupTree, w: Words) -> Vec<Subscribe> {
    let base = &state.config.server.public_url;
    view::sorted_roots(tree)
        .into_iter()
        .map(|r| {
            let mut s = Subscribe::group(base, r, true, w);
            s.label = w.t(
                "subscribe-everything",
                &[("group", Arg::from(r.short_name.as_str()))],
            );
            s.dom_id = format!("feed-all-{}", r.slug);
            s
        })
        .collect()
}

/// When the stored meeting `id` starts.
fn starts(meetings: &[StoredMeeting], id: &str) -> DateTime<Utc> {
    meetings
        .iter()
        .find(|m| m.meeting.id().as_str() == id)
        .map_or(DateTime::<Utc>::MIN_UTC, |m| m.meeting.span().start)
}
