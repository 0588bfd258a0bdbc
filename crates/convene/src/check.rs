//! `convene check FILE`: validate a schedule file and show what it means.
//!
//! The report lists, per group, each item in its own zone and in UTC, then
//! the conflicts (warnings), then a summary line. An invalid file prints one
//! line per problem, `FILE:LINE: ITEM: field `NAME`: what to fix`, to stderr.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use convene_core::{
    Catalog, Deadline, DeadlinePolicy, FileError, Group, Meeting, Owner, Schedule,
    parse_schedule_with,
};

/// Runs the check and prints the report; the exit code says whether the file
/// is valid (conflicts are only warnings).
pub fn run(path: &Path, policies: &[DeadlinePolicy]) -> ExitCode {
    let shown = path.display();
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{shown}: cannot read the file: {e}");
            return ExitCode::from(2);
        }
    };
    match parse_schedule_with(&src, policies) {
        Ok(catalog) => {
            print!("{}", report(&catalog));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", problems(&shown.to_string(), &e));
            ExitCode::FAILURE
        }
    }
}

/// One line per problem, each starting with `FILE:LINE:`.
pub fn problems(file: &str, e: &FileError) -> String {
    let mut out = String::new();
    match e {
        FileError::Syntax(msg) => {
            let _ = writeln!(out, "{file}: not a valid schedule file:");
            for line in msg.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        FileError::Invalid(list) => {
            for p in list {
                for fe in &p.errors.0 {
                    let _ = write!(out, "{file}:");
                    if let Some(line) = p.line {
                        let _ = write!(out, "{line}:");
                    }
                    if let Some(item) = &p.item {
                        let _ = write!(out, " {item}:");
                    }
                    let _ = writeln!(out, " {fe}");
                }
            }
            let n: usize = list.iter().map(|p| p.errors.0.len()).sum();
            let _ = writeln!(
                out,
                "{file}: invalid: {n} problem{}; nothing was changed",
                if n == 1 { "" } else { "s" }
            );
        }
    }
    out
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// `START to END UTC`, the end without its date when on the same day.
fn utc_span(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    if start.date_naive() == end.date_naive() {
        format!("{}-{} UTC", utc(start), end.format("%H:%M"))
    } else {
        format!("{} to {} UTC", utc(start), utc(end))
    }
}

/// The lines that say when a meeting is, in its zone and in UTC.
pub fn when_lines(m: &Meeting) -> Vec<String> {
    let zone = m.zone();
    match m.schedule() {
        Schedule::Timed { .. } => m
            .sessions()
            .iter()
            .map(|s| {
                format!(
                    "{} {} {zone}  =  {}",
                    s.date,
                    s.slot,
                    utc_span(s.utc.start, s.utc.end)
                )
            })
            .collect(),
        Schedule::AllDay { days } => {
            let i = days.interval_in(zone);
            vec![format!(
                "{days}, whole days, {zone}  =  {}",
                utc_span(i.start, i.end)
            )]
        }
        Schedule::TimeTba { days } => {
            let i = days.interval_in(zone);
            vec![format!(
                "{days}, time to be announced, {zone}  =  {}",
                utc_span(i.start, i.end)
            )]
        }
        Schedule::Tentative {
            window,
            label,
            slot,
        } => {
            let planned = match slot {
                Some(slot) => {
                    let first = window.first();
                    let s = convene_core::time::resolve_lenient(zone, first.and_time(slot.start()));
                    let e = convene_core::time::resolve_lenient(zone, first.and_time(slot.end()));
                    format!(
                        ", planned {slot} {zone}  =  {}-{} UTC on {first}",
                        s.format("%H:%M"),
                        e.format("%H:%M")
                    )
                }
                None => String::new(),
            };
            vec![format!("tentative, \"{label}\": {window}{planned}")]
        }
    }
}

fn deadline_line(catalog: &Catalog, d: &Deadline) -> String {
    let zone: Tz = d.zone();
    let what = match d.owner() {
        Owner::Meeting(id) => match catalog.meeting(id) {
            Some(m) => format!("{} for \"{}\"", d.what(), m.title()),
            None => d.what().to_owned(),
        },
        Owner::Group(_) => d.what().to_owned(),
    };
    let when = match d.time() {
        Some(t) => format!("{} {} {zone}", d.date(), t.format("%H:%M")),
        None => format!("{} (end of day) {zone}", d.date()),
    };
    let to = d
        .submit_to()
        .map(|c| format!("; send to {c}"))
        .unwrap_or_default();
    format!(
        "deadline {}: {what}: {when}  =  closes {} UTC{to}",
        d.id(),
        utc(d.closes_at())
    )
}

fn group_header(catalog: &Catalog, g: &Group) -> String {
    let tree = catalog.tree();
    let list = match tree.effective_mailing_list(&g.slug) {
        Some(l) if l.is_own(&g.slug) => format!("list {}", l.address),
        Some(l) => format!("list {} (from {})", l.address, l.from),
        None => "no mailing list".to_owned(),
    };
    let indent = "  ".repeat(tree.depth(&g.slug));
    format!("{indent}{} [{}] {}; {list}", g.short_name, g.slug, g.name)
}

/// The whole report for a valid catalog.
pub fn report(catalog: &Catalog) -> String {
    let tree = catalog.tree();
    let mut out = String::new();
    let mut order: Vec<&Group> = Vec::new();
    for root in tree.roots() {
        order.extend(tree.subtree(&root.slug));
    }
    let mut sessions = 0;
    for g in order {
        let _ = writeln!(out, "{}", group_header(catalog, g));
        let indent = "  ".repeat(tree.depth(&g.slug) + 1);
        for m in catalog.meetings_of(&g.slug, false, None) {
            let joint = if m.groups().len() > 1 {
                format!(
                    ", joint: {}",
                    m.groups()
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" & ")
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{indent}{} {}: {} ({}{joint})",
                m.kind().as_str(),
                m.id(),
                m.title(),
                m.status().as_str()
            );
            for line in when_lines(m) {
                let _ = writeln!(out, "{indent}    {line}");
            }
            for d in catalog.deadlines_of(m.id()) {
                let _ = writeln!(out, "{indent}    {}", deadline_line(catalog, d));
            }
        }
        for d in catalog.deadlines() {
            if matches!(d.owner(), Owner::Group(s) if s == &g.slug) {
                let _ = writeln!(out, "{indent}{}", deadline_line(catalog, d));
            }
        }
    }
    for m in catalog.meetings() {
        sessions += m.sessions().len();
    }
    let conflicts = catalog.conflicts();
    if !conflicts.is_empty() {
        let _ = writeln!(out, "Conflicts (warnings):");
        for c in &conflicts {
            let spans: Vec<String> = c
                .overlaps
                .iter()
                .map(|i| utc_span(i.start, i.end))
                .collect();
            let _ = writeln!(
                out,
                "  warning: {} and {} overlap {}",
                c.a,
                c.b,
                spans.join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "Valid: {} groups, {} meetings ({} timed sessions), {} deadlines, {} conflict{}.",
        tree.len(),
        catalog.meetings().len(),
        sessions,
        catalog.deadlines().len(),
        conflicts.len(),
        if conflicts.len() == 1 { "" } else { "s" }
    );
    out
}
