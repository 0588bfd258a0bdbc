//! A group's language (issue 19), on SQLite and on PostgreSQL: set and read
//! through the API, inherited by subgroups, kept by `convene export`, and
//! the language of the mails to the group's list.

use convene_tests::smtp::{Received, SmtpSink};
use convene_tests::{TempDir, TestDatabase, get};
use serde_json::{Value, json};

// Shared with the other mail and API tests; this file uses only part of it.
#[allow(dead_code)]
#[path = "support/mail_common.rs"]
mod mail_common;

use mail_common::{parse, parts, run, seeded, send, server, worker};

/// `(language, effective_language)` of each group, by slug, from
/// `GET /api/v1/groups`.
fn languages(addr: &str) -> Vec<(String, Value, Value)> {
    fn walk(nodes: &Value, out: &mut Vec<(String, Value, Value)>) {
        for g in nodes.as_array().expect("groups") {
            out.push((
                g["slug"].as_str().expect("slug").to_owned(),
                g["language"].clone(),
                g["effective_language"].clone(),
            ));
            walk(&g["children"], out);
        }
    }
    let r = get(addr, "/api/v1/groups");
    assert_eq!(r.status, 200, "{}", r.text());
    let mut out = Vec::new();
    walk(&r.json()["groups"], &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn language_of(all: &[(String, Value, Value)], slug: &str) -> (Value, Value) {
    let (_, own, eff) = all
        .iter()
        .find(|(s, ..)| s == slug)
        .unwrap_or_else(|| panic!("no group {slug}"));
    (own.clone(), eff.clone())
}

fn group_language_through_the_api(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let srv = server(d, db, &[]);

    // Nobody says: every group mails in the default language.
    let all = languages(&srv.addr);
    assert!(
        all.iter().all(|(_, own, eff)| own.is_null() && eff == "en"),
        "{all:?}"
    );

    // WG5 in French: the answer says so, and so does the tree.
    let r = send(
        &srv.addr,
        "PATCH",
        "/api/v1/groups/wg5",
        &admin,
        None,
        &json!({ "language": "fr" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let answer = r.json();
    assert_eq!(answer["group"]["language"], "fr");
    assert_eq!(answer["effective_language"], "fr");
    let all = languages(&srv.addr);
    assert_eq!(language_of(&all, "wg5"), (json!("fr"), json!("fr")));
    assert_eq!(language_of(&all, "fg-mv"), (Value::Null, json!("en")));

    // A task group under WG5 inherits French until it says otherwise.
    let tg = json!({ "slug": "tg-lang", "name": "TG on languages", "kind": "task-group", "parent": "wg5" });
    let r = send(&srv.addr, "POST", "/api/v1/groups", &admin, None, &tg);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["effective_language"], "fr");
    assert_eq!(r.json()["group"].get("language"), None);
    let r = send(
        &srv.addr,
        "PATCH",
        "/api/v1/groups/tg-lang",
        &admin,
        None,
        &json!({ "language": "zh" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let all = languages(&srv.addr);
    assert_eq!(language_of(&all, "tg-lang"), (json!("zh"), json!("zh")));
    assert_eq!(language_of(&all, "wg5"), (json!("fr"), json!("fr")));

    // Not one of the six: 422 naming the field and listing the codes;
    // nothing changes.
    for bad in [json!("de"), json!("FR"), json!("fr-CH"), json!(7)] {
        let r = send(
            &srv.addr,
            "PATCH",
            "/api/v1/groups/wg5",
            &admin,
            None,
            &json!({ "language": bad }),
        );
        assert_eq!(r.status, 422, "{bad}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("application/problem+json"),
            "{bad}"
        );
        let p = r.json();
        assert_eq!(p["errors"][0]["field"], "language", "{p}");
        if bad.is_string() {
            let msg = p["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(
                msg.contains(r#"use one of "ar", "zh", "en", "fr", "ru", "es""#),
                "{msg}"
            );
        }
    }
    assert_eq!(language_of(&languages(&srv.addr), "wg5").0, json!("fr"));

    // The export keeps it (and an import of the export gives it back).
    let exported = run(d, db, &["export"], &[]);
    let wg5 = exported
        .split("[[groups]]")
        .find(|g| g.contains("slug = \"wg5\""))
        .expect("wg5 in the export");
    assert!(wg5.contains("\nlanguage = \"fr\"\n"), "{wg5}");
    let tg = exported
        .split("[[groups]]")
        .find(|g| g.contains("slug = \"tg-lang\""))
        .expect("tg-lang in the export");
    assert!(tg.contains("\nlanguage = \"zh\"\n"), "{tg}");

    // `null` (merge patch): WG5 inherits again.
    let r = send(
        &srv.addr,
        "PATCH",
        "/api/v1/groups/wg5",
        &admin,
        None,
        &json!({ "language": null }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["effective_language"], "en");
    assert_eq!(
        language_of(&languages(&srv.addr), "wg5"),
        (Value::Null, json!("en"))
    );
    drop(srv);

    // The root's unset language is `i18n.default_language`.
    let srv = server(d, db, &[("CONVENE_I18N__DEFAULT_LANGUAGE", "ru")]);
    let all = languages(&srv.addr);
    assert_eq!(language_of(&all, "wg5"), (Value::Null, json!("ru")));
    assert_eq!(language_of(&all, "tg-lang"), (json!("zh"), json!("zh")));
}

/// The schedule file sets it; a bad code is refused with its line.
fn group_language_in_the_schedule_file(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let seed = std::fs::read_to_string(mail_common::seed_path()).expect("seed");
    let french = seed.replacen(
        "mailing_list = \"fgmv-wg5@lists.itu.int\"\n",
        "mailing_list = \"fgmv-wg5@lists.itu.int\"\nlanguage = \"fr\"\n",
        1,
    );
    assert_ne!(french, seed);
    std::fs::write(
        d.join("bad.toml"),
        french.replace("language = \"fr\"", "language = \"de\""),
    )
    .expect("write");
    let out = std::process::Command::new(convene_tests::convene_bin())
        .current_dir(d)
        .args(["import", "bad.toml"])
        .env("CONVENE_DATABASE_URL", &db.url)
        .env("CONVENE_LOG", "warn")
        .output()
        .expect("run convene");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("group \"wg5\": field `language`: \"de\" is not a language; use one of"),
        "{err}"
    );
    std::fs::write(d.join("fr.toml"), &french).expect("write");
    run(d, db, &["import", "fr.toml"], &[]);
    let srv = server(d, db, &[]);
    let all = languages(&srv.addr);
    assert_eq!(language_of(&all, "wg5"), (json!("fr"), json!("fr")));
    assert_eq!(language_of(&all, "wg2"), (Value::Null, json!("en")));
}

/// The mail with this Message-ID among those received.
fn mail_with<'a>(mails: &'a [Received], id: &str) -> &'a Received {
    mails
        .iter()
        .find(|m| m.header("Message-ID").as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no mail {id}"))
}

/// WG5's list set to French through the API: its announcement and its
/// reminder are in French, the times in Geneva time ("heure de Genève")
/// and UTC, `Content-Language: fr`; the title stays as the organizer
/// wrote it. The focus group's list (no language: English) gets a New York
/// meeting's mail that names the Geneva time and UTC.
fn wg5_in_french_gets_its_reminder_in_french(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let srv = server(d, db, &[]);
    let sink = SmtpSink::start();
    let r = send(
        &srv.addr,
        "PATCH",
        "/api/v1/groups/wg5",
        &admin,
        None,
        &json!({ "language": "fr" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());

    // Thursday 16 January 2031, 14:00-16:00 in Geneva (13:00-15:00 UTC).
    let body = json!({
        "id": "wg5-fr", "title": "WG5 e-meeting on interoperability", "groups": ["wg5"],
        "kind": "e-meeting", "date": "2031-01-16", "start": "14:00", "end": "16:00",
        "remote_url": "https://remote.itu.int/"
    });
    let r = send(&srv.addr, "POST", "/api/v1/meetings", &admin, None, &body);
    assert_eq!(r.status, 201, "{}", r.text());
    // A New York meeting of the focus group (English): 13:15-14:45 in New
    // York is 19:15-20:45 in Geneva and 18:15-19:45 UTC in January.
    let body = json!({
        "id": "fgmv-ny", "title": "FG-MV side event", "groups": ["fg-mv"],
        "kind": "webinar", "zone": "America/New_York", "date": "2031-01-16",
        "start": "13:15", "end": "14:45"
    });
    let r = send(&srv.addr, "POST", "/api/v1/meetings", &admin, None, &body);
    assert_eq!(r.status, 201, "{}", r.text());
    // A fortnightly series of WG5: its rule in words, in French.
    let body = json!({
        "id": "wg5-fr-series", "title": "WG5 e-meeting", "groups": ["wg5"],
        "kind": "e-meeting", "date": "2031-02-04", "start": "14:00", "end": "15:00",
        "remote_url": "https://remote.itu.int/",
        "recurrence": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4"
    });
    let r = send(&srv.addr, "POST", "/api/v1/meetings", &admin, None, &body);
    assert_eq!(r.status, 201, "{}", r.text());
    let (sent, _, failed, _) = worker(d, db, Some(&sink), None, &[]);
    assert_eq!((sent, failed), (3, 0));
    let mails = sink.messages();
    let series = mail_with(
        &mails,
        "<meeting.wg5-fr-series.v1.announcement@convene.example.org>",
    );
    let (text, ..) = parts(series);
    assert!(
        text.contains(
            "un mardi sur deux, 14:00-15:00, heure de Genève, à partir du 4 février 2031, 4 séances"
        ),
        "the series in French words:\n{text}"
    );

    // The announcement to WG5's list: French.
    let mails = sink.messages();
    let announced = mail_with(
        &mails,
        "<meeting.wg5-fr.v1.announcement@convene.example.org>",
    );
    assert_eq!(announced.to, ["fgmv-wg5@lists.itu.int"]);
    assert_eq!(announced.header("Content-Language").as_deref(), Some("fr"));
    assert_eq!(
        parse(announced).subject(),
        Some("[WG5] Nouvelle réunion : WG5 e-meeting on interoperability, 16 janvier 2031")
    );
    let (text, html, ..) = parts(announced);
    assert!(text.contains("Une réunion a été programmée."), "{text}");
    assert!(html.contains("<html lang=\"fr\" dir=\"ltr\">"), "{html}");

    // Seven days before, the reminder: French, Geneva time and UTC.
    let (sent, _, failed, _) = worker(d, db, Some(&sink), Some("2031-01-09T14:01:00+01:00"), &[]);
    assert_eq!(failed, 0);
    assert!(sent >= 1, "{sent}");
    let mails = sink.messages();
    let reminder = mail_with(
        &mails,
        "<meeting.wg5-fr.v1.reminder-7d@convene.example.org>",
    );
    assert_eq!(reminder.header("Content-Language").as_deref(), Some("fr"));
    let parsed = parse(reminder);
    assert_eq!(
        parsed.subject(),
        Some("[WG5] Rappel : WG5 e-meeting on interoperability, 16 janvier 2031 (dans 7 jours)")
    );
    assert_eq!(
        parsed.header_raw("Content-Language").map(str::trim),
        Some("fr"),
        "mail-parser reads the header"
    );
    assert_eq!(
        reminder.header("References").as_deref(),
        Some("<meeting.wg5-fr@convene.example.org>"),
        "threaded with the announcement"
    );
    let (text, _, calendar, ..) = parts(reminder);
    for needle in [
        "Rappel : cette réunion commence dans 7 jours.",
        "WG5 e-meeting on interoperability",
        "jeudi 16 janvier 2031, 14:00-16:00, heure de Genève (Europe/Zurich)",
        "14:00-16:00, heure de Genève / 13:00-15:00, UTC",
        "Participation à distance\u{a0}: https://remote.itu.int/",
        "Liste de diffusion\u{a0}:",
        "S'abonner au calendrier WG5\u{a0}: https://convene.example.org/calendars/wg5.ics",
        "Les heures sont indiquées dans le fuseau propre à chaque élément, en heure de Genève et en UTC.",
    ] {
        assert!(
            text.contains(needle),
            "the French reminder lacks {needle:?}:\n{text}"
        );
    }
    for english in [
        "Reminder",
        "When",
        "Geneva time",
        "Mailing list",
        "Subscribe",
    ] {
        assert!(
            !text.contains(english),
            "{english:?} left in English:\n{text}"
        );
    }
    // The calendar is the feed's, untranslated (the title as written).
    assert!(
        calendar.contains("WG5 e-meeting on interoperability"),
        "{calendar}"
    );

    // The New York meeting's English mail names the Geneva time and UTC.
    let ny = mail_with(
        &mails,
        "<meeting.fgmv-ny.v1.announcement@convene.example.org>",
    );
    assert_eq!(ny.to, ["fgmv@lists.itu.int"]);
    assert_eq!(ny.header("Content-Language").as_deref(), Some("en"));
    assert_eq!(
        parse(ny).subject(),
        Some("[FG-MV] New meeting: FG-MV side event, 16 January 2031")
    );
    let (text, ..) = parts(ny);
    for needle in [
        "Thursday, 16 January 2031, 13:15-14:45 New York time (America/New_York)",
        "13:15-14:45 New York time / 19:15-20:45 Geneva time / 18:15-19:45 UTC",
        "Times are given in the item's own zone, in Geneva time and in UTC.",
    ] {
        assert!(
            text.contains(needle),
            "the New York mail lacks {needle:?}:\n{text}"
        );
    }
}

/// A batch's dry run writes each list's notice in that list's language,
/// exactly as the real run sends it: WG5 (French) and WG3 (English) share
/// a joint meeting.
fn a_batch_dry_run_speaks_each_lists_language(db: &TestDatabase, dir: &TempDir) {
    let d = dir.path();
    let admin = seeded(d, db);
    let srv = server(d, db, &[]);
    let sink = SmtpSink::start();
    let r = send(
        &srv.addr,
        "PATCH",
        "/api/v1/groups/wg5",
        &admin,
        None,
        &json!({ "language": "fr" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let body = |dry: bool| {
        json!({"dry_run": dry, "changes": [{"op": "create", "meeting": {
            "id": "joint-fr", "title": "Joint e-meeting", "groups": ["wg5", "wg3"],
            "kind": "e-meeting", "date": "2031-05-15", "start": "14:00", "end": "15:00"
        }}]})
    };
    let dry = send(
        &srv.addr,
        "POST",
        "/api/v1/changes",
        &admin,
        None,
        &body(true),
    );
    assert_eq!(dry.status, 200, "{}", dry.text());
    let dry = dry.json();
    let planned = dry["mails"].as_array().expect("mails").clone();
    assert_eq!(planned.len(), 2, "{dry}");
    let of = |list: &str| {
        planned
            .iter()
            .find(|m| m["recipients"] == json!([list]))
            .cloned()
            .unwrap_or_else(|| panic!("no notice to {list}: {dry}"))
    };
    let (fr, en) = (of("fgmv-wg5@lists.itu.int"), of("fgmv-wg3@lists.itu.int"));
    assert_eq!(fr["language"], "fr");
    assert_eq!(en["language"], "en");
    assert_eq!(
        fr["subject"],
        "[WG5 & WG3] 1 modification : Nouveau : Joint e-meeting"
    );
    assert_eq!(en["subject"], "[WG5 & WG3] 1 change: New: Joint e-meeting");
    let real = send(
        &srv.addr,
        "POST",
        "/api/v1/changes",
        &admin,
        None,
        &body(false),
    );
    assert_eq!(real.status, 200, "{}", real.text());
    assert_eq!(real.json()["mails"], dry["mails"]);
    let (sent, _, failed, _) = worker(d, db, Some(&sink), None, &[]);
    assert_eq!((sent, failed), (2, 0));
    for shown in [&fr, &en] {
        let list = shown["recipients"][0].as_str().expect("list");
        let mails = sink.messages();
        let m = mails
            .iter()
            .find(|m| m.to == [list.to_owned()])
            .unwrap_or_else(|| panic!("no mail to {list}"));
        assert_eq!(
            m.header("Content-Language"),
            shown["language"].as_str().map(str::to_owned)
        );
        assert_eq!(parse(m).subject(), shown["subject"].as_str());
        let (text, ..) = parts(m);
        assert_eq!(
            shown["text"].as_str().map(str::trim_end),
            Some(text.replace("\r\n", "\n").trim_end()),
            "the dry run shows what {list} gets"
        );
    }
}

convene_tests::on_both!("lang";
    a_batch_dry_run_speaks_each_lists_language,
    group_language_through_the_api,
    group_language_in_the_schedule_file,
    wg5_in_french_gets_its_reminder_in_french,
);
