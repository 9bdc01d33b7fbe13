//! Partner API keys: the stored hash, never the secret.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::api_key::Scope;
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub prefix: String,
    pub secret_hash: Vec<u8>,
    pub name: String,
    pub scopes: Json<Vec<Scope>>,
    pub rate_per_minute: i32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub rotated_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, organization_id, prefix, secret_hash, name, scopes, rate_per_minute, created_by,
    created_at, rotated_at, last_used_at, revoked_at";

pub struct NewApiKey<'a> {
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub prefix: &'a str,
    pub secret_hash: &'a [u8],
    pub name: &'a str,
    pub scopes: &'a [Scope],
    pub rate_per_minute: i32,
    pub created_by: Uuid,
    pub at: DateTime<Utc>,
}

pub async fn insert(h: Handle<'_>, k: NewApiKey<'_>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO api_keys (id, organization_id, prefix, secret_hash, name, scopes, rate_per_minute, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(k.id)
    .bind(k.organization_id)
    .bind(k.prefix)
    .bind(k.secret_hash)
    .bind(k.name)
    .bind(Json(k.scopes))
    .bind(k.rate_per_minute)
    .bind(k.created_by)
    .bind(k.at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The key a presented prefix names, revoked or not.
pub async fn by_prefix(h: Handle<'_>, prefix: &str) -> Result<Option<ApiKeyRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE prefix = $1");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, ApiKeyRow>(&sql).bind(prefix).fetch_optional(c).await)?,
    )
}

pub async fn get(h: Handle<'_>, id: Uuid) -> Result<Option<ApiKeyRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1");
    Ok(on_handle!(h, c => sqlx::query_as::<_, ApiKeyRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// An organisation's keys (or, for `None`, the platform-wide ones), newest
/// first.
pub async fn of_organization(
    h: Handle<'_>,
    org: Option<Uuid>,
) -> Result<Vec<ApiKeyRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_keys
         WHERE (organization_id = $1) OR ($1 IS NULL AND organization_id IS NULL)
         ORDER BY created_at DESC, id DESC"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, ApiKeyRow>(&sql).bind(org).fetch_all(c).await)?)
}

/// A new secret (and prefix) for a live key; false when it was revoked.
pub async fn rotate(
    h: Handle<'_>,
    id: Uuid,
    prefix: &str,
    secret_hash: &[u8],
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE api_keys SET prefix = $2, secret_hash = $3, rotated_at = $4 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(prefix)
    .bind(secret_hash)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Revokes a key; false when it already was.
pub async fn revoke(h: Handle<'_>, id: Uuid, at: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Notes a use, at most once a minute per key (the caller throttles too,
/// so that a busy key does not write on every request).
pub async fn touch(h: Handle<'_>, id: Uuid, at: DateTime<Utc>) -> Result<(), StoreError> {
    let minute_ago = at - chrono::Duration::seconds(60);
    on_handle!(h, c => sqlx::query(
        "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)",
    )
    .bind(id)
    .bind(at)
    .bind(minute_ago)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
