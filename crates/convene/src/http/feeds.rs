//! Calendar feeds (public, no token):
//! - `GET /calendars/{slug}.ics[?subgroups=true][&past=all]`: a group's
//!   meetings (joint ones included) and deadlines, with its descendants' if
//!   asked;
//! - `GET /calendars.ics?groups=wg1,wg5[&past=all]`: several groups, each
//!   item once;
//! - `GET /meetings/{id}.ics`: one meeting, for "add to my calendar".
//!
//! A group's feed publishes a window: the meetings that end at most
//! `calendar.past_months` months ago (its deadlines with them, and the
//! groups' own deadlines closing since then) and everything ahead, so its
//! cost follows what it publishes, not the archive; `?past=all` gives the
//! whole archive.
//!
//! Generated text (the "Cancelled: " and "Deadline: " prefixes, the
//! description's labels, dates, zone names) is in the language of
//! `?lang=` (`fr`, `fr-CH`), else the feed's default ([`feed_language`]);
//! the organizer's titles and descriptions are as written.
//!
//! Served inline as `text/calendar; charset=utf-8` with an `ETag` per
//! content coding and `Last-Modified`. A conditional request is answered
//! from the store's change stamp alone, kept in memory, without loading or
//! rendering anything; a 200 comes from the cache of rendered bodies when it
//! holds the feed (`cache.rs`).
//!
//! A feed also changes with time alone: cancelled items leave it once their
//! retention is over (`calendar.cancelled_retention_days`), and its window
//! moves. So a feed is
//! rendered as of the start of the current UTC day, and that day is part of
//! its `ETag`: the validator changes at most once a day without a change in
//! the store, and a client that revalidates the next day gets the feed
//! without the items that left. `Last-Modified` is the later of the last
//! change and the start of the day, for clients that send only
//! `If-Modified-Since`.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use chrono::{DateTime, Months, Utc};
use convene_core::i18n::Lang;
use convene_core::{GroupSlug, GroupTree, Interval, ItemId, Owner};
use serde::Deserialize;

use super::AppState;
use super::cache::Answer;
use super::error::ApiError;
use super::extract::{Path, Query};
use crate::calendar::{self, kept, kept::Context, kept::Made};
use crate::store::{FeedReader, MeetingFilter, StoredDeadline, StoredMeeting};

/// The feeds' rows of the route table (`mod.rs`). `{file}` is `SLUG.ics`
/// or `ID.ics`; `/meetings/{id}` without `.ics` is the meeting's page.
pub(super) fn routes() -> Vec<super::Route> {
    vec![
        (Method::GET, "/calendars.ics", get(combined)),
        (Method::GET, "/calendars/{file}", get(group_feed)),
        (Method::GET, "/meetings/{file}", get(meeting_feed)),
    ]
}

#[derive(Debug, Deserialize)]
struct FeedQuery {
    subgroups: Option<bool>,
    groups: Option<String>,
    past: Option<String>,
    lang: Option<String>,
}

/// `?lang=`, if given: one of the six (`fr`, `fr-CH`), else a 400 naming
/// the field.
pub(in crate::http) fn asked_language(raw: Option<&str>) -> Result<Option<Lang>, ApiError> {
    match raw {
        None => Ok(None),
        Some(l) => Lang::parse(l)
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest {
                detail: "the lang parameter is invalid".into(),
                errors: vec![convene_core::FieldError::new(
                    "lang",
                    format!("{l:?} is not a language of convene; use ar, zh, en, fr, ru or es"),
                )],
            }),
    }
}

/// The language of a feed's generated text: `?lang=`, else the feed's
/// group's (its first group's for a combined feed or a meeting), else
/// `i18n.default_language`. The one place that decides it.
///
/// A group's feed is in the group's language (its own or inherited, like
/// its mailing list); the whole schedule's, in the configured default. The
/// cache key holds `?lang=` as asked (the path and query); a group's
/// language is data, so a change to it moves the store's stamp, and with
/// it the ETag and the cached body.
fn feed_language(
    state: &AppState,
    tree: &GroupTree,
    group: Option<&GroupSlug>,
    asked: Option<Lang>,
) -> Lang {
    let default = state.config.i18n.default_language;
    asked.unwrap_or_else(|| {
        group.map_or(default, |g| convene_core::group_language(tree, g, default))
    })
}

