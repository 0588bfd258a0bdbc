//! Public web pages, rendered on the server (askama templates compiled into
//! the binary, `crates/convene/templates/`), no JavaScript needed:
//! - `GET /`: the group tree with each group's mailing list and calendars,
//!   the next meetings and the next deadlines;
//! - `GET /groups/{slug}[?subgroups=true]`: a group's meetings and deadlines,
//!   upcoming first, then past;
//! - `GET /meetings/{id}`: one meeting whole (served through the feeds'
//!   `/meetings/{file}` route, which keeps `{id}.ics` for itself);
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

mod assets;
mod templates;
mod view;

use std::collections::BTreeSet;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use convene_core::{GroupSlug, GroupTree, ItemId, Owner};

use super::AppState;
use super::cache::Validators;
use crate::store::{MeetingFilter, Store, StoreError, StoredDeadline, StoredMeeting};
use templates::{
    ErrorPage, GroupPage, HomePage, Layout, MeetingPage, MonthBlock, PeriodView, ScheduleItem,
    SchedulePage,
};
use view::{DeadlineView, GroupView, MeetingView, Subscribe};

/// The pages' routes (`/meetings/{id}` is reached through the feeds).
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/groups/{slug}", get(group))
        .route("/schedule", get(schedule))
        .route("/static/{file}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
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

/// Why a page could not be shown.
#[derive(Debug)]
enum PageError {
    NotFound(String),
    BadRequest(Vec<String>),
    Store(StoreError),
    Render(askama::Error),
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, id } => {
                PageError::NotFound(format!("There is no {what} \u{201c}{id}\u{201d}."))
            }
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
    fn into_response(self, state: &AppState) -> Response {
        let (status, title, lines) = match self {
            PageError::NotFound(what) => (StatusCode::NOT_FOUND, "Not found", vec![what]),
            PageError::BadRequest(errors) => (StatusCode::BAD_REQUEST, "Bad request", errors),
            PageError::Store(e) => {
                tracing::error!(error = %error_chain(&e), "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    vec!["The page could not be loaded. Please try again in a moment.".to_owned()],
                )
            }
            PageError::Render(e) => {
                tracing::error!(error = %e, "page failed to render");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    vec!["The page could not be shown.".to_owned()],
                )
            }
        };
        let page = ErrorPage {
            layout: Layout::new(state, title, "", None),
            title,
            lines,
            status: status.as_u16(),
        };
        let body = askama::Template::render(&page)
            .unwrap_or_else(|_| format!("{} {title}\n", status.as_u16()));
        html(status, body)
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// The query every page understands.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct PageQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    subgroups: bool,
    groups: Vec<String>,
}

impl PageQuery {
    fn parse(raw: Option<&str>) -> Result<Self, PageError> {
        let mut q = PageQuery::default();
        let mut errors = Vec::new();
        let date = |key: &str, v: &str, errors: &mut Vec<String>| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| {
                    errors.push(format!(
                        "\u{201c}{key}\u{201d} must be a date written YYYY-MM-DD, not \u{201c}{v}\u{201d}."
                    ))
                })
                .ok()
        };
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let v = v.trim();
            match &*k {
                "from" if !v.is_empty() => q.from = date("from", v, &mut errors),
                "to" if !v.is_empty() => q.to = date("to", v, &mut errors),
                "subgroups" => q.subgroups = matches!(v, "true" | "on" | "1" | "yes"),
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
            errors.push("\u{201c}to\u{201d} must not be before \u{201c}from\u{201d}.".to_owned());
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
            "from={:?}&to={:?}&subgroups={}&groups={}",
            self.from,
            self.to,
            self.subgroups,
            self.groups.join(",")
        )
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

    fn view(&self, path: &str, keep: &[(&str, String)]) -> PeriodView {
        let start_day = self.start.date_naive();
        let heading = match (self.from, self.to) {
            (Some(f), Some(t)) => view::date_range(f, t),
            (Some(f), None) => format!("From {}", convene_core::ical::long_date(f)),
            (None, Some(t)) => format!("Until {}", convene_core::ical::long_date(t)),
            (None, None) => "Upcoming".to_owned(),
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
            today: convene_core::ical::long_date(start_day),
            reset,
            path: path.to_owned(),
            hidden: keep
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }
}

