//! The SQL both search paths speak: the dialect, numbered parameters, the
//! WHERE conditions of a search and its facet filters. `builtin` counts
//! exactly with it; `counts` sums what the worker keeps.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sqlx::types::Json;

use super::query::{Facet, SearchQuery};
use crate::domain::geo::unit_vector;
use crate::store::Handle;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Postgres,
    Sqlite,
}

/// A query parameter of either backend.
pub(super) enum Param {
    Text(String),
    Float(f64),
    Int(i64),
    Date(NaiveDate),
    Strings(Json<Vec<String>>),
    Uuid(uuid::Uuid),
}

/// SQL under construction, with its numbered parameters.
pub(super) struct Sql {
    pub(super) dialect: Dialect,
    pub(super) params: Vec<Param>,
    /// PostgreSQL: the text query, once the person's words are bound.
    text_query: Option<String>,
}

impl Sql {
    pub(super) fn new(dialect: Dialect) -> Self {
        Sql {
            dialect,
            params: Vec::new(),
            text_query: None,
        }
    }

    /// Binds the person's words as a PostgreSQL text query, written where
    /// it is used (the match and the rank): a text query joined in as a
    /// row of its own is a join value, which the generic plan of a kept
    /// statement does not look up in the GIN index.
    pub(super) fn bind_text_query(&mut self, text: &str) -> String {
        let p = self.param(Param::Text(text.to_owned()));
        let query = format!("websearch_to_tsquery('renfort_fr', {p})");
        self.text_query = Some(query.clone());
        query
    }

    pub(super) fn param(&mut self, p: Param) -> String {
        self.params.push(p);
        format!("${}", self.params.len())
    }

    /// `IN (…)` over a list of values.
    ///
    /// On PostgreSQL a list of plain slugs and codes is written into the
    /// statement as an array literal: the planner then sees the values and
    /// reads a tenth of the missions through an index instead of all of
    /// them (a list bound as a parameter hides them). Anything else, and
    /// every list on SQLite, is bound as one JSON parameter.
    pub(super) fn in_list(&mut self, values: Vec<String>) -> String {
        if self.dialect == Dialect::Postgres && values.iter().all(|v| is_plain(v)) {
            let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
            return format!("= ANY(ARRAY[{}]::text[])", quoted.join(", "));
        }
        let p = self.param(Param::Strings(Json(values)));
        match self.dialect {
            Dialect::Postgres => format!("IN (SELECT jsonb_array_elements_text({p}::jsonb))"),
            Dialect::Sqlite => format!("IN (SELECT value FROM json_each({p}))"),
        }
    }

    /// A table of the strings of a JSON array column, as `s(value)`.
    pub(super) fn elements(&self, column: &str) -> String {
        match self.dialect {
            Dialect::Postgres => format!("jsonb_array_elements_text({column}) AS s(value)"),
            Dialect::Sqlite => format!("json_each({column}) AS s"),
        }
    }
}

/// A value safe to write into a statement as a literal: 1 to 64 ASCII
/// letters, digits, `_` or `-` (every slug, department code and format),
/// so that no quote or other SQL can get in.
pub(super) fn is_plain(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The condition of `facet`'s own filter, when the query sets it.
pub(super) fn facet_filter(q: &SearchQuery, sql: &mut Sql, facet: Facet) -> Option<String> {
    match facet {
        Facet::Domain if !q.domains.is_empty() => {
            Some(format!("m.domain {}", sql.in_list(q.domains.clone())))
        }
        Facet::Department if !q.departments.is_empty() => Some(format!(
            "m.department {}",
            sql.in_list(q.departments.clone())
        )),
        Facet::Format if !q.formats.is_empty() => {
            let formats = q.formats.iter().map(|f| f.as_str().to_owned()).collect();
            Some(format!("m.format {}", sql.in_list(formats)))
        }
        Facet::Skills if !q.skills.is_empty() => {
            let list = sql.in_list(q.skills.clone());
            Some(format!(
                "EXISTS (SELECT 1 FROM {} WHERE s.value {list})",
                sql.elements("m.skills")
            ))
        }
        Facet::Audience if !q.audiences.is_empty() => {
            let values = q
                .audiences
                .iter()
                .map(|a| {
                    serde_json::to_value(a)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                })
                .collect();
            let list = sql.in_list(values);
            Some(format!(
                "EXISTS (SELECT 1 FROM {} WHERE s.value {list})",
                sql.elements("m.audience")
            ))
        }
        Facet::Accessibility if !q.accessibility.is_empty() => {
            let every: Vec<String> = q
                .accessibility
                .iter()
                .map(|flag| {
                    let one = sql.in_list(vec![flag.as_str().to_owned()]);
                    format!(
                        "EXISTS (SELECT 1 FROM {} WHERE s.value {one})",
                        sql.elements("m.accessibility")
                    )
                })
                .collect();
            Some(every.join(" AND "))
        }
        _ => None,
    }
}

/// The WHERE conditions, leaving out the own filters of the facets in
/// `skip` (disjunctive facets).
pub(super) fn conditions(q: &SearchQuery, sql: &mut Sql, skip: &[Facet]) -> Vec<String> {
    let mut c = vec![
        "m.state = 'published'".to_owned(),
        "o.state = 'approved'".to_owned(),
        "m.registration_open".to_owned(),
    ];
    if let Some(query) = &sql.text_query {
        c.push(format!("m.search_vector @@ {query}"));
    }
    for facet in [
        Facet::Domain,
        Facet::Department,
        Facet::Format,
        Facet::Skills,
        Facet::Audience,
        Facet::Accessibility,
    ] {
        if !skip.contains(&facet) {
            c.extend(facet_filter(q, sql, facet));
        }
    }
    if q.has_places {
        c.push("m.places_taken < m.capacity".to_owned());
    }
    if let Some(org) = q.organization {
        let p = sql.param(Param::Uuid(org.id));
        c.push(if org.with_branches {
            format!(
                "(m.organization_id = {p} OR m.organization_id IN
                   (SELECT b.branch_id FROM network_branches b WHERE b.head_id = {p} AND b.state = 'active'))"
            )
        } else {
            format!("m.organization_id = {p}")
        });
    }
    if let Some(from) = q.from {
        let p = sql.param(Param::Date(from));
        c.push(format!("(m.end_date IS NULL OR m.end_date >= {p})"));
    }
    if let Some(until) = q.until {
        let p = sql.param(Param::Date(until));
        c.push(format!("(m.start_date IS NULL OR m.start_date <= {p})"));
    }
    // The radius is a join of the FROM clause (`builtin::within_radius`).
    c
}

