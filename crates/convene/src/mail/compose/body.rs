//! The mail's body: the text/plain and text/html parts, with the table of
//! details and the subscribe links, rendered from the same [`Doc`].
//!
//! [`content`] fills the `Doc`; [`Doc::text`] writes the text part and the
//! askama templates in `crates/convene/templates/mail/` (`item.html` in
//! `base.html`) the HTML part, which escapes every value.

use askama::Template;
use chrono::NaiveDate;
use chrono_tz::Tz;
use convene_core::i18n::{self, Lang};
use convene_core::ical::group_names;
use convene_core::time::resolve_lenient;
use convene_core::{Contact, GroupSlug, GroupTree, MailKind, Schedule, Status};

use super::{ComposeError, Content, Loaded};
use crate::calendar;
use crate::config::Config;
use crate::store::{OutboxMail, StoredDeadline, StoredMeeting};

use super::wording::{
    closes, day, glance, groups_described, in_days, meeting_dates, range_text, slot_in_zone,
    subject, tr, utc_instant, utc_span, zone_text,
};

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

/// When a deadline closes: in its zone, and in UTC.
pub(super) fn deadline_when(w: Words, d: &convene_core::Deadline) -> (String, String) {
    let lang = w.lang;
    let local = match d.time() {
        Some(t) => w.t(
            "mail-day-times",
            &[
                ("day", day(lang, d.date()).into()),
                (
                    "times",
                    tr(
                        lang,
                        "time-in-zone",
                        &[
                            ("time", i18n::time(lang, t).into()),
                            ("zone", zone_text(lang, d.zone()).into()),
                        ],
                    )
                    .into(),
                ),
            ],
        ),
        None => w.t(
            "mail-end-of-day",
            &[
                ("day", day(lang, d.date()).into()),
                ("zone", zone_text(lang, d.zone()).into()),
            ],
        ),
    };
    (local, utc_instant(lang, d.closes_at()))
}

/// Where to send or register, with its label's key.
pub(super) fn contact(d: &convene_core::Deadline) -> Option<(&'static str, Val)> {
    match d.submit_to() {
        Some(Contact::Email(e)) => Some(("mail-field-send-to", Val::Text(e.to_string()))),
        Some(Contact::Url(u)) => Some(("mail-field-register-at", Val::Url(u.to_string()))),
        None => None,
    }
}

/// The planned slot of a tentative window in UTC, on its first day (and on
/// its last, when a DST change moves it).
fn tentative_utc(w: Words, m: &convene_core::Meeting) -> Option<String> {
    let Schedule::Tentative { window, slot, .. } = m.schedule() else {
        return None;
    };
    let slot = (*slot)?;
    let on = |d: NaiveDate| {
        let s = resolve_lenient(m.zone(), d.and_time(slot.start()));
        let e = resolve_lenient(m.zone(), d.and_time(slot.end()));
        i18n::time_range(w.lang, s.time(), e.time())
    };
    let first = on(window.first());
    let last = on(window.last());
    Some(if first == last {
        w.t("mail-planned-utc", &[("times", first.into())])
    } else {
        w.t(
            "mail-planned-utc-two",
            &[("first", first.into()), ("last", last.into())],
        )
    })
}

/// A series in words: the rule in English, its span and count otherwise.
fn series_text(w: Words, m: &convene_core::Meeting, s: &convene_core::Series) -> String {
    if w.lang == Lang::En {
        return convene_core::ical::series_words(m, s);
    }
    let occ = s.occurrences();
    let (Some(first), Some(last)) = (occ.first(), occ.last()) else {
        return String::new();
    };
    let times = match m.schedule() {
        Schedule::Timed { slot, .. } => slot_in_zone(w.lang, *slot, m.zone()),
        _ => zone_text(w.lang, m.zone()),
    };
    w.t(
        "mail-series",
        &[
            ("count", occ.len().into()),
            ("first", day(w.lang, first.original).into()),
            ("last", day(w.lang, last.original).into()),
            ("times", times.into()),
        ],
    )
}

