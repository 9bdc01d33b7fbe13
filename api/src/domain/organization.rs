//! Organisations: associations, public bodies and companies.

use serde::{Deserialize, Serialize};

use super::account::{domains, phone, EmailAddress};
use super::identifiers;
use super::place::{website, Address, AddressInput};
use super::validation::{invalid, one_line, text, Errors, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    Association,
    PublicBody,
    Company,
}

impl OrganizationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrganizationKind::Association => "association",
            OrganizationKind::PublicBody => "public_body",
            OrganizationKind::Company => "company",
        }
    }

    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "association" => Some(OrganizationKind::Association),
            "public_body" => Some(OrganizationKind::PublicBody),
            "company" => Some(OrganizationKind::Company),
            _ => None,
        }
    }
}

/// An organisation as submitted (creation, or an edit merged onto the
/// current values).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationInput {
    #[schema(
        min_length = 2,
        max_length = 120,
        pattern = r"\S",
        example = "Les Restos du Cœur du Rhône"
    )]
    pub name: String,
    pub kind: OrganizationKind,
    /// `W` + 9 digits. At least one of `rna` and `siret` is required.
    #[serde(default)]
    #[schema(pattern = r"^W[0-9]{9}$", example = "W691234567")]
    pub rna: Option<String>,
    /// 14 digits with a valid check digit.
    #[serde(default)]
    #[schema(pattern = r"^[0-9]{14}$", example = "13002526500013")]
    pub siret: Option<String>,
    #[schema(min_length = 20, max_length = 5000)]
    pub description: String,
    pub address: AddressInput,
    #[serde(default)]
    #[schema(max_length = 300, pattern = r"^\s*https?://[^\s/]+\.[^\s]+\s*$")]
    pub website: Option<String>,
    #[schema(format = Email, max_length = 254)]
    pub contact_email: String,
    #[serde(default)]
    #[schema(pattern = r"^(\+[1-9][0-9]{7,14}|0[1-9]([ .-]?[0-9]{2}){4})$")]
    pub contact_phone: Option<String>,
    /// Domain slugs from `GET /v1/domains`.
    #[schema(value_type = Vec<crate::domain::taxonomy::DomainSlug>, min_items = 1, max_items = 30)]
    pub domains: Vec<String>,
}

/// A valid organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationFields {
    pub name: String,
    pub kind: OrganizationKind,
    pub rna: Option<String>,
    pub siret: Option<String>,
    pub description: String,
    pub address: Address,
    pub website: Option<String>,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub domains: Vec<String>,
}

impl OrganizationFields {
    /// The names of the fields that differ from `before`.
    pub fn changed_from(&self, before: &OrganizationFields) -> Vec<&'static str> {
        [
            ("name", self.name != before.name),
            ("kind", self.kind != before.kind),
            ("rna", self.rna != before.rna),
            ("siret", self.siret != before.siret),
            ("description", self.description != before.description),
            ("address", self.address != before.address),
            ("website", self.website != before.website),
            ("contact_email", self.contact_email != before.contact_email),
            ("contact_phone", self.contact_phone != before.contact_phone),
            ("domains", self.domains != before.domains),
        ]
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect()
    }
}

/// Fields whose change alters what a referent approved: who the
/// organisation is (name, kind, legal identifiers) and where (its address
/// sets the department whose referents moderate it).
pub const MATERIAL_FIELDS: &[&str] = &["name", "kind", "rna", "siret", "address"];

fn optional<T>(
    errors: &mut Errors,
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, super::validation::Invalid>,
) -> Option<Option<T>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => errors.check(field, parse(v)).map(Some),
        None => Some(None),
    }
}

