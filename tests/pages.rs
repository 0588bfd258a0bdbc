//! The web pages over real HTTP from the real binary, parsed as HTML
//! (`scraper`): the items, times, links and headers they carry. The 404
//! page, markup injection and caching are in `pages_safety.rs`; the shared
//! helpers in `support/pages_common.rs`.

use convene_tests::get;
use scraper::Html;

#[path = "support/pages_common.rs"]
mod pages_common;

use pages_common::{attr, check_page, one, page, sel, setup, text};

fn all(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s)).map(text).collect()
}

#[test]
fn home_shows_the_group_tree_with_lists_and_subscribe_actions() {
    let (_dir, _db, server) = setup("pages-home");
    let doc = page(&server.addr, "/");
    check_page(&doc, "/");

    // FG -> WGs -> TGs, nested lists.
    let tree = |slug: &str| format!("ul.tree li#group-{slug}");
    one(&doc, &format!("{} > ul > li#group-wg5", tree("fg-mv")));
    one(
        &doc,
        &format!("{} > ul > li#group-tg-terminology", tree("wg1")),
    );
    one(
        &doc,
        &format!("{} > ul > li#group-tg-gap-analysis", tree("wg9")),
    );
    let wgs: Vec<String> = doc
        .select(&sel("li#group-fg-mv > ul > li > .group-row .group-name a"))
        .map(text)
        .collect();
    assert_eq!(wgs.first().map(String::as_str), Some("WG1 General"));
    assert_eq!(wgs.len(), 9, "{wgs:?}");

    // Own and inherited mailing lists.
    let list = |slug: &str| text(one(&doc, &format!("li#group-{slug} > .group-row .list")));
    assert_eq!(list("wg5"), "Mailing list: fgmv-wg5@lists.itu.int");
    assert_eq!(
        list("wg9"),
        "Mailing list: fgmv@lists.itu.int (inherited from FG-MV)"
    );
    assert_eq!(
        list("tg-terminology"),
        "Mailing list: fgmv-wg1@lists.itu.int (inherited from WG1)"
    );

    // WG5's subscribe actions, built from the public URL and encoded.
    let wg5 = one(&doc, "li#group-wg5 > .group-row");
    let links: Vec<&str> = wg5
        .select(&sel(".subscribe .actions a"))
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        [
            "webcal://convene.example.org/calendars/wg5.ics",
            "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fconvene.example.org%2Fcalendars%2Fwg5.ics",
            "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fconvene.example.org%2Fcalendars%2Fwg5.ics&name=WG5%20-%20Interoperability",
            "https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2Fconvene.example.org%2Fcalendars%2Fwg5.ics&name=WG5%20-%20Interoperability",
        ]
    );
    let input = one(&doc, "li#group-wg5 input#feed-wg5");
    assert_eq!(
        attr(input, "value"),
        "https://convene.example.org/calendars/wg5.ics"
    );
    assert!(attr(input, "readonly").is_empty());
    let copy = one(&doc, "li#group-wg5 button[data-copy=feed-wg5]");
    assert!(copy.value().attr("hidden").is_some(), "shown by the script");
    assert!(text(wg5).contains("Apple Calendar"));

    // A group with subgroups also offers the feed with them.
    let wg1: Vec<&str> = doc
        .select(&sel("li#group-wg1 > .group-row .subscribe .actions a"))
        .map(|a| attr(a, "href"))
        .collect();
    assert!(wg1.contains(&"webcal://convene.example.org/calendars/wg1.ics?subgroups=true"));
    assert!(wg1.contains(
        &"https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fconvene.example.org%2Fcalendars%2Fwg1.ics%3Fsubgroups%3Dtrue"
    ));
    // And the page links to the whole FG's feed.
    one(
        &doc,
        "link[rel=alternate][type=\"text/calendar\"][href=\"https://convene.example.org/calendars/fg-mv.ics?subgroups=true\"]",
    );
    one(
        &doc,
        "footer a[href=\"https://convene.example.org/calendars/fg-mv.ics?subgroups=true\"]",
    );
}

