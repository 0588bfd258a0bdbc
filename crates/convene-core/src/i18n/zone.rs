//! What a time zone is called, and an interval's times at a glance.
//!
//! Zones are named after a city, the way people say it: "Geneva time" for
//! `Europe/Zurich` (the body's home is Geneva, which shares Zurich's
//! rules), "Beijing time" for `Asia/Shanghai`. The zones of the seed and a
//! few more have a message per language (`zone-europe-zurich` in
//! `common.ftl`); any other zone falls back to its IANA city in the
//! language's wording (`zone-city`: "Lima time", "heure locale (Lima)").
//! UTC is "UTC"; the fixed-offset zones `Etc/GMT±N`, whose sign is the
//! POSIX one (`Etc/GMT-14` is 14 hours *ahead*), are "UTC+14".

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::format::{day_month, time, time_range};
use super::messages::has;
use super::{Arg, Lang, t};

/// Whether `zone` is UTC under one of its names.
pub fn is_utc(zone: Tz) -> bool {
    matches!(
        zone.name(),
        "UTC"
            | "Etc/UTC"
            | "Etc/UCT"
            | "UCT"
            | "Etc/Universal"
            | "Universal"
            | "Etc/Zulu"
            | "Zulu"
            | "Etc/GMT"
            | "GMT"
            | "Etc/GMT+0"
            | "Etc/GMT-0"
            | "Etc/GMT0"
            | "GMT0"
            | "GMT+0"
            | "GMT-0"
            | "Etc/Greenwich"
            | "Greenwich"
    )
}

/// "UTC+14" for `Etc/GMT-14`, "UTC-5" for `Etc/GMT+5`; `None` for any
/// other zone.
pub fn fixed_offset_name(zone: Tz) -> Option<String> {
    let rest = zone.name().strip_prefix("Etc/GMT")?;
    let (sign, hours) = match rest.split_at_checked(1)? {
        ("+", h) => ('-', h),
        ("-", h) => ('+', h),
        _ => return None,
    };
    let n: u8 = hours.parse().ok()?;
    (n != 0).then(|| format!("UTC{sign}{n}"))
}

/// The message key of a zone with a name of its own:
/// `zone-america-new-york`.
fn zone_key(zone: Tz) -> String {
    let mut key = String::from("zone-");
    key.extend(zone.name().chars().map(|c| match c {
        '/' | '_' => '-',
        c => c.to_ascii_lowercase(),
    }));
    key
}

/// "Geneva time", "heure de Genève", "日内瓦时间", "UTC", "UTC+14".
pub fn zone_name(lang: Lang, zone: Tz) -> String {
    if is_utc(zone) {
        return "UTC".to_owned();
    }
    if let Some(n) = fixed_offset_name(zone) {
        return n;
    }
    let key = zone_key(zone);
    if has(lang, &key) {
        return t(lang, &key, &[]);
    }
    let city = zone
        .name()
        .rsplit_once('/')
        .map_or(zone.name(), |(_, c)| c)
        .replace('_', " ");
    t(lang, "zone-city", &[("city", Arg::from(city))])
}

/// "14:00-15:00 Geneva time", "日内瓦时间 14:00-15:00": times and a zone's
/// name in the language's order.
pub fn time_in_zone(lang: Lang, times: &str, zone: Tz) -> String {
    t(
        lang,
        "time-in-zone",
        &[
            ("time", Arg::from(times)),
            ("zone", Arg::from(zone_name(lang, zone))),
        ],
    )
}

/// An interval in one zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glance {
    /// The zone.
    pub zone: Tz,
    /// Its name ("Geneva time", "UTC").
    pub name: String,
    /// The start, local.
    pub start: NaiveDateTime,
    /// The end, local.
    pub end: Option<NaiveDateTime>,
    /// "14:00-15:00", with the end's day when it is another one
    /// ("23:00-Fri 8 Sept 01:00").
    pub times: String,
    /// The start's day ("Fri 8 Sept") when it is not the item's own day.
    pub other_day: Option<String>,
    /// All of it: "Fri 8 Sept 01:00-02:00 Beijing time".
    pub text: String,
}

/// The times of `start..end` at a glance: in the item's zone, then in the
/// body's home zone when that is another zone, then in UTC unless one of
/// the two already is UTC. Days that differ from the item's own day are
/// named.
pub fn glance(
    lang: Lang,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    item_zone: Tz,
    home_zone: Tz,
) -> Vec<Glance> {
    let mut zones = vec![item_zone];
    if home_zone != item_zone {
        zones.push(home_zone);
    }
    if !zones.iter().any(|z| is_utc(*z)) {
        zones.push(chrono_tz::UTC);
    }
    let item_day = start.with_timezone(&item_zone).date_naive();
    zones
        .into_iter()
        .map(|zone| one(lang, start, end, zone, item_day))
        .collect()
}

fn one(
    lang: Lang,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    zone: Tz,
    item_day: chrono::NaiveDate,
) -> Glance {
    let s = start.with_timezone(&zone).naive_local();
    let e = end.map(|e| e.with_timezone(&zone).naive_local());
    let times = match e {
        None => time(lang, s.time()),
        Some(e) if e.date() == s.date() => time_range(lang, s.time(), e.time()),
        Some(e) => {
            let end_text = t(
                lang,
                "day-time",
                &[
                    ("day", Arg::from(day_month(lang, e.date()))),
                    ("time", Arg::from(time(lang, e.time()))),
                ],
            );
            t(
                lang,
                "time-range",
                &[
                    ("start", Arg::from(time(lang, s.time()))),
                    ("end", Arg::from(end_text)),
                ],
            )
        }
    };
    let other_day = (s.date() != item_day).then(|| day_month(lang, s.date()));
    let in_zone = time_in_zone(lang, &times, zone);
    let text = match &other_day {
        Some(d) => t(
            lang,
            "day-time",
            &[("day", Arg::from(d)), ("time", Arg::from(in_zone))],
        ),
        None => in_zone,
    };
    Glance {
        zone,
        name: zone_name(lang, zone),
        start: s,
        end: e,
        times,
        other_day,
        text,
    }
}
