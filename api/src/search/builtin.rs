//! The built-in search engine: SQL over the mission tables, PostgreSQL
//! full-text (French stemming, accents folded, GIN) or SQLite FTS5
//! (accents folded, prefix matching), geo radius by bounding box plus the
//! exact chord, disjunctive facets counted in SQL.
//!
//! It reads the tables directly rather than an index of its own, so it is
//! never stale; `search_index` jobs only refresh caches.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use sqlx::types::Json;
use uuid::Uuid;

use super::query::{Facet, Hit, SearchQuery, SearchResult};
use super::sql::{
    bind_all, chord_expr, conditions, dialect_of, facet_filter, filters_on, Dialect, FacetCounts,
    Param, Sql,
};
use crate::domain::geo::{bounding_box, chord_squared, haversine_km};
use crate::domain::mission::Format;
use crate::on_handle;
use crate::store::{missions, Db, Handle, StoreError};

/// SQLite FTS5 query: each word a quoted prefix, all required. Quoting
/// keeps FTS syntax characters from the person's text.
fn fts5_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The FROM clause (with the text match when there is text, and the
/// addresses within the radius when there is one) and the relevance
/// expression (higher is better).
fn from_clause(q: &SearchQuery, sql: &mut Sql) -> (String, Option<String>) {
    let mut base = "missions m JOIN organizations o ON o.id = m.organization_id".to_owned();
    if let Some(near) = within_radius(q, sql) {
        base.push_str(&near);
    }
    let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return (base, None);
    };
    match sql.dialect {
        Dialect::Postgres => {
            let query = sql.bind_text_query(text);
            (
                base,
                Some(format!("ts_rank_cd(m.search_vector, {query})::float8")),
            )
        }
        Dialect::Sqlite => {
            // A text with no word at all matches nothing.
            let p = sql.param(Param::Text(
                fts5_query(text).unwrap_or_else(|| "\"\"".into()),
            ));
            (
                format!(
                    "{base} JOIN (SELECT rowid AS fts_rowid, bm25(missions_fts, 4.0, 1.0) AS score
                                  FROM missions_fts WHERE missions_fts MATCH {p}) f ON f.fts_rowid = m.rowid"
                ),
                Some("(-f.score)".to_owned()),
            )
        }
    }
}

/// The missions with an address within the radius, and their nearest
/// one's squared chord (`near.d`): one pass over the addresses of the
/// bounding box gives both, where a lookup per mission for the distance
/// cost a third of a 6,000-hit search.
fn within_radius(q: &SearchQuery, sql: &mut Sql) -> Option<String> {
    let around = q.around?;
    let km = around.radius_km?;
    let (min_lat, max_lat, min_lon, max_lon) = bounding_box(around.latitude, around.longitude, km);
    let chord = chord_expr(sql, around.latitude, around.longitude);
    let bounds: Vec<String> = [min_lat, max_lat, min_lon, max_lon]
        .into_iter()
        .map(|v| sql.param(Param::Float(v)))
        .collect();
    let limit = sql.param(Param::Float(chord_squared(km)));
    Some(format!(
        " JOIN (SELECT a.mission_id, MIN({chord}) AS d FROM mission_addresses a
                WHERE a.latitude BETWEEN {} AND {} AND a.longitude BETWEEN {} AND {} AND {chord} <= {limit}
                GROUP BY a.mission_id) near ON near.mission_id = m.id",
        bounds[0], bounds[1], bounds[2], bounds[3]
    ))
}

#[derive(sqlx::FromRow)]
struct HitRow {
    id: Uuid,
    title: String,
    organization_name: String,
    domain: String,
    skills: Json<Vec<String>>,
    #[sqlx(try_from = "String")]
    format: Format,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    places_left: i32,
}

