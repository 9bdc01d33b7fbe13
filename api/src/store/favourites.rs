//! Missions a volunteer bookmarked.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

pub async fn add(
    h: Handle<'_>,
    account: Uuid,
    mission: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO favourites (account_id, mission_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, mission_id) DO NOTHING",
    )
    .bind(account)
    .bind(mission)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn remove(h: Handle<'_>, account: Uuid, mission: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM favourites WHERE account_id = $1 AND mission_id = $2")
        .bind(account)
        .bind(mission)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn remove_all(h: Handle<'_>, account: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM favourites WHERE account_id = $1")
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A bookmarked mission and where it stands now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Favourite {
    pub mission_id: Uuid,
    pub title: String,
    pub organization_id: Uuid,
    pub organization_name: String,
    #[sqlx(try_from = "String")]
    pub state: crate::domain::moderation::MissionState,
    /// Whether the public may see it (published or finished, organisation
    /// approved).
    pub public: bool,
    pub registration_open: bool,
    pub places_left: i32,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// The account's favourites, newest first.
pub async fn of_account(h: Handle<'_>, account: Uuid) -> Result<Vec<Favourite>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Favourite>(
        "SELECT m.id AS mission_id, m.title, o.id AS organization_id, o.name AS organization_name, m.state,
                (m.state IN ('published', 'completed', 'cancelled') AND o.state = 'approved') AS public,
                m.registration_open, CASE WHEN m.capacity > m.places_taken THEN m.capacity - m.places_taken ELSE 0 END AS places_left,
                m.start_date, m.end_date, f.created_at
         FROM favourites f JOIN missions m ON m.id = f.mission_id JOIN organizations o ON o.id = m.organization_id
         WHERE f.account_id = $1 ORDER BY f.created_at DESC LIMIT 500",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}
