//! Participations: `pending → accepted | declined`; `pending | accepted →
//! cancelled`; `accepted → completed`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationState {
    Pending,
    Accepted,
    Declined,
    Cancelled,
    Completed,
}

impl ParticipationState {
    pub const ALL: &'static [ParticipationState] = &[
        ParticipationState::Pending,
        ParticipationState::Accepted,
        ParticipationState::Declined,
        ParticipationState::Cancelled,
        ParticipationState::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipationState::Pending => "pending",
            ParticipationState::Accepted => "accepted",
            ParticipationState::Declined => "declined",
            ParticipationState::Cancelled => "cancelled",
            ParticipationState::Completed => "completed",
        }
    }

    pub fn parse(v: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == v)
    }

    /// Only pending and accepted participations hold a place.
    pub fn holds_place(self) -> bool {
        matches!(
            self,
            ParticipationState::Pending | ParticipationState::Accepted
        )
    }

    /// The states a person may move a participation to from `self`:
    /// `volunteer` is its own volunteer, `member` a member of the mission's
    /// organisation; `started` whether the mission has begun.
    pub fn allowed_targets(
        self,
        volunteer: bool,
        member: bool,
        started: bool,
    ) -> Vec<ParticipationState> {
        use ParticipationState::*;
        let mut t = Vec::new();
        match self {
            Pending => {
                if member {
                    t.extend([Accepted, Declined]);
                }
                if volunteer {
                    t.push(Cancelled);
                }
            }
            Accepted => {
                if volunteer {
                    t.push(Cancelled);
                }
                if member && started {
                    t.push(Completed);
                }
            }
            Declined | Cancelled | Completed => {}
        }
        t
    }
}

/// Why an organisation declines a volunteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeclineReason {
    RequirementsNotMet,
    MissionFull,
    NoResponse,
    /// With a text.
    Other,
}

impl DeclineReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclineReason::RequirementsNotMet => "requirements_not_met",
            DeclineReason::MissionFull => "mission_full",
            DeclineReason::NoResponse => "no_response",
            DeclineReason::Other => "other",
        }
    }

    /// French wording for the email to the volunteer.
    pub fn label(self) -> &'static str {
        match self {
            DeclineReason::RequirementsNotMet => {
                "les conditions de la mission ne sont pas remplies"
            }
            DeclineReason::MissionFull => "la mission est complète",
            DeclineReason::NoResponse => "sans réponse de votre part",
            DeclineReason::Other => "autre raison",
        }
    }
}

/// The reason code of participations cancelled because their mission closed.
pub const MISSION_CLOSED: &str = "mission_closed";

/// The reason code of participations cancelled because their volunteer
/// closed their account.
pub const ACCOUNT_ERASED: &str = "account_erased";

/// The reason code of participations cancelled because the only shift they
/// held was cancelled.
pub const SHIFT_CANCELLED: &str = "shift_cancelled";

#[cfg(test)]
mod tests {
    use super::ParticipationState::*;

    #[test]
    fn transitions_follow_the_design() {
        assert_eq!(
            Pending.allowed_targets(false, true, false),
            vec![Accepted, Declined]
        );
        assert_eq!(Pending.allowed_targets(true, false, false), vec![Cancelled]);
        assert_eq!(Accepted.allowed_targets(true, false, true), vec![Cancelled]);
        assert_eq!(
            Accepted.allowed_targets(false, true, false),
            vec![],
            "not before the mission starts"
        );
        assert_eq!(Accepted.allowed_targets(false, true, true), vec![Completed]);
        for terminal in [Declined, Cancelled, Completed] {
            assert_eq!(terminal.allowed_targets(true, true, true), vec![]);
        }
        assert_eq!(
            Pending.allowed_targets(false, false, true),
            vec![],
            "strangers nothing"
        );
        assert!(Pending.holds_place() && Accepted.holds_place() && !Cancelled.holds_place());
    }
}
