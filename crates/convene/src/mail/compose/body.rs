//! The mail's body: the text/plain and text/html parts, with the table of
//! details and the subscribe links, rendered from the same [`Doc`].
//!
//! [`content`] fills the `Doc`; [`Doc::text`] writes the text part and the
//! askama templates in `crates/convene/templates/mail/` (`item.html` in
//! `base.html`) the HTML part, which escapes every value.

use askama::Template;
use chrono_tz::Tz;
use convene_core::i18n::{self, Lang};
use convene_core::ical::group_names;
use convene_core::{GroupSlug, GroupTree, MailKind, Status};

use super::{ComposeError, Content, Loaded};
use crate::calendar;
use crate::config::Config;
use crate::store::OutboxMail;

pub(super) use super::fields::{deadline_fields, meeting_fields};
use super::wording::{closes, day, glance, in_days, subject, tr};

/// The language and zones a mail is written in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Words {
    /// The list's language.
    pub(super) lang: Lang,
    /// The body's home zone (`schedule.default_zone`, "Geneva time").
    pub(super) home: Tz,
}

impl Words {
    pub(super) fn new(lang: Lang, config: &Config) -> Self {
        Self {
            lang,
            home: config.schedule.default_zone,
        }
    }

    /// A `mail-*` message.
    pub(super) fn t(&self, key: &str, args: &[(&str, i18n::Arg<'_>)]) -> String {
        tr(self.lang, key, args)
    }
}

/// A value in the table of details.
#[derive(Debug, Clone)]
pub(super) enum Val {
    Text(String),
    Url(String),
}

/// The body, rendered twice: as text ([`Doc::text`]) and as HTML (the
/// template `mail/item.html`, through [`Template::render`]).
#[derive(Debug, Default, Template)]
#[template(path = "mail/item.html")]
pub(super) struct Doc {
    pub(super) intro: Vec<String>,
    pub(super) title: String,
    pub(super) fields: Vec<(String, Vec<Val>)>,
    pub(super) notes: Vec<String>,
    pub(super) links: Vec<(String, Val)>,
    pub(super) footer: String,
    /// `<html lang>` and `dir`.
    pub(super) lang: &'static str,
    pub(super) dir: &'static str,
}

impl Doc {
    /// An empty body in `w`'s language.
    pub(super) fn new(w: Words) -> Self {
        Self {
            lang: w.lang.code(),
            dir: w.lang.dir(),
            ..Self::default()
        }
    }

    pub(super) fn field(&mut self, label: &str, values: Vec<Val>) {
        if !values.is_empty() {
            self.fields.push((label.to_owned(), values));
        }
    }

    /// The text/plain part: the table aligned in columns, URLs as they are.
    fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.intro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str(&self.section_text());
        out.push_str("\n-- \n");
        out.push_str(&self.footer);
        out.push('\n');
        out
    }

    /// The title, the table, the notes and the links, as text.
    pub(super) fn section_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        out.push_str("\n\n");
        let width = self
            .fields
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0)
            + colon(self.lang).chars().count()
            + 1;
        for (label, values) in &self.fields {
            for (i, v) in values.iter().enumerate() {
                let head = if i == 0 {
                    format!("{label}{}", colon(self.lang))
                } else {
                    String::new()
                };
                let v = match v {
                    Val::Text(t) | Val::Url(t) => t,
                };
                out.push_str(&format!("{head:<width$}{v}\n"));
            }
        }
        for n in &self.notes {
            out.push('\n');
            out.push_str(n);
            out.push('\n');
        }
        if !self.links.is_empty() {
            out.push('\n');
        }
        for (label, v) in &self.links {
            let v = match v {
                Val::Text(t) | Val::Url(t) => t,
            };
            out.push_str(&format!("{label}{} {v}\n", colon(self.lang)));
        }
        out
    }
}

/// The colon after a label: French puts a space before it, Chinese writes
/// the full-width one.
pub(super) fn colon(lang: &str) -> &'static str {
    match lang {
        "fr" => "\u{a0}:",
        "zh" => "：",
        _ => ":",
    }
}

pub(super) fn lists(tree: &GroupTree, groups: &[GroupSlug]) -> Vec<Val> {
    tree.recipients(groups)
        .iter()
        .map(|l| Val::Text(l.to_string()))
        .collect()
}

pub(super) fn subscribe_links(
    w: Words,
    doc: &mut Doc,
    tree: &GroupTree,
    groups: &[GroupSlug],
    base: &str,
) {
    for g in groups {
        let name = tree
            .get(g)
            .map_or(g.to_string(), |g| g.short_name.to_string());
        doc.links.push((
            w.t("mail-link-subscribe", &[("group", name.into())]),
            Val::Url(format!("{base}/calendars/{g}.ics")),
        ));
    }
}

