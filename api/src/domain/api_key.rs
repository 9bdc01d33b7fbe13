//! Partner API keys: their scopes and their format. A key reads
//! `rf_live_<prefix>_<secret>`: the prefix (8 lowercase hex digits) names
//! the stored row and is safe to show and log; the secret (43 base64url
//! characters, 256 random bits) is shown once and only its SHA-256 is kept.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// What a key may do. A key never reaches account, admin or moderation
/// endpoints, whatever its scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Scope {
    #[serde(rename = "missions:read")]
    MissionsRead,
    #[serde(rename = "missions:write")]
    MissionsWrite,
    #[serde(rename = "participations:read")]
    ParticipationsRead,
    #[serde(rename = "participations:write")]
    ParticipationsWrite,
    #[serde(rename = "webhooks:manage")]
    WebhooksManage,
}

impl Scope {
    pub const ALL: [Scope; 5] = [
        Scope::MissionsRead,
        Scope::MissionsWrite,
        Scope::ParticipationsRead,
        Scope::ParticipationsWrite,
        Scope::WebhooksManage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::MissionsRead => "missions:read",
            Scope::MissionsWrite => "missions:write",
            Scope::ParticipationsRead => "participations:read",
            Scope::ParticipationsWrite => "participations:write",
            Scope::WebhooksManage => "webhooks:manage",
        }
    }
}

const KEY_START: &str = "rf_live_";
const PREFIX_LEN: usize = 8;
const SECRET_LEN: usize = 43;

/// A freshly made key: the text to show once, and what is stored.
pub struct NewKey {
    pub prefix: String,
    pub secret_hash: Vec<u8>,
    pub plaintext: String,
}

impl NewKey {
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let mut prefix = [0u8; PREFIX_LEN / 2];
        rng.fill_bytes(&mut prefix);
        let mut secret = [0u8; 32];
        rng.fill_bytes(&mut secret);
        let prefix = hex::encode(prefix);
        let secret = URL_SAFE_NO_PAD.encode(secret);
        NewKey {
            plaintext: format!("{KEY_START}{prefix}_{secret}"),
            secret_hash: hash_secret(&secret),
            prefix,
        }
    }
}

/// A presented key, split; `None` when it cannot be one of ours.
#[derive(Debug, PartialEq, Eq)]
pub struct PresentedKey<'a> {
    pub prefix: &'a str,
    pub secret: &'a str,
}

impl<'a> PresentedKey<'a> {
    pub fn parse(text: &'a str) -> Option<Self> {
        let rest = text.trim().strip_prefix(KEY_START)?;
        let (prefix, secret) = rest.split_at_checked(PREFIX_LEN)?;
        let secret = secret.strip_prefix('_')?;
        let hex_prefix = prefix
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let base64url = secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        (hex_prefix && secret.len() == SECRET_LEN && base64url)
            .then_some(PresentedKey { prefix, secret })
    }

    /// Whether the secret is the one whose hash was stored, compared in
    /// constant time.
    pub fn matches(&self, stored_hash: &[u8]) -> bool {
        use subtle::ConstantTimeEq;
        hash_secret(self.secret).ct_eq(stored_hash).into()
    }
}

/// SHA-256 is enough for 256-bit random secrets: nothing to guess, so no
/// slow hash is needed, and checking a key costs microseconds.
fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_parses_and_matches_only_its_own_hash() {
        let key = NewKey::generate();
        assert!(key.plaintext.starts_with("rf_live_"));
        let presented = PresentedKey::parse(&key.plaintext).expect("parses");
        assert_eq!(presented.prefix, key.prefix);
        assert!(presented.matches(&key.secret_hash));
        let other = NewKey::generate();
        assert!(!presented.matches(&other.secret_hash));
    }

    #[test]
    fn malformed_keys_are_not_keys() {
        let key = NewKey::generate().plaintext;
        for bad in [
            "",
            "rf_live_",
            &key[..key.len() - 1],
            &key.replace("rf_live_", "rf_test_"),
            &format!("{key}x"),
            "rf_live_ABCDEF12_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "rf_live_abcdef12-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ] {
            assert_eq!(PresentedKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn scopes_read_as_the_partner_documentation_writes_them() {
        for scope in Scope::ALL {
            let json = serde_json::to_value(scope).unwrap();
            assert_eq!(json, scope.as_str());
        }
    }
}