#[test]
fn home_lists_the_next_meetings_and_deadlines_of_the_period() {
    let (_dir, _db, server) = setup("pages-home-2023");
    let doc = page(&server.addr, "/?from=2023-06-01");
    check_page(&doc, "/?from=2023-06-01");
    let next = all(&doc, "section[aria-labelledby=next-h] li.meeting h3");
    assert_eq!(
        next[..3],
        [
            "GSR Session on Harnessing the Opportunities of the Metaverse",
            "2nd FG-MV meeting",
            "2nd ITU Forum on \"Creating a metaverse for all through international standards\"",
        ]
    );
    assert_eq!(next.len(), 8);
    let deadlines = all(
        &doc,
        "section[aria-labelledby=deadlines-h] li.deadline .item-title",
    );
    assert_eq!(
        deadlines,
        [
            "Visa support letter requests for 2nd FG-MV meeting",
            "Contributions for 2nd FG-MV meeting",
            "Pre-registration for 2nd FG-MV meeting",
        ]
    );
    let visa = text(one(
        &doc,
        "section[aria-labelledby=deadlines-h] li.deadline",
    ));
    assert!(
        visa.contains("Closes 20 June 2023, end of day, Beijing time = 20 June 2023, 18:00 Geneva time = 20 June 2023, 16:00 UTC"),
        "{visa}"
    );
    assert!(visa.contains("Send to jjajun.yao@sh-aia.com"), "{visa}");
    // The GSR session is a date whose time is not announced.
    let gsr = text(one(&doc, "section[aria-labelledby=next-h] li.meeting"));
    assert!(gsr.contains("8 June 2023, time to be announced"), "{gsr}");
    // The form keeps the period.
    assert_eq!(attr(one(&doc, "input#period-from"), "value"), "2023-06-01");
}

#[test]
fn when_nothing_is_upcoming_pages_say_so_and_show_the_most_recent() {
    let (_dir, _db, server) = setup("pages-empty");
    let doc = page(&server.addr, "/?from=2030-01-01");
    let notice = text(one(&doc, "section[aria-labelledby=next-h] .notice"));
    assert!(
        notice.starts_with("No meetings in this period."),
        "{notice}"
    );
    let recent = all(&doc, "section[aria-labelledby=next-h] li.meeting h3");
    assert_eq!(recent.len(), 5);
    assert_eq!(recent[0], "TG-design criteria e-meeting");
    // A link to look at the period of the most recent items.
    let back: Vec<&str> = doc
        .select(&sel("section[aria-labelledby=next-h] a"))
        .map(|a| attr(a, "href"))
        .collect();
    assert!(back.contains(&"/?from=2023-11-01"), "{back:?}");

    // Without `from`, "now" is the server's clock: the seed is from 2023.
    let doc = page(&server.addr, "/groups/wg5");
    let notice = text(one(&doc, "section[aria-labelledby=upcoming-h] .notice"));
    assert!(notice.starts_with("Nothing is scheduled after"), "{notice}");
    let past = all(&doc, "section[aria-labelledby=past-h] li.meeting h3 a");
    assert_eq!(past.len(), 5, "{past:?}");
    assert_eq!(
        past[0], "WG5 e-meeting",
        "the November window, most recent first"
    );
}

