//! The HTTP API: one module per resource, thin handlers.

pub mod actor;
pub mod admin;
pub mod admission;
pub mod api_engagement;
pub mod api_keys;
pub mod attendance;
pub mod auth;
pub mod calendar;
pub mod client;
pub(crate) mod constraints;
pub mod conversations;
pub mod dev;
pub mod emails;
pub mod error;
pub mod exports;
pub mod extract;
pub mod favourites;
pub mod guard;
pub mod health;
pub mod me;
pub mod metrics;
pub mod middleware;
pub mod missions;
pub mod moderation;
pub mod negotiation;
pub mod networks;
pub mod notifications;
pub mod organizations;
pub mod pagination;
pub mod participations;
pub mod partner;
pub mod pictures;
pub mod problem;
pub mod reference;
mod refusals;
pub mod revalidation;
pub mod saved_searches;
pub mod search;
pub mod shifts;
pub mod similar;
pub mod statistics;
pub mod tagged;
pub mod views;
pub mod waiting_list;
pub mod widgets;

use actix_web::dev::ResourceDef;
use actix_web::http::Method;
use actix_web::{web, HttpRequest, ResponseError};
use utoipa::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{scope, AppExt};

use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use problem::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Renfort API",
        description = "Civic volunteering platform: missions, volunteers, organisations, moderation.\n\n\
Errors are RFC 9457 `application/problem+json` with a stable `code`; validation errors list \
`errors: [{field, code, message}]`. Unknown fields in request bodies are refused.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(
        Problem,
        FieldError,
        emails::EmailJobState,
        crate::services::exports::Delimiter
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Signup, activation, sessions, password reset"),
        (name = "me", description = "The signed-in person's account and personal data"),
        (name = "organizations", description = "Organisations, members and invitations"),
        (name = "missions", description = "Missions: drafts, edits, moderation, public pages"),
        (name = "search", description = "Finding missions"),
        (name = "participations", description = "Volunteering for missions, and the organisations' answers"),
        (name = "moderation", description = "Queues of referents and administrators"),
        (name = "networks", description = "Networks of organisations (a head and its branches) and the mission templates heads publish"),
        (name = "conversations", description = "Messages between a volunteer and an organisation, one thread per participation"),
        (name = "admin", description = "Administration"),
        (name = "reference", description = "Taxonomies and service status"),
        (name = "statistics", description = "Figures computed ahead: public, by department, by organisation"),
        (name = "operations", description = "Health, readiness and metrics"),
        (name = "partners", description = "The partner API for associations' tools and mission hubs: API keys (`X-Api-Key`), missions by your own id, change feeds, signed webhooks. See docs/PARTNERS.md"),
        (name = "webhooks", description = "Events from the email provider"),
        (name = "development", description = "Development-only helpers, off in production"),
    )
)]
struct ApiDoc;

/// Declares the `bearer` security scheme (the access token).
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Header(
                utoipa::openapi::security::ApiKeyValue::with_description(
                    "X-Api-Key",
                    "An organisation's API key, `rf_live_<prefix>_<secret>`; each operation names the scopes it needs \
(`missions:read`, `missions:write`, `participations:read`, `participations:write`, `webhooks:manage`).",
                ),
            )),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Registers every route. Called for the running app and for the OpenAPI
