//! [`Query`] and [`Path`]: axum's extractors of the same names, with the
//! API's one error shape. A query string or path parameter that does not
//! parse is a 400 `application/problem+json` ([`ApiError::BadRequest`])
//! whose `errors: [{field, message}]` names the parameter and says what it
//! should be, instead of axum's `text/plain` rejection.
//!
//! Use them as axum's: `Query(q): Query<ListQuery>`,
//! `Path(id): Path<String>`. A handler that answers errors in another shape
//! (the HTML pages) takes `Result<Path<T>, ApiError>` and turns the error
//! into its own; [`ApiError::field_errors`] has the details.

use std::fmt;

use axum::extract::FromRequestParts;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::http::request::Parts;
use convene_core::FieldError;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use super::error::ApiError;

/// The query string, deserialized into `T` (all fields optional or with
/// defaults, as with axum's `Query`). Rejects with a 400 naming the first
/// parameter that does not parse.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Self::parse(parts.uri.query().unwrap_or_default())
    }
}

impl<T: DeserializeOwned> Query<T> {
    /// Deserializes a raw query string (without the `?`), as the extractor
    /// does.
    pub fn parse(query: &str) -> Result<Self, ApiError> {
        let pairs = form_urlencoded::parse(query.as_bytes());
        serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs))
            .map(Query)
            .map_err(|e| {
                let error = query_field_error(query, &e);
                tracing::debug!(field = %error.field, cause = %e, "query string rejected");
                bad_request("the query parameters are invalid", error)
            })
    }
}

/// The path parameters, deserialized into `T` as by axum's `Path`.
/// Rejects with a 400 naming the parameter that does not parse (or is not
/// UTF-8 once percent-decoded); a route whose parameters do not fit `T` is
/// a fault of the service, a 500 whose cause is logged.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(path_error(rejection)),
        }
    }
}

fn bad_request(detail: &str, error: FieldError) -> ApiError {
    ApiError::BadRequest {
        detail: detail.into(),
        errors: vec![error],
    }
}

/// The parameter a query-string error is about, and what to write instead.
fn query_field_error(
    query: &str,
    e: &serde_path_to_error::Error<serde_urlencoded::de::Error>,
) -> FieldError {
    let inner = e.inner().to_string();
    // A value that does not parse is at a path (`limit`); an error about
    // the whole map (missing or repeated parameter) is at the root and
    // names the parameter in backquotes.
    let field = match e.path().iter().next() {
        Some(Segment::Map { key }) => Some(key.clone()),
        Some(Segment::Enum { variant }) => Some(variant.clone()),
        Some(Segment::Seq { index }) => Some(index.to_string()),
        Some(Segment::Unknown) | None => None,
    }
    .or_else(|| backquoted(&inner).map(str::to_owned))
    .unwrap_or_else(|| "query".to_owned());
    let value = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| *k == field)
        .map(|(_, v)| v.into_owned());
    FieldError::new(&field, query_message(&inner, value.as_deref()))
}

/// The first `` `name` `` in a serde message.
fn backquoted(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    let (name, _) = rest.split_once('`')?;
    Some(name).filter(|n| !n.is_empty())
}

/// serde's message for a parameter, in terms of what to write.
fn query_message(inner: &str, value: Option<&str>) -> String {
    let given = Given(value);
    if inner.starts_with("provided string was not `true` or `false`") {
        format!("{given} is neither `true` nor `false`")
    } else if inner.starts_with("invalid digit found in string")
        || inner.starts_with("cannot parse integer from empty string")
    {
        format!("{given} is not a whole number")
    } else if inner.starts_with("number too large") || inner.starts_with("number too small") {
        format!("{given} is out of range")
    } else if inner.starts_with("invalid float literal") {
        format!("{given} is not a number")
    } else if inner.starts_with("duplicate field") {
        "is given more than once; give it once".to_owned()
    } else if inner.starts_with("missing field") {
        "is required".to_owned()
    } else {
        // serde's own words about the client's input: nothing internal.
        format!("{given} is invalid: {inner}")
    }
}

/// A parameter's value as quoted in a message.
struct Given<'a>(Option<&'a str>);

