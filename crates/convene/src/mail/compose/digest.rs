//! One list's notice of a batch of changes (`POST /api/v1/changes`): every
//! change of the batch that concerns the list, in the batch's order, each
//! with its details as stored when the mail is written, and one calendar
//! holding every item the batch touched.
//!
//! The entries are kept with the notice (`batch_notices`); the items are
//! read when the mail is written, like every other mail's. A batch's dry
//! run writes the same mails from the same reads inside its transaction,
//! so what it shows is what the lists get.

use askama::Template;
use convene_core::i18n::{self, Arg, Lang};
use convene_core::ical::group_names;
use convene_core::{GroupTree, Status};
use serde::{Deserialize, Serialize};

use super::body::{
    Doc, Val, Words, colon, deadline_fields, footer, lists, meeting_fields, subscribe_links,
};
use super::wording::one_line;
use super::{ComposeError, Content, Loaded};
use crate::calendar;
use crate::config::Config;
use crate::store::{OutboxMail, StoredDeadline, StoredMeeting};

/// One change a list's notice tells of, as kept with the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestEntry {
    /// The notice the change would have had on its own: `announcement`,
    /// `update`, `cancellation` or `reinstatement`.
    pub kind: String,
    /// `meeting` or `deadline`.
    #[serde(rename = "type")]
    pub subject_type: String,
    /// The item's id.
    pub id: String,
    /// The item's version after the batch.
    pub version: i64,
}

/// A change with its item as stored now (`None`: the item is gone).
#[derive(Debug, Clone)]
pub struct DigestItem {
    /// The change.
    pub entry: DigestEntry,
    /// The item.
    pub item: Option<Loaded>,
}

/// The body of a list's notice, rendered as text ([`DigestDoc::text`]) and
/// as HTML (`mail/digest.html`).
#[derive(Debug, Default, Template)]
#[template(path = "mail/digest.html")]
struct DigestDoc {
    intro: Vec<String>,
    sections: Vec<Doc>,
    links: Vec<(String, Val)>,
    footer: String,
    /// `<html lang>` and `dir`.
    lang: &'static str,
    dir: &'static str,
}

impl DigestDoc {
    fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.intro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        for (i, s) in self.sections.iter().enumerate() {
            out.push_str(&format!("{}. ", i + 1));
            out.push_str(&s.section_text());
            out.push('\n');
        }
        for (label, v) in &self.links {
            let (Val::Text(v) | Val::Url(v)) = v;
            out.push_str(&format!("{label}{} {v}\n", colon(self.lang)));
        }
        out.push_str("\n-- \n");
        out.push_str(&self.footer);
        out.push('\n');
        out
    }
}

