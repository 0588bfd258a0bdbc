//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the HTTP API.
//!
//! Written here, next to the route table in `mod.rs`; the tests below fail
//! when a route is not documented or a documented route does not exist, so
//! the two cannot drift apart.

use axum::Json;
use serde_json::{Value, json};

/// Routes whose path pattern is not what the document shows: a feed's
/// `{file}` is `SLUG.ics` or `ID.ics`, and `/meetings/{file}` also serves the
/// meeting's page.
#[cfg(test)]
pub(super) const DOCUMENTED_AS: &[(&str, &[&str])] = &[
    ("/calendars/{file}", &["/calendars/{slug}.ics"]),
    (
        "/meetings/{file}",
        &["/meetings/{id}.ics", "/meetings/{id}"],
    ),
];

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

fn ok(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

fn body(schema: &str) -> Value {
    json!({
        "required": true,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

fn param(name: &str, location: &str, description: &str) -> Value {
    json!({ "name": name, "in": location, "required": location == "path",
            "description": description, "schema": { "type": "string" } })
}

/// The errors every write can answer.
fn write_errors(mut responses: Value) -> Value {
    if let Value::Object(r) = &mut responses {
        r.insert("400".into(), problem("Malformed JSON or query parameters."));
        r.insert(
            "401".into(),
            problem("No token, or an unknown or revoked one (with WWW-Authenticate)."),
        );
        r.insert(
            "403".into(),
            problem("The token's scope does not cover the groups concerned."),
        );
        r.insert(
            "413".into(),
            problem("The body is larger than server.max_body_bytes."),
        );
        r.insert(
            "422".into(),
            problem("Invalid fields: `errors` names each field and why."),
        );
    }
    responses
}

fn text(content_type: &str, description: &str) -> Value {
    json!({ "description": description, "content": { content_type: { "schema": { "type": "string" } } } })
}

/// The document.
pub(super) fn spec() -> Value {
    let id = param("id", "path", "A meeting's or deadline's stable id.");
    let slug = param("slug", "path", "A group's slug.");
    let if_match = json!({ "name": "If-Match", "in": "header", "required": false,
        "description": "The ETag (version) the change is based on; a stale one gives 412.",
        "schema": { "type": "string" } });
    let idem = json!({ "name": "Idempotency-Key", "in": "header", "required": false,
        "description": "A retried request with the same key returns the first answer and creates nothing new.",
        "schema": { "type": "string" } });
    let bearer = json!([{ "bearer": [] }]);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "convene",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Meetings and e-meetings of standards bodies, published to calendars and mailing lists. Reads are public; writes need a Bearer token (`convene token create`). Errors are RFC 9457 problem+json."
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Problem": { "type": "object", "required": ["type", "title", "status", "detail"], "properties": {
                    "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" },
                    "detail": { "type": "string" },
                    "errors": { "type": "array", "items": { "type": "object", "properties": {
                        "field": { "type": "string" }, "message": { "type": "string" } } } },
                    "conflicts": { "type": "array", "items": { "type": "object", "properties": {
                        "meeting": { "type": "string" }, "title": { "type": "string" },
                        "overlaps": { "type": "array", "items": { "type": "array", "items": { "type": "string", "format": "date-time" } } } } } } } },
                "MeetingInput": { "type": "object", "description": "A meeting as an organizer writes it (the schedule file's [[meetings]] fields). Schedule shapes: date (+until) with start/end; date with all_day; date alone (time to be announced); window + window_label (tentative).",
                    "properties": {
                        "id": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*[a-z0-9]$" }, "title": { "type": "string", "maxLength": 200 },
                        "groups": { "type": "array", "items": { "type": "string" } },
                        "kind": { "enum": ["physical", "e-meeting", "forum", "webinar", "special-session"] },
                        "status": { "enum": ["confirmed", "tentative", "cancelled"] }, "cancel_reason": { "type": "string" },
                        "zone": { "type": "string", "description": "IANA zone; default schedule.default_zone (Europe/Zurich)" },
                        "date": { "type": "string", "format": "date" }, "until": { "type": "string", "format": "date" },
                        "start": { "type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$" }, "end": { "type": "string" },
                        "all_day": { "type": "boolean" }, "window": { "type": "string", "description": "FIRST/LAST dates" },
                        "window_label": { "type": "string" }, "ambiguous": { "enum": ["earlier", "later"] },
                        "venue": { "type": "string" }, "city": { "type": "string" }, "country": { "type": "string" },
                        "remote_url": { "type": "string", "format": "uri" }, "url": { "type": "string", "format": "uri" },
                        "description": { "type": "string" } } },
                "NewMeeting": { "allOf": [ { "$ref": "#/components/schemas/MeetingInput" }, { "type": "object", "properties": {
                    "allow_conflicts": { "type": "boolean", "description": "Save even when it overlaps confirmed meetings of related groups (they are listed in `conflicts`)." },
                    "deadlines": { "oneOf": [ { "type": "array", "items": { "$ref": "#/components/schemas/DeadlineInput" } }, { "const": "derive" } ],
                        "description": "The meeting's deadlines, or \"derive\" for the kind's configured policy." } } } ] },
                "DeadlineInput": { "type": "object", "properties": {
                    "id": { "type": "string" }, "meeting": { "type": "string" }, "group": { "type": "string" },
                    "kind": { "enum": ["visa-support-letter", "contribution", "registration", "other"] },
                    "title": { "type": "string" }, "date": { "type": "string", "format": "date" }, "time": { "type": "string" },
                    "zone": { "type": "string" }, "ambiguous": { "enum": ["earlier", "later"] },
                    "email": { "type": "string", "format": "email" }, "url": { "type": "string", "format": "uri" }, "note": { "type": "string" } } },
                "GroupInput": { "type": "object", "properties": {
                    "slug": { "type": "string" }, "short_name": { "type": "string" }, "name": { "type": "string" },
                    "kind": { "enum": ["focus-group", "working-group", "task-group"] }, "parent": { "type": "string" },
                    "mailing_list": { "type": "string", "format": "email" }, "contact": { "type": "string", "format": "email" },
                    "former_mailing_lists": { "type": "array", "items": { "type": "string" } } } },
                "Meeting": { "type": "object", "description": "A meeting: schedule as given, sessions in its zone and in UTC, deadlines, version (also the ETag), and `input` (what PATCH merges into).",
                    "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "kind": { "type": "string" },
                        "status": { "type": "string" }, "groups": { "type": "array", "items": { "type": "string" } },
                        "zone": { "type": "string" }, "schedule": { "type": "object" }, "sessions": { "type": "array", "items": { "type": "object" } },
                        "deadlines": { "type": "array", "items": { "$ref": "#/components/schemas/Deadline" } },
                        "version": { "type": "integer" }, "input": { "$ref": "#/components/schemas/MeetingInput" },
                        "conflicts": { "type": "array", "items": { "type": "object" } } } },
                "MeetingPage": { "type": "object", "properties": {
                    "meetings": { "type": "array", "items": { "$ref": "#/components/schemas/Meeting" } },
                    "next_cursor": { "type": ["string", "null"] } } },
                "Deadline": { "type": "object", "properties": { "id": { "type": "string" }, "kind": { "type": "string" },
                    "what": { "type": "string" }, "date": { "type": "string" }, "closes_at_utc": { "type": "string" }, "version": { "type": "integer" } } },
                "Groups": { "type": "object", "properties": { "groups": { "type": "array", "items": { "type": "object" } } } },
                "Group": { "type": "object", "properties": { "group": { "$ref": "#/components/schemas/GroupInput" }, "effective_mailing_list": { "type": ["string", "null"] } } },
                "Reminders": { "type": "object", "properties": { "from": { "type": "string", "format": "date-time" }, "to": { "type": "string", "format": "date-time" },
                    "mails": { "type": "array", "items": { "$ref": "#/components/schemas/ReminderMail" } } } },
                "ReminderMail": { "type": "object", "description": "A mail in the outbox: when it is due (UTC and Geneva time), what and to whom, and whether it was sent.",
                    "properties": { "id": { "type": "integer" }, "due_utc": { "type": "string", "format": "date-time" }, "due_geneva": { "type": "string", "format": "date-time" },
                        "kind": { "type": "string", "description": "announcement | reminder-7d | reminder-1d | update | cancellation" },
                        "item_type": { "enum": ["meeting", "deadline"] }, "item_id": { "type": "string" }, "version": { "type": "integer" },
                        "recipients": { "type": "array", "items": { "type": "string", "format": "email" } }, "subject": { "type": "string" },
                        "status": { "enum": ["pending", "sent", "skipped", "dead"] }, "attempts": { "type": "integer" },
                        "sent_at": { "type": ["string", "null"] }, "last_error": { "type": ["string", "null"] }, "message_id": { "type": "string" } } },
                "OutboxRows": { "type": "object", "properties": { "mails": { "type": "array", "items": { "$ref": "#/components/schemas/OutboxRow" } } } },
                "OutboxRow": { "type": "object", "properties": { "id": { "type": "integer" },
                    "status": { "enum": ["pending", "sent", "skipped", "dead", "superseded"] }, "kind": { "type": "string" },
                    "item_type": { "type": "string" }, "item_id": { "type": "string" }, "version": { "type": "integer" },
                    "recipients": { "type": "array", "items": { "type": "string" } }, "due_utc": { "type": "string" }, "expires_utc": { "type": "string" },
                    "next_attempt_utc": { "type": "string" }, "attempts": { "type": "integer" }, "last_error": { "type": ["string", "null"] },
                    "sent_at": { "type": ["string", "null"] }, "message_id": { "type": "string" } } }
            }
        },
        "paths": {
            "/healthz": { "get": { "summary": "The process is up.", "responses": { "200": text("text/plain", "ok") } } },
            "/readyz": { "get": { "summary": "The database answers.", "responses": { "200": text("text/plain", "ready"), "503": text("text/plain", "database not reachable") } } },
            "/metrics": { "get": { "summary": "Metrics in Prometheus' text format (requests by route and status, latency histograms, feed renders and 304s, outbox depth and lag).", "responses": { "200": text("text/plain; version=0.0.4", "Prometheus text exposition format") } } },
            "/api/openapi.json": { "get": { "summary": "This document.", "responses": { "200": { "description": "OpenAPI 3.1" } } } },
            "/api/v1/groups": {
                "get": { "summary": "The group tree with own and effective mailing lists.", "responses": { "200": ok("The tree.", "Groups") } },
                "post": { "summary": "Create a group (admin).", "security": bearer, "parameters": [idem], "requestBody": body("GroupInput"),
                    "responses": write_errors(json!({ "201": ok("Created.", "Group") })) } },
            "/api/v1/groups/{slug}": { "patch": { "summary": "Change a group's name, parent or mailing list (admin; JSON merge patch). Moving a group under its own descendant is refused.",
                "security": bearer, "parameters": [slug], "requestBody": body("GroupInput"),
                "responses": write_errors(json!({ "200": ok("Changed.", "Group"), "404": problem("No such group.") })) } },
            "/api/v1/groups/{slug}/archive": { "post": { "summary": "Archive a group (admin): it keeps its history, takes no new meetings.",
                "security": bearer, "parameters": [slug], "responses": write_errors(json!({ "200": { "description": "Archived." }, "404": problem("No such group.") })) } },
            "/api/v1/groups/{slug}/meetings": { "get": { "summary": "A group's meetings (and its subgroups' with subgroups=true) in a period, with deadlines.",
                "parameters": [slug, param("from", "query", "YYYY-MM-DD or RFC 3339"), param("to", "query", "YYYY-MM-DD (inclusive) or RFC 3339"), param("subgroups", "query", "true to add descendants")],
                "responses": { "200": { "description": "Meetings and deadlines." }, "400": problem("Bad parameters."), "404": problem("No such group.") } } },
            "/api/v1/meetings": {
                "get": { "summary": "List meetings by group, period and status, in start order, with cursor pagination.",
                    "parameters": [param("group", "query", "slug"), param("subgroups", "query", "true to add descendants"), param("from", "query", "date or instant"),
                        param("to", "query", "date or instant"), param("status", "query", "confirmed | tentative | cancelled"),
                        param("cursor", "query", "next_cursor of the previous page"), param("limit", "query", "1-200, default 50")],
                    "responses": { "200": ok("A page.", "MeetingPage"), "400": problem("Bad parameters.") } },
                "post": { "summary": "Create a meeting, with its deadlines; its announcement and reminders are planned.",
                    "security": bearer, "parameters": [idem], "requestBody": body("NewMeeting"),
                    "responses": write_errors(json!({ "201": ok("Created; ETag is its version, Location its URL.", "Meeting"),
                        "409": problem("It conflicts with confirmed meetings (listed); send allow_conflicts to save anyway.") })) } },
            "/api/v1/meetings/{id}": {
                "get": { "summary": "One meeting; ETag is its version.", "parameters": [id.clone()], "responses": { "200": ok("The meeting.", "Meeting"), "404": problem("No such meeting.") } },
                "patch": { "summary": "Change a meeting (JSON merge patch over its `input`); an update notice is planned when time, place or link changes.",
                    "security": bearer, "parameters": [id.clone(), if_match.clone()], "requestBody": body("NewMeeting"),
                    "responses": write_errors(json!({ "200": ok("Changed; new ETag.", "Meeting"), "404": problem("No such meeting."),
                        "409": problem("It would conflict with confirmed meetings."), "412": problem("If-Match names a stale version.") })) } },
            "/api/v1/meetings/{id}/cancel": { "post": { "summary": "Cancel a meeting, with a reason; it stays, cancelled, and a notice is planned.",
                "security": bearer, "parameters": [id.clone(), if_match.clone()],
                "requestBody": { "content": { "application/json": { "schema": { "type": "object", "properties": { "reason": { "type": "string" } } } } } },
                "responses": write_errors(json!({ "200": ok("Cancelled.", "Meeting"), "404": problem("No such meeting."),
                    "409": problem("Already cancelled."), "412": problem("If-Match names a stale version.") })) } },
            "/api/v1/meetings/preview": { "post": { "summary": "A meeting as it would be stored, without storing it: sessions in UTC, deadlines (given, or \"deadlines\": \"derive\" by the kind's policy), conflicts, the mails that would be planned, and each session in every participant zone.",
                "requestBody": body("NewMeeting"),
                "responses": { "200": { "description": "The preview; nothing is stored." }, "400": problem("Malformed JSON."), "413": problem("Too large."), "422": problem("Invalid fields.") } } },
            "/api/v1/slots": { "get": { "summary": "The fairest slots for one or more groups: ranked by the weighted share of participant zones in working hours, minus 0.25 per zone at night; conflicts and slots across an offset change left out.",
                "parameters": [param("groups", "query", "comma-separated slugs"), param("duration", "query", "PT2H, 90m or minutes"),
                    param("from", "query", "first day YYYY-MM-DD"), param("to", "query", "last day YYYY-MM-DD"),
                    param("earliest", "query", "HH:MM in zone"), param("latest", "query", "HH:MM in zone"),
                    param("step", "query", "minutes between starts (30)"), param("count", "query", "how many (5)"), param("zone", "query", "IANA zone of the days and hours (Europe/Zurich)")],
                "responses": { "200": { "description": "Ranked candidates, each with its UTC instant, the local time and fit in every participant zone, the score, and how it differs from the best." },
                    "422": problem("Bad parameters, each named.") } } },
            "/api/v1/deadlines": { "post": { "summary": "Create a deadline for a meeting or a group; its reminders are planned.",
                "security": bearer, "parameters": [idem], "requestBody": body("DeadlineInput"),
                "responses": write_errors(json!({ "201": ok("Created.", "Deadline") })) } },
            "/api/v1/deadlines/{id}": {
                "get": { "summary": "One deadline.", "parameters": [id.clone()], "responses": { "200": ok("The deadline.", "Deadline"), "404": problem("No such deadline.") } },
                "patch": { "summary": "Change a deadline (JSON merge patch).", "security": bearer, "parameters": [id.clone(), if_match.clone()], "requestBody": body("DeadlineInput"),
                    "responses": write_errors(json!({ "200": ok("Changed.", "Deadline"), "404": problem("No such deadline."), "412": problem("Stale version.") })) },
                "delete": { "summary": "Delete a deadline; its pending reminders are dropped.", "security": bearer, "parameters": [id, if_match],
                    "responses": write_errors(json!({ "204": { "description": "Deleted." }, "404": problem("No such deadline."), "412": problem("Stale version.") })) } },
            "/api/v1/reminders": { "get": { "summary": "The mails due in a period, sent or not (public): due instant in UTC and Geneva time, kind, item, recipients, subject, status.",
                "parameters": [param("from", "query", "Required. YYYY-MM-DD (a whole UTC day) or RFC 3339"), param("to", "query", "Required. YYYY-MM-DD (inclusive) or RFC 3339")],
                "responses": { "200": ok("The mails, by due time.", "Reminders"), "400": problem("from or to missing or invalid.") } } },
            "/api/v1/outbox": { "get": { "summary": "Outbox rows (admin): status=dead lists the mails that failed mail.max_attempts times, with their last error.",
                "security": bearer, "parameters": [param("status", "query", "pending | sent | skipped | dead | superseded"),
                    param("from", "query", "due from: YYYY-MM-DD or RFC 3339"), param("to", "query", "due until: YYYY-MM-DD (inclusive) or RFC 3339"), param("limit", "query", "1-1000, default 200")],
                "responses": { "200": ok("Rows by due time.", "OutboxRows"), "400": problem("Bad parameters."),
                    "401": problem("No token, or an unknown or revoked one."), "403": problem("Not an admin token.") } } },
            "/api/v1/outbox/{id}/retry": { "post": { "summary": "Put a dead mail back in the queue (admin): due now, with mail.max_attempts new tries.",
                "security": bearer, "parameters": [param("id", "path", "The outbox row's id.")],
                "responses": { "200": ok("Queued again.", "OutboxRow"), "401": problem("No token, or an unknown or revoked one."),
                    "403": problem("Not an admin token."), "404": problem("No such mail."), "409": problem("The mail is not dead.") } } },
            "/calendars/{slug}.ics": { "get": { "summary": "A group's calendar feed (subgroups=true adds descendants). ETag/Last-Modified; 304 when current.",
                "parameters": [slug.clone(), param("subgroups", "query", "true to add descendants")],
                "responses": { "200": text("text/calendar", "iCalendar"), "304": { "description": "Not modified." }, "404": problem("No such group.") } } },
            "/calendars.ics": { "get": { "summary": "A combined feed of several groups, each item once.", "parameters": [param("groups", "query", "comma-separated slugs")],
                "responses": { "200": text("text/calendar", "iCalendar"), "304": { "description": "Not modified." }, "400": problem("Unknown groups.") } } },
            "/": { "get": { "summary": "Home page (HTML): the group tree with mailing lists and subscribe actions, the next meetings and deadlines. ?from=&to= look at another period.",
                "responses": { "200": text("text/html", "The page."), "304": { "description": "Not modified." } } } },
            "/groups/{slug}": { "get": { "summary": "A group's page (HTML): its meetings and deadlines, upcoming then past; subgroups=true adds descendants.",
                "parameters": [slug.clone(), param("subgroups", "query", "true to add descendants")],
                "responses": { "200": text("text/html", "The page."), "304": { "description": "Not modified." }, "404": text("text/html", "No such group.") } } },
            "/meetings/{id}": { "get": { "summary": "A meeting's page (HTML): each session in its zone, UTC and the viewer's time; deadlines; add to calendar.",
                "parameters": [param("id", "path", "meeting id")],
                "responses": { "200": text("text/html", "The page."), "304": { "description": "Not modified." }, "404": text("text/html", "No such meeting.") } } },
            "/schedule": { "get": { "summary": "The whole programme (HTML) in the secretariat's wording, filterable by group and period.",
                "responses": { "200": text("text/html", "The page."), "304": { "description": "Not modified." } } } },
            "/static/{file}": { "get": { "summary": "The pages' stylesheet and scripts.", "parameters": [param("file", "path", "file name")],
                "responses": { "200": { "description": "The file." }, "404": { "description": "No such file." } } } },
            "/favicon.ico": { "get": { "summary": "The icon.", "responses": { "200": { "description": "The icon." } } } },
            "/meetings/{id}.ics": { "get": { "summary": "One meeting as iCalendar, for \"add to my calendar\".", "parameters": [param("id", "path", "meeting id")],
                "responses": { "200": text("text/calendar", "iCalendar"), "304": { "description": "Not modified." }, "404": problem("No such meeting.") } } }
        }
    })
}

/// The handler.
pub(super) async fn document() -> Json<Value> {
    Json(spec())
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
