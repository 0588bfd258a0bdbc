//! Running a change: as a dry run for the preview, or for real on confirm,
//! through the same use case (`Schedule::apply_batch` with one change), so
//! what the preview shows (the meeting in every zone, its conflicts, its
//! deadlines, the exact mails) is what confirm stores and sends. When the
//! meeting conflicts, the slot finder's fairest free slots nearby are
//! offered instead.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use convene_core::i18n::{self, Lang};
use convene_core::{Fit, GroupTree, Meeting, SlotRequest, zone_table};

use super::form::{MeetingForm, form_errors};
use super::templates::{ConflictItem, MailItem, PreviewView, SessionView, SlotView};
use crate::http::AppState;
use crate::organize::Session;
use crate::schedule::changes::{Batch, BatchDone, Change, Done};
use crate::schedule::{ScheduleError, Written};
use crate::store::Answer;

/// What the person is told when a change is refused: errors by field (as
/// the form names them) and lines for the top of the page.
#[derive(Debug, Default)]
pub(super) struct Refusal {
    pub fields: Vec<(String, String)>,
    pub lines: Vec<String>,
    /// Refused for conflicts (a confirm without `allow_conflicts`).
    pub conflicts: bool,
    /// Refused for the token's scope.
    pub forbidden: bool,
}

/// The use case's refusal in the form's words; `Err` for a failure that is
/// not the person's (storage), logged by the caller.
/// The use cases' own messages (after a field's API name) are shown as
/// they give them; the words around them are `lang`'s.
pub(super) fn refusal(lang: Lang, e: ScheduleError) -> Result<Refusal, ScheduleError> {
    let mut r = Refusal::default();
    match e {
        ScheduleError::Invalid { errors, .. } => {
            r.fields = form_errors(&errors);
            r.lines = r
                .fields
                .iter()
                .map(|(f, m)| field_error(lang, f, m))
                .collect();
        }
        ScheduleError::InChange { source, .. } => return refusal(lang, *source),
        ScheduleError::Forbidden(msg) => {
            r.forbidden = true;
            r.lines.push(field_error(lang, "groups", &msg));
            r.fields.push(("groups".to_owned(), msg));
        }
        ScheduleError::Conflicts(list) => {
            r.conflicts = true;
            r.lines.push(i18n::t(
                lang,
                "org-not-saved-conflicts",
                &[("count", list.len().into())],
            ));
        }
        ScheduleError::Store(s) => return Err(ScheduleError::Store(s)),
        other => r.lines.push(other.to_string()),
    }
    Ok(r)
}

/// "groups: …" in `lang`'s punctuation: the field's API name and the use
/// case's message.
pub(super) fn field_error(lang: Lang, field: &str, message: &str) -> String {
    i18n::t(
        lang,
        "org-field-error",
        &[("field", field.into()), ("message", message.into())],
    )
}

/// No key is given, so no answer is kept: nothing renders one.
fn no_answer(_: &BatchDone) -> Answer {
    Answer {
        status: 200,
        content_type: String::new(),
        location: None,
        etag: None,
        body: String::new(),
    }
}

/// Runs one change with the session's actor: dry (`confirm` false: stores
/// nothing, answers the mails) or for real, telling the lists unless
/// `notify` is false (a silent fix).
pub(super) async fn run(
    state: &AppState,
    session: &Session,
    change: Change,
    confirm: bool,
    notify: bool,
) -> Result<BatchDone, ScheduleError> {
    let batch = Batch {
        changes: vec![change],
        dry_run: !confirm,
        notify: notify || !confirm,
    };
    match state
        .schedule
        .apply_batch(&session.actor(), batch, None, no_answer)
        .await?
    {
        Written::Done(d) => Ok(d),
        Written::Replayed(_) => Err(ScheduleError::State("the change was already made".into())),
    }
}

/// "14:00-15:00 Geneva time" in `lang`'s order.
fn in_zone(lang: Lang, a: NaiveTime, b: NaiveTime, zone: Tz) -> String {
    i18n::time_in_zone(lang, &i18n::time_range(lang, a, b), zone)
}

/// "Thu 7 Sept 2023, 14:00-15:00 Geneva time" (`pages-date-time`).
fn date_time(lang: Lang, date: String, time: String) -> String {
    i18n::t(
        lang,
        "pages-date-time",
        &[("date", date.into()), ("time", time.into())],
    )
}

