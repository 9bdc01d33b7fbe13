//! Region blocking: which countries may write (sign up, register an
//! organisation, apply), as the edge reports the client's country. Reads
//! stay open everywhere. The country is believed only from trusted
//! proxies (`http::client::client_country`), like the client's address.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use crate::config::{EdgeSettings, UnknownCountry};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;

pub struct RegionPolicy {
    /// Upper-case ISO 3166 alpha-2 codes; empty: every country.
    allowed: BTreeSet<String>,
    unknown: UnknownCountry,
    /// Refused writes by country (`unknown` for none), for `/metrics`.
    refused: Mutex<BTreeMap<String, u64>>,
}

impl RegionPolicy {
    pub fn from_settings(settings: &EdgeSettings) -> Self {
        RegionPolicy {
            allowed: settings
                .write_countries
                .iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .collect(),
            unknown: settings.unknown_country,
            refused: Mutex::new(BTreeMap::new()),
        }
    }

    /// Whether a client in `country` may write.
    pub fn check_write(&self, country: Option<&str>) -> Result<(), ServiceError> {
        if self.allowed.is_empty() {
            return Ok(());
        }
        // Cloudflare says `XX` for unknown and `T1` for Tor.
        let country = country
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| c.len() == 2 && c != "XX");
        let allowed = match &country {
            Some(c) => self.allowed.contains(c),
            None => self.unknown == UnknownCountry::Allow,
        };
        if allowed {
            return Ok(());
        }
        let label = country.unwrap_or_else(|| "unknown".into());
        *self
            .refused
            .lock()
            .expect("region counters")
            .entry(label)
            .or_default() += 1;
        Err(ServiceError::Forbidden {
            code: ProblemCode::RegionNotServed,
            detail:
                "this service takes sign-ups and applications from the countries it serves only; \
                     you can still browse the missions"
                    .into(),
        })
    }

    /// Refused writes so far, by country.
    pub fn refused(&self) -> BTreeMap<String, u64> {
        self.refused.lock().expect("region counters").clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(countries: &[&str], unknown: UnknownCountry) -> RegionPolicy {
        RegionPolicy::from_settings(&EdgeSettings {
            country_header: "cf-ipcountry".into(),
            write_countries: countries.iter().map(|c| c.to_string()).collect(),
            unknown_country: unknown,
        })
    }

    #[test]
    fn an_empty_list_serves_everyone() {
        let p = policy(&[], UnknownCountry::Refuse);
        assert!(p.check_write(Some("US")).is_ok());
        assert!(p.check_write(None).is_ok());
    }

    #[test]
    fn listed_countries_write_and_others_are_counted() {
        let p = policy(&["fr", "RE"], UnknownCountry::Allow);
        assert!(p.check_write(Some("FR")).is_ok());
        assert!(p.check_write(Some("re")).is_ok());
        assert!(p.check_write(Some("US")).is_err());
        assert!(p.check_write(Some("XX")).is_ok(), "unknown: allowed");
        assert!(p.check_write(None).is_ok());
        assert_eq!(p.refused().get("US"), Some(&1));
        let strict = policy(&["FR"], UnknownCountry::Refuse);
        assert!(strict.check_write(None).is_err());
        assert_eq!(strict.refused().get("unknown"), Some(&1));
    }
}
