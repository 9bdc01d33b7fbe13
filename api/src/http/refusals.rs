//! The refusals every operation of a kind can answer, documented once.
//!
//! Beside what each handler declares, some answers come from layers every
//! request crosses: a malformed query or a NUL character (400), a missing
//! or expired token (401), a suspended account or a region not served
//! (403), an unknown id (404), a body too large, not JSON, or invalid
//! (413, 415, 422; 422 also for a query value out of range), and shedding under load (503). They are registered
//! once as shared responses (`components.responses`) and referenced by
//! each operation they apply to, so that a generated client knows every
//! status it can meet.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{
    ContentBuilder, KnownFormat, ObjectBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder,
    SchemaFormat, Type,
};

use super::problem::PROBLEM_JSON;

/// (status, shared response name, description, carries `Retry-After`).
const SHARED: &[(&str, &str, &str, bool)] = &[
    (
        "400",
        "BadRequest",
        "`malformed_json`, `malformed_body`, `invalid_query` or `nul_character`: the request cannot be read as sent",
        false,
    ),
    (
        "401",
        "Unauthenticated",
        "`unauthenticated`, `token_expired` (refresh, then retry), `invalid_token` or `token_revoked`; for the partner API, `invalid_api_key`",
        false,
    ),
    (
        "403",
        "Forbidden",
        "Known caller, not allowed: `account_suspended`, a role the caller lacks, `scope_missing` (an API key without the operation's scope), or `region_not_served`",
        false,
    ),
    (
        "404",
        "NotFound",
        "`not_found`: absent, or not the caller's to see (the two read the same)",
        false,
    ),
    (
        "413",
        "PayloadTooLarge",
        "`payload_too_large`: the body is larger than the service takes",
        false,
    ),
    (
        "415",
        "UnsupportedMediaType",
        "`unsupported_media_type`: the body must be `application/json`",
        false,
    ),
    (
        "422",
        "ValidationFailed",
        "`validation_failed`: `errors[]` names each invalid field",
        false,
    ),
    (
        "429",
        "RateLimited",
        "`rate_limited`: the API key used up its requests per minute (or the address its own); retry after `Retry-After`, with `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`",
        true,
    ),
    (
        "503",
        "Unavailable",
        "`overloaded`, `database_busy`, `database_unavailable` or `degraded_unavailable`: retry after `Retry-After`",
        true,
    ),
];

fn shared_response(description: &str, retry_after: bool) -> Response {
    let mut response = ResponseBuilder::new().description(description).content(
        PROBLEM_JSON,
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build(),
    );
    if retry_after {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
                        .minimum(Some(0)),
                )
                .description(Some("Seconds to wait before retrying"))
                .build(),
        );
    }
    response.build()
}

/// The shared refusals `operation` can answer, by status.
fn applicable(operation: &Operation) -> Vec<&'static str> {
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_path = parameters
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let has_query = parameters
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Query));
    let signed_in = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let by_key = operation.security.as_ref().is_some_and(|s| {
        serde_json::to_value(s)
            .map(|v| v.to_string().contains("\"api_key\""))
            .unwrap_or(false)
    });
    let has_body = operation.request_body.is_some();
    let mut statuses = vec!["400", "503"];
    if signed_in {
        statuses.extend(["401", "403"]);
    }
    if by_key {
        statuses.push("429");
    }
    if has_path {
        statuses.push("404");
    }
    if has_body {
        statuses.extend(["413", "415", "422"]);
    } else if has_query {
        // A query value out of its range names its field, as a body's would.
        statuses.push("422");
    }
    statuses
}

/// Registers the shared refusals and adds each to every `/v1` operation it
/// applies to that does not describe that status itself.
pub fn document(api: &mut OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    for (_, name, description, retry_after) in SHARED {
        components.responses.insert(
            (*name).to_owned(),
            RefOr::T(shared_response(description, *retry_after)),
        );
    }
    for (path, item) in api.paths.paths.iter_mut() {
        if !path.starts_with("/v1/") {
            continue;
        }
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            for status in applicable(operation) {
                let (_, name, _, _) = SHARED.iter().find(|(s, ..)| *s == status).unwrap();
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
            }
        }
    }
}