pub async fn search(
    db: &Db,
    q: &SearchQuery,
    kept: super::counts::Policy,
) -> Result<SearchResult, StoreError> {
    let started = Instant::now();
    // One snapshot for the ids, their rows and their addresses, on one
    // server connection (the statements are not kept prepared).
    let mut conn = db.begin_read().await?;
    let dialect = dialect_of(&conn.h());
    let per_page = q.per_page.clamp(1, super::query::MAX_PER_PAGE);
    let page = Page {
        limit: i64::from(per_page),
        offset: i64::from(q.page) * i64::from(per_page),
    };
    let (ids, total, facets) = match super::counts::lookup(conn.h(), q, kept, db.now()).await? {
        // Many hits, and counts kept ahead for them: the page alone.
        Some((total, facets)) => {
            let ids = super::counts::page(conn.h(), q, page.limit, page.offset).await?;
            (ids, total, facets)
        }
        None => exact(conn.h(), q, dialect, page).await?,
    };
    let rows = hit_rows(conn.h(), &ids).await?;

    // The address nearest the centre (or the first) of each hit.
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut addresses = missions::addresses_of(conn.h(), &ids).await?;
    let hits = rows
        .into_iter()
        .map(|r| {
            let addrs = addresses.remove(&r.id).unwrap_or_default();
            let nearest = match q.around {
                Some(a) => addrs
                    .iter()
                    .map(|ad| {
                        (
                            haversine_km((a.latitude, a.longitude), (ad.latitude, ad.longitude)),
                            ad,
                        )
                    })
                    .min_by(|x, y| x.0.total_cmp(&y.0)),
                None => addrs.first().map(|ad| (f64::NAN, ad)),
            };
            Hit {
                id: r.id,
                title: r.title,
                organization_name: r.organization_name,
                domain: r.domain,
                skills: r.skills.0,
                format: r.format,
                city: nearest.map(|(_, a)| a.city.clone()),
                department: nearest.map(|(_, a)| a.department.clone()),
                distance_km: nearest
                    .map(|(d, _)| d)
                    .filter(|d| d.is_finite())
                    .map(|d| (d * 100.0).round() / 100.0),
                start_date: r.start_date,
                end_date: r.end_date,
                places_left: r.places_left,
            }
        })
        .collect();
    conn.commit().await?;
    let total = total.max(0) as u64;
    Ok(SearchResult {
        hits,
        total_hits: total,
        page: q.page,
        pages: total.div_ceil(u64::from(per_page)) as u32,
        per_page,
        facets,
        processing_time_ms: started.elapsed().as_millis() as u64,
    })
}

/// The page, the total and the facets, counted exactly, in one pass over
/// the matching rows: the page (ranked: relevance, then distance, then
/// soonest start), the total and every facet. A facet whose own filter is
/// set counts without it (disjunctive): the pass reads the rows that match
/// every other filter, with a flag per such filter, and each count keeps
/// the rows whose flags it needs. All on one connection: a search never
/// holds more than one, so a crowd of distinct searches cannot take the
/// pool from signups.
async fn exact(
    h: Handle<'_>,
    q: &SearchQuery,
    dialect: Dialect,
    page: Page,
) -> Result<(Vec<Uuid>, i64, FacetCounts), StoreError> {
    let mut wanted: Vec<Facet> = q.facets.clone();
    wanted.sort_by_key(|f| f.as_str());
    wanted.dedup();
    page_total_and_facets(h, q, dialect, page, &wanted).await
}

/// The column a facet counts, and whether it holds a JSON list.
fn facet_column(facet: Facet) -> (&'static str, bool) {
    match facet {
        Facet::Domain => ("domain", false),
        Facet::Department => ("department", false),
        Facet::Format => ("format", false),
        Facet::Skills => ("skills", true),
        Facet::Audience => ("audience", true),
        Facet::Accessibility => ("accessibility", true),
    }
}

/// Which slice of the ranked hits a search shows.
#[derive(Clone, Copy)]
struct Page {
    limit: i64,
    offset: i64,
}

