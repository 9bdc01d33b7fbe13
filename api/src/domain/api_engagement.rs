//! API Engagement's vocabulary: how a Renfort mission reads in the state's
//! mission hub (its `MissionXML` type, `api/tests/contracts/api-engagement/`).
//! One table per notion, each tested against the hub's values.

use super::eligibility::Accessibility;
use super::mission::Format;

/// Our domain slug, and the hub's domain for it. The hub's vocabulary is
/// the one its importer gives pictures to (`domains.ts` there); Service
/// Civique files its crisis missions under `autre`, which we follow.
pub const DOMAINS: &[(&str, &str)] = &[
    ("solidarity_inclusion", "solidarite-insertion"),
    ("health", "sante"),
    ("education", "education"),
    ("culture_leisure", "culture-loisirs"),
    ("sport", "sport"),
    ("environment", "environnement"),
    ("memory_citizenship", "memoire-et-citoyennete"),
    ("international_cooperation", "humanitaire"),
    ("prevention_protection", "prevention-protection"),
    ("crisis_response", "autre"),
    ("skills_based", "benevolat-competences"),
];

/// Every domain the hub knows.
pub const HUB_DOMAINS: &[&str] = &[
    "animaux",
    "autre",
    "benevolat-competences",
    "culture-loisirs",
    "education",
    "emploi",
    "environnement",
    "humanitaire",
    "memoire-et-citoyennete",
    "prevention-protection",
    "sante",
    "solidarite-insertion",
    "sport",
    "vivre-ensemble",
];

/// The hub's domain for ours; `autre` for one the table does not know
/// (none today: a test holds the table to the taxonomy).
pub fn domain(slug: &str) -> &'static str {
    DOMAINS
        .iter()
        .find(|(ours, _)| *ours == slug)
        .map_or("autre", |(_, hub)| hub)
}

/// The hub's `remote`: `no`, `possible` or `full`.
pub fn remote(format: Format) -> &'static str {
    match format {
        Format::OnSite => "no",
        Format::Hybrid => "possible",
        Format::Remote => "full",
    }
}

/// The hub's flags, `yes` or `no`, from the mission's accessibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    pub reduced_mobility_accessible: &'static str,
    pub close_to_transport: &'static str,
    pub open_to_minors: &'static str,
}

pub fn flags(accessibility: &[Accessibility]) -> Flags {
    let yes_no = |a| {
        if accessibility.contains(&a) {
            "yes"
        } else {
            "no"
        }
    };
    Flags {
        reduced_mobility_accessible: yes_no(Accessibility::ReducedMobility),
        close_to_transport: yes_no(Accessibility::PublicTransport),
        open_to_minors: yes_no(Accessibility::OpenToMinors),
    }
}

/// The hub's status of an application (`/v2/activity`): a volunteer
/// marked absent did not carry the mission out.
pub fn activity_status(state: &str, attended: Option<bool>) -> &'static str {
    match (state, attended) {
        ("accepted", _) => "VALIDATED",
        ("declined", _) => "REFUSED",
        ("cancelled", _) | ("completed", Some(false)) => "CANCELED",
        ("completed", _) => "CARRIED_OUT",
        _ => "PENDING",
    }
}

/// The organisation's SIREN (the hub's `organizationSiren`): the first
/// nine digits of its SIRET.
pub fn siren(siret: &str) -> Option<&str> {
    (siret.len() == 14 && siret.bytes().all(|b| b.is_ascii_digit())).then(|| &siret[..9])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::MISSION_DOMAINS;

    #[test]
    fn every_domain_of_ours_has_a_domain_of_the_hub() {
        for d in MISSION_DOMAINS {
            let hub = DOMAINS
                .iter()
                .find(|(ours, _)| *ours == d.slug)
                .unwrap_or_else(|| panic!("{} has no hub domain", d.slug))
                .1;
            assert!(HUB_DOMAINS.contains(&hub), "{hub} is not the hub's");
        }
        assert_eq!(DOMAINS.len(), MISSION_DOMAINS.len(), "no stale row");
    }

    #[test]
    fn domains_read_as_the_hub_names_them() {
        assert_eq!(domain("solidarity_inclusion"), "solidarite-insertion");
        assert_eq!(domain("memory_citizenship"), "memoire-et-citoyennete");
        assert_eq!(domain("skills_based"), "benevolat-competences");
        assert_eq!(domain("crisis_response"), "autre");
    }

    #[test]
    fn formats_and_flags_read_as_the_hub_names_them() {
        assert_eq!(remote(Format::OnSite), "no");
        assert_eq!(remote(Format::Hybrid), "possible");
        assert_eq!(remote(Format::Remote), "full");
        let f = flags(&[Accessibility::PublicTransport]);
        assert_eq!(
            (
                f.reduced_mobility_accessible,
                f.close_to_transport,
                f.open_to_minors
            ),
            ("no", "yes", "no")
        );
    }

    #[test]
    fn an_application_s_states_read_as_the_hub_s_statuses() {
        assert_eq!(activity_status("pending", None), "PENDING");
        assert_eq!(activity_status("accepted", None), "VALIDATED");
        assert_eq!(activity_status("declined", None), "REFUSED");
        assert_eq!(activity_status("cancelled", None), "CANCELED");
        assert_eq!(activity_status("completed", Some(true)), "CARRIED_OUT");
        assert_eq!(activity_status("completed", Some(false)), "CANCELED");
    }

    #[test]
    fn the_siren_is_the_siret_s_first_nine_digits() {
        assert_eq!(siren("73282932000074"), Some("732829320"));
        assert_eq!(siren("7328293200007"), None);
        assert_eq!(siren("7328293200007A"), None);
    }
}
