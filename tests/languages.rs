//! Pages and feeds in the six languages, over real HTTP from the real
//! binary: how a page's language is chosen (`?lang=`, the menu's cookie,
//! `Accept-Language`, `i18n.default_language`), the headers that say so,
//! that the response cache never serves one language's page for another,
//! dates in each language, and feeds' generated text following `?lang=`.

use convene_tests::{Response, TempDir, get, request, seeded_db, serve_db};
use scraper::Html;

#[path = "support/pages_common.rs"]
#[allow(dead_code)]
mod pages_common;

use pages_common::{attr, one, setup, text};

fn with(addr: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    request(addr, "GET", path, headers, b"")
}

/// `<html lang>`, `<html dir>` and `Content-Language` of a page.
fn lang_of(r: &Response) -> (String, String, String) {
    assert_eq!(r.status, 200, "{}", r.text());
    let doc = Html::parse_document(&r.text());
    let html = one(&doc, "html");
    let content = r.header("content-language").unwrap_or("").to_owned();
    (
        attr(html, "lang").to_owned(),
        attr(html, "dir").to_owned(),
        content,
    )
}

#[test]
fn query_then_cookie_then_accept_language_then_the_default() {
    let (_dir, _db, server) = setup("lang-order");
    let a = &server.addr;
    let all = [
        ("Cookie", "x=1; lang=ru"),
        ("Accept-Language", "es-ES,es;q=0.9"),
    ];
    let l = |path: &str, h: &[(&str, &str)]| lang_of(&with(a, path, h)).0;
    assert_eq!(l("/?lang=fr", &all), "fr");
    assert_eq!(l("/?lang=fr-CH", &all), "fr");
    assert_eq!(l("/?lang=de", &all), "ru", "an unknown ?lang= is ignored");
    assert_eq!(l("/", &all), "ru");
    assert_eq!(l("/", &all[1..]), "es");
    assert_eq!(
        l("/", &[("Accept-Language", "de-CH, zh-CN;q=0.8, en;q=0.5")]),
        "zh"
    );
    assert_eq!(l("/", &[("Accept-Language", "de, ar;q=0")]), "en");
    assert_eq!(l("/", &[]), "en");

    // Arabic is written right to left; the header names the language.
    let (lang, dir, content) = lang_of(&with(a, "/groups/wg5?lang=ar", &[]));
    assert_eq!(
        (lang.as_str(), dir.as_str(), content.as_str()),
        ("ar", "rtl", "ar")
    );
    let (_, dir, content) = lang_of(&with(a, "/groups/wg5", &all));
    assert_eq!((dir.as_str(), content.as_str()), ("ltr", "ru"));
    let r = get(a, "/schedule");
    let vary = r.header("vary").unwrap_or("").to_ascii_lowercase();
    for v in ["accept-encoding", "accept-language", "cookie"] {
        assert!(vary.contains(v), "Vary: {vary}");
    }
}

