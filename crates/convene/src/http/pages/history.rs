//! The public history: `GET /meetings/{id}/history`,
//! `GET /groups/{slug}/history[?subgroups=true]` (pages) and
//! `GET /groups/{slug}/changes.atom[?subgroups=true]` (an Atom feed, RFC
//! 4287, of the same changes). Every change: the fields with their values
//! before and after, when, by which token's name, and whether the lists
//! were told or it was a silent fix. The changes come from the audit log
//! (`crate::history`).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use convene_core::i18n::Arg;
use convene_core::{GroupSlug, ItemId};

use super::lang::PageLang;
use super::templates::{ChangeView, ChangesFeed, HistoryPage, Layout};
use super::view::Words;
use super::{PageError, PageQuery, Said, page, words};
use crate::history::{Change, changes};
use crate::http::AppState;
use crate::http::cache::Answer;
use crate::http::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::store::HistoryScope;

/// How many changes the Atom feed carries (the newest).
const FEED_ENTRIES: usize = 100;

fn base(state: &AppState) -> &str {
    state.config.server.public_url.trim_end_matches('/')
}

/// Whose a deadline is, from its rows' detail (`"meeting"` or `"group"`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum DeadlineOwner {
    Meeting(String),
    Group(String),
}

/// Where a change is shown: the history of its meeting (a meeting, or a
/// meeting's deadline) or of its group (a group, or a group's deadline),
/// with the change's anchor. A deadline whose owner is unknown points at
/// `fallback`'s history.
fn change_href(c: &Change, owner: Option<&DeadlineOwner>, fallback: &str) -> String {
    let anchor = format!("#change-{}", c.id);
    match (c.subject_type.as_str(), owner) {
        ("meeting", _) => format!("/meetings/{}/history{anchor}", c.subject_id),
        ("group", _) => format!("/groups/{}/history{anchor}", c.subject_id),
        (_, Some(DeadlineOwner::Meeting(m))) => format!("/meetings/{m}/history{anchor}"),
        (_, Some(DeadlineOwner::Group(g))) => format!("/groups/{g}/history{anchor}"),
        _ => format!("/groups/{fallback}/history{anchor}"),
    }
}

fn view(c: &Change, fallback: &str, owners: &[(String, DeadlineOwner)], w: Words) -> ChangeView {
    let owner = if c.subject_type == "deadline" {
        owners
            .iter()
            .find(|(d, _)| d == &c.subject_id)
            .map(|(_, o)| o)
    } else {
        None
    };
    let item_href = match (c.subject_type.as_str(), owner) {
        ("meeting", _) => format!("/meetings/{}", c.subject_id),
        ("group", _) => format!("/groups/{}", c.subject_id),
        (_, Some(DeadlineOwner::Meeting(m))) => format!("/meetings/{m}"),
        (_, Some(DeadlineOwner::Group(g))) => format!("/groups/{g}"),
        _ => format!("/groups/{fallback}"),
    };
    ChangeView {
        anchor: format!("change-{}", c.id),
        at: c.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        at_text: w.t(
            "pages-date-time",
            &[
                ("date", Arg::from(w.long_date(c.at.date_naive()))),
                (
                    "time",
                    Arg::from(w.in_zone(&w.hm(c.at.time()), chrono_tz::UTC)),
                ),
            ],
        ),
        what: w.t(&format!("history-what-{}", c.subject_type), &[]),
        title: c.title.clone(),
        item_href,
        done: w.t(&format!("history-done-{}", c.done()), &[]),
        by: c.by.clone(),
        notified: c.notified,
        fields: c.fields.clone(),
        href: change_href(c, owner, fallback),
    }
}

/// Each deadline's owner, from the deadlines' rows (`"meeting"` or
/// `"group"` in the detail; the newest row wins), for links.
fn deadline_meetings(entries: &[crate::store::AuditEntry]) -> Vec<(String, DeadlineOwner)> {
    entries
        .iter()
        .rev()
        .filter(|e| e.subject_type == "deadline")
        .filter_map(|e| {
            let v: serde_json::Value = serde_json::from_str(&e.detail).ok()?;
            let owner = match (v.get("meeting"), v.get("group")) {
                (Some(m), _) => DeadlineOwner::Meeting(m.as_str()?.to_owned()),
                (_, Some(g)) => DeadlineOwner::Group(g.as_str()?.to_owned()),
                _ => return None,
            };
            Some((e.subject_id.clone(), owner))
        })
        .collect()
}