impl OrganizationInput {
    pub fn validate(self) -> Result<OrganizationFields, Vec<FieldError>> {
        let mut errors = Errors::new();
        let name = errors.check("name", one_line(&self.name, 2, 120));
        let rna = optional(&mut errors, "rna", self.rna.as_deref(), identifiers::rna);
        let siret = optional(
            &mut errors,
            "siret",
            self.siret.as_deref(),
            identifiers::siret,
        );
        if matches!((&rna, &siret), (Some(None), Some(None))) {
            errors.push(
                "siret",
                invalid("required", "give an RNA or a SIRET number (or both)"),
            );
        }
        let description = errors.check("description", text(&self.description, 20, 5000));
        let address = self.address.check("address", &mut errors);
        let website = optional(&mut errors, "website", self.website.as_deref(), website);
        let contact_email = errors.check("contact_email", EmailAddress::parse(&self.contact_email));
        let contact_phone = optional(
            &mut errors,
            "contact_phone",
            self.contact_phone.as_deref(),
            phone,
        );
        let domains = errors
            .check("domains", domains(&self.domains))
            .and_then(|d| {
                if d.is_empty() {
                    errors.push("domains", invalid("required", "choose at least one domain"));
                    None
                } else {
                    Some(d)
                }
            });
        let kind = self.kind;
        errors.finish(|| OrganizationFields {
            name: name.expect("checked"),
            kind,
            rna: rna.expect("checked"),
            siret: siret.expect("checked"),
            description: description.expect("checked"),
            address: address.expect("checked"),
            website: website.expect("checked"),
            contact_email: contact_email.expect("checked").as_str().to_owned(),
            contact_phone: contact_phone.expect("checked"),
            domains: domains.expect("checked"),
        })
    }
}

impl From<&OrganizationFields> for OrganizationInput {
    fn from(o: &OrganizationFields) -> Self {
        OrganizationInput {
            name: o.name.clone(),
            kind: o.kind,
            rna: o.rna.clone(),
            siret: o.siret.clone(),
            description: o.description.clone(),
            address: AddressInput::from(&o.address),
            website: o.website.clone(),
            contact_email: o.contact_email.clone(),
            contact_phone: o.contact_phone.clone(),
            domains: o.domains.clone(),
        }
    }
}

/// Membership roles: owners manage members and can deregister.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Owner,
    Manager,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Owner => "owner",
            MemberRole::Manager => "manager",
        }
    }

    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "owner" => Some(MemberRole::Owner),
            "manager" => Some(MemberRole::Manager),
            _ => None,
        }
    }
}

/// Where a branch's link to its network's head stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkLinkState {
    /// Asked by the branch; the head's owners have not accepted yet.
    Requested,
    /// Accepted: the head sees the branch's missions.
    Active,
}

impl NetworkLinkState {
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkLinkState::Requested => "requested",
            NetworkLinkState::Active => "active",
        }
    }

    pub fn parse(v: &str) -> Option<Self> {
        match v {
            "requested" => Some(NetworkLinkState::Requested),
            "active" => Some(NetworkLinkState::Active),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> OrganizationInput {
        OrganizationInput {
            name: "Banque alimentaire du Rhône".into(),
            kind: OrganizationKind::Association,
            rna: Some("W691234567".into()),
            siret: None,
            description: "Collecte et redistribution de denrées alimentaires.".into(),
            address: AddressInput {
                line: Some("1 rue de la Paix".into()),
                postcode: "69002".into(),
                city: "Lyon".into(),
                latitude: 45.76,
                longitude: 4.83,
            },
            website: Some("https://ba69.example.org".into()),
            contact_email: "contact@ba69.example.org".into(),
            contact_phone: Some("04 78 00 00 00".into()),
            domains: vec!["solidarity_inclusion".into()],
        }
    }

    #[test]
    fn a_valid_organisation_gets_its_department() {
        let o = sample().validate().unwrap();
        assert_eq!(o.address.department, "69");
        assert_eq!(o.contact_phone.as_deref(), Some("+33478000000"));
    }

    #[test]
    fn an_identifier_is_required_and_each_field_is_named() {
        let mut input = sample();
        input.rna = None;
        input.siret = Some("13002526500014".into());
        input.website = Some("nope".into());
        input.domains = vec![];
        let fields: Vec<_> = input
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["siret", "website", "domains"]);
        let mut none = sample();
        none.rna = None;
        let errors = none.validate().unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("siret", "required")
        );
    }
}
