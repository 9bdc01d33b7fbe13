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

/// What a picture belongs to: a mission (its image) or an organisation
/// (its logo).
#[derive(Debug, Clone, Copy)]
pub enum Holder {
    Mission(uuid::Uuid),
    Organization(uuid::Uuid),
}

/// Sets the holder's picture (both renditions' names, or none).
pub async fn set(
    h: Handle<'_>,
    holder: Holder,
    names: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (sql, id) = match holder {
        Holder::Mission(id) => (
            "UPDATE missions SET image_large = $2, image_small = $3, updated_at = $4 WHERE id = $1",
            id,
        ),
        Holder::Organization(id) => (
            "UPDATE organizations SET logo_large = $2, logo_small = $3, updated_at = $4 WHERE id = $1",
            id,
        ),
    };
    on_handle!(h, c => sqlx::query(sql)
        .bind(id)
        .bind(names.map(|n| n.0))
        .bind(names.map(|n| n.1))
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
