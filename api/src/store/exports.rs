//! Staff exports: the rows they read, and the large ones the worker
//! produces for a download link.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

/// One participation of an organisation, as its export lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipationLine {
    pub id: Uuid,
    pub mission_id: Uuid,
    pub mission_client_id: Option<String>,
    pub mission_title: String,
    pub state: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    pub motivation: Option<String>,
    pub reason_code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn count_participations(h: Handle<'_>, org: Uuid) -> Result<i64, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM participations p JOIN missions m ON m.id = p.mission_id WHERE m.organization_id = $1",
    )
    .bind(org)
    .fetch_one(c)
    .await)?)
}

pub async fn participations(
    h: Handle<'_>,
    org: Uuid,
) -> Result<Vec<ParticipationLine>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, ParticipationLine>(
        "SELECT p.id, p.mission_id, m.client_id AS mission_client_id, m.title AS mission_title, p.state,
                a.first_name, a.last_name, a.email, a.phone, a.postcode, p.motivation, p.reason_code,
                p.created_at, p.updated_at
         FROM participations p JOIN missions m ON m.id = p.mission_id JOIN accounts a ON a.id = p.volunteer_id
         WHERE m.organization_id = $1 ORDER BY m.id, p.id",
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

/// One mission of a department, as a referent's export lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MissionLine {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub title: String,
    pub domain: String,
    pub department: String,
    pub state: String,
    pub format: String,
    pub capacity: i32,
    pub places_taken: i32,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// The missions moderated in `departments` (all, for `None`).
pub async fn count_missions(
    h: Handle<'_>,
    departments: Option<&[String]>,
) -> Result<i64, StoreError> {
    let all = departments.is_none();
    let list = Json(departments.unwrap_or_default().to_vec());
    let sql = format!(
        "SELECT COUNT(*) FROM missions WHERE $1 OR department IN ({})",
        h.json_strings("$2")
    );
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, i64>(&sql)
        .bind(all)
        .bind(&list)
        .fetch_one(c)
        .await)?)
}

pub async fn missions(
    h: Handle<'_>,
    departments: Option<&[String]>,
) -> Result<Vec<MissionLine>, StoreError> {
    let all = departments.is_none();
    let list = Json(departments.unwrap_or_default().to_vec());
    const SELECT: &str = "SELECT m.id, m.organization_id, o.name AS organization_name, m.title, m.domain, m.department,
                m.state, m.format, m.capacity, m.places_taken, m.start_date, m.end_date, m.created_at, m.published_at
         FROM missions m JOIN organizations o ON o.id = m.organization_id";
    let sql = format!(
        "{SELECT} WHERE $1 OR m.department IN ({}) ORDER BY m.department, m.id",
        h.json_strings("$2")
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, MissionLine>(&sql)
        .bind(all)
        .bind(&list)
        .fetch_all(c)
        .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub id: Uuid,
    pub kind: String,
    pub organization_id: Option<Uuid>,
    pub departments: Json<Vec<String>>,
    pub requested_by: Option<Uuid>,
    pub state: String,
    pub token_hash: Vec<u8>,
    pub content: Option<Vec<u8>>,
    pub row_count: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub struct NewExport<'a> {
    pub id: Uuid,
    pub kind: &'a str,
    pub organization_id: Option<Uuid>,
    pub departments: &'a [String],
    pub requested_by: Uuid,
    pub token_hash: &'a [u8],
    pub at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(h: Handle<'_>, e: NewExport<'_>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO exports (id, kind, organization_id, departments, requested_by, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.id)
    .bind(e.kind)
    .bind(e.organization_id)
    .bind(Json(e.departments))
    .bind(e.requested_by)
    .bind(e.token_hash)
    .bind(e.at)
    .bind(e.expires_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(h: Handle<'_>, id: Uuid) -> Result<Option<ExportRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, ExportRow>(
        "SELECT id, kind, organization_id, departments, requested_by, state, token_hash, content, row_count,
                created_at, expires_at FROM exports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

pub async fn complete(
    h: Handle<'_>,
    id: Uuid,
    content: &[u8],
    rows: i32,
    token_hash: &[u8],
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE exports SET state = 'ready', content = $2, row_count = $3, token_hash = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(content)
    .bind(rows)
    .bind(token_hash)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes the exports whose link has expired.
pub async fn purge_expired(h: Handle<'_>, now: DateTime<Utc>) -> Result<u64, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query("DELETE FROM exports WHERE expires_at < $1")
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?,
    )
}
