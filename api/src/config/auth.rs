//! Authentication: token keys and lifetimes, the application's address,
//! password hashing.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{invalid, ConfigError};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// Signing key of access tokens (HMAC-SHA256), at least 32 bytes.
    pub jwt_secret: SecretString,
    /// Identifier of `jwt_secret`, written in each token's `kid` header.
    pub jwt_kid: String,
    /// Older keys still accepted for verification while tokens signed with
    /// them live out their 15 minutes: `kid` → secret.
    pub jwt_previous: std::collections::BTreeMap<String, SecretString>,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    /// Base URL of the SPA, used in the links of emails.
    pub app_base_url: String,
    /// `Secure` on the refresh cookie; only turn off for plain-http development.
    pub cookie_secure: bool,
    /// Enables `GET /v1/dev/mailbox`; refused with a real email provider.
    pub dev_mailbox: bool,
    /// Bounded queue in front of the password hashing pool.
    pub hash_queue: usize,
    /// Password hashing threads (about 19 MiB of memory each while they
    /// hash); 0 is one per core this process may use, which honours the
    /// container's CPU limit (cgroup quota).
    pub hash_threads: usize,
    /// Two refreshes with one token this close together are one client
    /// (two tabs), not a thief: the second gets the same new token.
    pub refresh_reuse_grace_secs: i64,
    /// A session ends this long after its sign-in, however often it is
    /// refreshed.
    pub session_max_days: i64,
}

/// The `auth` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        // Development-only key; `Settings::validate` refuses it when a
        // production setting (PostgreSQL, Redis) is in use.
        "jwt_secret": super::DEV_JWT_SECRET,
        "jwt_kid": "dev",
        "jwt_previous": {},
        "access_token_ttl_secs": 900,
        "refresh_token_ttl_days": 30,
        "app_base_url": "http://localhost:5173",
        "cookie_secure": true,
        "dev_mailbox": false,
        "hash_queue": 64,
        "hash_threads": 0,
        "refresh_reuse_grace_secs": 10,
        "session_max_days": 30,
    })
}

impl AuthSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.jwt_secret.expose_secret().len() < 32 {
            return Err(invalid("auth.jwt_secret", "must be at least 32 bytes long"));
        }
        for (kid, secret) in &self.jwt_previous {
            if secret.expose_secret().len() < 32 || kid.is_empty() {
                return Err(invalid(
                    "auth.jwt_previous",
                    format!("key `{kid}` must have a name and at least 32 bytes"),
                ));
            }
        }
        // Short access lifetimes are for tests of the refresh flow (the
        // browser contract runs with 1 s); production keeps 900.
        if self.access_token_ttl_secs < 1 || self.refresh_token_ttl_days < 1 {
            return Err(invalid(
                "auth.access_token_ttl_secs",
                "token lifetimes are too short",
            ));
        }
        if !(self.app_base_url.starts_with("http://") || self.app_base_url.starts_with("https://"))
        {
            return Err(invalid("auth.app_base_url", "must be an http(s) URL"));
        }
        if self.hash_queue == 0 {
            return Err(invalid("auth.hash_queue", "must be at least 1"));
        }
        Ok(())
    }
}
