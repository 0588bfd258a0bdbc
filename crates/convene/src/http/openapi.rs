//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the HTTP API.
//!
//! Derived from the code with utoipa: each API handler carries its
//! `#[utoipa::path]` (parameters, body, every status it answers), the wire
//! types derive `ToSchema`, and `schema.rs` describes the core's types with
//! the core's rules. The pages and feeds (HTML, iCalendar), whose paths are
//! not the route table's patterns, are described by hand in [`by_hand`] and
//! merged in. The tests below fail when a route is not documented or a
//! documented route does not exist, so the document and the route table
//! (`mod.rs`) cannot drift apart.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use utoipa::OpenApi;

use super::schema;

/// Routes whose path pattern is not what the document shows: a feed's
/// `{file}` is `SLUG.ics` or `ID.ics`, and `/meetings/{file}` also serves the
/// meeting's page.
#[cfg(test)]
pub(super) const DOCUMENTED_AS: &[(&str, &[&str])] = &[
    ("/calendars/{file}", &["/calendars/{slug}.ics"]),
    (
        "/calendars/private/{file}",
        &[
            "/calendars/private/{secret}.ics",
            "/calendars/private/{secret}",
        ],
    ),
    (
        "/meetings/{file}",
        &["/meetings/{id}.ics", "/meetings/{id}"],
    ),
];

/// The derived part: the API's operations and every schema they use.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "convene",
        description = "Meetings and e-meetings of standards bodies, published to calendars and mailing lists. Reads are public; writes need a Bearer token (`convene token create`). Errors are RFC 9457 `application/problem+json`; every response may also be a 503 when the answer takes longer than `server.request_timeout_seconds`, and a method a path does not have is a 405 with `Allow`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    paths(
        super::healthz,
        super::readyz,
        super::ops::metrics_text,
        document,
        super::api::groups,
        super::write::groups::create,
        super::write::groups::patch,
        super::write::groups::archive,
        super::api::group_meetings,
        super::write::meetings::list,
        super::write::meetings::create,
        super::slots::preview,
        super::slots::slots,
        super::api::meeting,
        super::write::meetings::patch,
        super::write::meetings::cancel,
        super::write::occurrences::get,
        super::write::occurrences::patch,
        super::write::occurrences::cancel,
        super::write::occurrences::reinstate,
        super::write::meetings::reinstate,
        super::write::changes::apply,
        super::write::deadlines::create,
        super::write::deadlines::get,
        super::write::deadlines::patch,
        super::write::deadlines::delete,
        super::feed_links::create,
        super::feed_links::list,
        super::feed_links::revoke,
        super::outbox::reminders,
        super::outbox::list,
        super::outbox::retry,
    ),
    components(schemas(schema::Problem, schema::FieldError, schema::Conflict)),
    tags(
        (name = "groups", description = "The group tree, its mailing lists and meetings."),
        (name = "meetings", description = "Meetings: read, list, create, change, cancel, reinstate."),
        (name = "deadlines", description = "Deadlines of meetings and groups."),
        (name = "scheduling", description = "Finding slots and previewing meetings; nothing is stored."),
        (name = "mail", description = "The mails planned, sent and failed."),
        (name = "operations", description = "Health, readiness, metrics and this document."),
        (name = "feeds", description = "iCalendar feeds."),
        (name = "pages", description = "The HTML pages."),
    )
)]
struct ApiDoc;

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

fn text(content_type: &str, description: &str) -> Value {
    json!({ "description": description, "content": { content_type: { "schema": { "type": "string" } } } })
}

fn param(name: &str, location: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": location, "required": location == "path",
            "description": description, "schema": schema })
}

