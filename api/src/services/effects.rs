//! What a change sets off, written once. A use case changes its rows, then
//! says what happened as one `Fact`; `record` writes everything that fact
//! sets off in the same transaction, from one `match`: the history row or
//! the audit trail's entry, the partner's webhook deliveries, the emails,
//! the reminders and the search update. It answers what is left for after the commit (the cached
//! pages to drop). Two writers of one fact therefore cannot disagree: an
//! application promoted from a waiting list sets off what a direct one
//! does, because both are `ParticipationCreated`.
//!
//! A plain `match`, no subscribers: reading one arm says everything one
//! fact does.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::config::Settings;
use crate::domain::moderation::{MissionState, OrganizationState};
use crate::domain::notification::{Frequency, Topic};
use crate::domain::organization::MemberRole;
use crate::domain::participation::{
    DeclineReason, ParticipationState, ACCOUNT_ERASED, MISSION_CLOSED, SHIFT_CANCELLED,
};
use crate::email::{self, params, EmailParams};
use crate::error::ServiceError;
use crate::platform::cache::Cache;
use crate::services::notifications::{self, Notice, NoticeKind};
use crate::services::reminders::{self, Reminder};
use crate::state::AppState;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::history::{self, Subject};
use crate::store::missions::MissionRow;
use crate::store::notifications as notification_store;
use crate::store::organizations::{self as org_store, OrganizationRow};
use crate::store::Tx;
use crate::webhooks::EventType;

/// How an application came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The volunteer applied.
    Applied,
    /// A place freed up and the first in line was promoted.
    WaitingList,
}

/// Who or what moved a participation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The volunteer themself.
    Volunteer(Uuid),
    /// A member of the organisation.
    Member(Uuid),
    /// An administrator.
    Admin(Uuid),
    /// The organisation's API key.
    Key,
    /// Its mission closed (cancelled, completed, flagged, or its
    /// organisation flagged or deregistered), by the person named if any.
    MissionClosed(Option<Uuid>),
    /// Its only shift was cancelled, by the person named if any; the
    /// shift's own email tells the volunteer.
    ShiftCancelled(Option<Uuid>),
    /// The volunteer closed their account.
    Erasure(Uuid),
}

impl By {
    fn actor(self) -> Option<Uuid> {
        match self {
            By::Volunteer(id) | By::Member(id) | By::Admin(id) | By::Erasure(id) => Some(id),
            By::Key => None,
            By::MissionClosed(id) | By::ShiftCancelled(id) => id,
        }
    }

    /// The role written in the history.
    fn role(self) -> &'static str {
        match self {
            By::Volunteer(_) | By::Erasure(_) => "volunteer",
            By::Member(_) => "member",
            By::Admin(_) => "admin",
            By::Key => "api_key",
            By::MissionClosed(_) | By::ShiftCancelled(_) => "system",
        }
    }
}

/// Why a participation was declined or cancelled.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reason<'a> {
    pub code: Option<DeclineReason>,
    pub text: Option<&'a str>,
}

/// What happened to a mission or an organisation.
#[derive(Debug, Clone, Copy)]
pub enum How<'a> {
    Created,
    /// These fields changed (and, when material, sent it back to review).
    Edited(&'a [&'static str]),
    /// Moved through its state machine, with the reason given.
    Moved(Option<&'a str>),
}

/// How a mission's shifts changed, and who is to hear of it.
#[derive(Debug, Clone, Copy)]
pub enum ShiftEvent<'a> {
    Added,
    Resized,
    /// A shift's day or hours moved: its volunteers hear, and those
    /// accepted are reminded the day before its new day.
    Moved {
        holders: &'a [crate::store::shifts::Holder],
        before: &'a str,
        after: &'a str,
        day: NaiveDate,
    },
    /// A shift was cancelled: each volunteer who held it, and each one in
    /// its line, hears what it means for them (`told`: address, first
    /// name, outcome).
    Cancelled {
        when: &'a str,
        reason: Option<&'a str>,
        told: &'a [(String, String, &'static str)],
    },
}

/// A group of signups committed together (the intake's hot path): each
/// activation link (address, first name, token) and each "already
/// registered" notice (address, first name) is written in one multi-row
/// statement, not one per fact, and nothing else is set off.
pub async fn signups_taken(
    tx: &mut Tx,
    links: &[(&str, &str, String)],
    registered: &[(&str, &str)],
) -> Result<(), ServiceError> {
    let mut jobs = Vec::with_capacity(links.len() + registered.len());
    for (to, first_name) in registered {
        jobs.push(email::job(
            to,
            &params::AlreadyRegistered {
                first_name: (*first_name).to_owned(),
                email: (*to).to_owned(),
            },
        ));
    }
    for (to, first_name, token) in links {
        jobs.push(email::job(
            to,
            &params::Activation {
                first_name: (*first_name).to_owned(),
                token: token.clone(),
            },
        ));
    }
    crate::store::outbox::enqueue_many(tx, &jobs).await?;
    Ok(())
}

/// What came due, with what its email tells.
#[derive(Debug, Clone, Copy)]
pub enum Reminded<'a> {
    /// The volunteer, the day before their (shift's) day.
    DayBefore {
        volunteer: &'a AccountRow,
        mission: &'a MissionRow,
        organization_name: &'a str,
        start: NaiveDate,
    },
    /// The organisation, of an application waiting `days` days.
    ApplicationWaiting {
        volunteer_name: &'a str,
        mission: &'a MissionRow,
        days: i64,
    },
    /// The organisation, of a mission past its end date and still open.
    CloseOrExtend {
        mission: &'a MissionRow,
        end: NaiveDate,
    },
    /// Each referent with a queue: address, first name, organisations and
    /// missions waiting.
    ModerationQueue {
        referents: &'a [crate::store::reminders::ReferentQueue],
    },
    /// Volunteers whose favourite missions close soon or got new shifts,
    /// a line each, by volunteer.
    FavouritesNews {
        news: &'a [crate::store::reminders::FavouriteNews],
    },
    /// Volunteers whose saved searches new missions match.
    SavedSearchAlerts {
        alerts: &'a [super::saved_searches::Alert],
    },
}

