//! Conversations between a volunteer and the organisation's members, one
//! thread per participation. Both sides write; the department's referents
//! (and admins) may read a thread once one of its messages is reported,
//! and the thread is kept as evidence. An email tells the other side of a
//! new message, at most once an hour per thread, and never in degraded
//! mode: the unread count says it instead.

use chrono::Duration;
use uuid::Uuid;

use super::effects::{self, Fact};
use crate::auth::actor::AccountActor;
use crate::domain::participation::ParticipationState;
use crate::error::ServiceError;
use crate::platform::Mode;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::messages::{self as store, MessageRow, ReportRow, Unread};
use crate::store::missions::{self as mission_store, MissionRow};
use crate::store::organizations as org_store;
use crate::store::participations::{self as participation_store, ParticipationRow};
use crate::store::Handle;

/// The longest message, in characters.
pub const MAX_LENGTH: usize = 4000;

/// The side of a thread a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Volunteer,
    Organization,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Volunteer => "volunteer",
            Side::Organization => "organization",
        }
    }

    fn other(self) -> Side {
        match self {
            Side::Volunteer => Side::Organization,
            Side::Organization => Side::Volunteer,
        }
    }
}

/// A thread and what the caller may do in it.
pub struct Thread {
    pub participation: ParticipationRow,
    pub mission: MissionRow,
    /// `None` for a referent or admin reading a reported thread.
    pub side: Option<Side>,
}

