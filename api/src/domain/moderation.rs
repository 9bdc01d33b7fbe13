//! The state machines of organisations and missions, and who may move
//! them. Enforced here, on the server; the client only asks.

use serde::{Deserialize, Serialize};

/// How the acting account relates to the object it acts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    /// Member of the organisation (owner or manager).
    pub member: bool,
    pub owner: bool,
    /// Referent of the object's department.
    pub referent: bool,
    pub admin: bool,
}

impl Relation {
    fn moderator(self) -> bool {
        self.referent || self.admin
    }
}

macro_rules! state_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

state_enum! {
    /// `draft → pending_review → approved | rejected`; `approved ⇄ flagged`;
    /// any → `deregistered`.
    OrganizationState {
        Draft => "draft",
        PendingReview => "pending_review",
        Approved => "approved",
        Rejected => "rejected",
        Flagged => "flagged",
        Deregistered => "deregistered",
    }
}

state_enum! {
    /// `draft → pending_review → published | rejected`;
    /// `published → completed | cancelled | flagged`; `flagged → published | cancelled`.
    MissionState {
        Draft => "draft",
        PendingReview => "pending_review",
        Published => "published",
        Rejected => "rejected",
        Completed => "completed",
        Cancelled => "cancelled",
        Flagged => "flagged",
    }
}

impl OrganizationState {
    /// The states `who` may move an organisation to from `self`.
    pub fn allowed_targets(self, who: Relation) -> Vec<OrganizationState> {
        use OrganizationState::*;
        let mut targets = Vec::new();
        match self {
            Draft if who.owner => targets.push(PendingReview),
            PendingReview if who.moderator() => targets.extend([Approved, Rejected]),
            Approved if who.moderator() => targets.push(Flagged),
            Flagged if who.admin => targets.push(Approved),
            _ => {}
        }
        if self != Deregistered && (who.owner || who.admin) {
            targets.push(Deregistered);
        }
        targets
    }

    /// A reason is required when the organisation's members must be told why.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            OrganizationState::Rejected | OrganizationState::Flagged
        )
    }
}

impl MissionState {
    /// The states `who` may move a mission to from `self`. Submitting goes
    /// to `pending_review`; the caller turns it into `published` for
    /// trusted organisations.
    pub fn allowed_targets(self, who: Relation) -> Vec<MissionState> {
        use MissionState::*;
        match self {
            Draft if who.member => vec![PendingReview],
            PendingReview => {
                let mut t = Vec::new();
                if who.moderator() {
                    t.extend([Published, Rejected]);
                }
                // The organisation may withdraw what it submitted.
                if who.member {
                    t.push(Cancelled);
                }
                t
            }
            Published => {
                let mut t = Vec::new();
                if who.member || who.moderator() {
                    t.extend([Completed, Cancelled]);
                }
                if who.moderator() {
                    t.push(Flagged);
                }
                t
            }
            Flagged if who.admin => vec![Published, Cancelled],
            _ => vec![],
        }
    }

    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            MissionState::Rejected | MissionState::Flagged | MissionState::Cancelled
        )
    }

    /// Registrations stay open only while the mission can still happen.
    pub fn closes_registration(self) -> bool {
        matches!(self, MissionState::Completed | MissionState::Cancelled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MissionState as M;
    use OrganizationState as O;

    const OWNER: Relation = Relation {
        member: true,
        owner: true,
        referent: false,
        admin: false,
    };
    const MANAGER: Relation = Relation {
        member: true,
        owner: false,
        referent: false,
        admin: false,
    };
    const REFERENT: Relation = Relation {
        member: false,
        owner: false,
        referent: true,
        admin: false,
    };
    const ADMIN: Relation = Relation {
        member: false,
        owner: false,
        referent: false,
        admin: true,
    };
    const STRANGER: Relation = Relation {
        member: false,
        owner: false,
        referent: false,
        admin: false,
    };

    #[test]
    fn organisation_transitions_follow_the_design() {
        assert_eq!(
            O::Draft.allowed_targets(OWNER),
            vec![O::PendingReview, O::Deregistered]
        );
        assert_eq!(O::Draft.allowed_targets(MANAGER), vec![]);
        assert_eq!(
            O::PendingReview.allowed_targets(REFERENT),
            vec![O::Approved, O::Rejected]
        );
        assert_eq!(
            O::PendingReview.allowed_targets(OWNER),
            vec![O::Deregistered]
        );
        assert_eq!(O::Approved.allowed_targets(REFERENT), vec![O::Flagged]);
        assert_eq!(O::Flagged.allowed_targets(REFERENT), vec![]);
        assert_eq!(
            O::Flagged.allowed_targets(ADMIN),
            vec![O::Approved, O::Deregistered]
        );
        assert_eq!(O::Deregistered.allowed_targets(ADMIN), vec![]);
        for s in O::ALL {
            assert_eq!(s.allowed_targets(STRANGER), vec![], "{s:?}");
        }
    }

    #[test]
    fn mission_transitions_follow_the_design() {
        assert_eq!(M::Draft.allowed_targets(MANAGER), vec![M::PendingReview]);
        assert_eq!(M::Draft.allowed_targets(REFERENT), vec![]);
        // The organisation may withdraw what it submitted.
        assert_eq!(
            M::PendingReview.allowed_targets(MANAGER),
            vec![M::Cancelled]
        );
        assert_eq!(
            M::PendingReview.allowed_targets(REFERENT),
            vec![M::Published, M::Rejected]
        );
        assert_eq!(
            M::Published.allowed_targets(MANAGER),
            vec![M::Completed, M::Cancelled]
        );
        assert_eq!(
            M::Published.allowed_targets(REFERENT),
            vec![M::Completed, M::Cancelled, M::Flagged]
        );
        assert_eq!(M::Flagged.allowed_targets(REFERENT), vec![]);
        assert_eq!(
            M::Flagged.allowed_targets(ADMIN),
            vec![M::Published, M::Cancelled]
        );
        for terminal in [M::Rejected, M::Completed, M::Cancelled] {
            assert_eq!(terminal.allowed_targets(ADMIN), vec![], "{terminal:?}");
        }
        for s in M::ALL {
            assert_eq!(s.allowed_targets(STRANGER), vec![], "{s:?}");
            assert_eq!(M::parse(s.as_str()), Some(*s));
        }
    }
}
