//! Missions: what an organisation asks volunteers to do, where and when.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::account::skills;
use super::eligibility::{Access, Accessibility};
use super::place::{Address, AddressInput};
use super::taxonomy::domain_by_slug;
use super::validation::{invalid, one_line, text, Errors, FieldError, Invalid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    OnSite,
    Remote,
    Hybrid,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::OnSite => "on_site",
            Format::Remote => "remote",
            Format::Hybrid => "hybrid",
        }
    }

    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "on_site" => Some(Format::OnSite),
            "remote" => Some(Format::Remote),
            "hybrid" => Some(Format::Hybrid),
            _ => None,
        }
    }
}

/// Who the mission serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Everyone,
    Children,
    Youth,
    Seniors,
    PeopleWithDisabilities,
    PeopleInPrecarity,
    Refugees,
    SickPeople,
    Animals,
    Nature,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// A weekly slot, e.g. every Wednesday 14:00–17:00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub weekday: Weekday,
    #[schema(value_type = String, example = "14:00")]
    #[serde(with = "hhmm")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "17:00")]
    #[serde(with = "hhmm")]
    pub end: NaiveTime,
}

mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let v = String::deserialize(d)?;
        NaiveTime::parse_from_str(&v, "%H:%M")
            .map_err(|_| serde::de::Error::custom("expected a time as HH:MM"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    PerWeek,
    Total,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub kind: CommitmentKind,
    /// Hours per week (0.5–60) or in total (0.5–2,000).
    #[schema(example = 3.0)]
    pub hours: f64,
}

/// A mission as submitted (creation, or an edit merged onto the current
/// values).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissionInput {
    #[schema(
        min_length = 5,
        max_length = 120,
        pattern = r"\S",
        example = "Distribution de repas le mercredi"
    )]
    pub title: String,
    /// Plain text or simple Markdown; HTML is refused.
    #[schema(min_length = 50, max_length = 10000)]
    pub description: String,
    /// A domain slug from `GET /v1/domains`.
    #[schema(value_type = crate::domain::taxonomy::DomainSlug, example = "solidarity_inclusion")]
    pub domain: String,
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::taxonomy::SkillSlug>, max_items = 30)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub audience: Vec<Audience>,
    pub format: Format,
    /// One to ten; none for a remote mission.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub addresses: Vec<AddressInput>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    /// Weekly slots, instead of or in addition to dates.
    #[serde(default)]
    pub slots: Vec<Slot>,
    pub commitment: Commitment,
    #[schema(minimum = 1, maximum = 10000, example = 10)]
    pub capacity: i32,
    #[serde(default = "sixteen")]
    #[schema(minimum = 16, maximum = 99, example = 16)]
    pub minimum_age: i32,
    #[serde(default)]
    pub motivation_required: bool,
    #[serde(default = "yes")]
    pub registration_open: bool,
    /// Accessibility, parental consent and prerequisites.
    #[serde(default)]
    pub access: Access,
}

pub(crate) fn sixteen() -> i32 {
    16
}

pub(crate) fn yes() -> bool {
    true
}

/// A valid mission.
#[derive(Debug, Clone, PartialEq)]
pub struct MissionFields {
    pub title: String,
    pub description: String,
    pub domain: String,
    pub skills: Vec<String>,
    pub audience: Vec<Audience>,
    pub format: Format,
    pub addresses: Vec<Address>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub slots: Vec<Slot>,
    pub commitment: Commitment,
    pub capacity: i32,
    pub minimum_age: i32,
    pub motivation_required: bool,
    pub registration_open: bool,
    pub access: Access,
}

impl MissionFields {
    /// The accessibility flags search stores for this mission.
    pub fn accessibility(&self) -> Vec<Accessibility> {
        self.access.flags(self.minimum_age)
    }

