//! Postal addresses with coordinates.

use serde::{Deserialize, Serialize};

use super::account::Postcode;
use super::validation::{invalid, one_line, Errors, Invalid};

/// An address as typed (or picked on a map by the SPA).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    /// Street and number; optional for a whole-town mission.
    #[serde(default)]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"\S",
        example = "12 rue de la République"
    )]
    pub line: Option<String>,
    #[schema(
        pattern = r"^((0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5])[0-9]{3}|20[0126][0-9]{2}|97[12346][0-9]{2})$",
        example = "69002"
    )]
    pub postcode: String,
    #[schema(min_length = 1, max_length = 100, pattern = r"\S", example = "Lyon")]
    pub city: String,
    #[schema(minimum = -90.0, maximum = 90.0, example = 45.7640)]
    pub latitude: f64,
    #[schema(minimum = -180.0, maximum = 180.0, example = 4.8357)]
    pub longitude: f64,
}

/// A validated address, with its department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Address {
    pub line: Option<String>,
    pub postcode: String,
    pub city: String,
    pub department: String,
    pub latitude: f64,
    pub longitude: f64,
}

pub fn latitude(v: f64) -> Result<f64, Invalid> {
    if v.is_finite() && (-90.0..=90.0).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(
            "out_of_range",
            "latitude must be between -90 and 90",
        ))
    }
}

pub fn longitude(v: f64) -> Result<f64, Invalid> {
    if v.is_finite() && (-180.0..=180.0).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(
            "out_of_range",
            "longitude must be between -180 and 180",
        ))
    }
}

impl AddressInput {
    /// Validates into `errors` under `prefix` (`address`, `addresses[2]`).
    pub fn check(&self, prefix: &str, errors: &mut Errors) -> Option<Address> {
        let line = match self
            .line
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            Some(l) => errors
                .check(&format!("{prefix}.line"), one_line(l, 1, 200))
                .map(Some),
            None => Some(None),
        };
        let postcode = errors.check(
            &format!("{prefix}.postcode"),
            Postcode::parse(&self.postcode),
        );
        let city = errors.check(&format!("{prefix}.city"), one_line(&self.city, 1, 100));
        let lat = errors.check(&format!("{prefix}.latitude"), latitude(self.latitude));
        let lon = errors.check(&format!("{prefix}.longitude"), longitude(self.longitude));
        let postcode = postcode?;
        Some(Address {
            line: line?,
            department: postcode.department.to_owned(),
            postcode: postcode.code,
            city: city?,
            latitude: lat?,
            longitude: lon?,
        })
    }
}

impl From<&Address> for AddressInput {
    fn from(a: &Address) -> Self {
        AddressInput {
            line: a.line.clone(),
            postcode: a.postcode.clone(),
            city: a.city.clone(),
            latitude: a.latitude,
            longitude: a.longitude,
        }
    }
}

/// An http or https URL.
pub fn website(value: &str) -> Result<String, Invalid> {
    let v = value.trim();
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(|| invalid("invalid_format", "must start with http:// or https://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || !host.contains('.') || v.len() > 300 || v.chars().any(char::is_whitespace)
    {
        return Err(invalid("invalid_format", "is not a web address"));
    }
    Ok(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_field_by_field() {
        let mut errors = Errors::new();
        let bad = AddressInput {
            line: None,
            postcode: "98000".into(),
            city: "".into(),
            latitude: 91.0,
            longitude: 2.0,
        };
        assert!(bad.check("address", &mut errors).is_none());
        let fields: Vec<_> = errors
            .finish(|| ())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec!["address.postcode", "address.city", "address.latitude"]
        );
    }

    #[test]
    fn websites_are_http_urls() {
        assert!(website("https://example.org/asso").is_ok());
        for bad in [
            "example.org",
            "ftp://example.org",
            "https://",
            "https://localhost",
            "javascript:alert(1)",
        ] {
            assert!(website(bad).is_err(), "{bad}");
        }
    }
}
