//! Accounts and volunteer profiles: the types that cannot hold an invalid
//! value, and the account state machine.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::department::{department_of_postcode, PostcodeError};
use super::taxonomy::{domain_by_slug, skill_by_slug};
use super::validation::{invalid, one_line, text, Invalid};

/// An email address as typed, with its normalised form (trimmed,
/// lower-cased) used for uniqueness and look-ups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress {
    display: String,
    normalized: String,
}

impl EmailAddress {
    /// A deliberately permissive check (one `@`, a dotted domain, no
    /// spaces): the activation email is the real verification.
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let display = value.trim();
        if display.is_empty() {
            return Err(invalid("required", "must not be empty"));
        }
        if display.len() > 254 {
            return Err(invalid("too_long", "must be at most 254 characters"));
        }
        let Some((local, domain)) = display.rsplit_once('@') else {
            return Err(invalid("invalid_format", "is not an email address"));
        };
        let ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && display
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>');
        if !ok {
            return Err(invalid("invalid_format", "is not an email address"));
        }
        Ok(EmailAddress {
            display: display.to_owned(),
            normalized: display.to_lowercase(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.display
    }

    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    pub fn local_part(&self) -> &str {
        self.normalized.rsplit_once('@').map_or("", |(l, _)| l)
    }
}

pub fn person_name(value: &str) -> Result<String, Invalid> {
    one_line(value, 1, 80)
}

/// Volunteers must be 16 to 100 years old.
pub fn birth_date(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let age = age_on(date, today);
    if date > today || age < 16 {
        return Err(invalid(
            "too_young",
            "volunteers must be at least 16 years old",
        ));
    }
    if age > 100 {
        return Err(invalid("out_of_range", "must be at most 100 years ago"));
    }
    Ok(date)
}

/// Full years between `born` and `on`.
/// The age band an application is judged on, as the organisation sees it:
/// `under_18`, `18_or_over`, or `unknown` without a birth date.
pub fn age_band(born: Option<NaiveDate>, on: NaiveDate) -> &'static str {
    match born.map(|b| age_on(b, on)) {
        Some(age) if age < 18 => "under_18",
        Some(_) => "18_or_over",
        None => "unknown",
    }
}

pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// A French postcode and the department it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postcode {
    pub code: String,
    pub department: &'static str,
}

impl Postcode {
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let code = value.trim();
        match department_of_postcode(code) {
            Ok(d) => Ok(Postcode {
                code: code.to_owned(),
                department: d.code,
            }),
            Err(e @ PostcodeError::Format) => Err(invalid("invalid_format", e.to_string())),
            Err(e @ PostcodeError::NoDepartment) => {
                Err(invalid("unknown_department", e.to_string()))
            }
        }
    }
}

/// A phone number in E.164; French national numbers (`06 12 34 56 78`)
/// are converted (`+33612345678`).
pub fn phone(value: &str) -> Result<String, Invalid> {
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let bad = || {
        invalid(
            "invalid_format",
            "expected a French number (06 12 34 56 78) or E.164 (+33612345678)",
        )
    };
    if let Some(digits) = compact.strip_prefix('+') {
        if (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
        {
            return Ok(compact);
        }
        return Err(bad());
    }
    let bytes = compact.as_bytes();
    if bytes.len() == 10
        && bytes[0] == b'0'
        && bytes[1] != b'0'
        && bytes.iter().all(u8::is_ascii_digit)
    {
        return Ok(format!("+33{}", &compact[1..]));
    }
    Err(bad())
}

fn slugs(
    values: &[String],
    known: impl Fn(&str) -> bool,
    what: &str,
) -> Result<Vec<String>, Invalid> {
    if values.len() > 30 {
        return Err(invalid("too_many", format!("at most 30 {what}")));
    }
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        if !known(v) {
            return Err(invalid(
                "unknown_value",
                format!("`{v}` is not one of the {what} (see the taxonomy)"),
            ));
        }
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    Ok(out)
}

pub fn skills(values: &[String]) -> Result<Vec<String>, Invalid> {
    slugs(values, |s| skill_by_slug(s).is_some(), "skills")
}

pub fn domains(values: &[String]) -> Result<Vec<String>, Invalid> {
    slugs(values, |s| domain_by_slug(s).is_some(), "domains")
}

pub fn presentation(value: &str) -> Result<String, Invalid> {
    text(value, 0, 2000)
}

/// The volunteer profile as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub department: Option<String>,
    pub phone: Option<String>,
    pub skills: Vec<String>,
    pub domains: Vec<String>,
    pub presentation: Option<String>,
    pub visible_to_organizations: bool,
}

