//! The fixed taxonomy of mission domains. Slugs are stable identifiers
//! (stored, indexed, used in URLs); labels are French for display.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MissionDomain {
    #[schema(example = "solidarity_inclusion")]
    pub slug: &'static str,
    #[schema(example = "Solidarité et insertion")]
    pub label: &'static str,
}

pub const MISSION_DOMAINS: &[MissionDomain] = &[
    MissionDomain {
        slug: "solidarity_inclusion",
        label: "Solidarité et insertion",
    },
    MissionDomain {
        slug: "health",
        label: "Santé pour tous",
    },
    MissionDomain {
        slug: "education",
        label: "Éducation pour tous",
    },
    MissionDomain {
        slug: "culture_leisure",
        label: "Art et culture pour tous",
    },
    MissionDomain {
        slug: "sport",
        label: "Sport pour tous",
    },
    MissionDomain {
        slug: "environment",
        label: "Protection de la nature",
    },
    MissionDomain {
        slug: "memory_citizenship",
        label: "Mémoire et citoyenneté",
    },
    MissionDomain {
        slug: "international_cooperation",
        label: "Coopération internationale",
    },
    MissionDomain {
        slug: "prevention_protection",
        label: "Prévention et protection",
    },
    MissionDomain {
        slug: "crisis_response",
        label: "Gestion des crises",
    },
    MissionDomain {
        slug: "skills_based",
        label: "Bénévolat de compétences",
    },
];

pub fn domain_by_slug(slug: &str) -> Option<&'static MissionDomain> {
    MISSION_DOMAINS.iter().find(|d| d.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_snake_case() {
        let mut slugs: Vec<_> = MISSION_DOMAINS.iter().map(|d| d.slug).collect();
        assert!(slugs
            .iter()
            .all(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), MISSION_DOMAINS.len());
        assert_eq!(
            domain_by_slug("health").map(|d| d.label),
            Some("Santé pour tous")
        );
        assert!(domain_by_slug("cooking").is_none());
    }
}
