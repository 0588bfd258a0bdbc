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
use convene_core::ical::group_names;
use convene_core::{GroupTree, Status};
use serde::{Deserialize, Serialize};

use super::body::{
    Doc, Val, contact, deadline_when, footer, lists, meeting_fields, subscribe_links,
};
use super::wording::{groups_described, meeting_dates, one_line};
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
            out.push_str(&format!("{label}: {v}\n"));
        }
        out.push_str("\n-- \n");
        out.push_str(&self.footer);
        out.push('\n');
        out
    }
}

/// "New meeting: T", "Changed: T", "Cancelled: T", in short (`short`) for
/// the subject.
fn heading(d: &DigestItem, short: bool) -> String {
    let kind = d.entry.kind.as_str();
    match &d.item {
        Some(Loaded::Meeting { meeting, .. }) => {
            let m = &meeting.meeting;
            let title = m.title().as_str();
            match kind {
                "announcement" if short => format!("New: {title}"),
                "announcement" if m.status() == Status::Tentative => {
                    format!("Planned meeting (date not fixed yet): {title}")
                }
                "announcement" => format!("New meeting: {title}"),
                "cancellation" => format!("Cancelled: {title}"),
                "reinstatement" => format!("Reinstated: {title}"),
                _ => format!("Changed: {title}"),
            }
        }
        Some(Loaded::Deadline { deadline, .. }) => {
            let what = deadline.deadline.what();
            match kind {
                "announcement" if short => format!("New: {what}"),
                "announcement" => format!("New deadline: {what}"),
                _ => format!("Changed: {what}"),
            }
        }
        Some(Loaded::Batch { .. }) | None => {
            format!("Removed: {} {}", d.entry.subject_type, d.entry.id)
        }
    }
}

/// The subject's text after the groups: how many changes, and which.
pub(super) fn subject_text(items: &[DigestItem]) -> String {
    let n = items.len();
    let heads: Vec<String> = items.iter().map(|d| heading(d, true)).collect();
    let listed = if n <= 3 {
        heads.join("; ")
    } else {
        format!("{}; and {} more", heads[..2].join("; "), n - 2)
    };
    let count = if n == 1 {
        "1 change".to_owned()
    } else {
        format!("{n} changes")
    };
    one_line(&format!("{count}: {listed}"))
}

fn section(d: &DigestItem, tree: &GroupTree, base: &str) -> Doc {
    let mut doc = Doc {
        title: heading(d, false),
        ..Doc::default()
    };
    match &d.item {
        Some(Loaded::Meeting { meeting, deadlines }) => {
            let m = &meeting.meeting;
            meeting_fields(&mut doc, tree, meeting, deadlines);
            doc.links.push((
                "Details".into(),
                Val::Url(format!("{base}/meetings/{}", m.id())),
            ));
        }
        Some(Loaded::Deadline { deadline, meeting }) => {
            let dl = &deadline.deadline;
            let (local, utc) = deadline_when(dl);
            doc.field("Closes", vec![Val::Text(local)]);
            doc.field("In UTC", vec![Val::Text(utc)]);
            if let Some((how, v)) = contact(dl) {
                doc.field(how, vec![v]);
            }
            if let Some(m) = meeting {
                doc.field(
                    "Meeting",
                    vec![Val::Text(format!(
                        "{}, {}",
                        m.meeting.title(),
                        meeting_dates(&m.meeting)
                    ))],
                );
            }
            let groups = d.item.as_ref().map(Loaded::groups).unwrap_or_default();
            doc.field("Groups", vec![Val::Text(groups_described(tree, &groups))]);
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

/// Subject, text, HTML and calendar of a list's notice of a batch.
pub(super) fn content(
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
        intro: vec![match items.len() {
            1 => "The schedule has changed. The details below are the new ones.".to_owned(),
            n => format!(
                "The schedule has changed in {n} places at once. The details below are the new ones."
            ),
        }],
        sections: items.iter().map(|d| section(d, tree, base)).collect(),
        footer: footer(config),
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
        doc.intro.push(format!(
            "This notice goes to {} and covers every change of the batch that concerns it.",
            list_names.join(", ")
        ));
    }
    let mut links = Vec::new();
    let mut sub = Doc::default();
    subscribe_links(&mut sub, tree, &groups, base);
    links.append(&mut sub.links);
    links.push((
        "Add to your calendar".into(),
        Val::Text("open the attached changes.ics".into()),
    ));
    doc.links = links;
    let (meetings, deadlines, owners) = calendar_items(items);
    let events = calendar::events(config, tree, &meetings, &deadlines, &owners);
    let name = format!("Changes for {}", group_names(tree, &groups));
    Ok(Content {
        subject: super::subject(mail.kind, &loaded, tree),
        text: doc.text(),
        html: doc.render().map_err(ComposeError::Render)?,
        calendar: calendar::render_events(config, &name, &events),
        file_name: "changes.ics".into(),
    })
}