/// What a group feed publishes of the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Past {
    /// Items that end (deadlines: close) after this instant, and all ahead.
    Since(DateTime<Utc>),
    /// The whole archive (`?past=all`).
    All,
}

impl Past {
    /// `?past=all`, or the configured window as of the server's clock (from
    /// the start of that day in UTC, so the window, and the `ETag` that
    /// names it, move once a day).
    fn from_query(state: &AppState, past: Option<&str>) -> Result<Self, ApiError> {
        match past {
            Some("all") => Ok(Past::All),
            None if state.config.calendar.past_months == 0 => Ok(Past::All),
            None => {
                let today = state.schedule.clock.now().date_naive();
                let months = Months::new(state.config.calendar.past_months);
                let first = today.checked_sub_months(months).unwrap_or(today);
                Ok(Past::Since(
                    first.and_time(chrono::NaiveTime::MIN).and_utc(),
                ))
            }
            Some(other) => Err(ApiError::BadRequest {
                detail: "the past parameter is invalid".into(),
                errors: vec![convene_core::FieldError::new(
                    "past",
                    format!(
                        "{other:?} is not accepted; use past=all for the whole archive, or leave it out for the window"
                    ),
                )],
            }),
        }
    }

    /// The meetings' range (`None`: all).
    fn range(self) -> Option<Interval> {
        match self {
            Past::All => None,
            Past::Since(start) => Some(Interval {
                start,
                end: crate::store::FAR_FUTURE,
            }),
        }
    }
}

/// The instant a feed is rendered as of: the start of the current UTC day.
/// The cache key holds the day too, so a feed is rendered anew each day and
/// is the same all day on every replica.
fn feed_day(state: &AppState) -> DateTime<Utc> {
    let now = state.schedule.clock.now();
    now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Answers 304 if the client is current, else the feed from the cache or
/// rendered with `body` as of the feed day. `uri`'s path and query, with
/// the feed day, are the key (of the validators and the cache): every
/// parameter a feed reads is in it.
async fn conditional<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    body: F,
) -> Result<Response, ApiError>
where
    F: FnOnce(DateTime<Utc>) -> Fut,
    Fut: std::future::Future<Output = Result<String, ApiError>>,
{
    let day = feed_day(state);
    // The language is in the query (`?lang=`) or follows from the data
    // (the stamp); see `feed_language`.
    let key = format!(
        "feed:{}?{}@{}",
        uri.path(),
        uri.query().unwrap_or(""),
        day.date_naive()
    );
    // Last-Modified moves with the day too, so a client that sends only
    // If-Modified-Since also sees what time removed.
    let mut stamp = state.responses.stamp().await?;
    stamp.at = Some(stamp.at.map_or(day, |t| t.max(day)));
    let answer = Answer {
        headers,
        key: &key,
        content_type: "text/calendar; charset=utf-8",
    };
    let response = state
        .responses
        .answer(answer, stamp, || async {
            let text = body(day).await?;
            crate::metrics::global().feed_renders.inc();
            Ok::<_, ApiError>(text)
        })
        .await?;
    if response.status() == StatusCode::NOT_MODIFIED {
        crate::metrics::global().feed_not_modified.inc();
    }
    Ok(response)
}

/// How a feed is rendered: what it publishes of the past, as of when, in
/// which language.
#[derive(Debug, Clone, Copy)]
struct Rendering {
    past: Past,
    as_of: DateTime<Utc>,
    lang: Lang,
}

/// The store's group tree with its fingerprint, which the events a feed
/// keeps written are made with.
type Tree = (Arc<GroupTree>, u64);

