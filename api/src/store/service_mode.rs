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
    .bind(Utc::now())
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}