/// "now" for pages: the server clock at the HTTP edge, to the minute (all
/// times are whole minutes, and the same minute gives the same ETag).
fn now() -> DateTime<Utc> {
    let t = Utc::now();
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

/// Answers 304 if the client is current, else renders the page with `body`.
async fn page<F, Fut>(state: &AppState, headers: &HeaderMap, key: &str, body: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, PageError>>,
{
    let stamp = match state.db.stamp().await {
        Ok(s) => s,
        Err(e) => return PageError::from(e).into_response(state),
    };
    let validators = Validators::new(&format!("page:{key}"), stamp);
    let mut response = if validators.fresh(headers) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        match body().await {
            Ok(b) => html(StatusCode::OK, b),
            Err(e) => return e.into_response(state),
        }
    };
    validators.apply(&mut response);
    // Pages depend on the clock: always ask (the 304 is cheap).
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    secure(&mut response);
    response
}

/// All meetings of `groups` (every meeting when `None`) and the deadlines of
/// those meetings and of those groups.
async fn load(
    state: &AppState,
    groups: Option<Vec<GroupSlug>>,
) -> Result<(Vec<StoredMeeting>, Vec<StoredDeadline>), PageError> {
    let meetings = state
        .db
        .meetings(&MeetingFilter {
            groups: groups.clone(),
            ..Default::default()
        })
        .await?;
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
    let deadlines = state.db.deadlines(&ids, &group_list).await?;
    Ok((meetings, deadlines))
}

/// Meetings upcoming in the period (by start) and past (most recent first).
fn split_meetings(
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    period: &Period,
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
    let view = |m: &&StoredMeeting| MeetingView::new(tree, &m.meeting, period.start);
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
) -> DeadlineView {
    let meeting = match d.deadline.owner() {
        Owner::Meeting(id) => meetings
            .iter()
            .find(|m| m.meeting.id() == id)
            .map(|m| &m.meeting),
        Owner::Group(_) => None,
    };
    DeadlineView::new(tree, &d.deadline, meeting, period.start)
}

/// Deadlines upcoming in the period (by closing time) and past (most recent
/// first).
fn split_deadlines(
    tree: &GroupTree,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    period: &Period,
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
    let view = |d: &&StoredDeadline| deadline_view(tree, meetings, d, period);
    (
        upcoming.iter().map(view).collect(),
        past.iter().map(view).collect(),
    )
}

/// The calendars of everything: each root with its subgroups.
fn everything(state: &AppState, tree: &GroupTree) -> Vec<Subscribe> {
    let base = &state.config.server.public_url;
    view::sorted_roots(tree)
        .into_iter()
        .map(|r| {
            let mut s = Subscribe::group(base, r, true);
            s.label = format!("{} and all its groups", r.short_name);
            s.dom_id = format!("feed-all-{}", r.slug);
            s
        })
        .collect()
}

const HOME_MEETINGS: usize = 8;
const HOME_DEADLINES: usize = 5;
const RECENT: usize = 5;

async fn home(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let q = match PageQuery::parse(raw.as_deref()) {
        Ok(q) => q,
        Err(e) => return e.into_response(&state),
    };
    let period = Period::new(&q, now());
    let key = format!("home?{}{}", q.key(), period.key());
    page(&state, &headers, &key, || async {
        let tree = state.db.groups().await?;
        let (meetings, deadlines) = load(&state, None).await?;
        let base = &state.config.server.public_url;
        let (mut upcoming, mut recent) = split_meetings(&tree, &meetings, &period);
        upcoming.truncate(HOME_MEETINGS);
        recent.truncate(RECENT);
        let (mut next_deadlines, mut past_deadlines) =
            split_deadlines(&tree, &meetings, &deadlines, &period);
        next_deadlines.truncate(HOME_DEADLINES);
        past_deadlines.truncate(if next_deadlines.is_empty() { 3 } else { 0 });
        let roots = view::sorted_roots(&tree);
        let title = match roots.as_slice() {
            [one] => format!("{}: meetings and calendars", one.short_name),
            _ => "Meetings and calendars".to_owned(),
        };
        let feed = roots.first().map(|r| {
            (
                r.short_name.to_string(),
                format!("/calendars/{}.ics?subgroups=true", r.slug),
            )
        });
        let page = HomePage {
            layout: Layout::new(&state, &title, "home", feed),
            intro: roots
                .iter()
                .map(|r| r.name.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            period: period.view("/", &[]),
            look_back: match (upcoming.is_empty(), recent.first()) {
                (true, Some(m)) => Some(month_link("/", starts(&meetings, &m.id))),
                _ => None,
            },
            rows: view::tree_rows(&tree, base),
            everything: everything(&state, &tree),
            upcoming,
            recent,
            next_deadlines,
            past_deadlines,
        };
        Ok(askama::Template::render(&page)?)
    })
    .await
}

/// When the stored meeting `id` starts.
fn starts(meetings: &[StoredMeeting], id: &str) -> DateTime<Utc> {
    meetings
        .iter()
        .find(|m| m.meeting.id().as_str() == id)
        .map_or(DateTime::<Utc>::MIN_UTC, |m| m.meeting.span().start)
}

async fn group(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let q = match PageQuery::parse(raw.as_deref()) {
        Ok(q) => q,
        Err(e) => return e.into_response(&state),
    };
    let not_found = || PageError::NotFound(format!("There is no group \u{201c}{slug}\u{201d}."));
    let Ok(slug_parsed) = GroupSlug::parse(&slug) else {
        return not_found().into_response(&state);
    };
    let period = Period::new(&q, now());
    let key = format!("group/{slug_parsed}?{}{}", q.key(), period.key());
    page(&state, &headers, &key, || async {
        let tree = state.db.groups().await?;
        let Some(g) = tree.get(&slug_parsed) else {
            return Err(not_found());
        };
        let gv = GroupView::new(&tree, &state.config.server.public_url, g);
        let subgroups = q.subgroups && gv.descendants > 0;
        let groups: Vec<GroupSlug> = if subgroups {
            tree.subtree(&g.slug)
                .iter()
                .map(|g| g.slug.clone())
                .collect()
        } else {
            vec![g.slug.clone()]
        };
        let (meetings, deadlines) = load(&state, Some(groups)).await?;
        let (upcoming, past) = split_meetings(&tree, &meetings, &period);
        let (next_deadlines, past_deadlines) =
            split_deadlines(&tree, &meetings, &deadlines, &period);
        let path = format!("/groups/{}", g.slug);
        let mut keep = Vec::new();
        if subgroups {
            keep.push(("subgroups", "true".to_owned()));
        }
        let mut dated = Vec::new();
        if let Some(f) = q.from {
            dated.push(format!("from={f}"));
        }
        if let Some(t) = q.to {
            dated.push(format!("to={t}"));
        }
        let with_period = |base: String, extra: Option<&str>| {
            let parts: Vec<&str> = extra
                .into_iter()
                .chain(dated.iter().map(String::as_str))
                .collect();
            if parts.is_empty() {
                base
            } else {
                format!("{base}?{}", parts.join("&"))
            }
        };
        let feed_path = if subgroups {
            format!("/calendars/{}.ics?subgroups=true", g.slug)
        } else {
            format!("/calendars/{}.ics", g.slug)
        };
        let page = GroupPage {
            layout: Layout::new(
                &state,
                &format!("{} - {}", g.short_name, g.name),
                "group",
                Some((g.short_name.to_string(), feed_path)),
            ),
            only_href: with_period(path.clone(), None),
            sub_href: with_period(path.clone(), Some("subgroups=true")),
            period: period.view(&path, &keep),
            look_back: match (upcoming.is_empty(), past.first()) {
                (true, Some(m)) => Some(month_link(
                    &with_period(path.clone(), subgroups.then_some("subgroups=true")),
                    starts(&meetings, &m.id),
                )),
                _ => None,
            },
            group: gv,
            subgroups,
            upcoming,
            past,
            next_deadlines,
            past_deadlines,
        };
        Ok(askama::Template::render(&page)?)
    })
    .await
}

/// `GET /meetings/{id}` (through the feeds' route).
pub(super) async fn meeting(
    state: &AppState,
    id: &str,
    raw: Option<&str>,
    headers: &HeaderMap,
) -> Response {
    let q = match PageQuery::parse(raw) {
        Ok(q) => q,
        Err(e) => return e.into_response(state),
    };
    let not_found = || PageError::NotFound(format!("There is no meeting \u{201c}{id}\u{201d}."));
    let Ok(id_parsed) = ItemId::parse(id) else {
        return not_found().into_response(state);
    };
    let period = Period::new(&q, now());
    let key = format!("meeting/{id_parsed}?{}{}", q.key(), period.key());
    page(state, headers, &key, || async {
        let Some(m) = state.db.meeting(&id_parsed).await? else {
            return Err(not_found());
        };
        let tree = state.db.groups().await?;
        let deadlines = state
            .db
            .deadlines(std::slice::from_ref(&id_parsed), &[])
            .await?;
        let base = &state.config.server.public_url;
        let mv = MeetingView::new(&tree, &m.meeting, period.start);
        let deadline_views: Vec<DeadlineView> = deadlines
            .iter()
            .map(|d| DeadlineView::new(&tree, &d.deadline, Some(&m.meeting), period.start))
            .collect();
        let feeds: Vec<Subscribe> = m
            .meeting
            .groups()
            .iter()
            .filter_map(|s| tree.get(s))
            .map(|g| Subscribe::group(base, g, false))
            .collect();
        let lists: Vec<String> = tree
            .recipients(m.meeting.groups())
            .iter()
            .map(|e| e.to_string())
            .collect();
        let lead = m.meeting.groups().first().and_then(|s| tree.get(s));
        let page = MeetingPage {
            layout: Layout::new(
                state,
                &mv.title,
                "meeting",
                lead.map(|g| {
                    (
                        g.short_name.to_string(),
                        format!("/calendars/{}.ics", g.slug),
                    )
                }),
            ),
            meeting: mv,
            deadlines: deadline_views,
            feeds,
            lists,
        };
        Ok(askama::Template::render(&page)?)
    })
    .await
}

async fn schedule(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let q = match PageQuery::parse(raw.as_deref()) {
        Ok(q) => q,
        Err(e) => return e.into_response(&state),
    };
    let period = Period::new(&q, now());
    let key = format!("schedule?{}{}", q.key(), period.key());
    page(&state, &headers, &key, || async {
        let tree = state.db.groups().await?;
        let base = &state.config.server.public_url;
        // The chosen groups, known ones only, in tree order.
        let mut chosen: Vec<GroupSlug> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        for g in &q.groups {
            match GroupSlug::parse(g) {
                Ok(s) if tree.contains(&s) => {
                    if !chosen.contains(&s) {
                        chosen.push(s);
                    }
                }
                _ => unknown.push(g.clone()),
            }
        }
        if !unknown.is_empty() {
            return Err(PageError::NotFound(format!(
                "There is no group {}.",
                unknown
                    .iter()
                    .map(|u| format!("\u{201c}{u}\u{201d}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let rows = view::tree_rows(&tree, base);
        chosen.sort_by_key(|s| rows.iter().position(|r| r.group.slug == s.as_str()));
        let selected: Option<Vec<GroupSlug>> = if chosen.is_empty() {
            None
        } else if q.subgroups {
            let mut all: BTreeSet<GroupSlug> = BTreeSet::new();
            for s in &chosen {
                all.extend(tree.subtree(s).iter().map(|g| g.slug.clone()));
            }
            let mut all: Vec<GroupSlug> = all.into_iter().collect();
            all.sort_by_key(|s| rows.iter().position(|r| r.group.slug == s.as_str()));
            Some(all)
        } else {
            Some(chosen.clone())
        };
        let (meetings, deadlines) = load(&state, selected.clone()).await?;
        let (upcoming, mut recent) = split_meetings(&tree, &meetings, &period);
        let (next_deadlines, _) = split_deadlines(&tree, &meetings, &deadlines, &period);
        recent.truncate(if upcoming.is_empty() { 10 } else { 0 });
        // One list by time, meetings and deadlines together, by month.
        // By UTC instant; under the month of the item's own (local) day.
        let mut items: Vec<(DateTime<Utc>, NaiveDate, ScheduleItem)> = Vec::new();
        for m in upcoming {
            let stored = meetings.iter().find(|x| x.meeting.id().as_str() == m.id);
            let at = stored.map_or(DateTime::<Utc>::MIN_UTC, |x| x.meeting.span().start);
            let day = stored.map_or(at.date_naive(), |x| x.meeting.schedule().days().first());
            items.push((at, day, ScheduleItem::meeting(m)));
        }
        for d in next_deadlines {
            let stored = deadlines.iter().find(|x| x.deadline.id().as_str() == d.id);
            let at = stored.map_or(DateTime::<Utc>::MIN_UTC, |x| x.deadline.closes_at());
            let day = stored.map_or(at.date_naive(), |x| x.deadline.date());
            items.push((at, day, ScheduleItem::deadline(d)));
        }
        items.sort_by_key(|(at, _, _)| *at);
        let mut months: Vec<MonthBlock> = Vec::new();
        for (_, day, item) in items {
            let title = view::month_year(day);
            match months.last_mut() {
                Some(b) if b.title == title => b.items.push(item),
                _ => months.push(MonthBlock {
                    title,
                    items: vec![item],
                }),
            }
        }
        let feeds = match (&selected, chosen.as_slice()) {
            (None, _) => everything(&state, &tree),
            (Some(_), [one]) => {
                let g = tree
                    .get(one)
                    .map(|g| Subscribe::group(base, g, q.subgroups));
                g.into_iter().collect()
            }
            (Some(all), _) => vec![Subscribe::combined(base, &tree, all)],
        };
        let names: Vec<String> = chosen
            .iter()
            .filter_map(|s| tree.get(s))
            .map(|g| g.short_name.to_string())
            .collect();
        let mut keep: Vec<(&str, String)> =
            chosen.iter().map(|s| ("group", s.to_string())).collect();
        if q.subgroups {
            keep.push(("subgroups", "true".to_owned()));
        }
        let path_with_groups = {
            let kept: Vec<String> = keep
                .iter()
                .map(|(k, v)| format!("{k}={}", view::encode(v)))
                .collect();
            if kept.is_empty() {
                "/schedule".to_owned()
            } else {
                format!("/schedule?{}", kept.join("&"))
            }
        };
        let feed = feeds.first().map(|f| {
            (
                f.label.clone(),
                f.https
                    .strip_prefix(base.trim_end_matches('/'))
                    .unwrap_or(&f.https)
                    .to_owned(),
            )
        });
        let page = SchedulePage {
            layout: Layout::new(&state, "Schedule", "schedule", feed),
            period: period.view("/schedule", &keep),
            look_back: recent
                .first()
                .map(|m| month_link(&path_with_groups, starts(&meetings, &m.id))),
            selection: if names.is_empty() {
                "all groups".to_owned()
            } else if q.subgroups {
                format!("{} with subgroups", names.join(", "))
            } else {
                names.join(", ")
            },
            choices: rows
                .iter()
                .map(|r| templates::Choice {
                    slug: r.group.slug.clone(),
                    short_name: r.group.short_name.clone(),
                    name: r.group.name.clone(),
                    depth: r.depth.min(3),
                    checked: chosen.iter().any(|s| s.as_str() == r.group.slug),
                })
                .collect(),
            subgroups: q.subgroups,
            months,
            recent,
            feeds,
        };
        Ok(askama::Template::render(&page)?)
    })
    .await
}