    /// The names of the fields that differ from `before`.
    pub fn changed_from(&self, before: &MissionFields) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut differs = |name: &'static str, different: bool| {
            if different {
                changed.push(name);
            }
        };
        differs("title", self.title != before.title);
        differs("description", self.description != before.description);
        differs("domain", self.domain != before.domain);
        differs("skills", self.skills != before.skills);
        differs("audience", self.audience != before.audience);
        differs("format", self.format != before.format);
        differs("addresses", self.addresses != before.addresses);
        differs("start_date", self.start_date != before.start_date);
        differs("end_date", self.end_date != before.end_date);
        differs("slots", self.slots != before.slots);
        differs("commitment", self.commitment != before.commitment);
        differs("capacity", self.capacity != before.capacity);
        differs("minimum_age", self.minimum_age != before.minimum_age);
        differs(
            "motivation_required",
            self.motivation_required != before.motivation_required,
        );
        differs(
            "registration_open",
            self.registration_open != before.registration_open,
        );
        differs("access", self.access != before.access);
        changed
    }
}

/// Fields whose change alters what a referent approved: what the mission
/// is, for whom (the minimum age: minors are what referents check first),
/// and where (so which department moderates it). Places, dates, slots and
/// whether a motivation is asked are the organisation's to adjust.
pub const MATERIAL_FIELDS: &[&str] = &[
    "title",
    // Its picture (set apart from the other fields, by upload).
    "image",
    "description",
    "domain",
    "skills",
    "audience",
    "format",
    "addresses",
    "minimum_age",
];

/// Refuses HTML: descriptions are shown as text or rendered Markdown, and
/// markup would be a way to inject links or scripts into the SPA.
fn description(value: &str) -> Result<String, Invalid> {
    let v = text(value, 50, 10_000)?;
    let bytes = v.as_bytes();
    let has_tag = bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'));
    if has_tag {
        return Err(invalid(
            "html_not_allowed",
            "HTML is not allowed; use plain text or Markdown",
        ));
    }
    if v.to_ascii_lowercase().contains("javascript:") {
        return Err(invalid("html_not_allowed", "script links are not allowed"));
    }
    Ok(v)
}

impl MissionInput {
    pub fn validate(self) -> Result<MissionFields, Vec<FieldError>> {
        let mut errors = Errors::new();
        let title = errors.check("title", one_line(&self.title, 5, 120));
        let description = errors.check("description", description(&self.description));
        if domain_by_slug(&self.domain).is_none() {
            errors.push(
                "domain",
                invalid(
                    "unknown_value",
                    format!("`{}` is not a mission domain", self.domain),
                ),
            );
        }
        let skills = errors.check("skills", skills(&self.skills));
        let mut audience = self.audience.clone();
        audience.dedup();
        let addresses: Vec<Option<Address>> = self
            .addresses
            .iter()
            .enumerate()
            .map(|(i, a)| a.check(&format!("addresses[{i}]"), &mut errors))
            .collect();
        if self.addresses.len() > 10 {
            errors.push("addresses", invalid("too_many", "at most 10 addresses"));
        } else if self.addresses.is_empty() && self.format != Format::Remote {
            errors.push(
                "addresses",
                invalid("required", "an on-site or hybrid mission needs an address"),
            );
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date) {
            if end < start {
                errors.push(
                    "end_date",
                    invalid("before_start", "must not be before start_date"),
                );
            }
        }
        if self.start_date.is_none() && self.slots.is_empty() {
            errors.push(
                "start_date",
                invalid("required", "give a start date or weekly slots"),
            );
        }
        if self.end_date.is_some() && self.start_date.is_none() {
            errors.push(
                "start_date",
                invalid("required", "an end date needs a start date"),
            );
        }
        if self.slots.len() > 21 {
            errors.push("slots", invalid("too_many", "at most 21 weekly slots"));
        }
        for (i, slot) in self.slots.iter().enumerate() {
            if slot.end <= slot.start {
                errors.push(
                    &format!("slots[{i}].end"),
                    invalid("before_start", "must be after the start"),
                );
            }
        }
        let max_hours = match self.commitment.kind {
            CommitmentKind::PerWeek => 60.0,
            CommitmentKind::Total => 2000.0,
        };
        if !(self.commitment.hours.is_finite()
            && self.commitment.hours >= 0.5
            && self.commitment.hours <= max_hours)
        {
            errors.push(
                "commitment.hours",
                invalid(
                    "out_of_range",
                    format!("must be between 0.5 and {max_hours}"),
                ),
            );
        }
        if !(1..=10_000).contains(&self.capacity) {
            errors.push(
                "capacity",
                invalid("out_of_range", "must be between 1 and 10,000"),
            );
        }
        if !(16..=99).contains(&self.minimum_age) {
            errors.push(
                "minimum_age",
                invalid("out_of_range", "must be between 16 and 99"),
            );
        }
        let access = errors.check("access.prerequisites", self.access.clone().validate());
        errors.finish(|| MissionFields {
            title: title.expect("checked"),
            description: description.expect("checked"),
            domain: self.domain,
            skills: skills.expect("checked"),
            audience,
            format: self.format,
            addresses: addresses.into_iter().map(|a| a.expect("checked")).collect(),
            start_date: self.start_date,
            end_date: self.end_date,
            slots: self.slots,
            commitment: self.commitment,
            capacity: self.capacity,
            minimum_age: self.minimum_age,
            motivation_required: self.motivation_required,
            registration_open: self.registration_open,
            access: access.expect("checked"),
        })
    }
}

