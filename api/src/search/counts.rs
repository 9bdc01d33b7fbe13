//! Counts kept ahead. A search without text or place that matches most of
//! the missions (the first page anyone sees on the night) would count tens
//! of thousands of rows for its total and facets. The worker keeps those
//! counts instead, split by domain, moderating department, format and
//! whether places are left, and by each skill and audience within a domain
//! (a finer split would be tens of thousands of rows, as slow to sum as
//! the missions are to count), refreshed every `search.counts_refresh_secs`;
//! such a search sums a few hundred of them and reads its page from an
//! index. Searches with fewer hits than `search.counts_from_hits`, or with
//! text, a place, dates, a skill, audience or accessibility filter, or
//! list facets (skills, audience, accessibility) beside a department or
//! format filter, are counted exactly.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::query::{Facet, SearchQuery};
use super::sql::{bind_all, conditions, dialect_of, filters_on, Dialect, FacetCounts, Param, Sql};
use crate::on_handle;
use crate::store::{Db, Handle, StoreError};

/// When the kept counts may serve a search.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub from_hits: i64,
    pub max_age: chrono::Duration,
}

impl Policy {
    pub fn from_settings(s: &crate::config::SearchSettings) -> Self {
        Policy {
            from_hits: s.counts_from_hits,
            max_age: chrono::Duration::seconds(s.counts_max_age_secs),
        }
    }
}

const SEARCHABLE: &str = "FROM missions m JOIN organizations o ON o.id = m.organization_id
     WHERE m.state = 'published' AND o.state = 'approved' AND m.registration_open";

