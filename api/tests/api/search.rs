//! Search with the built-in engine, checked against brute force over the
//! same data: text with and without accents, filters, disjunctive facets,
//! distance and radius against a haversine computed here, pagination.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{mission_body, problem, spawn_app, TestApp};

/// What the brute force knows of a searchable mission.
#[derive(Debug, Clone)]
struct Truth {
    id: String,
    domain: String,
    format: String,
    department: String,
    skills: Vec<String>,
    places_left: i32,
    points: Vec<(f64, f64)>,
    /// Accessibility flags, from the access conditions and minimum age.
    accessibility: BTreeSet<String>,
}

async fn searchable(app: &TestApp) -> Vec<Truth> {
    let mut conn = app.db.acquire().await.unwrap();
    let ids: Vec<Uuid> = renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT m.id FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE m.state = 'published' AND o.state = 'approved' AND m.registration_open",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let addresses = renfort::store::missions::addresses_of(conn.h(), &ids)
        .await
        .unwrap();
    let mut out = Vec::new();
    for id in ids {
        let m = renfort::store::missions::get(conn.h(), id)
            .await
            .unwrap()
            .unwrap();
        out.push(Truth {
            id: id.to_string(),
            domain: m.domain.clone(),
            format: m.format.as_str().to_owned(),
            department: m.department.clone(),
            skills: m.skills.0.clone(),
            places_left: m.capacity - m.places_taken,
            accessibility: [
                (m.access.0.reduced_mobility, "reduced_mobility"),
                (m.access.0.public_transport, "public_transport"),
                (m.minimum_age < 18, "open_to_minors"),
            ]
            .into_iter()
            .filter(|(has, _)| *has)
            .map(|(_, flag)| flag.to_owned())
            .collect(),
            points: addresses
                .get(&id)
                .map(|a| a.iter().map(|a| (a.latitude, a.longitude)).collect())
                .unwrap_or_default(),
        });
    }
    out
}

async fn seeded(missions: usize) -> TestApp {
    let app = spawn_app().await;
    let plan = renfort::services::seed::Plan {
        organizations: 30,
        missions,
        volunteers: 0,
        participations: 0,
        seed: 7,
    };
    renfort::services::seed::seed(&app.db, &plan).await.unwrap();
    app
}

async fn search(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/v1/search/missions?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    assert_eq!(response.headers()["x-search-engine"], "builtin");
    response.json().await.unwrap()
}

/// Every hit id over all pages.
async fn all_ids(app: &TestApp, query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for page in 0.. {
        let r = search(app, &format!("{query}&per_page=50&page={page}")).await;
        let hits = r["hits"].as_array().unwrap();
        ids.extend(hits.iter().map(|h| h["id"].as_str().unwrap().to_owned()));
        if hits.is_empty() || page + 1 >= r["pages"].as_u64().unwrap() {
            break;
        }
    }
    ids
}

fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6371.0088_f64;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

