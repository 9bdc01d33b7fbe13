//! One approved organisation per SIRET and RNA number: a registration of a
//! number an approved organisation holds is refused and pointed at it, a
//! registrant can look a number up first, and a stranger learns nothing
//! private. Drafts and registrations under review hold nothing (see
//! `security.rs` for the squatting this prevents).

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{organization_body, problem, spawn_app, Session, TestApp};

async fn register(app: &TestApp, owner: &Session, body: Value) -> reqwest::Response {
    app.send(Method::POST, "/v1/organizations", owner, Some(body))
        .await
}

#[tokio::test]
async fn a_registration_of_an_approved_organisation_s_number_is_pointed_at_it() {
    let app = spawn_app().await;
    let first_owner = app.volunteer("first").await;
    let mut body = organization_body("69003");
    body["siret"] = json!("13002526500013");
    let first: Value = register(&app, &first_owner, body.clone())
        .await
        .json()
        .await
        .unwrap();
    let first_id = first["id"].as_str().unwrap();
    app.approve(first_id).await;
    // Someone else registers the same association: by its RNA number…
    let second_owner = app.volunteer("second").await;
    let mut same_rna = organization_body("69003");
    same_rna["rna"] = body["rna"].clone();
    let refused = problem(register(&app, &second_owner, same_rna).await, 409).await;
    assert_eq!(refused["code"], "organization_exists");
    assert_eq!(refused["field"], "rna");
    assert_eq!(refused["existing_organization"]["id"], first_id);
    assert_eq!(refused["existing_organization"]["name"], first["name"]);
    assert_eq!(
        refused["existing_organization"]["page"],
        format!("/v1/organizations/{first_id}")
    );
    // Nothing private of the first comes with it.
    let text = refused.to_string();
    assert!(!text.contains("contact@ba69"), "{text}");

    // …or by its SIRET alone.
    let mut same_siret = organization_body("69003");
    same_siret["rna"] = Value::Null;
    same_siret["siret"] = json!("130 025 265 00013");
    let refused = problem(register(&app, &second_owner, same_siret).await, 409).await;
    assert_eq!(refused["field"], "siret");
    assert_eq!(refused["existing_organization"]["id"], first_id);

    // An edit cannot take another's number either, and writes nothing.
    let theirs: Value = register(&app, &second_owner, organization_body("69003"))
        .await
        .json()
        .await
        .unwrap();
    let theirs_path = format!("/v1/organizations/{}", theirs["id"].as_str().unwrap());
    let edit = app
        .send(
            Method::PATCH,
            &theirs_path,
            &second_owner,
            Some(json!({"siret": "13002526500013"})),
        )
        .await;
    assert_eq!(problem(edit, 409).await["code"], "organization_exists");
    let unchanged: Value = app
        .send(Method::GET, &theirs_path, &second_owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["siret"], Value::Null);
    // Re-saving one's own number is no duplicate.
    let own = app
        .send(
            Method::PATCH,
            &format!("/v1/organizations/{first_id}"),
            &first_owner,
            Some(json!({"siret": "13002526500013", "name": "Banque alimentaire du Rhône (69)"})),
        )
        .await;
    assert_eq!(own.status(), 200);

    // Once the first is deregistered, the number is free again.
    let gone = app
        .transition(
            &first_owner,
            &format!("/v1/organizations/{first_id}/transitions"),
            "deregistered",
            None,
        )
        .await;
    assert_eq!(gone.status(), 200);
    let retaken = app
        .send(
            Method::PATCH,
            &theirs_path,
            &second_owner,
            Some(json!({"siret": "13002526500013"})),
        )
        .await;
    assert_eq!(retaken.status(), 200);
}

#[tokio::test]
async fn approvals_racing_for_one_number_approve_one_organisation() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = organization_body("69003");
    let mut orgs = Vec::new();
    for n in 0..6 {
        let owner = app.volunteer(&format!("racer{n}")).await;
        let r = register(&app, &owner, body.clone()).await;
        assert_eq!(r.status(), 201, "a number under review blocks nobody");
        let id = r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let submitted = app
            .transition(
                &owner,
                &format!("/v1/organizations/{id}/transitions"),
                "pending_review",
                None,
            )
            .await;
        assert_eq!(submitted.status(), 200);
        orgs.push(id);
    }
    let paths: Vec<String> = orgs
        .iter()
        .map(|id| format!("/v1/organizations/{id}/transitions"))
        .collect();
    let answers = futures_util::future::join_all(
        paths
            .iter()
            .map(|path| app.transition(&admin, path, "approved", None)),
    )
    .await;
    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409]);
    for r in answers.into_iter().filter(|r| r.status() == 409) {
        assert_eq!(
            r.json::<Value>().await.unwrap()["code"],
            "organization_exists"
        );
    }
}

#[tokio::test]
async fn a_registrant_looks_a_number_up_without_signing_in() {
    let app = spawn_app().await;
    let owner = app.volunteer("owner").await;
    let mut body = organization_body("69003");
    body["siret"] = json!("13002526500013");
    let org: Value = register(&app, &owner, body.clone())
        .await
        .json()
        .await
        .unwrap();
    let rna = body["rna"].as_str().unwrap();
    // A draft holds nothing: nobody finds it.
    let draft: Value = app
        .get(&format!("/v1/organizations/lookup?rna={rna}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(draft, json!({"exists": false}));
    app.approve(org["id"].as_str().unwrap()).await;
    for query in [
        format!("rna={rna}"),
        "siret=13002526500013".into(),
        format!("rna={}", rna.to_lowercase()),
    ] {
        let found = app.get(&format!("/v1/organizations/lookup?{query}")).await;
        assert_eq!(found.status(), 200, "{query}");
        let found: Value = found.json().await.unwrap();
        assert_eq!(
            found,
            json!({"exists": true, "organization": {
                "id": org["id"], "name": org["name"], "page": format!("/v1/organizations/{}", org["id"].as_str().unwrap()),
            }}),
            "only the name and the page"
        );
    }
    let unknown: Value = app
        .get("/v1/organizations/lookup?rna=W999999999")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unknown, json!({"exists": false}));

    // Malformed numbers, neither or both: 422 naming the field.
    for (query, field, code) in [
        ("siret=13002526500014", "siret", "invalid_checksum"),
        ("rna=12345", "rna", "invalid_format"),
        ("", "siret", "required"),
        ("siret=13002526500013&rna=W691234567", "siret", "required"),
    ] {
        let r = app.get(&format!("/v1/organizations/lookup?{query}")).await;
        let p = problem(r, 422).await;
        assert_eq!(p["errors"][0]["field"], field, "{query}");
        assert_eq!(p["errors"][0]["code"], code, "{query}");
    }
}

#[tokio::test]
async fn look_ups_are_limited_per_client() {
    let app = crate::common::spawn_with(
        json!({"limits": {"lookup_per_ip": {"limit": 3, "period_secs": 60}}}),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            app.get("/v1/organizations/lookup?rna=W691111111")
                .await
                .status(),
            200
        );
    }
    let refused = app.get("/v1/organizations/lookup?rna=W691111111").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
}
