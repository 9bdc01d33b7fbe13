//! Search: what the public finds. For now the built-in engine reads the
//! mission tables directly; `search_index` jobs tell it (and, later, the
//! external index) that a mission's public face changed.

pub mod builtin;
pub mod query;

use chrono::{Duration, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::store::outbox::{self, NewJob};
use crate::store::{StoreError, Tx};

/// Outbox job kind for search updates.
pub const JOB_KIND: &str = "search_index";

/// Changes within this window are folded into one job.
const COALESCE_WINDOW_SECS: i64 = 2;

/// Notes that what search shows of `mission` may have changed. Coalesced:
/// while a job for the mission waits, no other is written.
pub async fn mission_changed(tx: &mut Tx, mission: Uuid) -> Result<(), StoreError> {
    outbox::enqueue_coalesced(
        tx,
        &format!("search:mission:{mission}"),
        NewJob {
            kind: JOB_KIND,
            payload: json!({ "mission_id": mission }),
            priority: 1,
            run_after: Utc::now() + Duration::seconds(COALESCE_WINDOW_SECS),
        },
    )
    .await?;
    Ok(())
}