/// The link an email carries.
#[derive(Debug, Clone, Copy)]
pub enum Link<'a> {
    Activation { token: &'a str },
    PasswordReset { token: &'a str },
    EmailChange { new_email: &'a str, token: &'a str },
}

impl How<'_> {
    /// What the history says of it: the fields edited, or the reason
    /// given for a move.
    fn reason(&self) -> Option<String> {
        match self {
            How::Created => None,
            How::Edited(fields) => Some(format!("edited: {}", fields.join(", "))),
            How::Moved(reason) => reason.map(str::to_owned),
        }
    }
}

/// One change of state, as it happened.
pub enum Fact<'a> {
    /// A new application, pending the organisation's answer: the rows
    /// of this participation alone (its history, its event, its
    /// reminders, the volunteer's email). `ApplicationReceived` follows,
    /// in the same transaction.
    ParticipationCreated {
        id: Uuid,
        via: Via,
        volunteer: &'a AccountRow,
        mission: &'a MissionRow,
        org: &'a OrganizationRow,
    },
    /// What every application to `mission` shares: the members' notice,
    /// the fill-level notices, the search update. Applying records it
    /// after the place is taken, last before the commit, because these
    /// rows and the mission's are where the applicants of a hot mission
    /// wait for each other: the shorter the span from the place to the
    /// commit, the shorter that line.
    ApplicationReceived {
        mission: &'a MissionRow,
        org: &'a OrganizationRow,
        /// The mission's places after this one was taken, when the caller
        /// took it: the organisation hears at 80 % and at 100 %.
        places: Option<(i32, i32)>,
    },
    /// A participation moved from one state to another.
    ParticipationMoved {
        id: Uuid,
        volunteer: Uuid,
        mission: &'a MissionRow,
        organization_name: &'a str,
        from: ParticipationState,
        to: ParticipationState,
        by: By,
        reason: Reason<'a>,
    },
    /// A mission created, edited, or moved from one state to another;
    /// `mission` is as the change left it.
    MissionChanged {
        mission: &'a MissionRow,
        org: &'a OrganizationRow,
        /// `None` for a new mission.
        from: Option<MissionState>,
        to: MissionState,
        actor: Option<Uuid>,
        /// `owner`, `manager`, `referent`, `admin`, `api_key`.
        role: &'a str,
        how: How<'a>,
    },
    /// An organisation created, edited, or moved from one state to
    /// another; `org` is as the change left it, `published` its published
    /// missions (they enter or leave public view with it).
    OrganizationChanged {
        org: &'a OrganizationRow,
        published: &'a [Uuid],
        from: Option<OrganizationState>,
        to: OrganizationState,
        /// `None` for the retention sweep.
        actor: Option<Uuid>,
        role: &'a str,
        how: How<'a>,
    },
    /// A mission's shifts changed (members): added, resized, moved or
    /// cancelled; `note` says how, in its history.
    ShiftsChanged {
        mission: &'a MissionRow,
        organization_name: &'a str,
        actor: Option<Uuid>,
        role: &'a str,
        note: &'a str,
        change: ShiftEvent<'a>,
    },
    /// A volunteer added or let go shifts of their participation;
    /// `new_days` are the days of the shifts added.
    ShiftsChosen {
        participation: &'a crate::store::participations::ParticipationRow,
        mission: &'a MissionRow,
        note: &'a str,
        new_days: &'a [NaiveDate],
    },
    /// The organisation recorded a volunteer present (`hours`) or absent,
    /// which completed the participation.
    Attended {
        participation: Uuid,
        by: Uuid,
        present: bool,
    },
    /// A message was written in a participation's thread; `recipients`
    /// (account, address, first name) hear of it as they chose (none when
    /// told within the hour, or in degraded mode).
    MessageWritten {
        participation: Uuid,
        mission: &'a MissionRow,
        sender_name: &'a str,
        recipients: &'a [(Uuid, String, String)],
    },
    /// A message was reported for the first time: the department's
    /// referents hear.
    MessageReported { mission: &'a MissionRow },
    /// An owner invited someone to join; the link goes by email.
    MemberInvited {
        org: &'a OrganizationRow,
        by: Uuid,
        inviter_name: &'a str,
        email: &'a str,
        role: MemberRole,
        token: &'a str,
    },
    /// A queued export was produced: its link goes to who asked.
    ExportReady {
        to: &'a AccountRow,
        export: Uuid,
        file_name: &'a str,
        rows: usize,
        token: &'a str,
    },
    /// An account inactive for years is told it will be erased on a day.
    InactivityWarned {
        to: &'a str,
        first_name: &'a str,
        erase_on: NaiveDate,
    },
    /// A person is sent a link: the token's hash is already stored.
    LinkSent {
        to: &'a str,
        first_name: &'a str,
        link: Link<'a>,
    },
    /// A password was changed, or reset through a link.
    PasswordChanged { account: &'a AccountRow },
    /// A webhook endpoint failed too often and was turned off: written in
    /// the organisation's trail, and its owners hear.
    EndpointDisabled {
        endpoint: &'a crate::store::webhooks::EndpointRow,
        error: &'a str,
    },
    /// An API key was created, rotated or revoked: by an owner for their
    /// organisation's key, by an admin for a platform key (`org: None`).
    KeyChanged {
        org: Option<Uuid>,
        by: Uuid,
        /// `api_key.created`, `api_key.rotated` or `api_key.revoked`.
        action: &'static str,
        detail: serde_json::Value,
    },
    /// A partner's key changed one of its organisation's webhook
    /// endpoints.
    EndpointChanged {
        org: Uuid,
        key_prefix: &'a str,
        /// `webhook_endpoint.created`, `.updated`, `.secret_rotated`,
        /// `.deleted`.
        action: &'static str,
        detail: serde_json::Value,
    },
    /// Someone took an export of personal data or of missions.
    Exported {
        org: Option<Uuid>,
        department: Option<&'a str>,
        by: Uuid,
        role: &'a str,
        /// `export.participations` or `export.missions`.
        action: &'static str,
        detail: serde_json::Value,
    },
    /// A person corrected their birth date (it decides which missions they
    /// may join): kept with the reason they gave.
    BirthDateCorrected {
        account: Uuid,
        from: Option<NaiveDate>,
        to: NaiveDate,
        reason: &'a str,
    },
    /// A reminder came due and what it reminds of still holds.
    Reminded(Reminded<'a>),
    /// A member's coalesced notice of new applications to `org` came due:
    /// the newest `applications`, of `total` since the last notice.
    ApplicationsNotice {
        to: &'a AccountRow,
        org: &'a OrganizationRow,
        applications: &'a [crate::store::notifications::NewApplication],
        total: i64,
    },
    /// A reader's daily notice of unread messages came due.
    MessagesNotice {
        to: &'a AccountRow,
        unread: &'a [crate::store::messages::Unread],
    },
    /// An administrator suspended an account (`reason`) or reinstated it.
    AccountSuspended {
        account: Uuid,
        by: Uuid,
        reason: Option<&'a str>,
    },
    /// An administrator granted or revoked the referent role of a
    /// department.
    ReferentChanged {
        account: Uuid,
        by: Uuid,
        department: &'a str,
        granted: bool,
    },
    /// An administrator pinned the service mode, or handed it back.
    ServiceModeSet {
        by: Uuid,
        mode: &'a str,
        reason: &'a str,
    },
    /// Someone joined an organisation: its creator, or by invitation.
    MemberJoined {
        org: Uuid,
        account: Uuid,
        role: MemberRole,
        invited_by: Option<Uuid>,
    },
    /// An owner changed a member's role.
    MemberRoleChanged {
        org: Uuid,
        account: Uuid,
        by: Uuid,
        from: MemberRole,
        to: MemberRole,
    },
    /// A member left (`by` is themself), was removed by an owner, or
    /// left with their erased account.
    MemberLeft {
        org: Uuid,
        account: Uuid,
        by: Uuid,
        role: MemberRole,
        erased: bool,
    },
    /// An account was erased: by its holder, or by the retention sweep
    /// (`by` is `None`). The trail keeps the id only.
    AccountErased { account: Uuid, by: Option<Uuid> },
}

/// What is left once the transaction committed: the missions whose
/// public pages showed the state before, and those of them that may have
/// places again.
#[must_use = "drop the cached pages after the commit"]
#[derive(Debug, Default)]
pub struct AfterCommit {
    missions: Vec<Uuid>,
    /// Missions whose places may have come back (a place given back, the
    /// capacity or the mission edited, the organisation moved): this
    /// process forgets having seen them full. A place taken is never one
    /// of them: on the night, the last applicants' commits would otherwise
    /// erase the "full" the next applicant had just learnt, and send the
    /// hundreds waiting at the gate through a transaction each.
    reopened: Vec<Uuid>,
}

impl AfterCommit {
    /// Adds what another fact left.
    pub fn and(mut self, other: AfterCommit) -> AfterCommit {
        for (mine, theirs) in [
            (&mut self.missions, other.missions),
            (&mut self.reopened, other.reopened),
        ] {
            for mission in theirs {
                if !mine.contains(&mission) {
                    mine.push(mission);
                }
            }
        }
        self
    }

    /// Drops the cached pages that showed the state before, and what this
    /// process knew of the places of the missions that may have some again.
    pub async fn run(self, state: &AppState) {
        for mission in &self.reopened {
            state.hot.changed(*mission);
        }
        self.drop_cached(&state.platform.cache).await;
    }

    /// Drops the cached pages only: for a change made outside a request
    /// (the gates and full markers live in the serving processes).
    pub async fn drop_cached(self, cache: &Cache) {
        for mission in self.missions {
            cache
                .delete(&crate::services::keys::cache_key(mission))
                .await;
        }
    }
}

/// Writes everything `fact` sets off, in the caller's transaction.
pub async fn record(
    tx: &mut Tx,
    settings: &Settings,
    fact: Fact<'_>,
) -> Result<AfterCommit, ServiceError> {
    let now = tx.now();
    match fact {
        Fact::ParticipationCreated {
            id,
            via,
            volunteer,
            mission,
            org,
        } => {
            history::record(
                tx.h(),
                history::Change {
                    subject: Subject::Participation(id),
                    actor: Some(volunteer.id),
                    actor_role: "volunteer",
                    from: None,
                    to: ParticipationState::Pending.as_str(),
                    reason: (via == Via::WaitingList).then_some("waiting_list"),
                    at: now,
                },
            )
            .await?;
            participation_event(
                tx,
                id,
                mission,
                EventType::ParticipationCreated,
                (via == Via::WaitingList).then_some("waiting_list"),
                now,
            )
            .await?;
            reminders::application_made(tx, &settings.reminders, id, now).await?;
            // The volunteer hears their application is in (or, promoted,
            // that the place is theirs); the organisation of a new one.
            match via {
                Via::Applied => {
                    let p = params::ParticipationCreated {
                        first_name: volunteer.first_name.clone(),
                        mission_title: mission.title.clone(),
                        organization_name: org.name.clone(),
                    };
                    email::enqueue(tx, &volunteer.email, &p).await?;
                }
                Via::WaitingList => {
                    let p = params::WaitingListPromoted {
                        first_name: volunteer.first_name.clone(),
                        mission_title: mission.title.clone(),
                        organization_name: org.name.clone(),
                        mission_id: mission.id.to_string(),
                    };
                    email::enqueue(tx, &volunteer.email, &p).await?;
                }
            }
            super::api_engagement::push::activity_changed(tx, settings, id).await?;
            Ok(AfterCommit::default())
        }
        Fact::ApplicationReceived {
            mission,
            org,
            places,
        } => {
            // Members hear of it in their next notice: at most one an
            // hour (or a day) per organisation, listing what came since.
            notifications::applications_received(tx, settings, org.id, now).await?;
            if let Some((taken, capacity)) = places {
                fill_level_notices(tx, mission, org, taken, capacity).await?;
            }
            crate::search::mission_changed(tx, mission.id).await?;
            Ok(places_taken(mission.id))
        }
        Fact::ParticipationMoved {
            id,
            volunteer,
            mission,
            organization_name,
            from,
            to,
            by,
            reason,
        } => {
            let code = match by {
                By::MissionClosed(_) => Some(MISSION_CLOSED),
                By::ShiftCancelled(_) => Some(SHIFT_CANCELLED),
                By::Erasure(_) => Some(ACCOUNT_ERASED),
                _ => reason.code.map(DeclineReason::as_str),
            };
            history::record(
                tx.h(),
                history::Change {
                    subject: Subject::Participation(id),
                    actor: by.actor(),
                    actor_role: by.role(),
                    from: Some(from.as_str()),
                    to: to.as_str(),
                    reason: reason.text.or(code),
                    at: now,
                },
            )
            .await?;
            if to == ParticipationState::Cancelled {
                participation_event(
                    tx,
                    id,
                    mission,
                    EventType::ParticipationCancelled,
                    code,
                    now,
                )
                .await?;
            }
            tell_of_move(tx, volunteer, mission, organization_name, to, by, reason).await?;
            match to {
                ParticipationState::Accepted => {
                    let days = starting_days(tx, id, mission).await?;
                    reminders::accepted(
                        tx,
                        &settings.reminders,
                        id,
                        &days,
                        mission.time_zone(),
                        now,
                    )
                    .await?;
                }
                ParticipationState::Cancelled | ParticipationState::Declined => {
                    for start in starting_days(tx, id, mission).await? {
                        let reminder = Reminder::DayBefore {
                            participation: id,
                            start,
                        };
                        reminders::cancel(tx.h(), &reminder).await?;
                    }
                }
                _ => {}
            }
            let place_back = from.holds_place() && !to.holds_place();
            if place_back {
                crate::search::mission_changed(tx, mission.id).await?;
            }
            super::api_engagement::push::activity_changed(tx, settings, id).await?;
            Ok(if place_back {
                mission_page(mission.id)
            } else {
                places_taken(mission.id)
            })
        }
        Fact::MissionChanged {
            mission,
            org,
            from,
            to,
            actor,
            role,
            how,
        } => {
            let reason = how.reason();
            history::record(
                tx.h(),
                history::Change {
                    subject: Subject::Mission(mission.id),
                    actor,
                    actor_role: role,
                    from: from.map(MissionState::as_str),
                    to: to.as_str(),
                    reason: reason.as_deref(),
                    at: now,
                },
            )
            .await?;
            let was_public = from == Some(MissionState::Published);
            let is_public = to == MissionState::Published;
            if was_public || is_public {
                crate::search::mission_changed(tx, mission.id).await?;
            }
            if let How::Moved(reason) = how {
                tell_of_mission(tx, mission, org, to, reason).await?;
                if is_public {
                    reminders::published(
                        tx,
                        &settings.reminders,
                        mission.id,
                        mission.end_date,
                        mission.time_zone(),
                    )
                    .await?;
                }
            }
            // Partners hear when a mission enters or leaves public view; an
            // organisation that is not approved shows none (its missions'
            // events come with its own changes).
            let event = match (was_public, is_public) {
                (false, true) => Some(EventType::MissionPublished),
                (true, false) => Some(EventType::MissionUnpublished),
                _ => None,
            };
            if let Some(event) = event.filter(|_| org.state() == OrganizationState::Approved) {
                let base = &settings.auth.app_base_url;
                crate::services::deliveries::mission_event(tx, base, mission, event, now).await?;
            }
            Ok(mission_page(mission.id))
        }
        Fact::OrganizationChanged {
            org,
            published,
            from,
            to,
            actor,
            role,
            how,
        } => {
            let reason = how.reason();
            history::record(
                tx.h(),
                history::Change {
                    subject: Subject::Organization(org.id),
                    actor,
                    actor_role: role,
                    from: from.map(OrganizationState::as_str),
                    to: to.as_str(),
                    reason: reason.as_deref(),
                    at: now,
                },
            )
            .await?;
            // Its name and place show on its missions' cards; its state
            // decides whether they are found at all.
            let searched = match how {
                How::Edited(_) => true,
                _ => matches!(
                    to,
                    OrganizationState::Approved
                        | OrganizationState::Flagged
                        | OrganizationState::Deregistered
                ),
            };
            if searched {
                for mission in published {
                    crate::search::mission_changed(tx, *mission).await?;
                }
            }
            let was_public = from == Some(OrganizationState::Approved);
            let is_public = to == OrganizationState::Approved;
            if was_public != is_public {
                let event = if is_public {
                    EventType::MissionPublished
                } else {
                    EventType::MissionUnpublished
                };
                for id in published {
                    if let Some(mission) = crate::store::missions::get(tx.h(), *id).await? {
                        let base = &settings.auth.app_base_url;
                        crate::services::deliveries::mission_event(tx, base, &mission, event, now)
                            .await?;
                    }
                }
            }
            if is_public && !was_public {
                crate::services::deliveries::emit(
                    tx,
                    org.id,
                    EventType::OrganizationApproved,
                    json!({"id": org.id, "name": org.name}),
                    now,
                )
                .await?;
            }
            if from.is_some_and(|f| f != to) {
                let reason = match how {
                    How::Moved(reason) => reason,
                    _ => None,
                };
                tell_of_organization(tx, org, to, reason).await?;
            }
            Ok(AfterCommit {
                missions: published.to_vec(),
                reopened: published.to_vec(),
            })
        }
        Fact::ShiftsChanged {
            mission,
            organization_name,
            actor,
            role,
            note,
            change,
        } => {
            let current = mission.state().as_str();
            history::record(
                tx.h(),
                history::Change {
                    subject: Subject::Mission(mission.id),
                    actor,
                    actor_role: role,
                    from: Some(current),
                    to: current,
                    reason: Some(note),
                    at: now,
                },
            )
            .await?;
            tell_of_shifts(tx, settings, mission, organization_name, change).await?;
            // Its places and dates follow its shifts: search and the
            // close-or-extend reminder see the new ones.
            if mission.state() == MissionState::Published {
                crate::search::mission_changed(tx, mission.id).await?;
                if let Some(m) = crate::store::missions::get(tx.h(), mission.id).await? {
                    let (end, zone) = (m.end_date, m.time_zone());
                    reminders::published(tx, &settings.reminders, m.id, end, zone).await?;
                }
            }
            Ok(mission_page(mission.id))
        }
        Fact::ShiftsChosen {
            participation,
            mission,
            note,
            new_days,
        } => {
            let current = participation.state();
            history::record(
                tx.h(),
                history::Change {
                    subject: Subject::Participation(participation.id),
                    actor: Some(participation.volunteer_id),
                    actor_role: "volunteer",
                    from: Some(current.as_str()),
                    to: current.as_str(),
                    reason: Some(note),
                    at: now,
                },
            )
            .await?;
            if current == ParticipationState::Accepted && !new_days.is_empty() {
                let zone = mission.time_zone();
                let id = participation.id;
                reminders::accepted(tx, &settings.reminders, id, new_days, zone, now).await?;
            }
            crate::search::mission_changed(tx, mission.id).await?;
            Ok(mission_page(mission.id))
        }
        Fact::Attended {
            participation,
            by,
            present,
        } => {
            history::record(
                tx.h(),
                history::Change {
                    subject: Subject::Participation(participation),
                    actor: Some(by),
                    actor_role: "member",
                    from: Some(ParticipationState::Accepted.as_str()),
                    to: ParticipationState::Completed.as_str(),
                    reason: Some(if present { "present" } else { "absent" }),
                    at: now,
                },
            )
            .await?;
            // Carried out, or cancelled for an absence: the hub hears it.
            super::api_engagement::push::activity_changed(tx, settings, participation).await?;
            Ok(AfterCommit::default())
        }
        Fact::MessageWritten {
            participation,
            mission,
            sender_name,
            recipients,
        } => {
            for (account, to, first_name) in recipients {
                let prefs = notification_store::of(tx.h(), *account).await?;
                let notice = Notice {
                    account: *account,
                    kind: NoticeKind::Messages,
                    scope: *account,
                };
                match prefs.messages {
                    Frequency::Off => {}
                    Frequency::Daily => {
                        let day = chrono::Duration::hours(24);
                        notifications::schedule(tx, settings, notice, day, now).await?;
                    }
                    Frequency::Immediate => {
                        let p = params::NewMessage {
                            first_name: first_name.clone(),
                            sender_name: sender_name.to_owned(),
                            mission_title: mission.title.clone(),
                            participation_id: participation.to_string(),
                        };
                        let url =
                            notifications::unsubscribe_url(settings, *account, Topic::Messages);
                        email::enqueue_optional(tx, to, &p, url).await?;
                    }
                }
            }
            Ok(AfterCommit::default())
        }
        Fact::MessageReported { mission } => {
            for (to, first_name) in org_store::referent_emails(tx.h(), &mission.department).await? {
                let p = params::MessageReported {
                    first_name,
                    mission_title: mission.title.clone(),
                    department: mission.department.clone(),
                };
                email::enqueue(tx, &to, &p).await?;
            }
            Ok(AfterCommit::default())
        }
        Fact::MemberInvited {
            org,
            by,
            inviter_name,
            email: address,
            role,
            token,
        } => {
            let p = params::OrganizationInvitation {
                organization_name: org.name.clone(),
                inviter_name: inviter_name.to_owned(),
                token: token.to_owned(),
            };
            email::enqueue(tx, address, &p).await?;
            let trail = Trail {
                organization: Some(org.id),
                department: None,
                account: None,
                actor: Some(by),
                role: MemberRole::Owner.as_str(),
                action: "member.invited",
                // Not the address: it would outlive the person's erasure.
                detail: json!({ "role": role.as_str() }),
            };
            audit(tx, trail).await
        }
        Fact::ExportReady {
            to,
            export,
            file_name,
            rows,
            token,
        } => {
            let p = params::ExportReady {
                first_name: to.first_name.clone(),
                export_name: file_name.to_owned(),
                row_count: rows.to_string(),
                export_id: export.to_string(),
                token: token.to_owned(),
            };
            email::enqueue(tx, &to.email, &p).await?;
            Ok(AfterCommit::default())
        }
        Fact::InactivityWarned {
            to,
            first_name,
            erase_on,
        } => {
            let p = params::InactivityWarning {
                first_name: first_name.to_owned(),
                erase_on: erase_on.format("%d/%m/%Y").to_string(),
            };
            email::enqueue(tx, to, &p).await?;
            Ok(AfterCommit::default())
        }
        Fact::LinkSent {
            to,
            first_name,
            link,
        } => {
            let first_name = first_name.to_owned();
            match link {
                Link::Activation { token } => {
                    let token = token.to_owned();
                    email::enqueue(tx, to, &params::Activation { first_name, token }).await?
                }
                Link::PasswordReset { token } => {
                    let token = token.to_owned();
                    email::enqueue(tx, to, &params::PasswordReset { first_name, token }).await?
                }
                Link::EmailChange { new_email, token } => {
                    let p = params::EmailChange {
                        first_name,
                        new_email: new_email.to_owned(),
                        token: token.to_owned(),
                    };
                    email::enqueue(tx, to, &p).await?
                }
            };
            Ok(AfterCommit::default())
        }
        Fact::PasswordChanged { account } => {
            let p = params::PasswordChanged {
                first_name: account.first_name.clone(),
            };
            email::enqueue(tx, &account.email, &p).await?;
            Ok(AfterCommit::default())
        }
        Fact::EndpointDisabled { endpoint, error } => {
            let trail = Trail {
                organization: Some(endpoint.organization_id),
                department: None,
                account: None,
                actor: None,
                role: "system",
                action: "webhook_endpoint.disabled",
                detail: json!({"id": endpoint.id, "url": endpoint.url, "last_error": error}),
            };
            let done = audit(tx, trail).await?;
            let Some(org) = org_store::get(tx.h(), endpoint.organization_id).await? else {
                return Ok(done);
            };
            for (to, first_name) in org_store::owner_emails(tx.h(), org.id).await? {
                let p = params::WebhookDisabled {
                    first_name,
                    organization_name: org.name.clone(),
                    url: endpoint.url.clone(),
                    failures: (endpoint.consecutive_failures + 1).to_string(),
                    last_error: error.chars().take(300).collect(),
                    endpoint_id: endpoint.id.to_string(),
                };
                email::enqueue(tx, &to, &p).await?;
            }
            Ok(done)
        }
        Fact::KeyChanged {
            org,
            by,
            action,
            detail,
        } => {
            let trail = Trail {
                organization: org,
                department: None,
                account: None,
                actor: Some(by),
                role: if org.is_some() { "owner" } else { "admin" },
                action,
                detail,
            };
            audit(tx, trail).await
        }
        Fact::EndpointChanged {
            org,
            key_prefix,
            action,
            detail,
        } => {
            let trail = Trail {
                organization: Some(org),
                department: None,
                account: None,
                actor: None,
                role: "api_key",
                action,
                detail: json!({"key_prefix": key_prefix, "endpoint": detail}),
            };
            audit(tx, trail).await
        }
        Fact::Exported {
            org,
            department,
            by,
            role,
            action,
            detail,
        } => {
            let trail = Trail {
                organization: org,
                department,
                account: None,
                actor: Some(by),
                role,
                action,
                detail,
            };
            audit(tx, trail).await
        }
        Fact::BirthDateCorrected {
            account,
            from,
            to,
            reason,
        } => {
            let trail = Trail {
                organization: None,
                department: None,
                account: Some(account),
                actor: Some(account),
                role: "volunteer",
                action: "account.birth_date_corrected",
                detail: json!({ "from": from, "to": to, "reason": reason }),
            };
            audit(tx, trail).await
        }
        Fact::Reminded(reminded) => {
            remind(tx, settings, reminded).await?;
            Ok(AfterCommit::default())
        }
        Fact::ApplicationsNotice {
            to,
            org,
            applications,
            total,
        } => {
            let mut lines: Vec<String> = applications
                .iter()
                .map(|a| {
                    format!(
                        "- {} {}. : « {} »",
                        a.volunteer_first_name,
                        a.volunteer_last_name.chars().next().unwrap_or(' '),
                        a.mission_title
                    )
                })
                .collect();
            let more = total - applications.len() as i64;
            if more > 0 {
                lines.push(format!("- et {more} autre(s)"));
            }
            let p = params::NewApplication {
                first_name: to.first_name.clone(),
                organization_name: org.name.clone(),
                organization_id: org.id.to_string(),
                count: total.to_string(),
                applications: lines.join("\n"),
            };
            let url = notifications::unsubscribe_url(settings, to.id, Topic::Applications);
            email::enqueue_optional(tx, &to.email, &p, url).await?;
            Ok(AfterCommit::default())
        }
        Fact::MessagesNotice { to, unread } => {
            let count: i64 = unread.iter().map(|u| u.unread).sum();
            let p = params::MessagesDigest {
                first_name: to.first_name.clone(),
                count: count.to_string(),
                conversations: unread
                    .iter()
                    .map(|u| format!("- « {} » : {} message(s)", u.mission_title, u.unread))
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            let url = notifications::unsubscribe_url(settings, to.id, Topic::Messages);
            email::enqueue_optional(tx, &to.email, &p, url).await?;
            Ok(AfterCommit::default())
        }
        Fact::AccountSuspended {
            account,
            by,
            reason,
        } => {
            let action = if reason.is_some() {
                "account.suspended"
            } else {
                "account.reinstated"
            };
            let detail = json!({ "reason": reason });
            audit(tx, Trail::admin(by, action, detail).on_account(account)).await
        }
        Fact::ReferentChanged {
            account,
            by,
            department,
            granted,
        } => {
            let action = if granted {
                "referent.granted"
            } else {
                "referent.revoked"
            };
            let mut trail = Trail::admin(by, action, json!({ "department": department }));
            trail.department = Some(department);
            audit(tx, trail.on_account(account)).await
        }
        Fact::ServiceModeSet { by, mode, reason } => {
            let detail = json!({ "mode": mode, "reason": reason });
            audit(tx, Trail::admin(by, "service_mode.set", detail)).await
        }
        Fact::MemberJoined {
            org,
            account,
            role,
            invited_by,
        } => {
            let detail = json!({ "role": role.as_str(), "invited_by": invited_by });
            let trail = Trail {
                organization: Some(org),
                department: None,
                account: Some(account),
                actor: Some(account),
                role: role.as_str(),
                action: "member.joined",
                detail,
            };
            audit(tx, trail).await
        }
        Fact::MemberRoleChanged {
            org,
            account,
            by,
            from,
            to,
        } => {
            let detail = json!({ "from": from.as_str(), "to": to.as_str() });
            let trail = Trail {
                organization: Some(org),
                department: None,
                account: Some(account),
                actor: Some(by),
                role: MemberRole::Owner.as_str(),
                action: "member.role_changed",
                detail,
            };
            audit(tx, trail).await
        }
        Fact::MemberLeft {
            org,
            account,
            by,
            role,
            erased,
        } => {
            let (action, actor_role) = match (erased, by == account) {
                (true, _) => ("member.erased", role.as_str()),
                (false, true) => ("member.left", role.as_str()),
                (false, false) => ("member.removed", MemberRole::Owner.as_str()),
            };
            let trail = Trail {
                organization: Some(org),
                department: None,
                account: Some(account),
                actor: Some(by),
                role: actor_role,
                action,
                detail: json!({ "role": role.as_str() }),
            };
            audit(tx, trail).await
        }
        Fact::AccountErased { account, by } => {
            let trail = Trail {
                organization: None,
                department: None,
                account: Some(account),
                actor: by,
                role: if by.is_some() { "volunteer" } else { "system" },
                action: "account.erased",
                detail: json!({}),
            };
            audit(tx, trail).await
        }
    }
}

/// One entry of the audit trail, before it is written.
struct Trail<'a> {
    organization: Option<Uuid>,
    department: Option<&'a str>,
    account: Option<Uuid>,
    actor: Option<Uuid>,
    role: &'a str,
    action: &'a str,
    detail: serde_json::Value,
}

impl<'a> Trail<'a> {
    fn admin(by: Uuid, action: &'a str, detail: serde_json::Value) -> Self {
        Trail {
            organization: None,
            department: None,
            account: None,
            actor: Some(by),
            role: "admin",
            action,
            detail,
        }
    }

    fn on_account(mut self, account: Uuid) -> Self {
        self.account = Some(account);
        self
    }
}

/// Audit facts change no public page.
async fn audit(tx: &mut Tx, trail: Trail<'_>) -> Result<AfterCommit, ServiceError> {
    let at = tx.now();
    crate::store::audit::record(
        tx.h(),
        crate::store::audit::Event {
            organization_id: trail.organization,
            subject_account_id: trail.account,
            department: trail.department,
            actor_id: trail.actor,
            actor_role: trail.role,
            action: trail.action,
            detail: trail.detail,
            at,
        },
    )
    .await?;
    Ok(AfterCommit::default())
}

/// The mission's page changed, and its places may have come back.
fn mission_page(mission: Uuid) -> AfterCommit {
    AfterCommit {
        missions: vec![mission],
        reopened: vec![mission],
    }
}

/// The mission's page changed, with fewer places or as many: a mission
/// known full stays so.
fn places_taken(mission: Uuid) -> AfterCommit {
    AfterCommit {
        missions: vec![mission],
        reopened: Vec::new(),
    }
}

/// `participation.created` or `participation.cancelled` to the mission's
/// organisation's endpoints.
async fn participation_event(
    tx: &mut Tx,
    id: Uuid,
    mission: &MissionRow,
    event: EventType,
    reason_code: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    crate::services::deliveries::participation_event(
        tx,
        mission.organization_id,
        id,
        mission,
        event,
        reason_code,
        at,
    )
    .await
}

/// Who hears of a participation that moved, and what.
async fn tell_of_move(
    tx: &mut Tx,
    volunteer: Uuid,
    mission: &MissionRow,
    organization_name: &str,
    to: ParticipationState,
    by: By,
    reason: Reason<'_>,
) -> Result<(), ServiceError> {
    match (to, by) {
        (ParticipationState::Accepted, _) => {
            let v = account(tx, volunteer).await?;
            let p = params::ParticipationAccepted {
                first_name: v.first_name.clone(),
                mission_title: mission.title.clone(),
                organization_name: organization_name.to_owned(),
            };
            email::enqueue(tx, &v.email, &p).await?;
        }
        (ParticipationState::Declined, _) => {
            let v = account(tx, volunteer).await?;
            let p = params::ParticipationDeclined {
                first_name: v.first_name.clone(),
                mission_title: mission.title.clone(),
                organization_name: organization_name.to_owned(),
                reason: reason
                    .text
                    .unwrap_or_else(|| reason.code.map_or("", DeclineReason::label))
                    .to_owned(),
            };
            email::enqueue(tx, &v.email, &p).await?;
        }
        (ParticipationState::Cancelled, By::Volunteer(_)) => {
            let v = account(tx, volunteer).await?;
            let volunteer_name = format!("{} {}", v.first_name, v.last_name);
            volunteer_cancelled(tx, mission, volunteer_name).await?;
        }
        // The organisation is told, as for any cancellation, without the
        // name of a person who asked to be forgotten.
        (ParticipationState::Cancelled, By::Erasure(_)) => {
            volunteer_cancelled(tx, mission, "Une personne qui a fermé son compte".into()).await?;
        }
        (ParticipationState::Cancelled, By::MissionClosed(_)) => {
            let v = account(tx, volunteer).await?;
            let p = params::ParticipationCancelled {
                first_name: v.first_name.clone(),
                mission_title: mission.title.clone(),
                organization_name: organization_name.to_owned(),
            };
            email::enqueue(tx, &v.email, &p).await?;
        }
        _ => {}
    }
    Ok(())
}

async fn account(tx: &mut Tx, id: Uuid) -> Result<AccountRow, ServiceError> {
    account_store::by_id(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The emails of a reminder that came due. Reminders are not urgent:
/// degraded mode holds them.
async fn remind(
    tx: &mut Tx,
    settings: &Settings,
    reminded: Reminded<'_>,
) -> Result<(), ServiceError> {
    match reminded {
        Reminded::DayBefore {
            volunteer,
            mission,
            organization_name,
            start,
        } => {
            let p = params::ReminderDayBefore {
                first_name: volunteer.first_name.clone(),
                mission_title: mission.title.clone(),
                organization_name: organization_name.to_owned(),
                start_date: start.format("%d/%m/%Y").to_string(),
                mission_id: mission.id.to_string(),
            };
            let (account, to) = (volunteer.id, &volunteer.email);
            optional_email(tx, settings, account, to, Topic::Reminders, &p).await?;
        }
        Reminded::ApplicationWaiting {
            volunteer_name,
            mission,
            days,
        } => {
            tell_members(tx, mission.organization_id, |first_name| {
                params::ReminderApplicationWaiting {
                    first_name,
                    volunteer_name: volunteer_name.to_owned(),
                    mission_title: mission.title.clone(),
                    days: days.to_string(),
                    mission_id: mission.id.to_string(),
                    organization_id: mission.organization_id.to_string(),
                }
            })
            .await?;
        }
        Reminded::CloseOrExtend { mission, end } => {
            tell_members(tx, mission.organization_id, |first_name| {
                params::ReminderCloseOrExtend {
                    first_name,
                    mission_title: mission.title.clone(),
                    end_date: end.format("%d/%m/%Y").to_string(),
                    mission_id: mission.id.to_string(),
                    organization_id: mission.organization_id.to_string(),
                }
            })
            .await?;
        }
        Reminded::ModerationQueue { referents } => {
            for q in referents {
                let p = params::ReminderModerationDigest {
                    first_name: q.first_name.clone(),
                    organizations: q.organizations.to_string(),
                    missions: q.missions.to_string(),
                };
                let topic = Topic::ModerationDigest;
                optional_email(tx, settings, q.account_id, &q.email, topic, &p).await?;
            }
        }
        Reminded::FavouritesNews { news } => {
            // One email per volunteer, a line per mission.
            for lines in news.chunk_by(|a, b| a.account_id == b.account_id) {
                let p = params::FavouritesDigest {
                    first_name: lines[0].first_name.clone(),
                    missions: lines
                        .iter()
                        .map(reminders::favourite_line)
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                let (account, to) = (lines[0].account_id, &lines[0].email);
                optional_email(tx, settings, account, to, Topic::FavouritesDigest, &p).await?;
            }
        }
        Reminded::SavedSearchAlerts { alerts } => {
            let base = &settings.auth.app_base_url;
            for alert in alerts.iter() {
                let mut missions: Vec<String> = alert
                    .lines
                    .iter()
                    .map(|l| super::saved_searches::line(l, base))
                    .collect();
                if alert.more > 0 {
                    missions.push(format!("… et {} autres", alert.more));
                }
                let p = params::SavedSearchAlert {
                    first_name: alert.first_name.clone(),
                    count: (alert.lines.len() + alert.more).to_string(),
                    searches: alert.searches.join(" ; "),
                    missions: missions.join("\n"),
                };
                let (account, to) = (alert.account_id, &alert.email);
                optional_email(tx, settings, account, to, Topic::SavedSearches, &p).await?;
            }
        }
    }
    Ok(())
}

/// A shift's volunteers (and its line) hear it moved or was cancelled.
async fn tell_of_shifts(
    tx: &mut Tx,
    settings: &Settings,
    mission: &MissionRow,
    organization_name: &str,
    change: ShiftEvent<'_>,
) -> Result<(), ServiceError> {
    match change {
        ShiftEvent::Added | ShiftEvent::Resized => {}
        ShiftEvent::Moved {
            holders,
            before,
            after,
            day,
        } => {
            for holder in holders {
                let p = params::ShiftChanged {
                    first_name: holder.first_name.clone(),
                    mission_title: mission.title.clone(),
                    organization_name: organization_name.to_owned(),
                    before: before.to_owned(),
                    after: after.to_owned(),
                    mission_id: mission.id.to_string(),
                };
                email::enqueue(tx, &holder.email, &p).await?;
                if holder.state == ParticipationState::Accepted {
                    let (id, zone, now) = (holder.participation_id, mission.time_zone(), tx.now());
                    reminders::accepted(tx, &settings.reminders, id, &[day], zone, now).await?;
                }
            }
        }
        ShiftEvent::Cancelled { when, reason, told } => {
            for (address, first_name, outcome) in told {
                let p = params::ShiftCancelled {
                    first_name: first_name.clone(),
                    mission_title: mission.title.clone(),
                    organization_name: organization_name.to_owned(),
                    shift: when.to_owned(),
                    outcome: (*outcome).to_owned(),
                    reason: reason.unwrap_or_default().to_owned(),
                    mission_id: mission.id.to_string(),
                };
                email::enqueue(tx, address, &p).await?;
            }
        }
    }
    Ok(())
}

/// Referents hear of an organisation to review; its members that it was
/// approved or rejected.
async fn tell_of_organization(
    tx: &mut Tx,
    org: &OrganizationRow,
    to: OrganizationState,
    reason: Option<&str>,
) -> Result<(), ServiceError> {
    let recipients = match to {
        OrganizationState::PendingReview => {
            org_store::referent_emails(tx.h(), &org.department).await?
        }
        OrganizationState::Approved | OrganizationState::Rejected => {
            org_store::member_emails(tx.h(), org.id).await?
        }
        _ => return Ok(()),
    };
    for (address, first_name) in recipients {
        let organization_name = org.name.clone();
        match to {
            OrganizationState::PendingReview => {
                let p = params::OrganizationSubmitted {
                    first_name,
                    organization_name,
                    organization_id: org.id.to_string(),
                    department: org.department.clone(),
                };
                email::enqueue(tx, &address, &p).await?
            }
            OrganizationState::Approved => {
                let p = params::OrganizationApproved {
                    first_name,
                    organization_name,
                    organization_id: org.id.to_string(),
                };
                email::enqueue(tx, &address, &p).await?
            }
            _ => {
                let p = params::OrganizationRejected {
                    first_name,
                    organization_name,
                    reason: reason.unwrap_or_default().to_owned(),
                };
                email::enqueue(tx, &address, &p).await?
            }
        };
    }
    Ok(())
}

/// The organisation's members hear their mission was published, rejected
/// or flagged.
async fn tell_of_mission(
    tx: &mut Tx,
    mission: &MissionRow,
    org: &OrganizationRow,
    to: MissionState,
    reason: Option<&str>,
) -> Result<(), ServiceError> {
    let title = || mission.title.clone();
    let reason = || reason.unwrap_or_default().to_owned();
    match to {
        MissionState::Published => {
            tell_members(tx, org.id, |first_name| params::MissionPublished {
                first_name,
                mission_title: title(),
                mission_id: mission.id.to_string(),
            })
            .await
        }
        MissionState::Rejected => {
            tell_members(tx, org.id, |first_name| params::MissionRejected {
                first_name,
                mission_title: title(),
                reason: reason(),
            })
            .await
        }
        MissionState::Flagged => {
            tell_members(tx, org.id, |first_name| params::MissionFlagged {
                first_name,
                mission_title: title(),
                reason: reason(),
            })
            .await
        }
        _ => Ok(()),
    }
}

async fn volunteer_cancelled(
    tx: &mut Tx,
    mission: &MissionRow,
    volunteer_name: String,
) -> Result<(), ServiceError> {
    tell_members(tx, mission.organization_id, |first_name| {
        params::VolunteerCancelled {
            first_name,
            volunteer_name: volunteer_name.clone(),
            mission_title: mission.title.clone(),
            mission_id: mission.id.to_string(),
            organization_id: mission.organization_id.to_string(),
        }
    })
    .await
}

/// Emails every member of the organisation (its managers, owners included).
/// An email its reader may turn off: written only when they want
/// `topic`, with the one-click link that turns it off.
async fn optional_email<P: EmailParams>(
    tx: &mut Tx,
    settings: &Settings,
    account: Uuid,
    to: &str,
    topic: Topic,
    params: &P,
) -> Result<(), ServiceError> {
    if notification_store::of(tx.h(), account).await?.wants(topic) {
        let url = notifications::unsubscribe_url(settings, account, topic);
        email::enqueue_optional(tx, to, params, url).await?;
    }
    Ok(())
}

async fn tell_members<P: EmailParams>(
    tx: &mut Tx,
    org: Uuid,
    params_for: impl Fn(String) -> P,
) -> Result<(), ServiceError> {
    for (to, first_name) in org_store::member_emails(tx.h(), org).await? {
        email::enqueue(tx, &to, &params_for(first_name)).await?;
    }
    Ok(())
}

/// "Almost full" at 80 % and "full" at 100 %, each told once per mission.
async fn fill_level_notices(
    tx: &mut Tx,
    mission: &MissionRow,
    org: &OrganizationRow,
    taken: i32,
    capacity: i32,
) -> Result<(), ServiceError> {
    use crate::store::participations::mark_notified;
    if taken >= capacity && mark_notified(tx.h(), mission.id, true).await? {
        tell_members(tx, org.id, |first_name| params::MissionFull {
            first_name,
            mission_title: mission.title.clone(),
            mission_id: mission.id.to_string(),
            organization_id: org.id.to_string(),
            capacity: capacity.to_string(),
        })
        .await?;
    } else if taken * 5 >= capacity * 4
        && taken < capacity
        && mark_notified(tx.h(), mission.id, false).await?
    {
        tell_members(tx, org.id, |first_name| params::MissionAlmostFull {
            first_name,
            mission_title: mission.title.clone(),
            mission_id: mission.id.to_string(),
            organization_id: org.id.to_string(),
            places_taken: taken.to_string(),
            capacity: capacity.to_string(),
        })
        .await?;
    }
    Ok(())
}

/// The days a participation starts on: its mission's start, or the day
/// of each shift it holds (or held, for one just given back).
async fn starting_days(
    tx: &mut Tx,
    participation: Uuid,
    mission: &MissionRow,
) -> Result<Vec<NaiveDate>, ServiceError> {
    if !mission.has_shifts {
        return Ok(mission.start_date.into_iter().collect());
    }
    let mut days: Vec<_> = crate::store::shifts::days_of(tx.h(), participation).await?;
    days.dedup();
    Ok(days)
}
