//! The search port's types: what is asked, what comes back. The built-in
//! engine and the Algolia adapter answer the same questions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::eligibility::Accessibility;
use crate::domain::mission::{Audience, Format};

pub const MAX_PER_PAGE: u32 = 50;

/// Facets the SPA can count, for its multi-select filters.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    Domain,
    Skills,
    Department,
    Format,
    Audience,
    /// The accessibility flags (`reduced_mobility`, `public_transport`,
    /// `open_to_minors`). Its filter is conjunctive (every flag asked for
    /// must hold), so its counts are taken under every filter: each says
    /// what adding that flag leaves.
    Accessibility,
}

impl Facet {
    pub const ALL: &'static [Facet] = &[
        Facet::Domain,
        Facet::Skills,
        Facet::Department,
        Facet::Format,
        Facet::Audience,
        Facet::Accessibility,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Domain => "domain",
            Facet::Skills => "skills",
            Facet::Department => "department",
            Facet::Format => "format",
            Facet::Audience => "audience",
            Facet::Accessibility => "accessibility",
        }
    }

    pub fn parse(v: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.as_str() == v)
    }
}

impl SearchQuery {
    /// The cache key of this search: two spellings of one search (another
    /// parameter order, case or spacing of the words, repeated values)
    /// share it, so they share one computation.
    pub fn cache_key(&self) -> String {
        let mut q = self.clone();
        q.text = q.text.map(|t| {
            t.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ")
        });
        for list in [&mut q.domains, &mut q.skills, &mut q.departments] {
            list.sort();
            list.dedup();
        }
        q.accessibility.sort();
        q.accessibility.dedup();
        format!("search:{}", serde_json::to_string(&q).unwrap_or_default())
    }
}

/// An organisation whose missions a search keeps, with its network's
/// branches' when it heads one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OrganizationScope {
    pub id: Uuid,
    pub with_branches: bool,
}

/// A centre with an optional radius ("anywhere" when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Around {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: Option<f64>,
}

/// One search. Within a facet, values combine with OR; across facets, AND.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchQuery {
    pub text: Option<String>,
    pub domains: Vec<String>,
    pub skills: Vec<String>,
    pub departments: Vec<String>,
    pub formats: Vec<Format>,
    pub audiences: Vec<Audience>,
    /// Flags that must all hold.
    pub accessibility: Vec<Accessibility>,
    pub has_places: bool,
    /// One organisation's missions (and its network's branches'): a
    /// widget's reach. The built-in engine alone reads it.
    pub organization: Option<OrganizationScope>,
    /// Missions happening during this window (undated ones included).
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub around: Option<Around>,
    /// Zero-based, like Algolia.
    pub page: u32,
    pub per_page: u32,
    pub facets: Vec<Facet>,
}

/// A mission in a result: what a list of results shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: Uuid,
    pub title: String,
    pub organization_name: String,
    pub domain: String,
    pub skills: Vec<String>,
    pub format: Format,
    /// Of the address nearest the centre (the first without a centre).
    pub city: Option<String>,
    pub department: Option<String>,
    /// Kilometres from the centre to the nearest address.
    pub distance_km: Option<f64>,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    pub places_left: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub total_hits: u64,
    pub page: u32,
    pub pages: u32,
    pub per_page: u32,
    /// Facet → value → count. Disjunctive: a facet's counts ignore that
    /// facet's own filter, so a multi-select shows what adding a value gives.
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
    pub processing_time_ms: u64,
}
