//! Subscribe links: a feed's `https://` and `webcal://` addresses and the
//! "add by URL" links of Google Calendar and Outlook.

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
    pub fn group(base: &str, g: &Group, subgroups: bool) -> Self {
        if subgroups {
            Self::new(
                base,
                &format!("/calendars/{}.ics?subgroups=true", g.slug),
                format!("feed-{}-sub", g.slug),
                format!("{} with its subgroups", g.short_name),
                format!("{} - {} (with subgroups)", g.short_name, g.name),
            )
        } else {
            Self::new(
                base,
                &format!("/calendars/{}.ics", g.slug),
                format!("feed-{}", g.slug),
                format!("{} only", g.short_name),
                format!("{} - {}", g.short_name, g.name),
            )
        }
    }

    /// Several groups in one feed.
    pub fn combined(base: &str, tree: &GroupTree, slugs: &[GroupSlug]) -> Self {
        let names = tree.short_names(slugs);
        let list: Vec<&str> = slugs.iter().map(|s| s.as_str()).collect();
        Self::new(
            base,
            &format!("/calendars.ics?groups={}", list.join(",")),
            "feed-combined".to_owned(),
            names.join(" + "),
            names.join(" + "),
        )
    }
}
