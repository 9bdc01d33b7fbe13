//! What partners' tools do with a key: write missions by their own id, and
//! follow changes through feeds that never miss or repeat one.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::access::{relation_of, OrgAccess};
use super::api_keys::{organization_of, require};
use super::missions::{self, MissionAccess};
use crate::auth::actor::{Acting, KeyActor};
use crate::domain::api_key::Scope;
use crate::domain::feed::{FeedFilter, FeedMission};
use crate::domain::mission::MissionInput;
use crate::domain::moderation::MissionState;
use crate::domain::organization::MemberRole;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::missions::{self as mission_store, FeedRow};
use crate::store::organizations as org_store;
use crate::store::participations::{self as participation_store, ChangedParticipation};

/// A partner's own id of a mission: 1 to 100 characters of
/// `A-Z a-z 0-9 . _ : -`.
pub fn check_client_id(client_id: &str) -> Result<(), ServiceError> {
    let valid = (1..=100).contains(&client_id.len())
        && client_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(ServiceError::field(
            "client_id",
            "invalid_format",
            "1 to 100 characters among letters, digits, `.`, `_`, `:` and `-`",
        ))
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Created,
    Updated,
    Unchanged,
}

async fn key_org(state: &AppState, key: &KeyActor) -> Result<OrgAccess, ServiceError> {
    let org_id = organization_of(key)?;
    let mut conn = state.db.acquire().await?;
    let org = org_store::get(conn.h(), org_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let role = Some(MemberRole::Manager);
    let relation = relation_of(None, role, &org.department);
    Ok(OrgAccess {
        org,
        role,
        relation,
    })
}

async fn find(state: &AppState, org: Uuid, client_id: &str) -> Result<Option<Uuid>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(mission_store::by_client_id(conn.h(), org, client_id).await?)
}

/// Creates or updates the organisation's mission known as `client_id`,
/// then makes sure it is submitted: a new mission goes to review (or is
/// published at once for a trusted organisation), and an edit follows the
/// rules people follow (a material change of a published mission goes
/// back to review unless the organisation is trusted). Sending the same
/// mission again changes nothing.
pub async fn upsert(
    state: &AppState,
    key: &KeyActor,
    client_id: &str,
    input: MissionInput,
) -> Result<(Upsert, MissionAccess), ServiceError> {
    require(key, Scope::MissionsWrite)?;
    let org = key_org(state, key).await?;
    check_client_id(client_id)?;
    let fields = input.clone().validate().map_err(ServiceError::Validation)?;
    let who = Acting::Key(key);
    let (outcome, access) = match find(state, org.org.id, client_id).await? {
        None => {
            let org_id = org.org.id;
            match missions::create(state, who, org, fields, Some(client_id)).await {
                Ok(access) => (Upsert::Created, access),
                // The same mission sent twice at once: the other request
                // created it; this one is an edit of it.
                Err(e) => match find(state, org_id, client_id).await? {
                    Some(id) => edit(state, key, id, input).await?,
                    None => return Err(e),
                },
            }
        }
        Some(id) => edit(state, key, id, input).await?,
    };
    // A mission left as a draft (its submission failed, or it was created
    // by a request that stopped half-way) is submitted now.
    let access = if access.mission.state() == MissionState::Draft {
        missions::transition(state, who, access.mission.id, || {
            Ok((MissionState::PendingReview, None))
        })
        .await?
    } else {
        access
    };
    Ok((outcome, access))
}

async fn edit(
    state: &AppState,
    key: &KeyActor,
    id: Uuid,
    input: MissionInput,
) -> Result<(Upsert, MissionAccess), ServiceError> {
    let before = {
        let mut conn = state.db.acquire().await?;
        mission_store::get(conn.h(), id)
            .await?
            .ok_or(ServiceError::NotFound)?
    };
    if before.state() == MissionState::Cancelled {
        return Err(ServiceError::Conflict {
            code: ProblemCode::MissionCancelled,
            detail: "this mission was cancelled; publish a new one under a new client_id".into(),
            extensions: vec![],
        });
    }
    let access = missions::update(state, Acting::Key(key), id, |m| {
        let (capacity, start, end) = (m.capacity, m.start_date, m.end_date);
        *m = input;
        // A mission with shifts takes its places and dates from them: the
        // partner manages those through the shifts' endpoints.
        if before.has_shifts {
            (m.capacity, m.start_date, m.end_date) = (capacity, start, end);
        }
        Ok(())
    })
    .await?;
    let outcome = if access.mission.updated_at == before.updated_at {
        Upsert::Unchanged
    } else {
        Upsert::Updated
    };
    Ok((outcome, access))
}