/// Renders the items of `groups` (meetings of any of them, their deadlines,
/// and the groups' own deadlines), writing again only the meetings whose
/// events are not kept written as they are now (`calendar/kept.rs`).
async fn render_groups(
    state: &AppState,
    reader: &mut FeedReader,
    (tree, fingerprint): &Tree,
    groups: Vec<GroupSlug>,
    name: &str,
    Rendering { past, as_of, lang }: Rendering,
) -> Result<String, ApiError> {
    let filter = MeetingFilter {
        groups: Some(groups.clone()),
        range: past.range(),
        ..Default::default()
    };
    if !state.kept.is_on() {
        // Every read on the connection held for this feed: one taken
        // while holding another waits for itself once the pool is busy.
        let meetings = reader.meetings(&filter, &state.parsed).await?;
        let ids: Vec<&str> = meetings.iter().map(|m| m.meeting.id().as_str()).collect();
        let deadlines = window(reader.deadlines(&ids, &groups).await?, past);
        return Ok(render(
            state, tree, name, &meetings, &deadlines, as_of, lang,
        ));
    }
    let since = match past {
        Past::Since(start) => Some(start),
        Past::All => None,
    };
    let (stamps, deadlines) = reader.window(&groups, since).await?;
    let deadlines = window(deadlines, past);
    let mut theirs: HashMap<&str, Vec<&StoredDeadline>> = HashMap::new();
    let mut own = Vec::new();
    for d in &deadlines {
        match d.deadline.owner() {
            Owner::Meeting(id) => theirs.entry(id.as_str()).or_default().push(d),
            Owner::Group(_) => own.push(d.clone()),
        }
    }
    let of = |id: &str| theirs.get(id).map_or(&[][..], Vec::as_slice);
    let context = Context {
        groups: *fingerprint,
        lang,
        day: as_of.date_naive(),
    };
    let mut written = Vec::with_capacity(stamps.len());
    let mut missing = Vec::new();
    for stamp in &stamps {
        let made = Made::of(stamp, of(&stamp.id));
        match state.kept.get(&stamp.id, context, made) {
            Some(w) => written.push(w),
            None => missing.push(stamp.id.as_str()),
        }
    }
    state.kept.count(written.len(), missing.len());
    for (m, digest) in reader.meetings_by_id(&missing, &state.parsed).await? {
        let id = m.meeting.id().as_str();
        let made = Made {
            digest,
            deadlines: kept::deadlines_fingerprint(of(id)),
        };
        let events = calendar::write_meeting(&state.config, tree, &m, of(id), as_of, lang);
        written.push(state.kept.keep(id, context, made, events));
    }
    let own = calendar::write_group_deadlines(&state.config, tree, &own, lang);
    let mut events: Vec<_> = written
        .iter()
        .flat_map(|w| w.events.iter())
        .chain(&own)
        .collect();
    Ok(calendar::render_written(&state.config, name, &mut events))
}

/// The deadlines of a window's meetings and groups as it publishes them:
/// a group's own only if they close in it (a meeting's go with it).
fn window(mut deadlines: Vec<StoredDeadline>, past: Past) -> Vec<StoredDeadline> {
    if let Past::Since(start) = past {
        deadlines.retain(|d| {
            matches!(d.deadline.owner(), Owner::Meeting(_)) || d.deadline.closes_at() >= start
        });
    }
    deadlines
}

fn render(
    state: &AppState,
    tree: &GroupTree,
    name: &str,
    meetings: &[StoredMeeting],
    deadlines: &[StoredDeadline],
    as_of: DateTime<Utc>,
    lang: Lang,
) -> String {
    // The same code path as mails' calendars: same UIDs and SEQUENCEs.
    crate::calendar::render_feed(&state.config, tree, name, meetings, deadlines, as_of, lang)
}

fn calendar_name(tree: &GroupTree, slug: &GroupSlug, subgroups: bool) -> String {
    match tree.get(slug) {
        Some(g) if subgroups => format!("{} - {} (with subgroups)", g.short_name, g.name),
        Some(g) => format!("{} - {}", g.short_name, g.name),
        None => slug.to_string(),
    }
}

