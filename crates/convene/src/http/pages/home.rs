//! `GET /`: the group tree, the next meetings and the next deadlines.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use convene_core::i18n::Arg;

use super::lang::PageLang;
use super::templates::{HomePage, Layout};
use super::view;
use super::{
    everything, listing, load, month_link, page, split_deadlines, split_meetings, starts, words,
};
use crate::http::AppState;

const HOME_MEETINGS: usize = 8;
const HOME_DEADLINES: usize = 5;
const RECENT: usize = 5;

pub(super) async fn home(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    ctx: PageLang,
) -> Response {
    let (_q, period, key) = match listing(&state, "home", raw.as_deref()) {
        Ok(parsed) => parsed,
        Err(e) => return e.into_response(&state, &ctx),
    };
    let w = words(&state, &ctx);
    page(&state, &headers, &ctx, &key, || async {
        let tree = state.db.groups().await?;
        let loaded = load(&state, None, &period, (0, RECENT as u32)).await?;
        let (meetings, deadlines) = (loaded.meetings, loaded.deadlines);
        let base = &state.config.server.public_url;
        let (mut upcoming, mut recent) = split_meetings(&tree, &meetings, &period, w);
        upcoming.truncate(HOME_MEETINGS);
        recent.truncate(RECENT);
        let (mut next_deadlines, mut past_deadlines) =
            split_deadlines(&tree, &meetings, &deadlines, &period, w);
        next_deadlines.truncate(HOME_DEADLINES);
        past_deadlines.truncate(if next_deadlines.is_empty() { 3 } else { 0 });
        let roots = view::sorted_roots(&tree);
        let title = match roots.as_slice() {
            [one] => w.t(
                "home-title-of",
                &[("group", Arg::from(one.short_name.as_str()))],
            ),
            _ => w.t("home-title", &[]),
        };
        let feed = roots.first().map(|r| {
            (
                r.short_name.to_string(),
                format!(
                    "/calendars/{}.ics?subgroups=true{}",
                    r.slug,
                    w.feed_lang('&')
                ),
            )
        });
        let page = HomePage {
            layout: Layout::new(&state, &ctx, &title, "home", feed),
            intro: roots
                .iter()
                .map(|r| r.name.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            period: period.view("/", &[], w),
            look_back: match (upcoming.is_empty(), recent.first()) {
                (true, Some(m)) => Some(month_link("/", starts(&meetings, &m.id))),
                _ => None,
            },
            rows: view::tree_rows(&tree, base, w),
            everything: everything(&state, &tree, w),
            upcoming,
            recent,
            next_deadlines,
            past_deadlines,
        };
        Ok(askama::Template::render(&page)?)
    })
    .await
}
