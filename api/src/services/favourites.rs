//! Favourites: missions a volunteer bookmarks, listed with where each
//! stands now (open, full, closed, finished, withdrawn).

use uuid::Uuid;

use crate::auth::actor::AccountActor;
use crate::error::ServiceError;
use crate::state::AppState;
use crate::store::favourites::{self as store, Favourite};

/// Bookmarks a mission the public can see; doing it twice changes nothing.
pub async fn add(
    state: &AppState,
    actor: &AccountActor,
    mission: Uuid,
) -> Result<(), ServiceError> {
    crate::services::access::current(state, actor.id).await?;
    let mut conn = state.db.acquire().await?;
    if crate::store::missions::public(conn.h(), mission)
        .await?
        .is_none()
    {
        return Err(ServiceError::NotFound);
    }
    store::add(conn.h(), actor.id, mission, state.clock().now()).await?;
    Ok(())
}

pub async fn remove(
    state: &AppState,
    actor: &AccountActor,
    mission: Uuid,
) -> Result<(), ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::remove(conn.h(), actor.id, mission).await?;
    Ok(())
}

pub async fn list(state: &AppState, actor: &AccountActor) -> Result<Vec<Favourite>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of_account(conn.h(), actor.id).await?)
}
