//! The partner feed's filters, as the national mission hub offers them:
//! words, domain, skills, department, place and radius, format, open to
//! minors, accessibility flags, start date. A change that no longer matches reaches the
//! partner as a tombstone, so that a filtered mirror stays equal to the
//! filtered truth.

use chrono::NaiveDate;

use super::eligibility::Accessibility;
use super::geo::haversine_km;
use super::mission::Format;
use super::place::Address;

/// What a mirror wants to hold.
#[derive(Debug, Clone, Default)]
pub struct FeedFilter {
    /// Every word must appear in the title or description (case and
    /// accents ignored).
    pub words: Vec<String>,
    /// At least one of these domains.
    pub domains: Vec<String>,
    /// At least one of these skills.
    pub skills: Vec<String>,
    pub department: Option<String>,
    /// (latitude, longitude, radius in km): an address within it.
    pub near: Option<(f64, f64, f64)>,
    pub format: Option<Format>,
    /// Open to people under 18.
    pub open_to_minors: Option<bool>,
    /// Every one of these flags.
    pub accessibility: Vec<Accessibility>,
    /// Starting on or after this day (undated missions are kept).
    pub starting_after: Option<NaiveDate>,
}

/// The parts of a mission the filters read.
pub struct FeedMission<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub domain: &'a str,
    pub skills: &'a [String],
    pub format: Format,
    pub department: &'a str,
    pub addresses: &'a [Address],
    pub minimum_age: i32,
    pub accessibility: &'a [Accessibility],
    pub start_date: Option<NaiveDate>,
}

/// Lowercase, without French diacritics: "Éducation" and "education" meet.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' => 'y',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

impl FeedFilter {
    pub fn matches(&self, m: &FeedMission<'_>) -> bool {
        if !self.words.is_empty() {
            let text = fold(&format!("{} {}", m.title, m.description));
            if !self.words.iter().all(|w| text.contains(&fold(w))) {
                return false;
            }
        }
        if !self.domains.is_empty() && !self.domains.iter().any(|d| d == m.domain) {
            return false;
        }
        if !self.skills.is_empty() && !self.skills.iter().any(|s| m.skills.contains(s)) {
            return false;
        }
        if let Some(d) = &self.department {
            if m.department != d && !m.addresses.iter().any(|a| &a.department == d) {
                return false;
            }
        }
        if let Some((lat, lng, km)) = self.near {
            if !m
                .addresses
                .iter()
                .any(|a| haversine_km((lat, lng), (a.latitude, a.longitude)) <= km)
            {
                return false;
            }
        }
        if self.format.is_some_and(|f| f != m.format) {
            return false;
        }
        if let Some(minors) = self.open_to_minors {
            if (m.minimum_age < 18) != minors {
                return false;
            }
        }
        if !self
            .accessibility
            .iter()
            .all(|flag| m.accessibility.contains(flag))
        {
            return false;
        }
        if let (Some(after), Some(start)) = (self.starting_after, m.start_date) {
            if start < after {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lyon() -> Address {
        Address {
            line: None,
            postcode: "69001".into(),
            city: "Lyon".into(),
            department: "69".into(),
            latitude: 45.7676,
            longitude: 4.8357,
        }
    }

    fn mission<'a>(addresses: &'a [Address], skills: &'a [String]) -> FeedMission<'a> {
        FeedMission {
            title: "Soutien scolaire à Lyon",
            description: "Aider des élèves de collège en mathématiques.",
            domain: "education",
            skills,
            format: Format::OnSite,
            department: "69",
            addresses,
            minimum_age: 16,
            accessibility: &[Accessibility::ReducedMobility, Accessibility::OpenToMinors],
            start_date: NaiveDate::from_ymd_opt(2027, 1, 10),
        }
    }

    #[test]
    fn every_filter_keeps_what_matches_and_drops_what_does_not() {
        let addresses = [lyon()];
        let skills = vec!["teaching".to_owned()];
        let m = mission(&addresses, &skills);
        let keeps = |f: FeedFilter| f.matches(&m);
        assert!(keeps(FeedFilter::default()));
        assert!(!keeps(FeedFilter {
            words: vec!["eleves".into(), "MATHS".into()],
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            words: vec!["élèves".into(), "mathématiques".into()],
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            words: vec!["eleves".into()],
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            domains: vec!["sport".into()],
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            domains: vec!["sport".into(), "education".into()],
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            skills: vec!["cooking".into(), "teaching".into()],
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            skills: vec!["cooking".into()],
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            department: Some("69".into()),
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            department: Some("75".into()),
            ..Default::default()
        }));
        // Villeurbanne is 5 km away; Paris 390.
        assert!(keeps(FeedFilter {
            near: Some((45.7719, 4.8902, 10.0)),
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            near: Some((48.8566, 2.3522, 50.0)),
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            format: Some(Format::Remote),
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            accessibility: vec![Accessibility::ReducedMobility, Accessibility::OpenToMinors],
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            accessibility: vec![
                Accessibility::ReducedMobility,
                Accessibility::PublicTransport
            ],
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            open_to_minors: Some(true),
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            open_to_minors: Some(false),
            ..Default::default()
        }));
        assert!(keeps(FeedFilter {
            starting_after: NaiveDate::from_ymd_opt(2027, 1, 1),
            ..Default::default()
        }));
        assert!(!keeps(FeedFilter {
            starting_after: NaiveDate::from_ymd_opt(2027, 2, 1),
            ..Default::default()
        }));
    }
}