/// document alike, so the two cannot disagree.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(health::ready)
        .service(widgets::widget_page)
        .service(
            scope::scope("/v1")
                .service(reference::domains)
                .service(reference::skills)
                .service(reference::departments)
                .service(reference::status)
                .service(reference::challenge)
                .service(auth::signup)
                .service(auth::resend_activation)
                .service(auth::activate)
                .service(auth::login)
                .service(auth::refresh)
                .service(auth::logout)
                .service(auth::forgot_password)
                .service(auth::reset_password)
                .service(auth::confirm_email)
                .service(me::get_me)
                .service(me::patch_me)
                .service(me::correct_birth_date)
                .service(me::change_password)
                .service(me::change_email)
                .service(me::export)
                .service(notifications::mine)
                .service(notifications::change)
                .service(notifications::read_link)
                .service(notifications::one_click)
                .service(me::erase)
                .service(admin::find_account)
                .service(admin::get_account)
                .service(admin::change_roles)
                .service(admin::suspend)
                .service(admin::reinstate)
                .service(admin::set_service_mode)
                .service(admin::get_service_mode)
                .service(admin::audit)
                .service(organizations::create)
                .service(organizations::lookup)
                .service(attendance::record)
                .service(attendance::attestation)
                .service(attendance::verify)
                .service(attendance::hours)
                .service(shifts::list)
                .service(shifts::add)
                .service(shifts::update)
                .service(shifts::cancel)
                .service(shifts::add_to_participation)
                .service(shifts::drop_from_participation)
                .service(shifts::partner_list)
                .service(shifts::partner_add)
                .service(shifts::partner_update)
                .service(shifts::partner_cancel)
                .service(waiting_list::join)
                .service(waiting_list::leave)
                .service(waiting_list::mine)
                .service(favourites::list)
                .service(favourites::add)
                .service(favourites::remove)
                .service(pictures::set_mission_image)
                .service(pictures::remove_mission_image)
                .service(pictures::set_organization_logo)
                .service(pictures::remove_organization_logo)
                .service(pictures::serve)
                .service(widgets::create_for_organization)
                .service(widgets::organization_widgets)
                .service(widgets::create_for_platform)
                .service(widgets::platform_widgets)
                .service(widgets::remove)
                .service(widgets::missions)
                .service(widgets::facets)
                .service(saved_searches::list)
                .service(saved_searches::create)
                .service(saved_searches::remove)
                .service(calendar::participation)
                .service(calendar::create_feed)
                .service(calendar::revoke_feed)
                .service(calendar::feed)
                .service(networks::join)
                .service(networks::network)
                .service(networks::leave)
                .service(networks::branch_missions)
                .service(networks::branch_statistics)
                .service(networks::branches)
                .service(networks::accept)
                .service(networks::remove)
                .service(networks::create_template)
                .service(networks::templates)
                .service(networks::delete_template)
                .service(networks::from_template)
                .service(conversations::list)
                .service(conversations::write)
                .service(conversations::report)
                .service(conversations::unread)
                .service(conversations::reports)
                .service(statistics::organization_statistics)
                .service(statistics::public_statistics)
                .service(statistics::department_statistics)
                .service(statistics::admin_statistics)
                .service(organizations::get_one)
                .service(organizations::update)
                .service(organizations::transition)
                .service(organizations::get_history)
                .service(organizations::members)
                .service(organizations::invite)
                .service(organizations::set_member_role)
                .service(organizations::remove_member)
                .service(organizations::accept_invitation)
                .service(organizations::mine)
                .service(missions::create)
                .service(missions::of_organization)
                .service(missions::get_private)
                .service(missions::get_public)
                .service(similar::similar)
                .service(missions::list_public)
                .service(search::missions)
                .service(search::key)
                .service(missions::update)
                .service(missions::delete_draft)
                .service(missions::transition)
                .service(missions::get_history)
                .service(participations::apply)
                .service(participations::mine)
                .service(participations::of_mission)
                .service(participations::get_one)
                .service(participations::answer_many)
                .service(participations::transition)
                .service(participations::get_history)
                .service(moderation::organizations)
                .service(moderation::missions)
                .service(emails::list)
                .service(emails::requeue_one)
                .service(emails::requeue_template)
                .service(emails::brevo_webhook)
                .service(api_keys::create)
                .service(api_keys::list)
                .service(api_keys::rotate)
                .service(api_keys::revoke)
                .service(api_keys::create_platform)
                .service(api_keys::list_platform)
                .service(api_keys::revoke_platform)
                .service(api_keys::audit)
                .service(exports::participations)
                .service(exports::missions)
                .service(exports::download)
                .service(partner::upsert_batch)
                .service(partner::upsert_mission)
                .service(partner::get_mission)
                .service(partner::unpublish_mission)
                .service(partner::mission_feed)
                .service(partner::participation_feed)
                .service(api_engagement::feed)
                .service(partner::answer_participation)
                .service(partner::create_webhook)
                .service(partner::list_webhooks)
                .service(partner::get_webhook)
                .service(partner::update_webhook)
                .service(partner::delete_webhook)
                .service(partner::rotate_webhook_secret)
                .service(partner::webhook_deliveries)
                .service(partner::replay_webhook_delivery)
                .service(dev::mailbox),
        );
}

/// The OpenAPI document, as served at `/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes)
        .split_for_parts();
    refusals::document(&mut api);
    api
}

/// Which methods each documented path answers; consulted only when no
/// route matched, to tell a wrong method (405 with `Allow`) from an
/// unknown path (404). Built from the OpenAPI document, so it cannot miss
/// a route.
pub struct RouteTable(Vec<(ResourceDef, Vec<Method>)>);

impl RouteTable {
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    (Method::GET, &item.get),
                    (Method::POST, &item.post),
                    (Method::PUT, &item.put),
                    (Method::PATCH, &item.patch),
                    (Method::DELETE, &item.delete),
                ]
                .into_iter()
                .filter(|(_, op)| op.is_some())
                .map(|(m, _)| m)
                .collect();
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        RouteTable(routes)
    }

    fn allowed(&self, path: &str) -> Option<&[Method]> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.as_slice())
    }
}

/// The answer when no route matched: 405 for a known path, else 404.
pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, ServiceError> {
    let allowed = req
        .app_data::<web::Data<RouteTable>>()
        .and_then(|t| t.allowed(req.path()).map(<[Method]>::to_vec));
    match allowed {
        Some(methods) if !methods.is_empty() => {
            let allow = methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let mut response = error::Refusal {
                status: actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
                code: ProblemCode::MethodNotAllowed,
                detail: format!("{} is not allowed here; allowed: {allow}", req.method()),
            }
            .error_response();
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allow) {
                response
                    .headers_mut()
                    .insert(actix_web::http::header::ALLOW, value);
            }
            Ok(response)
        }
        _ => Err(ServiceError::NotFound),
    }
}

/// `/docs` → `/docs/`, where Swagger UI lives.
pub async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::MovedPermanently()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// Query strings that do not parse: named, as a 400.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|e, _| {
        ServiceError::BadRequest {
            code: ProblemCode::InvalidQuery,
            detail: e.to_string(),
        }
        .into()
    })
}

/// Parses a query string inside a handler (after the authorisation
/// checks that must come first), as a 400 naming the problem.
pub fn parse_query<T: serde::de::DeserializeOwned>(req: &HttpRequest) -> Result<T, ServiceError> {
    if let Some(pair) = req
        .query_string()
        .split('&')
        .find(|pair| pair.contains("%00") || pair.contains('\0'))
    {
        let name = pair.split('=').next().unwrap_or_default();
        return Err(extract::nul_refused(&name.replace("%00", "\\0")));
    }
    // The problem names the parameter whose value was refused.
    let pairs = url::form_urlencoded::parse(req.query_string().as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|e| {
        let path = e.path().to_string();
        let reason = e.into_inner();
        ServiceError::BadRequest {
            code: ProblemCode::InvalidQuery,
            detail: if path == "." {
                format!("Query deserialize error: {reason}")
            } else {
                format!("Query deserialize error: {path}: {reason}")
            },
        }
    })
}

/// A path segment that does not parse (a malformed id) names nothing that
/// exists.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| ServiceError::NotFound.into())
}