#[tokio::test]
async fn text_matches_with_or_without_accents() {
    let app = spawn_app().await;
    let (owner, referent, _admin, org, _first) = app.published_mission(5).await;
    let mut body = mission_body("69002");
    body["title"] = json!("Médiation animale en EHPAD");
    body["description"] = json!("Accompagner des séances de médiation avec des chiens auprès de résidents, le samedi matin.");
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(body),
        )
        .await;
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/missions/{id}/transitions");
    app.transition(&owner, &path, "pending_review", None).await;
    app.transition(&referent, &path, "published", None).await;

    for q in [
        "médiation",
        "mediation",
        "MEDIATION",
        "médiation animale",
        "chiens",
    ] {
        let r = search(&app, &format!("q={}", urlencode(q))).await;
        let ids: Vec<&str> = r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, vec![id.as_str()], "{q}");
    }
    assert_eq!(search(&app, "q=astronomie").await["total_hits"], 0);
    // Search syntax characters are taken as text: no error, whatever they are.
    for q in [
        "\"médiation\" OR (*",
        "NEAR(a b",
        "-:^",
        "'; DROP TABLE missions; --",
    ] {
        assert!(
            search(&app, &format!("q={}", urlencode(q))).await["hits"].is_array(),
            "{q}"
        );
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn filters_alone_and_combined_match_brute_force() {
    let app = seeded(400).await;
    let truth = searchable(&app).await;
    let expect = |pred: &dyn Fn(&Truth) -> bool| -> BTreeSet<String> {
        truth
            .iter()
            .filter(|t| pred(t))
            .map(|t| t.id.clone())
            .collect()
    };
    let cases: Vec<(&str, BTreeSet<String>)> = vec![
        ("domains=health", expect(&|t| t.domain == "health")),
        (
            "domains=health,sport",
            expect(&|t| t.domain == "health" || t.domain == "sport"),
        ),
        ("formats=remote", expect(&|t| t.format == "remote")),
        (
            "departments=69,13",
            expect(&|t| t.department == "69" || t.department == "13"),
        ),
        (
            "skills=first_aid",
            expect(&|t| t.skills.contains(&"first_aid".to_owned())),
        ),
        ("has_places=true", expect(&|t| t.places_left > 0)),
        (
            "accessibility=reduced_mobility",
            expect(&|t| t.accessibility.contains("reduced_mobility")),
        ),
        // Flags are all required, not any of them.
        (
            "accessibility=reduced_mobility,open_to_minors&domains=health,sport,education",
            expect(&|t| {
                t.accessibility.contains("reduced_mobility")
                    && t.accessibility.contains("open_to_minors")
                    && ["health", "sport", "education"].contains(&t.domain.as_str())
            }),
        ),
        (
            "domains=solidarity_inclusion&formats=on_site,hybrid&has_places=true",
            expect(&|t| {
                t.domain == "solidarity_inclusion" && t.format != "remote" && t.places_left > 0
            }),
        ),
    ];
    for (query, expected) in cases {
        let got: BTreeSet<String> = all_ids(&app, query).await.into_iter().collect();
        assert_eq!(got, expected, "{query}");
    }
}

#[tokio::test]
async fn facet_counts_are_disjunctive_and_match_brute_force() {
    let app = seeded(400).await;
    let truth = searchable(&app).await;
    let r = search(
        &app,
        "domains=health&formats=on_site&accessibility=public_transport&facets=domain,format,skills,department,accessibility",
    )
    .await;
    let truth: Vec<Truth> = truth
        .into_iter()
        .filter(|t| t.accessibility.contains("public_transport"))
        .collect();
    // The accessibility facet is conjunctive: counted under every filter,
    // each count says what adding that flag leaves.
    let mut flags: BTreeMap<String, u64> = BTreeMap::new();
    for t in truth
        .iter()
        .filter(|t| t.format == "on_site" && t.domain == "health")
    {
        for f in &t.accessibility {
            *flags.entry(f.clone()).or_default() += 1;
        }
    }
    let got: BTreeMap<String, u64> =
        serde_json::from_value(r["facets"]["accessibility"].clone()).unwrap();
    assert_eq!(got, flags);
    // The domain facet ignores the domain filter but keeps the format one.
    let mut domains: BTreeMap<String, u64> = BTreeMap::new();
    for t in truth.iter().filter(|t| t.format == "on_site") {
        *domains.entry(t.domain.clone()).or_default() += 1;
    }
    let got: BTreeMap<String, u64> = serde_json::from_value(r["facets"]["domain"].clone()).unwrap();
    assert_eq!(got, domains);
    let mut formats: BTreeMap<String, u64> = BTreeMap::new();
    for t in truth.iter().filter(|t| t.domain == "health") {
        *formats.entry(t.format.clone()).or_default() += 1;
    }
    let got: BTreeMap<String, u64> = serde_json::from_value(r["facets"]["format"].clone()).unwrap();
    assert_eq!(got, formats);
    let mut skills: BTreeMap<String, u64> = BTreeMap::new();
    for t in truth
        .iter()
        .filter(|t| t.format == "on_site" && t.domain == "health")
    {
        for s in &t.skills {
            *skills.entry(s.clone()).or_default() += 1;
        }
    }
    let got: BTreeMap<String, u64> = serde_json::from_value(r["facets"]["skills"].clone()).unwrap();
    assert_eq!(got, skills);
    assert_eq!(
        r["total_hits"].as_u64().unwrap(),
        truth
            .iter()
            .filter(|t| t.domain == "health" && t.format == "on_site")
            .count() as u64
    );
}

#[tokio::test]
async fn distance_orders_hits_and_the_radius_excludes_the_far_ones() {
    let app = seeded(400).await;
    let truth = searchable(&app).await;
    let centre = (45.7640, 4.8357); // Lyon
    let radius = 150.0;
    let r = search(&app, "lat=45.7640&lng=4.8357&radius_km=150&per_page=50").await;
    let hits = r["hits"].as_array().unwrap();
    let distance_of = |id: &str| -> f64 {
        let t = truth.iter().find(|t| t.id == id).unwrap();
        t.points
            .iter()
            .map(|p| haversine(centre, *p))
            .fold(f64::INFINITY, f64::min)
    };
    let distances: Vec<f64> = hits
        .iter()
        .map(|h| distance_of(h["id"].as_str().unwrap()))
        .collect();
    assert!(!distances.is_empty());
    for pair in distances.windows(2) {
        assert!(pair[0] <= pair[1] + 1e-6, "nearest first: {distances:?}");
    }
    for (hit, d) in hits.iter().zip(&distances) {
        assert!(
            (hit["distance_km"].as_f64().unwrap() - d).abs() < 0.02,
            "reported distance"
        );
    }
    let expected: BTreeSet<String> = truth
        .iter()
        .filter(|t| t.points.iter().any(|p| haversine(centre, *p) <= radius))
        .map(|t| t.id.clone())
        .collect();
    let got: BTreeSet<String> = all_ids(&app, "lat=45.7640&lng=4.8357&radius_km=150")
        .await
        .into_iter()
        .collect();
    assert_eq!(got, expected, "exactly the missions within the radius");
    assert_eq!(r["total_hits"].as_u64().unwrap(), expected.len() as u64);
}

#[tokio::test]
async fn pages_have_no_duplicates_and_no_gaps() {
    let app = seeded(230).await;
    let truth = searchable(&app).await;
    let mut seen = Vec::new();
    for page in 0..20 {
        let r = search(&app, &format!("per_page=17&page={page}")).await;
        let hits = r["hits"].as_array().unwrap();
        if hits.is_empty() {
            break;
        }
        seen.extend(hits.iter().map(|h| h["id"].as_str().unwrap().to_owned()));
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    assert_eq!(seen.len(), truth.len(), "no gaps");
}

#[tokio::test]
async fn unpublished_and_flagged_missions_never_show() {
    let app = spawn_app().await;
    let (owner, referent, _admin, org, published) = app.published_mission(5).await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(mission_body("69002")),
        )
        .await;
    let draft = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ids = all_ids(&app, "q=repas").await;
    assert_eq!(ids, vec![published.clone()]);
    assert!(!ids.contains(&draft));
    app.transition(
        &referent,
        &format!("/v1/missions/{published}/transitions"),
        "flagged",
        Some("Signalée"),
    )
    .await;
    // The search answer is cached briefly; a new query sees the change.
    assert!(all_ids(&app, "q=repas&formats=on_site").await.is_empty());
}

#[tokio::test]
async fn bad_search_parameters_are_named() {
    let app = spawn_app().await;
    let p = problem(
        app.get("/v1/search/missions?per_page=500&formats=boat&lat=95&lng=2&facets=colour&accessibility=lift")
            .await,
        422,
    )
    .await;
    let mut fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec!["accessibility", "facets", "formats", "lat", "per_page"]
    );
    let p = problem(app.get("/v1/search/missions?radius_km=10").await, 422).await;
    assert_eq!(p["errors"][0]["field"], "radius_km");
    problem(app.get("/v1/search/missions?page=abc").await, 400).await;
}

