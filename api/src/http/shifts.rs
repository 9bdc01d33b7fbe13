//! `/v1/missions/{id}/shifts`: the dated shifts of a mission, each with its
//! own places, chosen by volunteers when they apply.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::{Authenticated, PartnerKey};
use super::extract::Body;
use super::problem::Problem;
use crate::auth::actor::Acting;
use crate::domain::api_key::Scope;
use crate::domain::shift::Every;
use crate::error::ServiceError;
use crate::services::partner;
use crate::services::shifts::{self as service, NewShift, ShiftChange};
use crate::state::AppState;
use crate::store::shifts::ShiftRow;

/// A shift and its places.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ShiftView {
    pub id: Uuid,
    #[schema(value_type = String, format = Date, example = "2027-03-13")]
    pub day: NaiveDate,
    /// Wall-clock time where the mission happens.
    #[schema(example = "09:00")]
    pub start_time: String,
    #[schema(example = "12:00")]
    pub end_time: String,
    pub capacity: i32,
    pub places_left: i32,
}

impl From<ShiftRow> for ShiftView {
    fn from(s: ShiftRow) -> Self {
        ShiftView {
            id: s.id,
            day: s.day,
            start_time: s.start_time.format("%H:%M").to_string(),
            end_time: s.end_time.format("%H:%M").to_string(),
            capacity: s.capacity,
            places_left: (s.capacity - s.places_taken).max(0),
        }
    }
}

/// Fills in the shifts each participation view holds, read in one query.
pub async fn attach<T>(
    state: &AppState,
    items: &mut [T],
    id: impl Fn(&T) -> Uuid,
    shifts: impl Fn(&mut T) -> &mut Vec<ShiftView>,
) -> Result<(), ServiceError> {
    let ids: Vec<Uuid> = items.iter().map(&id).collect();
    let mut held = service::held(state, &ids).await?;
    for item in items.iter_mut() {
        if let Some(rows) = held.remove(&id(item)) {
            *shifts(item) = rows.into_iter().map(ShiftView::from).collect();
        }
    }
    Ok(())
}

/// A series: the shift repeats every day or week up to `until`, inclusive.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    pub every: Every,
    #[schema(value_type = String, format = Date)]
    pub until: NaiveDate,
}

/// A shift to add, or the first of a series.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShiftBody {
    #[schema(value_type = String, format = Date, example = "2027-03-13")]
    pub day: NaiveDate,
    #[schema(value_type = String, example = "09:00")]
    #[serde(with = "hhmm")]
    pub start_time: NaiveTime,
    #[schema(value_type = String, example = "12:00")]
    #[serde(with = "hhmm")]
    pub end_time: NaiveTime,
    /// 1 to 10,000; a mission offers at most 10,000 places over its shifts.
    pub capacity: i32,
    /// A mission has at most 200 live shifts.
    pub repeat: Option<Repeat>,
}

impl From<NewShiftBody> for NewShift {
    fn from(b: NewShiftBody) -> Self {
        NewShift {
            day: b.day,
            start: b.start_time,
            end: b.end_time,
            capacity: b.capacity,
            repeat: b.repeat.map(|r| (r.every, r.until)),
        }
    }
}

/// What to change on a shift; what is left out stays.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftPatch {
    #[schema(value_type = Option<String>, format = Date)]
    pub day: Option<NaiveDate>,
    #[schema(value_type = Option<String>, example = "09:00")]
    #[serde(default, with = "hhmm::option")]
    pub start_time: Option<NaiveTime>,
    #[schema(value_type = Option<String>, example = "12:00")]
    #[serde(default, with = "hhmm::option")]
    pub end_time: Option<NaiveTime>,
    /// Not below the places taken (409 `capacity_below_taken`).
    pub capacity: Option<i32>,
}

impl From<ShiftPatch> for ShiftChange {
    fn from(p: ShiftPatch) -> Self {
        ShiftChange {
            day: p.day,
            start: p.start_time,
            end: p.end_time,
            capacity: p.capacity,
        }
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftCancellation {
    /// Told to the volunteers; at most 2,000 characters.
    pub reason: Option<String>,
}

/// "HH:MM", the times of shifts as people write them.
mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let v = String::deserialize(d)?;
        NaiveTime::parse_from_str(&v, "%H:%M")
            .map_err(|_| serde::de::Error::custom("must be a time as HH:MM"))
    }

    pub mod option {
        use chrono::NaiveTime;
        use serde::{Deserialize, Deserializer};

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
            Option::<String>::deserialize(d)?
                .map(|v| {
                    NaiveTime::parse_from_str(&v, "%H:%M")
                        .map_err(|_| serde::de::Error::custom("must be a time as HH:MM"))
                })
                .transpose()
        }
    }
}

