//! The pages' templates (`crates/convene/templates/`), checked when the
//! crate compiles. Askama escapes every value for HTML, so a title such as
//! `<script>` shows as text.

use askama::Template;
use convene_core::i18n::{self, Arg, Lang};

use super::assets;
use super::lang::{LangLink, PageLang};
use super::view::{DeadlineView, GroupView, MeetingView, Subscribe, TreeRow};
use crate::http::AppState;

/// What every page's frame needs.
#[derive(Debug)]
pub struct Layout {
    /// The page's language (`<html lang dir>`, every generated string).
    pub lang: Lang,
    /// The language menu.
    pub menu: Vec<LangLink>,
    /// The body's home zone, named ("Geneva time").
    pub home: String,
    /// The page's title (the site name is added).
    pub title: String,
    /// `home`, `schedule`, `group`, `meeting`, `organize` or empty: the current entry of
    /// the main navigation.
    pub current: &'static str,
    /// The page's group feed: what it is called, and its URL.
    pub feed: Option<(String, String)>,
    /// The Atom feed of the page's changes: what it is called, and its URL.
    pub atom: Option<(String, String)>,
    pub css: String,
    pub local_time_js: String,
    pub copy_js: String,
    pub icon: String,
}

impl Layout {
    /// `feed` is `(label, path)`; the link is made absolute with the public
    /// base URL.
    pub fn new(
        state: &AppState,
        ctx: &PageLang,
        title: &str,
        current: &'static str,
        feed: Option<(String, String)>,
    ) -> Self {
        let base = state.config.server.public_url.trim_end_matches('/');
        Self {
            lang: ctx.lang,
            menu: ctx.menu(),
            home: i18n::zone_name(ctx.lang, state.config.default_zone()),
            title: title.to_owned(),
            current,
            feed: feed.map(|(label, path)| (label, format!("{base}{path}"))),
            atom: None,
            css: assets::url("style.css"),
            local_time_js: assets::url("local-time.js"),
            copy_js: assets::url("copy.js"),
            icon: assets::url("icon.svg"),
        }
    }
}

/// Translations for the templates: `{{ layout.t("key") }}`,
/// `{{ layout.t1("key", "name", value) }}`.
impl Layout {
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key, &[])
    }

    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        i18n::t(self.lang, key, &[(name, Arg::from(value))])
    }

    pub fn t2(&self, key: &str, n1: &str, v1: &str, n2: &str, v2: &str) -> String {
        i18n::t(self.lang, key, &[(n1, Arg::from(v1)), (n2, Arg::from(v2))])
    }

    /// A use case's error after the field's API name: "title: …".
    pub fn field_error(&self, field: &str, message: &str) -> String {
        self.t2("org-field-error", "field", field, "message", message)
    }

    /// A count in words with its plural: `layout.n("pages-subgroups", n)`.
    pub fn n(&self, key: &str, count: &usize) -> String {
        i18n::t(self.lang, key, &[("count", Arg::from(*count))])
    }

    /// [`Layout::n`] for a count computed in the template.
    pub fn count(&self, key: &str, count: usize) -> String {
        self.n(key, &count)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        self.lang.dir()
    }
}

/// The period form and heading.
#[derive(Debug)]
pub struct PeriodView {
    /// "Upcoming", "From 1 September 2023", "1-30 September 2023".
    pub heading: String,
    /// Whether `from` or `to` was given.
    pub given: bool,
    pub from: String,
    pub to: String,
    /// `from` and `to` as the page writes dates ("7 septembre 2023"): the
    /// date inputs show them as the browser likes.
    pub from_text: Option<String>,
    pub to_text: Option<String>,
    /// The first day of the period ("now"), as text.
    pub today: String,
    /// The same page without a period.
    pub reset: String,
    /// The page's path, the form's action.
    pub path: String,
    /// Other parameters to keep.
    pub hidden: Vec<(String, String)>,
}

#[derive(Debug, Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub intro: String,
    pub period: PeriodView,
    pub look_back: Option<String>,
    pub rows: Vec<TreeRow>,
    pub everything: Vec<Subscribe>,
    pub upcoming: Vec<MeetingView>,
    pub recent: Vec<MeetingView>,
    pub next_deadlines: Vec<DeadlineView>,
    pub past_deadlines: Vec<DeadlineView>,
}

/// The members' calendar answer and a personal link's manage page.
#[derive(Debug, Template)]
#[template(path = "selfserve.html")]
pub struct SelfServePage {
    pub layout: Layout,
    pub title: String,
    pub lines: Vec<String>,
    pub feed_url: Option<String>,
    pub groups: Vec<String>,
    pub revoke_action: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "group.html")]