#[test]
fn group_page_lists_meetings_upcoming_then_past_in_their_shapes() {
    let (_dir, _db, server) = setup("pages-group");
    let path = "/groups/wg5?from=2023-09-10";
    let doc = page(&server.addr, path);
    check_page(&doc, path);
    assert_eq!(text(one(&doc, "h1")), "WG5: Interoperability");
    let ids = |section: &str| -> Vec<String> {
        doc.select(&sel(&format!(
            "section[aria-labelledby={section}] li.meeting h3 a"
        )))
        .map(|a| attr(a, "href").to_owned())
        .collect()
    };
    assert_eq!(
        ids("upcoming-h"),
        [
            "/meetings/xss-2023-09-15",
            "/meetings/wg5-2023-10-10-cancelled",
            "/meetings/wg5-2023-11-window",
        ]
    );
    // Past: most recent first (the two 7 Sep meetings start together; by id).
    assert_eq!(
        ids("past-h"),
        ["/meetings/wg5-2023-09-07", "/meetings/wg3-wg5-2023-09-07"]
    );
    let item = |id: &str| {
        doc.select(&sel("li.meeting"))
            .find(|li| {
                li.select(&sel("h3 a"))
                    .any(|a| attr(a, "href") == format!("/meetings/{id}"))
            })
            .unwrap_or_else(|| panic!("no item {id}"))
    };
    // A timed meeting: each session in Geneva time and UTC, in <time>.
    let wg5 = item("wg5-2023-09-07");
    let sessions: Vec<String> = wg5.select(&sel(".sessions li")).map(text).collect();
    assert_eq!(
        sessions,
        [
            "Thu, 7 Sept 2023, 09:00-12:00 Geneva time = 07:00-10:00 UTC",
            "Fri, 8 Sept 2023, 09:00-12:00 Geneva time = 07:00-10:00 UTC",
        ]
    );
    let times: Vec<&str> = wg5
        .select(&sel(".sessions time"))
        .map(|t| attr(t, "datetime"))
        .collect();
    assert_eq!(
        times[..4],
        [
            "2023-09-07T07:00:00Z",
            "2023-09-07T10:00:00Z",
            "2023-09-07T07:00:00Z",
            "2023-09-07T10:00:00Z"
        ]
    );
    let viewer = one(
        &doc,
        "li.meeting .viewer[data-start=\"2023-09-07T07:00:00Z\"]",
    );
    assert_eq!(attr(viewer, "data-end"), "2023-09-07T10:00:00Z");
    // A joint meeting names all its groups.
    let joint = text(item("wg3-wg5-2023-09-07"));
    assert!(joint.contains("Joint meeting of WG3 & WG5"), "{joint}");
    // A tentative window: the organizer's wording and the planned slot.
    let window = text(item("wg5-2023-11-window"));
    assert!(window.contains("Tentative"), "{window}");
    assert!(
        window.contains(
            "November 2023 (1-30 November 2023), planned 09:00-12:00 Geneva time = 08:00-11:00 UTC"
        ),
        "{window}"
    );
    // A cancelled meeting stays, marked, with the reason.
    let cancelled = item("wg5-2023-10-10-cancelled");
    assert!(
        cancelled.value().classes().any(|c| c == "cancelled"),
        "{:?}",
        cancelled.value()
    );
    assert!(
        text(cancelled).contains("Cancelled: The chair is not available; see the list"),
        "{}",
        text(cancelled)
    );
    // The group's facts and feed.
    let facts = text(one(&doc, "dl.facts"));
    assert!(facts.contains("Working Group of FG-MV"), "{facts}");
    assert!(facts.contains("fgmv-wg5@lists.itu.int"), "{facts}");
    one(
        &doc,
        "link[rel=alternate][href=\"https://convene.example.org/calendars/wg5.ics\"]",
    );
}

#[test]
fn group_page_switches_to_subgroups_and_shows_dates_without_time() {
    let (_dir, _db, server) = setup("pages-subgroups");
    let doc = page(&server.addr, "/groups/wg8?from=2023-09-01&to=2023-09-30");
    let own: Vec<String> = all(&doc, "section[aria-labelledby=upcoming-h] li.meeting h3");
    assert_eq!(own, ["WG8 e-meeting", "WG8 e-meeting"]);
    let tba = text(
        doc.select(&sel("li.meeting"))
            .nth(1)
            .expect("the 20 September meeting"),
    );
    assert!(
        tba.contains("20 September 2023, time to be announced"),
        "{tba}"
    );
    // The switch keeps the period.
    let switch: Vec<(&str, Option<&str>)> = doc
        .select(&sel("nav.switch a"))
        .map(|a| (attr(a, "href"), a.value().attr("aria-current")))
        .collect();
    assert_eq!(
        switch,
        [
            ("/groups/wg8?from=2023-09-01&to=2023-09-30", Some("page")),
            (
                "/groups/wg8?subgroups=true&from=2023-09-01&to=2023-09-30",
                None
            ),
        ]
    );
    let doc = page(
        &server.addr,
        "/groups/wg8?subgroups=true&from=2023-09-01&to=2023-09-30",
    );
    let with: Vec<String> = all(&doc, "section[aria-labelledby=upcoming-h] li.meeting h3");
    assert_eq!(
        with,
        [
            "TG-accessibility & inclusion e-meeting",
            "WG8 e-meeting",
            "WG8 e-meeting",
            "TG-design criteria e-meeting",
            "TG-sustainability e-meeting",
            "TG-metaverse social safety e-meeting",
        ]
    );
    one(
        &doc,
        "link[rel=alternate][href=\"https://convene.example.org/calendars/wg8.ics?subgroups=true\"]",
    );
}