impl From<&MissionFields> for MissionInput {
    fn from(m: &MissionFields) -> Self {
        MissionInput {
            title: m.title.clone(),
            description: m.description.clone(),
            domain: m.domain.clone(),
            skills: m.skills.clone(),
            audience: m.audience.clone(),
            format: m.format,
            addresses: m.addresses.iter().map(AddressInput::from).collect(),
            start_date: m.start_date,
            end_date: m.end_date,
            slots: m.slots.clone(),
            commitment: m.commitment,
            capacity: m.capacity,
            minimum_age: m.minimum_age,
            motivation_required: m.motivation_required,
            registration_open: m.registration_open,
            access: m.access.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> MissionInput {
        serde_json::from_value(serde_json::json!({
            "title": "Distribution de repas",
            "description": "Aider à préparer et distribuer des repas chauds aux personnes sans abri, le mercredi soir.",
            "domain": "solidarity_inclusion",
            "skills": ["food_distribution"],
            "audience": ["people_in_precarity"],
            "format": "on_site",
            "addresses": [{"postcode": "69002", "city": "Lyon", "latitude": 45.76, "longitude": 4.83}],
            "start_date": "2026-12-01",
            "end_date": "2027-03-31",
            "slots": [{"weekday": "wednesday", "start": "18:00", "end": "21:00"}],
            "commitment": {"kind": "per_week", "hours": 3},
            "capacity": 10,
        }))
        .unwrap()
    }

    #[test]
    fn a_valid_mission() {
        let m = sample().validate().unwrap();
        assert_eq!(m.addresses[0].department, "69");
        assert_eq!(m.minimum_age, 16);
        assert!(m.registration_open);
    }

    #[test]
    fn every_rule_names_its_field() {
        let mut m = sample();
        m.title = "Aide".into();
        m.description = "<script>alert(1)</script>".repeat(5);
        m.domain = "cooking".into();
        m.addresses = vec![];
        m.end_date = Some("2026-11-01".parse().unwrap());
        m.slots[0].end = m.slots[0].start;
        m.commitment.hours = 0.0;
        m.capacity = 0;
        m.minimum_age = 15;
        let fields: Vec<_> = m
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "title",
                "description",
                "domain",
                "addresses",
                "end_date",
                "slots[0].end",
                "commitment.hours",
                "capacity",
                "minimum_age"
            ]
        );
    }

    #[test]
    fn remote_missions_need_no_address_but_a_date_or_slot() {
        let mut m = sample();
        m.format = Format::Remote;
        m.addresses = vec![];
        assert!(m.clone().validate().is_ok());
        m.start_date = None;
        m.end_date = None;
        m.slots = vec![];
        assert_eq!(m.validate().unwrap_err()[0].field, "start_date");
    }
}
