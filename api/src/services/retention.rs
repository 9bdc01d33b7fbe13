//! Data retention: personal data kept no longer than it serves. An active
//! account not signed in for `retention.inactive_after_days` (3 years) is
//! warned by email; if it is still not signed in `warning_days` (30) later,
//! it is erased by the same path as `DELETE /v1/me`. Signups never
//! activated go after `pending_purge_days` (30).
//!
//! The sweep is an outbox job, so it survives restarts and runs on one
//! worker at a time: each run handles one batch of each kind and schedules
//! the next run, at once while work is left, after `sweep_every_secs`
//! once caught up. One pending sweep at most (a coalescing key).

use crate::domain::moderation::OrganizationState;
use chrono::{DateTime, Duration, Utc};

use super::effects::{self, Fact, How};
use crate::config::Settings;
use crate::error::ServiceError;
use crate::platform::cache::Cache;
use crate::problem_code::ProblemCode;
use crate::store::outbox::{self, JobError};
use crate::store::{accounts as account_store, inactivity, Db};

pub const JOB_KIND: &str = "retention_sweep";
const COALESCE_KEY: &str = "retention_sweep";

/// What one run of the sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Signups never activated, deleted.
    pub never_activated: u64,
    /// Inactive accounts warned by email.
    pub warned: u64,
    /// Warned accounts, still inactive, erased.
    pub erased: u64,
    /// Warned accounts kept for now: last owners of an organisation.
    pub postponed: u64,
    /// Organisations left in draft too long, deregistered.
    pub drafts_expired: u64,
}

impl Swept {
    fn handled(&self) -> u64 {
        self.never_activated + self.warned + self.erased + self.postponed + self.drafts_expired
    }
}

/// The job of one sweep; one waits at a time.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sweep {}

impl outbox::Job for Sweep {
    const KIND: &'static str = JOB_KIND;

    fn coalesce_key(&self) -> Option<String> {
        Some(COALESCE_KEY.to_owned())
    }
}

/// Schedules a sweep at `at`, unless one is already pending.
pub async fn schedule(db: &Db, at: DateTime<Utc>) -> Result<bool, crate::store::StoreError> {
    let mut tx = db.begin().await?;
    let added = outbox::push(&mut tx, &Sweep {}, Some(at)).await?;
    tx.commit().await?;
    Ok(added)
}

/// One run: a batch of each kind, then the next run scheduled.
pub async fn run(
    db: &Db,
    cache: Option<&Cache>,
    all: &Settings,
) -> Result<Option<String>, JobError> {
    let settings = &all.retention;
    if !settings.enabled {
        return Ok(Some("retention is turned off".into()));
    }
    let now = db.now();
    let swept = sweep(db, cache, all, now)
        .await
        .map_err(|e| JobError::Transient(e.to_string()))?;
    if swept.handled() > 0 {
        tracing::info!(
            never_activated = swept.never_activated,
            warned = swept.warned,
            erased = swept.erased,
            postponed = swept.postponed,
            "retention sweep"
        );
    }
    // A full batch of anything: more may be waiting, so go on at once.
    let full = [
        swept.never_activated,
        swept.warned,
        swept.erased + swept.postponed,
    ]
    .iter()
    .any(|n| *n as i64 >= settings.batch);
    let next = if full {
        now
    } else {
        now + Duration::seconds(settings.sweep_every_secs as i64)
    };
    schedule(db, next)
        .await
        .map_err(|e| JobError::Transient(e.to_string()))?;
    Ok(None)
}

/// One batch of each kind, at `now`.
///
/// Erasing someone frees their places, which the waiting lists fill:
/// the settings say what those new applications set off.
pub async fn sweep(
    db: &Db,
    cache: Option<&Cache>,
    all: &Settings,
    now: DateTime<Utc>,
) -> Result<Swept, ServiceError> {
    let settings = &all.retention;
    let mut swept = Swept::default();
    let mut conn = db.acquire().await?;
    swept.never_activated = inactivity::purge_never_activated(
        conn.h(),
        now - Duration::days(settings.pending_purge_days),
        settings.batch,
    )
    .await?;

    let inactive_before = now - Duration::days(settings.inactive_after_days);
    let erase_on = (now + Duration::days(settings.warning_days)).date_naive();
    for person in inactivity::to_warn(conn.h(), inactive_before, settings.batch).await? {
        // The mark and the email commit together: one warning each.
        let mut tx = db.begin().await?;
        if inactivity::mark_warned(tx.h(), person.id, inactive_before, now).await? {
            let warned = Fact::InactivityWarned {
                to: &person.email,
                first_name: &person.first_name,
                erase_on,
            };
            let _nothing_cached = effects::record(&mut tx, all, warned).await?;
            tx.commit().await?;
            swept.warned += 1;
        }
    }

    let warned_before = now - Duration::days(settings.warning_days);
    for id in inactivity::to_erase(conn.h(), warned_before, settings.batch).await? {
        let Some(account) = account_store::by_id(conn.h(), id).await? else {
            continue;
        };
        match crate::services::accounts::erase_now(db, cache, all, &account, None, now).await {
            Ok(()) => swept.erased += 1,
            Err(ServiceError::Conflict {
                code: ProblemCode::LastOwner,
                ..
            }) => {
                // Erasing would leave an organisation with nobody to run
                // it: kept, and looked at again after another period.
                inactivity::postpone(conn.h(), id, now).await?;
                tracing::warn!(account = %id, "inactive account kept: last owner of an organisation");
                swept.postponed += 1;
            }
            Err(e) => return Err(e),
        }
    }

    // A draft holds no SIRET or RNA number; it expires all the same, so
    // that abandoned registrations do not pile up under real names.
    let stale_before = now - Duration::days(settings.draft_organization_days);
    for id in
        crate::store::organizations::stale_drafts(conn.h(), stale_before, settings.batch).await?
    {
        let mut tx = db.begin().await?;
        crate::store::organizations::set_state(tx.h(), id, OrganizationState::Deregistered, now)
            .await?;
        let Some(org) = crate::store::organizations::get(tx.h(), id).await? else {
            continue;
        };
        let expired = Fact::OrganizationChanged {
            org: &org,
            published: &[],
            from: Some(OrganizationState::Draft),
            to: OrganizationState::Deregistered,
            actor: None,
            role: "system",
            how: How::Moved(Some("draft never submitted, expired")),
        };
        let _nothing_cached = effects::record(&mut tx, all, expired).await?;
        tx.commit().await?;
        swept.drafts_expired += 1;
    }
    Ok(swept)
}
