//! What the organizer pages' tests share (`tests/organize.rs`,
//! `tests/organize_lang.rs`): reading cookies and the `csrf` field, form
//! POSTs, and signing in with a token as a browser does.

use convene_tests::{Response, request};

/// The value of cookie `name` set by a response.
pub fn set_cookie<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.as_str())
        .find(|v| v.starts_with(&format!("{name}=")))
}

pub fn cookie_value(set: &str) -> String {
    set.split(';')
        .next()
        .and_then(|c| c.split_once('='))
        .map(|(_, v)| v.to_owned())
        .unwrap_or_default()
}

/// The first `csrf` hidden field of a page.
pub fn csrf(body: &str) -> String {
    let at = body
        .find("name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("no csrf field in {body}"));
    let rest = &body[at + 19..];
    rest[..rest.find('"').expect("end of value")].to_owned()
}

/// A signed-in browser: its session cookie and the forms' csrf value.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub fn get(addr: &str, path: &str, cookie: Option<&str>) -> Response {
    match cookie {
        Some(c) => request(addr, "GET", path, &[("Cookie", c)], b""),
        None => request(addr, "GET", path, &[], b""),
    }
}

pub fn post(addr: &str, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Response {
    match cookie {
        Some(c) => post_with(addr, path, &[("Cookie", c)], form),
        None => post_with(addr, path, &[], form),
    }
}

/// A form POST with these extra headers.
pub fn post_with(
    addr: &str,
    path: &str,
    headers: &[(&str, &str)],
    form: &[(&str, &str)],
) -> Response {
    let mut h = vec![("Content-Type", "application/x-www-form-urlencoded")];
    h.extend_from_slice(headers);
    request(addr, "POST", path, &h, form_body(form).as_bytes())
}

pub fn form_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Signs in with `token`: the answer to the sign-in POST.
pub fn try_sign_in(addr: &str, token: &str) -> Response {
    let form = get(addr, "/organize", None);
    assert_eq!(form.status, 200);
    let pre = set_cookie(&form, "convene_organize_pre").expect("a pre-session cookie");
    let pre = format!("convene_organize_pre={}", cookie_value(pre));
    let csrf = csrf(&form.text());
    post(
        addr,
        "/organize",
        Some(&pre),
        &[("csrf", &csrf), ("token", token)],
    )
}

pub fn sign_in(addr: &str, token: &str) -> Session {
    let r = try_sign_in(addr, token);
    assert_eq!(r.status, 303, "{}", r.text());
    let cookie = format!(
        "convene_organize={}",
        cookie_value(set_cookie(&r, "convene_organize").expect("session cookie"))
    );
    let list = get(addr, "/organize", Some(&cookie));
    assert_eq!(list.status, 200);
    Session {
        csrf: csrf(&list.text()),
        cookie,
    }
}
