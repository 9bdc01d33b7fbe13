//! `/v1/me`: the signed-in person's account, profile and personal data.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::problem::Problem;
use super::views::{me_view, MeView};
use crate::domain::account::EmailAddress;
use crate::error::ServiceError;
use crate::services::accounts;
use crate::state::AppState;
use crate::store::personal;

/// The signed-in account, its roles and profile.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = MeView),
    (status = 401, body = Problem, content_type = "application/problem+json"),
))]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let account = accounts::current(&state, actor.id).await?;
    Ok(HttpResponse::Ok().json(me_view(&state, account).await?))
}

/// A profile edit: only the fields given change. An empty `phone` or
/// `presentation` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub phone: Option<String>,
    pub skills: Option<Vec<String>>,
    pub domains: Option<Vec<String>>,
    pub presentation: Option<String>,
    pub visible_to_organizations: Option<bool>,
}

/// Edit the profile, validated like signup. Once the person has applied
/// anywhere, the birth date changes only through
/// `POST /v1/me/birth-date-correction`.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = ProfilePatch, responses(
    (status = 200, body = MeView),
    (status = 409, description = "`birth_date_locked`: the birth date judged an application", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/me")]
pub async fn patch_me(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    patch: Body<ProfilePatch>,
) -> Result<HttpResponse, ServiceError> {
    let patch = patch.parse()?;
    let updated = accounts::update_profile(&state, actor.id, |p| {
        if let Some(v) = patch.first_name {
            p.first_name = v;
        }
        if let Some(v) = patch.last_name {
            p.last_name = v;
        }
        if let Some(v) = patch.birth_date {
            p.birth_date = Some(v);
        }
        if let Some(v) = patch.postcode {
            p.postcode = Some(v);
        }
        if let Some(v) = patch.phone {
            p.phone = Some(v);
        }
        if let Some(v) = patch.skills {
            p.skills = v;
        }
        if let Some(v) = patch.domains {
            p.domains = v;
        }
        if let Some(v) = patch.presentation {
            p.presentation = Some(v);
        }
        if let Some(v) = patch.visible_to_organizations {
            p.visible_to_organizations = v;
        }
    })
    .await?;
    Ok(HttpResponse::Ok().json(me_view(&state, updated).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BirthDateCorrection {
    /// The right birth date (16 to 100 years ago).
    #[schema(value_type = String, format = Date)]
    pub birth_date: chrono::NaiveDate,
    /// Why it changes (10 to 500 characters), kept with the record.
    #[schema(min_length = 10, max_length = 500)]
    pub reason: String,
}

/// Correct a birth date that already judged an application (`PATCH /v1/me`
/// answers 409 `birth_date_locked` then). The change is recorded with its
/// reason, and past applications keep the age band they were judged on.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = BirthDateCorrection, responses(
    (status = 200, body = MeView),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/birth-date-correction")]
pub async fn correct_birth_date(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: Body<BirthDateCorrection>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let updated =
        accounts::correct_birth_date(&state, actor.id, body.birth_date, &body.reason).await?;
    Ok(HttpResponse::Ok().json(me_view(&state, updated).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Change the password; the account's other sessions end.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = PasswordChange, responses(
    (status = 204),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: Body<PasswordChange>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    accounts::change_password(
        &state,
        actor.id,
        actor.session,
        body.current_password,
        body.new_password,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChange {
    pub new_email: String,
    /// The current password, to confirm.
    pub password: String,
}

/// Ask to change the email address: a confirmation link goes to the new
/// address; the change takes effect when it is followed.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = EmailChange, responses(
    (status = 202, body = super::views::Accepted),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "a quota of the account or the organisation is used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/email")]
pub async fn change_email(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: Body<EmailChange>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let new_email = EmailAddress::parse(&body.new_email)
        .map_err(|e| ServiceError::field("new_email", e.code, &e.message))?;
    accounts::request_email_change(&state, actor.id, new_email, body.password).await?;
    Ok(HttpResponse::Accepted().json(super::views::Accepted {
        status: "accepted",
        detail: "a confirmation link was sent to the new address",
    }))
}

/// Everything held about the person.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalData {
    pub account: MeView,
    pub sessions: Vec<SessionView>,
    /// Emails sent or waiting, with their parameters (links' secrets removed).
    #[schema(value_type = Vec<Object>)]
    pub emails: Vec<Value>,
    /// Applications, with the motivation texts written.
    pub participations: Vec<personal::ParticipationRecord>,
    /// The shifts chosen in those participations.
    pub shifts: Vec<personal::ShiftRecord>,
    pub memberships: Vec<personal::MembershipRecord>,
    /// Invitations received at the address, and sent by the person.
    pub invitations: Vec<personal::InvitationRecord>,
    /// Changes the person made, and changes to their applications.
    pub history: Vec<personal::HistoryRecord>,
    /// Messages written in conversations.
    pub messages: Vec<crate::store::messages::AuthoredMessage>,
    /// Missions bookmarked.
    pub favourites: Vec<FavouriteRecord>,
    /// Places on waiting lists.
    pub waiting_lists: Vec<super::waiting_list::WaitingPlace>,
    /// What the person chose to be told by email.
    pub notifications: crate::domain::notification::Preferences,
    /// Searches kept for the daily alerts.
    pub saved_searches: Vec<super::saved_searches::SavedSearchView>,
    /// Where the person came from when they signed up (the link's
    /// campaign tags, API Engagement's click id).
    pub origin: crate::domain::origin::Origin,
    pub exported_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FavouriteRecord {
    pub mission_id: Uuid,
    pub title: String,
    pub added_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Export everything held about the signed-in person, as JSON.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses((status = 200, body = PersonalData)))]
#[get("/me/export")]
pub async fn export(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let account = accounts::current(&state, actor.id).await?;
    let now = state.clock().now();
    let records = accounts::personal_records(&state, &account, now).await?;
    let emails = records
        .emails
        .into_iter()
        .map(|(payload, state, created_at)| {
            let mut payload = payload.0;
            if let Some(params) = payload.get_mut("params").and_then(Value::as_object_mut) {
                params.remove("token");
            }
            serde_json::json!({"template": payload["template"], "params": payload["params"], "state": state, "created_at": created_at})
        })
        .collect();
    let data = PersonalData {
        account: me_view(&state, account).await?,
        sessions: records
            .sessions
            .into_iter()
            .map(|s| SessionView {
                id: s.family_id,
                created_at: s.created_at,
                expires_at: s.expires_at,
            })
            .collect(),
        emails,
        participations: records.participations,
        shifts: records.shifts,
        memberships: records.memberships,
        invitations: records.invitations,
        history: records.history,
        messages: records.messages,
        waiting_lists: records
            .waiting_lists
            .into_iter()
            .map(super::waiting_list::WaitingPlace::from)
            .collect(),
        favourites: records
            .favourites
            .into_iter()
            .map(|(mission_id, title, added_at)| FavouriteRecord {
                mission_id,
                title,
                added_at,
            })
            .collect(),
        notifications: records.notifications,
        saved_searches: records
            .saved_searches
            .into_iter()
            .map(super::saved_searches::SavedSearchView::from)
            .collect(),
        origin: records.origin,
        exported_at: now,
    };
    Ok(HttpResponse::Ok()
        .insert_header((
            "content-disposition",
            "attachment; filename=\"renfort-export.json\"",
        ))
        .insert_header(("cache-control", "no-store"))
        .json(data))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Erasure {
    pub password: String,
}

/// Erase the account: the identity is replaced by a tombstone, every
/// session ends, open applications are cancelled and the texts of all are
/// removed, memberships end, emails and stored responses are forgotten.
/// Refused (409 `last_owner`) while the person is the last owner of an
/// organisation. The address may sign up again as a new person.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = Erasure, responses(
    (status = 204),
    (status = 409, description = "`last_owner`: the last owner of an organisation (named in `organization_id`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "wrong password", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/me")]
pub async fn erase(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: Body<Erasure>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    accounts::erase(&state, actor.id, body.password).await?;
    Ok(HttpResponse::NoContent().finish())
}
