//! Every statement of the hot paths uses an index (PostgreSQL).
//!
//! A database of mid size is seeded (tens of thousands of volunteers and
//! participations, analysed as after a restore), then a journey goes
//! through the paths the crowd takes: signup, activation, sign-in, the
//! listing and search, a mission page, applying, "my participations", an
//! organisation's long application list page after page, the partner
//! feeds deep into their history, statistics, an export, the worker's
//! emails and retention sweep. Every statement the service sent meanwhile
//! is captured (sqlx's own log of each query) and planned again by the
//! server as a generic plan, as a prepared statement is planned whatever
//! its parameters. The test fails on a sequential scan of a table of more
//! than a few thousand rows, and on a sort of more rows than that which no
//! LIMIT bounds.
//!
//! Its own test binary: the statements are captured by a process-wide
//! tracing layer, which would otherwise catch every other test's too.

#[allow(dead_code)]
#[path = "api/common.rs"]
mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Connection;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

use common::{spawn_with, unique_email, Session, TestApp};

/// A table this large is never read whole by a hot path.
const LARGE_TABLE_ROWS: f64 = 5_000.0;

/// The statements sqlx ran, as it logs them (target `sqlx::query`).
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Option<Vec<String>>>>);

impl Statements {
    fn start(&self) {
        *self.0.lock().unwrap() = Some(Vec::new());
    }
    fn stop(&self) -> Vec<String> {
        self.0.lock().unwrap().take().unwrap_or_default()
    }
}

#[derive(Default)]
struct Fields {
    summary: String,
    statement: String,
}