fn query(
    domains: &[&str],
    departments: &[&str],
    has_places: bool,
    page: u32,
) -> renfort::search::query::SearchQuery {
    use renfort::search::query::{Facet, SearchQuery};
    SearchQuery {
        domains: domains.iter().map(|d| d.to_string()).collect(),
        departments: departments.iter().map(|d| d.to_string()).collect(),
        has_places,
        page,
        per_page: 20,
        facets: vec![
            Facet::Domain,
            Facet::Department,
            Facet::Format,
            Facet::Skills,
            Facet::Audience,
            Facet::Accessibility,
        ],
        ..SearchQuery::default()
    }
}

#[tokio::test]
async fn counts_kept_ahead_give_what_an_exact_count_gives() {
    use renfort::search::builtin::search;
    use renfort::search::counts::{refresh, Policy};
    let app = seeded(400).await;
    refresh(&app.db, app.now()).await.unwrap();
    let kept = Policy {
        from_hits: 1,
        max_age: chrono::Duration::seconds(60),
    };
    let exact = Policy {
        from_hits: i64::MAX,
        max_age: chrono::Duration::seconds(60),
    };
    let truth = searchable(&app).await;
    let department = truth[0].department.clone();
    for q in [
        query(&[], &[], false, 0),
        query(&[], &[], false, 3),
        query(&["health"], &[], false, 0),
        query(&["health", "education"], &[], true, 1),
        query(&[], &[department.as_str()], false, 0),
        query(&["health"], &[department.as_str()], true, 0),
    ] {
        let a = search(&app.db, &q, kept).await.unwrap();
        let b = search(&app.db, &q, exact).await.unwrap();
        assert_eq!(a.total_hits, b.total_hits, "{q:?}");
        assert_eq!(a.facets, b.facets, "{q:?}");
        let ids = |r: &renfort::search::query::SearchResult| {
            r.hits.iter().map(|h| h.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b), "{q:?}");
    }
    // The unfiltered total is every searchable mission.
    let all = search(&app.db, &query(&[], &[], false, 0), kept)
        .await
        .unwrap();
    assert_eq!(all.total_hits, truth.len() as u64);

    // Stale counts are not used: a mission unpublished since the refresh
    // is gone from an exact count at once, and from the kept counts once
    // refreshed.
    let gone: Uuid = truth[0].id.parse().unwrap();
    {
        let mut conn = app.db.acquire().await.unwrap();
        renfort::on_conn!(&mut conn, c => sqlx::query("UPDATE missions SET state = 'cancelled' WHERE id = $1")
            .bind(gone)
            .execute(c)
            .await
            .map(|_| ()))
        .unwrap();
    }
    let too_old = Policy {
        from_hits: 1,
        max_age: chrono::Duration::seconds(-1),
    };
    let now = search(&app.db, &query(&[], &[], false, 0), too_old)
        .await
        .unwrap();
    assert_eq!(now.total_hits, truth.len() as u64 - 1);
    refresh(&app.db, app.now()).await.unwrap();
    let refreshed = search(&app.db, &query(&[], &[], false, 0), kept)
        .await
        .unwrap();
    assert_eq!(refreshed.total_hits, truth.len() as u64 - 1);
}