/// The ids of the page's hits in rank order, the number of hits and the
/// counts of `facets`, in one statement: the rows that match every filter
/// but the own filters of the facets asked for are read once, into a
/// materialised CTE with their rank, distance, facet columns and a flag per
/// own filter; the page is its top rows, the total a COUNT and every facet
/// a GROUP BY over it, each keeping the rows whose flags it needs.
async fn page_total_and_facets(
    h: Handle<'_>,
    q: &SearchQuery,
    dialect: Dialect,
    page: Page,
    facets: &[Facet],
) -> Result<(Vec<Uuid>, i64, FacetCounts), StoreError> {
    let mut sql = Sql::new(dialect);
    let own: Vec<Facet> = facets
        .iter()
        .copied()
        .filter(|f| filters_on(q, *f))
        .collect();
    let (from, rank) = from_clause(q, &mut sql);
    let wheres = conditions(q, &mut sql, &own);
    let mut columns = vec!["m.id".to_owned(), "m.start_date".to_owned()];
    for facet in &own {
        if let Some(condition) = facet_filter(q, &mut sql, *facet) {
            columns.push(format!(
                "CASE WHEN {condition} THEN 1 ELSE 0 END AS f_{}",
                facet.as_str()
            ));
        }
    }
    // The rows a count keeps: those passing every own filter but `except`'s.
    let passing = |except: Option<Facet>| -> String {
        let flags: Vec<String> = own
            .iter()
            .filter(|f| Some(**f) != except)
            .map(|f| format!("hits.f_{} = 1", f.as_str()))
            .collect();
        if flags.is_empty() {
            "1 = 1".to_owned()
        } else {
            flags.join(" AND ")
        }
    };
    let mut order = Vec::new();
    if let Some(r) = &rank {
        columns.push(format!("{r} AS rank"));
        order.push("rank DESC".to_owned());
    }
    if let Some(a) = q.around {
        if a.radius_km.is_some() {
            columns.push("near.d AS distance".to_owned());
        } else {
            let chord = chord_expr(&mut sql, a.latitude, a.longitude);
            columns.push(format!(
                "(SELECT MIN({chord}) FROM mission_addresses a WHERE a.mission_id = m.id) AS distance"
            ));
        }
        order.push("distance ASC NULLS LAST".to_owned());
    }
    order.push("start_date ASC NULLS LAST".into());
    order.push("id ASC".into());
    let order = order.join(", ");
    let limit = sql.param(Param::Int(page.limit));
    let offset = sql.param(Param::Int(page.offset));
    let id_text = match dialect {
        Dialect::Postgres => "CAST(p.id AS TEXT)",
        Dialect::Sqlite => "lower(hex(p.id))",
    };
    let all = passing(None);
    let mut parts = vec![
        format!(
            "SELECT '#page' AS facet, {id_text} AS value, ROW_NUMBER() OVER (ORDER BY {order}) AS n
             FROM (SELECT * FROM hits WHERE {all} ORDER BY {order} LIMIT {limit} OFFSET {offset}) p"
        ),
        format!("SELECT '', '', COUNT(*) FROM hits WHERE {all}"),
    ];
    for facet in facets {
        let (column, list) = facet_column(*facet);
        columns.push(format!("m.{column}"));
        let name = facet.as_str();
        let keep = passing(Some(*facet));
        parts.push(if list {
            format!(
                "SELECT '{name}', s.value, COUNT(*) FROM hits CROSS JOIN {} WHERE {keep} GROUP BY s.value",
                sql.elements(&format!("hits.{column}"))
            )
        } else {
            format!(
                "SELECT '{name}', hits.{column}, COUNT(*) FROM hits WHERE {keep} GROUP BY hits.{column}"
            )
        });
    }
    let statement = format!(
        "WITH hits AS MATERIALIZED (SELECT {} FROM {from} WHERE {}) {}",
        columns.join(", "),
        wheres.join(" AND "),
        parts.join(" UNION ALL ")
    );
    let params = std::mem::take(&mut sql.params);
    let rows: Vec<(String, String, i64)> = on_handle!(h, c => bind_all!(sqlx::query_as::<_, (String, String, i64)>(&statement), params).fetch_all(c).await)?;
    let mut total = 0;
    let mut ranked: Vec<(i64, Uuid)> = Vec::new();
    let mut out: FacetCounts = facets
        .iter()
        .map(|f| (f.as_str().to_owned(), BTreeMap::new()))
        .collect();
    for (facet, value, n) in rows {
        if facet == "#page" {
            let id = Uuid::parse_str(&value)
                .map_err(|e| StoreError::Sqlx(sqlx::Error::Decode(Box::new(e))))?;
            ranked.push((n, id));
        } else if facet.is_empty() {
            total = n;
        } else if let Some(counts) = out.get_mut(&facet) {
            counts.insert(value, n.max(0) as u64);
        }
    }
    ranked.sort_unstable_by_key(|(n, _)| *n);
    Ok((ranked.into_iter().map(|(_, id)| id).collect(), total, out))
}

/// The page's missions, in the order of `ids`.
async fn hit_rows(h: Handle<'_>, ids: &[Uuid]) -> Result<Vec<HitRow>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<HitRow> = on_handle!(h, c => {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT m.id, m.title, o.name AS organization_name, m.domain, m.skills, m.format, m.start_date, m.end_date,
                    m.capacity - m.places_taken AS places_left
             FROM missions m JOIN organizations o ON o.id = m.organization_id WHERE m.id IN (",
        );
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        list.push_unseparated(")");
        q.build_query_as::<HitRow>().fetch_all(c).await
    })?;
    let position: std::collections::HashMap<Uuid, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|r| position.get(&r.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_queries_are_quoted_prefixes() {
        assert_eq!(
            fts5_query("médiation animale").as_deref(),
            Some("\"médiation\"* \"animale\"*")
        );
        assert_eq!(
            fts5_query("\"OR* NEAR(").as_deref(),
            Some("\"OR\"* \"NEAR\"*")
        );
        assert_eq!(fts5_query("  ,;  "), None);
    }
}
