//! The web pages over real HTTP, continued: the 404 page, text that tries
//! to inject markup, and the caching and security headers and the assets.
//! As in `pages.rs`, the real binary and `scraper`.

use convene_tests::{PAGES_EXTRA, get, import, request, seed_text};
use scraper::Html;

#[path = "support/pages_common.rs"]
mod pages_common;

use pages_common::{attr, check_headers, check_page, one, page, sel, setup, text};

#[test]
fn unknown_groups_and_meetings_get_a_404_page_with_a_link_home() {
    let (_dir, _db, server) = setup("pages-404");
    for path in [
        "/groups/nope",
        "/groups/NOT%20A%20SLUG",
        "/meetings/nope",
        "/meetings/..%2Fetc",
        "/schedule?group=nope",
        "/meetings/nope/history",
        "/groups/nope/history",
    ] {
        let r = get(&server.addr, path);
        assert_eq!(r.status, 404, "{path}");
        check_headers(&r, path);
        let doc = Html::parse_document(&r.text());
        check_page(&doc, path);
        assert_eq!(text(one(&doc, "h1")), "Not found");
        one(&doc, "main a[href=\"/\"]");
    }
    let r = get(&server.addr, "/?from=2023-13-01");
    assert_eq!(r.status, 400);
    let doc = Html::parse_document(&r.text());
    assert!(
        text(one(&doc, "main")).contains("must be a date written YYYY-MM-DD"),
        "{}",
        r.text()
    );
}

#[test]
fn no_meeting_text_can_inject_markup() {
    let (_dir, _db, server) = setup("pages-xss");
    for path in [
        "/meetings/xss-2023-09-15",
        "/groups/wg5?from=2023-09-01",
        "/schedule?from=2023-09-01",
        "/?from=2023-09-10",
        "/meetings/xss-2023-09-15/history",
        "/groups/wg5/history",
    ] {
        let r = get(&server.addr, path);
        assert_eq!(r.status, 200, "{path}");
        let body = r.text();
        assert!(!body.contains("<script>alert"), "{path}");
        assert!(!body.contains("<b>bold"), "{path}");
        assert!(!body.contains("<img src=x"), "{path}");
        assert!(
            body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
                || body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
        let doc = Html::parse_document(&body);
        check_page(&doc, path);
        assert_eq!(doc.select(&sel("main img, main b, main iframe")).count(), 0);
    }
    // The Atom feed of changes escapes the same text as XML.
    let atom = get(&server.addr, "/groups/wg5/changes.atom").text();
    assert!(!atom.contains("<script>alert"), "{atom}");
    assert!(!atom.contains("<img src=x"), "{atom}");
    assert!(
        atom.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || atom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{atom}"
    );
    let doc = page(&server.addr, "/meetings/xss-2023-09-15");
    assert_eq!(
        text(one(&doc, "h1")),
        "<script>alert(1)</script> & <b>bold</b>"
    );
    assert_eq!(
        text(one(&doc, ".description p")),
        "<img src=x onerror=\"alert(2)\">"
    );
    assert_eq!(
        attr(one(&doc, "dl.facts a[href^=\"https://remote\"]"), "href"),
        "https://remote.itu.int/?a=1&b=<x>"
    );
}

#[test]
fn pages_answer_304_while_nothing_changed_and_serve_their_assets() {
    let (dir, db, server) = setup("pages-etag");
    let a = &server.addr;
    let path = "/groups/wg5?from=2023-09-01";
    let first = get(a, path);
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("etag").to_owned();
    assert_eq!(first.header("cache-control"), Some("no-cache"));
    let again = request(a, "GET", path, &[("If-None-Match", &etag)], b"");
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let head = request(a, "HEAD", path, &[], b"");
    assert_eq!(head.status, 200);
    // Another period is another page.
    let other = get(a, "/groups/wg5?from=2023-10-01");
    assert_ne!(other.header("etag"), Some(etag.as_str()));
    // A change in the data: the old copy is stale.
    let changed = format!("{}\n{PAGES_EXTRA}", seed_text()).replace(
        "title = \"WG5 e-meeting\"\ngroups = [\"wg5\"]\nkind = \"e-meeting\"\ndate = \"2023-09-07\"",
        "title = \"WG5 e-meeting (moved)\"\ngroups = [\"wg5\"]\nkind = \"e-meeting\"\ndate = \"2023-09-07\"",
    );
    assert_ne!(changed, format!("{}\n{PAGES_EXTRA}", seed_text()));
    import(&dir, &db, Some(&changed));
    // Another process wrote: the server sees it within
    // calendar.freshness_ms (1 s by default; tests/freshness.rs).
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let after = request(a, "GET", path, &[("If-None-Match", &etag)], b"");
    assert_eq!(after.status, 200);
    assert!(after.text().contains("WG5 e-meeting (moved)"));

    // The assets the pages link, with their content hash.
    let doc = Html::parse_document(&first.text());
    let css = attr(one(&doc, "link[rel=stylesheet]"), "href").to_owned();
    assert!(css.starts_with("/static/style.css?v="), "{css}");
    let r = get(a, &css);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    let tag = r.header("etag").expect("etag").to_owned();
    assert_eq!(
        request(a, "GET", &css, &[("If-None-Match", &tag)], b"").status,
        304
    );
    for s in doc.select(&sel("script")) {
        let r = get(a, attr(s, "src"));
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert!(r.text().contains("\"use strict\""));
    }
    assert!(
        get(a, "/static/local-time.js")
            .text()
            .contains("Intl.DateTimeFormat")
    );
    assert_eq!(get(a, "/static/nope.js").status, 404);
}
