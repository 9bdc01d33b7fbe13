//! The signup challenge: when it is asked, proof of work or Friendly
//! Captcha.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// The bot challenge on signup.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeSettings {
    pub policy: ChallengePolicy,
    pub kind: ChallengeKind,
    /// When the vendor cannot answer: let the signup through (`open`) or
    /// refuse it with 503 (`closed`).
    pub on_vendor_failure: VendorFailure,
    pub proof_of_work: ProofOfWorkSettings,
    pub friendly_captcha: FriendlyCaptchaSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengePolicy {
    Off,
    Always,
    /// Only while the service is degraded.
    Degraded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeKind {
    ProofOfWork,
    FriendlyCaptcha,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VendorFailure {
    Open,
    Closed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofOfWorkSettings {
    /// Leading zero bits asked: each one doubles the client's work.
    pub difficulty: u32,
    pub ttl_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FriendlyCaptchaSettings {
    pub site_key: Option<String>,
    pub api_key: Option<SecretString>,
    /// The EU endpoint by default.
    pub verify_url: String,
    pub timeout_ms: u64,
}

/// The `challenge` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "policy": "degraded",
        "kind": "proof_of_work",
        "on_vendor_failure": "open",
        "proof_of_work": { "difficulty": 18, "ttl_secs": 300 },
        "friendly_captcha": {
            "site_key": null,
            "api_key": null,
            "verify_url": "https://eu.frcapi.com/api/v2/captcha/siteverify",
            "timeout_ms": 3000,
        },
    })
}