/// The described-by-hand part: the feeds and the pages, whose answers are
/// iCalendar and HTML rather than types of this crate.
fn by_hand() -> Value {
    let slug = param(
        "slug",
        "path",
        "A group's slug.",
        json!({ "type": "string", "pattern": schema::SLUG_PATTERN }),
    );
    let id = param(
        "id",
        "path",
        "A meeting's id.",
        json!({ "type": "string", "pattern": schema::ID_PATTERN }),
    );
    let subgroups = param(
        "subgroups",
        "query",
        "`true` adds the subgroups' meetings.",
        json!({ "type": "boolean" }),
    );
    let past = param(
        "past",
        "query",
        "`all`: the whole archive. Without it, a feed publishes what ends at most `calendar.past_months` months ago, and everything ahead.",
        json!({ "type": "string", "enum": ["all"] }),
    );
    // Languages (issue 19): a tag whose primary subtag is one of the six.
    let lang_feed = param(
        "lang",
        "query",
        "The language of the generated text (prefixes, labels, dates, zone names): `ar`, `zh`, `en`, `fr`, `ru` or `es` (a region such as `fr-CH` is accepted). Without it, the group's language, else `i18n.default_language`. Any other language is a 400 naming `lang`.",
        json!({ "type": "string", "pattern": "^(ar|zh|en|fr|ru|es)([-_][A-Za-z0-9]{1,8})*$" }),
    );
    let lang_page = param(
        "lang",
        "query",
        "The page's language: `ar`, `zh`, `en`, `fr`, `ru` or `es`; before the `lang` cookie, `Accept-Language` and `i18n.default_language`. Another value is ignored.",
        json!({ "type": "string" }),
    );
    // Pages take a checkbox's value: `true`, `on`, `1` or `yes`, anything
    // else is false.
    let page_subgroups = param(
        "subgroups",
        "query",
        "`true`, `on`, `1` or `yes` adds the subgroups' meetings.",
        json!({ "type": "string" }),
    );
    // Pages ignore an empty `from` or `to`.
    let date = json!({ "type": "string",
        "pattern": "^(?:(?:19[0-9]{2}|2[01][0-9]{2}|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8]))?$" });
    let period = [
        param(
            "from",
            "query",
            "First day shown, `YYYY-MM-DD` (today).",
            date.clone(),
        ),
        param(
            "to",
            "query",
            "Last day shown, `YYYY-MM-DD`; not before `from`.",
            date,
        ),
    ];
    let mut groups = param(
        "groups",
        "query",
        "Comma-separated group slugs.",
        json!({ "type": "string", "pattern": format!("^{0}(?:,{0})*$", &schema::SLUG_PATTERN[1..schema::SLUG_PATTERN.len() - 1]) }),
    );
    groups["required"] = json!(true);
    let not_modified = json!({ "description": "Not modified: the `If-None-Match` or `If-Modified-Since` the client sent is current." });
    let ical = |what: &str| text("text/calendar", what);
    let html = |what: &str| text("text/html", what);
    let secret = param(
        "secret",
        "path",
        "The link's secret: 43 base64url characters (256 random bits).",
        json!({ "type": "string", "pattern": "^[A-Za-z0-9_-]{43}$" }),
    );
    let unavailable = problem("The answer took longer than `server.request_timeout_seconds`.");
    json!({
        "/calendars/{slug}.ics": { "get": { "tags": ["feeds"], "operationId": "group_feed",
            "summary": "A group's calendar feed (`subgroups=true` adds the descendants'). `ETag` and `Last-Modified`; 304 when current.",
            "parameters": [slug.clone(), subgroups.clone(), past.clone(), lang_feed.clone()],
            "responses": { "200": ical("iCalendar"), "304": not_modified, "400": problem("A bad query parameter."),
                "404": problem("No such group."), "503": unavailable } } },
        "/calendars/private/{secret}.ics": { "get": { "tags": ["feeds"], "operationId": "private_feed",
            "summary": "A private feed (`POST /api/v1/feed-links` or the members' calendar form on a group page): the link's groups, subgroups followed as the tree grows, with members' join details. `Cache-Control: private, no-store`. An unknown or revoked secret answers the same 404.",
            "parameters": [secret.clone()],
            "responses": { "200": ical("iCalendar"), "404": problem("No live link has this secret."), "503": unavailable } },
            "post": { "tags": ["feeds"], "operationId": "private_feed_revoke",
            "summary": "Revokes the link (as its manage page does): then every address of it answers 404.",
            "parameters": [secret.clone()],
            "responses": { "200": html("The link is revoked."), "404": problem("No live link has this secret."), "503": unavailable } } },
        "/calendars/private/{secret}": {
            "get": { "tags": ["pages"], "operationId": "private_feed_manage_page",
            "summary": "A private link's manage page (mailed with a personal link): its groups, its feed's address and a revoke button. `Cache-Control: private, no-store`; the access log redacts the path.",
            "parameters": [secret.clone()],
            "responses": { "200": html("The page."), "404": problem("No live link has this secret."), "503": unavailable } },
            "post": { "tags": ["pages"], "operationId": "private_feed_manage_revoke",
            "summary": "Revokes the link (the manage page's button): then every address of it answers 404.",
            "parameters": [secret.clone()],
            "responses": { "200": html("The link is revoked."), "404": problem("No live link has this secret."), "503": unavailable } } },
        "/groups/{slug}/members-calendar": { "post": { "tags": ["pages"], "operationId": "members_calendar_request",
            "summary": "The \"Get the members' calendar\" form (`application/x-www-form-urlencoded`: `address`, and `groups` once per group, subtrees followed). When every group's `members_allow` (inherited) lists the address or its domain and the per-address and per-client limits (`server.selfserve_per_*_per_minute`) allow it, a personal private feed link is stored and mailed to the address. The answer is the same page, byte for byte, in every case.",
            "parameters": [param("slug", "path", "The group whose page holds the form.", json!({ "type": "string" }))],
            "responses": { "200": html("The same answer whatever the outcome."), "404": html("No such group."), "413": problem("A body over `server.max_body_bytes`."), "503": unavailable } } },
        "/calendars.ics": { "get": { "tags": ["feeds"], "operationId": "combined_feed",
            "summary": "A combined feed of several groups, each item once.",
            "parameters": [groups.clone(), subgroups.clone(), past, lang_feed.clone()],
            "responses": { "200": ical("iCalendar"), "304": not_modified, "400": problem("No groups, or unknown ones."), "503": unavailable } } },
        "/meetings/{id}.ics": { "get": { "tags": ["feeds"], "operationId": "meeting_feed",
            "summary": "One meeting as iCalendar, for \"add to my calendar\".",
            "parameters": [id.clone(), lang_feed.clone()],
            "responses": { "200": ical("iCalendar"), "304": not_modified, "400": problem("A language convene does not speak (`lang`)."), "404": problem("No such meeting."), "503": unavailable } } },
        "/": { "get": { "tags": ["pages"], "operationId": "home_page",
            "summary": "Home page: the group tree with mailing lists and subscribe actions, the next meetings and deadlines; `from` and `to` look at another period.",
            "parameters": [period[0].clone(), period[1].clone(), lang_page.clone()],
            "responses": { "200": html("The page."), "304": not_modified, "400": html("A bad query parameter."), "503": unavailable } } },
        "/groups/{slug}": { "get": { "tags": ["pages"], "operationId": "group_page",
            "summary": "A group's page: its meetings and deadlines, upcoming then past; `subgroups=true` adds the descendants'.",
            "parameters": [slug.clone(), page_subgroups.clone(), period[0].clone(), period[1].clone(), lang_page.clone()],
            "responses": { "200": html("The page."), "304": not_modified, "400": html("A bad query parameter."),
                "404": html("No such group."), "503": unavailable } } },
        "/meetings/{id}": { "get": { "tags": ["pages"], "operationId": "meeting_page",
            "summary": "A meeting's page: each session in its zone, UTC and the viewer's time; deadlines; add to calendar.",
            "parameters": [id.clone(), lang_page.clone()],
            "responses": { "200": html("The page."), "304": not_modified, "400": html("A bad query parameter."),
                "404": html("No such meeting."), "503": unavailable } } },
        "/meetings/{id}/history": { "get": { "tags": ["pages"], "operationId": "meeting_history_page",
            "summary": "A meeting's history: every change to it and its deadlines, newest first: each field with its value before and after, when, by which token's name, and `notified` or `silent`.",
            "parameters": [id.clone()],
            "responses": { "200": html("The page."), "304": not_modified, "400": html("A bad path parameter."),
                "404": html("No such meeting."), "503": unavailable } } },
        "/groups/{slug}/history": { "get": { "tags": ["pages"], "operationId": "group_history_page",
            "summary": "A group's history: every change to the group, its meetings (joint ones included) and their deadlines, newest first; `subgroups=true` adds the descendants'.",
            "parameters": [slug.clone(), page_subgroups.clone()],
            "responses": { "200": html("The page."), "304": not_modified, "400": html("A bad query parameter."),
                "404": html("No such group."), "503": unavailable } } },
        "/groups/{slug}/changes.atom": { "get": { "tags": ["feeds"], "operationId": "group_changes_feed",
            "summary": "The group's history as an Atom feed (RFC 4287), the newest 100 changes: one entry per change, its author the token's name, its category `notified` or `silent`; `subgroups=true` adds the descendants'. `ETag` and `Last-Modified`; 304 when current.",
            "parameters": [slug.clone(), subgroups.clone(), lang_feed],
            "responses": { "200": text("application/atom+xml", "Atom"), "304": not_modified, "400": problem("A bad query parameter."),
                "404": problem("No such group."), "503": unavailable } } },
        "/schedule": { "get": { "tags": ["pages"], "operationId": "schedule_page",
            "summary": "The whole programme in the secretariat's wording, filterable by group (`groups`) and period.",
            "parameters": [period[0].clone(), period[1].clone(), param("groups", "query", "Comma-separated group slugs.", json!({ "type": "string" })), lang_page.clone()],
            "responses": { "200": html("The page."), "304": not_modified, "400": html("A bad query parameter."),
                "404": html("An unknown group in `groups`."), "503": unavailable } } },
        "/static/{file}": { "get": { "tags": ["pages"], "operationId": "static_file",
            "summary": "The pages' stylesheet and scripts.",
            "parameters": [param("file", "path", "The file's name.", json!({ "type": "string" }))],
            "responses": { "200": { "description": "The file (CSS, JavaScript or SVG)." }, "304": not_modified,
                "404": text("text/plain", "No such file."), "503": unavailable } } },
        "/language": { "get": { "tags": ["pages"], "operationId": "choose_language",
            "summary": "The language menu on every page: keeps `lang` in the `lang` cookie (a year, `SameSite=Lax`) and goes back to `back`, a path on this site (else `/`).",
            "parameters": [lang_page,
                param("back", "query", "Where to go back: a path on this site such as `/groups/wg5`.", json!({ "type": "string" }))],
            "responses": { "303": { "description": "Back to the page, with `Set-Cookie: lang=…` for a known language." } } } },
        "/favicon.ico": { "get": { "tags": ["pages"], "operationId": "favicon",
            "summary": "The icon.",
            "responses": { "200": { "description": "The icon.", "content": { "image/svg+xml": { "schema": { "type": "string" } } } }, "304": not_modified, "503": unavailable } } }
    })
}

