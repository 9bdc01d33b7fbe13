//! Organisations: registration, moderation, members, and nobody seeing
//! what is not theirs.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{organization_body, problem, spawn_app, unique_email};

#[tokio::test]
async fn an_organisation_is_registered_submitted_and_approved_by_its_referent() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let referent = app.referent(&admin, &["69"]).await;
    let owner = app.volunteer("owner").await;

    let created = app
        .send(
            Method::POST,
            "/v1/organizations",
            &owner,
            Some(organization_body("69003")),
        )
        .await;
    assert_eq!(created.status(), 201);
    let org: Value = created.json().await.unwrap();
    assert_eq!(org["view"], "private");
    assert_eq!(org["state"], "draft");
    assert_eq!(org["your_role"], "owner");
    assert_eq!(org["address"]["department"], "69");
    assert_eq!(
        org["allowed_transitions"],
        json!(["pending_review", "deregistered"])
    );
    let id = org["id"].as_str().unwrap();
    let path = format!("/v1/organizations/{id}/transitions");

    let submitted = app.transition(&owner, &path, "pending_review", None).await;
    assert_eq!(
        submitted.json::<Value>().await.unwrap()["state"],
        "pending_review"
    );
    let emails = app.mailbox(&referent.email).await;
    assert_eq!(
        emails[0]["template"], "organization_submitted",
        "the referent is told"
    );

    let queue: Value = app
        .send(Method::GET, "/v1/moderation/organizations", &referent, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"][0]["id"], id);

    let approved = app.transition(&referent, &path, "approved", None).await;
    assert_eq!(approved.status(), 200);
    assert_eq!(
        app.mailbox(&owner.email).await[0]["template"],
        "organization_approved"
    );

    let history: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{id}/history"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let steps: Vec<(Value, Value, Value)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["from"].clone(), h["to"].clone(), h["actor_role"].clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Value::Null, json!("draft"), json!("owner")),
            (json!("draft"), json!("pending_review"), json!("owner")),
            (
                json!("pending_review"),
                json!("approved"),
                json!("referent")
            ),
        ]
    );
    assert_eq!(history["items"][2]["actor_name"], "Léa Martin");

    // Once approved, anyone sees the public view: no identifiers, no contact.
    let public = app.get(&format!("/v1/organizations/{id}")).await;
    let text = public.text().await.unwrap();
    let public: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(public["view"], "public");
    let rna = org["rna"].as_str().unwrap();
    for secret in ["contact@ba69", "+33478000000", rna, &owner.email] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}

#[tokio::test]
async fn refused_transitions_say_what_is_allowed_and_strangers_get_404() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let other_referent = app.referent(&admin, &["13"]).await;
    let owner = app.volunteer("owner").await;
    let other_owner = app.volunteer("other").await;
    app.organization(&other_owner, "13001").await;
    let stranger = app.volunteer("stranger").await;
    let id = app.organization(&owner, "69003").await;
    let path = format!("/v1/organizations/{id}/transitions");

    // The owner cannot approve their own organisation.
    let p = problem(app.transition(&owner, &path, "approved", None).await, 409).await;
    assert_eq!(p["code"], "invalid_transition");
    assert_eq!(p["current_state"], "draft");
    assert_eq!(
        p["allowed_transitions"],
        json!(["pending_review", "deregistered"])
    );

    // Nobody else even sees it.
    for who in [&stranger, &other_owner, &other_referent] {
        problem(
            app.transition(who, &path, "pending_review", None).await,
            404,
        )
        .await;
        for private in ["", "/history", "/members"] {
            let r = app
                .send(
                    Method::GET,
                    &format!("/v1/organizations/{id}{private}"),
                    who,
                    None,
                )
                .await;
            problem(r, 404).await;
        }
        let r = app
            .send(
                Method::PATCH,
                &format!("/v1/organizations/{id}"),
                who,
                Some(json!({"name": "Pirate"})),
            )
            .await;
        problem(r, 404).await;
    }
    problem(app.get(&format!("/v1/organizations/{id}")).await, 404).await;

    assert_eq!(
        app.transition(&owner, &path, "pending_review", None)
            .await
            .status(),
        200
    );
    // A referent of another department cannot decide; an admin can.
    problem(
        app.transition(&other_referent, &path, "approved", None)
            .await,
        404,
    )
    .await;
    let p = problem(app.transition(&admin, &path, "rejected", None).await, 422).await;
    assert_eq!(
        p["errors"][0]["field"], "reason",
        "rejecting needs a reason"
    );
    let rejected = app
        .transition(&admin, &path, "rejected", Some("Pas de numéro RNA valide"))
        .await;
    assert_eq!(rejected.status(), 200);
    assert_eq!(
        app.mailbox(&owner.email).await[0]["template"],
        "organization_rejected"
    );
    let p = problem(app.transition(&admin, &path, "approved", None).await, 409).await;
    assert_eq!(p["allowed_transitions"], json!(["deregistered"]));
}