#[test]
fn meeting_page_shows_sessions_in_its_zone_utc_and_the_viewers() {
    let (_dir, _db, server) = setup("pages-meeting");
    let path = "/meetings/wg5-2023-09-07";
    let doc = page(&server.addr, path);
    check_page(&doc, path);
    assert_eq!(text(one(&doc, "h1")), "WG5 e-meeting");
    let head = all(&doc, "thead th");
    assert_eq!(
        head,
        [
            "Day",
            "Geneva time",
            "UTC",
            "Your time (your browser's zone)"
        ]
    );
    let rows: Vec<Vec<String>> = doc
        .select(&sel("tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["Thu, 7 Sept 2023", "09:00-12:00", "07:00-10:00", ""],
            ["Fri, 8 Sept 2023", "09:00-12:00", "07:00-10:00", ""],
        ]
    );
    let local = one(&doc, "tbody tr td.local");
    assert_eq!(attr(local, "data-start"), "2023-09-07T07:00:00Z");
    assert_eq!(attr(local, "data-end"), "2023-09-07T10:00:00Z");
    let facts = text(one(&doc, "dl.facts"));
    for part in [
        "What E-meeting of WG5 (Interoperability)",
        "When 7-8 September 2023, 09:00-12:00 Geneva time (Europe/Zurich)",
        // Members-only by default: the public page says where to find it.
        "Remote participation Join details: sent to fgmv-wg5@lists.itu.int and in members' calendars",
        "Mailing list fgmv-wg5@lists.itu.int",
    ] {
        assert!(facts.contains(part), "{part:?} in {facts}");
    }
    let add = one(&doc, "a.button.primary");
    assert_eq!(text(add), "Add to my calendar");
    assert_eq!(attr(add, "href"), "/meetings/wg5-2023-09-07.ics");
    one(
        &doc,
        "link[rel=alternate][href=\"https://convene.example.org/calendars/wg5.ics\"]",
    );
    one(
        &doc,
        "a[href=\"webcal://convene.example.org/calendars/wg5.ics\"]",
    );

    // The .ics beside it is still the feed's.
    let r = get(&server.addr, "/meetings/wg5-2023-09-07.ics");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );

    // A physical meeting with its deadlines, where to send them.
    let doc = page(&server.addr, "/meetings/fgmv-2");
    let facts = text(one(&doc, "dl.facts"));
    assert!(
        facts.contains("When 4-6 July 2023, whole days, Beijing time (Asia/Shanghai)"),
        "{facts}"
    );
    assert!(
        facts.contains("Where Zhangjiang Science Hall, Shanghai, China"),
        "{facts}"
    );
    assert!(
        facts.contains("Remote participation no link given"),
        "{facts}"
    );
    let deadlines = all(&doc, "section[aria-labelledby=deadlines-h] li.deadline");
    assert_eq!(deadlines.len(), 3);
    assert!(
        deadlines[0].contains("Visa support letter requests for 2nd FG-MV meeting"),
        "{}",
        deadlines[0]
    );
    assert!(deadlines[1].contains("Send to tsbfgmv@itu.int"));
    one(&doc, "li.deadline a[href=\"mailto:jjajun.yao@sh-aia.com\"]");
    one(&doc, "li.deadline time[datetime=\"2023-06-20T16:00:00Z\"]");

    // A tentative window.
    let doc = page(&server.addr, "/meetings/wg9-2023-07-window");
    let banner = text(one(&doc, ".banner.tentative"));
    assert!(
        banner.contains("the organizer plans it for \"Mid/end of July 2023\""),
        "{banner}"
    );
    let facts = text(one(&doc, "dl.facts"));
    assert!(
        facts.contains(
            "Mid/end of July 2023 (15-31 July 2023), planned 14:00-16:00 Geneva time = 12:00-14:00 UTC"
        ),
        "{facts}"
    );
    assert!(
        facts.contains("fgmv@lists.itu.int"),
        "WG9 uses the FG's list"
    );
}