/// The organisation's mission known as `client_id`.
pub async fn by_client_id(
    state: &AppState,
    key: &KeyActor,
    client_id: &str,
) -> Result<MissionAccess, ServiceError> {
    require(key, Scope::MissionsRead)?;
    let org = organization_of(key)?;
    // A malformed id names no mission.
    check_client_id(client_id).map_err(|_| ServiceError::NotFound)?;
    let id = find(state, org, client_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    missions::load_for(state, Acting::Key(key), id).await
}

/// The id of the organisation's mission known as `client_id`, for a key
/// with `scope`; 404 when there is none.
pub async fn mission_id(
    state: &AppState,
    key: &KeyActor,
    client_id: &str,
    scope: Scope,
) -> Result<Uuid, ServiceError> {
    require(key, scope)?;
    let org = organization_of(key)?;
    check_client_id(client_id).map_err(|_| ServiceError::NotFound)?;
    find(state, org, client_id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// 404 unless the participation is in one of the key's organisation's
/// missions.
pub async fn visible_participation(
    state: &AppState,
    key: &KeyActor,
    id: Uuid,
) -> Result<(), ServiceError> {
    organization_of(key)?;
    let mut conn = state.db.acquire().await?;
    super::participations::load(conn.h(), Acting::Key(key), id).await?;
    Ok(())
}

/// Takes the mission known as `client_id` out of public view: a draft is
/// deleted, a submitted or published one cancelled (its volunteers are
/// told, as when a person cancels it); it stays, for its participations.
/// Already out of view: nothing to do.
pub async fn unpublish(
    state: &AppState,
    key: &KeyActor,
    client_id: &str,
) -> Result<(), ServiceError> {
    require(key, Scope::MissionsWrite)?;
    let org = organization_of(key)?;
    check_client_id(client_id).map_err(|_| ServiceError::NotFound)?;
    let id = find(state, org, client_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let who = Acting::Key(key);
    let mission = {
        let mut conn = state.db.acquire().await?;
        mission_store::get(conn.h(), id)
            .await?
            .ok_or(ServiceError::NotFound)?
    };
    match mission.state() {
        MissionState::Draft => {
            let mut tx = state.db.begin().await?;
            mission_store::delete_draft(tx.h(), id).await?;
            tx.commit().await?;
        }
        MissionState::PendingReview | MissionState::Published => {
            missions::transition(state, who, id, || {
                Ok((
                    MissionState::Cancelled,
                    Some("withdrawn by the organisation's tool".to_owned()),
                ))
            })
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Where a feed page starts: after this `(updated_at, id)`.
pub type Position = (DateTime<Utc>, Uuid);

/// The start of a sync: changes from `since` on (all, without it).
pub fn start(since: Option<DateTime<Utc>>) -> Position {
    (since.unwrap_or(DateTime::<Utc>::UNIX_EPOCH), Uuid::nil())
}

/// One page of changes and where the next starts.
pub struct FeedPage<T> {
    pub items: Vec<T>,
    pub next: Position,
    pub has_more: bool,
}

/// A change of a mission: its public view, or a tombstone when it left
/// public view or no longer matches the filter.
pub enum MissionChange {
    Live(Box<FeedRow>, Vec<crate::domain::place::Address>),
    Gone(Box<FeedRow>),
}

/// The feed's upper bound: changes are shown once they have settled, so
/// that one committed later with an earlier time cannot slip in behind a
/// position already handed out.
fn settled(state: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    now - chrono::Duration::milliseconds(state.settings.partner.feed_settle_ms as i64)
}

/// Missions changed after `after`: the organisation's for its keys, every
/// organisation's for a platform-wide key.
pub async fn mission_changes(
    state: &AppState,
    key: &KeyActor,
    filter: &FeedFilter,
    after: Position,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<FeedPage<MissionChange>, ServiceError> {
    require(key, Scope::MissionsRead)?;
    let mut conn = state.db.acquire().await?;
    let rows = mission_store::changes(
        conn.h(),
        key.organization_id,
        after,
        settled(state, now),
        limit + 1,
    )
    .await?;
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<FeedRow> = rows.into_iter().take(limit as usize).collect();
    let next = rows
        .last()
        .map_or(after, |r| (r.mission.updated_at, r.mission.id));
    let ids: Vec<Uuid> = rows.iter().map(|r| r.mission.id).collect();
    let mut addresses = mission_store::addresses_of(conn.h(), &ids).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let a = addresses.remove(&row.mission.id).unwrap_or_default();
            let m = &row.mission;
            let flags = m.access.0.flags(m.minimum_age);
            let matches = filter.matches(&FeedMission {
                title: &m.title,
                description: &m.description,
                domain: &m.domain,
                skills: &m.skills.0,
                format: m.format,
                department: &m.department,
                addresses: &a,
                minimum_age: m.minimum_age,
                accessibility: &flags,
                start_date: m.start_date,
            });
            if row.is_public() && matches {
                MissionChange::Live(Box::new(row), a)
            } else {
                MissionChange::Gone(Box::new(row))
            }
        })
        .collect();
    Ok(FeedPage {
        items,
        next,
        has_more,
    })
}

/// The organisation's participations changed after `after`, with how to
/// reach each volunteer (they applied to the organisation's own missions).
pub async fn participation_changes(
    state: &AppState,
    key: &KeyActor,
    after: Position,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<FeedPage<ChangedParticipation>, ServiceError> {
    require(key, Scope::ParticipationsRead)?;
    let org = organization_of(key)?;
    let mut conn = state.db.acquire().await?;
    let mut items = participation_store::changes_of_organization(
        conn.h(),
        org,
        after,
        settled(state, now),
        limit + 1,
    )
    .await?;
    let has_more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next = items.last().map_or(after, |p| {
        let row = &p.with_volunteer.participation;
        (row.updated_at, row.id)
    });
    Ok(FeedPage {
        items,
        next,
        has_more,
    })
}

/// Answers an application of the organisation's (accept, decline,
/// complete), as a member would.
pub async fn answer(
    state: &AppState,
    key: &KeyActor,
    participation: Uuid,
    to: crate::domain::participation::ParticipationState,
    reason_code: Option<crate::domain::participation::DeclineReason>,
    reason: Option<String>,
) -> Result<super::participations::ParticipationAccess, ServiceError> {
    require(key, Scope::ParticipationsWrite)?;
    organization_of(key)?;
    super::participations::transition(
        state,
        Acting::Key(key),
        participation,
        to,
        reason_code,
        reason,
    )
    .await
}