#[tokio::test]
async fn organisation_fields_are_validated_one_by_one() {
    let app = spawn_app().await;
    let owner = app.volunteer("owner").await;
    let mut body = organization_body("69003");
    body["rna"] = json!("12345");
    body["siret"] = json!("13002526500014");
    body["address"]["latitude"] = json!(123.0);
    body["website"] = json!("ftp://nope");
    body["contact_email"] = json!("nope");
    body["domains"] = json!([]);
    let p = problem(
        app.send(Method::POST, "/v1/organizations", &owner, Some(body))
            .await,
        422,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec![
            "rna",
            "siret",
            "address.latitude",
            "website",
            "contact_email",
            "domains"
        ]
    );
    let mine: Value = app
        .send(Method::GET, "/v1/me/organizations", &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"], json!([]), "nothing was written");

    let mut body = organization_body("69003");
    body["kind"] = json!("club");
    let p = problem(
        app.send(Method::POST, "/v1/organizations", &owner, Some(body))
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "kind");
}

#[tokio::test]
async fn members_are_invited_and_the_last_owner_stays() {
    let app = spawn_app().await;
    let owner = app.volunteer("owner").await;
    let id = app.approved_organization(&owner, "69003").await;
    let invited_email = unique_email("manager");
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{id}/invitations"),
            &owner,
            Some(json!({"email": invited_email, "role": "manager"})),
        )
        .await;
    assert_eq!(r.status(), 202);
    let token = app
        .token_from_email(&invited_email, "organization_invitation")
        .await;

    // Someone else cannot use the link.
    let intruder = app.volunteer("intruder").await;
    let r = app
        .send(
            Method::POST,
            "/v1/invitations/accept",
            &intruder,
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(problem(r, 400).await["code"], "invalid_token");

    // The invitee signs up with the invited address and accepts.
    assert_eq!(app.signup(&invited_email).await.status(), 202);
    let manager = app.activate(&invited_email).await;
    let r = app
        .send(
            Method::POST,
            "/v1/invitations/accept",
            &manager,
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["your_role"], "manager");
    let members: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{id}/members"),
            &manager,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["items"].as_array().unwrap().len(), 2);

    // A manager cannot invite or remove others; the last owner cannot leave.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{id}/invitations"),
            &manager,
            Some(json!({"email": "x@example.org", "role": "owner"})),
        )
        .await;
    assert_eq!(problem(r, 403).await["code"], "owners_only");
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{id}/members/{}", owner.account_id),
            &manager,
            None,
        )
        .await;
    problem(r, 403).await;
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{id}/members/{}", owner.account_id),
            &owner,
            None,
        )
        .await;
    assert_eq!(problem(r, 409).await["code"], "last_owner");
    let r = app
        .send(
            Method::PUT,
            &format!("/v1/organizations/{id}/members/{}", owner.account_id),
            &owner,
            Some(json!({"role": "manager"})),
        )
        .await;
    assert_eq!(problem(r, 409).await["code"], "last_owner");

    // With a second owner, the first may leave.
    let r = app
        .send(
            Method::PUT,
            &format!("/v1/organizations/{id}/members/{}", manager.account_id),
            &owner,
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{id}/members/{}", owner.account_id),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 204);
    // The former owner now sees what anyone sees of an approved organisation.
    let seen: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{id}"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(seen.get("your_role").is_none_or(Value::is_null), "{seen}");
    assert!(seen.get("contact_phone").is_none(), "{seen}");
}

#[tokio::test]
async fn moderation_queues_hold_only_the_referents_departments_oldest_first() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let lyon = app.referent(&admin, &["69"]).await;
    let mut ids = Vec::new();
    for postcode in ["69001", "13001", "69002", "69003"] {
        let owner = app.volunteer("owner").await;
        let id = app.organization(&owner, postcode).await;
        let r = app
            .transition(
                &owner,
                &format!("/v1/organizations/{id}/transitions"),
                "pending_review",
                None,
            )
            .await;
        assert_eq!(r.status(), 200);
        ids.push(id);
    }
    let first: Value = app
        .send(
            Method::GET,
            "/v1/moderation/organizations?limit=2",
            &lyon,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a second page")
        .to_owned();
    let second: Value = app
        .send(
            Method::GET,
            &format!("/v1/moderation/organizations?limit=2&cursor={cursor}"),
            &lyon,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let seen: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        seen,
        vec![ids[0].as_str(), ids[2].as_str(), ids[3].as_str()]
    );
    assert_eq!(second["next_cursor"], Value::Null);
    let all: Value = app
        .send(Method::GET, "/v1/moderation/organizations", &admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        all["items"].as_array().unwrap().len(),
        4,
        "admins see every department"
    );
    let volunteer = app.volunteer("nobody").await;
    let r = app
        .send(
            Method::GET,
            "/v1/moderation/organizations",
            &volunteer,
            None,
        )
        .await;
    assert_eq!(problem(r, 403).await["code"], "moderators_only");
    let r = app
        .send(
            Method::GET,
            "/v1/moderation/organizations?cursor=garbage",
            &lyon,
            None,
        )
        .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "cursor");
}

#[tokio::test]
async fn creating_an_organisation_with_an_idempotency_key_happens_once() {
    let app = spawn_app().await;
    let owner = app.volunteer("owner").await;
    let body = organization_body("69003");
    let send = || async {
        app.client
            .post(app.url("/v1/organizations"))
            .bearer_auth(&owner.access)
            .header("idempotency-key", "org-1")
            .json(&body)
            .send()
            .await
            .unwrap()
    };
    let first: Value = send().await.json().await.unwrap();
    let second = send().await;
    assert_eq!(second.status(), 201);
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    assert_eq!(second.json::<Value>().await.unwrap()["id"], first["id"]);
    let mine: Value = app
        .send(Method::GET, "/v1/me/organizations", &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
}