/// An instant in UTC in words: "7 September 2023, 08:00 UTC".
pub(super) fn utc_text(lang: Lang, t: DateTime<Utc>) -> String {
    let time = i18n::time_in_zone(lang, &i18n::time(lang, t.time()), chrono_tz::UTC);
    date_time(lang, i18n::long_date(lang, t.date_naive()), time)
}

/// A UTC span in words: "Thu 7 Sept 2023, 08:00-09:00 UTC".
fn utc_span(lang: Lang, a: DateTime<Utc>, b: DateTime<Utc>) -> String {
    date_time(
        lang,
        i18n::short_date(lang, a.date_naive()),
        in_zone(lang, a.time(), b.time(), chrono_tz::UTC),
    )
}

/// A meeting's time in words: "Thu 7 Sept 2023, 09:00-12:00 Geneva time
/// (07:00-10:00 UTC)", with the days of a meeting of several.
pub(super) fn when(lang: Lang, m: &Meeting) -> String {
    let zone = m.zone();
    let Some(first) = m.sessions().first() else {
        let start = m.span().start.with_timezone(&zone);
        return i18n::t(
            lang,
            "org-no-time",
            &[("date", i18n::short_date(lang, start.date_naive()).into())],
        );
    };
    let last = m.sessions().last().unwrap_or(first);
    let (a, b) = (
        first.utc.start.with_timezone(&zone),
        first.utc.end.with_timezone(&zone),
    );
    let days = if last.date == a.date_naive() {
        i18n::short_date(lang, a.date_naive())
    } else {
        i18n::date_range(lang, a.date_naive(), last.date)
    };
    let local = in_zone(lang, a.time(), b.time(), zone);
    let utc = in_zone(
        lang,
        first.utc.start.time(),
        first.utc.end.time(),
        chrono_tz::UTC,
    );
    i18n::t(
        lang,
        "org-when",
        &[
            ("days", days.into()),
            ("local", local.into()),
            ("utc", utc.into()),
        ],
    )
}

fn fit_text(lang: Lang, f: Fit) -> (String, bool) {
    let (key, night) = match f {
        Fit::InHours => ("org-fit-in-hours", false),
        Fit::OutOfHours => ("org-fit-out-of-hours", false),
        Fit::Night => ("org-fit-night", true),
    };
    (i18n::t(lang, key, &[]), night)
}

/// An RFC 3339 instant of a conflict in words (as given when unreadable).
fn instant_text(lang: Lang, at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map_or_else(|_| at.to_owned(), |t| utc_text(lang, t.with_timezone(&Utc)))
}