#[test]
fn the_language_menu_sets_a_cookie_and_goes_back() {
    let (_dir, _db, server) = setup("lang-menu");
    let a = &server.addr;
    // Every page has the menu, each language named in itself.
    let doc = Html::parse_document(&get(a, "/groups/wg5?from=2023-09-01").text());
    let menu: Vec<String> = doc
        .select(&pages_common::sel("nav.langs a"))
        .map(text)
        .collect();
    assert_eq!(
        menu,
        [
            "العربية",
            "中文",
            "English",
            "Français",
            "Русский",
            "Español"
        ]
    );
    let fr = doc
        .select(&pages_common::sel("nav.langs a[hreflang=fr]"))
        .next()
        .map(|e| attr(e, "href").to_owned())
        .expect("French in the menu");
    assert_eq!(
        fr,
        "/language?lang=fr&back=%2Fgroups%2Fwg5%3Ffrom%3D2023-09-01"
    );

    let r = get(a, &fr);
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/groups/wg5?from=2023-09-01"));
    let cookie = r.header("set-cookie").expect("a cookie").to_owned();
    assert!(cookie.starts_with("lang=fr; Path=/; Max-Age="), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let (lang, _, _) = lang_of(&with(a, "/groups/wg5", &[("Cookie", "lang=fr")]));
    assert_eq!(lang, "fr");

    // Only back to this site.
    let r = get(a, "/language?lang=zh&back=%2F%2Fevil.example%2F");
    assert_eq!((r.status, r.header("location")), (303, Some("/")));
}

#[test]
fn the_cache_keeps_each_language_apart() {
    let (_dir, _db, server) = setup("lang-cache");
    let a = &server.addr;
    let fr = with(a, "/groups/wg5", &[("Accept-Language", "fr")]);
    let en = with(a, "/groups/wg5", &[("Accept-Language", "en")]);
    assert!(fr.text().contains("Réunions passées"), "French first");
    assert!(
        en.text().contains("Past meetings"),
        "then English, not the cached French"
    );
    assert!(!en.text().contains("Réunions passées"));
    let (etag_fr, etag_en) = (fr.header("etag"), en.header("etag"));
    assert!(
        etag_fr.is_some() && etag_fr != etag_en,
        "{etag_fr:?} {etag_en:?}"
    );
    // The French ETag is not a match for the English page.
    let etag = etag_fr.unwrap_or_default();
    let again = with(
        a,
        "/groups/wg5",
        &[("Accept-Language", "en"), ("If-None-Match", etag)],
    );
    assert_eq!(again.status, 200);
    let same = with(
        a,
        "/groups/wg5",
        &[("Accept-Language", "fr"), ("If-None-Match", etag)],
    );
    assert_eq!(same.status, 304);
    assert_eq!(same.header("content-language"), Some("fr"));
}

#[test]
fn dates_and_zones_are_written_in_each_language() {
    let (_dir, _db, server) = setup("lang-dates");
    let a = &server.addr;
    let page = |lang: &str| get(a, &format!("/meetings/wg5-2023-09-07?lang={lang}")).text();
    for (lang, date, zone) in [
        ("en", "7-8 September 2023", "Geneva time"),
        ("fr", "7-8 septembre 2023", "heure de Genève"),
        ("es", "7 a 8 de septiembre de 2023", "hora de Ginebra"),
        ("ru", "7–8 сентября 2023\u{202f}г.", "женевское время"),
        ("zh", "2023年9月7日至8日", "日内瓦时间"),
        ("ar", "سبتمبر 2023", "بتوقيت جنيف"),
    ] {
        let html = page(lang);
        assert!(html.contains(date), "{lang}: {date}");
        assert!(html.contains(zone), "{lang}: {zone}");
    }
    // The organizer's words stay as written.
    assert!(page("zh").contains("WG5"));
}

#[test]
fn the_default_language_comes_from_the_configuration() {
    let dir = TempDir::new("lang-default");
    let db = seeded_db(&dir, None);
    let server = serve_db(dir.path(), &db, &[("CONVENE_I18N__DEFAULT_LANGUAGE", "es")]);
    let (lang, _, content) = lang_of(&get(&server.addr, "/"));
    assert_eq!((lang.as_str(), content.as_str()), ("es", "es"));
    let feed = get(&server.addr, "/calendars/fg-mv.ics").text();
    assert!(
        feed.contains("SUMMARY:Plazo: "),
        "feeds follow the default too"
    );
}

#[test]
fn feeds_follow_lang_for_generated_text_only() {
    let (_dir, _db, server) = setup("lang-feeds");
    let a = &server.addr;
    let en = get(a, "/calendars/fg-mv.ics").text();
    let fr = get(a, "/calendars/fg-mv.ics?lang=fr").text();
    let zh = get(a, "/calendars/fg-mv.ics?lang=zh-Hans").text();
    assert!(en.contains("SUMMARY:Deadline: "), "English by default");
    assert!(fr.contains("SUMMARY:Date limite\u{a0}: "), "{fr}");
    assert!(zh.contains("SUMMARY:截止日期："), "{zh}");
    assert!(fr.contains("heure de Genève"));
    // Same events: only the words change.
    let uids = |s: &str| s.lines().filter(|l| l.starts_with("UID:")).count();
    assert_eq!(uids(&en), uids(&fr));
    // A language convene does not speak is the caller's mistake, named.
    let bad = get(a, "/calendars/fg-mv.ics?lang=de");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("\"lang\""), "{}", bad.text());
    // The meeting's own calendar too, and the Atom feed of changes.
    let one = get(a, "/meetings/fgmv-2.ics?lang=ru").text();
    assert!(one.contains("Время: ") || one.contains("Отменено"), "{one}");
    let atom = get(a, "/groups/wg5/changes.atom?lang=es").text();
    assert!(atom.contains("xml:lang=\"es\""), "{atom}");
}