/// A parameter (query, path, header) is text, never JSON `null`: utoipa
/// writes an optional one's schema as nullable, which would invite clients
/// to send the word `null`. Its `required: false` already says it may be
/// left out.
fn parameters_not_null(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    let params = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|ops| ops.values_mut())
        .filter_map(|op| op.get_mut("parameters").and_then(Value::as_array_mut))
        .flatten();
    for p in params {
        let Some(schema) = p.get_mut("schema") else {
            continue;
        };
        if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
            types.retain(|t| t != "null");
            if let [only] = types.as_slice() {
                schema["type"] = only.clone();
            }
        }
        let inner = schema["oneOf"].as_array().and_then(|alts| {
            let rest: Vec<&Value> = alts.iter().filter(|a| a["type"] != "null").collect();
            (rest.len() == 1 && rest.len() < alts.len()).then(|| rest[0].clone())
        });
        if let Some(inner) = inner {
            *schema = inner;
        }
    }
}

/// The document: the derived part with the hand-written one merged in,
/// and the Bearer scheme the writes name.
pub(super) fn spec() -> Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    parameters_not_null(&mut doc);
    if let (Some(paths), Value::Object(more)) = (doc["paths"].as_object_mut(), by_hand()) {
        paths.extend(more);
    }
    if let (Some(paths), Value::Object(more)) =
        (doc["paths"].as_object_mut(), super::pages::organize_paths())
    {
        paths.extend(more);
    }
    if let Some(components) = doc["components"].as_object_mut() {
        components.insert(
            "securitySchemes".into(),
            json!({ "bearer": { "type": "http", "scheme": "bearer",
                "description": "A token from `convene token create`: `cvn_…`." } }),
        );
    }
    doc
}

