//! `/v1/admin`: accounts, referent roles, suspensions, service mode.

use actix_web::{delete, get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::Admin;
use super::extract::Body;
use super::problem::Problem;
use super::views::{me_view, MeView};
use crate::domain::account::EmailAddress;
use crate::error::ServiceError;
use crate::platform::{Mode, Override};
use crate::services::admin;
use crate::state::AppState;
use crate::store::service_mode::ModeChange;

/// An account as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminAccountView {
    #[serde(flatten)]
    pub account: MeView,
    pub suspended_reason: Option<String>,
}

async fn view(
    state: &AppState,
    account: crate::store::accounts::AccountRow,
) -> Result<AdminAccountView, ServiceError> {
    let suspended_reason = account.suspended_reason.clone();
    Ok(AdminAccountView {
        account: me_view(state, account).await?,
        suspended_reason,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccountQuery {
    /// The account's email address (any case).
    pub email: String,
}

/// Find an account by email.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(AccountQuery), responses(
    (status = 200, body = AdminAccountView),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/admin/accounts")]
pub async fn find_account(
    state: web::Data<AppState>,
    _: Admin,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, ServiceError> {
    let email = EmailAddress::parse(&query.email)
        .map_err(|e| ServiceError::field("email", e.code, &e.message))?;
    let account = admin::account_by_email(&state, &email).await?;
    Ok(HttpResponse::Ok().json(view(&state, account).await?))
}

/// One account.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = AdminAccountView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/admin/accounts/{id}")]
pub async fn get_account(
    state: web::Data<AppState>,
    _: Admin,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let account = admin::account(&state, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view(&state, account).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// Department codes where the account becomes a referent.
    #[serde(default)]
    pub grant_referent: Vec<String>,
    /// Department codes where it stops being one.
    #[serde(default)]
    pub revoke_referent: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferentRoles {
    pub referent_departments: Vec<String>,
}

/// Grant and revoke the referent role, per department. The account's live
/// access tokens are voided; its next refresh carries the new roles.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = RoleChange, responses(
    (status = 200, body = ReferentRoles),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/admin/accounts/{id}/roles")]
pub async fn change_roles(
    state: web::Data<AppState>,
    _: Admin,
    id: web::Path<Uuid>,
    body: Body<RoleChange>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let departments = admin::change_referent(
        &state,
        id.into_inner(),
        &body.grant_referent,
        &body.revoke_referent,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ReferentRoles {
        referent_departments: departments,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    pub reason: String,
}

/// Suspend an account: it cannot sign in, and its live tokens stop working
/// within seconds.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = Suspension, responses(
    (status = 200, body = AdminAccountView),
    (status = 409, description = "`invalid_transition`: the account is not active", body = Problem, content_type = "application/problem+json"),
))]
#[post("/admin/accounts/{id}/suspension")]
pub async fn suspend(
    state: web::Data<AppState>,
    Admin(actor): Admin,
    id: web::Path<Uuid>,
    body: Body<Suspension>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let reason = crate::domain::validation::text(&body.reason, 3, 500)
        .map_err(|e| ServiceError::field("reason", e.code, &e.message))?;
    let account = admin::set_suspended(&state, actor.id, id.into_inner(), Some(&reason)).await?;
    Ok(HttpResponse::Ok().json(view(&state, account).await?))
}

/// Reinstate a suspended account.
#[utoipa::path(tag = "admin", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = AdminAccountView),
    (status = 409, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/admin/accounts/{id}/suspension")]
pub async fn reinstate(
    state: web::Data<AppState>,
    Admin(actor): Admin,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let account = admin::set_suspended(&state, actor.id, id.into_inner(), None).await?;
    Ok(HttpResponse::Ok().json(view(&state, account).await?))
}

/// Who decides the service mode: `auto` hands it to the controllers of
/// the replicas; `normal` or `degraded` pins it until set back to `auto`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceModeBody {
    pub mode: Override,
    /// Why, for the history.
    pub reason: Option<String>,
}

/// The mode now, who decides it, and the latest changes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceModeView {
    pub mode: Mode,
    #[serde(rename = "override")]
    pub override_mode: Override,
    /// Newest first, the last 50.
    pub changes: Vec<ModeChange>,
}

/// Pin the service mode of every replica (within a second), or hand it
/// back to the automatic controllers with `auto`.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = ServiceModeBody, responses(
    (status = 200, body = ServiceModeView),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[put("/admin/service-mode")]
pub async fn set_service_mode(
    state: web::Data<AppState>,
    Admin(actor): Admin,
    body: Body<ServiceModeBody>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    admin::set_service_mode(&state, &actor, body.mode, body.reason.as_deref()).await?;
    Ok(HttpResponse::Ok().json(service_mode_view(&state).await?))
}

/// The service mode, who decides it, and its history.
#[utoipa::path(tag = "admin", security(("bearer" = [])), responses((status = 200, body = ServiceModeView)))]
#[get("/admin/service-mode")]
pub async fn get_service_mode(
    state: web::Data<AppState>,
    _admin: Admin,
) -> Result<HttpResponse, ServiceError> {
    Ok(HttpResponse::Ok().json(service_mode_view(&state).await?))
}

async fn service_mode_view(state: &AppState) -> Result<ServiceModeView, ServiceError> {
    let (mode, override_mode, changes) = admin::service_mode(state).await?;
    Ok(ServiceModeView {
        mode,
        override_mode,
        changes,
    })
}
