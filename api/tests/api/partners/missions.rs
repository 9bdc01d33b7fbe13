//! Missions by the partner's own id: upserts, batches, unpublishing, and
//! their shifts.

use super::*;

async fn history_len(app: &TestApp, owner: &Session, mission: &str) -> usize {
    app.send(
        Method::GET,
        &format!("/v1/missions/{mission}/history"),
        owner,
        None,
    )
    .await
    .json::<Value>()
    .await
    .unwrap()["items"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_upsert_creates_once_changes_nothing_when_repeated_and_follows_moderation() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let id = published_by_partner(&app, &key, &referent, "crm-42", "Distribution de repas").await;

    // The same mission again: 200, nothing written.
    let before = history_len(&app, &owner, &id).await;
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some({
            let mut b = mission_body("69002");
            b["title"] = json!("Distribution de repas");
            b
        }),
    )
    .await;
    assert_eq!(r.status(), 200);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["state"], "published");
    assert_eq!(
        history_len(&app, &owner, &id).await,
        before,
        "nothing written"
    );

    // A minor change stays published; a material one goes back to review.
    let mut body = mission_body("69002");
    body["title"] = json!("Distribution de repas");
    body["capacity"] = json!(12);
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(body.clone()),
    )
    .await;
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "published");
    body["title"] = json!("Maraude du mercredi soir");
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(body),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "pending_review");
    let entries: Value = app
        .send(
            Method::GET,
            &format!("/v1/missions/{id}/history"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let last = entries["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor_role"], "api_key");
    assert_eq!(last["to"], "pending_review");

    // Client ids belong to their organisation: another's key makes its own.
    let other_owner = app.volunteer("other").await;
    let other = app.approved_organization(&other_owner, "69004").await;
    let (other_key, _) = key_of(&app, &other_owner, &other, ALL_SCOPES).await;
    let r = partner(
        &app,
        &other_key,
        Method::GET,
        "/v1/partner/missions/crm-42",
        None,
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = partner(
        &app,
        &other_key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(mission_body("69002")),
    )
    .await;
    assert_eq!(r.status(), 201);
    assert_ne!(r.json::<Value>().await.unwrap()["id"], id.as_str());
    // A malformed client id is named.
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/a%20b",
        Some(mission_body("69002")),
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "client_id");
    let _ = org;
}

#[tokio::test]
async fn a_key_of_one_organisation_finds_nothing_of_another() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key_a) = partner_org(&app).await;
    let owner_b = app.volunteer("owner-b").await;
    let org_b = app.approved_organization(&owner_b, "69004").await;
    let (key_b, _) = key_of(&app, &owner_b, &org_b, ALL_SCOPES).await;
    let mission_b = published_by_partner(&app, &key_b, &referent, "b-1", "Mission de B").await;
    let volunteer = app.volunteer("vol").await;
    let r = app
        .apply(&volunteer, &mission_b, Some("Je suis motivée"))
        .await;
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = partner(
        &app,
        &key_b,
        Method::POST,
        "/v1/partner/webhooks",
        Some(json!({
            "url": "http://127.0.0.1:9/hook", "events": ["participation.created"]
        })),
    )
    .await;
    let hook_b = r.json::<Value>().await.unwrap()["endpoint"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    for (m, path, body) in [
        (Method::GET, "/v1/partner/missions/b-1".to_owned(), None),
        (Method::DELETE, "/v1/partner/missions/b-1".to_owned(), None),
        (
            Method::POST,
            format!("/v1/partner/participations/{participation}/transitions"),
            Some(json!({"to": "accepted"})),
        ),
        (Method::GET, format!("/v1/partner/webhooks/{hook_b}"), None),
        (
            Method::PATCH,
            format!("/v1/partner/webhooks/{hook_b}"),
            Some(json!({"enabled": false})),
        ),
        (
            Method::DELETE,
            format!("/v1/partner/webhooks/{hook_b}"),
            None,
        ),
        (
            Method::POST,
            format!("/v1/partner/webhooks/{hook_b}/rotate-secret"),
            None,
        ),
        (
            Method::GET,
            format!("/v1/partner/webhooks/{hook_b}/deliveries"),
            None,
        ),
    ] {
        let r = partner(&app, &key_a, m.clone(), &path, body).await;
        assert_eq!(r.status(), 404, "{m} {path}");
    }
    // A's feeds hold nothing of B.
    let feed: Value = partner(&app, &key_a, Method::GET, "/v1/partner/feed/missions", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(feed["items"], json!([]));
    let feed: Value = partner(
        &app,
        &key_a,
        Method::GET,
        "/v1/partner/feed/participations",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(feed["items"], json!([]));
    // B's own key answers its application, as a member would.
    let r = partner(
        &app,
        &key_b,
        Method::POST,
        &format!("/v1/partner/participations/{participation}/transitions"),
        Some(json!({"to": "accepted"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let answered: Value = r.json().await.unwrap();
    assert_eq!(answered["state"], "accepted");
    assert_eq!(answered["volunteer"]["email"], volunteer.email.as_str());
}

#[tokio::test]
async fn a_batch_answers_each_mission_and_one_failure_fails_alone() {
    let app = spawn_with(partner_settings()).await;
    let (_, _, _, key) = partner_org(&app).await;
    let mut short = mission_body("69002");
    short["title"] = json!("Nah");
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(json!({"missions": [
            {"client_id": "ok-1", "mission": mission_body("69002")},
            {"client_id": "bad-1", "mission": short},
            {"client_id": "not an id", "mission": mission_body("69002")},
            {"client_id": "bad-2", "mission": {"title": 3}},
            {"client_id": "ok-2", "mission": mission_body("69003")},
        ]})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let results: Value = r.json().await.unwrap();
    let results = results["results"].as_array().unwrap();
    let statuses: Vec<u64> = results
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [201, 422, 422, 422, 201]);
    assert_eq!(results[1]["problem"]["errors"][0]["field"], "title");
    assert_eq!(results[2]["problem"]["errors"][0]["field"], "client_id");
    assert_eq!(
        results[3]["problem"]["errors"][0]["field"],
        "missions[3].mission.title"
    );
    assert_eq!(results[4]["outcome"], "created");
    // Sent again: created ones are unchanged, nothing new.
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(json!({"missions": [
            {"client_id": "ok-1", "mission": mission_body("69002")},
        ]})),
    )
    .await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["results"][0]["outcome"],
        "unchanged"
    );
    // More than 100 is refused whole.
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"client_id": format!("m-{i}"), "mission": mission_body("69002")}))
        .collect();
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(json!({"missions": many})),
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "missions");
}

