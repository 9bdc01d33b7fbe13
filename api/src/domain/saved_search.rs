//! A saved search: what a volunteer wants to hear of when nothing near
//! them fits tonight. Once a day at most, an alert lists the missions
//! published since the last one that match it; each mission is told once.
//!
//! Its criteria are a subset of the partner feed's filters, and are
//! matched by the same code (`FeedFilter`), so "matches" means one thing.

use serde::{Deserialize, Serialize};

use super::eligibility::Accessibility;
use super::feed::FeedFilter;
use super::validation::{invalid, one_line, Errors, FieldError};

/// Searches one person may keep.
pub const MAX_PER_ACCOUNT: i64 = 10;
/// Missions one alert lists; more are said as a count.
pub const MAX_LISTED: usize = 10;
const MAX_WORDS: usize = 200;
const MAX_DOMAINS: usize = 10;
const MAX_RADIUS_KM: f64 = 200.0;

/// A centre and a radius: missions with an address within it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Around {
    #[schema(example = 45.7676)]
    pub latitude: f64,
    #[schema(example = 4.8357)]
    pub longitude: f64,
    /// From 1 to 200 km.
    #[schema(example = 15.0, minimum = 1, maximum = 200)]
    pub radius_km: f64,
    /// How the person named the place, repeated in the alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Lyon", max_length = 100)]
    pub label: Option<String>,
}

/// What a saved search asks for; every criterion given must hold, and at
/// least one is given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// Words every mission holds in its title or description, case and
    /// accents ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "soutien scolaire", max_length = 200)]
    pub words: Option<String>,
    /// Any of these domains (slugs of `GET /v1/reference/domains`).
    #[serde(default)]
    #[schema(example = json!(["education"]))]
    pub domains: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub around: Option<Around>,
    /// Flags that must all hold.
    #[serde(default)]
    pub accessibility: Vec<Accessibility>,
}

impl Criteria {
    /// Trimmed, deduplicated and checked; errors name the field
    /// (`around.radius_km`, `domains`…).
    pub fn validate(self) -> Result<Criteria, Vec<FieldError>> {
        let mut errors = Errors::new();
        let words = match self.words.filter(|w| !w.trim().is_empty()) {
            Some(w) => errors.check("words", one_line(&w, 1, MAX_WORDS)),
            None => None,
        };
        let (domains, unknown) = super::taxonomy::domain_list(self.domains);
        if domains.len() > MAX_DOMAINS {
            errors.push(
                "domains",
                invalid("too_many", format!("at most {MAX_DOMAINS} domains")),
            );
        }
        if let Some(unknown) = unknown {
            errors.push("domains", unknown);
        }
        let around = self.around.and_then(|a| {
            if !(-90.0..=90.0).contains(&a.latitude) {
                errors.push("around.latitude", invalid("out_of_range", "from -90 to 90"));
            }
            if !(-180.0..=180.0).contains(&a.longitude) {
                errors.push(
                    "around.longitude",
                    invalid("out_of_range", "from -180 to 180"),
                );
            }
            if !(1.0..=MAX_RADIUS_KM).contains(&a.radius_km) {
                errors.push(
                    "around.radius_km",
                    invalid("out_of_range", format!("from 1 to {MAX_RADIUS_KM} km")),
                );
            }
            let label = match a.label.filter(|l| !l.trim().is_empty()) {
                Some(l) => Some(errors.check("around.label", one_line(&l, 1, 100))?),
                None => None,
            };
            Some(Around { label, ..a })
        });
        let mut accessibility = self.accessibility;
        accessibility.sort_by_key(|f| f.as_str());
        accessibility.dedup();
        let criteria = Criteria {
            words,
            domains,
            around,
            accessibility,
        };
        if errors.is_empty() && criteria == Criteria::default() {
            errors.push(
                "words",
                invalid(
                    "required",
                    "a saved search needs words, a domain, a place or a flag",
                ),
            );
        }
        errors.finish(|| criteria)
    }

    /// The filter that decides whether a mission matches.
    pub fn filter(&self) -> FeedFilter {
        FeedFilter {
            words: self
                .words
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            domains: self.domains.clone(),
            near: self
                .around
                .as_ref()
                .map(|a| (a.latitude, a.longitude, a.radius_km)),
            accessibility: self.accessibility.clone(),
            ..FeedFilter::default()
        }
    }

    /// A few words for the alert: "soutien scolaire, education, à 15 km
    /// de Lyon".
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(w) = &self.words {
            parts.push(format!("« {w} »"));
        }
        parts.extend(self.domains.iter().map(|d| {
            super::taxonomy::domain_by_slug(d).map_or_else(|| d.clone(), |m| m.label.to_owned())
        }));
        if let Some(a) = &self.around {
            parts.push(match &a.label {
                Some(l) => format!("à {} km de {l}", a.radius_km),
                None => format!("dans un rayon de {} km", a.radius_km),
            });
        }
        parts.extend(self.accessibility.iter().map(|f| f.label().to_owned()));
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: Vec<FieldError>) -> Vec<(String, String)> {
        e.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn criteria_are_trimmed_and_deduplicated_and_bad_ones_named() {
        let c = Criteria {
            words: Some("  soutien scolaire ".into()),
            domains: vec!["education".into(), "education".into()],
            around: Some(Around {
                latitude: 45.76,
                longitude: 4.83,
                radius_km: 15.0,
                label: Some(" ".into()),
            }),
            accessibility: vec![],
        }
        .validate()
        .unwrap();
        assert_eq!(c.words.as_deref(), Some("soutien scolaire"));
        assert_eq!(c.domains, ["education"]);
        assert_eq!(c.around.as_ref().unwrap().label, None);

        let bad = Criteria {
            words: Some("x".repeat(201)),
            domains: vec!["astrology".into()],
            around: Some(Around {
                latitude: 95.0,
                longitude: 4.83,
                radius_km: 500.0,
                label: None,
            }),
            accessibility: vec![],
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            fields(bad),
            [
                ("words".into(), "too_long".into()),
                ("domains".into(), "unknown_value".into()),
                ("around.latitude".into(), "out_of_range".into()),
                ("around.radius_km".into(), "out_of_range".into()),
            ]
        );
        // Nothing asked: it would match everything, every day.
        assert_eq!(
            fields(Criteria::default().validate().unwrap_err()),
            [("words".into(), "required".into())]
        );
    }

    #[test]
    fn the_filter_and_the_summary_say_the_same_criteria() {
        let c = Criteria {
            words: Some("soutien scolaire".into()),
            domains: vec!["education".into()],
            around: Some(Around {
                latitude: 45.76,
                longitude: 4.83,
                radius_km: 15.0,
                label: Some("Lyon".into()),
            }),
            accessibility: vec![Accessibility::ReducedMobility],
        };
        let f = c.filter();
        assert_eq!(f.words, ["soutien", "scolaire"]);
        assert_eq!(f.domains, ["education"]);
        assert_eq!(f.near, Some((45.76, 4.83, 15.0)));
        assert_eq!(f.accessibility, [Accessibility::ReducedMobility]);
        let s = c.summary();
        assert!(s.starts_with("« soutien scolaire », "), "{s}");
        assert!(s.contains("à 15 km de Lyon"), "{s}");
    }
}
