//! The organizer pages in the six languages, over real HTTP on SQLite and
//! PostgreSQL: the sign-in page and a meeting's preview negotiate their
//! language as the public pages do (`?lang=`, the `lang` cookie of the
//! language menu, `Accept-Language`), dates and zones are written by the
//! i18n functions ("jeudi 7 septembre 2023", "heure de Genève"), Arabic
//! runs right to left, the answers say `Content-Language` and `Vary` and
//! stay `no-store`, and the language menu returns to the page's GET
//! address with nothing secret in it. The public pages link to
//! `/organize` in their language.

use std::path::Path;

use convene_tests::{Response, Server, TempDir, TestDatabase, request};

#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{PUBLIC_URL, seeded};

#[allow(dead_code)]
#[path = "support/organize_common.rs"]
mod organize_common;

use organize_common::{csrf, post_with as post};

fn serve(dir: &Path, db: &TestDatabase) -> Server {
    Server::start(
        dir,
        &["serve", "--now", "2023-09-01T08:00:00Z"],
        &[
            ("CONVENE_DATABASE_URL", db.url.as_str()),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_PUBLIC_URL", PUBLIC_URL),
            ("CONVENE_MAIL_DISPATCH_INTERVAL_SECONDS", "0"),
        ],
    )
}

fn set_cookie(r: &Response, name: &str) -> String {
    r.headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.as_str())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

/// Every `href` of the language menu (`/language?...`).
fn menu_links(page: &str) -> Vec<String> {
    page.match_indices("href=\"/language?")
        .map(|(at, _)| {
            let rest = &page[at + 6..];
            rest[..rest.find('"').expect("end of href")].replace("&#38;", "&")
        })
        .collect()
}

