//! Running a change: as a dry run for the preview, or for real on confirm,
//! through the same use case (`Schedule::apply_batch` with one change), so
//! what the preview shows (the meeting in every zone, its conflicts, its
//! deadlines, the exact mails) is what confirm stores and sends. When the
//! meeting conflicts, the slot finder's fairest free slots nearby are
//! offered instead.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
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
pub(super) fn refusal(e: ScheduleError) -> Result<Refusal, ScheduleError> {
    let mut r = Refusal::default();
    match e {
        ScheduleError::Invalid { errors, .. } => {
            r.fields = form_errors(&errors);
            r.lines = r.fields.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        }
        ScheduleError::InChange { source, .. } => return refusal(*source),
        ScheduleError::Forbidden(msg) => {
            r.forbidden = true;
            r.lines.push(format!("groups: {msg}"));
            r.fields.push(("groups".to_owned(), msg));
        }
        ScheduleError::Conflicts(list) => {
            r.conflicts = true;
            r.lines.push(format!(
                "Not saved: it overlaps {} confirmed meeting(s). Pick a free slot, or tick \u{201c}Save it anyway\u{201d} and confirm again.",
                list.len()
            ));
        }
        ScheduleError::Store(s) => return Err(ScheduleError::Store(s)),
        other => r.lines.push(other.to_string()),
    }
    Ok(r)
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

fn hm(t: DateTime<Tz>) -> String {
    t.format("%H:%M").to_string()
}

/// A meeting's time in words: "Thu 7 Sep 2023, 09:00-12:00 Europe/Zurich
/// (07:00-10:00 UTC)", with the days of a meeting of several.
pub(super) fn when(m: &Meeting) -> String {
    let zone = m.zone();
    let Some(first) = m.sessions().first() else {
        let start = m.span().start.with_timezone(&zone);
        return format!("{} (no time set)", start.format("%a %-d %b %Y"));
    };
    let last = m.sessions().last().unwrap_or(first);
    let (a, b) = (
        first.utc.start.with_timezone(&zone),
        first.utc.end.with_timezone(&zone),
    );
    let days = if last.date == first.date {
        a.format("%a %-d %b %Y").to_string()
    } else {
        format!(
            "{} to {}",
            a.format("%a %-d %b"),
            last.date.format("%a %-d %b %Y")
        )
    };
    format!(
        "{days}, {}\u{2013}{} {} ({}\u{2013}{} UTC)",
        hm(a),
        hm(b),
        zone.name(),
        first.utc.start.format("%H:%M"),
        first.utc.end.format("%H:%M")
    )
}

fn fit_text(f: Fit) -> (&'static str, bool) {
    match f {
        Fit::InHours => ("in working hours", false),
        Fit::OutOfHours => ("outside working hours", false),
        Fit::Night => ("at night", true),
    }
}

fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The preview of what a change did (dry).
pub(super) async fn view(
    state: &AppState,
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
                due: format!("at {}", utc_text(m.due)),
            })
            .collect(),
        ..PreviewView::default()
    };
    let saved = match done.done.first() {
        Some(Done::Meeting(saved)) => saved,
        Some(Done::Deadline(d)) => {
            p.title = d.deadline.what().to_owned();
            p.id = d.deadline.id().to_string();
            p.zone = d.deadline.zone().name().to_owned();
            p.deadlines.push(deadline_line(&d.deadline));
            return p;
        }
        _ => return p,
    };
    let m = &saved.stored.meeting;
    let zone = m.zone();
    p.title = m.title().to_string();
    p.id = m.id().to_string();
    p.zone = zone.name().to_owned();
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
                        let (text, night) = fit_text(z.fit);
                        (
                            z.zone.name().to_owned(),
                            format!(
                                "{}\u{2013}{} ({})",
                                z.local_start.format("%a %-d %b %H:%M"),
                                z.local_end.format("%H:%M"),
                                z.utc_offset
                            ),
                            text.to_owned(),
                            night,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        p.sessions.push(SessionView {
            local: format!(
                "{}, {}\u{2013}{} {}",
                a.format("%a %-d %b %Y"),
                hm(a),
                hm(b),
                zone.name()
            ),
            utc: format!(
                "{}\u{2013}{} UTC",
                s.utc.start.format("%Y-%m-%d %H:%M"),
                s.utc.end.format("%H:%M")
            ),
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
                .map(|[a, b]| format!("{a} to {b}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    p.deadlines = saved
        .deadlines
        .iter()
        .map(|d| deadline_line(&d.deadline))
        .collect();
    if let Some(form) = form
        && !p.conflicts.is_empty()
    {
        p.slots = slots(state, m, form).await;
    }
    p
}

/// A deadline in words: what closes, and when (its zone and UTC).
fn deadline_line(d: &convene_core::Deadline) -> (String, String) {
    let closes = d.closes_at();
    (
        d.title()
            .map_or_else(|| d.what().to_owned(), ToString::to_string),
        format!(
            "closes {} ({})",
            closes
                .with_timezone(&d.zone())
                .format("%a %-d %b %Y %H:%M %Z"),
            utc_text(closes)
        ),
    )
}

/// The fairest free slots within three days of the meeting's first session,
/// of its length, in its zone; each as the form with that date and time.
async fn slots(state: &AppState, m: &Meeting, form: &MeetingForm) -> Vec<SlotView> {
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
                local: format!(
                    "{}\u{2013}{} {}",
                    c.local_start.format("%a %-d %b %Y, %H:%M"),
                    c.local_end.format("%H:%M"),
                    zone.name()
                ),
                utc: format!(
                    "{}\u{2013}{} UTC",
                    c.start.format("%Y-%m-%d %H:%M"),
                    c.end.format("%H:%M")
                ),
                fit: format!(
                    "in working hours for weight {} of {}; {} zone(s) at night",
                    c.in_hours_weight, report.total_weight, c.night_zones
                ),
                hidden: f.hidden(),
            }
        })
        .collect()
}