/// Profile fields as a person types them (signup, or a profile edit
/// merged onto the current profile), before validation.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub phone: Option<String>,
    pub skills: Vec<String>,
    pub domains: Vec<String>,
    pub presentation: Option<String>,
    pub visible_to_organizations: bool,
}

impl ProfileInput {
    /// Validates every field, reporting all the invalid ones.
    pub fn validate(self, today: NaiveDate) -> Result<Profile, Vec<super::validation::FieldError>> {
        let mut errors = super::validation::Errors::new();
        let first_name = errors.check("first_name", person_name(&self.first_name));
        let last_name = errors.check("last_name", person_name(&self.last_name));
        let birth = match self.birth_date {
            Some(d) => errors.check("birth_date", birth_date(d, today)),
            None => {
                errors.push("birth_date", invalid("required", "must be given"));
                None
            }
        };
        let postcode = match self.postcode.as_deref() {
            Some(p) => errors.check("postcode", Postcode::parse(p)),
            None => {
                errors.push("postcode", invalid("required", "must be given"));
                None
            }
        };
        let phone = match self
            .phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => errors.check("phone", phone(p)).map(Some),
            None => Some(None),
        };
        let skills = errors.check("skills", skills(&self.skills));
        let domains = errors.check("domains", domains(&self.domains));
        let presentation = match self.presentation.as_deref() {
            Some(p) => errors
                .check("presentation", presentation(p))
                .map(|p| Some(p).filter(|p| !p.is_empty())),
            None => Some(None),
        };
        errors.finish(|| {
            let postcode = postcode.expect("checked");
            Profile {
                first_name: first_name.expect("checked"),
                last_name: last_name.expect("checked"),
                birth_date: birth,
                department: Some(postcode.department.to_owned()),
                postcode: Some(postcode.code),
                phone: phone.expect("checked"),
                skills: skills.expect("checked"),
                domains: domains.expect("checked"),
                presentation: presentation.expect("checked"),
                visible_to_organizations: self.visible_to_organizations,
            }
        })
    }
}

impl From<&Profile> for ProfileInput {
    fn from(p: &Profile) -> Self {
        ProfileInput {
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            birth_date: p.birth_date,
            postcode: p.postcode.clone(),
            phone: p.phone.clone(),
            skills: p.skills.clone(),
            domains: p.domains.clone(),
            presentation: p.presentation.clone(),
            visible_to_organizations: p.visible_to_organizations,
        }
    }
}

/// Account states: `pending_activation → active → suspended | erased`
/// (and `suspended → active` when an admin reinstates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    PendingActivation,
    Active,
    Suspended,
    Erased,
}

impl AccountState {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::PendingActivation => "pending_activation",
            AccountState::Active => "active",
            AccountState::Suspended => "suspended",
            AccountState::Erased => "erased",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pending_activation" => AccountState::PendingActivation,
            "active" => AccountState::Active,
            "suspended" => AccountState::Suspended,
            "erased" => AccountState::Erased,
            _ => return None,
        })
    }
}

static COMMON_PASSWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });

/// Whether a lower-cased password is one of the most common ones: a rule
/// of what a password may be, so it lives with the password's type.
fn is_common_password(lowercase: &str) -> bool {
    COMMON_PASSWORDS.contains(lowercase)
}

