//! Notification preferences: what each person chooses to be told, the
//! one-click unsubscribe links every optional email carries, and the
//! coalesced notices (new applications, unread messages) scheduled so that
//! a busy evening sends each reader a few emails, not one per event.
//!
//! Below `effects.rs`: it schedules and signs, and writes no email itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::actor::AccountActor;
use crate::config::Settings;
use crate::domain::notification::{Preferences, Topic, UnsubscribeToken};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::notifications::{self as store, Digest};
use crate::store::Tx;

/// New applications to one organisation are told to each member at most
/// once in this span ("immediate"); "daily" makes it a day.
pub fn applications_window() -> chrono::Duration {
    chrono::Duration::hours(1)
}

/// A coalesced notice waiting to go: one per reader, kind and scope while
/// it waits (the outbox's coalescing key), however many events come.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub account: Uuid,
    pub kind: NoticeKind,
    /// The organisation (applications) or the reader (messages).
    pub scope: Uuid,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Applications,
    Messages,
}

impl NoticeKind {
    pub fn digest(self) -> Digest {
        match self {
            NoticeKind::Applications => Digest::Applications,
            NoticeKind::Messages => Digest::Messages,
        }
    }

    pub fn topic(self) -> Topic {
        match self {
            NoticeKind::Applications => Topic::Applications,
            NoticeKind::Messages => Topic::Messages,
        }
    }

    /// The least time between two notices of this kind, for `p`.
    pub fn window(self, p: &Preferences) -> Option<chrono::Duration> {
        match self {
            NoticeKind::Applications => p.applications.window(applications_window()),
            // "Immediate" messages are sent one by one, not coalesced.
            NoticeKind::Messages => p.messages.window(chrono::Duration::zero()),
        }
    }
}

impl crate::store::outbox::Job for Notice {
    const KIND: &'static str = "notice";

    fn coalesce_key(&self) -> Option<String> {
        Some(format!(
            "notice:{:?}:{}:{}",
            self.kind, self.account, self.scope
        ))
    }
}

/// How far behind the clock a notice tells (`email.notice_settle_ms`).
pub fn settle(settings: &Settings) -> chrono::Duration {
    chrono::Duration::milliseconds(settings.email.notice_settle_ms as i64)
}

/// Schedules `notice` for its reader: as soon as the event has settled
/// when the last one went longer ago than the window, else when the
/// window ends. A notice already waiting takes this event in when it runs.
pub async fn schedule(
    tx: &mut Tx,
    settings: &Settings,
    notice: Notice,
    window: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let last =
        store::sent_until(tx.h(), notice.account, notice.kind.digest(), notice.scope).await?;
    let soonest = last.map_or(now, |last| (last + window).max(now));
    let at = soonest + settle(settings);
    crate::store::outbox::push(tx, &notice, Some(at)).await?;
    Ok(())
}

/// New applications to `org`: a notice scheduled for each member who
/// wants them and has none waiting. On a busy evening every member has
/// one waiting, which takes this event in when it runs: the application's
/// transaction then reads two statements, whatever the organisation's size.
pub async fn applications_received(
    tx: &mut Tx,
    settings: &Settings,
    org: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use crate::store::outbox::Job;
    let kind = NoticeKind::Applications;
    let due: Vec<(Notice, chrono::Duration, Option<DateTime<Utc>>)> =
        store::members_to_tell(tx.h(), org, kind.digest())
            .await?
            .into_iter()
            .filter_map(|(account, prefs, last)| {
                let notice = Notice {
                    account,
                    kind,
                    scope: org,
                };
                kind.window(&prefs).map(|window| (notice, window, last))
            })
            .collect();
    let keys: Vec<String> = due
        .iter()
        .filter_map(|(n, _, _)| n.coalesce_key())
        .collect();
    let waiting = crate::store::outbox::pending_keys(tx.h(), &keys).await?;
    for (notice, window, last) in due {
        if notice.coalesce_key().is_some_and(|k| waiting.contains(&k)) {
            continue;
        }
        let soonest = last.map_or(now, |last| (last + window).max(now));
        crate::store::outbox::push(tx, &notice, Some(soonest + settle(settings))).await?;
    }
    Ok(())
}

/// The one-click unsubscribe URL (RFC 8058) for `topic`, for `account`:
/// the API's own address, since the mailbox provider posts to it.
pub fn unsubscribe_url(settings: &Settings, account: Uuid, topic: Topic) -> String {
    let key = crate::auth::jwt::Keys::from_settings(&settings.auth).derived("unsubscribe");
    format!(
        "{}/v1/unsubscribe?token={}",
        settings.http.public_url.trim_end_matches('/'),
        UnsubscribeToken::sign(&key, account, topic)
    )
}

/// The caller's choices.
pub async fn mine(state: &AppState, actor: &AccountActor) -> Result<Preferences, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of(conn.h(), actor.id).await?)
}

/// What a person may change; absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub applications: Option<crate::domain::notification::Frequency>,
    pub messages: Option<crate::domain::notification::Frequency>,
    pub moderation_digest: Option<bool>,
    pub reminders: Option<bool>,
    pub favourites_digest: Option<bool>,
    pub saved_searches: Option<bool>,
}

pub async fn update(
    state: &AppState,
    actor: &AccountActor,
    patch: PreferencesPatch,
) -> Result<Preferences, ServiceError> {
    let mut tx = state.db.begin().await?;
    let now = tx.now();
    let mut p = store::of(tx.h(), actor.id).await?;
    p.applications = patch.applications.unwrap_or(p.applications);
    p.messages = patch.messages.unwrap_or(p.messages);
    p.moderation_digest = patch.moderation_digest.unwrap_or(p.moderation_digest);
    p.reminders = patch.reminders.unwrap_or(p.reminders);
    p.favourites_digest = patch.favourites_digest.unwrap_or(p.favourites_digest);
    p.saved_searches = patch.saved_searches.unwrap_or(p.saved_searches);
    store::put(tx.h(), actor.id, &p, now).await?;
    tx.commit().await?;
    Ok(p)
}

/// What a one-click link turns off.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Unsubscribed {
    pub topic: Topic,
    /// Whether that kind is now off (always true once posted; for a
    /// `GET`, whether it already was).
    pub unsubscribed: bool,
}

/// Reads a link's token; with `apply`, turns its kind off (idempotent:
/// posting twice is no error). No sign-in: the token is the proof.
pub async fn unsubscribe(
    state: &AppState,
    token: &str,
    apply: bool,
) -> Result<Unsubscribed, ServiceError> {
    let key = state.auth.keys.derived("unsubscribe");
    let (account, topic) =
        UnsubscribeToken::verify(&key, token).ok_or_else(|| ServiceError::Unprocessable {
            code: ProblemCode::InvalidToken,
            detail: "this unsubscribe link is not valid".into(),
        })?;
    let mut tx = state.db.begin().await?;
    let now = tx.now();
    if crate::store::accounts::by_id(tx.h(), account)
        .await?
        .is_none()
    {
        return Err(ServiceError::NotFound);
    }
    let p = store::of(tx.h(), account).await?;
    if apply && p.wants(topic) {
        store::put(tx.h(), account, &p.without(topic), now).await?;
        tracing::info!(%account, topic = topic.as_str(), "unsubscribed in one click");
    }
    tx.commit().await?;
    Ok(Unsubscribed {
        topic,
        unsubscribed: apply || !p.wants(topic),
    })
}