/// The thread of participation `id` for `actor`: its volunteer and the
/// organisation's members write in it; referents of the mission's
/// department and admins read it once reported; 404 for anyone else.
pub async fn thread(h: Handle<'_>, actor: &AccountActor, id: Uuid) -> Result<Thread, ServiceError> {
    let mut h = h;
    let participation = participation_store::get(h.reborrow(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mission = mission_store::get(h.reborrow(), participation.mission_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let side = if participation.volunteer_id == actor.id {
        Some(Side::Volunteer)
    } else if org_store::role_of(h.reborrow(), mission.organization_id, actor.id)
        .await?
        .is_some()
    {
        Some(Side::Organization)
    } else {
        None
    };
    if side.is_none() {
        let moderator = actor.admin || actor.referent_departments.contains(&mission.department);
        if !(moderator && store::thread_reported(h, id).await?) {
            return Err(ServiceError::NotFound);
        }
    }
    Ok(Thread {
        participation,
        mission,
        side,
    })
}

/// A page of the thread, newest first, marking it read up to its newest
/// message for a participant.
pub async fn read(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<(Thread, Vec<MessageRow>), ServiceError> {
    let mut conn = state.db.acquire().await?;
    let thread = thread(conn.h(), actor, id).await?;
    let messages = store::of_thread(conn.h(), id, before, limit).await?;
    if thread.side.is_some() && before.is_none() {
        if let Some(newest) = messages.first() {
            store::mark_read(conn.h(), id, actor.id, newest.id).await?;
        }
    }
    Ok((thread, messages))
}

/// The text of a message, trimmed: plain text, 1 to `MAX_LENGTH`
/// characters, no control characters but line breaks and tabs.
pub fn body(text: &str) -> Result<String, ServiceError> {
    let text = text.trim();
    let invalid = |code: &str, message: &str| ServiceError::field("body", code, message);
    if text.is_empty() {
        return Err(invalid("required", "write something"));
    }
    if text.chars().count() > MAX_LENGTH {
        return Err(invalid("too_long", "must be at most 4000 characters"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(invalid(
            "invalid_characters",
            "control characters are not allowed",
        ));
    }
    Ok(text.to_owned())
}

/// Writes a message in the thread, and tells the other side by email
/// unless told within the hour or the service is degraded.
pub async fn write(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    text: &str,
) -> Result<MessageRow, ServiceError> {
    let text = body(text)?;
    let mut conn = state.db.acquire().await?;
    let thread = thread(conn.h(), actor, id).await?;
    drop(conn);
    let Some(side) = thread.side else {
        // Referents read a reported thread; they do not write in it.
        return Err(ServiceError::Forbidden {
            code: ProblemCode::Forbidden,
            detail: "only the volunteer and the organisation write in a conversation".into(),
        });
    };
    // Declined or withdrawn, the relation ended: the organisation does not
    // keep a channel to someone it turned down, nor the volunteer to an
    // organisation they left. The thread stays readable.
    let current = thread.participation.state();
    if matches!(
        current,
        ParticipationState::Declined | ParticipationState::Cancelled
    ) {
        return Err(ServiceError::Conflict {
            code: ProblemCode::ParticipationClosed,
            detail: "this conversation closed with its application; it stays readable".into(),
            extensions: vec![("current_state", serde_json::json!(current.as_str()))],
        });
    }
    super::quotas::limit(
        state,
        &[(
            format!("messages:{}", actor.id),
            state.settings.limits.messages_per_account,
        )],
    )
    .await?;
    let now = state.clock().now();
    let message = Uuid::now_v7();
    let mut tx = state.db.begin().await?;
    store::insert(tx.h(), message, id, actor.id, side.as_str(), &text, now).await?;
    // One's own message is read.
    store::mark_read(tx.h(), id, actor.id, message).await?;
    let degraded = state.platform.mode.current() == Mode::Degraded;
    let recipient = side.other();
    if !degraded
        && store::claim_notice(
            tx.h(),
            id,
            recipient.as_str(),
            now - Duration::hours(1),
            now,
        )
        .await?
    {
        notify(state, &mut tx, &thread, actor.id, recipient).await?;
    }
    let row = store::get(tx.h(), message)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

async fn notify(
    state: &AppState,
    tx: &mut crate::store::Tx,
    thread: &Thread,
    author: Uuid,
    recipient: Side,
) -> Result<(), ServiceError> {
    let writer = crate::store::accounts::by_id(tx.h(), author)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let sender_name = format!(
        "{} {}.",
        writer.first_name,
        writer.last_name.chars().next().unwrap_or(' ')
    );
    let recipients = match recipient {
        Side::Volunteer => {
            let volunteer =
                crate::store::accounts::by_id(tx.h(), thread.participation.volunteer_id)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
            vec![(volunteer.id, volunteer.email, volunteer.first_name)]
        }
        Side::Organization => {
            org_store::member_recipients(tx.h(), thread.mission.organization_id).await?
        }
    };
    let written = Fact::MessageWritten {
        participation: thread.participation.id,
        mission: &thread.mission,
        sender_name: &sender_name,
        recipients: &recipients,
    };
    let _nothing_cached = effects::record(tx, &state.settings, written).await?;
    Ok(())
}

/// Reports a message of a thread the caller takes part in. The
/// department's referents are told once per message; reporting twice is
/// no error.
pub async fn report(
    state: &AppState,
    actor: &AccountActor,
    message: Uuid,
    reason: &str,
) -> Result<(), ServiceError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(ServiceError::field(
            "reason",
            if reason.is_empty() {
                "required"
            } else {
                "too_long"
            },
            "say why, in at most 1000 characters",
        ));
    }
    let mut conn = state.db.acquire().await?;
    let row = store::get(conn.h(), message)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let thread = thread(conn.h(), actor, row.participation_id).await?;
    drop(conn);
    if thread.side.is_none() {
        return Err(ServiceError::NotFound);
    }
    if row.author_id == actor.id {
        return Err(ServiceError::Conflict {
            code: ProblemCode::OwnMessage,
            detail: "one's own message cannot be reported".into(),
            extensions: vec![],
        });
    }
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let first = !row.reported;
    if store::report(tx.h(), message, actor.id, reason, now).await? && first {
        let reported = Fact::MessageReported {
            mission: &thread.mission,
        };
        let _nothing_cached = effects::record(&mut tx, &state.settings, reported).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The caller's threads with unread messages.
pub async fn unread(state: &AppState, actor: &AccountActor) -> Result<Vec<Unread>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::unread(conn.h(), actor.id).await?)
}

/// Reported messages in the referent's departments (all for admins).
pub async fn reports(
    state: &AppState,
    actor: &AccountActor,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<ReportRow>, ServiceError> {
    if !actor.admin && actor.referent_departments.is_empty() {
        return Err(ServiceError::Forbidden {
            code: ProblemCode::ModeratorsOnly,
            detail: "for referents and administrators".into(),
        });
    }
    let departments = (!actor.admin).then_some(actor.referent_departments.as_slice());
    let mut conn = state.db.acquire().await?;
    Ok(store::reports(conn.h(), departments, before, limit).await?)
}