impl tracing::field::Visit for Fields {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.statement = value.to_owned(),
            _ => {}
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "summary" => self.summary = format!("{value:?}"),
            "db.statement" => self.statement = format!("{value:?}"),
            _ => {}
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        // A short statement is logged whole as its summary; a longer one
        // as a summary and the statement itself.
        let sql = if fields.statement.trim().is_empty() {
            fields.summary
        } else {
            fields.statement
        };
        if let Some(list) = self.0.lock().unwrap().as_mut() {
            list.push(sql.trim().to_owned());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hot_statement_reads_through_an_index() {
    if common::postgres_url().is_none() {
        eprintln!("plans are PostgreSQL's: set RENFORT_TEST_DATABASE_URL (CI does)");
        return;
    }
    let statements = Statements::default();
    let filter = tracing_subscriber::filter::Targets::new()
        .with_target("sqlx::query", tracing::Level::TRACE);
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(statements.clone().with_filter(filter)),
    )
    .expect("the only subscriber of this test binary");

    let app = spawn_with(json!({
        // Pages far into a list are what is measured: no limits in the way.
        "partner": {"feed_settle_ms": 0},
    }))
    .await;
    let plan = renfort::services::seed::Plan {
        organizations: 1_000,
        missions: 10_000,
        volunteers: 30_000,
        participations: 150_000,
        seed: 11,
    };
    let seeded = renfort::services::seed::seed(&app.db, &plan).await.unwrap();
    let run = &seeded.run;

    // What the journey needs to know, read before the capture starts.
    let mut conn = sqlx::PgConnection::connect(&database_url(&app))
        .await
        .unwrap();
    let (network, busiest): (uuid::Uuid, uuid::Uuid) = sqlx::query_as(
        "SELECT m.organization_id, m.id FROM missions m
           JOIN organization_members om ON om.organization_id = m.organization_id
           JOIN accounts a ON a.id = om.account_id
          WHERE a.email_normalized = $1
          ORDER BY (SELECT COUNT(*) FROM participations p WHERE p.mission_id = m.id) DESC
          LIMIT 1",
    )
    .bind(format!("seed-{run}-o0@example.org"))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let open: uuid::Uuid = sqlx::query_scalar(
        "SELECT id FROM missions WHERE state = 'published' AND registration_open
            AND NOT has_shifts AND places_taken < capacity AND minimum_age <= 18
          ORDER BY id LIMIT 1",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();

    // The counts the worker keeps ahead of broad searches, as a live
    // service has them.
    renfort::search::counts::refresh(&app.db, app.now())
        .await
        .unwrap();

    statements.start();
    journey(&app, run, network, busiest, open).await;
    let ran = statements.stop();

    // The rollups read every mission by design: they are timed, and
    // bounded by docs/SCALING.md's targets, not planned here.
    let now = app.now();
    let started = std::time::Instant::now();
    renfort::services::statistics::compute(&app.db, now)
        .await
        .unwrap();
    let statistics = started.elapsed();
    let started = std::time::Instant::now();
    renfort::search::counts::refresh(&app.db, now)
        .await
        .unwrap();
    eprintln!(
        "rollups on {} participations: statistics {statistics:?}, search counts {:?}",
        seeded.participations,
        started.elapsed()
    );

    let distinct: BTreeSet<String> = ran.into_iter().filter(|s| plannable(s)).collect();
    let mut findings = Vec::new();
    let mut planned = 0;
    let mut unplanned = Vec::new();
    for sql in &distinct {
        match generic_plan(&mut conn, sql).await {
            Ok(plan) => {
                planned += 1;
                let mut found = Vec::new();
                walk(&mut conn, &plan[0]["Plan"], false, &mut found).await;
                if !found.is_empty() {
                    findings.push(format!("{}\n    {}", found.join("; "), one_line(sql)));
                }
            }
            Err(e) => unplanned.push(format!("{e}\n    {}", one_line(sql))),
        }
    }
    eprintln!(
        "{planned} distinct statements planned; {} could not be prepared alone:\n  {}",
        unplanned.len(),
        unplanned.join("\n  ")
    );
    assert!(
        planned >= 40,
        "only {planned} statements captured: the journey did not run"
    );
    assert!(
        findings.is_empty(),
        "{} hot statements read a large table whole or sort an unbounded set:\n  {}",
        findings.len(),
        findings.join("\n  ")
    );
}

/// The paths the crowd takes, each answered as a user expects (a path
/// that failed would leave its statements untested).
async fn journey(
    app: &TestApp,
    run: &str,
    network: uuid::Uuid,
    busiest: uuid::Uuid,
    open: uuid::Uuid,
) {
    // A newcomer signs up, activates, signs in, searches and applies.
    let email = unique_email("plans");
    assert_eq!(app.signup(&email).await.status(), 202);
    let newcomer = app.activate(&email).await;
    assert_eq!(
        app.login(&email, common::PASSWORD).await.status(),
        200,
        "sign-in"
    );
    for query in [
        "",
        "?domain=health",
        "?department=69",
        "?format=remote",
        &format!("?organization_id={network}"),
    ] {
        let page = ok(
            app,
            &newcomer,
            Method::GET,
            &format!("/v1/missions{query}"),
            None,
        )
        .await;
        if let Some(cursor) = page["next_cursor"].as_str() {
            ok(
                app,
                &newcomer,
                Method::GET,
                &format!("/v1/missions?cursor={cursor}"),
                None,
            )
            .await;
        }
    }
    for query in [
        "q=distribution",
        "domains=health&departments=69",
        "lat=45.76&lng=4.83&radius_km=20",
        "has_places=true&formats=on_site&page=3",
        "q=soutien%20scolaire&facets=domain,department",
    ] {
        ok(
            app,
            &newcomer,
            Method::GET,
            &format!("/v1/search/missions?{query}"),
            None,
        )
        .await;
    }
    ok(
        app,
        &newcomer,
        Method::GET,
        &format!("/v1/missions/{open}"),
        None,
    )
    .await;
    let applied = app
        .send(
            Method::POST,
            &format!("/v1/missions/{open}/participations"),
            &newcomer,
            Some(json!({"motivation": "Disponible le mercredi.", "parental_consent": true})),
        )
        .await;
    assert_eq!(applied.status(), 201, "{}", applied.text().await.unwrap());

    // A volunteer of long standing reads their participations.
    let volunteer = sign_in(app, &format!("seed-{run}-v7@example.org")).await;
    ok(app, &volunteer, Method::GET, "/v1/me/participations", None).await;

    // The network's owner pages through its busiest mission's applicants.
    let owner = sign_in(app, &format!("seed-{run}-o0@example.org")).await;
    let mut path = format!("/v1/missions/{busiest}/participations?limit=20");
    for _ in 0..50 {
        let page = ok(app, &owner, Method::GET, &path, None).await;
        let Some(cursor) = page["next_cursor"].as_str() else {
            break;
        };
        path = format!("/v1/missions/{busiest}/participations?limit=20&cursor={cursor}");
    }
    ok(
        app,
        &owner,
        Method::GET,
        &format!("/v1/organizations/{network}/statistics"),
        None,
    )
    .await;
    let export = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{network}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert!(export.status().is_success(), "export: {}", export.status());
    let _ = export.bytes().await.unwrap();

    // Its CRM reads the feeds from the start of their history.
    let key = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{network}/api-keys"),
            &owner,
            Some(json!({"name": "CRM", "scopes": ["missions:read", "participations:read"]})),
        )
        .await;
    assert_eq!(key.status(), 201);
    let key: Value = key.json().await.unwrap();
    let secret = key["secret"].as_str().unwrap().to_owned();
    for feed in ["missions", "participations"] {
        let mut path = format!("/v1/partner/feed/{feed}?limit=100");
        for _ in 0..20 {
            let r = app
                .client
                .get(app.url(&path))
                .header("x-api-key", &secret)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "feed {feed}");
            let page: Value = r.json().await.unwrap();
            let Some(cursor) = page["next_cursor"].as_str() else {
                break;
            };
            path = format!("/v1/partner/feed/{feed}?limit=100&cursor={cursor}");
        }
    }

