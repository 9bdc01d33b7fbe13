//! The personal data export holds everything about the person, and
//! erasure forgets it all, without leaving an organisation with no owner.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{eventually, problem, spawn_app, TestApp, PASSWORD};

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, i64>(sql).bind(bind).fetch_one(c).await)
        .unwrap()
}

async fn count_of(app: &TestApp, sql: &str, account: &str) -> i64 {
    let account: uuid::Uuid = account.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, i64>(sql).bind(account).fetch_one(c).await)
        .unwrap()
}

async fn invite(app: &TestApp, owner: &crate::common::Session, org: &str, email: &str) {
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/invitations"),
            owner,
            Some(json!({"email": email, "role": "manager"})),
        )
        .await;
    assert_eq!(r.status(), 202);
}

#[tokio::test]
async fn the_export_holds_applications_memberships_invitations_and_history() {
    let app = spawn_app().await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(5).await;
    let v = app.volunteer("exported").await;
    let applied: Value = app
        .apply(&v, &mission, Some("Je connais bien le quartier."))
        .await
        .json()
        .await
        .unwrap();
    let participation = applied["id"].as_str().unwrap();
    let accepted = app
        .transition(
            &owner,
            &format!("/v1/participations/{participation}/transitions"),
            "accepted",
            None,
        )
        .await;
    assert_eq!(accepted.status(), 200);
    invite(&app, &owner, &org, &v.email).await;
    let own = app.organization(&v, "75011").await;

    let export: Value = app
        .send(Method::GET, "/v1/me/export", &v, None)
        .await
        .json()
        .await
        .unwrap();
    let participations = export["participations"].as_array().unwrap();
    assert_eq!(participations.len(), 1);
    assert_eq!(
        participations[0]["motivation"],
        "Je connais bien le quartier."
    );
    assert_eq!(participations[0]["state"], "accepted");
    assert_eq!(export["memberships"][0]["organization_id"], own.as_str());
    assert_eq!(export["memberships"][0]["role"], "owner");
    let invitations = export["invitations"].as_array().unwrap();
    assert!(invitations
        .iter()
        .any(|i| i["direction"] == "received" && i["organization_id"] == org.as_str()));
    // The organisation's acceptance, about them, is in their history.
    let history = export["history"].as_array().unwrap();
    assert!(history.iter().any(|h| h["subject_id"] == participation
        && h["to_state"] == "accepted"
        && h["by_them"] == false));
    assert!(!export["emails"].as_array().unwrap().is_empty());
    assert!(!export.to_string().contains("\"token\""));
}

#[tokio::test]
async fn the_last_owner_of_an_organisation_cannot_erase_their_account() {
    let app = spawn_app().await;
    let v = app.volunteer("sole-owner").await;
    let org = app.organization(&v, "69003").await;
    let refused = app
        .send(
            Method::DELETE,
            "/v1/me",
            &v,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    let p = problem(refused, 409).await;
    assert_eq!(p["code"], "last_owner");
    assert_eq!(p["organization_id"], org.as_str());
    // Nothing was done: the account still works.
    assert_eq!(app.login(&v.email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn erasure_forgets_texts_memberships_emails_and_stored_answers() {
    let app = spawn_app().await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(5).await;
    let v = app.volunteer("forgotten").await;
    // An application, sent with an idempotency key.
    let applied = app
        .client
        .post(app.url(&format!("/v1/missions/{mission}/participations")))
        .bearer_auth(&v.access)
        .header("idempotency-key", "apply-1")
        .json(&json!({"motivation": "Mon numéro est le 06 12 34 56 78."}))
        .send()
        .await
        .unwrap();
    assert_eq!(applied.status(), 201);

    // Then a member of the organisation, through an invitation.
    invite(&app, &owner, &org, &v.email).await;
    let token = app
        .token_from_email(&v.email, "organization_invitation")
        .await;
    let accepted = app
        .send(
            Method::POST,
            "/v1/invitations/accept",
            &v,
            Some(json!({"token": token})),
        )
        .await;
    assert!(accepted.status().is_success());
    let erased = app
        .send(
            Method::DELETE,
            "/v1/me",
            &v,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(erased.status(), 204);

    let id = &v.account_id;
    let texts = count_of(
        &app,
        "SELECT COUNT(*) FROM participations WHERE volunteer_id = $1 AND (motivation IS NOT NULL OR state <> 'cancelled')",
        id,
    )
    .await;
    assert_eq!(texts, 0, "the application is cancelled and its text gone");
    let memberships = count_of(
        &app,
        "SELECT COUNT(*) FROM organization_members WHERE account_id = $1",
        id,
    )
    .await;
    assert_eq!(memberships, 0);
    let answers = count_of(
        &app,
        "SELECT COUNT(*) FROM idempotency_keys WHERE account_id = $1",
        id,
    )
    .await;
    assert_eq!(answers, 0);
    let emails = count(
        &app,
        "SELECT COUNT(*) FROM outbox_jobs WHERE lower(payload->>'to') = lower($1) AND state <> 'running'",
        &v.email,
    )
    .await;
    assert_eq!(emails, 0);
    // The organisation hears that the place is free again, without a name.
    eventually("the organisation is told", || async {
        app.mailbox(&owner.email)
            .await
            .iter()
            .any(|e| e["template"] == "volunteer_cancelled")
    })
    .await;
}

#[tokio::test]
async fn an_email_being_sent_at_erasure_keeps_no_address_once_done() {
    let app = spawn_app().await;
    let v = app.volunteer("leaving").await;
    // An email to the person, claimed by a worker at the moment of erasure
    // (a lease held for an hour, so that this test's worker leaves it be).
    let job = uuid::Uuid::now_v7();
    {
        let mut conn = app.db.acquire().await.unwrap();
        let now = app.now();
        renfort::on_conn!(&mut conn, c => sqlx::query(
            "INSERT INTO outbox_jobs (id, kind, payload, priority, state, run_after, attempts, created_at, updated_at, locked_by, locked_until)
             VALUES ($1, 'email', $2, 0, 'running', $3, 1, $3, $3, 'elsewhere', $4)",
        )
        .bind(job)
        .bind(sqlx::types::Json(json!({"to": v.email, "template": "password_changed", "params": {"first_name": "Léa"}})))
        .bind(now)
        .bind(now + chrono::Duration::hours(1))
        .execute(c)
        .await
        .map(|_| ()))
        .unwrap();
    }
    let erased = app
        .send(
            Method::DELETE,
            "/v1/me",
            &v,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(erased.status(), 204);
    // The sending finishes after the erasure: the row it leaves has no address.
    renfort::store::outbox::complete(&app.db, job, "elsewhere", None, true)
        .await
        .unwrap();
    let kept = count(
        &app,
        "SELECT COUNT(*) FROM outbox_jobs WHERE lower(payload->>'to') = lower($1)",
        &v.email,
    )
    .await;
    assert_eq!(kept, 0);
}