impl fmt::Display for Given<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{v:?}"),
            None => f.write_str("the value"),
        }
    }
}

/// What a Rust type name means to a client.
fn expected(type_name: &str) -> &'static str {
    match type_name.rsplit("::").next().unwrap_or(type_name) {
        "bool" => "`true` or `false`",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "char" => "one character",
        _ => "a valid value",
    }
}

fn path_error(rejection: PathRejection) -> ApiError {
    const DETAIL: &str = "the path has an invalid parameter";
    let PathRejection::FailedToDeserializePathParams(e) = rejection else {
        return ApiError::Fault(Box::new(rejection));
    };
    let error = match e.kind() {
        ErrorKind::InvalidUtf8InPathParam { key } => {
            FieldError::new(key, "is not valid UTF-8 once percent-decoded")
        }
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => FieldError::new(key, format!("{value:?} is not {}", expected(expected_type))),
        ErrorKind::ParseErrorAtIndex {
            index,
            value,
            expected_type,
        } => FieldError::new(
            format!("path[{index}]"),
            format!("{value:?} is not {}", expected(expected_type)),
        ),
        ErrorKind::ParseError {
            value,
            expected_type,
        } => FieldError::new(
            "path",
            format!("{value:?} is not {}", expected(expected_type)),
        ),
        ErrorKind::DeserializeError {
            key,
            value,
            message,
        } => FieldError::new(key, format!("{value:?} is invalid: {message}")),
        // The route and the handler's `T` disagree (wrong number of
        // parameters, a type the deserializer cannot produce), or a kind
        // added later: the service's fault.
        _ => return ApiError::Fault(Box::new(e)),
    };
    tracing::debug!(field = %error.field, cause = %e, "path parameter rejected");
    bad_request(DETAIL, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Q {
        limit: Option<u32>,
        subgroups: Option<bool>,
        groups: Option<String>,
        needed: Option<f64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Required {
        group: String,
    }

    fn field_error<T: DeserializeOwned + fmt::Debug>(query: &str) -> FieldError {
        let e = Query::<T>::parse(query).expect_err("rejected");
        assert_eq!(e.status(), axum::http::StatusCode::BAD_REQUEST);
        e.field_errors().first().cloned().expect("one field error")
    }

    #[test]
    fn query_errors_name_the_parameter_and_what_it_should_be() {
        let e = field_error::<Q>("limit=abc");
        assert_eq!(e.field, "limit");
        assert_eq!(e.message, "\"abc\" is not a whole number");
        let e = field_error::<Q>("groups=wg5&subgroups=1");
        assert_eq!(e.field, "subgroups");
        assert_eq!(e.message, "\"1\" is neither `true` nor `false`");
        let e = field_error::<Q>("limit=99999999999");
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("limit", "\"99999999999\" is out of range")
        );
        let e = field_error::<Q>("needed=x");
        assert_eq!(e.field, "needed");
        let e = field_error::<Q>("groups=a&groups=b");
        assert_eq!(e.field, "groups");
        assert!(e.message.contains("more than once"), "{}", e.message);
        let e = field_error::<Required>("");
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("group", "is required")
        );
        // Encoded names and values are decoded first.
        let e = field_error::<Q>("lim%69t=%41");
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("limit", "\"A\" is not a whole number")
        );
    }

    #[test]
    fn good_query_strings_parse() {
        let Query(q) =
            Query::<Q>::parse("limit=5&subgroups=true&groups=wg1%2Cwg5&other=x").expect("parses");
        assert_eq!(q.limit, Some(5));
        assert_eq!(q.subgroups, Some(true));
        assert_eq!(q.groups.as_deref(), Some("wg1,wg5"));
        let Query(q) = Query::<Q>::parse("").expect("empty");
        assert!(q.limit.is_none());
    }

    #[test]
    fn type_names_read_as_expectations() {
        assert_eq!(expected("u32"), "a whole number, 0 or more");
        assert_eq!(expected("core::primitive::bool"), "`true` or `false`");
        assert_eq!(expected("alloc::string::String"), "a valid value");
        assert_eq!(backquoted("missing field `group`"), Some("group"));
        assert_eq!(backquoted("no quotes"), None);
    }
}
