//! `convene slots`: the slot finder as a table in the terminal.

use std::fmt::Write as _;

use convene_core::{Fit, SlotReport};

fn fit(f: Fit) -> &'static str {
    match f {
        Fit::InHours => "ok",
        Fit::OutOfHours => "off",
        Fit::Night => "NIGHT",
    }
}

/// The report as a table: one line per candidate, the local time in every
/// participant zone with `ok` (in working hours), `off` (outside them) or
/// `NIGHT` (22:00-06:00).
pub fn table(r: &SlotReport) -> String {
    let mut out = String::new();
    let groups: Vec<&str> = r.groups.iter().map(|g| g.as_str()).collect();
    let zones: Vec<String> = r
        .zones
        .iter()
        .map(|z| format!("{} x{}", z.zone.name(), z.weight))
        .collect();
    let _ = writeln!(
        out,
        "Slots of {} min for {} between {} and {} UTC, every {} min; participant zones: {}",
        r.duration_minutes,
        groups.join(" & "),
        r.range_start.format("%Y-%m-%d %H:%M"),
        r.range_end.format("%Y-%m-%d %H:%M"),
        r.step_minutes,
        zones.join(", ")
    );
    for c in &r.offset_changes {
        let _ = writeln!(
            out,
            "Note: {} changes from {} to {} at {} UTC; slots across it are left out",
            c.zone.name(),
            c.before,
            c.after,
            c.at.format("%Y-%m-%d %H:%M")
        );
    }
    let _ = write!(
        out,
        "{:<4} {:<17} {:<16} {:>6}",
        "rank",
        "start (UTC)",
        r.zone.name(),
        "score"
    );
    for z in &r.zones {
        let _ = write!(out, "  {:<20}", z.zone.name());
    }
    out.push('\n');
    for c in &r.candidates {
        let _ = write!(
            out,
            "{:<4} {:<17} {:<16} {:>6.3}",
            c.rank,
            c.start.format("%Y-%m-%d %H:%M").to_string(),
            c.local_start.format("%a %d %b %H:%M").to_string(),
            c.score
        );
        for z in &c.zones {
            let cell = format!(
                "{}-{} {}",
                z.local_start.format("%H:%M"),
                z.local_end.format("%H:%M"),
                fit(z.fit)
            );
            let _ = write!(out, "  {cell:<20}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} slots considered; {} left out for conflicts, {} for a change of UTC offset",
        r.considered, r.left_out_for_conflict, r.left_out_for_offset_change
    );
    out
}
