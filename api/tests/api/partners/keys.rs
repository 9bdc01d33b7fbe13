//! API keys: shown once, scoped, rated, and owned by their organisation's
//! owners.

use super::*;

#[tokio::test]
async fn owners_create_rotate_and_revoke_keys_that_are_shown_once_and_audited() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (secret, key_id) = key_of(&app, &owner, &org, &["missions:read"]).await;
    assert!(secret.starts_with("rf_live_"));
    let feed = "/v1/partner/feed/missions";
    assert_eq!(
        partner(&app, &secret, Method::GET, feed, None)
            .await
            .status(),
        200
    );

    // The list never shows a secret, and notes the use.
    let list: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let listed = &list["items"][0];
    assert_eq!(listed["id"], key_id.as_str());
    assert_eq!(listed["scopes"], json!(["missions:read"]));
    assert_eq!(listed["rate_per_minute"], 600);
    assert!(listed["last_used_at"].is_string(), "{listed}");
    assert!(!list.to_string().contains(&secret[20..]));

    // Rotation: the old text stops at once, the new one works.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys/{key_id}/rotate"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let rotated = r.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let old = problem(partner(&app, &secret, Method::GET, feed, None).await, 401).await;
    assert_eq!(old["code"], "invalid_api_key");
    assert_eq!(
        partner(&app, &rotated, Method::GET, feed, None)
            .await
            .status(),
        200
    );

    // Revocation: refused at once, and a revoked key cannot be rotated.
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{org}/api-keys/{key_id}"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.json::<Value>().await.unwrap()["revoked_at"].is_string());
    problem(partner(&app, &rotated, Method::GET, feed, None).await, 401).await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys/{key_id}/rotate"),
            &owner,
            None,
        )
        .await;
    assert_eq!(problem(r, 409).await["code"], "api_key_revoked");

    // Each change is in the organisation's audit trail, newest first.
    let audit: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/audit"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    // Keys, after the owner's own arrival when they created it.
    assert_eq!(
        actions,
        [
            "api_key.revoked",
            "api_key.rotated",
            "api_key.created",
            "member.joined"
        ]
    );
    assert_eq!(audit["items"][0]["actor_role"], "owner");
}

#[tokio::test]
async fn only_owners_manage_keys_and_strangers_learn_nothing() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (_, key_id) = key_of(&app, &owner, &org, &["missions:read"]).await;
    let stranger = app.volunteer("stranger").await;
    for (m, path) in [
        (Method::POST, format!("/v1/organizations/{org}/api-keys")),
        (Method::GET, format!("/v1/organizations/{org}/api-keys")),
        (
            Method::POST,
            format!("/v1/organizations/{org}/api-keys/{key_id}/rotate"),
        ),
        (
            Method::DELETE,
            format!("/v1/organizations/{org}/api-keys/{key_id}"),
        ),
        (Method::GET, format!("/v1/organizations/{org}/audit")),
        (
            Method::GET,
            format!("/v1/organizations/{org}/exports/participations"),
        ),
    ] {
        let body = (m == Method::POST).then(|| json!({"name": "x", "scopes": ["missions:read"]}));
        let r = app.send(m.clone(), &path, &stranger, body).await;
        assert_eq!(r.status(), 404, "{m} {path}");
    }
    // A key of another organisation is not found through this one.
    let other_owner = app.volunteer("other").await;
    let other = app.approved_organization(&other_owner, "75011").await;
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{other}/api-keys/{key_id}"),
            &other_owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 404);
    // Scopes and names are checked.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            Some(json!({"name": " ", "scopes": []})),
        )
        .await;
    let p = problem(r, 422).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "scopes"]);
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            Some(json!({"name": "x", "scopes": ["admin:all"]})),
        )
        .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "scopes[0]");
}