pub struct GroupPage {
    pub layout: Layout,
    /// The group's history page.
    pub history_href: String,
    /// The Atom feed of its changes.
    pub changes_href: String,
    pub group: GroupView,
    pub subgroups: bool,
    pub only_href: String,
    pub sub_href: String,
    pub period: PeriodView,
    pub look_back: Option<String>,
    pub upcoming: Vec<MeetingView>,
    pub past: Vec<MeetingView>,
    /// The next page of the past, when there are older meetings.
    pub older_href: Option<String>,
    /// The previous (more recent) page of the past, after the first.
    pub newer_href: Option<String>,
    pub next_deadlines: Vec<DeadlineView>,
    pub past_deadlines: Vec<DeadlineView>,
    /// Where the members' calendar form posts.
    pub members_action: String,
    /// The groups it offers (slug, short name): the group's subtree.
    pub members_groups: Vec<(String, String)>,
}

#[derive(Debug, Template)]
#[template(path = "meeting.html")]
pub struct MeetingPage {
    pub layout: Layout,
    /// The meeting's history page.
    pub history_href: String,
    pub meeting: MeetingView,
    pub deadlines: Vec<DeadlineView>,
    /// The feeds of the meeting's groups.
    pub feeds: Vec<Subscribe>,
    /// The groups' effective mailing lists.
    pub lists: Vec<String>,
}

/// A group to tick in the schedule's filter.
#[derive(Debug)]
pub struct Choice {
    pub slug: String,
    pub short_name: String,
    pub name: String,
    pub depth: usize,
    pub checked: bool,
}

/// A line of the schedule: a meeting or a deadline.
#[derive(Debug)]
pub struct ScheduleItem {
    pub meeting: Option<MeetingView>,
    pub deadline: Option<DeadlineView>,
}

impl ScheduleItem {
    pub fn meeting(m: MeetingView) -> Self {
        Self {
            meeting: Some(m),
            deadline: None,
        }
    }

    pub fn deadline(d: DeadlineView) -> Self {
        Self {
            meeting: None,
            deadline: Some(d),
        }
    }
}

/// The schedule's lines of one month.
#[derive(Debug)]
pub struct MonthBlock {
    /// "September 2023".
    pub title: String,
    pub items: Vec<ScheduleItem>,
}

#[derive(Debug, Template)]
#[template(path = "schedule.html")]
pub struct SchedulePage {
    pub layout: Layout,
    pub period: PeriodView,
    pub look_back: Option<String>,
    /// "all groups", "WG1, WG5".
    pub selection: String,
    pub choices: Vec<Choice>,
    pub subgroups: bool,
    pub months: Vec<MonthBlock>,
    pub recent: Vec<MeetingView>,
    pub feeds: Vec<Subscribe>,
}

/// One change as the history shows it.
#[derive(Debug)]
pub struct ChangeView {
    /// `change-N`: the element's id, for links.
    pub anchor: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// When, in words: "1 May 2031, 10:00 UTC".
    pub at_text: String,
    /// `meeting`, `deadline` or `group`.
    pub what: String,
    /// The item's title.
    pub title: String,
    /// The item's page.
    pub item_href: String,
    /// "created", "changed", "cancelled", "reinstated", …
    pub done: String,
    /// The token's name (or `import`).
    pub by: String,
    /// Told to the lists, or a silent fix.
    pub notified: bool,
    /// Field, from, to.
    pub fields: Vec<crate::history::FieldChange>,
    /// Where the change is shown (a history page with its anchor).
    pub href: String,
}

#[derive(Debug, Template)]
#[template(path = "history.html")]
pub struct HistoryPage {
    pub layout: Layout,
    pub heading: String,
    /// The item's page: (href, label).
    pub back: (String, String),
    /// The Atom feed of these changes (a group's).
    pub atom: Option<String>,
    /// Newest first.
    pub changes: Vec<ChangeView>,
}

/// `/groups/{slug}/changes.atom`: RFC 4287. Askama escapes every value
/// (`&`, `<`, `>`, quotes), which is also XML's escaping.
#[derive(Debug, Template)]
#[template(path = "changes.atom.xml", escape = "html")]
pub struct ChangesFeed {
    /// The language of the generated text (`xml:lang`).
    pub lang: Lang,
    /// The feed's own URL (its `id` and `rel="self"`).
    pub id: String,
    pub title: String,
    /// The newest change, RFC 3339.
    pub updated: String,
    /// The history page.
    pub page: String,
    /// The public base URL.
    pub base: String,
    /// Newest first.
    pub entries: Vec<ChangeView>,
}

impl ChangesFeed {
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key, &[])
    }

    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        i18n::t(self.lang, key, &[(name, Arg::from(value))])
    }
}

#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub title: String,
    pub lines: Vec<String>,
    pub status: u16,
}
