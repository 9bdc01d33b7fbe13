//! Pictures kept in the database: the storage of the embedded mode and of
//! small deployments (platform/pictures.rs chooses).

use chrono::{DateTime, Utc};

use super::{Handle, StoreError};
use crate::on_handle;

/// Keeps a rendition; one already kept under its name (the hash of its
/// bytes) is the same picture.
pub async fn put(
    h: Handle<'_>,
    name: &str,
    content_type: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO pictures (name, content_type, bytes, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(content_type)
    .bind(bytes)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(h: Handle<'_>, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_scalar::<_, Vec<u8>>("SELECT bytes FROM pictures WHERE name = $1")
        .bind(name)
        .fetch_optional(c)
        .await)?,
    )
}

/// Sets a mission's image (both names, or none).
pub async fn set_mission_image(
    h: Handle<'_>,
    mission: uuid::Uuid,
    names: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE missions SET image_large = $2, image_small = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(mission)
    .bind(names.map(|n| n.0))
    .bind(names.map(|n| n.1))
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Sets an organisation's logo (both names, or none).
pub async fn set_organization_logo(
    h: Handle<'_>,
    organization: uuid::Uuid,
    names: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE organizations SET logo_large = $2, logo_small = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(organization)
    .bind(names.map(|n| n.0))
    .bind(names.map(|n| n.1))
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
