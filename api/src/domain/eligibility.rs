//! Who can take part in a mission, and how easily: the accessibility
//! flags a volunteer filters on, the parental consent a minor gives, and
//! the prerequisites to read before applying. Remote work is the
//! mission's `format` (`remote` fully, `hybrid` partly).

use serde::{Deserialize, Serialize};

use super::validation::{invalid, Invalid};

/// A mission's access conditions, as the organisation states them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Access {
    /// The place is accessible with reduced mobility.
    #[serde(default)]
    pub reduced_mobility: bool,
    /// The place is close to public transport.
    #[serde(default)]
    pub public_transport: bool,
    /// Volunteers under 18 (from `minimum_age`) apply with the consent of
    /// a parent or guardian, which they confirm when applying.
    #[serde(default)]
    pub parental_consent: bool,
    /// What to have or bring, in plain text (a licence, a vaccination…).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub prerequisites: Option<String>,
}

/// A flag search filters on (all those given must hold) and counts as
/// the `accessibility` facet.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Accessibility {
    ReducedMobility,
    PublicTransport,
    /// Open from under 18 (`minimum_age` below 18).
    OpenToMinors,
}

impl Accessibility {
    pub const ALL: &'static [Accessibility] = &[
        Accessibility::ReducedMobility,
        Accessibility::PublicTransport,
        Accessibility::OpenToMinors,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Accessibility::ReducedMobility => "reduced_mobility",
            Accessibility::PublicTransport => "public_transport",
            Accessibility::OpenToMinors => "open_to_minors",
        }
    }

    pub fn parse(v: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.as_str() == v)
    }

    /// As the volunteers read it, in French.
    pub fn label(self) -> &'static str {
        match self {
            Accessibility::ReducedMobility => "accessible aux personnes à mobilité réduite",
            Accessibility::PublicTransport => "desservie par les transports en commun",
            Accessibility::OpenToMinors => "ouverte aux mineurs",
        }
    }
}

/// The age of majority: below it, a volunteer is a minor.
pub const MAJORITY: i32 = 18;

impl Access {
    /// The conditions with their free text trimmed and capped.
    pub fn validate(mut self) -> Result<Self, Invalid> {
        self.prerequisites = match self.prerequisites.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) if p.chars().count() > 1000 => {
                return Err(invalid("too_long", "must be at most 1000 characters"))
            }
            Some(p) => Some(p.to_owned()),
        };
        Ok(self)
    }

    /// The flags a mission with these conditions and this minimum age
    /// has, in a fixed order: what search stores and filters on.
    pub fn flags(&self, minimum_age: i32) -> Vec<Accessibility> {
        let mut flags = Vec::new();
        if self.reduced_mobility {
            flags.push(Accessibility::ReducedMobility);
        }
        if self.public_transport {
            flags.push(Accessibility::PublicTransport);
        }
        if minimum_age < MAJORITY {
            flags.push(Accessibility::OpenToMinors);
        }
        flags
    }
}

/// What a volunteer of `age` must do to apply to a mission open from
/// `minimum_age` under `access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eligibility {
    Eligible,
    TooYoung,
    /// A minor, on a mission that asks for a parent's consent.
    NeedsParentalConsent,
}

pub fn eligibility(age: i32, minimum_age: i32, access: &Access) -> Eligibility {
    if age < minimum_age {
        Eligibility::TooYoung
    } else if age < MAJORITY && access.parental_consent {
        Eligibility::NeedsParentalConsent
    } else {
        Eligibility::Eligible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_the_conditions_and_the_age() {
        let access = Access {
            reduced_mobility: true,
            ..Access::default()
        };
        assert_eq!(
            access.flags(16),
            [Accessibility::ReducedMobility, Accessibility::OpenToMinors]
        );
        assert_eq!(access.flags(18), [Accessibility::ReducedMobility]);
        assert!(Access::default().flags(18).is_empty());
    }

    #[test]
    fn minors_are_refused_or_asked_for_consent_as_the_mission_says() {
        let consent = Access {
            parental_consent: true,
            ..Access::default()
        };
        assert_eq!(eligibility(15, 16, &consent), Eligibility::TooYoung);
        assert_eq!(
            eligibility(16, 16, &consent),
            Eligibility::NeedsParentalConsent
        );
        assert_eq!(
            eligibility(17, 16, &Access::default()),
            Eligibility::Eligible
        );
        assert_eq!(eligibility(18, 16, &consent), Eligibility::Eligible);
        assert_eq!(eligibility(17, 18, &consent), Eligibility::TooYoung);
    }

    #[test]
    fn prerequisites_are_trimmed_and_capped() {
        let blank = Access {
            prerequisites: Some("  ".into()),
            ..Access::default()
        };
        assert_eq!(blank.validate().unwrap().prerequisites, None);
        let long = Access {
            prerequisites: Some("x".repeat(1001)),
            ..Access::default()
        };
        assert_eq!(long.validate().unwrap_err().code, "too_long");
    }
}