/// The document as served, made once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| spec().to_string());

/// The handler.
#[utoipa::path(
    get, path = "/api/openapi.json", operation_id = "openapi", tag = "operations",
    summary = "This document (OpenAPI 3.1).",
    responses((status = 200, description = "The document.", body = Object))
)]
pub(super) async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_and_every_documented_route_exists() {
        let doc = spec();
        let paths = doc["paths"].as_object().expect("paths");
        let documented_as = |path: &str| -> Vec<String> {
            DOCUMENTED_AS
                .iter()
                .find(|(route, _)| *route == path)
                .map_or(vec![path.to_owned()], |(_, docs)| {
                    docs.iter().map(|d| (*d).to_owned()).collect()
                })
        };
        let routed: Vec<(String, String)> = super::super::all_routes()
            .into_iter()
            .flat_map(|(m, p, _)| {
                let m = m.as_str().to_lowercase();
                documented_as(p).into_iter().map(move |d| (m.clone(), d))
            })
            .collect();
        for (m, p) in &routed {
            assert!(
                paths.get(p).and_then(|o| o.get(m)).is_some(),
                "{} {p} is routed but not documented",
                m.to_uppercase()
            );
        }
        for (p, ops) in paths {
            for m in ops.as_object().expect("operations").keys() {
                assert!(
                    routed.contains(&(m.clone(), p.clone())),
                    "{} {p} is documented but not routed",
                    m.to_uppercase()
                );
            }
        }
        // Every $ref resolves.
        let text = doc.to_string();
        for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = r.split('"').next().unwrap_or_default();
            assert!(
                doc["components"]["schemas"].get(name).is_some(),
                "missing schema {name}"
            );
        }
    }
}
