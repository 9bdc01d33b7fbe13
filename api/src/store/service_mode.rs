//! Durable copy of the service-wide settings (the service mode).

use chrono::Utc;

use super::{Db, StoreError};
use crate::on_conn;

pub async fn get(db: &Db, key: &str) -> Result<Option<String>, StoreError> {
    let mut conn = db.acquire().await?;
    let value = on_conn!(&mut conn, c => sqlx::query_scalar::<_, String>(
        "SELECT value FROM service_settings WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(c)
    .await)?;
    Ok(value)
}

pub async fn set(db: &Db, key: &str, value: &str) -> Result<(), StoreError> {
    let mut conn = db.acquire().await?;
    // Same upsert syntax on PostgreSQL and SQLite.
    on_conn!(&mut conn, c => sqlx::query(
        "INSERT INTO service_settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(db.now())
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// One change of the service mode.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ModeChange {
    pub id: uuid::Uuid,
    pub at: chrono::DateTime<Utc>,
    pub from_mode: String,
    pub to_mode: String,
    /// `auto` or `admin`.
    pub source: String,
    /// The override in force after the change: `auto`, `normal` or `degraded`.
    #[sqlx(rename = "override")]
    #[serde(rename = "override")]
    pub override_mode: String,
    pub reason: String,
    pub account_id: Option<uuid::Uuid>,
}

pub async fn record_change(db: &Db, change: &ModeChange) -> Result<(), StoreError> {
    let mut conn = db.acquire().await?;
    on_conn!(&mut conn, c => sqlx::query(
        "INSERT INTO service_mode_changes (id, at, from_mode, to_mode, source, override, reason, account_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(change.id)
    .bind(change.at)
    .bind(&change.from_mode)
    .bind(&change.to_mode)
    .bind(&change.source)
    .bind(&change.override_mode)
    .bind(&change.reason)
    .bind(change.account_id)
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The latest changes, newest first.
pub async fn changes(db: &Db, limit: i64) -> Result<Vec<ModeChange>, StoreError> {
    let mut conn = db.acquire().await?;
    let rows = on_conn!(&mut conn, c => sqlx::query_as::<_, ModeChange>(
        "SELECT id, at, from_mode, to_mode, source, override, reason, account_id
         FROM service_mode_changes ORDER BY at DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(c)
    .await)?;
    Ok(rows)
}