pub(super) fn meeting_fields(
    w: Words,
    doc: &mut Doc,
    tree: &GroupTree,
    stored: &StoredMeeting,
    deadlines: &[StoredDeadline],
) {
    let lang = w.lang;
    let m = &stored.meeting;
    doc.field(
        &w.t("mail-field-groups", &[]),
        vec![Val::Text(groups_described(tree, m.groups()))],
    );
    doc.field(
        &w.t("mail-field-kind", &[]),
        vec![Val::Text(w.t(&format!("kind-{}", m.kind().as_str()), &[]))],
    );
    let status = w.t("mail-field-status", &[]);
    match m.status() {
        Status::Tentative => doc.field(&status, vec![Val::Text(w.t("mail-status-tentative", &[]))]),
        Status::Cancelled => doc.field(
            &status,
            vec![Val::Text(match m.cancel_reason() {
                Some(r) => w.t(
                    "mail-status-cancelled-because",
                    &[("reason", r.as_str().into())],
                ),
                None => w.t("mail-status-cancelled", &[]),
            })],
        ),
        Status::Confirmed => {}
    }
    let zone = zone_text(lang, m.zone());
    let when = w.t("mail-field-when", &[]);
    let at_a_glance = w.t("mail-field-times", &[]);
    let in_utc = w.t("mail-field-in-utc", &[]);
    match m.schedule() {
        Schedule::Timed { .. } if m.series().is_some() => {
            // A series is told once, in words, with what is off or moved.
            let mut lines = Vec::new();
            if let Some(s) = m.series() {
                lines.push(Val::Text(series_text(w, m, s)));
                for o in s.occurrences() {
                    if o.is_cancelled() {
                        lines.push(Val::Text(
                            w.t("mail-not-on", &[("day", day(lang, o.original).into())]),
                        ));
                    } else if o.is_changed() {
                        lines.push(Val::Text(w.t(
                            "mail-moved",
                            &[
                                ("from", day(lang, o.original).into()),
                                ("to", day(lang, o.session.date).into()),
                                ("times", slot_in_zone(lang, o.session.slot, m.zone()).into()),
                            ],
                        )));
                    }
                }
            }
            doc.field(&when, lines);
        }
        Schedule::Timed { .. } => {
            doc.field(
                &when,
                m.sessions()
                    .iter()
                    .map(|s| {
                        Val::Text(w.t(
                            "mail-day-times",
                            &[
                                ("day", day(lang, s.date).into()),
                                ("times", slot_in_zone(lang, s.slot, m.zone()).into()),
                            ],
                        ))
                    })
                    .collect(),
            );
            // Each session in its zone, Geneva time and UTC.
            doc.field(
                &at_a_glance,
                m.sessions()
                    .iter()
                    .map(|s| {
                        let g = glance(lang, s.utc.start, Some(s.utc.end), m.zone(), w.home);
                        Val::Text(if m.sessions().len() > 1 {
                            format!("{}: {g}", i18n::day_month(lang, s.date))
                        } else {
                            g
                        })
                    })
                    .collect(),
            );
            doc.field(
                &in_utc,
                m.sessions()
                    .iter()
                    .map(|s| Val::Text(utc_span(lang, s.utc.start, s.utc.end)))
                    .collect(),
            );
        }
        Schedule::AllDay { days } => {
            doc.field(
                &when,
                vec![Val::Text(w.t(
                    "mail-whole-days",
                    &[
                        ("dates", range_text(lang, days.first(), days.last()).into()),
                        ("zone", (&zone).into()),
                    ],
                ))],
            );
            let span = m.span();
            doc.field(
                &in_utc,
                vec![Val::Text(w.t(
                    "mail-from-to",
                    &[
                        ("start", utc_instant(lang, span.start).into()),
                        ("end", utc_instant(lang, span.end).into()),
                    ],
                ))],
            );
        }
        Schedule::TimeTba { days } => doc.field(
            &when,
            vec![Val::Text(w.t(
                "mail-time-tba",
                &[
                    ("dates", range_text(lang, days.first(), days.last()).into()),
                    ("zone", (&zone).into()),
                ],
            ))],
        ),
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            let dates = range_text(lang, window.first(), window.last());
            let text = match slot {
                Some(s) => w.t(
                    "mail-not-fixed-planned",
                    &[
                        ("label", label.as_str().into()),
                        ("dates", dates.into()),
                        ("times", slot_in_zone(lang, *s, m.zone()).into()),
                    ],
                ),
                None => w.t(
                    "mail-not-fixed",
                    &[("label", label.as_str().into()), ("dates", dates.into())],
                ),
            };
            doc.field(&when, vec![Val::Text(text)]);
            if let Some(u) = tentative_utc(w, m) {
                doc.field(&in_utc, vec![Val::Text(u)]);
            }
        }
    }
    if let Some(l) = m.location().display() {
        doc.field(&w.t("mail-field-where", &[]), vec![Val::Text(l)]);
    }
    if let Some(u) = m.remote_url() {
        doc.field(
            &w.t("mail-field-remote", &[]),
            vec![Val::Url(u.to_string())],
        );
    }
    if let Some(n) = m.join_notes() {
        doc.field(
            &w.t("mail-field-joining", &[]),
            vec![Val::Text(n.to_string())],
        );
    }
    let mine: Vec<Val> = deadlines
        .iter()
        .filter(|d| matches!(d.deadline.owner(), convene_core::Owner::Meeting(id) if id == m.id()))
        .map(|d| {
            let (local, utc) = deadline_when(w, &d.deadline);
            let line = w.t(
                "mail-deadline-line",
                &[
                    ("what", d.deadline.what().into()),
                    ("local", local.into()),
                    ("utc", utc.into()),
                ],
            );
            Val::Text(match d.deadline.submit_to() {
                Some(Contact::Email(e)) => w.t(
                    "mail-deadline-send-to",
                    &[("line", line.into()), ("to", e.to_string().into())],
                ),
                Some(Contact::Url(u)) => w.t(
                    "mail-deadline-register-at",
                    &[("line", line.into()), ("to", u.to_string().into())],
                ),
                None => line,
            })
        })
        .collect();
    doc.field(&w.t("mail-field-deadlines", &[]), mine);
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
            let what = d.what();
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

