//! The organizer pages in the OpenAPI document (merged by
//! `http/openapi.rs`, like the other pages, so the route table and the
//! document stay in step). They are HTML forms for people, not an API.

use serde_json::{Value, json};

fn html(description: &str) -> Value {
    json!({ "description": description, "content": { "text/html": { "schema": { "type": "string" } } } })
}

/// The organizer pages' paths.
pub(in crate::http) fn paths() -> Value {
    let id = json!({ "name": "id", "in": "path", "required": true,
        "description": "A meeting's id.", "schema": { "type": "string" } });
    let see_other = json!({ "description": "Done, or signed out: see `Location`." });
    // The page's language, negotiated as for the public pages.
    let lang = json!({ "name": "lang", "in": "query", "required": false,
        "description": "The page's language: `ar`, `zh`, `en`, `fr`, `ru` or `es`; before the `lang` cookie, `Accept-Language` and `i18n.default_language`. Another value is ignored.",
        "schema": { "type": "string" } });
    let refused = html(
        "The form lacks this session's `csrf` value, or the meeting is outside the token's groups.",
    );
    let form = |what: &str| {
        json!({ "tags": ["pages"], "summary": what, "parameters": [lang.clone()],
            "responses": { "200": html("The page."), "303": see_other.clone(), "404": html("No such meeting.") } })
    };
    let post = |what: &str| {
        json!({ "tags": ["pages"], "summary": what, "parameters": [lang.clone()],
            "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object" } } } },
            "responses": { "200": html("The preview: nothing is stored."), "303": see_other.clone(),
                "403": refused.clone(), "409": html("Refused for conflicts; the preview again."),
                "422": html("Invalid fields, each named beside its input.") } })
    };
    let with_id = |mut op: Value, name: &str| {
        op["parameters"] = json!([id.clone(), lang.clone()]);
        op["operationId"] = json!(name);
        op
    };
    let named = |mut op: Value, name: &str| {
        op["operationId"] = json!(name);
        op
    };
    json!({
        "/organize": {
            "get": named(form("The organizer sign-in form (field `token`), or, signed in, the meetings the token may change."), "organize_page"),
            "post": named(post("Signs in with an API token (`token`, `csrf`): a session cookie (`HttpOnly`, `SameSite=Lax`, `Secure` on https) for `organize.session_minutes`. A wrong or revoked token gets 401 and the form again."), "organize_sign_in")
        },
        "/organize/sign-out": { "post": named(post("Signs out (`csrf`)."), "organize_sign_out") },
        "/organize/meetings/new": {
            "get": named(form("The meeting form: the API's fields (`title`, `groups`, `kind`, `zone`, `date`, `until`, `start`, `end`, `recurrence`, `remote_url`, ...)."), "organize_new_form"),
            "post": named(post("Previews the new meeting (zones, conflicts, free slots, deadlines, the exact mails); with `confirm=1` creates it (303 to its page); `notify=0` saves without mail."), "organize_new")
        },
        "/organize/meetings/{id}/edit": {
            "get": with_id(form("The meeting form, filled in."), "organize_edit_form"),
            "post": with_id(post("Previews the change; with `confirm=1` saves it."), "organize_edit")
        },
        "/organize/meetings/{id}/cancel": {
            "get": with_id(form("The cancel form (`reason`)."), "organize_cancel_form"),
            "post": with_id(post("Previews the cancellation's notices; with `confirm=1` cancels."), "organize_cancel")
        },
        "/organize/deadlines/new": {
            "get": named(form("The deadline form (`meeting` or `group`, `kind`, `title`, `date`, `time`, `zone`, `email`, `url`, `note`, `id`); `?meeting=ID` fills in the meeting."), "organize_new_deadline_form"),
            "post": named(post("Previews the new deadline and its announcement; with `confirm=1` creates it (303 to its meeting's or group's page)."), "organize_new_deadline")
        },
        "/organize/meetings/{id}/reinstate": {
            "get": with_id(form("The reinstate form."), "organize_reinstate_form"),
            "post": with_id(post("Previews the reinstatement; with `confirm=1` reinstates."), "organize_reinstate")
        }
    })
}