#[test]
fn schedule_lists_the_programme_as_the_secretariat_publishes_it() {
    let (_dir, _db, server) = setup("pages-schedule");
    let path = "/schedule?from=2023-09-01&to=2023-09-30";
    let doc = page(&server.addr, path);
    check_page(&doc, path);
    assert_eq!(all(&doc, "main h2[id^=month]"), ["September 2023"]);
    let lines = all(&doc, "ol.programme > li.line > a");
    for line in [
        "7-8 September 2023, 09:00-12:00 hours, Geneva time, e-meeting, WG5",
        "7 September 2023, 09:00-11:00 hours, Geneva time, e-meeting, WG3 & WG5",
        "Early September 2023 (tentative), planned 14:00-16:00 hours, Geneva time, e-meeting, WG9",
        "20 September 2023, time to be announced, e-meeting, WG8",
        "12 September 2023, time to be announced, Arusha, Tanzania, special session, FG-MV",
        "13 September 2023, Arusha, Tanzania, forum, FG-MV",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line:?} in {lines:#?}");
    }
    // Not after the period.
    assert!(!lines.iter().any(|l| l.contains("October")), "{lines:#?}");
    // Each line's own-zone text is a <time> at its UTC start.
    one(
        &doc,
        "li.line a[href=\"/meetings/wg5-2023-09-07\"] time[datetime=\"2023-09-07T07:00:00Z\"]",
    );
    let forum = text(
        doc.select(&sel("li.line"))
            .find(|li| text(*li).contains("forum, FG-MV"))
            .expect("the forum"),
    );
    assert!(
        forum.contains(": 3rd ITU Forum on Cities and the metaverse"),
        "titles that say more than the line are added: {forum}"
    );

    // Filtered by groups: the combined feed of the selection.
    let doc = page(
        &server.addr,
        "/schedule?group=wg3&group=wg5&from=2023-09-01",
    );
    let hrefs: Vec<&str> = doc
        .select(&sel("li.line > a"))
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "/meetings/wg3-wg5-2023-09-07",
            "/meetings/wg5-2023-09-07",
            "/meetings/xss-2023-09-15",
            "/meetings/wg5-2023-10-10-cancelled",
            "/meetings/wg3-2023-10-19",
            "/meetings/wg5-2023-11-window",
            "/meetings/wg3-2023-11-02",
            "/meetings/wg3-2023-11-16",
        ]
    );
    let cancelled = text(
        doc.select(&sel("li.line.cancelled"))
            .next()
            .expect("cancelled line"),
    );
    assert!(
        cancelled.starts_with("Cancelled 10 October 2023, 14:00-15:00 hours"),
        "{cancelled}"
    );
    assert!(cancelled.contains("(The chair is not available; see the list)"));
    let links: Vec<&str> = doc
        .select(&sel(".subscribe .actions a"))
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links[..2],
        [
            "webcal://convene.example.org/calendars.ics?groups=wg3,wg5",
            "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fconvene.example.org%2Fcalendars.ics%3Fgroups%3Dwg3%2Cwg5",
        ]
    );
    assert!(links[2].ends_with("&name=WG3%20%2B%20WG5"), "{}", links[2]);
    let checked: Vec<&str> = doc
        .select(&sel("input[name=group][checked]"))
        .map(|i| attr(i, "value"))
        .collect();
    assert_eq!(checked, ["wg3", "wg5"]);
    // The combined feed behind the links answers.
    let r = get(&server.addr, "/calendars.ics?groups=wg3,wg5");
    assert_eq!(r.status, 200);
}
