//! Helpers shared by the pages end-to-end tests (`pages.rs`,
//! `pages_safety.rs`): a seeded server, and `scraper` selections and the
//! checks every page passes. Compiled into those test crates (it needs
//! `scraper`, a dev-dependency), not into the support library.

use convene_tests::{Response, Server, TempDir, get, pages_server};
use scraper::{ElementRef, Html, Selector};

const PUBLIC: &str = "https://convene.example.org";

pub(crate) fn setup(tag: &str) -> (TempDir, String, Server) {
    pages_server(tag, Some(PUBLIC))
}

pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s:?}: {e}"))
}

/// Text of an element, white space collapsed.
pub(crate) fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn one<'a>(doc: &'a Html, s: &str) -> ElementRef<'a> {
    let selector = sel(s);
    doc.select(&selector)
        .next()
        .unwrap_or_else(|| panic!("nothing matches {s:?}"))
}

pub(crate) fn attr<'a>(e: ElementRef<'a>, name: &str) -> &'a str {
    e.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no {name} on {:?}", e.value()))
}

/// GETs a page, checks it is HTML with the policy, and parses it.
pub(crate) fn page(addr: &str, path: &str) -> Html {
    let r = get(addr, path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    check_headers(&r, path);
    Html::parse_document(&r.text())
}

pub(crate) fn check_headers(r: &Response, path: &str) {
    assert_eq!(
        r.header("content-type"),
        Some("text/html; charset=utf-8"),
        "{path}"
    );
    let csp = r.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
}

/// Every page: scripts only from /static, no inline handlers or styles,
/// every form control labelled, one h1, main landmark, a link home.
pub(crate) fn check_page(doc: &Html, path: &str) {
    for s in doc.select(&sel("script")) {
        let src = attr(s, "src");
        assert!(src.starts_with("/static/"), "{path}: script {src}");
        assert!(text(s).is_empty(), "{path}: inline script");
    }
    for e in doc.select(&sel("*")) {
        for (name, _) in e.value().attrs() {
            assert!(
                !name.starts_with("on") && name != "style",
                "{path}: attribute {name} on <{}>",
                e.value().name()
            );
        }
    }
    for input in doc.select(&sel("input:not([type=hidden])")) {
        let id = attr(input, "id");
        assert_eq!(
            doc.select(&sel(&format!("label[for=\"{id}\"]"))).count(),
            1,
            "{path}: input {id} has one label"
        );
    }
    assert_eq!(doc.select(&sel("h1")).count(), 1, "{path}: one h1");
    assert_eq!(doc.select(&sel("main#main")).count(), 1, "{path}: main");
    assert!(doc.select(&sel("header nav a[href=\"/\"]")).count() == 1);
    assert_eq!(attr(one(doc, "html"), "lang"), "en");
}
