//! Domain types and rules: no I/O here, everything unit-tested.

pub mod account;
pub mod api_engagement;
pub mod api_key;
pub mod attestation;
pub mod calendar;
pub mod cities;
pub mod department;
pub mod eligibility;
pub mod feed;
pub mod geo;
pub mod identifiers;
pub mod mission;
pub mod moderation;
pub mod notification;
pub mod organization;
pub mod origin;
pub mod participation;
pub mod picture;
pub mod place;
pub mod saved_search;
pub mod shift;
pub mod taxonomy;
pub mod template;
pub mod validation;
pub mod vtimezone;
pub mod widget;

/// Values stored as text decode through `TryFrom<String>` (sqlx's
/// `#[sqlx(try_from = "String")]`): an unknown value fails the read with
/// the column named, instead of passing for some plausible state.
macro_rules! decoded_from_text {
    ($($t:ty),* $(,)?) => {$(
        impl TryFrom<String> for $t {
            type Error = String;

            fn try_from(value: String) -> Result<Self, String> {
                <$t>::parse(&value)
                    .ok_or_else(|| format!("`{value}` is not a {}", stringify!($t)))
            }
        }
    )*};
}

decoded_from_text!(
    account::AccountState,
    mission::Format,
    moderation::MissionState,
    moderation::OrganizationState,
    organization::MemberRole,
    organization::NetworkLinkState,
    organization::OrganizationKind,
    participation::ParticipationState,
);

#[cfg(test)]
mod tests {
    use super::moderation::MissionState;

    #[test]
    fn unknown_stored_values_are_refused_not_guessed() {
        assert_eq!(
            MissionState::try_from("published".to_owned()),
            Ok(MissionState::Published)
        );
        let refused = MissionState::try_from("publishd".to_owned()).unwrap_err();
        assert!(refused.contains("publishd"), "{refused}");
    }
}