/// The squared chord from the centre to address `a`.
pub(super) fn chord_expr(sql: &mut Sql, latitude: f64, longitude: f64) -> String {
    let [x, y, z] = unit_vector(latitude, longitude);
    let (px, py, pz) = (
        sql.param(Param::Float(x)),
        sql.param(Param::Float(y)),
        sql.param(Param::Float(z)),
    );
    format!(
        "((a.x - {px}) * (a.x - {px}) + (a.y - {py}) * (a.y - {py}) + (a.z - {pz}) * (a.z - {pz}))"
    )
}

/// Binds a search statement's parameters. The statement is not kept
/// prepared: PostgreSQL plans a kept statement once for any parameters
/// after a few runs (a generic plan), and for a search the best plan
/// depends on them (a rare word with a wide radius wants the text index
/// first, a common one the addresses); a generic plan took 60 to 90 ms
/// on searches that find nothing, planned for their own words in 1.
macro_rules! bind_all {
    ($query:expr, $params:expr) => {{
        let mut q = $query.persistent(false);
        for p in $params {
            q = match p {
                Param::Text(v) => q.bind(v),
                Param::Float(v) => q.bind(v),
                Param::Int(v) => q.bind(v),
                Param::Date(v) => q.bind(v),
                Param::Strings(v) => q.bind(v),
                Param::Uuid(v) => q.bind(v),
            };
        }
        q
    }};
}
pub(super) use bind_all;

pub(super) fn dialect_of(h: &Handle<'_>) -> Dialect {
    match h {
        Handle::Postgres(_) => Dialect::Postgres,
        Handle::Sqlite(_) => Dialect::Sqlite,
    }
}

/// Whether the query filters on `facet`'s own field.
pub(super) fn filters_on(q: &SearchQuery, facet: Facet) -> bool {
    match facet {
        Facet::Domain => !q.domains.is_empty(),
        Facet::Department => !q.departments.is_empty(),
        Facet::Format => !q.formats.is_empty(),
        Facet::Skills => !q.skills.is_empty(),
        Facet::Audience => !q.audiences.is_empty(),
        // Conjunctive: never left out of its own counts.
        Facet::Accessibility => false,
    }
}

pub(super) type FacetCounts = BTreeMap<String, BTreeMap<String, u64>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_values_are_written_as_literals() {
        for plain in ["health", "2A", "on_site", "food-bank", "971"] {
            assert!(is_plain(plain), "{plain}");
        }
        for unsafe_value in [
            "",
            "a'b",
            "x); DROP TABLE missions; --",
            "é",
            "a b",
            "a\\b",
            &"x".repeat(65),
        ] {
            assert!(!is_plain(unsafe_value), "{unsafe_value}");
        }
        let mut sql = Sql::new(Dialect::Postgres);
        assert_eq!(
            sql.in_list(vec!["health".into(), "sport".into()]),
            "= ANY(ARRAY['health', 'sport']::text[])"
        );
        assert!(sql.params.is_empty());
        assert!(sql
            .in_list(vec!["health".into(), "it's".into()])
            .contains("jsonb_array_elements_text($1::jsonb)"));
        let mut sqlite = Sql::new(Dialect::Sqlite);
        assert!(sqlite
            .in_list(vec!["health".into()])
            .contains("json_each($1)"));
    }
}
