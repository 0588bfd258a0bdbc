//! `GET /groups/{slug}[?subgroups=true]`: a group's meetings and deadlines.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use convene_core::GroupSlug;

use convene_core::i18n::Arg;

use super::lang::PageLang;
use super::templates::{GroupPage, Layout};
use super::view::GroupView;
use super::{
    PAST_PAGE, PageError, PageQuery, Period, Said, load, month_link, now, page, split_deadlines,
    split_meetings, starts, words,
};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::Path;

pub(super) async fn group(
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
    let Ok(slug_parsed) = GroupSlug::parse(&slug) else {
        return not_found().into_response(&state, &ctx);
    };
    let w = words(&state, &ctx);
    let period = Period::new(&q, now(&state));
    let key = format!("group/{slug_parsed}?{}{}", q.key(), period.key());
    page(&state, &headers, &ctx, &key, || async {
        let tree = state.db.groups().await?;
        let Some(g) = tree.get(&slug_parsed) else {
            return Err(not_found());
        };
        let gv = GroupView::new(&tree, &state.config.server.public_url, g, w);
        let subgroups = q.subgroups && gv.descendants > 0;
        let groups: Vec<GroupSlug> = if subgroups {
            tree.subtree(&g.slug)
                .iter()
                .map(|g| g.slug.clone())
                .collect()
        } else {
            vec![g.slug.clone()]
        };
        let page_no = q.page();
        let skip = (page_no - 1).saturating_mul(PAST_PAGE);
        let loaded = load(&state, Some(groups), &period, (skip, PAST_PAGE)).await?;
        let (meetings, deadlines) = (loaded.meetings, loaded.deadlines);
        let (upcoming, past) = split_meetings(&tree, &meetings, &period, w);
        let (next_deadlines, past_deadlines) =
            split_deadlines(&tree, &meetings, &deadlines, &period, w);
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
        let with_sub = |p: &str| {
            if subgroups {
                format!("subgroups=true&{p}")
            } else {
                p.to_owned()
            }
        };
        let feed_path = if subgroups {
            format!(
                "/calendars/{}.ics?subgroups=true{}",
                g.slug,
                w.feed_lang('&')
            )
        } else {
            format!("/calendars/{}.ics{}", g.slug, w.feed_lang('?'))
        };
        let changes_path = if subgroups {
            format!(
                "/groups/{}/changes.atom?subgroups=true{}",
                g.slug,
                w.feed_lang('&')
            )
        } else {
            format!("/groups/{}/changes.atom{}", g.slug, w.feed_lang('?'))
        };
        let mut layout = Layout::new(
            &state,
            &ctx,
            &format!("{} - {}", g.short_name, g.name),
            "group",
            Some((g.short_name.to_string(), feed_path)),
        );
        let base = state.config.server.public_url.trim_end_matches('/');
        layout.atom = Some((
            w.t(
                "group-changes-to",
                &[("group", Arg::from(g.short_name.as_str()))],
            ),
            format!("{base}{changes_path}"),
        ));
        let page = GroupPage {
            layout,
            history_href: format!(
                "/groups/{}/history{}",
                g.slug,
                if subgroups { "?subgroups=true" } else { "" }
            ),
            changes_href: changes_path,
            only_href: with_period(path.clone(), None),
            sub_href: with_period(path.clone(), Some("subgroups=true")),
            period: period.view(&path, &keep, w),
            look_back: match (upcoming.is_empty(), past.first()) {
                (true, Some(m)) => Some(month_link(
                    &with_period(path.clone(), subgroups.then_some("subgroups=true")),
                    starts(&meetings, &m.id),
                )),
                _ => None,
            },
            members_action: format!("/groups/{}/members-calendar", g.slug),
            members_groups: tree
                .subtree(&g.slug)
                .iter()
                .map(|s| (s.slug.to_string(), s.short_name.to_string()))
                .collect(),
            older_href: loaded.more_past.then(|| {
                let p = format!("page={}", page_no + 1);
                with_period(path.clone(), Some(&with_sub(&p)))
            }),
            newer_href: (page_no > 1).then(|| match page_no - 1 {
                1 => with_period(path.clone(), subgroups.then_some("subgroups=true")),
                n => with_period(path.clone(), Some(&with_sub(&format!("page={n}")))),
            }),
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
