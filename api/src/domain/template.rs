//! Mission templates: what a mission is (its title, description, domain,
//! skills, commitment, conditions), without where, when and how many. A
//! network's head publishes them; its branches copy one into a draft by
//! adding their own places, dates and capacity.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::eligibility::Access;
use super::mission::{sixteen, yes, Audience, Commitment, Format, MissionInput, Slot};
use super::place::AddressInput;
use super::validation::FieldError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissionTemplate {
    #[schema(min_length = 5, max_length = 120)]
    pub title: String,
    #[schema(min_length = 50, max_length = 10000)]
    pub description: String,
    #[schema(value_type = crate::domain::taxonomy::DomainSlug)]
    pub domain: String,
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::taxonomy::SkillSlug>, max_items = 30)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub audience: Vec<Audience>,
    pub format: Format,
    pub commitment: Commitment,
    #[serde(default = "sixteen")]
    #[schema(minimum = 16, maximum = 99)]
    pub minimum_age: i32,
    #[serde(default)]
    pub motivation_required: bool,
    #[serde(default)]
    pub access: Access,
}

/// What the branch adds to a template: where, when and how many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalDetails {
    /// One to ten; none for a remote mission.
    #[serde(default)]
    pub addresses: Vec<AddressInput>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub slots: Vec<Slot>,
    #[schema(minimum = 1, maximum = 10000)]
    pub capacity: i32,
    #[serde(default = "yes")]
    pub registration_open: bool,
}

/// The fields a branch gives; a template is judged without them.
const LOCAL_FIELDS: &[&str] = &[
    "addresses",
    "start_date",
    "end_date",
    "slots",
    "capacity",
    "registration_open",
];

impl MissionTemplate {
    /// The mission a branch makes of this template.
    pub fn with(self, local: LocalDetails) -> MissionInput {
        MissionInput {
            title: self.title,
            description: self.description,
            domain: self.domain,
            skills: self.skills,
            audience: self.audience,
            format: self.format,
            addresses: local.addresses,
            start_date: local.start_date,
            end_date: local.end_date,
            slots: local.slots,
            commitment: self.commitment,
            capacity: local.capacity,
            minimum_age: self.minimum_age,
            motivation_required: self.motivation_required,
            registration_open: local.registration_open,
            access: self.access,
        }
    }

    /// Judges the template by the mission rules, with placeholder local
    /// details: only errors in the template's own fields count.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let somewhere: AddressInput = serde_json::from_value(serde_json::json!({
            "postcode": "75001", "city": "Paris", "latitude": 48.8606, "longitude": 2.3376,
        }))
        .expect("a valid placeholder address");
        let local = LocalDetails {
            addresses: if self.format == Format::Remote {
                vec![]
            } else {
                vec![somewhere]
            },
            start_date: Some(today),
            end_date: None,
            slots: vec![],
            capacity: 1,
            registration_open: true,
        };
        match self.clone().with(local).validate() {
            Ok(_) => Ok(()),
            Err(errors) => {
                let own: Vec<FieldError> = errors
                    .into_iter()
                    .filter(|e| {
                        !LOCAL_FIELDS
                            .iter()
                            .any(|f| e.field == *f || e.field.starts_with(&format!("{f}[")))
                    })
                    .collect();
                if own.is_empty() {
                    Ok(())
                } else {
                    Err(own)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> MissionTemplate {
        serde_json::from_value(serde_json::json!({
            "title": "Collecte nationale",
            "description": "Accueillir les donateurs à l'entrée des magasins et trier les denrées collectées ce jour-là.",
            "domain": "solidarity_inclusion",
            "format": "on_site",
            "commitment": {"kind": "total", "hours": 4},
        }))
        .unwrap()
    }

    #[test]
    fn a_template_is_judged_on_its_own_fields() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert!(template().validate(today).is_ok());
        let mut bad = template();
        bad.title = "x".into();
        bad.domain = "astrology".into();
        let errors = bad.validate(today).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "domain"]);
    }

    #[test]
    fn a_copy_takes_the_branch_places_dates_and_capacity() {
        let local: LocalDetails = serde_json::from_value(serde_json::json!({
            "addresses": [{"postcode": "69002", "city": "Lyon", "latitude": 45.76, "longitude": 4.83}],
            "start_date": "2027-03-06",
            "capacity": 12,
        }))
        .unwrap();
        let mission = template().with(local).validate().unwrap();
        assert_eq!(mission.capacity, 12);
        assert_eq!(mission.addresses[0].department, "69");
        assert_eq!(mission.title, "Collecte nationale");
    }
}