/// A deadline's rows: when it closes (its zone, Geneva time and UTC), where
/// to send, its meeting, its groups.
pub(super) fn deadline_fields(
    w: Words,
    doc: &mut Doc,
    tree: &GroupTree,
    deadline: &StoredDeadline,
    meeting: Option<&StoredMeeting>,
) {
    let d = &deadline.deadline;
    let (local, utc) = deadline_when(w, d);
    doc.field(&w.t("mail-field-closes", &[]), vec![Val::Text(local)]);
    doc.field(&w.t("mail-field-in-utc", &[]), vec![Val::Text(utc)]);
    if let Some((key, v)) = contact(d) {
        doc.field(&w.t(key, &[]), vec![v]);
    }
    if let Some(m) = meeting {
        doc.field(
            &w.t("mail-field-meeting", &[]),
            vec![Val::Text(format!(
                "{}, {}",
                m.meeting.title(),
                meeting_dates(w.lang, &m.meeting)
            ))],
        );
    }
    let groups = match (d.owner(), meeting) {
        (convene_core::Owner::Group(g), _) => vec![g.clone()],
        (_, Some(m)) => m.meeting.groups().to_vec(),
        (_, None) => vec![],
    };
    doc.field(
        &w.t("mail-field-groups", &[]),
        vec![Val::Text(groups_described(tree, &groups))],
    );
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
