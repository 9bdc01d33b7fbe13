//! Saved searches and their daily alerts: a volunteer keeps up to ten
//! searches; once a day, where they live, one email lists the missions
//! published since the last alert that match any of them. Each search
//! remembers up to when it has looked, so a mission is told once, and a
//! late or repeated run neither skips nor repeats one.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::auth::actor::AccountActor;
use crate::domain::feed::FeedMission;
use crate::domain::place::Address;
use crate::domain::saved_search::{Criteria, MAX_LISTED, MAX_PER_ACCOUNT};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::missions::{self as mission_store, MissionRow};
use crate::store::saved_searches::{self as store, SavedSearch, Subscribed};
use crate::store::Tx;

/// How far back an alert looks at most: a search whose alerts stopped
/// (the reminders turned off a while) does not send a month of missions.
fn look_back() -> Duration {
    Duration::days(7)
}

/// Missions one run reads at most: a day's publications, with room.
const MISSIONS_PER_RUN: i64 = 5_000;

pub async fn list(
    state: &AppState,
    actor: &AccountActor,
) -> Result<Vec<SavedSearch>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of_account(conn.h(), actor.id).await?)
}

/// Saves a search; alerts tell missions published from now on.
pub async fn create(
    state: &AppState,
    actor: &AccountActor,
    criteria: Criteria,
) -> Result<SavedSearch, ServiceError> {
    let criteria = criteria.validate().map_err(ServiceError::Validation)?;
    crate::services::access::current(state, actor.id).await?;
    let mut tx = state.db.begin().await?;
    let now = tx.now();
    // The account's row lock makes the count and the insert one step:
    // two saves at once cannot both take the tenth place.
    crate::store::accounts::by_id_for_update(tx.h(), actor.id).await?;
    let kept = store::of_account(tx.h(), actor.id).await?;
    if kept.len() as i64 >= MAX_PER_ACCOUNT {
        return Err(ServiceError::Conflict {
            code: ProblemCode::Conflict,
            detail: format!("at most {MAX_PER_ACCOUNT} saved searches: delete one first"),
            extensions: vec![("limit", serde_json::json!(MAX_PER_ACCOUNT))],
        });
    }
    let id = Uuid::now_v7();
    store::insert(tx.h(), id, actor.id, &criteria, now).await?;
    tx.commit().await?;
    Ok(SavedSearch {
        id,
        criteria: sqlx::types::Json(criteria),
        created_at: now,
        notified_until: now,
    })
}

/// Deletes one of the caller's searches; another's is not found.
pub async fn delete(state: &AppState, actor: &AccountActor, id: Uuid) -> Result<(), ServiceError> {
    let mut conn = state.db.acquire().await?;
    if store::delete(conn.h(), actor.id, id).await? {
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}

/// A mission an alert lists.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertLine {
    pub mission: Uuid,
    pub title: String,
    pub organization_name: String,
    pub city: Option<String>,
}

/// One reader's alert: the new missions matching any of their searches.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub account_id: Uuid,
    pub email: String,
    pub first_name: String,
    /// What the searches asked, one summary each that found something.
    pub searches: Vec<String>,
    /// At most `MAX_LISTED`, oldest publication first.
    pub lines: Vec<AlertLine>,
    /// Matching missions beyond those listed.
    pub more: usize,
}

/// The alerts of `readers` (a zone's), for missions published up to
/// `now`; records that their searches have looked that far, in `tx`.
pub(super) async fn due(
    tx: &mut Tx,
    readers: &(Vec<String>, bool),
    now: DateTime<Utc>,
) -> Result<Vec<Alert>, ServiceError> {
    let searches = store::of_readers(tx.h(), readers).await?;
    let Some(since) = searches.iter().map(|s| s.search.notified_until).min() else {
        return Ok(Vec::new());
    };
    let since = since.max(now - look_back());
    let missions =
        mission_store::open_published_between(tx.h(), since, now, MISSIONS_PER_RUN).await?;
    // A run that read as many as it may has looked as far as its last
    // mission, not to now: the next day's run goes on from there.
    let until = match missions.last() {
        Some((last, _)) if missions.len() as i64 == MISSIONS_PER_RUN => {
            last.published_at.unwrap_or(now)
        }
        _ => now,
    };
    let ids: Vec<Uuid> = missions.iter().map(|(m, _)| m.id).collect();
    let addresses = mission_store::addresses_of(tx.h(), &ids).await?;
    let alerts = matching(&searches, &missions, &addresses, now);
    store::looked_until(tx.h(), readers, until).await?;
    Ok(alerts)
}

/// Which missions each reader hears of: those published after the search
/// last looked (and within the look-back) that it matches, each once
/// however many of the reader's searches match it.
fn matching(
    searches: &[Subscribed],
    missions: &[(MissionRow, String)],
    addresses: &HashMap<Uuid, Vec<Address>>,
    now: DateTime<Utc>,
) -> Vec<Alert> {
    let oldest = now - look_back();
    let flags: Vec<_> = missions
        .iter()
        .map(|(m, _)| m.access.0.flags(m.minimum_age))
        .collect();
    let mut alerts = Vec::new();
    for of_one in searches.chunk_by(|a, b| a.account_id == b.account_id) {
        let mut found: Vec<usize> = Vec::new();
        let mut summaries = Vec::new();
        for s in of_one {
            let filter = s.search.criteria.0.filter();
            let since = s.search.notified_until.max(oldest);
            let mut any = false;
            for (i, (m, _)) in missions.iter().enumerate() {
                if m.published_at.is_none_or(|at| at <= since) {
                    continue;
                }
                let at = addresses.get(&m.id).map_or(&[][..], Vec::as_slice);
                let candidate = FeedMission {
                    title: &m.title,
                    description: &m.description,
                    domain: &m.domain,
                    skills: &m.skills.0,
                    format: m.format,
                    department: &m.department,
                    addresses: at,
                    minimum_age: m.minimum_age,
                    accessibility: &flags[i],
                    start_date: m.start_date,
                };
                if filter.matches(&candidate) {
                    any = true;
                    if !found.contains(&i) {
                        found.push(i);
                    }
                }
            }
            if any {
                summaries.push(s.search.criteria.0.summary());
            }
        }
        if found.is_empty() {
            continue;
        }
        found.sort_unstable();
        let lines = found
            .iter()
            .take(MAX_LISTED)
            .map(|&i| {
                let (m, organization_name) = &missions[i];
                AlertLine {
                    mission: m.id,
                    title: m.title.clone(),
                    organization_name: organization_name.clone(),
                    city: addresses
                        .get(&m.id)
                        .and_then(|a| a.first())
                        .map(|a| a.city.clone()),
                }
            })
            .collect();
        alerts.push(Alert {
            account_id: of_one[0].account_id,
            email: of_one[0].email.clone(),
            first_name: of_one[0].first_name.clone(),
            searches: summaries,
            more: found.len().saturating_sub(MAX_LISTED),
            lines,
        });
    }
    alerts
}

/// "- Soutien scolaire (Les Restos, Lyon) : https://…/missions/…".
pub(super) fn line(l: &AlertLine, app_base_url: &str) -> String {
    let url = super::deliveries::mission_url(app_base_url, l.mission);
    match &l.city {
        Some(city) => format!("- {} ({}, {city}) : {url}", l.title, l.organization_name),
        None => format!("- {} ({}) : {url}", l.title, l.organization_name),
    }
}