#[tokio::test]
async fn unpublishing_keeps_the_mission_for_its_participations() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    let id = published_by_partner(&app, &key, &referent, "gone-1", "Mission qui s'arrête").await;
    let volunteer = app.volunteer("vol").await;
    let r = app.apply(&volunteer, &id, Some("Présente")).await;
    assert_eq!(r.status(), 201);
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = "/v1/partner/missions/gone-1";
    assert_eq!(
        partner(&app, &key, Method::DELETE, path, None)
            .await
            .status(),
        204
    );
    assert_eq!(
        partner(&app, &key, Method::DELETE, path, None)
            .await
            .status(),
        204
    );
    assert_eq!(app.get(&format!("/v1/missions/{id}")).await.status(), 404);
    let mine: Value = app
        .send(
            Method::GET,
            &format!("/v1/participations/{participation}"),
            &volunteer,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["state"], "cancelled");
    assert_eq!(mine["reason_code"], "mission_closed");
    let r = partner(&app, &key, Method::PUT, path, Some(mission_body("69002"))).await;
    assert_eq!(problem(r, 409).await["code"], "mission_cancelled");
    // A draft left behind is deleted; a mission under review withdrawn.
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/review-1",
        Some(mission_body("69002")),
    )
    .await;
    let reviewed = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        partner(
            &app,
            &key,
            Method::DELETE,
            "/v1/partner/missions/review-1",
            None
        )
        .await
        .status(),
        204
    );
    let got: Value = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/missions/review-1",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(got["id"], reviewed.as_str());
    assert_eq!(got["state"], "cancelled");
    assert_eq!(
        partner(
            &app,
            &key,
            Method::DELETE,
            "/v1/partner/missions/never-1",
            None
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn a_partner_manages_a_mission_s_shifts_and_its_puts_keep_their_places() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, _org, key) = partner_org(&app).await;
    let id = published_by_partner(&app, &key, &referent, "crm-42", "Maraude").await;
    let day = app.today() + chrono::Duration::days(12);
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/crm-42/shifts",
        Some(
            json!({"day": day, "start_time": "19:00", "end_time": "22:00", "capacity": 4,
                    "repeat": {"every": "week", "until": day + chrono::Duration::days(7)}}),
        ),
    )
    .await;
    assert_eq!(r.status(), 201);
    let shifts: Vec<Value> = r.json().await.unwrap();
    assert_eq!(shifts.len(), 2);
    let listed: Vec<Value> = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/missions/crm-42/shifts",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(listed.len(), 2);

    // The whole mission sent again, with its old capacity and dates: the
    // shifts' places and dates stay.
    let mut body = mission_body("69002");
    body["title"] = json!("Maraude");
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(body),
    )
    .await;
    assert_eq!(r.status(), 200);
    let mission: Value = r.json().await.unwrap();
    assert_eq!(mission["capacity"], 8);
    assert_eq!(mission["start_date"], day.to_string());

    let shift = shifts[1]["id"].as_str().unwrap();
    let r = partner(
        &app,
        &key,
        Method::PATCH,
        &format!("/v1/partner/missions/crm-42/shifts/{shift}"),
        Some(json!({"capacity": 6})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!(
            "/v1/partner/missions/crm-42/shifts/{}/cancellation",
            shifts[0]["id"].as_str().unwrap()
        ),
        Some(json!({"reason": "Météo"})),
    )
    .await;
    assert_eq!(r.status(), 204);
    let page: Value = app
        .client
        .get(app.url(&format!("/v1/missions/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["places_left"], 6);

    // A read-only key cannot write; another organisation's key finds nothing.
    let (read_only, _) = key_of(&app, &owner, &_org, &["missions:read"]).await;
    let p = problem(
        partner(
            &app,
            &read_only,
            Method::POST,
            "/v1/partner/missions/crm-42/shifts",
            Some(json!({"day": day, "start_time": "09:00", "end_time": "10:00", "capacity": 1})),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(p["code"], "scope_missing");
    let (_o2, _r2, _org2, other) = partner_org(&app).await;
    problem(
        partner(
            &app,
            &other,
            Method::GET,
            "/v1/partner/missions/crm-42/shifts",
            None,
        )
        .await,
        404,
    )
    .await;
}