/// A mission's live shifts in time order, past ones included: anyone for
/// a published mission, its members, referents and admins otherwise.
#[utoipa::path(operation_id = "list_shifts", tag = "missions", params(("id" = Uuid, Path, description = "mission")), responses(
    (status = 200, body = Vec<ShiftView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/missions/{id}/shifts")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Option<Authenticated>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let actor = actor.map(|Authenticated(a)| a);
    let shifts = service::of_mission(&state, actor.as_ref(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(shifts.into_iter().map(ShiftView::from).collect::<Vec<_>>()))
}

/// Add a shift, or a daily or weekly series of them (members). The
/// mission's places and dates become those of its shifts, and volunteers
/// choose among them when applying. Refused with 409
/// `shifts_after_applications` once it holds applications without shifts.
#[utoipa::path(operation_id = "add_shifts", tag = "missions", security(("bearer" = [])), params(("id" = Uuid, Path, description = "mission")),
    request_body = NewShiftBody, responses(
    (status = 201, description = "the shifts added", body = Vec<ShiftView>),
    (status = 403, description = "`members_only`", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`mission_frozen`, `shifts_after_applications`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/missions/{id}/shifts")]
pub async fn add(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<NewShiftBody>,
) -> Result<HttpResponse, ServiceError> {
    let new = body.parse()?.into();
    let added = service::add(&state, Acting::Account(&actor), id.into_inner(), new).await?;
    Ok(HttpResponse::Created().json(added.into_iter().map(ShiftView::from).collect::<Vec<_>>()))
}

/// Change a shift's day, hours or places (members). Its volunteers are
/// emailed when the day or hours move; more places go to its waiting list
/// first.
#[utoipa::path(operation_id = "update_shift", tag = "missions", security(("bearer" = [])), params(
    ("id" = Uuid, Path, description = "mission"), ("shift_id" = Uuid, Path),
), request_body = ShiftPatch, responses(
    (status = 200, body = ShiftView),
    (status = 403, description = "`members_only`", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`shift_closed`, `capacity_below_taken`, `mission_frozen`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/missions/{id}/shifts/{shift_id}")]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Body<ShiftPatch>,
) -> Result<HttpResponse, ServiceError> {
    let (mission, shift) = path.into_inner();
    let change = body.parse()?.into();
    let row = service::change(&state, Acting::Account(&actor), mission, shift, change).await?;
    Ok(HttpResponse::Ok().json(ShiftView::from(row)))
}

/// Cancel a shift (members): its places go back, its volunteers are
/// emailed, and one left without any other shift on the mission is
/// cancelled; its waiting line is told and emptied. The last shift of a
/// mission stays (409 `last_shift`): cancel the mission instead.
#[utoipa::path(operation_id = "cancel_shift", tag = "missions", security(("bearer" = [])), params(
    ("id" = Uuid, Path, description = "mission"), ("shift_id" = Uuid, Path),
), request_body = ShiftCancellation, responses(
    (status = 204),
    (status = 403, description = "`members_only`", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`last_shift`, `mission_frozen`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/missions/{id}/shifts/{shift_id}/cancellation")]
pub async fn cancel(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: Body<ShiftCancellation>,
) -> Result<HttpResponse, ServiceError> {
    let (mission, shift) = path.into_inner();
    let b = body.parse()?;
    service::cancel(&state, Acting::Account(&actor), mission, shift, b.reason).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The shifts a volunteer adds to their participation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftChoice {
    /// Shifts of the participation's mission; those already held are left
    /// as they are.
    pub shift_ids: Vec<Uuid>,
}

/// Add shifts to one's own participation (its volunteer, while it holds a
/// place): a place on each, as when applying. Returns the shifts held.
#[utoipa::path(operation_id = "add_participation_shifts", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "participation")), request_body = ShiftChoice, responses(
    (status = 200, description = "the shifts held now", body = Vec<ShiftView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`shift_full` (with `shift_id`), `mission_full`, `participation_closed`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/participations/{id}/shifts")]
pub async fn add_to_participation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<ShiftChoice>,
) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    // Whose participation it is is settled before the body is judged.
    crate::services::participations::load_visible(&state, &actor, id).await?;
    let choice = body.parse()?;
    let held = service::add_to_participation(&state, &actor, id, choice.shift_ids).await?;
    Ok(HttpResponse::Ok().json(held.into_iter().map(ShiftView::from).collect::<Vec<_>>()))
}

/// Let one shift of one's own participation go: its place goes to that
/// shift's waiting line. The only shift held stays (409 `last_shift`):
/// cancel the participation to leave. Returns the shifts held.
#[utoipa::path(operation_id = "drop_participation_shift", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "participation"), ("shift_id" = Uuid, Path)), responses(
    (status = 200, description = "the shifts held now", body = Vec<ShiftView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`last_shift`, `participation_closed`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/participations/{id}/shifts/{shift_id}")]
pub async fn drop_from_participation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (id, shift) = path.into_inner();
    let held = service::drop_from_participation(&state, &actor, id, shift).await?;
    Ok(HttpResponse::Ok().json(held.into_iter().map(ShiftView::from).collect::<Vec<_>>()))
}

/// The shifts of the organisation's mission known by your own id. Scope
/// `missions:read`.
#[utoipa::path(operation_id = "partner_list_shifts", tag = "partners",
    security(("api_key" = ["missions:read"])),
    params(("client_id" = String, Path, description = "your own id of the mission")), responses(
    (status = 200, body = Vec<ShiftView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/partner/missions/{client_id}/shifts")]
pub async fn partner_list(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    let id = partner::mission_id(&state, &key, &client_id, Scope::MissionsRead).await?;
    let shifts = service::all_of(&state, id).await?;
    Ok(HttpResponse::Ok().json(shifts.into_iter().map(ShiftView::from).collect::<Vec<_>>()))
}

/// Add a shift or a series to the organisation's mission known by your
/// own id, as its members would. Its places and dates then follow its
/// shifts: what a later `PUT` sends for them is kept as the shifts make
/// them. Scope `missions:write`.
#[utoipa::path(operation_id = "partner_add_shifts", tag = "partners",
    security(("api_key" = ["missions:write"])),
    params(("client_id" = String, Path, description = "your own id of the mission")),
    request_body = NewShiftBody, responses(
    (status = 201, description = "the shifts added", body = Vec<ShiftView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`mission_frozen`, `shifts_after_applications`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/partner/missions/{client_id}/shifts")]
pub async fn partner_add(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
    body: Body<NewShiftBody>,
) -> Result<HttpResponse, ServiceError> {
    let id = partner::mission_id(&state, &key, &client_id, Scope::MissionsWrite).await?;
    let new = body.parse()?.into();
    let added = service::add(&state, Acting::Key(&key), id, new).await?;
    Ok(HttpResponse::Created().json(added.into_iter().map(ShiftView::from).collect::<Vec<_>>()))
}

/// Change a shift of the organisation's mission known by your own id, as
/// its members would (its volunteers are told). Scope `missions:write`.
#[utoipa::path(operation_id = "partner_update_shift", tag = "partners",
    security(("api_key" = ["missions:write"])),
    params(("client_id" = String, Path), ("shift_id" = Uuid, Path)),
    request_body = ShiftPatch, responses(
    (status = 200, body = ShiftView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`shift_closed`, `capacity_below_taken`, `mission_frozen`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/partner/missions/{client_id}/shifts/{shift_id}")]
pub async fn partner_update(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    path: web::Path<(String, Uuid)>,
    body: Body<ShiftPatch>,
) -> Result<HttpResponse, ServiceError> {
    let (client_id, shift) = path.into_inner();
    let id = partner::mission_id(&state, &key, &client_id, Scope::MissionsWrite).await?;
    let change = body.parse()?.into();
    let row = service::change(&state, Acting::Key(&key), id, shift, change).await?;
    Ok(HttpResponse::Ok().json(ShiftView::from(row)))
}

/// Cancel a shift of the organisation's mission known by your own id, as
/// its members would (its volunteers are told, places given back). Scope
/// `missions:write`.
#[utoipa::path(operation_id = "partner_cancel_shift", tag = "partners",
    security(("api_key" = ["missions:write"])),
    params(("client_id" = String, Path), ("shift_id" = Uuid, Path)),
    request_body = ShiftCancellation, responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`last_shift`, `mission_frozen`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/partner/missions/{client_id}/shifts/{shift_id}/cancellation")]
pub async fn partner_cancel(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    path: web::Path<(String, Uuid)>,
    body: Body<ShiftCancellation>,
) -> Result<HttpResponse, ServiceError> {
    let (client_id, shift) = path.into_inner();
    let id = partner::mission_id(&state, &key, &client_id, Scope::MissionsWrite).await?;
    let b = body.parse()?;
    service::cancel(&state, Acting::Key(&key), id, shift, b.reason).await?;
    Ok(HttpResponse::NoContent().finish())
}