    // Statistics, public and for the administration.
    ok(app, &newcomer, Method::GET, "/v1/statistics", None).await;
    let admin = app.admin().await;
    ok(app, &admin, Method::GET, "/v1/admin/statistics", None).await;

    // The worker's retention sweep, a batch at a time.
    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    renfort::services::retention::sweep(&app.db, None, &settings, app.now())
        .await
        .unwrap();
}

async fn sign_in(app: &TestApp, email: &str) -> Session {
    let r = app
        .login(email, renfort::services::seed::SEED_PASSWORD)
        .await;
    assert_eq!(r.status(), 200, "{email} signs in");
    let body: Value = r.json().await.unwrap();
    app.session_from(email, &body).await
}

async fn ok(
    app: &TestApp,
    session: &Session,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let r = app.send(method, path, session, body).await;
    let status = r.status();
    let text = r.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn database_url(app: &TestApp) -> String {
    app.settings["database"]["url"].as_str().unwrap().to_owned()
}

/// Statements with a plan (not BEGIN, SET, COPY and the like).
fn plannable(sql: &str) -> bool {
    let head = sql
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    matches!(
        head.as_str(),
        "SELECT" | "WITH" | "UPDATE" | "DELETE" | "INSERT"
    ) && !sql.contains("_sqlx_migrations")
}

fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Types tried for a parameter the server cannot type from its context
/// (`$2 IS NULL OR state = $2`): sqlx sends the bound value's type, the
/// test tries these until the statement prepares.
const CANDIDATE_TYPES: &[&str] = &[
    "text",
    "uuid",
    "timestamptz",
    "bigint",
    "integer",
    "boolean",
    "date",
    "jsonb",
    "text[]",
    "uuid[]",
    "double precision",
];

/// The plan the server makes of `sql` whatever its parameters: prepared,
/// then explained with every parameter NULL under a forced generic plan.
async fn generic_plan(conn: &mut sqlx::PgConnection, sql: &str) -> Result<Value, String> {
    use sqlx::Executor;
    let parameters = (1..=64)
        .rev()
        .find(|n| sql.contains(&format!("${n}")))
        .unwrap_or(0);
    let mut types = vec!["unknown"; parameters];
    // The parameter last given a type, and the index of that type.
    let mut guessing: Option<(usize, usize)> = None;
    let mut tx = conn.begin().await.map_err(|e| e.to_string())?;
    sqlx::query("SET LOCAL plan_cache_mode = force_generic_plan")
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    for _ in 0..(parameters * CANDIDATE_TYPES.len() + 1) {
        let declared = if parameters == 0 {
            String::new()
        } else {
            format!("({})", types.join(", "))
        };
        sqlx::query("SAVEPOINT typing")
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        let prepared = tx
            .execute(format!("PREPARE hot{declared} AS {sql}").as_str())
            .await;
        let Err(e) = prepared else {
            break;
        };
        sqlx::query("ROLLBACK TO SAVEPOINT typing")
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        let message = e.to_string();
        if let Some(n) = message
            .split("could not determine data type of parameter $")
            .nth(1)
            .and_then(|rest| rest.trim().parse::<usize>().ok())
        {
            types[n - 1] = CANDIDATE_TYPES[0];
            guessing = Some((n - 1, 0));
        } else if let Some((i, tried)) = guessing.filter(|(_, t)| t + 1 < CANDIDATE_TYPES.len()) {
            // The type given last does not fit its other uses: the next.
            types[i] = CANDIDATE_TYPES[tried + 1];
            guessing = Some((i, tried + 1));
        } else {
            tx.rollback().await.map_err(|e| e.to_string())?;
            return Err(message);
        }
    }
    let nulls = vec!["NULL"; parameters].join(", ");
    let explain = if parameters == 0 {
        "EXPLAIN (FORMAT JSON) EXECUTE hot".to_owned()
    } else {
        format!("EXPLAIN (FORMAT JSON) EXECUTE hot({nulls})")
    };
    let plan: Result<(Value,), _> = sqlx::query_as(&explain).fetch_one(&mut *tx).await;
    tx.rollback().await.map_err(|e| e.to_string())?;
    // A prepared statement outlives the transaction it was made in.
    let _ = conn.execute("DEALLOCATE hot").await;
    plan.map(|p| p.0).map_err(|e| e.to_string())
}

/// Walks a plan's nodes: a sequential scan of a large table, or a sort of
/// many rows with no LIMIT above it.
fn walk<'a>(
    conn: &'a mut sqlx::PgConnection,
    node: &'a Value,
    limited: bool,
    found: &'a mut Vec<String>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>> {
    Box::pin(async move {
        let kind = node["Node Type"].as_str().unwrap_or_default();
        let rows = node["Plan Rows"].as_f64().unwrap_or(0.0);
        if kind == "Seq Scan" {
            let table = node["Relation Name"].as_str().unwrap_or_default();
            let size: f64 = sqlx::query_scalar::<_, f32>(
                "SELECT reltuples FROM pg_class WHERE relname = $1 AND relkind = 'r'",
            )
            .bind(table)
            .fetch_optional(&mut *conn)
            .await
            .unwrap()
            .map_or(0.0, f64::from);
            if size > LARGE_TABLE_ROWS {
                found.push(format!("sequential scan of {table} ({size} rows)"));
            }
        }
        if kind.ends_with("Sort") && !limited && rows > LARGE_TABLE_ROWS {
            found.push(format!("sort of {rows} rows with no LIMIT"));
        }
        let limited = limited || kind == "Limit";
        if let Some(children) = node["Plans"].as_array() {
            for child in children {
                walk(conn, child, limited, found).await;
            }
        }
    })
}