/// Recounts every searchable mission into `search_counts`, in one
/// transaction (replicas' workers take turns on PostgreSQL).
pub async fn refresh(db: &Db, now: DateTime<Utc>) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let dialect = dialect_of(&tx.h());
    if dialect == Dialect::Postgres {
        on_handle!(tx.h(), c => sqlx::query("SELECT pg_advisory_xact_lock(726175616)")
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        // Enough memory to group in a hash table, not on disk.
        on_handle!(tx.h(), c => sqlx::query("SET LOCAL work_mem = '64MB'")
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    let sql = Sql::new(dialect);
    let split = "m.domain, m.department, m.format, m.places_taken < m.capacity";
    let mut statements = vec![
        "DELETE FROM search_counts".to_owned(),
        format!(
            "INSERT INTO search_counts (domain, department, format, has_places, facet, value, n)
             SELECT {split}, '', '', COUNT(*) {SEARCHABLE} GROUP BY {split}"
        ),
    ];
    let coarse = "m.domain, m.places_taken < m.capacity";
    for list in ["skills", "audience", "accessibility"] {
        let searchable = SEARCHABLE.replacen(
            "WHERE",
            &format!("CROSS JOIN {} WHERE", sql.elements(&format!("m.{list}"))),
            1,
        );
        statements.push(format!(
            "INSERT INTO search_counts (domain, department, format, has_places, facet, value, n)
             SELECT m.domain, '*', '*', m.places_taken < m.capacity, '{list}', s.value, COUNT(*)
             {searchable} GROUP BY {coarse}, s.value"
        ));
    }
    for statement in statements {
        on_handle!(tx.h(), c => sqlx::query(&statement).execute(c).await.map(|r| r.rows_affected()))?;
    }
    on_handle!(tx.h(), c => sqlx::query(
        "INSERT INTO search_counts_refreshed (id, refreshed_at) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at",
    )
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(())
}

/// Whether the query's filters (and, for its list facets, its filters
/// beside the domain) are columns the counts are split by.
fn eligible(q: &SearchQuery) -> bool {
    let list_facets = q
        .facets
        .iter()
        .any(|f| matches!(f, Facet::Skills | Facet::Audience | Facet::Accessibility));
    q.text.as_deref().is_none_or(|t| t.trim().is_empty())
        && q.around.is_none()
        && q.from.is_none()
        && q.until.is_none()
        && q.skills.is_empty()
        && q.audiences.is_empty()
        && q.accessibility.is_empty()
        && !(list_facets && (!q.departments.is_empty() || !q.formats.is_empty()))
}

/// The conditions on `search_counts` rows for the query's filters, less
/// `skip`'s own (disjunctive facets).
fn filters(q: &SearchQuery, sql: &mut Sql, skip: Option<Facet>) -> Vec<String> {
    let mut c = Vec::new();
    if !q.domains.is_empty() && skip != Some(Facet::Domain) {
        c.push(format!("domain {}", sql.in_list(q.domains.clone())));
    }
    if !q.departments.is_empty() && skip != Some(Facet::Department) {
        c.push(format!("department {}", sql.in_list(q.departments.clone())));
    }
    if !q.formats.is_empty() && skip != Some(Facet::Format) {
        let formats = q.formats.iter().map(|f| f.as_str().to_owned()).collect();
        c.push(format!("format {}", sql.in_list(formats)));
    }
    if q.has_places {
        c.push("has_places".to_owned());
    }
    c
}

fn and(mut c: Vec<String>, first: String) -> String {
    c.insert(0, first);
    c.join(" AND ")
}

/// The total and facet counts of `q` from the kept counts, when the query
/// may use them, they are fresh, and they say it has many hits; `None`
/// sends the search to its exact count.
pub async fn lookup(
    h: Handle<'_>,
    q: &SearchQuery,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<Option<(i64, FacetCounts)>, StoreError> {
    if !eligible(q) {
        return Ok(None);
    }
    let mut h = h;
    let refreshed: Option<DateTime<Utc>> = on_handle!(h.reborrow(), c => sqlx::query_scalar(
        "SELECT refreshed_at FROM search_counts_refreshed WHERE id = 1",
    )
    .fetch_optional(c)
    .await)?;
    if refreshed.is_none_or(|at| now - at > policy.max_age) {
        return Ok(None);
    }
    let mut sql = Sql::new(dialect_of(&h));
    let mut parts = vec![format!(
        "SELECT '' AS facet, '' AS value, CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM search_counts WHERE {}",
        and(filters(q, &mut sql, None), "facet = ''".into())
    )];
    let mut wanted: Vec<Facet> = q.facets.clone();
    wanted.sort_by_key(|f| f.as_str());
    wanted.dedup();
    for facet in &wanted {
        // A facet filtered on its own field counts without that filter.
        let skip = filters_on(q, *facet).then_some(*facet);
        let name = facet.as_str();
        parts.push(match facet {
            Facet::Domain | Facet::Department | Facet::Format => {
                let column = match facet {
                    Facet::Domain => "domain",
                    Facet::Department => "department",
                    _ => "format",
                };
                format!(
                    "SELECT '{name}', {column}, CAST(SUM(n) AS BIGINT) FROM search_counts WHERE {} GROUP BY {column}",
                    and(filters(q, &mut sql, skip), "facet = ''".into())
                )
            }
            Facet::Skills | Facet::Audience | Facet::Accessibility => format!(
                "SELECT '{name}', value, CAST(SUM(n) AS BIGINT) FROM search_counts WHERE {} GROUP BY value",
                and(filters(q, &mut sql, skip), format!("facet = '{name}'"))
            ),
        });
    }
    let statement = parts.join(" UNION ALL ");
    let params = std::mem::take(&mut sql.params);
    let rows: Vec<(String, String, i64)> = on_handle!(h, c => bind_all!(sqlx::query_as::<_, (String, String, i64)>(&statement), params).fetch_all(c).await)?;
    let mut total = 0;
    let mut facets: FacetCounts = wanted
        .iter()
        .map(|f| (f.as_str().to_owned(), BTreeMap::new()))
        .collect();
    for (facet, value, n) in rows {
        if facet.is_empty() {
            total = n;
        } else if let Some(counts) = facets.get_mut(&facet) {
            if n > 0 {
                counts.insert(value, n as u64);
            }
        }
    }
    if total < policy.from_hits {
        return Ok(None);
    }
    Ok(Some((total, facets)))
}

/// The ids of a page of an eligible search, in its order (soonest start,
/// then id): read from `missions_searchable_start`, stopping at the page.
pub async fn page(
    h: Handle<'_>,
    q: &SearchQuery,
    limit: i64,
    offset: i64,
) -> Result<Vec<uuid::Uuid>, StoreError> {
    let mut sql = Sql::new(dialect_of(&h));
    let wheres = conditions(q, &mut sql, &[]);
    let limit = sql.param(Param::Int(limit));
    let offset = sql.param(Param::Int(offset));
    let statement = format!(
        "SELECT m.id FROM missions m JOIN organizations o ON o.id = m.organization_id WHERE {}
         ORDER BY m.start_date ASC NULLS LAST, m.id ASC LIMIT {limit} OFFSET {offset}",
        wheres.join(" AND ")
    );
    let params = std::mem::take(&mut sql.params);
    Ok(
        on_handle!(h, c => bind_all!(sqlx::query_scalar::<_, uuid::Uuid>(&statement), params).fetch_all(c).await)?,
    )
}