/// The headers every organizer answer in `lang` carries.
fn speaks(r: &Response, lang: &str) {
    assert_eq!(r.header("content-language"), Some(lang));
    let vary = r.header("vary").unwrap_or_default();
    assert!(
        vary.contains("Accept-Language") && vary.contains("Cookie"),
        "{vary}"
    );
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

fn sign_in_page_follows_the_language(db: &TestDatabase, dir: &TempDir) {
    seeded(dir.path(), db);
    let server = serve(dir.path(), db);
    let addr = &server.addr;
    // ?lang=fr: French, left to right.
    let fr = request(addr, "GET", "/organize?lang=fr", &[], b"");
    assert_eq!(fr.status, 200);
    speaks(&fr, "fr");
    let page = fr.text();
    for want in [
        "<html lang=\"fr\" dir=\"ltr\"",
        "<h1>Connexion des organisateurs</h1>",
        "<label for=\"token\">Jeton d&#39;API</label>",
        ">Se connecter</button>",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    // Accept-Language: Arabic, right to left.
    let ar = request(
        addr,
        "GET",
        "/organize",
        &[("Accept-Language", "ar-EG, en;q=0.5")],
        b"",
    );
    speaks(&ar, "ar");
    let page = ar.text();
    for want in [
        "<html lang=\"ar\" dir=\"rtl\"",
        "<h1>تسجيل دخول المنظمين</h1>",
        "<label for=\"token\">رمز الواجهة البرمجية (API)</label>",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    assert!(!page.contains("Organizer sign-in"), "no English left");
    // The menu returns to /organize and carries nothing but lang and back.
    let links = menu_links(&page);
    assert_eq!(links.len(), 6, "{links:?}");
    for l in &links {
        assert!(l.ends_with("&back=%2Forganize"), "{l}");
        assert!(!l.contains("csrf") && !l.contains("cvn_"), "{l}");
    }
    // The menu's cookie wins over Accept-Language; a wrong token is told
    // so in that language (the POST negotiates too).
    let form = request(
        addr,
        "GET",
        "/organize",
        &[("Cookie", "lang=fr"), ("Accept-Language", "ar")],
        b"",
    );
    speaks(&form, "fr");
    let pre = set_cookie(&form, "convene_organize_pre");
    let wrong = post(
        addr,
        "/organize",
        &[("Cookie", &format!("{pre}; lang=fr"))],
        &[("csrf", &csrf(&form.text())), ("token", "cvn_wrong")],
    );
    assert_eq!(wrong.status, 401);
    speaks(&wrong, "fr");
    assert!(
        wrong.text().contains("Ce jeton n&#39;est pas valide"),
        "{}",
        wrong.text()
    );
    // A refused form (no csrf) in Spanish.
    let refused = post(
        addr,
        "/organize",
        &[("Accept-Language", "es")],
        &[("token", "x")],
    );
    assert_eq!(refused.status, 403);
    assert!(refused.text().contains("Formulario rechazado"));
    // The public pages link to the organizer pages, in their language.
    let home = request(addr, "GET", "/?lang=fr", &[], b"").text();
    assert!(
        home.contains("<a href=\"/organize\">Espace des organisateurs</a>"),
        "{home}"
    );
    let home = request(addr, "GET", "/", &[], b"").text();
    assert!(home.contains("<a href=\"/organize\">For organizers</a>"));
}

fn preview_in_french_and_arabic(db: &TestDatabase, dir: &TempDir) {
    seeded(dir.path(), db);
    let wg5 = convene_tests::create_token(dir.path(), &db.url, "wg5 chair", &["--group", "wg5"]).1;
    let server = serve(dir.path(), db);
    let addr = &server.addr;
    let form = request(addr, "GET", "/organize", &[], b"");
    let pre = set_cookie(&form, "convene_organize_pre");
    let signed = post(
        addr,
        "/organize",
        &[("Cookie", &pre)],
        &[("csrf", &csrf(&form.text())), ("token", &wg5)],
    );
    assert_eq!(signed.status, 303);
    let session = set_cookie(&signed, "convene_organize");
    let list = request(addr, "GET", "/organize", &[("Cookie", &session)], b"").text();
    let csrf = csrf(&list);
    // Clashes with WG5's session of 7 September (09:00-12:00 Geneva).
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "WG5 extra e-meeting"),
        ("groups", "wg5"),
        ("kind", "e-meeting"),
        ("zone", "Geneva"),
        ("date", "2023-09-07"),
        ("start", "10:00"),
        ("end", "11:00"),
    ];
    let cookie = |lang: &str| format!("{session}; lang={lang}");
    let fr = post(
        addr,
        "/organize/meetings/new",
        &[("Cookie", &cookie("fr"))],
        &fields,
    );
    assert_eq!(fr.status, 200);
    speaks(&fr, "fr");
    let page = fr.text();
    for want in [
        "<html lang=\"fr\" dir=\"ltr\"",
        "Aperçu\u{a0}: rien n&#39;est encore enregistré",
        "7 septembre 2023",
        "jeudi 7 septembre 2023, 10:00-11:00, heure de Genève",
        "<th scope=\"col\">Fuseau</th>",
        "<th scope=\"row\">heure de New York</th>",
        "class=\"org-night\">de nuit<",
        "Créneaux libres à proximité",
        ">Retenir ce créneau</button>",
        ">Confirmer et envoyer les courriels</button>",
        "<label for=\"f-zone\">Fuseau horaire</label>",
        "<option value=\"e-meeting\" selected>Réunion en ligne</option>",
        // The organizer's title as typed.
        "<bdi>WG5 extra e-meeting</bdi>",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    // The menu returns to the form's GET address, nothing posted in it.
    for l in menu_links(&page) {
        assert!(l.ends_with("&back=%2Forganize%2Fmeetings%2Fnew"), "{l}");
    }
    let ar = post(
        addr,
        "/organize/meetings/new",
        &[("Cookie", &cookie("ar"))],
        &fields,
    );
    assert_eq!(ar.status, 200);
    speaks(&ar, "ar");
    let page = ar.text();
    for want in [
        "<html lang=\"ar\" dir=\"rtl\"",
        "<h2 id=\"preview-heading\">معاينة: لم يُحفظ أي شيء بعد</h2>",
        "<label for=\"f-zone\">المنطقة الزمنية</label>",
        "<h3>التعارضات</h3>",
        ">التأكيد وإرسال الرسائل</button>",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    assert!(!page.contains("Preview: nothing is saved yet"));
    // A field error: the label in the language, the use case's message
    // as it gives it.
    let mut bad = fields.to_vec();
    bad.retain(|(k, _)| *k != "title");
    let r = post(
        addr,
        "/organize/meetings/new",
        &[("Cookie", &cookie("fr"))],
        &bad,
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        r.text().contains("<p class=\"org-error\">title\u{a0}: "),
        "{}",
        r.text()
    );
}

convene_tests::on_both!("orglang"; sign_in_page_follows_the_language, preview_in_french_and_arabic);
