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
