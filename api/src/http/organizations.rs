//! `/v1/organizations`: registration, edits, moderation, members.

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::guard::idempotent;
use super::problem::Problem;
use super::views::{history_of, History, OrganizationView};
use crate::auth::actor::Actor;
use crate::domain::account::EmailAddress;
use crate::domain::moderation::OrganizationState;
use crate::domain::organization::{MemberRole, OrganizationInput, OrganizationKind};
use crate::domain::place::AddressInput;
use crate::error::ServiceError;
use crate::services::organizations::{self as service};
use crate::state::AppState;
use crate::store::history::Subject;

/// An approved organisation as anyone sees it: no identifiers, no contact.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicOrganizationView {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    pub description: String,
    pub city: String,
    pub department: String,
    pub website: Option<String>,
    pub domains: Vec<String>,
    pub logo: Option<super::views::PictureView>,
}

/// `private` for members, referents and admins; `public` for others.
#[derive(Debug, Serialize)]
#[serde(tag = "view", rename_all = "snake_case")]
// Built once per response and serialised at once: boxing buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum OrganizationResponse {
    Private(OrganizationView),
    Public(PublicOrganizationView),
}

crate::tagged_views!(
    OrganizationResponse,
    "`private` for members, referents and admins; `public` for others.",
    [
        ("OrganizationPrivate", "private", OrganizationView),
        ("OrganizationPublic", "public", PublicOrganizationView),
    ]
);

/// Register an organisation. The caller becomes its owner; it starts as a
/// draft, to submit for review when complete. Supports `Idempotency-Key`.
#[utoipa::path(operation_id = "create_organization", tag = "organizations", security(("bearer" = [])), request_body = OrganizationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes retries safe")),
    responses(
    (status = 201, body = OrganizationResponse),
    (status = 409, description = "`organization_exists`: an approved organisation holds this SIRET or RNA number (drafts and registrations under review hold none); `existing_organization` names it and its public page", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "a quota of the account or the organisation is used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "`region_not_served`: registrations and applications are taken from the countries served only", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations")]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
    body: Body<OrganizationInput>,
) -> Result<HttpResponse, ServiceError> {
    super::guard::region_allows_write(&state, &req)?;
    let input = body.parse()?;
    let fields = input.clone().validate().map_err(ServiceError::Validation)?;
    idempotent(
        &state,
        &req,
        &format!("organization:create:{}", actor.id),
        Some(actor.id),
        &input,
        || async {
            let access = service::create(&state, &actor, fields).await?;
            let view = OrganizationResponse::Private(access.into());
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(view).map_err(ServiceError::internal)?,
            ))
        },
    )
    .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// 14 digits; give this or `rna`.
    #[param(pattern = r"^[0-9]{14}$", example = "13002526500013")]
    pub siret: Option<String>,
    /// `W` + 9 digits; give this or `siret`.
    #[param(pattern = r"^W[0-9]{9}$", example = "W691234567")]
    pub rna: Option<String>,
}

/// Whether an approved organisation holds this SIRET or RNA number, before
/// registering it: its name and public page if so (drafts and registrations
/// under review are not shown),
/// nothing private. No sign-in needed; limited per client.
#[utoipa::path(operation_id = "lookup_organization", tag = "organizations", params(LookupQuery), responses(
    (status = 200, body = crate::services::org_identity::Lookup),
    (status = 422, description = "the number is malformed or fails its check digit, or neither or both were given", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/lookup")]
pub async fn lookup(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: LookupQuery = super::parse_query(&req)?;
    let identifier = crate::services::org_identity::Identifier::parse(
        query.siret.as_deref(),
        query.rna.as_deref(),
    )?;
    super::guard::rate_limit(
        &state,
        &[(
            super::guard::ip_key(&req, "organization_lookup"),
            state.settings.limits.lookup_per_ip,
        )],
    )
    .await?;
    let found = crate::services::org_identity::lookup(&state.db, identifier).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(found))
}

/// An organisation: everything for its members, referents and admins; the
/// public view once approved; 404 otherwise.
#[utoipa::path(operation_id = "get_organization", tag = "organizations", params(("id" = Uuid, Path)), responses(
    (status = 200, body = OrganizationResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let account = match &actor {
        Actor::Account(a) => Some(a),
        Actor::Anonymous => None,
    };
    let access = service::load(&state, account, id.into_inner())
        .await?
        .ok_or(ServiceError::NotFound)?;
    if access.sees_private() {
        return Ok(HttpResponse::Ok().json(OrganizationResponse::Private(access.into())));
    }
    if access.org.state() != OrganizationState::Approved {
        return Err(ServiceError::NotFound);
    }
    let o = access.org;
    Ok(
        HttpResponse::Ok().json(OrganizationResponse::Public(PublicOrganizationView {
            logo: super::views::picture(&o.logo_large, &o.logo_small),
            id: o.id,
            kind: o.kind,
            name: o.name,
            description: o.description,
            city: o.city,
            department: o.department,
            website: o.website,
            domains: o.domains.0,
        })),
    )
}

/// An edit: only the fields given change; `address` is replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationPatch {
    pub name: Option<String>,
    pub kind: Option<OrganizationKind>,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub description: Option<String>,
    pub address: Option<AddressInput>,
    pub website: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub domains: Option<Vec<String>>,
}

