//! Who is making the request. Every handler that touches a resource takes
//! an actor and checks it against that resource.

use uuid::Uuid;

/// A signed-in account, as its access token describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountActor {
    pub id: Uuid,
    /// The session (refresh-token family) of the token.
    pub session: Uuid,
    pub admin: bool,
    pub referent_departments: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Actor {
    Anonymous,
    Account(AccountActor),
}

/// A partner's API key, as `X-Api-Key` presented it: it acts as its
/// organisation (or, without one, as a platform-wide reader) within its
/// scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyActor {
    pub key_id: Uuid,
    /// Requests a minute it may make (held to the platform's ceiling).
    pub rate_per_minute: u32,
    pub prefix: String,
    pub organization_id: Option<Uuid>,
    pub scopes: Vec<crate::domain::api_key::Scope>,
}

/// Who performs a use case that people and partners' keys share (writing
/// missions, answering applications).
#[derive(Debug, Clone, Copy)]
pub enum Acting<'a> {
    Account(&'a AccountActor),
    Key(&'a KeyActor),
}

impl Acting<'_> {
    /// The account to name in the history; none for a key.
    pub fn account_id(self) -> Option<Uuid> {
        match self {
            Acting::Account(a) => Some(a.id),
            Acting::Key(_) => None,
        }
    }

    /// Whose quotas a change spends: the account's, or the key's.
    pub fn quota_id(self) -> Uuid {
        match self {
            Acting::Account(a) => a.id,
            Acting::Key(k) => k.key_id,
        }
    }

    pub fn account(&self) -> Option<&AccountActor> {
        match self {
            Acting::Account(a) => Some(a),
            Acting::Key(_) => None,
        }
    }
}
