//! Widgets' definitions.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::widget::{Reach, WidgetInput};
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WidgetRow {
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub definition: Json<WidgetInput>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl WidgetRow {
    /// Whose missions it may show: its owner's (and its network's, when
    /// its definition says so), or, without an owner, every organisation's.
    pub fn reach(&self) -> Reach {
        match (self.organization_id, self.definition.0.network) {
            (None, _) => Reach::Platform,
            (Some(_), false) => Reach::Organization,
            (Some(_), true) => Reach::Network,
        }
    }
}

const COLUMNS: &str = "id, organization_id, definition, created_at, updated_at";

pub async fn insert(
    h: Handle<'_>,
    id: Uuid,
    organization: Option<Uuid>,
    definition: &WidgetInput,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO widgets (id, organization_id, definition, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id)
    .bind(organization)
    .bind(Json(definition))
    .bind(by)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(h: Handle<'_>, id: Uuid) -> Result<Option<WidgetRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM widgets WHERE id = $1");
    Ok(on_handle!(h, c => sqlx::query_as::<_, WidgetRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// An organisation's widgets, or the platform's (`None`), oldest first.
pub async fn of_owner(
    h: Handle<'_>,
    organization: Option<Uuid>,
) -> Result<Vec<WidgetRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM widgets
         WHERE organization_id = $1 OR ($1 IS NULL AND organization_id IS NULL)
         ORDER BY created_at, id LIMIT 200"
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, WidgetRow>(&sql).bind(organization).fetch_all(c).await)?,
    )
}

pub async fn delete(h: Handle<'_>, id: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM widgets WHERE id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
