use super::*;
use convene_core::i18n::Lang;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn w(lang: Lang) -> Words {
    Words {
        lang,
        home: chrono_tz::Europe::Zurich,
        feed_default: Lang::En,
    }
}

#[test]
fn date_ranges_read_as_the_secretariat_writes_them() {
    let en = w(Lang::En);
    assert_eq!(
        date_range(en, d("2023-09-07"), d("2023-09-07")),
        "7 September 2023"
    );
    assert_eq!(
        date_range(en, d("2023-09-07"), d("2023-09-08")),
        "7-8 September 2023"
    );
    assert_eq!(
        date_range(en, d("2023-09-30"), d("2023-10-02")),
        "30 September-2 October 2023"
    );
    assert_eq!(
        date_range(en, d("2023-12-30"), d("2024-01-02")),
        "30 December 2023-2 January 2024"
    );
    assert_eq!(
        date_range(w(Lang::Ru), d("2023-09-07"), d("2023-09-08")),
        "7–8 сентября 2023\u{202f}г."
    );
}

#[test]
fn zones_are_named_by_their_city_in_the_pages_language() {
    let en = w(Lang::En);
    assert_eq!(en.zone(chrono_tz::Europe::Zurich), "Geneva time");
    assert_eq!(en.zone(chrono_tz::Asia::Shanghai), "Beijing time");
    assert_eq!(
        en.zone(chrono_tz::Africa::Dar_es_Salaam),
        "Dar es Salaam time"
    );
    assert_eq!(en.zone(chrono_tz::UTC), "UTC");
    assert_eq!(en.zone(chrono_tz::Etc::GMTMinus14), "UTC+14");
    assert_eq!(
        w(Lang::Fr).zone(chrono_tz::Europe::Zurich),
        "heure de Genève"
    );
}

#[test]
fn feed_links_name_the_language_only_when_it_is_not_the_feeds() {
    assert_eq!(w(Lang::En).feed_lang('?'), "");
    assert_eq!(w(Lang::Ar).feed_lang('&'), "&lang=ar");
}

#[test]
fn subscribe_links_are_percent_encoded() {
    let s = Subscribe::new(
        "https://convene.example.org/",
        "/calendars/wg5.ics?subgroups=true",
        "x".into(),
        "x".into(),
        "WG5 - Interoperability & more".into(),
    );
    assert_eq!(
        s.https,
        "https://convene.example.org/calendars/wg5.ics?subgroups=true"
    );
    assert_eq!(
        s.webcal,
        "webcal://convene.example.org/calendars/wg5.ics?subgroups=true"
    );
    assert_eq!(
        s.google,
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fconvene.example.org%2Fcalendars%2Fwg5.ics%3Fsubgroups%3Dtrue"
    );
    assert_eq!(
        s.outlook_live,
        "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fconvene.example.org%2Fcalendars%2Fwg5.ics%3Fsubgroups%3Dtrue&name=WG5%20-%20Interoperability%20%26%20more"
    );
    assert!(
        s.outlook_office
            .starts_with("https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2F")
    );
}
