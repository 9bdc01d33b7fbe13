//! Search: what the public finds. For now the built-in engine reads the
//! mission tables directly; `search_index` jobs tell it (and, later, the
//! external index) that a mission's public face changed.

pub mod algolia;
pub mod builtin;
pub mod counts;
pub mod query;
mod sql;

use chrono::Duration;
use serde_json::json;
use uuid::Uuid;

use crate::domain::moderation::{MissionState, OrganizationState};
use crate::domain::place::Address;
use crate::store::missions::ForIndex;
use crate::store::outbox;
use crate::store::{Db, StoreError, Tx};

/// Outbox job kind for search updates.
pub const JOB_KIND: &str = "search_index";

/// Changes within this window are folded into one job.
const COALESCE_WINDOW_SECS: i64 = 2;

/// Notes that what search shows of `mission` may have changed. Coalesced:
/// while a job for the mission waits, no other is written.
pub async fn mission_changed(tx: &mut Tx, mission: Uuid) -> Result<(), StoreError> {
    let at = tx.now() + Duration::seconds(COALESCE_WINDOW_SECS);
    outbox::push(
        tx,
        &IndexMission {
            mission_id: mission,
        },
        Some(at),
    )
    .await?;
    Ok(())
}

/// The job that brings search up to date with one mission: drop its
/// cached page, push it to the external index when there is one.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexMission {
    pub mission_id: Uuid,
}

impl outbox::Job for IndexMission {
    const KIND: &'static str = JOB_KIND;

    fn priority(&self) -> i32 {
        1
    }

    fn coalesce_key(&self) -> Option<String> {
        Some(format!("search:mission:{}", self.mission_id))
    }
}

/// Whether the public may find this mission.
pub fn is_searchable(m: &ForIndex) -> bool {
    m.mission.state() == MissionState::Published
        && m.mission.registration_open
        && m.organization_state == OrganizationState::Approved
}

fn timestamp(date: Option<chrono::NaiveDate>, end_of_day: bool) -> Option<i64> {
    let (h, mi, s) = if end_of_day { (23, 59, 59) } else { (0, 0, 0) };
    date.and_then(|d| d.and_hms_opt(h, mi, s))
        .map(|d| d.and_utc().timestamp())
}

/// The search record of a mission: one `_geoloc` per address, dates as
/// Unix timestamps, places left.
pub fn record(m: &ForIndex, addresses: &[Address]) -> serde_json::Value {
    let mission = &m.mission;
    let first = addresses.first();
    json!({
        "objectID": mission.id,
        "status": "published",
        "title": mission.title,
        "description": mission.description.chars().take(2000).collect::<String>(),
        "organization_name": m.organization_name,
        "domain": mission.domain,
        "skills": mission.skills.0,
        "audience": mission.audience.0,
        "accessibility": mission.access.0.flags(mission.minimum_age),
        "format": mission.format,
        "department": mission.department,
        "city": first.map(|a| a.city.clone()),
        "_geoloc": addresses.iter().map(|a| json!({"lat": a.latitude, "lng": a.longitude})).collect::<Vec<_>>(),
        // Undated missions stay in every date window.
        "start_ts": timestamp(mission.start_date, false).unwrap_or(0),
        "end_ts": timestamp(mission.end_date, true).unwrap_or(i64::from(i32::MAX)),
        "places_left": mission.places_left(),
    })
}

/// Sends the current state of these missions to the external index:
/// records for searchable ones, deletions for the rest (and for ids that
/// no longer exist).
pub async fn push(db: &Db, index: &algolia::Algolia, ids: &[Uuid]) -> anyhow::Result<()> {
    let mut conn = db.acquire().await?;
    let rows = crate::store::missions::for_index(conn.h(), ids).await?;
    let found: Vec<Uuid> = rows.iter().map(|r| r.mission.id).collect();
    let mut addresses = crate::store::missions::addresses_of(conn.h(), &found).await?;
    drop(conn);
    let mut updates = Vec::new();
    let mut deletes: Vec<Uuid> = ids
        .iter()
        .copied()
        .filter(|id| !found.contains(id))
        .collect();
    for row in &rows {
        if is_searchable(row) {
            updates.push(record(
                row,
                &addresses.remove(&row.mission.id).unwrap_or_default(),
            ));
        } else {
            deletes.push(row.mission.id);
        }
    }
    index.batch(&updates, &deletes).await?;
    Ok(())
}

/// Rebuilds the external index from the database, 1,000 missions at a
/// time; safe while the service runs (jobs written meanwhile apply after).
pub async fn reindex(
    db: &Db,
    index: &algolia::Algolia,
    progress: impl Fn(u64, u64),
) -> anyhow::Result<u64> {
    let total = {
        let mut conn = db.acquire().await?;
        crate::store::missions::count_all(conn.h()).await? as u64
    };
    let mut after = None;
    let mut done = 0;
    loop {
        let ids: Vec<Uuid> = {
            let mut conn = db.acquire().await?;
            crate::store::missions::page_for_index(conn.h(), after, 1000)
                .await?
                .iter()
                .map(|r| r.mission.id)
                .collect()
        };
        let Some(last) = ids.last().copied() else {
            break;
        };
        push(db, index, &ids).await?;
        done += ids.len() as u64;
        after = Some(last);
        progress(done, total);
    }
    Ok(done)
}