/// The preview of what a change did (dry), in `lang`.
pub(super) async fn view(
    state: &AppState,
    lang: Lang,
    tree: &GroupTree,
    done: &BatchDone,
    form: Option<&MeetingForm>,
    hidden: Vec<(String, String)>,
) -> PreviewView {
    let mut p = PreviewView {
        hidden,
        may_override: form.is_some(),
        mails: done
            .mails
            .iter()
            .map(|m| MailItem {
                to: m.recipients.join(", "),
                subject: m.subject.clone(),
                text: m.text.clone(),
                due: i18n::t(
                    lang,
                    "org-mail-due",
                    &[("when", utc_text(lang, m.due).into())],
                ),
            })
            .collect(),
        ..PreviewView::default()
    };
    let saved = match done.done.first() {
        Some(Done::Meeting(saved)) => saved,
        Some(Done::Deadline(d)) => {
            p.title = d.deadline.what().to_owned();
            p.id = d.deadline.id().to_string();
            p.zone = i18n::zone_name(lang, d.deadline.zone());
            p.deadlines.push(deadline_line(lang, &d.deadline));
            return p;
        }
        _ => return p,
    };
    let m = &saved.stored.meeting;
    let zone = m.zone();
    p.title = m.title().to_string();
    p.id = m.id().to_string();
    p.zone = i18n::zone_name(lang, zone);
    let table = zone_table(m, tree);
    for (i, s) in m.sessions().iter().enumerate() {
        let (a, b) = (
            s.utc.start.with_timezone(&zone),
            s.utc.end.with_timezone(&zone),
        );
        let zones = table
            .sessions
            .get(i)
            .map(|row| {
                row.zones
                    .iter()
                    .map(|z| {
                        let (text, night) = fit_text(lang, z.fit);
                        let day = i18n::day_month(lang, z.local_start.date());
                        let times =
                            i18n::time_range(lang, z.local_start.time(), z.local_end.time());
                        let at = i18n::t(
                            lang,
                            "day-time",
                            &[("day", day.into()), ("time", times.into())],
                        );
                        let local = i18n::t(
                            lang,
                            "org-zone-local",
                            &[("when", at.into()), ("offset", (&z.utc_offset).into())],
                        );
                        (i18n::zone_name(lang, z.zone), local, text, night)
                    })
                    .collect()
            })
            .unwrap_or_default();
        p.sessions.push(SessionView {
            local: date_time(
                lang,
                i18n::weekday_date(lang, a.date_naive()),
                in_zone(lang, a.time(), b.time(), zone),
            ),
            utc: utc_span(lang, s.utc.start, s.utc.end),
            start_utc: crate::schedule::utc(s.utc.start),
            zones,
        });
    }
    p.conflicts = saved
        .conflicts
        .iter()
        .map(|c| ConflictItem {
            id: c.meeting.clone(),
            title: c.title.clone(),
            overlaps: c
                .overlaps
                .iter()
                .map(|[a, b]| {
                    i18n::t(
                        lang,
                        "org-overlap-span",
                        &[
                            ("from", instant_text(lang, a).into()),
                            ("to", instant_text(lang, b).into()),
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join(i18n::t(lang, "line-separator", &[]).as_str()),
        })
        .collect();
    p.deadlines = saved
        .deadlines
        .iter()
        .map(|d| deadline_line(lang, &d.deadline))
        .collect();
    if let Some(form) = form
        && !p.conflicts.is_empty()
    {
        p.slots = slots(state, lang, m, form).await;
    }
    p
}

/// A deadline in words: what closes, and when (its zone and UTC).
fn deadline_line(lang: Lang, d: &convene_core::Deadline) -> (String, String) {
    let closes = d.closes_at();
    let local = closes.with_timezone(&d.zone());
    let at = date_time(
        lang,
        i18n::short_date(lang, local.date_naive()),
        i18n::time_in_zone(lang, &i18n::time(lang, local.time()), d.zone()),
    );
    (
        d.title()
            .map_or_else(|| d.what_in(lang).into_owned(), ToString::to_string),
        i18n::t(
            lang,
            "org-deadline-closes",
            &[("local", at.into()), ("utc", utc_text(lang, closes).into())],
        ),
    )
}

/// The fairest free slots within three days of the meeting's first session,
/// of its length, in its zone; each as the form with that date and time.
async fn slots(state: &AppState, lang: Lang, m: &Meeting, form: &MeetingForm) -> Vec<SlotView> {
    let Some(first) = m.sessions().first() else {
        return vec![];
    };
    let minutes = (first.utc.end - first.utc.start).num_minutes();
    let zone = m.zone();
    let request = SlotRequest {
        groups: m.groups().iter().map(ToString::to_string).collect(),
        from: Some((first.date - Duration::days(3)).to_string()),
        to: Some((first.date + Duration::days(3)).to_string()),
        duration: Some(minutes.to_string()),
        count: Some("5".to_owned()),
        zone: Some(zone.name().to_owned()),
        ..SlotRequest::default()
    };
    let report = match state
        .schedule
        .find_slots_moving(request, Some(m.id()))
        .await
    {
        Ok(r) => r,
        Err(e) => {
            tracing::info!(error = %crate::error_text(&e), "no slots for the preview");
            return vec![];
        }
    };
    report
        .candidates
        .iter()
        .filter(|c| c.local_start.date() == c.local_end.date())
        .map(|c| {
            let mut f = form.clone();
            f.set("date", c.local_start.date().to_string());
            // A meeting of several days keeps its length.
            let until = chrono::NaiveDate::parse_from_str(form.get("until"), "%Y-%m-%d")
                .ok()
                .map(|u| (u + (c.local_start.date() - first.date)).to_string());
            f.set("until", until.unwrap_or_default());
            f.set("start", c.local_start.format("%H:%M").to_string());
            f.set("end", c.local_end.format("%H:%M").to_string());
            SlotView {
                local: date_time(
                    lang,
                    i18n::short_date(lang, c.local_start.date()),
                    in_zone(lang, c.local_start.time(), c.local_end.time(), zone),
                ),
                utc: utc_span(lang, c.start, c.end),
                start_utc: crate::schedule::utc(c.start),
                end_utc: crate::schedule::utc(c.end),
                fit: i18n::t(
                    lang,
                    "org-slot-fit",
                    &[
                        ("weight", c.in_hours_weight.into()),
                        ("total", report.total_weight.into()),
                        ("night", c.night_zones.into()),
                    ],
                ),
                hidden: f.hidden(),
            }
        })
        .collect()
}