#[tokio::test]
async fn searches_with_many_hits_read_the_counts_the_worker_keeps() {
    // Refreshed by the worker at start, then not for an hour: what the
    // search answers is what the table holds.
    let app = crate::common::spawn_with(
        json!({"search": {"counts_from_hits": 1, "counts_refresh_secs": 3600}}),
    )
    .await;
    crate::common::eventually("the worker's first refresh", || async {
        let mut conn = app.db.acquire().await.unwrap();
        renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM search_counts_refreshed")
            .fetch_one(c)
            .await)
        .unwrap()
            == 1
    })
    .await;
    let plan = renfort::services::seed::Plan {
        organizations: 10,
        missions: 60,
        volunteers: 0,
        participations: 0,
        seed: 3,
    };
    renfort::services::seed::seed(&app.db, &plan).await.unwrap();
    renfort::search::counts::refresh(&app.db, app.now())
        .await
        .unwrap();
    let truth = searchable(&app).await;
    let health = truth.iter().filter(|t| t.domain == "health").count() as u64;
    let r = search(&app, "domains=health&facets=domain,format&per_page=5").await;
    assert_eq!(r["total_hits"].as_u64().unwrap(), health);
    let mut domains: BTreeMap<String, u64> = BTreeMap::new();
    for t in &truth {
        *domains.entry(t.domain.clone()).or_default() += 1;
    }
    let got: BTreeMap<String, u64> = serde_json::from_value(r["facets"]["domain"].clone()).unwrap();
    assert_eq!(
        got, domains,
        "disjunctive: the domain facet ignores the domain filter"
    );
    // A thousand more health missions in the kept counts show in the next
    // search's total: it read them, not the missions.
    {
        let mut conn = app.db.acquire().await.unwrap();
        renfort::on_conn!(&mut conn, c => sqlx::query(
            "INSERT INTO search_counts (domain, department, format, has_places, facet, value, n)
             VALUES ('health', '69', 'on_site', true, '', '', 1000)",
        )
        .execute(c)
        .await
        .map(|_| ()))
        .unwrap();
    }
    let r = search(&app, "domains=health&per_page=6").await;
    assert_eq!(r["total_hits"].as_u64().unwrap(), health + 1000);
    // A search with text is counted exactly.
    let r = search(&app, "q=repas&domains=health&per_page=6").await;
    assert!(r["total_hits"].as_u64().unwrap() <= health);
}
