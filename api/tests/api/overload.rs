//! Above capacity: refusals come at once and say when to come back, the
//! most important work goes first, nothing accepted is lost, and the
//! service mode can be pinned or handed to the controllers, with a history.

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, signup_body, spawn_with, unique_email, TestApp};

async fn accounts_stored(app: &TestApp) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM accounts")
        .fetch_one(c)
        .await)
    .unwrap()
}

#[tokio::test]
async fn a_crowd_over_capacity_is_refused_at_once_and_every_accepted_signup_is_stored() {
    // One signup at a time in the intake, two waiting at most.
    let app = spawn_with(json!({
        "intake": {"writers": 1, "max_batch": 1, "window_ms": 0},
    }))
    .await;
    let before = accounts_stored(&app).await;
    let crowd = (0..120).map(|i| {
        let app = &app;
        async move {
            app.post_json(
                "/v1/auth/signup",
                &signup_body(&unique_email(&format!("crowd{i}"))),
            )
            .await
        }
    });
    let health = async {
        let mut statuses = Vec::new();
        for _ in 0..10 {
            statuses.push(app.get("/health/live").await.status().as_u16());
        }
        statuses
    };
    let (responses, health) = tokio::join!(join_all(crowd), health);
    assert!(
        health.iter().all(|s| *s == 200),
        "health never waits: {health:?}"
    );

    let mut accepted = 0;
    let mut shed = 0;
    for response in responses {
        match response.status().as_u16() {
            202 => accepted += 1,
            503 => {
                assert_eq!(
                    response.headers()["retry-after"],
                    "1",
                    "a refusal says when to come back"
                );
                assert_eq!(problem(response, 503).await["code"], "overloaded");
                shed += 1;
            }
            other => panic!("a signup answered {other}"),
        }
    }
    assert!(shed > 0, "a crowd of 120 over a limit of 1 must be shed");
    assert!(accepted > 0, "some signups get through");
    assert_eq!(
        accounts_stored(&app).await - before,
        accepted,
        "every accepted signup is a stored account"
    );

    let metrics = app.metrics().await;
    let line = metrics
        .lines()
        .find(|l| l.starts_with("renfort_admission_shed_total{class=\"signup\"}"))
        .expect("shed requests are counted by class");
    let counted: u64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert_eq!(counted, shed);
    assert!(metrics.contains("renfort_intake_signups_total "));
}

#[tokio::test]
async fn logins_over_capacity_are_refused_at_once() {
    // One request at a time, one waiting at most, for a millisecond.
    let app = spawn_with(json!({
        "admission": {"limit": 1, "queue_budget_ms": 1, "max_queue": 1},
    }))
    .await;
    let volunteer = app.volunteer("crowded").await;
    let logins = join_all((0..60).map(|_| app.login(&volunteer.email, "not the password"))).await;
    let mut shed = 0;
    for response in logins {
        match response.status().as_u16() {
            401 => {}
            503 => {
                assert_eq!(problem(response, 503).await["code"], "overloaded");
                shed += 1;
            }
            other => panic!("a login answered {other}"),
        }
    }
    assert!(shed > 0);
    let metrics = app.metrics().await;
    assert!(metrics.contains(&format!(
        "renfort_admission_shed_total{{class=\"intake\"}} {shed}"
    )));
    assert!(metrics.contains("renfort_admission_requests{state=\"limit\"} 1"));
}

#[tokio::test]
async fn public_reads_do_not_queue_behind_the_limiter() {
    // No slot is ever free for long enough: only cached reads and
    // reference data can answer.
    let app = spawn_with(json!({
        "admission": {"limit": 1, "queue_budget_ms": 1, "max_queue": 1},
    }))
    .await;
    // Computed once, then served from the cache by a crowd.
    assert_eq!(app.get("/v1/missions?limit=5").await.status(), 200);
    let reads = join_all((0..50).map(|_| app.get("/v1/missions?limit=5"))).await;
    assert!(reads.iter().all(|r| r.status() == 200));
    assert_eq!(app.get("/v1/domains").await.status(), 200);
}

async fn set_mode(app: &TestApp, admin: &crate::common::Session, body: Value) -> Value {
    let response = app
        .authed(Method::PUT, "/v1/admin/service-mode", &admin.access)
        .await
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn an_admin_pins_the_mode_hands_it_back_and_every_change_is_kept() {
    let app = spawn_with(json!({})).await;
    let admin = app.admin().await;
    let volunteer = app.volunteer("heavy").await;

    let view = set_mode(
        &app,
        &admin,
        json!({"mode": "degraded", "reason": "minister on TV at 20:00"}),
    )
    .await;
    assert_eq!(view["mode"], "degraded");
    assert_eq!(view["override"], "degraded");
    assert_eq!(view["changes"][0]["source"], "admin");
    assert_eq!(view["changes"][0]["from_mode"], "normal");
    assert_eq!(view["changes"][0]["to_mode"], "degraded");
    assert_eq!(view["changes"][0]["reason"], "minister on TV at 20:00");
    assert_eq!(
        view["changes"][0]["account_id"],
        admin.account_id.to_string()
    );

    // What the mode means, for the SPA.
    let status: Value = app.get("/v1/status").await.json().await.unwrap();
    assert_eq!(status["mode"], "degraded");
    assert_eq!(status["degraded"]["emails_delayed"], true);
    assert_eq!(status["degraded"]["heavy_endpoints_unavailable"], true);
    // Heavy endpoints pause; everyday ones keep working.
    let export = app
        .authed(Method::GET, "/v1/me/export", &volunteer.access)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(export.headers()["retry-after"], "60");
    assert_eq!(problem(export, 503).await["code"], "degraded_unavailable");
    let me = app
        .authed(Method::GET, "/v1/me", &volunteer.access)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    // Handed back to the controllers: the mode stays until they decide.
    let view = set_mode(&app, &admin, json!({"mode": "auto"})).await;
    assert_eq!(view["mode"], "degraded");
    assert_eq!(view["override"], "auto");
    let view = set_mode(&app, &admin, json!({"mode": "normal"})).await;
    assert_eq!(view["mode"], "normal");
    assert_eq!(view["override"], "normal");
    let history: Vec<(String, String)> = view["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["to_mode"].as_str().unwrap().to_owned(),
                c["override"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("normal".to_owned(), "normal".to_owned()),
            ("degraded".to_owned(), "auto".to_owned()),
            ("degraded".to_owned(), "degraded".to_owned()),
        ]
    );
    let export = app
        .authed(Method::GET, "/v1/me/export", &volunteer.access)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 200);

    // Only administrators read or change it.
    let stranger = app
        .authed(Method::GET, "/v1/admin/service-mode", &volunteer.access)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 403);
    let metrics = app.metrics().await;
    assert!(metrics.contains("renfort_service_mode_changes_total{source=\"admin\"} 3"));
}
