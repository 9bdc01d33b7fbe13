//! What each person chooses to be told by email, and the one-click
//! unsubscribe links that turn one kind off (RFC 8058).
//!
//! Security and account emails (activation, password, email change,
//! invitations, decisions on one's own application) are not here: they
//! cannot be turned off. Everything here can, from the person's settings
//! or from the `List-Unsubscribe` header of the email itself.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

/// How often a kind of notice comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// As it happens; new applications at most once an hour per
    /// organisation, listing those since the last email.
    #[default]
    Immediate,
    /// One email a day at most, listing what came since the last one.
    Daily,
    Off,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Immediate => "immediate",
            Frequency::Daily => "daily",
            Frequency::Off => "off",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "immediate" => Frequency::Immediate,
            "daily" => Frequency::Daily,
            "off" => Frequency::Off,
            _ => return None,
        })
    }

    /// The least time between two emails of a coalesced kind.
    pub fn window(self, immediate: chrono::Duration) -> Option<chrono::Duration> {
        match self {
            Frequency::Immediate => Some(immediate),
            Frequency::Daily => Some(chrono::Duration::hours(24)),
            Frequency::Off => None,
        }
    }
}

/// One person's choices; a person who never chose has the defaults
/// (everything on, as it happens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Preferences {
    /// New applications to one's organisations (members).
    pub applications: Frequency,
    /// New messages in one's conversations.
    pub messages: Frequency,
    /// The referents' digest of the moderation queue (daily or off).
    pub moderation_digest: bool,
    /// The volunteers' reminder the day before a mission.
    pub reminders: bool,
    /// The digest of news on one's favourite missions.
    pub favourites_digest: bool,
    /// The daily alert of new missions matching one's saved searches.
    pub saved_searches: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            applications: Frequency::Immediate,
            messages: Frequency::Immediate,
            moderation_digest: true,
            reminders: true,
            favourites_digest: true,
            saved_searches: true,
        }
    }
}

/// A kind of email a person may turn off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Applications,
    Messages,
    ModerationDigest,
    Reminders,
    FavouritesDigest,
    SavedSearches,
}

impl Topic {
    pub const ALL: [Topic; 6] = [
        Topic::Applications,
        Topic::Messages,
        Topic::ModerationDigest,
        Topic::Reminders,
        Topic::FavouritesDigest,
        Topic::SavedSearches,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Applications => "applications",
            Topic::Messages => "messages",
            Topic::ModerationDigest => "moderation_digest",
            Topic::Reminders => "reminders",
            Topic::FavouritesDigest => "favourites_digest",
            Topic::SavedSearches => "saved_searches",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Topic::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

impl Preferences {
    /// Whether emails of `topic` go out at all.
    pub fn wants(&self, topic: Topic) -> bool {
        match topic {
            Topic::Applications => self.applications != Frequency::Off,
            Topic::Messages => self.messages != Frequency::Off,
            Topic::ModerationDigest => self.moderation_digest,
            Topic::Reminders => self.reminders,
            Topic::FavouritesDigest => self.favourites_digest,
            Topic::SavedSearches => self.saved_searches,
        }
    }

    /// The same choices with `topic` turned off.
    pub fn without(mut self, topic: Topic) -> Self {
        match topic {
            Topic::Applications => self.applications = Frequency::Off,
            Topic::Messages => self.messages = Frequency::Off,
            Topic::ModerationDigest => self.moderation_digest = false,
            Topic::Reminders => self.reminders = false,
            Topic::FavouritesDigest => self.favourites_digest = false,
            Topic::SavedSearches => self.saved_searches = false,
        }
        self
    }
}

/// The token of a one-click unsubscribe link: who, which kind, and a MAC
/// under a key derived from the signing secret. It does not expire (a link
/// in an old email must still work) and can only turn one kind off.
pub struct UnsubscribeToken;

impl UnsubscribeToken {
    fn mac(key: &[u8], account: Uuid, topic: Topic) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(account.as_bytes());
        mac.update(topic.as_str().as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// `{account}.{topic}.{mac}`: URL-safe as it is.
    pub fn sign(key: &[u8], account: Uuid, topic: Topic) -> String {
        format!(
            "{}.{}.{}",
            account.simple(),
            topic.as_str(),
            Self::mac(key, account, topic)
        )
    }

    /// The account and kind of a token this platform signed.
    pub fn verify(key: &[u8], token: &str) -> Option<(Uuid, Topic)> {
        let mut parts = token.split('.');
        let (account, topic, mac) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let account = Uuid::try_parse(account).ok()?;
        let topic = Topic::parse(topic)?;
        let expected = Self::mac(key, account, topic);
        // Constant time: the MAC is the secret part.
        use subtle::ConstantTimeEq;
        bool::from(expected.as_bytes().ct_eq(mac.as_bytes())).then_some((account, topic))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_account_and_kind_and_nothing_else_passes() {
        let key = b"a key for unsubscribe links";
        let account = Uuid::now_v7();
        let token = UnsubscribeToken::sign(key, account, Topic::Applications);
        assert_eq!(
            UnsubscribeToken::verify(key, &token),
            Some((account, Topic::Applications))
        );
        // Another kind with the same MAC, another key, a cut token: refused.
        let forged = token.replace("applications", "messages");
        assert_eq!(UnsubscribeToken::verify(key, &forged), None);
        assert_eq!(UnsubscribeToken::verify(b"another key", &token), None);
        assert_eq!(
            UnsubscribeToken::verify(key, &token[..token.len() - 1]),
            None
        );
        assert_eq!(UnsubscribeToken::verify(key, ""), None);
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_'));
    }

    #[test]
    fn turning_a_kind_off_leaves_the_others() {
        let p = Preferences::default().without(Topic::Messages);
        assert!(!p.wants(Topic::Messages));
        assert!(Topic::ALL
            .into_iter()
            .filter(|t| *t != Topic::Messages)
            .all(|t| p.wants(t)));
        assert_eq!(
            Frequency::Daily.window(chrono::Duration::hours(1)),
            Some(chrono::Duration::hours(24))
        );
        assert_eq!(Frequency::Off.window(chrono::Duration::hours(1)), None);
    }
}
