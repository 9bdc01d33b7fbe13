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

/// A list of domain slugs a filter asks for, sorted and deduplicated; the
/// first unknown one, as the field's error.
pub fn domain_list(mut slugs: Vec<String>) -> (Vec<String>, Option<super::validation::Invalid>) {
    slugs.sort();
    slugs.dedup();
    let unknown = slugs
        .iter()
        .find(|d| domain_by_slug(d).is_none())
        .map(|d| super::validation::invalid("unknown_value", format!("`{d}` is not a domain")));
    (slugs, unknown)
}

/// A skill a volunteer offers or a mission asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Skill {
    #[schema(example = "first_aid")]
    pub slug: &'static str,
    #[schema(example = "Premiers secours")]
    pub label: &'static str,
}

pub const SKILLS: &[Skill] = &[
    Skill {
        slug: "listening",
        label: "Écoute et accompagnement",
    },
    Skill {
        slug: "tutoring",
        label: "Soutien scolaire",
    },
    Skill {
        slug: "french_teaching",
        label: "Apprentissage du français",
    },
    Skill {
        slug: "digital_help",
        label: "Accompagnement au numérique",
    },
    Skill {
        slug: "first_aid",
        label: "Premiers secours",
    },
    Skill {
        slug: "driving",
        label: "Conduite (permis B)",
    },
    Skill {
        slug: "logistics",
        label: "Logistique et manutention",
    },
    Skill {
        slug: "food_distribution",
        label: "Distribution alimentaire",
    },
    Skill {
        slug: "cooking",
        label: "Cuisine",
    },
    Skill {
        slug: "childcare",
        label: "Animation auprès d'enfants",
    },
    Skill {
        slug: "elderly_care",
        label: "Accompagnement de personnes âgées",
    },
    Skill {
        slug: "disability_support",
        label: "Accompagnement de personnes en situation de handicap",
    },
    Skill {
        slug: "sport_coaching",
        label: "Encadrement sportif",
    },
    Skill {
        slug: "arts",
        label: "Pratiques artistiques",
    },
    Skill {
        slug: "gardening",
        label: "Jardinage et espaces verts",
    },
    Skill {
        slug: "nature_cleanup",
        label: "Nettoyage et protection de la nature",
    },
    Skill {
        slug: "diy_repairs",
        label: "Bricolage et réparations",
    },
    Skill {
        slug: "event_organisation",
        label: "Organisation d'événements",
    },
    Skill {
        slug: "communication",
        label: "Communication et réseaux sociaux",
    },
    Skill {
        slug: "graphic_design",
        label: "Graphisme",
    },
    Skill {
        slug: "web_development",
        label: "Développement web",
    },
    Skill {
        slug: "accounting",
        label: "Comptabilité et gestion",
    },
    Skill {
        slug: "legal_advice",
        label: "Conseil juridique",
    },
    Skill {
        slug: "fundraising",
        label: "Collecte de fonds",
    },
    Skill {
        slug: "translation",
        label: "Traduction et interprétariat",
    },
    Skill {
        slug: "sign_language",
        label: "Langue des signes",
    },
    Skill {
        slug: "healthcare",
        label: "Soins et santé (professionnels)",
    },
    Skill {
        slug: "psychology",
        label: "Soutien psychologique (professionnels)",
    },
    Skill {
        slug: "management",
        label: "Gestion de projet et management",
    },
    Skill {
        slug: "administrative",
        label: "Tâches administratives",
    },
];

pub fn skill_by_slug(slug: &str) -> Option<&'static Skill> {
    SKILLS.iter().find(|s| s.slug == slug)
}

/// The schema of a domain slug: one of `MISSION_DOMAINS`, published as an
/// enum so that clients type and check it before sending.
pub struct DomainSlug;

impl utoipa::PartialSchema for DomainSlug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        slug_schema(
            MISSION_DOMAINS.iter().map(|d| d.slug),
            "A domain slug, as `GET /v1/domains` lists them.",
        )
    }
}

impl utoipa::ToSchema for DomainSlug {}

/// The schema of a skill slug: one of `SKILLS`.
pub struct SkillSlug;

impl utoipa::PartialSchema for SkillSlug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        slug_schema(
            SKILLS.iter().map(|s| s.slug),
            "A skill slug, as `GET /v1/skills` lists them.",
        )
    }
}

impl utoipa::ToSchema for SkillSlug {}

fn slug_schema(
    slugs: impl Iterator<Item = &'static str>,
    description: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .enum_values(Some(slugs))
        .description(Some(description))
        .into()
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
        let mut skills: Vec<_> = SKILLS.iter().map(|s| s.slug).collect();
        skills.sort();
        skills.dedup();
        assert_eq!(skills.len(), SKILLS.len());
    }
}