/// Subject, text, HTML and calendar of a mail about `item`, in the
/// language of the list it goes to ([`super::language`]).
pub fn content(
    mail: &OutboxMail,
    item: &Loaded,
    tree: &GroupTree,
    config: &Config,
) -> Result<Content, ComposeError> {
    let lang = super::language(item, &mail.recipients, tree, config);
    let w = Words::new(lang, config);
    let base = config.server.public_url.as_str();
    let groups = item.groups();
    let mut doc = Doc::new(w);
    let (calendar, file_name) = match item {
        Loaded::Batch { items } => return super::digest::content(w, mail, items, tree, config),
        Loaded::Meeting { meeting, deadlines } => {
            let m = &meeting.meeting;
            doc.intro.push(match mail.kind {
                MailKind::Announcement if m.status() == Status::Tentative => {
                    w.t("mail-intro-planned", &[])
                }
                MailKind::Announcement => w.t("mail-intro-scheduled", &[]),
                MailKind::Reminder { days_before } => w.t(
                    "mail-intro-reminder",
                    &[("when", in_days(lang, days_before).into())],
                ),
                MailKind::OccurrenceReminder {
                    days_before,
                    occurrence,
                } => occurrence_reminder(w, m, occurrence, days_before),
                MailKind::Update | MailKind::Digest | MailKind::PersonalLink => {
                    w.t("mail-intro-changed", &[])
                }
                MailKind::Cancellation => w.t("mail-intro-cancelled", &[]),
                MailKind::Reinstatement => w.t("mail-intro-reinstated", &[]),
            });
            doc.title = m.title().to_string();
            meeting_fields(w, &mut doc, tree, meeting, deadlines);
            doc.field(
                &w.t("mail-field-mailing-list", &[]),
                lists(tree, m.groups()),
            );
            if let Some(d) = m.description() {
                doc.notes.push(d.to_string());
            }
            doc.links.push((
                w.t("mail-link-details", &[]),
                Val::Url(format!("{base}/meetings/{}", m.id())),
            ));
            doc.links.push((
                w.t("mail-link-add", &[]),
                Val::Text(w.t(
                    "mail-link-open",
                    &[("file", format!("{}.ics", m.id()).into())],
                )),
            ));
            let events =
                calendar::events(config, tree, std::slice::from_ref(meeting), deadlines, &[]);
            (
                calendar::render_events(config, m.title().as_str(), &events),
                format!("{}.ics", m.id()),
            )
        }
        Loaded::Deadline { deadline, meeting } => {
            let d = &deadline.deadline;
            let what = d.what_in(w.lang);
            let what = what.as_ref();
            doc.intro.push(match mail.kind {
                MailKind::Reminder { days_before } => w.t(
                    "mail-intro-deadline-reminder",
                    &[
                        ("what", what.into()),
                        ("closes", closes(lang, what).into()),
                        ("when", in_days(lang, days_before).into()),
                        ("date", i18n::long_date(lang, d.date()).into()),
                    ],
                ),
                _ => w.t("mail-intro-deadline-set", &[]),
            });
            doc.title = match meeting {
                Some(m) => w.t(
                    "mail-deadline-of-meeting",
                    &[
                        ("what", what.into()),
                        ("title", m.meeting.title().as_str().into()),
                    ],
                ),
                None => format!("{what} ({})", group_names(tree, &groups)),
            };
            deadline_fields(w, &mut doc, tree, deadline, meeting.as_ref());
            doc.field(&w.t("mail-field-mailing-list", &[]), lists(tree, &groups));
            if let Some(n) = d.note() {
                doc.notes.push(n.to_string());
            }
            if let Some(m) = meeting {
                doc.links.push((
                    w.t("mail-link-meeting-details", &[]),
                    Val::Url(format!("{base}/meetings/{}", m.meeting.id())),
                ));
            }
            doc.links.push((
                w.t("mail-link-add", &[]),
                Val::Text(w.t(
                    "mail-link-open",
                    &[("file", format!("{}.ics", d.id()).into())],
                )),
            ));
            let events = calendar::events(
                config,
                tree,
                &[],
                std::slice::from_ref(deadline),
                meeting.as_slice(),
            );
            let name = i18n::t_plain(lang, "mail-calendar-deadline", &[("what", what.into())]);
            (
                calendar::render_events(config, &name, &events),
                format!("{}.ics", d.id()),
            )
        }
    };
    subscribe_links(w, &mut doc, tree, &groups, base);
    doc.footer = footer(w, config);
    Ok(Content {
        subject: subject(mail.kind, item, tree, lang),
        text: doc.text(),
        html: doc.render().map_err(ComposeError::Render)?,
        calendar,
        file_name,
        lang,
    })
}

/// The intro of a reminder of one occurrence: which day, when, at a glance.
fn occurrence_reminder(
    w: Words,
    m: &convene_core::Meeting,
    occurrence: chrono::NaiveDate,
    n: u32,
) -> String {
    let when = in_days(w.lang, n);
    match m.series().and_then(|s| s.occurrence(occurrence)) {
        Some(o) => {
            let session = w.t(
                "mail-day-times",
                &[
                    ("day", day(w.lang, o.session.date).into()),
                    (
                        "times",
                        glance(
                            w.lang,
                            o.session.utc.start,
                            Some(o.session.utc.end),
                            m.zone(),
                            w.home,
                        )
                        .into(),
                    ),
                ],
            );
            w.t(
                "mail-intro-occurrence",
                &[("when", when.into()), ("session", session.into())],
            )
        }
        None => w.t("mail-intro-occurrence-unknown", &[("when", when.into())]),
    }
}

/// Every mail's footer.
pub(super) fn footer(w: Words, config: &Config) -> String {
    let address = if config.mail.reply_to.is_empty() {
        &config.mail.from
    } else {
        &config.mail.reply_to
    };
    w.t(
        "mail-footer",
        &[
            ("address", address.into()),
            ("home", i18n::zone_name(w.lang, w.home).into()),
        ],
    )
}