/// Without `?lang=`, a group's feed speaks the group's `language` (set
/// through the API): deadline prefixes and a series' rule in words;
/// `?lang=en` still overrides, and the feed's `ETag` moves with the
/// group's language (a cache holding the English feed is not served).
#[test]
fn a_groups_feed_speaks_the_groups_language() {
    use serde_json::json;
    let (dir, db, server) = setup("lang-group-feed");
    let a = &server.addr;
    let (_, admin) = convene_tests::create_token(dir.path(), &db, "secretariat", &["--admin"]);
    let auth = format!("Bearer {admin}");
    let send = |method: &str, path: &str, body: serde_json::Value| {
        let r = request(
            a,
            method,
            path,
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        );
        assert!(r.status < 300, "{method} {path}: {} {}", r.status, r.text());
        r
    };
    send(
        "POST",
        "/api/v1/meetings",
        json!({"id": "wg5-fortnightly", "title": "WG5 e-meeting", "groups": ["wg5"],
               "kind": "e-meeting", "date": "2031-09-02", "start": "14:00", "end": "15:00",
               "remote_url": "https://remote.itu.int/",
               "recurrence": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4"}),
    );
    send(
        "POST",
        "/api/v1/deadlines",
        json!({"id": "wg5-report", "group": "wg5", "kind": "other", "title": "Progress report",
               "date": "2031-11-20", "email": "tsbfgmv@itu.int"}),
    );
    // Calendar lines unfolded (RFC 5545 folds long ones).
    let feed = |path: &str| {
        let r = get(a, path);
        assert_eq!(r.status, 200, "{}", r.text());
        let etag = r.header("etag").unwrap_or_default().to_owned();
        (r.text().replace("\r\n ", ""), etag)
    };
    let (en, en_tag) = feed("/calendars/wg5.ics");
    assert!(en.contains("SUMMARY:Deadline: Progress report"), "{en}");
    assert!(
        en.contains("every second Tuesday\\, 14:00-15:00 hours\\, Geneva time\\, from 2 September 2031\\, 4 times"),
        "{en}"
    );

    let r = send("PATCH", "/api/v1/groups/wg5", json!({"language": "fr"}));
    assert_eq!(r.json()["effective_language"], "fr", "{}", r.text());
    let (fr, fr_tag) = feed("/calendars/wg5.ics");
    assert!(
        fr.contains("SUMMARY:Date limite\u{a0}: Progress report"),
        "{fr}"
    );
    assert!(
        fr.contains("un mardi sur deux\\, 14:00-15:00\\, heure de Genève\\, à partir du 2 septembre 2031\\, 4 séances"),
        "{fr}"
    );
    assert_ne!(en_tag, fr_tag, "the ETag names the language");
    // `?lang=` wins over the group's language.
    let (asked, _) = feed("/calendars/wg5.ics?lang=en");
    assert!(
        asked.contains("SUMMARY:Deadline: Progress report"),
        "{asked}"
    );
    assert!(asked.contains("every second Tuesday\\, "), "{asked}");
    // The series' page speaks the page's language, rule included.
    let page = get(a, "/meetings/wg5-fortnightly?lang=ru").text();
    assert!(page.contains("каждый второй вторник"), "{page}");

    // Back to English (inherited): the feed and its ETag follow.
    let r = send("PATCH", "/api/v1/groups/wg5", json!({"language": null}));
    assert_eq!(r.json()["effective_language"], "en", "{}", r.text());
    let (again, again_tag) = feed("/calendars/wg5.ics");
    assert!(again.contains("SUMMARY:Deadline: "), "{again}");
    assert_ne!(again_tag, fr_tag);
}