/// Edit an organisation (members). An empty string clears an optional field.
#[utoipa::path(operation_id = "update_organization", tag = "organizations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = OrganizationPatch, responses(
    (status = 200, body = OrganizationResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`organization_inactive`, `under_review` for a material edit, or `organization_exists` for a SIRET or RNA number another organisation holds", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/organizations/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<OrganizationPatch>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::update(&state, &actor, id.into_inner(), |o| {
        let patch = body.parse()?;
        macro_rules! set {
            ($($field:ident),*) => { $(if let Some(v) = patch.$field { o.$field = v; })* };
        }
        macro_rules! set_optional {
            ($($field:ident),*) => { $(if let Some(v) = patch.$field { o.$field = Some(v); })* };
        }
        set!(name, kind, description, address, contact_email, domains);
        set_optional!(rna, siret, website, contact_phone);
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::Private(access.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationTransition {
    pub to: OrganizationState,
    /// Required to reject or flag.
    pub reason: Option<String>,
}

/// Move an organisation through its state machine: submit (owner), approve,
/// reject, flag (referent of its department, admin), deregister (owner,
/// admin). Anything else is 409 with the transitions allowed now.
#[utoipa::path(operation_id = "transition_organization", tag = "organizations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = OrganizationTransition, responses(
    (status = 200, body = OrganizationResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`invalid_transition`, with `current_state` and `allowed_transitions`; `organization_exists` when approving an organisation whose SIRET or RNA number another approved organisation holds", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "a quota of the account or the organisation is used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/transitions")]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<OrganizationTransition>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::transition(&state, &actor, id.into_inner(), || {
        body.parse()
            .map(|b: OrganizationTransition| (b.to, b.reason))
    })
    .await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::Private(access.into())))
}

/// The state changes of an organisation (members, referents, admins).
#[utoipa::path(operation_id = "organization_history", tag = "organizations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = History),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/history")]
pub async fn get_history(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::load_private(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(history_of(&state, Subject::Organization(access.org.id)).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub account_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Members {
    pub items: Vec<MemberView>,
}

/// The members of an organisation (members, referents, admins).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Members),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/members")]
pub async fn members(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::load_private(&state, &actor, id.into_inner()).await?;
    let rows = service::members(&state, &access).await?;
    Ok(HttpResponse::Ok().json(Members {
        items: rows
            .into_iter()
            .map(|m| MemberView {
                role: m.role(),
                account_id: m.account_id,
                first_name: m.first_name,
                last_name: m.last_name,
                email: m.email,
                joined_at: m.joined_at,
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    pub email: String,
    pub role: MemberRole,
}

/// Invite someone by email (owners). They accept while signed in with that
/// address, signing up with it first if need be.
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = Invitation, responses(
    (status = 202, body = super::views::Accepted),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`organization_not_approved`: only approved organisations invite", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "a quota of the account or the organisation is used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/invitations")]
pub async fn invite(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<Invitation>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let email = EmailAddress::parse(&body.email)
        .map_err(|e| ServiceError::field("email", e.code, &e.message))?;
    service::invite(&state, &actor, id.into_inner(), email, body.role).await?;
    Ok(HttpResponse::Accepted().json(super::views::Accepted {
        status: "accepted",
        detail: "the invitation was sent",
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationAcceptance {
    pub token: String,
}

/// Accept an invitation, signed in with the invited address.
#[utoipa::path(tag = "organizations", security(("bearer" = [])), request_body = InvitationAcceptance, responses(
    (status = 200, body = OrganizationResponse),
    (status = 400, description = "`invalid_token`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: Body<InvitationAcceptance>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let access = service::accept_invitation(&state, &actor, &body.token).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::Private(access.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    pub role: MemberRole,
}

/// Change a member's role (owners). An organisation keeps at least one owner.
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(("id" = Uuid, Path), ("account_id" = Uuid, Path)), request_body = RoleBody, responses(
    (status = 204),
    (status = 409, description = "`last_owner`", body = Problem, content_type = "application/problem+json"),
))]
#[put("/organizations/{id}/members/{account_id}")]
pub async fn set_member_role(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Body<RoleBody>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let (id, member) = path.into_inner();
    service::set_member_role(&state, &actor, id, member, body.role).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a member (owners), or leave (yourself). The last owner can
/// neither leave nor be removed.
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(("id" = Uuid, Path), ("account_id" = Uuid, Path)), responses(
    (status = 204),
    (status = 409, description = "`last_owner`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/members/{account_id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (id, member) = path.into_inner();
    service::remove_member(&state, &actor, id, member).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyOrganizations {
    pub items: Vec<OrganizationView>,
}

/// The organisations the caller belongs to.
#[utoipa::path(operation_id = "my_organizations", tag = "me", security(("bearer" = [])), responses((status = 200, body = MyOrganizations)))]
#[get("/me/organizations")]
pub async fn mine(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let items = service::mine(&state, &actor)
        .await?
        .into_iter()
        .map(OrganizationView::from)
        .collect();
    Ok(HttpResponse::Ok().json(MyOrganizations { items }))
}