/// The password policy: 10 to 128 characters, not a common password, not
/// built on the email's local part.
pub fn new_password(password: &str, email: &EmailAddress) -> Result<(), Invalid> {
    let len = password.chars().count();
    if len < 10 {
        return Err(invalid("too_short", "must be at least 10 characters"));
    }
    if len > 128 {
        return Err(invalid("too_long", "must be at most 128 characters"));
    }
    let lower = password.to_lowercase();
    if is_common_password(&lower) {
        return Err(invalid("too_common", "is one of the most common passwords"));
    }
    let local = email.local_part();
    if local.chars().count() >= 3 && lower.contains(local) {
        return Err(invalid(
            "contains_email",
            "must not contain your email address",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        let e = EmailAddress::parse("  Léa.Martin@Example.ORG ").unwrap();
        assert_eq!(e.as_str(), "Léa.Martin@Example.ORG");
        assert_eq!(e.normalized(), "léa.martin@example.org");
        assert_eq!(e.local_part(), "léa.martin");
        for bad in [
            "",
            "lea",
            "lea@",
            "@example.org",
            "lea@example",
            "lea @example.org",
            "lea@.org",
            "a@b..org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn volunteers_are_16_to_100() {
        let today = date("2026-11-29");
        assert!(birth_date(date("2010-11-29"), today).is_ok(), "16 today");
        assert_eq!(
            birth_date(date("2010-11-30"), today).unwrap_err().code,
            "too_young"
        );
        assert_eq!(
            birth_date(date("2030-01-01"), today).unwrap_err().code,
            "too_young"
        );
        assert!(birth_date(date("1926-11-29"), today).is_ok(), "100 today");
        assert_eq!(
            birth_date(date("1925-11-28"), today).unwrap_err().code,
            "out_of_range"
        );
        assert_eq!(age_on(date("2000-02-29"), date("2026-02-28")), 25);
    }

    #[test]
    fn phones_become_e164() {
        assert_eq!(phone("06 12 34 56 78").unwrap(), "+33612345678");
        assert_eq!(phone("01.23.45.67.89").unwrap(), "+33123456789");
        assert_eq!(phone("+262 692 12 34 56").unwrap(), "+262692123456");
        for bad in [
            "0012345678",
            "612345678",
            "+0612",
            "06 12 34 56 7a",
            "+1234567890123456",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postcodes_carry_their_department() {
        assert_eq!(Postcode::parse("20200").unwrap().department, "2B");
        assert_eq!(
            Postcode::parse("98000").unwrap_err().code,
            "unknown_department"
        );
        assert_eq!(Postcode::parse("7500").unwrap_err().code, "invalid_format");
    }

    #[test]
    fn taxonomy_values_are_checked_and_deduplicated() {
        assert_eq!(
            domains(&["health".into(), "health".into()]).unwrap(),
            vec!["health"]
        );
        assert_eq!(
            domains(&["cooking".into()]).unwrap_err().code,
            "unknown_value"
        );
        assert!(skills(&["first_aid".into()]).is_ok());
    }

    #[test]
    fn the_password_policy() {
        let email = EmailAddress::parse("marie.curie@example.org").unwrap();
        assert!(new_password("correct horse battery", &email).is_ok());
        assert_eq!(new_password("short", &email).unwrap_err().code, "too_short");
        assert_eq!(
            new_password(&"x".repeat(129), &email).unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            new_password("Azertyuiop", &email).unwrap_err().code,
            "too_common"
        );
        assert_eq!(
            new_password("1234567890", &email).unwrap_err().code,
            "too_common"
        );
        assert_eq!(
            new_password("xxMarie.Curie2026", &email).unwrap_err().code,
            "contains_email"
        );
    }

    #[test]
    fn a_profile_reports_every_invalid_field() {
        let input = ProfileInput {
            first_name: " ".into(),
            last_name: "Curie".into(),
            birth_date: Some(date("2015-01-01")),
            postcode: Some("98000".into()),
            phone: Some("12".into()),
            skills: vec!["juggling".into()],
            ..ProfileInput::default()
        };
        let errors = input.validate(date("2026-11-29")).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["first_name", "birth_date", "postcode", "phone", "skills"]
        );
    }

    #[test]
    fn a_valid_profile_derives_the_department() {
        let input = ProfileInput {
            first_name: "Marie".into(),
            last_name: "Curie".into(),
            birth_date: Some(date("1990-05-01")),
            postcode: Some("20090".into()),
            phone: Some("06 12 34 56 78".into()),
            ..ProfileInput::default()
        };
        let p = input.validate(date("2026-11-29")).unwrap();
        assert_eq!(p.department.as_deref(), Some("2A"));
        assert_eq!(p.phone.as_deref(), Some("+33612345678"));
    }

    #[test]
    fn account_states_round_trip() {
        for s in [
            AccountState::PendingActivation,
            AccountState::Active,
            AccountState::Suspended,
            AccountState::Erased,
        ] {
            assert_eq!(AccountState::parse(s.as_str()), Some(s));
        }
    }
}

/// A signup that passed validation: what the intake writes.
#[derive(Debug, Clone)]
pub struct NewSignup {
    pub email: EmailAddress,
    pub profile: Profile,
    pub terms_version: String,
    /// Where the person came from; kept only when the account is created.
    pub origin: super::origin::Origin,
}
