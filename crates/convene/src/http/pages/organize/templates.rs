//! The organizer pages' templates (`templates/organize/`), in the
//! negotiated language (`organize.ftl`); each extends the public pages'
//! `base.html`.

use askama::Template;

use super::super::assets;
use super::super::lang::PageLang;
use super::super::templates::Layout;
use crate::http::AppState;

/// The frame of an organizer page, in the request's language; its
/// language menu returns to the page's GET address (`PageLang::back`: the
/// path, which carries nothing secret: the session is a cookie).
pub(super) fn layout(state: &AppState, ctx: &PageLang, title: &str) -> Layout {
    Layout::new(state, ctx, title, "organize", None)
}

/// The organizer pages' own stylesheet.
fn css() -> String {
    assets::url("organize.css")
}

/// A page of a few lines: a refusal, an error.
#[derive(Debug, Template)]
#[template(path = "organize/message.html")]
pub(super) struct MessagePage {
    pub layout: Layout,
    pub title: String,
    pub lines: Vec<String>,
}

impl MessagePage {
    fn css(&self) -> String {
        css()
    }
}

/// `GET /organize` signed out.
#[derive(Debug, Template)]
#[template(path = "organize/sign_in.html")]
pub(super) struct SignInPage {
    pub layout: Layout,
    pub csrf: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
}

impl SignInPage {
    fn css(&self) -> String {
        css()
    }

    /// The tokens' prefix, isolated left to right (LRI, PDI) so that
    /// right-to-left text around it does not turn it into "_cvn".
    fn token_prefix(&self) -> &'static str {
        "\u{2066}cvn_\u{2069}"
    }
}

/// A meeting in the list.
#[derive(Debug)]
pub(super) struct ListItem {
    pub id: String,
    pub title: String,
    /// "Thu 7 Sept 2023, 09:00-11:00 Geneva time (07:00-09:00 UTC)".
    pub when: String,
    pub groups: String,
    pub cancelled: bool,
    /// Every group of it is in the token's scope.
    pub editable: bool,
}

/// `GET /organize` signed in.
#[derive(Debug, Template)]
#[template(path = "organize/list.html")]
pub(super) struct ListPage {
    pub layout: Layout,
    pub csrf: String,
    /// The token's name and id.
    pub who: String,
    /// What it may change: "WG5 (Interoperability)", …
    pub scope: Vec<String>,
    pub upcoming: Vec<ListItem>,
    pub past: Vec<ListItem>,
    /// The period's first instant, in words ("now" or the clock's day).
    pub today: String,
}

impl ListPage {
    fn css(&self) -> String {
        css()
    }
}

/// A group to tick.
#[derive(Debug)]
pub(super) struct GroupChoice {
    pub slug: String,
    pub label: String,
    pub checked: bool,
}

/// One field of the form with its value and errors.
#[derive(Debug, Default)]
pub(super) struct Field {
    pub name: String,
    pub value: String,
    pub errors: Vec<String>,
}

/// A session of the previewed meeting in every participant zone.
#[derive(Debug)]
pub(super) struct SessionView {
    /// In the meeting's zone.
    pub local: String,
    /// In UTC.
    pub utc: String,
    /// Its start, RFC 3339 UTC (`<time datetime>`).
    pub start_utc: String,
    /// (zone named in the language, local time, fit in words, night?)
    pub zones: Vec<(String, String, String, bool)>,
}

/// A conflicting meeting.
#[derive(Debug)]
pub(super) struct ConflictItem {
    pub id: String,
    pub title: String,
    pub overlaps: String,
}

/// A free slot the slot finder suggests.
#[derive(Debug)]
pub(super) struct SlotView {
    /// In the meeting's zone.
    pub local: String,
    pub utc: String,
    /// Its start and end, RFC 3339 UTC (`<time datetime>`).
    pub start_utc: String,
    pub end_utc: String,
    /// "in working hours for weight 7 of 7; no zone at night".
    pub fit: String,
    /// The form's fields with this slot's date and times.
    pub hidden: Vec<(String, String)>,
}

/// A mail that will go out.
#[derive(Debug)]
pub(super) struct MailItem {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub due: String,
}

/// What a change will do, shown before it is saved.
#[derive(Debug, Default)]
pub(super) struct PreviewView {
    pub title: String,
    pub id: String,
    pub zone: String,
    pub sessions: Vec<SessionView>,
    pub conflicts: Vec<ConflictItem>,
    pub slots: Vec<SlotView>,
    pub deadlines: Vec<(String, String)>,
    pub mails: Vec<MailItem>,
    /// The fields to post again with `confirm=1`.
    pub hidden: Vec<(String, String)>,
    /// Whether confirm may save despite conflicts (a reinstate may not).
    pub may_override: bool,
}

/// The meeting form (new, edit), with the preview once posted.
#[derive(Debug, Template)]
#[template(path = "organize/meeting_form.html")]
pub(super) struct MeetingFormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub csrf: String,
    pub editing: bool,
    pub fields: Vec<Field>,
    pub groups: Vec<GroupChoice>,
    pub group_errors: Vec<String>,
    /// (code, label in the language).
    pub kinds: Vec<(&'static str, String)>,
    pub derive: bool,
    pub version: String,
    pub zones: Vec<(String, String)>,
    /// Errors not of one field.
    pub errors: Vec<String>,
    pub preview: Option<PreviewView>,
}

impl MeetingFormPage {
    fn css(&self) -> String {
        css()
    }

    fn field(&self, name: &str) -> &Field {
        static EMPTY: std::sync::OnceLock<Field> = std::sync::OnceLock::new();
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| EMPTY.get_or_init(Field::default))
    }
}

/// Cancel or reinstate: the form, then its preview.
#[derive(Debug, Template)]
#[template(path = "organize/cancel.html")]
pub(super) struct CancelPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub csrf: String,
    /// "cancel" or "reinstate".
    pub verb: &'static str,
    /// The meeting: title, when.
    pub meeting: ListItem,
    pub reason: String,
    pub errors: Vec<String>,
    pub preview: Option<PreviewView>,
}

impl CancelPage {
    fn css(&self) -> String {
        css()
    }
}

/// A new deadline: the form, and the preview once posted.
#[derive(Debug, Template)]
#[template(path = "organize/deadline_form.html")]
pub(super) struct DeadlineFormPage {
    pub layout: Layout,
    pub action: String,
    pub csrf: String,
    pub fields: Vec<Field>,
    /// (slug, label) of the groups in scope.
    pub groups: Vec<(String, String)>,
    /// (code, label in the language).
    pub kinds: Vec<(&'static str, String)>,
    pub errors: Vec<String>,
    pub preview: Option<PreviewView>,
}

impl DeadlineFormPage {
    fn css(&self) -> String {
        css()
    }

    fn field(&self, name: &str) -> &Field {
        static EMPTY: std::sync::OnceLock<Field> = std::sync::OnceLock::new();
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| EMPTY.get_or_init(Field::default))
    }
}