pub(in crate::http) async fn meeting_history(
    State(state): State<AppState>,
    id: Result<Path<String>, ApiError>,
    headers: HeaderMap,
    ctx: PageLang,
) -> Response {
    let id = match id {
        Ok(Path(id)) => id,
        Err(e) => return super::bad_path(&state, &ctx, e),
    };
    let not_found = || PageError::NotFound(Said::new("error-no-meeting", &[("id", &id)]));
    let Ok(mid) = ItemId::parse(&id) else {
        return not_found().into_response(&state, &ctx);
    };
    let w = words(&state, &ctx);
    let key = format!("history/meeting/{mid}");
    page(&state, &headers, &ctx, &key, || async {
        let m = state.db.meeting(&mid).await?.ok_or_else(not_found)?;
        let entries = state
            .db
            .history(&HistoryScope::Meeting(mid.clone()))
            .await?;
        let links = deadline_meetings(&entries);
        let group = m
            .meeting
            .groups()
            .first()
            .map_or("", |g| g.as_str())
            .to_owned();
        let title = m.meeting.title().to_string();
        let heading = w.t("history-of", &[("item", Arg::from(&title))]);
        let page = HistoryPage {
            layout: Layout::new(&state, &ctx, &heading, "", None),
            heading,
            back: (format!("/meetings/{mid}"), title),
            atom: None,
            changes: changes(&entries)
                .iter()
                .map(|c| view(c, &group, &links, w))
                .collect(),
        };
        Ok(askama::Template::render(&page)?)
    })
    .await
}

/// The groups a group history covers: the group, and its subgroups when
/// asked.
fn scope(tree: &convene_core::GroupTree, slug: &GroupSlug, subgroups: bool) -> Vec<GroupSlug> {
    if subgroups {
        tree.subtree(slug).iter().map(|g| g.slug.clone()).collect()
    } else {
        vec![slug.clone()]
    }
}

