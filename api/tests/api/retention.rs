//! What the outbox and the idempotency store keep, and for how long: no
//! usable link after an email is sent, no record past its retention, no
//! key stuck for ever, and no timing that tells which addresses exist.

use serde_json::{json, Value};

use crate::common::{eventually, spawn_with, unique_email, TestApp};

async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await).unwrap()
}

#[tokio::test]
async fn forgot_password_does_the_same_work_for_known_and_unknown_addresses() {
    // No worker: what the request itself wrote stays visible.
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let known = unique_email("known");
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query(
        "INSERT INTO accounts (id, email, email_normalized, state, is_admin, first_name, last_name, created_at, updated_at)
         VALUES ($1, $2, $2, 'active', false, 'Léa', 'Martin', $3, $3)",
    )
    .bind(uuid::Uuid::now_v7())
    .bind(&known)
    .bind(app.now())
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    drop(conn);
    let unknown = unique_email("nobody");
    let mut written = Vec::new();
    for email in [&known, &unknown] {
        let before = count(&app, "SELECT COUNT(*) FROM outbox_jobs").await;
        let tokens = count(&app, "SELECT COUNT(*) FROM account_tokens").await;
        let r = app
            .post_json("/v1/auth/password/forgot", &json!({"email": email}))
            .await;
        assert_eq!(r.status(), 202);
        written.push((
            count(&app, "SELECT COUNT(*) FROM outbox_jobs").await - before,
            count(&app, "SELECT COUNT(*) FROM account_tokens").await - tokens,
        ));
    }
    // One job each, no token yet: the two paths cannot be told apart.
    assert_eq!(written, [(1, 0), (1, 0)]);
    let kinds = count(
        &app,
        "SELECT COUNT(*) FROM outbox_jobs WHERE kind = 'account_email' AND state = 'pending'",
    )
    .await;
    assert_eq!(kinds, 2);
}

#[tokio::test]
async fn an_unknown_address_gets_no_email_and_a_known_one_gets_its_link() {
    let app = spawn_with(json!({})).await;
    let v = app.volunteer("forgetful").await;
    let unknown = unique_email("nobody");
    for email in [&v.email, &unknown] {
        app.post_json("/v1/auth/password/forgot", &json!({"email": email}))
            .await;
    }
    let token = app.token_from_email(&v.email, "password_reset").await;
    assert!(!token.is_empty());
    eventually("both requests are decided", || async {
        count(
            &app,
            "SELECT COUNT(*) FROM outbox_jobs WHERE kind = 'account_email' AND state = 'done'",
        )
        .await
            == 2
    })
    .await;
    assert!(app.mailbox(&unknown).await.is_empty());
}

#[tokio::test]
async fn a_sent_link_leaves_the_outbox() {
    // A real provider (no development mailbox): links are scrubbed.
    let app = spawn_with(json!({"auth": {"dev_mailbox": false}})).await;
    let email = unique_email("scrubbed");
    assert_eq!(app.signup(&email).await.status(), 202);
    let job = || async {
        renfort::store::outbox::latest_emails_to(&app.db, &email.to_lowercase(), 1)
            .await
            .unwrap()
            .pop()
            .expect("an activation email")
    };
    eventually("the activation is sent", || async {
        job().await.state == "done"
    })
    .await;
    let sent = job().await;
    assert_eq!(sent.payload.0["template"], "activation");
    assert!(
        sent.payload.0["params"].get("token").is_none(),
        "{:?}",
        sent.payload.0
    );
    // What is not secret stays, for operators.
    assert!(sent.payload.0["params"]["first_name"].is_string());
}

#[tokio::test]
async fn done_jobs_are_purged_after_their_retention() {
    let app = spawn_with(json!({
        "worker": {"done_retention_days": 0, "housekeeping_interval_secs": 1},
    }))
    .await;
    let email = unique_email("purged");
    assert_eq!(app.signup(&email).await.status(), 202);
    eventually("the sent activation is purged", || async {
        count(
            &app,
            "SELECT COUNT(*) FROM outbox_jobs WHERE kind = 'email'",
        )
        .await
            == 0
            && count(
                &app,
                "SELECT COUNT(*) FROM outbox_jobs WHERE state = 'done'",
            )
            .await
                == 0
    })
    .await;
}

async fn create_organization(
    app: &TestApp,
    access: &str,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(app.url("/v1/organizations"))
        .bearer_auth(access)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reservation_abandoned_by_a_crash_is_taken_over() {
    let app = spawn_with(json!({"idempotency": {"reservation_timeout_secs": 60}})).await;
    let owner = app.volunteer("crashed").await;
    // A process reserved the key and died before answering.
    let organization = crate::common::organization_body("69003");
    let body = serde_json::to_vec(&organization).unwrap();
    let hash = <sha2::Sha256 as sha2::Digest>::digest(&body).to_vec();
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query(
        "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, 'org-crash', $2, $3)",
    )
    .bind(format!("organization:create:{}", owner.account_id))
    .bind(hash)
    .bind(app.now())
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    drop(conn);
    // Two minutes on, past the reservation's timeout, the client retries.
    app.travel(chrono::Duration::minutes(2));
    let owner = app.renewed(&owner);
    let retried = create_organization(&app, &owner.access, "org-crash", &organization).await;
    assert_eq!(retried.status(), 201, "not 409 for ever");
    let replay = create_organization(&app, &owner.access, "org-crash", &organization).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
}

#[tokio::test]
async fn a_key_expires_after_its_retention() {
    let app = spawn_with(json!({"idempotency": {"retention_hours": 24}})).await;
    let owner = app.volunteer("expired-key").await;
    let first: Value = create_organization(
        &app,
        &owner.access,
        "org-old",
        &crate::common::organization_body("69003"),
    )
    .await
    .json()
    .await
    .unwrap();
    // A day and an hour later, the stored answer is past its retention,
    // and the key names a new request.
    app.travel(chrono::Duration::hours(25));
    let owner = app.renewed(&owner);
    let again = create_organization(
        &app,
        &owner.access,
        "org-old",
        &crate::common::organization_body("69003"),
    )
    .await;
    assert_eq!(again.status(), 201);
    assert!(again.headers().get("idempotent-replayed").is_none());
    let second: Value = again.json().await.unwrap();
    assert_ne!(first["id"], second["id"]);
}
