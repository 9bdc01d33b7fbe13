//! Participations: applying, the organisation's answer, lists.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::guard::idempotent;
use super::pagination::{Page, PageQuery};
use super::problem::Problem;
use super::shifts::{attach, ShiftView};
use super::views::{history_of, History};
use super::views::{organization_view, OrganizationParticipation, OrganizationSummary};
use crate::domain::participation::{DeclineReason, ParticipationState};
use crate::error::ServiceError;
use crate::services::participations as service;
use crate::state::AppState;
use crate::store::history::Subject;

#[derive(Debug, Serialize, ToSchema)]
pub struct MissionBrief {
    pub id: Uuid,
    pub title: String,
    pub state: crate::domain::moderation::MissionState,
    pub organization: OrganizationSummary,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
}

/// A participation as its volunteer sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyParticipation {
    pub id: Uuid,
    pub state: ParticipationState,
    pub motivation: Option<String>,
    /// Why it was declined or cancelled (`mission_closed`, a decline reason…).
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub mission: MissionBrief,
    pub allowed_transitions: Vec<ParticipationState>,
    /// The shifts it holds, on a mission with shifts.
    pub shifts: Vec<super::shifts::ShiftView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `volunteer` for the person who applied, `organization` for members and admins.
#[derive(Debug, Serialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum ParticipationResponse {
    Volunteer(MyParticipation),
    Organization(OrganizationParticipation),
}

crate::tagged_views!(
    ParticipationResponse,
    "`volunteer` for the person who applied, `organization` for members and admins.",
    [
        ("ParticipationOfVolunteer", "volunteer", MyParticipation),
        (
            "ParticipationOfOrganization",
            "organization",
            OrganizationParticipation
        ),
    ]
);

fn respond(state: &AppState, seen: service::Seen) -> ParticipationResponse {
    let service::Seen {
        access,
        shifts,
        volunteer,
    } = seen;
    let allowed = access.allowed(state.clock().today());
    let shifts: Vec<ShiftView> = shifts.into_iter().map(ShiftView::from).collect();
    match volunteer {
        Some(full) => {
            let mut view = organization_view(full, allowed);
            view.shifts = shifts;
            ParticipationResponse::Organization(view)
        }
        None => {
            let p = access.participation;
            ParticipationResponse::Volunteer(MyParticipation {
                id: p.id,
                state: p.state(),
                mission: MissionBrief {
                    id: access.mission.id,
                    state: access.mission.state(),
                    organization: OrganizationSummary {
                        id: access.org.id,
                        name: access.org.name.clone(),
                    },
                    title: access.mission.title.clone(),
                    start_date: access.mission.start_date,
                    end_date: access.mission.end_date,
                },
                allowed_transitions: allowed,
                shifts,
                motivation: p.motivation,
                reason_code: p.reason_code,
                reason: p.reason,
                created_at: p.created_at,
                updated_at: p.updated_at,
            })
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// Required when the mission asks for it; at most 2,000 characters.
    pub motivation: Option<String>,
    /// A volunteer under 18 confirms that a parent or guardian agrees,
    /// when the mission asks for it (`access.parental_consent`).
    #[serde(default)]
    pub parental_consent: bool,
    /// On a mission with shifts, the shifts chosen (at least one, at most
    /// 50); on a mission without, none.
    #[serde(default)]
    pub shift_ids: Vec<Uuid>,
    // The same four tags as the signup's: serde cannot flatten a shared
    // struct into a body that refuses unknown fields.
    /// Where the application came from: the campaign's tags of the link
    /// that brought the volunteer, and API Engagement's click id
    /// (`apiengagement_id`, which the hub appends to a mission's link).
    /// Kept with the participation, never shown to other volunteers.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub utm_source: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub utm_medium: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub utm_campaign: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub apiengagement_id: Option<String>,
}

/// Apply to a mission. Refused with `registration_closed`, `too_young`,
/// `parental_consent_required` (a minor, on a mission that asks for a
/// parent's consent, without `parental_consent`),
/// `member_of_organization`, `mission_full`, `shift_full` (with its
/// `shift_id`), or `already_applied` (with the existing participation's
/// id). On a mission with shifts, `shift_ids` chooses them. Supports
/// `Idempotency-Key`.
#[utoipa::path(tag = "participations", security(("bearer" = [])), request_body = Application, params(
    ("id" = Uuid, Path, description = "mission"),
    ("Idempotency-Key" = Option<String>, Header, description = "makes retries safe"),
), responses(
    (status = 201, body = ParticipationResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "a quota of the account or the organisation is used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "`region_not_served`: registrations and applications are taken from the countries served only", body = Problem, content_type = "application/problem+json"),
))]
#[post("/missions/{id}/participations")]
pub async fn apply(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
    body: Body<Application>,
) -> Result<HttpResponse, ServiceError> {
    super::guard::region_allows_write(&state, &req)?;
    let mission = id.into_inner();
    let application = body.parse()?;
    let origin = crate::domain::origin::Origin {
        utm_source: application.utm_source.clone(),
        utm_medium: application.utm_medium.clone(),
        utm_campaign: application.utm_campaign.clone(),
        apiengagement_id: application.apiengagement_id.clone(),
    }
    .validate()
    .map_err(ServiceError::Validation)?;
    let scope = format!("participation:create:{}:{mission}", actor.id);
    idempotent(
        &state,
        &req,
        &scope,
        Some(actor.id),
        &application,
        || async {
            let seen = service::apply(
                &state,
                &actor,
                mission,
                application.motivation.clone(),
                application.parental_consent,
                application.shift_ids.clone(),
                &origin,
            )
            .await?;
            let view = respond(&state, seen);
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(view).map_err(ServiceError::internal)?,
            ))
        },
    )
    .await
}

