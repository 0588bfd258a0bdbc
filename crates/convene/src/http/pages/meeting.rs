//! `GET /meetings/{id}`: one meeting whole, reached through the feeds' route.

use axum::http::HeaderMap;
use axum::response::Response;
use convene_core::ItemId;

use super::lang::PageLang;
use super::templates::{Layout, MeetingPage};
use super::view::{DeadlineView, MeetingView, Subscribe};
use super::{PageError, PageQuery, Period, Said, now, page, words};
use crate::http::AppState;

/// `GET /meetings/{id}` (through the feeds' route).
pub(in crate::http) async fn meeting(
    state: &AppState,
    id: &str,
    raw: Option<&str>,
    headers: &HeaderMap,
) -> Response {
    let ctx = PageLang::negotiate(
        raw,
        headers,
        &format!("/meetings/{id}"),
        state.config.i18n.default_language,
    );
    let ctx = &ctx;
    let q = match PageQuery::parse(raw) {
        Ok(q) => q,
        Err(e) => return e.into_response(state, ctx),
    };
    let not_found = || PageError::NotFound(Said::new("error-no-meeting", &[("id", id)]));
    let Ok(id_parsed) = ItemId::parse(id) else {
        return not_found().into_response(state, ctx);
    };
    let w = words(state, ctx);
    let period = Period::new(&q, now(state));
    let key = format!("meeting/{id_parsed}?{}{}", q.key(), period.key());
    page(state, headers, ctx, &key, || async {
        let Some(m) = state.db.meeting(&id_parsed).await? else {
            return Err(not_found());
        };
        let tree = state.db.groups().await?;
        let deadlines = state
            .db
            .deadlines(std::slice::from_ref(&id_parsed), &[])
            .await?;
        let base = &state.config.server.public_url;
        let mv = MeetingView::new(&tree, &m.meeting, period.start, w);
        let deadline_views: Vec<DeadlineView> = deadlines
            .iter()
            .map(|d| DeadlineView::new(&tree, &d.deadline, Some(&m.meeting), period.start, w))
            .collect();
        let feeds: Vec<Subscribe> = m
            .meeting
            .groups()
            .iter()
            .filter_map(|s| tree.get(s))
            .map(|g| Subscribe::group(base, g, false, w))
            .collect();
        let lists: Vec<String> = tree
            .recipients(m.meeting.groups())
            .iter()
            .map(|e| e.to_string())
            .collect();
        let lead = m.meeting.groups().first().and_then(|s| tree.get(s));
        let page = MeetingPage {
            history_href: format!("/meetings/{}/history", m.meeting.id()),
            layout: Layout::new(
                state,
                ctx,
                &mv.title,
                "meeting",
                lead.map(|g| {
                    (
                        g.short_name.to_string(),
                        format!("/calendars/{}.ics{}", g.slug, w.feed_lang('?')),
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
