//! Attendance, hours and attestations: the organisation marks volunteers
//! present or absent once the mission started; a present volunteer sees
//! their hours and downloads a PDF whose code anyone can verify.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, spawn_with, Session, TestApp};

async fn attend(app: &TestApp, who: &Session, id: &str, body: Value) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/participations/{id}/attendance"),
        who,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn present_volunteers_get_their_hours_and_a_verifiable_attestation() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let lea = app.volunteer("lea").await;
    let bob = app.volunteer("bob").await;
    let present = app.accepted(&owner, &lea, &mission).await;
    let absent = app.accepted(&owner, &bob, &mission).await;

    // Not before the mission starts (in a month).
    let p = problem(
        attend(
            &app,
            &owner,
            &present,
            json!({"present": true, "hours": 3.5}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "invalid_transition");
    // A month and a day later, the mission has started; everyone's access
    // token has long expired, and is refreshed.
    app.travel(chrono::Duration::days(31));
    let (owner, lea, bob) = (app.renewed(&owner), app.renewed(&lea), app.renewed(&bob));

    // Hours are required when present, refused when absent.
    let p = problem(
        attend(&app, &owner, &present, json!({"present": true})).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "hours");
    let p = problem(
        attend(&app, &owner, &absent, json!({"present": false, "hours": 2})).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "hours");
    // Only the organisation records it; strangers see nothing.
    let p = problem(
        attend(&app, &lea, &present, json!({"present": true, "hours": 9})).await,
        403,
    )
    .await;
    assert_eq!(p["code"], "members_only");
    let stranger = app.volunteer("stranger").await;
    problem(
        attend(
            &app,
            &stranger,
            &present,
            json!({"present": true, "hours": 9}),
        )
        .await,
        404,
    )
    .await;

    assert_eq!(
        attend(
            &app,
            &owner,
            &present,
            json!({"present": true, "hours": 3.5})
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        attend(&app, &owner, &absent, json!({"present": false}))
            .await
            .status(),
        204
    );
    problem(
        attend(&app, &owner, &present, json!({"present": true, "hours": 1})).await,
        409,
    )
    .await;
    let seen: Value = app
        .send(
            Method::GET,
            &format!("/v1/participations/{present}"),
            &lea,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["state"], "completed");

    let hours: Value = app
        .send(Method::GET, "/v1/me/hours", &lea, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hours["total_hours"], 3.5);
    let code = hours["participations"][0]["attestation_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let theirs: Value = app
        .send(Method::GET, "/v1/me/hours", &bob, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["total_hours"], 0.0);

    // The PDF exists and carries its code.
    let r = app
        .send(
            Method::GET,
            &format!("/v1/participations/{present}/attestation"),
            &lea,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Read by an independent PDF reader: the code, and who and what.
    let text = pdf_extract::extract_text_from_mem(&pdf).expect("a readable PDF");
    assert!(text.contains(&code), "the code is in the file: {text}");
    assert!(text.contains("Banque alimentaire du Rhône"), "{text}");
    assert!(text.contains("Distribution de repas"), "{text}");
    problem(
        app.send(
            Method::GET,
            &format!("/v1/participations/{absent}/attestation"),
            &bob,
            None,
        )
        .await,
        409,
    )
    .await;
    problem(
        app.send(
            Method::GET,
            &format!("/v1/participations/{present}/attestation"),
            &owner,
            None,
        )
        .await,
        404,
    )
    .await;

    // Anyone can verify the code, without signing in.
    let verified: Value = app
        .get(&format!("/v1/attestations/{code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verified["volunteer"], "Léa M.");
    assert_eq!(verified["mission"], "Distribution de repas");
    assert_eq!(verified["hours"], 3.5);
    problem(app.get("/v1/attestations/RF-22222-22222").await, 404).await;

    // The personal export holds what the organisation recorded: presence,
    // hours and the attestation's code for Léa, absence for Bob.
    let export: Value = app
        .send(Method::GET, "/v1/me/export", &lea, None)
        .await
        .json()
        .await
        .unwrap();
    let theirs = &export["participations"][0];
    assert_eq!(theirs["id"], present.as_str());
    assert_eq!(theirs["attended"], true);
    assert_eq!(theirs["hours"], 3.5);
    assert_eq!(theirs["attestation_code"], code.as_str());
    let export: Value = app
        .send(Method::GET, "/v1/me/export", &bob, None)
        .await
        .json()
        .await
        .unwrap();
    let theirs = &export["participations"][0];
    assert_eq!(theirs["attended"], false);
    assert_eq!(theirs["hours"], 0.0);
    assert_eq!(theirs["attestation_code"], Value::Null);
}
