//! The zone picker: every IANA zone with the city it is named after, plus
//! the cities people look for that have no zone of their own ("Geneva" is
//! `Europe/Zurich`, "Beijing" `Asia/Shanghai`). The form's `zone` field
//! takes a zone or one of these cities; a `<datalist>` offers them, and
//! the browser filters it as one types, without script.

use chrono_tz::{TZ_VARIANTS, Tz};

/// Cities without a zone of their own, and the zone they keep.
const CITIES: &[(&str, &str)] = &[
    ("Geneva", "Europe/Zurich"),
    ("Bern", "Europe/Zurich"),
    ("Beijing", "Asia/Shanghai"),
    ("Shenzhen", "Asia/Shanghai"),
    ("Washington", "America/New_York"),
    ("Boston", "America/New_York"),
    ("San Francisco", "America/Los_Angeles"),
    ("Seattle", "America/Los_Angeles"),
    ("Delhi", "Asia/Kolkata"),
    ("Mumbai", "Asia/Kolkata"),
    ("Bangalore", "Asia/Kolkata"),
    ("Osaka", "Asia/Tokyo"),
    ("Busan", "Asia/Seoul"),
    ("Munich", "Europe/Berlin"),
    ("Frankfurt", "Europe/Berlin"),
    ("Milan", "Europe/Rome"),
    ("Barcelona", "Europe/Madrid"),
    ("Sydney", "Australia/Sydney"),
    ("Abu Dhabi", "Asia/Dubai"),
    ("Rio de Janeiro", "America/Sao_Paulo"),
];

/// `Europe/Zurich` → `Zurich`; `America/Argentina/Buenos_Aires` → `Buenos Aires`.
fn city(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// The picker's options: (value, label), cities first, then every zone.
pub(super) fn options() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = CITIES
        .iter()
        .map(|(c, z)| ((*z).to_owned(), format!("{c} ({z})")))
        .collect();
    for tz in TZ_VARIANTS {
        let name = tz.name();
        if !name.contains('/') || name.starts_with("Etc/") {
            continue;
        }
        out.push((name.to_owned(), format!("{} ({name})", city(name))));
    }
    out
}

/// The zone for what was typed: an IANA zone, a city (any case), or
/// "City (Zone)" as the picker labels it. `None`: left as typed, for the
/// core to refuse with its message.
pub(super) fn resolve(typed: &str) -> Option<String> {
    let t = typed.trim();
    if let Some((_, inner)) = t.rsplit_once('(')
        && let Some(z) = inner.strip_suffix(')')
    {
        return resolve(z);
    }
    if t.parse::<Tz>().is_ok() {
        return Some(t.to_owned());
    }
    let want = t.to_lowercase().replace('_', " ");
    if let Some((_, z)) = CITIES.iter().find(|(c, _)| c.to_lowercase() == want) {
        return Some((*z).to_owned());
    }
    TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .find(|n| n.contains('/') && city(n).to_lowercase() == want)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::{options, resolve};

    #[test]
    fn finds_the_cities_organizers_type() {
        assert_eq!(resolve("Geneva").as_deref(), Some("Europe/Zurich"));
        assert_eq!(resolve("new york").as_deref(), Some("America/New_York"));
        assert_eq!(resolve("Beijing").as_deref(), Some("Asia/Shanghai"));
        assert_eq!(resolve("Asia/Seoul").as_deref(), Some("Asia/Seoul"));
        assert_eq!(
            resolve("Geneva (Europe/Zurich)").as_deref(),
            Some("Europe/Zurich")
        );
        assert_eq!(resolve("Atlantis"), None);
        let o = options();
        assert!(
            o.iter()
                .any(|(v, l)| v == "America/New_York" && l.starts_with("New York"))
        );
    }
}
