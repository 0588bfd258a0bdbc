//! `GET /schedule[?group=…&subgroups=true]`: the programme, one line a
//! meeting, and the combined feed of the chosen groups.

use std::collections::BTreeSet;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use convene_core::GroupSlug;

use convene_core::i18n::Arg;

use super::lang::PageLang;
use super::templates::{self, Layout, MonthBlock, ScheduleItem, SchedulePage};
use super::view::{self, Subscribe};
use super::{
    PageError, Said, everything, listing, load, month_link, page, split_deadlines, split_meetings,
    starts, words,
};
use crate::http::AppState;

pub(super) async fn schedule(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    ctx: PageLang,
) -> Response {
    let (q, period, key) = match listing(&state, "schedule", raw.as_deref()) {
        Ok(parsed) => parsed,
        Err(e) => return e.into_response(&state, &ctx),
    };
    let w = words(&state, &ctx);
    page(&state, &headers, &ctx, &key, || async {
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
            return Err(PageError::NotFound(Said::new(
                "error-no-group",
                &[("slug", &unknown.join(", "))],
            )));
        }
        let rows = view::tree_rows(&tree, base, w);
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
        let loaded = load(&state, selected.clone(), &period, (0, 10)).await?;
        let (meetings, deadlines) = (loaded.meetings, loaded.deadlines);
        let (upcoming, mut recent) = split_meetings(&tree, &meetings, &period, w);
        let (next_deadlines, _) = split_deadlines(&tree, &meetings, &deadlines, &period, w);
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
            let title = view::month_year(w, day);
            match months.last_mut() {
                Some(b) if b.title == title => b.items.push(item),
                _ => months.push(MonthBlock {
                    title,
                    items: vec![item],
                }),
            }
        }
        let feeds = match (&selected, chosen.as_slice()) {
            (None, _) => everything(&state, &tree, w),
            (Some(_), [one]) => {
                let g = tree
                    .get(one)
                    .map(|g| Subscribe::group(base, g, q.subgroups, w));
                g.into_iter().collect()
            }
            (Some(all), _) => vec![Subscribe::combined(base, &tree, all, w)],
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
            layout: Layout::new(&state, &ctx, &w.t("schedule-title", &[]), "schedule", feed),
            period: period.view("/schedule", &keep, w),
            look_back: recent
                .first()
                .map(|m| month_link(&path_with_groups, starts(&meetings, &m.id))),
            selection: if names.is_empty() {
                w.t("schedule-all-groups", &[])
            } else if q.subgroups {
                w.t(
                    "schedule-with-subgroups",
                    &[("groups", Arg::from(names.join(", ")))],
                )
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