pub(in crate::http) async fn group_history(
    State(state): State<AppState>,
    slug: Result<Path<String>, ApiError>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    ctx: PageLang,
) -> Response {
    let slug = match slug {
        Ok(Path(slug)) => slug,
        Err(e) => return super::bad_path(&state, &ctx, e),
    };
    let q = match PageQuery::parse(raw.as_deref()) {
        Ok(q) => q,
        Err(e) => return e.into_response(&state, &ctx),
    };
    let not_found = || PageError::NotFound(Said::new("error-no-group", &[("slug", &slug)]));
    let Ok(g) = GroupSlug::parse(&slug) else {
        return not_found().into_response(&state, &ctx);
    };
    let w = words(&state, &ctx);
    let key = format!("history/group/{g}?{}", q.subgroups);
    page(&state, &headers, &ctx, &key, || async {
        let tree = state.db.groups().await?;
        let group = tree.get(&g).ok_or_else(not_found)?;
        let entries = state
            .db
            .history(&HistoryScope::Groups(scope(&tree, &g, q.subgroups)))
            .await?;
        let links = deadline_meetings(&entries);
        let name = format!("{} - {}", group.short_name, group.name);
        let atom = if q.subgroups {
            format!(
                "/groups/{g}/changes.atom?subgroups=true{}",
                w.feed_lang('&')
            )
        } else {
            format!("/groups/{g}/changes.atom{}", w.feed_lang('?'))
        };
        let short = Arg::from(group.short_name.as_str());
        let mut layout = Layout::new(
            &state,
            &ctx,
            &w.t("history-of", &[("item", Arg::from(&name))]),
            "group",
            None,
        );
        layout.atom = Some((
            w.t("group-changes-to", &[("group", short.clone())]),
            format!("{}{atom}", base(&state)),
        ));
        let page = HistoryPage {
            layout,
            heading: if q.subgroups {
                w.t("history-of-with-subgroups", &[("group", short)])
            } else {
                w.t("history-of", &[("item", short)])
            },
            back: (format!("/groups/{g}"), group.short_name.to_string()),
            atom: Some(atom),
            changes: changes(&entries)
                .iter()
                .map(|c| view(c, g.as_str(), &links, w))
                .collect(),
        };
        Ok(askama::Template::render(&page)?)
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::http) struct FeedQuery {
    subgroups: Option<bool>,
    /// The language of the generated text (`fr`, `fr-CH`); else
    /// `i18n.default_language`.
    lang: Option<String>,
}

pub(in crate::http) async fn group_changes_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let subgroups = q.subgroups.unwrap_or(false);
    let not_found = || ApiError::NotFound(format!("there is no group {slug:?}"));
    let g = GroupSlug::parse(&slug).map_err(|_| not_found())?;
    let lang = crate::http::feeds::asked_language(q.lang.as_deref())?
        .unwrap_or(state.config.i18n.default_language);
    let w = Words {
        lang,
        home: state.config.default_zone(),
        feed_default: state.config.i18n.default_language,
    };
    let key = format!("atom/{g}?{subgroups}&lang={lang}");
    let stamp = state.responses.stamp().await?;
    let answer = Answer {
        headers: &headers,
        key: &key,
        content_type: "application/atom+xml; charset=utf-8",
    };
    let state = &state;
    state
        .responses
        .answer(answer, stamp, || async move {
            let tree = state.db.groups().await?;
            let group = tree.get(&g).ok_or_else(not_found)?;
            let entries = state
                .db
                .history(&HistoryScope::Groups(scope(&tree, &g, subgroups)))
                .await?;
            let links = deadline_meetings(&entries);
            let all = changes(&entries);
            let base = base(state);
            let sub = if subgroups { "?subgroups=true" } else { "" };
            let feed = ChangesFeed {
                lang,
                id: format!("{base}/groups/{g}/changes.atom{sub}"),
                title: w.t(
                    if subgroups {
                        "atom-title-with-subgroups"
                    } else {
                        "atom-title"
                    },
                    &[
                        ("group", Arg::from(group.short_name.as_str())),
                        ("name", Arg::from(group.name.as_str())),
                    ],
                ),
                updated: all.first().map_or("1970-01-01T00:00:00Z".to_owned(), |c| {
                    c.at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
                }),
                page: format!("{base}/groups/{g}/history{sub}"),
                base: base.to_owned(),
                entries: all
                    .iter()
                    .take(FEED_ENTRIES)
                    .map(|c| view(c, g.as_str(), &links, w))
                    .collect(),
            };
            askama::Template::render(&feed).map_err(|e| ApiError::Fault(Box::new(e)))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::FieldChange;
    use convene_core::i18n::Lang;

    fn change(notified: bool) -> Change {
        Change {
            id: 7,
            at: chrono::DateTime::from_timestamp(1_938_240_000, 0).unwrap_or_default(),
            by: "WG5 chair".into(),
            action: "update".into(),
            subject_type: "meeting".into(),
            subject_id: "m".into(),
            title: "<b>WG5</b> e-meeting".into(),
            fields: vec![FieldChange {
                field: "title".into(),
                from: "WG5".into(),
                to: "<b>WG5</b> e-meeting".into(),
            }],
            notified,
        }
    }

    fn en() -> Words {
        Words {
            lang: Lang::En,
            home: chrono_tz::Europe::Zurich,
            feed_default: Lang::En,
        }
    }

    /// A silent fix says so, a told change too; every value is escaped.
    #[test]
    fn the_page_says_notified_or_silent_and_escapes_values() {
        let layout = Layout {
            lang: Lang::En,
            menu: Vec::new(),
            home: "Geneva time".into(),
            title: "History".into(),
            current: "",
            feed: None,
            atom: None,
            css: String::new(),
            local_time_js: String::new(),
            copy_js: String::new(),
            icon: String::new(),
        };
        let page = HistoryPage {
            layout,
            heading: "History of m".into(),
            back: ("/meetings/m".into(), "m".into()),
            atom: None,
            changes: vec![
                view(&change(false), "wg5", &[], en()),
                view(&change(true), "wg5", &[], en()),
            ],
        };
        let html = askama::Template::render(&page).expect("renders");
        assert!(
            html.contains("<span class=\"told\">silent</span> (no mail)"),
            "{html}"
        );
        assert!(html.contains("<span class=\"told\">notified</span> (the lists were told)"));
        assert!(html.contains("id=\"change-7\""));
        assert!(html.contains("2031-06-03T"), "{html}");
        assert!(!html.contains("<b>WG5"), "{html}");
    }
}
