//! `/v1/admin`: accounts, referent roles, suspensions, service mode, and
//! the audit trail of what was done.

use actix_web::{delete, get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::Admin;
use super::extract::Body;
use super::pagination::{Page, PageQuery};
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
    Admin(actor): Admin,
    id: web::Path<Uuid>,
    body: Body<RoleChange>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let departments = admin::change_referent(
        &state,
        actor.id,
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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Entries about this organisation.
    pub organization_id: Option<Uuid>,
    /// Entries about this account (a suspension, a referent role, a
    /// membership, an erasure).
    pub account_id: Option<Uuid>,
    /// Entries of what this account did.
    pub actor_id: Option<Uuid>,
    /// One action (`account.suspended`), or a family ending in `.`
    /// (`member.`, `referent.`).
    pub action: Option<String>,
    /// Entries about this department (referent roles, exports).
    pub department: Option<String>,
    /// 1 to 100; 20 when absent.
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One entry of the audit trail, as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminAuditEntry {
    pub id: Uuid,
    /// `account.suspended`, `account.reinstated`, `account.erased`,
    /// `referent.granted`, `referent.revoked`, `service_mode.set`,
    /// `member.joined`, `member.role_changed`, `member.left`,
    /// `member.removed`, `member.erased`, `api_key.…`,
    /// `webhook_endpoint.…`, `export.…`.
    pub action: String,
    pub organization_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub department: Option<String>,
    pub actor_id: Option<Uuid>,
    /// `owner`, `manager`, `referent`, `admin`, `volunteer`, `api_key` or
    /// `system`.
    pub actor_role: String,
    pub actor_name: Option<String>,
    pub detail: serde_json::Value,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// What was done on the platform beside state changes: suspensions,
/// referent roles, service-mode overrides, memberships, erasures, keys,
/// webhook endpoints and exports; newest first, filtered and paged.
#[utoipa::path(operation_id = "admin_audit", tag = "admin", security(("bearer" = [])), params(AuditQuery), responses(
    (status = 200, body = Page<AdminAuditEntry>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/admin/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    _: Admin,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: AuditQuery = super::parse_query(&req)?;
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<Uuid> = page.cursor()?;
    let filter = crate::store::audit::Filter {
        organization: query.organization_id,
        account: query.account_id,
        actor: query.actor_id,
        action: query.action.as_deref(),
        department: query.department.as_deref(),
    };
    let rows = crate::services::history::audit(&state, &filter, before, limit + 1).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |r| r.id,
        |r| AdminAuditEntry {
            id: r.id,
            actor_name: r
                .actor_first_name
                .map(|f| format!("{f} {}", r.actor_last_name.unwrap_or_default())),
            action: r.action,
            organization_id: r.organization_id,
            account_id: r.subject_account_id,
            department: r.department,
            actor_id: r.actor_id,
            actor_role: r.actor_role,
            detail: r.detail.0,
            at: r.created_at,
        },
    )))
}
