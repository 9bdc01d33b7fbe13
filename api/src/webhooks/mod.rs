//! Outbound webhooks, signed as Standard Webhooks says: the events a
//! partner may subscribe to, the signature, and where a delivery may go.
//!
//! A delivery carries `webhook-id` (the delivery's id, stable across
//! retries, for the receiver to deduplicate), `webhook-timestamp` (Unix
//! seconds of this attempt) and `webhook-signature`: `v1,` and the base64
//! HMAC-SHA256 of `"{id}.{timestamp}.{body}"` under the endpoint's secret
//! (`whsec_` + base64 of 32 random bytes; the key is the decoded bytes).
//! During a rotation's overlap both secrets sign, space-separated.

pub mod destination;
pub mod sender;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

/// What happened, as a partner subscribes to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum EventType {
    #[serde(rename = "participation.created")]
    ParticipationCreated,
    #[serde(rename = "participation.cancelled")]
    ParticipationCancelled,
    #[serde(rename = "mission.published")]
    MissionPublished,
    #[serde(rename = "mission.unpublished")]
    MissionUnpublished,
    #[serde(rename = "organization.approved")]
    OrganizationApproved,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ParticipationCreated => "participation.created",
            EventType::ParticipationCancelled => "participation.cancelled",
            EventType::MissionPublished => "mission.published",
            EventType::MissionUnpublished => "mission.unpublished",
            EventType::OrganizationApproved => "organization.approved",
        }
    }
}

/// The outbox job kind of one delivery attempt.
pub const JOB_KIND: &str = "webhook_delivery";

const SECRET_START: &str = "whsec_";

/// A new endpoint secret, shown once to the partner.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{SECRET_START}{}", STANDARD.encode(bytes))
}

/// The header value `v1,<signature>` for each secret that signs now.
pub fn signature_header(secrets: &[&str], id: &str, timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .filter_map(|secret| {
            let key = STANDARD
                .decode(secret.strip_prefix(SECRET_START).unwrap_or(secret))
                .ok()?;
            let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
            mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
            Some(format!(
                "v1,{}",
                STANDARD.encode(mac.finalize().into_bytes())
            ))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed vector, computed apart with Python's `hmac` module from the
    /// scheme's definition: this secret, id, timestamp and body sign as
    /// this value (the `docs/PARTNERS.md` worked example).
    #[test]
    fn signs_like_the_standard_webhooks_reference() {
        let header = signature_header(
            &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(header, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn both_secrets_sign_during_a_rotation() {
        let (a, b) = (new_secret(), new_secret());
        let both = signature_header(&[&a, &b], "msg_1", 1, "{}");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], signature_header(&[&a], "msg_1", 1, "{}"));
        assert_eq!(parts[1], signature_header(&[&b], "msg_1", 1, "{}"));
    }
}
