//! A series on the meeting page: its cancelled and moved occurrences.

/// "Not on 14 November 2023: TSAG week", "17 October 2023 moved to 19
/// October 2023, 10:00-11:30".
pub(super) fn exceptions(s: &convene_core::Series) -> Vec<String> {
    use convene_core::ical::long_date;
    s.occurrences()
        .iter()
        .filter_map(|o| {
            if o.is_cancelled() {
                Some(match o.cancel_reason() {
                    Some(r) => format!("Not on {}: {r}", long_date(o.original)),
                    None => format!("Not on {}", long_date(o.original)),
                })
            } else if o.is_changed() {
                Some(format!(
                    "{} moved to {}, {}",
                    long_date(o.original),
                    long_date(o.session.date),
                    o.session.slot
                ))
            } else {
                None
            }
        })
        .collect()
}
