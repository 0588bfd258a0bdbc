//! Calendar feeds over real HTTP, parsed back with an iCalendar parser
//! written by others (the `ical` crate), plus structural checks of the bytes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use convene_tests::{
    Response, Server, TempDir, get, import, request, seed_text, seeded_db, serve_db,
};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;

fn serve(dir: &TempDir, db: &str) -> Server {
    serve_db(
        dir.path(),
        db,
        &[("CONVENE_PUBLIC_URL", "https://convene.example.org")],
    )
}

fn parse(body: &str) -> IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("parses as iCalendar");
    assert!(parser.next().is_none(), "exactly one calendar");
    cal
}

fn prop<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name == name)
}

fn value<'a>(props: &'a [Property], name: &str) -> &'a str {
    prop(props, name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn param<'a>(p: &'a Property, name: &str) -> Option<&'a str> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.first())
        .map(String::as_str)
}

/// The instant of a DTSTART/DTEND: with TZID through the tz database, UTC
/// with Z, or the start of the day for VALUE=DATE.
fn instant(p: &Property) -> DateTime<Utc> {
    let v = p.value.as_deref().expect("value");
    if param(p, "VALUE") == Some("DATE") {
        let d = NaiveDate::parse_from_str(v, "%Y%m%d").expect("date");
        return d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    }
    if let Some(z) = v.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(z, "%Y%m%dT%H%M%S")
            .expect("utc")
            .and_utc();
    }
    let tz: chrono_tz::Tz = param(p, "TZID").expect("TZID").parse().expect("IANA TZID");
    let local = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").expect("local");
    tz.from_local_datetime(&local)
        .single()
        .expect("unambiguous")
        .with_timezone(&Utc)
}

fn event<'a>(cal: &'a IcalCalendar, uid: &str) -> &'a IcalEvent {
    cal.events
        .iter()
        .find(|e| value(&e.properties, "UID") == uid)
        .unwrap_or_else(|| panic!("no event {uid}"))
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

/// Every line ≤ 75 octets, CRLF only, a VTIMEZONE for every TZID, DTEND
/// after DTSTART.
fn check_structure(body: &str) {
    assert!(body.ends_with("\r\n"));
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
    }
    let cal = parse(body);
    let zones: Vec<&str> = cal
        .timezones
        .iter()
        .map(|z| value(&z.properties, "TZID"))
        .collect();
    for e in &cal.events {
        let start = prop(&e.properties, "DTSTART").expect("DTSTART");
        if let Some(tz) = param(start, "TZID") {
            assert!(zones.contains(&tz), "no VTIMEZONE for {tz}");
        }
        if let Some(end) = prop(&e.properties, "DTEND") {
            assert!(
                instant(end) > instant(start),
                "DTEND not after DTSTART in {:?}",
                value(&e.properties, "UID")
            );
        }
    }
}