async fn group_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<FeedQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("there is no calendar {file:?}"));
    let slug = file
        .strip_suffix(".ics")
        .and_then(|s| GroupSlug::parse(s).ok())
        .ok_or_else(not_found)?;
    let subgroups = q.subgroups.unwrap_or(false);
    let past = Past::from_query(&state, q.past.as_deref())?;
    let asked = asked_language(q.lang.as_deref())?;
    // A current client had this feed and nothing changed since: 304 without
    // loading anything. Otherwise the group must exist.
    let state = &state;
    conditional(state, &headers, &uri, |as_of| async move {
        let mut reader = state.db.feed_reader().await?;
        let (tree, fingerprint) = reader.groups_and_fingerprint().await?;
        if !tree.contains(&slug) {
            return Err(not_found());
        }
        let groups: Vec<GroupSlug> = if subgroups {
            tree.subtree(&slug)
                .into_iter()
                .map(|g| g.slug.clone())
                .collect()
        } else {
            vec![slug.clone()]
        };
        let name = calendar_name(&tree, &slug, subgroups);
        let lang = feed_language(state, &tree, Some(&slug), asked);
        render_groups(
            state,
            &mut reader,
            &(tree, fingerprint),
            groups,
            &name,
            Rendering { past, as_of, lang },
        )
        .await
    })
    .await
}

async fn combined(
    State(state): State<AppState>,
    Query(q): Query<FeedQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let past = Past::from_query(&state, q.past.as_deref())?;
    let asked = asked_language(q.lang.as_deref())?;
    let raw = q.groups.unwrap_or_default();
    // The groups must exist, which takes the tree: checked when rendering,
    // so that a 304 (only ever for an ETag given with a 200 at the same
    // stamp) loads nothing.
    let state = &state;
    conditional(state, &headers, &uri, |as_of| async move {
        let mut reader = state.db.feed_reader().await?;
        let (tree, fingerprint) = reader.groups_and_fingerprint().await?;
        let mut slugs: BTreeSet<GroupSlug> = BTreeSet::new();
        let mut errors = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match GroupSlug::parse(part) {
                Ok(s) if tree.contains(&s) => {
                    slugs.insert(s);
                }
                _ => errors.push(convene_core::FieldError::new(
                    "groups",
                    format!("{part:?} is not a known group"),
                )),
            }
        }
        if slugs.is_empty() && errors.is_empty() {
            errors.push(convene_core::FieldError::new(
                "groups",
                "name one or more groups, e.g. ?groups=wg1,wg5",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::BadRequest {
                detail: "the groups parameter is invalid".into(),
                errors,
            });
        }
        let name = tree.short_names(&slugs).join(" + ");
        let lang = feed_language(state, &tree, slugs.first(), asked);
        render_groups(
            state,
            &mut reader,
            &(tree, fingerprint),
            slugs.into_iter().collect(),
            &name,
            Rendering { past, as_of, lang },
        )
        .await
    })
    .await
}

async fn meeting_feed(
    State(state): State<AppState>,
    file: Result<Path<String>, ApiError>,
    uri: Uri,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let file = match file {
        Ok(Path(file)) => file,
        // A calendar's error is a problem, a page's the HTML error page.
        Err(e) if uri.path().ends_with(".ics") => return Err(e),
        Err(e) => {
            let ctx = super::pages::lang::PageLang::negotiate(
                query.as_deref(),
                &headers,
                uri.path(),
                state.config.i18n.default_language,
            );
            return Ok(super::pages::bad_path(&state, &ctx, e));
        }
    };
    let Some(id) = file.strip_suffix(".ics") else {
        // Not a calendar: the meeting's web page (one route serves both).
        return Ok(super::pages::meeting(&state, &file, query.as_deref(), &headers).await);
    };
    let not_found = || ApiError::NotFound(format!("meeting {id:?} does not exist"));
    let id = ItemId::parse(id).map_err(|_| not_found())?;
    let asked = asked_language(
        form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
            .as_deref(),
    )?;
    let state = &state;
    conditional(state, &headers, &uri, |as_of| async move {
        let m = state.db.meeting(&id).await?.ok_or_else(not_found)?;
        let tree = state.db.groups().await?;
        let deadlines = state.db.deadlines(std::slice::from_ref(&id), &[]).await?;
        let name = m.meeting.title().to_string();
        let lang = feed_language(state, &tree, m.meeting.groups().first(), asked);
        Ok(render(
            state,
            &tree,
            &name,
            std::slice::from_ref(&m),
            &deadlines,
            as_of,
            lang,
        ))
    })
    .await
}