/// The caller's participations, newest first.
#[utoipa::path(operation_id = "my_participations", tag = "participations", security(("bearer" = [])), params(PageQuery), responses((status = 200, body = Page<MyParticipation>)))]
#[get("/me/participations")]
pub async fn mine(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ServiceError> {
    let limit = query.limit()?;
    let before: Option<Uuid> = query.cursor()?;
    let rows = service::of_volunteer(&state, &actor, before, limit + 1).await?;
    let today = state.clock().today();
    let mut page = Page::from_rows(
        rows,
        limit,
        |r| r.participation.id,
        |r| {
            let p = r.participation;
            let started = r.start_date.is_none_or(|d| d <= today);
            MyParticipation {
                id: p.id,
                state: p.state(),
                allowed_transitions: p.state().allowed_targets(true, false, started),
                shifts: Vec::new(),
                mission: MissionBrief {
                    id: p.mission_id,
                    title: r.mission_title,
                    state: r.mission_state,
                    organization: OrganizationSummary {
                        id: r.organization_id,
                        name: r.organization_name,
                    },
                    start_date: r.start_date,
                    end_date: r.end_date,
                },
                motivation: p.motivation,
                reason_code: p.reason_code,
                reason: p.reason,
                created_at: p.created_at,
                updated_at: p.updated_at,
            }
        },
    );
    attach(&state, &mut page.items, |p| p.id, |p| &mut p.shifts).await?;
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MissionParticipationsQuery {
    pub state: Option<ParticipationState>,
    /// 1 to 100; 20 when absent.
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A mission's participations with the volunteers' contact details: for
/// the organisation's members (and admins) only.
#[utoipa::path(tag = "participations", security(("bearer" = [])), params(("id" = Uuid, Path, description = "mission"), MissionParticipationsQuery), responses(
    (status = 200, body = Page<OrganizationParticipation>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/missions/{id}/participations")]
pub async fn of_mission(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let mission_id = id.into_inner();
    // Who may see them is settled before the query is judged.
    let (mission, member) = service::mission_for_managers(&state, &actor, mission_id).await?;
    let query: MissionParticipationsQuery = super::parse_query(&req)?;
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<Uuid> = page.cursor()?;
    let rows = service::of_mission(&state, mission_id, query.state, before, limit + 1).await?;
    let started = mission
        .start_date
        .is_none_or(|d| d <= state.clock().today_in(&mission.time_zone()));
    let mut page = Page::from_rows(
        rows,
        limit,
        |r| r.participation.id,
        |r| {
            let allowed = r
                .participation
                .state()
                .allowed_targets(false, member, started);
            organization_view(r, allowed)
        },
    );
    attach(&state, &mut page.items, |p| p.id, |p| &mut p.shifts).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One participation: for its volunteer, the organisation's members and admins.
#[utoipa::path(operation_id = "get_participation", tag = "participations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ParticipationResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/participations/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let seen = service::view(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(respond(&state, seen)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipationTransition {
    pub to: ParticipationState,
    /// Required to decline.
    pub reason_code: Option<DeclineReason>,
    /// Free text; required with `reason_code: other`.
    pub reason: Option<String>,
}

/// Accept or decline (members), cancel (the volunteer), complete (members,
/// once the mission has started). Anything else is 409 with the
/// transitions allowed now.
#[utoipa::path(operation_id = "transition_participation", tag = "participations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ParticipationTransition, responses(
    (status = 200, body = ParticipationResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/participations/{id}/transitions")]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<ParticipationTransition>,
) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    // Who may act is settled before the body is judged.
    service::load_visible(&state, &actor, id).await?;
    let body = body.parse()?;
    let seen = service::transition_seen(
        &state,
        crate::auth::actor::Acting::Account(&actor),
        id,
        body.to,
        body.reason_code,
        body.reason,
    )
    .await?;
    Ok(HttpResponse::Ok().json(respond(&state, seen)))
}

/// The state changes of a participation.
#[utoipa::path(operation_id = "participation_history", tag = "participations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = History),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/participations/{id}/history")]
pub async fn get_history(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::load_visible(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .json(history_of(&state, Subject::Participation(access.participation.id)).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkAnswerItem {
    pub participation_id: Uuid,
    /// `accepted` or `declined`.
    pub to: ParticipationState,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkAnswers {
    #[schema(min_items = 1, max_items = 200)]
    pub answers: Vec<BulkAnswerItem>,
    /// Required when any answer declines; one for all the declines.
    pub reason_code: Option<DeclineReason>,
    /// Free text; required with `reason_code: other`.
    pub reason: Option<String>,
}

/// What became of one answer of a bulk call.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkAnswerResult {
    pub participation_id: Uuid,
    /// The status the single transition would have answered.
    pub status: u16,
    pub state: Option<ParticipationState>,
    pub problem: Option<Problem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkAnswerResults {
    pub results: Vec<BulkAnswerResult>,
}

/// Accept or decline up to 200 applications to a mission in one call
/// (members), with one reason for the declines. Each is answered exactly
/// as alone, in order, and has its own result: one in the wrong state, or
/// of another mission, fails alone.
#[utoipa::path(operation_id = "answer_participations", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "mission")), request_body = BulkAnswers, responses(
    (status = 200, body = BulkAnswerResults),
    (status = 403, description = "`members_only`", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[post("/missions/{id}/participations/answers")]
pub async fn answer_many(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<BulkAnswers>,
) -> Result<HttpResponse, ServiceError> {
    let mission_id = id.into_inner();
    // Who may act is settled before the body is judged.
    service::mission_for_managers(&state, &actor, mission_id).await?;
    let bulk = body.parse()?;
    if bulk.answers.is_empty() || bulk.answers.len() > 200 {
        return Err(ServiceError::field(
            "answers",
            "invalid_length",
            "send 1 to 200 answers",
        ));
    }
    let answers = bulk
        .answers
        .iter()
        .map(|a| (a.participation_id, a.to))
        .collect();
    let outcomes = service::answer_many(
        &state,
        &actor,
        mission_id,
        answers,
        bulk.reason_code,
        bulk.reason,
    )
    .await?;
    let results = outcomes
        .into_iter()
        .map(|(participation_id, outcome)| match outcome {
            Ok(access) => BulkAnswerResult {
                participation_id,
                status: 200,
                state: Some(access.participation.state()),
                problem: None,
            },
            Err(e) => {
                let problem = super::error::problem_of(&e);
                BulkAnswerResult {
                    participation_id,
                    status: problem.status,
                    state: None,
                    problem: Some(problem),
                }
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(BulkAnswerResults { results }))
}