#[tokio::test]
async fn a_key_acts_within_its_scopes_and_never_beyond_the_partner_api() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (reader, _) = key_of(&app, &owner, &org, &["missions:read"]).await;
    let refusals = [
        (
            Method::PUT,
            "/v1/partner/missions/m-1",
            Some(mission_body("69002")),
            "missions:write",
        ),
        (
            Method::DELETE,
            "/v1/partner/missions/m-1",
            None,
            "missions:write",
        ),
        (
            Method::GET,
            "/v1/partner/feed/participations",
            None,
            "participations:read",
        ),
        (
            Method::POST,
            "/v1/partner/participations/0190a5e4-0000-7000-8000-000000000000/transitions",
            Some(json!({"to": "accepted"})),
            "participations:write",
        ),
        (Method::GET, "/v1/partner/webhooks", None, "webhooks:manage"),
    ];
    for (m, path, body, scope) in refusals {
        let p = problem(partner(&app, &reader, m.clone(), path, body).await, 403).await;
        assert_eq!(p["code"], "scope_missing", "{m} {path}");
        assert!(p["detail"].as_str().unwrap().contains(scope), "{p}");
    }
    assert_eq!(
        partner(
            &app,
            &reader,
            Method::GET,
            "/v1/partner/feed/missions",
            None
        )
        .await
        .status(),
        200
    );
    // Without a key, with a bearer token, with something that is not a key.
    let feed = app.url("/v1/partner/feed/missions");
    let r = app.client.get(&feed).send().await.unwrap();
    assert_eq!(problem(r, 401).await["code"], "invalid_api_key");
    let r = app
        .client
        .get(&feed)
        .bearer_auth(&owner.access)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r, 401).await["code"], "invalid_api_key");
    let forged = format!("{}x", &reader[..reader.len() - 1]);
    for bad in ["rf_live_nope", forged.as_str()] {
        let r = app
            .client
            .get(&feed)
            .header("x-api-key", bad)
            .send()
            .await
            .unwrap();
        assert_eq!(problem(r, 401).await["code"], "invalid_api_key");
    }
    // A key opens no account, admin or moderation endpoint, whatever its
    // scopes.
    let (all, _) = key_of(&app, &owner, &org, ALL_SCOPES).await;
    for path in [
        "/v1/me",
        "/v1/me/export",
        "/v1/admin/accounts?email=x@example.org",
        "/v1/admin/api-keys",
        "/v1/moderation/missions",
        "/v1/moderation/exports/missions",
        &format!("/v1/organizations/{org}/api-keys"),
    ] {
        let r = partner(&app, &all, Method::GET, path, None).await;
        assert_eq!(r.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn a_key_past_its_rate_is_told_when_to_come_back() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            Some(json!({"name": "slow", "scopes": ["missions:read"], "rate_per_minute": 2})),
        )
        .await;
    let key = r.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed = "/v1/partner/feed/missions";
    for _ in 0..2 {
        assert_eq!(
            partner(&app, &key, Method::GET, feed, None).await.status(),
            200
        );
    }
    let r = partner(&app, &key, Method::GET, feed, None).await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(r.headers()["ratelimit-limit"], "2");
    assert_eq!(r.headers()["ratelimit-remaining"], "0");
    // Another key of the same organisation has its own budget.
    let (other, _) = key_of(&app, &owner, &org, &["missions:read"]).await;
    assert_eq!(
        partner(&app, &other, Method::GET, feed, None)
            .await
            .status(),
        200
    );
}

/// A batch of upserts once counted as one request: a key of 60 a minute
/// could write 6,000 missions a minute. Each item now spends one unit,
/// all or none; and no owner can lend their key more than the platform's
/// ceiling.
#[tokio::test]
async fn a_batch_spends_one_unit_per_item_and_no_key_passes_the_ceiling() {
    let mut settings = partner_settings();
    settings["partner"]["key_rate_ceiling_per_minute"] = json!(1000);
    let app = spawn_with(settings).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let keys = format!("/v1/organizations/{org}/api-keys");
    let create = |rate: u32| {
        app.send(
            Method::POST,
            &keys,
            &owner,
            Some(json!({"name": "CRM", "scopes": ["missions:write"], "rate_per_minute": rate})),
        )
    };
    let p = problem(create(1001).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "rate_per_minute");
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("1000"));

    let r = create(5).await;
    assert_eq!(r.status(), 201);
    let key = r.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let batch = |n: usize| {
        json!({"missions": (0..n).map(|i| json!({
            "client_id": format!("batch-{n}-{i}"),
            "mission": mission_body("69002"),
        })).collect::<Vec<_>>()})
    };
    // Larger than the key's whole rate: refused, naming the field.
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(batch(6)),
    )
    .await;
    let p = problem(r, 422).await;
    assert_eq!(p["errors"][0]["field"], "missions");
    // Four items spend four units (the refused call spent its one).
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(batch(4)),
    )
    .await;
    assert_eq!(r.status(), 200);
    let results: Value = r.json().await.unwrap();
    assert!(results["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == 201));
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(batch(1)),
    )
    .await;
    assert_eq!(r.status(), 429, "the key's five units are spent");
    assert!(r.headers().contains_key("retry-after"));
}
