//! A series on the meeting page: its cancelled and moved occurrences.

/// "Not on 14 November 2023: TSAG week", "17 October 2023 moved to 19
/// October 2023, 10:00-11:30".
pub(super) fn exceptions(w: super::Words, s: &convene_core::Series) -> Vec<String> {
    use convene_core::i18n::Arg;
    s.occurrences()
        .iter()
        .filter_map(|o| {
            let date = Arg::from(w.long_date(o.original));
            if o.is_cancelled() {
                Some(match o.cancel_reason() {
                    Some(r) => w.t(
                        "series-not-on-because",
                        &[("date", date), ("reason", Arg::from(r.as_str()))],
                    ),
                    None => w.t("series-not-on", &[("date", date)]),
                })
            } else if o.is_changed() {
                Some(w.t(
                    "series-moved",
                    &[
                        ("date", date),
                        ("to", Arg::from(w.long_date(o.session.date))),
                        ("slot", Arg::from(w.slot(o.session.slot))),
                    ],
                ))
            } else {
                None
            }
        })
        .collect()
}
