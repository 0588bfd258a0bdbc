//! Subscribe links: a feed's `https://` and `webcal://` addresses and the
//! "add by URL" links of Google Calendar and Outlook.

use convene_core::i18n::Arg;
use convene_core::{Group, GroupSlug, GroupTree};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Ways to subscribe to one feed.
#[derive(Debug, Clone)]
pub struct Subscribe {
    /// Unique within a page, for `id`/`for`.
    pub dom_id: String,
    /// "WG1 only", "WG1 with its subgroups", "WG1 + WG5".
    pub label: String,
    /// What calendar apps will call it.
    pub name: String,
    pub https: String,
    pub webcal: String,
    pub google: String,
    pub outlook_live: String,
    pub outlook_office: String,
}

impl Subscribe {
    /// `path` is the feed's path and query (`/calendars/wg5.ics`).
    pub fn new(base: &str, path: &str, dom_id: String, label: String, name: String) -> Self {
        let base = base.trim_end_matches('/');
        let https = format!("{base}{path}");
        let webcal = match https.split_once("://") {
            Some((_, rest)) => format!("webcal://{rest}"),
            None => https.clone(),
        };
        let addfromweb = |host: &str| {
            format!(
                "https://{host}/calendar/0/addfromweb?url={}&name={}",
                encode(&https),
                encode(&name)
            )
        };
        Self {
            google: format!(
                "https://calendar.google.com/calendar/render?cid={}",
                encode(&webcal)
            ),
            outlook_live: addfromweb("outlook.live.com"),
            outlook_office: addfromweb("outlook.office.com"),
            dom_id,
            label,
            name,
            https,
            webcal,
        }
    }

    /// A group's feed, with its subgroups or not.
    pub fn group(base: &str, g: &Group, subgroups: bool, w: super::Words) -> Self {
        let short = Arg::from(g.short_name.as_str());
        let name = Arg::from(g.name.as_str());
        if subgroups {
            Self::new(
                base,
                &format!(
                    "/calendars/{}.ics?subgroups=true{}",
                    g.slug,
                    w.feed_lang('&')
                ),
                format!("feed-{}-sub", g.slug),
                w.t("subscribe-with-subgroups", &[("group", short.clone())]),
                w.t(
                    "subscribe-name-with-subgroups",
                    &[("group", short), ("name", name)],
                ),
            )
        } else {
            Self::new(
                base,
                &format!("/calendars/{}.ics{}", g.slug, w.feed_lang('?')),
                format!("feed-{}", g.slug),
                w.t("subscribe-only", &[("group", short.clone())]),
                w.t("subscribe-name", &[("group", short), ("name", name)]),
            )
        }
    }

    /// Several groups in one feed.
    pub fn combined(base: &str, tree: &GroupTree, slugs: &[GroupSlug], w: super::Words) -> Self {
        let names = tree.short_names(slugs);
        let list: Vec<&str> = slugs.iter().map(|s| s.as_str()).collect();
        Self::new(
            base,
            &format!(
                "/calendars.ics?groups={}{}",
                list.join(","),
                w.feed_lang('&')
            ),
            "feed-combined".to_owned(),
            names.join(" + "),
            names.join(" + "),
        )
    }
}
