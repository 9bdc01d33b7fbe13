//! Missions like this one: the same domain, near it, with places left.
//! Shown at the end of a mission's page, and offered when a mission is
//! full ("somewhere else"): the night's crowd at the televised mission
//! finds the others instead of a dead end.

use uuid::Uuid;

use crate::error::ServiceError;
use crate::search::query::{Around, Hit, SearchQuery};
use crate::state::AppState;
use crate::store::missions as store;

/// How far "near" reaches: a day's trip to volunteer.
pub const RADIUS_KM: f64 = 50.0;

/// Up to `limit` open missions of `mission`'s domain, nearest its first
/// address first (soonest first for a mission without one), itself left
/// out. `NotFound` unless the mission is public.
pub async fn similar(
    state: &AppState,
    mission: Uuid,
    limit: u32,
) -> Result<Vec<Hit>, ServiceError> {
    let (m, first) = {
        let mut conn = state.db.acquire().await?;
        let Some((m, _)) = store::public(conn.h(), mission).await? else {
            return Err(ServiceError::NotFound);
        };
        let first = store::addresses_of(conn.h(), &[mission])
            .await?
            .remove(&mission)
            .and_then(|a| a.into_iter().next());
        (m, first)
    };
    let query = SearchQuery {
        domains: vec![m.domain.clone()],
        has_places: true,
        around: first.map(|a| Around {
            latitude: a.latitude,
            longitude: a.longitude,
            radius_km: Some(RADIUS_KM),
        }),
        // One more: the mission itself may be among them.
        per_page: limit + 1,
        ..SearchQuery::default()
    };
    let found = crate::search::builtin::search(
        &state.db,
        &query,
        crate::search::counts::Policy::from_settings(&state.settings.search),
    )
    .await?;
    Ok(found
        .hits
        .into_iter()
        .filter(|h| h.id != mission)
        .take(limit as usize)
        .collect())
}