fn feed(addr: &str, path: &str) -> (Response, IcalCalendar) {
    let r = get(addr, path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    check_structure(&r.text());
    let cal = parse(&r.text());
    (r, cal)
}

#[test]
fn group_feeds_hold_every_item_at_the_right_instant() {
    let dir = TempDir::new("feeds");
    let db = seeded_db(&dir, None);
    let server = serve(&dir, &db);
    let a = &server.addr;

    let (r, cal) = feed(a, "/calendars/wg5.ics");
    assert_eq!(
        r.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert_eq!(r.header("content-disposition"), None);
    assert!(r.header("etag").is_some_and(|e| e.starts_with('"')));
    assert!(r.header("last-modified").is_some());
    assert_eq!(
        value(&cal.properties, "X-WR-CALNAME"),
        "WG5 - Interoperability"
    );
    assert_eq!(value(&cal.properties, "METHOD"), "PUBLISH");
    let uids: Vec<&str> = cal
        .events
        .iter()
        .map(|e| value(&e.properties, "UID"))
        .collect();
    assert_eq!(
        uids,
        [
            "wg3-wg5-2023-09-07@convene.example.org",
            "wg5-2023-09-07@convene.example.org",
            "wg5-2023-09-07-day2@convene.example.org",
            "wg5-2023-11-window@convene.example.org",
        ]
    );
    let day2 = event(&cal, "wg5-2023-09-07-day2@convene.example.org");
    assert_eq!(
        instant(prop(&day2.properties, "DTSTART").expect("start")),
        utc("2023-09-08T07:00:00Z")
    );
    assert_eq!(
        instant(prop(&day2.properties, "DTEND").expect("end")),
        utc("2023-09-08T10:00:00Z")
    );
    let window = event(&cal, "wg5-2023-11-window@convene.example.org");
    assert_eq!(value(&window.properties, "STATUS"), "TENTATIVE");
    assert_eq!(value(&window.properties, "TRANSP"), "TRANSPARENT");
    assert_eq!(
        param(prop(&window.properties, "DTSTART").expect("start"), "VALUE"),
        Some("DATE")
    );
    assert_eq!(value(&window.properties, "DTEND"), "20231201");

    // Across the 29 Oct 2023 change: WG3 at 09:00 Geneva is 07:00 UTC, then 08:00.
    let (_, wg3) = feed(a, "/calendars/wg3.ics");
    let starts: Vec<DateTime<Utc>> = ["wg3-2023-10-19", "wg3-2023-11-02", "wg3-2023-11-16"]
        .iter()
        .map(|id| {
            instant(
                prop(
                    &event(&wg3, &format!("{id}@convene.example.org")).properties,
                    "DTSTART",
                )
                .expect("start"),
            )
        })
        .collect();
    assert_eq!(
        starts,
        [
            utc("2023-10-19T07:00:00Z"),
            utc("2023-11-02T08:00:00Z"),
            utc("2023-11-16T08:00:00Z")
        ]
    );
    // The VTIMEZONE the feed carries says the same, for clients without tz names.
    let zurich = &wg3.timezones[0];
    assert_eq!(value(&zurich.properties, "TZID"), "Europe/Zurich");
    let rules: Vec<(String, String)> = zurich
        .transitions
        .iter()
        .map(|t| {
            (
                value(&t.properties, "TZOFFSETTO").to_owned(),
                value(&t.properties, "RRULE").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            (
                "+0200".to_owned(),
                "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".to_owned()
            ),
            (
                "+0100".to_owned(),
                "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".to_owned()
            ),
        ]
    );

    // The FG's feed: the physical meeting as whole days, date-only items,
    // deadlines as all-day events saying where to send.
    let (_, fg) = feed(a, "/calendars/fg-mv.ics");
    let shanghai = event(&fg, "fgmv-2@convene.example.org");
    assert_eq!(value(&shanghai.properties, "DTSTART"), "20230704");
    assert_eq!(value(&shanghai.properties, "DTEND"), "20230707");
    assert_eq!(
        value(&shanghai.properties, "LOCATION"),
        "Zhangjiang Science Hall\\, Shanghai\\, China"
    );
    let visa = event(&fg, "deadline-fgmv-2-visa@convene.example.org");
    assert_eq!(
        value(&visa.properties, "SUMMARY"),
        "Deadline: Visa support letter requests for 2nd FG-MV meeting"
    );
    assert_eq!(value(&visa.properties, "DTSTART"), "20230620");
    assert_eq!(value(&visa.properties, "DTEND"), "20230621");
    assert!(value(&visa.properties, "DESCRIPTION").contains("send to jjajun.yao@sh-aia.com"));
    let ep25 = event(&fg, "dt-webinar-ep25@convene.example.org");
    assert_eq!(
        instant(prop(&ep25.properties, "DTSTART").expect("start")),
        utc("2023-05-04T17:15:00Z")
    );
    // Subgroups and combined feeds.
    let (_, wg2) = feed(a, "/calendars/wg2.ics");
    assert_eq!(wg2.events.len(), 4, "WG2 alone: two 2-day meetings");
    let (_, wg2_all) = feed(a, "/calendars/wg2.ics?subgroups=true");
    assert!(
        wg2_all
            .events
            .iter()
            .any(|e| value(&e.properties, "UID") == "tg-power-2023-08-21@convene.example.org")
    );
    assert_eq!(wg2_all.events.len(), 4 + 1 + 2 + 1 + 3);
    let (_, both) = feed(a, "/calendars.ics?groups=wg3,wg5");
    let joint = both
        .events
        .iter()
        .filter(|e| value(&e.properties, "UID") == "wg3-wg5-2023-09-07@convene.example.org")
        .count();
    assert_eq!(joint, 1, "a joint meeting appears once in a combined feed");
    assert_eq!(both.events.len(), 4 + 3);
    // One meeting, for "add to my calendar".
    let (_, one) = feed(a, "/meetings/wg5-2023-09-07.ics");
    assert_eq!(one.events.len(), 2);

    // Unknown things: 404.
    assert_eq!(get(a, "/calendars/wg10.ics").status, 404);
    assert_eq!(get(a, "/calendars/wg5.json").status, 404);
    assert_eq!(get(a, "/meetings/nope.ics").status, 404);
    assert_eq!(get(a, "/calendars.ics?groups=wg5,nope").status, 400);
}

#[test]
fn caching_headers_head_and_gzip() {
    let dir = TempDir::new("feeds-cache");
    let db = seeded_db(&dir, None);
    let server = serve(&dir, &db);
    let a = &server.addr;
    let first = get(a, "/calendars/wg5.ics");
    let etag = first.header("etag").expect("etag").to_owned();
    let modified = first
        .header("last-modified")
        .expect("last-modified")
        .to_owned();
    // Byte-stable: the same data gives the same bytes and the same ETag.
    let again = get(a, "/calendars/wg5.ics");
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    let r = request(
        a,
        "GET",
        "/calendars/wg5.ics",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    let r = request(
        a,
        "GET",
        "/calendars/wg5.ics",
        &[("If-Modified-Since", &modified)],
        b"",
    );
    assert_eq!(r.status, 304);
    let r = request(
        a,
        "GET",
        "/calendars/wg5.ics",
        &[("If-None-Match", "\"other\"")],
        b"",
    );
    assert_eq!(r.status, 200);
    // Another feed has another ETag.
    assert_ne!(
        get(a, "/calendars/wg3.ics").header("etag"),
        Some(etag.as_str())
    );

    let head = request(a, "HEAD", "/calendars/wg5.ics", &[], b"");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert!(head.body.is_empty());

    let gz = request(
        a,
        "GET",
        "/calendars/fg-mv.ics",
        &[("Accept-Encoding", "gzip")],
        b"",
    );
    assert_eq!(gz.status, 200);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b], "a gzip stream");
    assert!(gz.body.len() < get(a, "/calendars/fg-mv.ics").body.len());

    // A change: new ETag, the old one no longer matches, SEQUENCE goes up.
    let edited = seed_text().replacen(
        "id = \"wg5-2023-09-07\"",
        "id = \"wg5-2023-09-07\"\nstatus = \"cancelled\"\ncancel_reason = \"Merged into the joint WG3 & WG5 e-meeting\"",
        1,
    );
    let out = import(&dir, &db, Some(&edited));
    assert!(
        out.contains("meetings: 0 created, 1 updated, 49 unchanged"),
        "{out}"
    );
    // Another process wrote: the server sees it within
    // calendar.freshness_ms (1 s by default; tests/freshness.rs).
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let r = request(
        a,
        "GET",
        "/calendars/wg5.ics",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_ne!(r.header("etag"), Some(etag.as_str()));
    let cal = parse(&r.text());
    let cancelled = event(&cal, "wg5-2023-09-07@convene.example.org");
    assert_eq!(value(&cancelled.properties, "STATUS"), "CANCELLED");
    assert_eq!(value(&cancelled.properties, "SEQUENCE"), "1");
    assert!(value(&cancelled.properties, "SUMMARY").starts_with("Cancelled: "));
    let joint = event(&cal, "wg3-wg5-2023-09-07@convene.example.org");
    assert_eq!(value(&joint.properties, "SEQUENCE"), "0");
}

#[test]
fn text_with_specials_and_non_ascii_survives() {
    let dir = TempDir::new("feeds-text");
    let title = "Réunion GT5; «métavers», 会议 \\ spécial";
    let edited = seed_text().replacen("title = \"WG5 e-meeting\"", &format!("title = {title:?}"), 1).replacen(
        "id = \"wg5-2023-09-07\"",
        "id = \"wg5-2023-09-07\"\njoin_visibility = \"public\"\ndescription = \"Line one\\r\\nLine two, with a comma; and a \\\\ backslash. Plus a long text so that the DESCRIPTION line must be folded somewhere in the middle of the escapes \\\\n\\\\n\\\\n.\"",
        1,
    );
    let db = seeded_db(&dir, Some(&edited));
    let server = serve(&dir, &db);
    let (r, cal) = feed(&server.addr, "/calendars/wg5.ics");
    let e = event(&cal, "wg5-2023-09-07@convene.example.org");
    // The parser leaves TEXT escaped; unescape the way clients do.
    let unescape = |s: &str| {
        s.replace("\\n", "\n")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\\\", "\\")
    };
    assert_eq!(
        unescape(value(&e.properties, "SUMMARY")),
        format!("WG5: {title} (day 1 of 2)")
    );
    let d = unescape(value(&e.properties, "DESCRIPTION"));
    assert!(
        d.contains("Line one\nLine two, with a comma; and a \\ backslash."),
        "{d}"
    );
    assert!(
        r.text()
            .contains("SUMMARY:WG5: Réunion GT5\\; «métavers»\\, 会议 \\\\ spécial")
    );
}