/// "New meeting: T", "Changed: T", "Cancelled: T", in short (`short`) for
/// the subject; `plain` leaves out Arabic's bidi marks (headers).
fn heading(d: &DigestItem, short: bool, lang: Lang, plain: bool) -> String {
    let t = |key: &str, args: &[(&str, Arg<'_>)]| {
        if plain {
            i18n::t_plain(lang, key, args)
        } else {
            i18n::t(lang, key, args)
        }
    };
    let kind = d.entry.kind.as_str();
    match &d.item {
        Some(Loaded::Meeting { meeting, .. }) => {
            let m = &meeting.meeting;
            let title = [("title", Arg::from(m.title().as_str()))];
            match kind {
                "announcement" if short => t("mail-head-new", &title),
                "announcement" if m.status() == Status::Tentative => t("mail-head-planned", &title),
                "announcement" => t("mail-head-new-meeting", &title),
                "cancellation" => t("mail-head-cancelled", &title),
                "reinstatement" => t("mail-head-reinstated", &title),
                _ => t("mail-head-changed", &title),
            }
        }
        Some(Loaded::Deadline { deadline, .. }) => {
            let what = deadline.deadline.what_in(lang);
            let what = [("title", Arg::from(what.as_ref()))];
            match kind {
                "announcement" if short => t("mail-head-new", &what),
                "announcement" => t("mail-head-new-deadline", &what),
                _ => t("mail-head-changed", &what),
            }
        }
        Some(Loaded::Batch { .. }) | None => {
            let id = [("id", Arg::from(d.entry.id.as_str()))];
            if d.entry.subject_type == "meeting" {
                t("mail-head-removed-meeting", &id)
            } else {
                t("mail-head-removed-deadline", &id)
            }
        }
    }
}

/// The subject's text after the groups: how many changes, and which.
pub(super) fn subject_text(items: &[DigestItem], lang: Lang) -> String {
    let n = items.len();
    let heads: Vec<String> = items.iter().map(|d| heading(d, true, lang, true)).collect();
    let listed = if n <= 3 {
        heads.join("; ")
    } else {
        let more = i18n::t_plain(lang, "mail-and-more", &[("count", (n - 2).into())]);
        format!("{}; {more}", heads[..2].join("; "))
    };
    one_line(&i18n::t_plain(
        lang,
        "mail-subject-batch",
        &[("count", n.into()), ("listed", listed.into())],
    ))
}

fn section(w: Words, d: &DigestItem, tree: &GroupTree, base: &str) -> Doc {
    let mut doc = Doc::new(w);
    doc.title = heading(d, false, w.lang, false);
    match &d.item {
        Some(Loaded::Meeting { meeting, deadlines }) => {
            let m = &meeting.meeting;
            meeting_fields(w, &mut doc, tree, meeting, deadlines);
            doc.links.push((
                w.t("mail-link-details", &[]),
                Val::Url(format!("{base}/meetings/{}", m.id())),
            ));
        }
        Some(Loaded::Deadline { deadline, meeting }) => {
            deadline_fields(w, &mut doc, tree, deadline, meeting.as_ref());
        }
        Some(Loaded::Batch { .. }) | None => {}
    }
    doc
}

/// The items the notice's calendar holds: meetings, deadlines, and the
/// meetings of deadlines shown without their meeting.
fn calendar_items(
    items: &[DigestItem],
) -> (Vec<StoredMeeting>, Vec<StoredDeadline>, Vec<StoredMeeting>) {
    let (mut meetings, mut deadlines, mut owners) = (Vec::new(), Vec::new(), Vec::new());
    let add_deadline = |d: &StoredDeadline, out: &mut Vec<StoredDeadline>| {
        if !out.iter().any(|x| x.deadline.id() == d.deadline.id()) {
            out.push(d.clone());
        }
    };
    for d in items {
        match &d.item {
            Some(Loaded::Meeting {
                meeting,
                deadlines: ds,
            }) => {
                if !meetings
                    .iter()
                    .any(|m: &StoredMeeting| m.meeting.id() == meeting.meeting.id())
                {
                    meetings.push(meeting.clone());
                }
                for x in ds {
                    add_deadline(x, &mut deadlines);
                }
            }
            Some(Loaded::Deadline { deadline, meeting }) => {
                add_deadline(deadline, &mut deadlines);
                owners.extend(meeting.iter().cloned());
            }
            Some(Loaded::Batch { .. }) | None => {}
        }
    }
    (meetings, deadlines, owners)
}

/// Subject, text, HTML and calendar of a list's notice of a batch, in
/// `w`'s language.
pub(super) fn content(
    w: Words,
    mail: &OutboxMail,
    items: &[DigestItem],
    tree: &GroupTree,
    config: &Config,
) -> Result<Content, ComposeError> {
    let base = config.server.public_url.as_str();
    let loaded = Loaded::Batch {
        items: items.to_vec(),
    };
    let groups = loaded.groups();
    let mut doc = DigestDoc {
        intro: vec![w.t("mail-intro-batch", &[("count", items.len().into())])],
        sections: items.iter().map(|d| section(w, d, tree, base)).collect(),
        footer: footer(w, config),
        lang: w.lang.code(),
        dir: w.lang.dir(),
        ..DigestDoc::default()
    };
    let list_names: Vec<String> = lists(tree, &groups)
        .into_iter()
        .map(|v| {
            let (Val::Text(t) | Val::Url(t)) = v;
            t
        })
        .filter(|l| mail.recipients.contains(l))
        .collect();
    if !list_names.is_empty() {
        doc.intro.push(w.t(
            "mail-intro-batch-lists",
            &[("lists", list_names.join(", ").into())],
        ));
    }
    let mut links = Vec::new();
    let mut sub = Doc::default();
    subscribe_links(w, &mut sub, tree, &groups, base);
    links.append(&mut sub.links);
    links.push((
        w.t("mail-link-add", &[]),
        Val::Text(w.t("mail-link-open", &[("file", "changes.ics".into())])),
    ));
    doc.links = links;
    let (meetings, deadlines, owners) = calendar_items(items);
    let events = calendar::events(config, tree, &meetings, &deadlines, &owners);
    let name = i18n::t_plain(
        w.lang,
        "mail-calendar-changes",
        &[("groups", group_names(tree, &groups).into())],
    );
    Ok(Content {
        subject: super::subject(mail.kind, &loaded, tree, w.lang),
        text: doc.text(),
        html: doc.render().map_err(ComposeError::Render)?,
        calendar: calendar::render_events(config, &name, &events),
        file_name: "changes.ics".into(),
        lang: w.lang,
    })
}
