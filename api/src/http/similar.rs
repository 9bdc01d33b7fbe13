//! `GET /v1/missions/{id}/similar`: missions like this one nearby, with
//! places left (`services::similar`).

use std::time::Duration;

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::problem::Problem;
use super::revalidation::{public_search, Freshness};
use crate::error::ServiceError;
use crate::search::query::Hit;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SimilarQuery {
    /// 1 to 12; 6 when absent.
    #[param(minimum = 1, maximum = 12)]
    pub limit: Option<u32>,
}

/// Missions like one, as search lists them.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarMissions {
    pub items: Vec<Hit>,
}

/// What the CDN may keep: places change, so a minute.
const FRESHNESS: Freshness = Freshness::new(Duration::from_secs(60), Duration::from_secs(60));

/// Missions of the same domain near this one (50 km of its first address,
/// nearest first; soonest first for a mission without an address) that
/// still have places: for the end of the mission's page, and for
/// somewhere else to go when it is full (`mission_full` links here). The
/// same for everyone, cached here and by the CDN; 404 unless the mission
/// is public.
#[utoipa::path(operation_id = "similar_missions", tag = "missions", params(("id" = Uuid, Path), SimilarQuery), responses(
    (status = 200, body = SimilarMissions, headers(("ETag" = String), ("Cache-Control" = String))),
    (status = 304, description = "unchanged since the `If-None-Match` ETag"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/missions/{id}/similar")]
pub async fn similar(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let query: SimilarQuery = super::parse_query(&req)?;
    let limit = match query.limit {
        None => 6,
        Some(l @ 1..=12) => l,
        Some(_) => {
            return Err(ServiceError::field(
                "limit",
                "out_of_range",
                "must be between 1 and 12",
            ))
        }
    };
    let mission = id.into_inner();
    let key = format!("similar:{mission}:{limit}");
    let state = &state;
    public_search(state, &req, key, FRESHNESS, || async move {
        let items = crate::services::similar::similar(state, mission, limit).await?;
        Ok(SimilarMissions { items })
    })
    .await
}
