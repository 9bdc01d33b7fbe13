//! Who is making the request. Every handler that touches a resource takes
//! an actor and checks it against that resource.

use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::platform::Cache;

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

/// The revocation list: "tokens of this account issued before T are
/// void". Checked on every authenticated request, shared through Redis, so
/// a suspension or a password reset cuts live access tokens everywhere
/// within a round trip instead of at their expiry.
fn revocation_key(account: Uuid) -> String {
    format!("revoked_before:{account}")
}

pub async fn revoke_access_tokens(
    cache: &Cache,
    account: Uuid,
    now: DateTime<Utc>,
    token_ttl_secs: i64,
) {
    let ttl = Duration::from_secs(token_ttl_secs.max(1) as u64 + 60);
    cache
        .set(
            &revocation_key(account),
            now.timestamp_millis().to_string().as_bytes(),
            ttl,
        )
        .await;
}

pub async fn revoked(cache: &Cache, account: Uuid, issued_ms: i64) -> bool {
    cache
        .get(&revocation_key(account))
        .await
        .and_then(|v| String::from_utf8(v).ok())
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|before| issued_ms < before)
}
