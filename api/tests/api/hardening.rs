//! Attacks found in review, each performed against a running server.

use serde_json::json;

use crate::common::{problem, signup_body, spawn_app, spawn_with, unique_email, TestApp};

/// Behind the shipped nginx (a trusted proxy that sets X-Forwarded-For),
/// signups that carry headers of the client's choosing.
async fn signup_with_headers(app: &TestApp, headers: &[(&str, String)]) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/v1/auth/signup"))
        .json(&signup_body(&unique_email("spoof")));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.send().await.unwrap()
}

fn behind_nginx() -> serde_json::Value {
    json!({
        "http": {"trusted_proxies": ["127.0.0.1"]},
        "limits": {"signup_per_ip": {"limit": 3, "period_secs": 600}},
    })
}

#[tokio::test]
async fn a_client_cannot_choose_its_address_with_a_header_the_edge_does_not_set() {
    let app = spawn_with(behind_nginx()).await;
    // nginx sets X-Forwarded-For to the real address and passes the
    // client's own CF-Connecting-IP through: a new one per request must
    // not make a new client.
    let mut statuses = Vec::new();
    for i in 0..5 {
        let response = signup_with_headers(
            &app,
            &[
                ("cf-connecting-ip", format!("203.0.113.{i}")),
                ("x-forwarded-for", "198.51.100.20".to_owned()),
            ],
        )
        .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 202, 429, 429]);
    // Another real client is counted apart.
    let other = signup_with_headers(&app, &[("x-forwarded-for", "198.51.100.21".to_owned())]).await;
    assert_eq!(other.status(), 202);
}

#[tokio::test]
async fn behind_cloudflare_only_cf_connecting_ip_is_believed() {
    let mut settings = behind_nginx();
    settings["http"]["client_ip_header"] = json!("CF-Connecting-IP");
    let app = spawn_with(settings).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let response = signup_with_headers(
            &app,
            &[
                ("cf-connecting-ip", "203.0.113.50".to_owned()),
                ("x-forwarded-for", format!("198.51.100.{i}")),
            ],
        )
        .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 202, 429, 429]);
}

#[tokio::test]
async fn rotating_addresses_inside_one_ipv6_64_is_one_client() {
    let app = spawn_with(behind_nginx()).await;
    let mut statuses = Vec::new();
    for i in 1..=5 {
        let response = signup_with_headers(
            &app,
            &[("x-forwarded-for", format!("2001:db8:7:7:{i:x}::{i:x}"))],
        )
        .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 202, 429, 429]);
    let refused =
        signup_with_headers(&app, &[("x-forwarded-for", "2001:db8:7:7::99".to_owned())]).await;
    problem(refused, 429).await;
}

pub fn forged_admin_token(secret: &str, account: &str) -> String {
    let settings = renfort::config::Settings::with_overrides(json!({
        "auth": {"jwt_secret": secret},
    }))
    .unwrap();
    renfort::auth::jwt::Keys::from_settings(&settings.auth).sign(
        account.parse().unwrap(),
        uuid::Uuid::now_v7(),
        true,
        vec![],
        chrono::Utc::now() + chrono::Duration::days(crate::common::days_ahead()),
    )
}

pub async fn admin_lookup(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(app.url("/v1/admin/accounts?email=nobody%40example.org"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_published_development_key_signs_nothing_on_a_public_address() {
    if crate::common::postgres_url().is_some() || crate::common::redis_url().is_some() {
        // With PostgreSQL or Redis the development key does not even start.
        let err = renfort::config::Settings::with_overrides(json!({
            "database": {"url": "postgres://postgres@127.0.0.1:5432/postgres"},
            "http": {"host": "0.0.0.0"},
            "auth": {"jwt_secret": renfort::config::DEV_JWT_SECRET},
        }))
        .unwrap_err();
        assert!(err.to_string().contains("auth.jwt_secret"), "{err}");
    }
    // The default image: SQLite, no key configured, bound to every address.
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_with(json!({
        "database": {"url": format!("sqlite://{}", dir.path().join("image.db").display())},
        "redis": {"url": null, "ca_file": null},
        "http": {"host": "0.0.0.0"},
        "auth": {"jwt_secret": renfort::config::DEV_JWT_SECRET},
    }))
    .await;
    let victim = app.volunteer("victim").await;
    let forged = forged_admin_token(renfort::config::DEV_JWT_SECRET, &victim.account_id);
    let refused = admin_lookup(&app, &forged).await;
    assert_eq!(problem(refused, 401).await["code"], "invalid_token");
    // Its own sessions work, with the key it drew for itself.
    let me = app
        .client
        .get(app.url("/v1/me"))
        .bearer_auth(&victim.access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
}

#[tokio::test]
async fn an_admin_claim_is_checked_against_the_account() {
    let app = spawn_with(json!({})).await;
    let admin = app.admin().await;
    assert_eq!(admin_lookup(&app, &admin.access).await.status(), 404);
    // Demoted in the database, behind the revocation list's back: the
    // token still says admin, the account does not.
    let mut conn = app.db.acquire().await.unwrap();
    let id: uuid::Uuid = admin.account_id.parse().unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query("UPDATE accounts SET is_admin = FALSE WHERE id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|_| ()))
    .unwrap();
    let refused = admin_lookup(&app, &admin.access).await;
    assert_eq!(problem(refused, 403).await["code"], "admin_only");
    // A token signed with the right key for an account that is no admin.
    let volunteer = app.volunteer("climber").await;
    let secret = app.settings["auth"]["jwt_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let forged = forged_admin_token(&secret, &volunteer.account_id);
    let refused = admin_lookup(&app, &forged).await;
    assert_eq!(problem(refused, 403).await["code"], "admin_only");
}

#[tokio::test]
async fn a_flood_of_distinct_facet_heavy_searches_leaves_pages_and_signups_answering() {
    let app = spawn_with(json!({
        "database": {"max_connections": 4},
        "limits": {"search_miss_per_ip": {"limit": 30, "period_secs": 60}},
    }))
    .await;
    let (_, _, _, _, mission) = app.published_mission(5).await;
    let page = format!("/v1/missions/{mission}");
    let flood = (0..150).map(|i| {
        let app = &app;
        async move {
            // Every facet, repeated, and a new word each time: all misses.
            app.get(&format!(
                "/v1/search/missions?q=repas{i}&facets=domain,domain,skills,skills,department,format,audience,audience"
            ))
            .await
            .status()
            .as_u16()
        }
    });
    let everyday = async {
        let mut answers = Vec::new();
        for i in 0..5 {
            answers.push(app.get(&page).await.status().as_u16());
            let signup = app
                .post_json(
                    "/v1/auth/signup",
                    &signup_body(&unique_email(&format!("calm{i}"))),
                )
                .await;
            answers.push(signup.status().as_u16());
        }
        answers
    };
    let (searches, everyday) = tokio::join!(futures_util::future::join_all(flood), everyday);
    assert_eq!(everyday, [200, 202, 200, 202, 200, 202, 200, 202, 200, 202]);
    // The flood itself is cut by the per-address quota of misses, and
    // nothing of it is an error of ours.
    assert!(
        searches.iter().all(|s| [200, 429, 503].contains(s)),
        "{searches:?}"
    );
    // 30 at once, then one every two seconds: most of the 150 are refused.
    let refused = searches.iter().filter(|s| **s == 429).count();
    assert!(refused >= 75, "{refused} refused of 150");
}

#[tokio::test]
async fn facets_asked_twice_are_counted_once() {
    let app = spawn_with(json!({})).await;
    app.published_mission(5).await;
    let result: serde_json::Value = app
        .get("/v1/search/missions?facets=domain,domain,format,domain")
        .await
        .json()
        .await
        .unwrap();
    let facets = result["facets"].as_object().unwrap();
    assert_eq!(facets.len(), 2);
    assert_eq!(
        facets["domain"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        1
    );
}

async fn edit(
    app: &TestApp,
    who: &crate::common::Session,
    path: &str,
    body: serde_json::Value,
) -> serde_json::Value {
    let response = app
        .send(reqwest::Method::PATCH, path, who, Some(body))
        .await;
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(status.is_success() || status == 409, "{status}: {body}");
    body
}

async fn history_reasons(app: &TestApp, who: &crate::common::Session, path: &str) -> Vec<String> {
    let history: serde_json::Value = app
        .send(reqwest::Method::GET, &format!("{path}/history"), who, None)
        .await
        .json()
        .await
        .unwrap();
    history["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["reason"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn rewriting_a_published_mission_sends_it_back_to_review() {
    let app = spawn_with(json!({})).await;
    let (owner, _, _, _, mission) = app.published_mission(5).await;
    let path = format!("/v1/missions/{mission}");
    // Places and dates are the organisation's to adjust: still published.
    let view = edit(&app, &owner, &path, json!({"capacity": 8})).await;
    assert_eq!(view["state"], "published");
    assert_eq!(app.get(&path).await.status(), 200);
    // What the referent approved may not change behind their back.
    let view = edit(
        &app,
        &owner,
        &path,
        json!({"title": "Tout autre chose que ce qui fut approuvé"}),
    )
    .await;
    assert_eq!(view["state"], "pending_review");
    assert_eq!(app.get(&path).await.status(), 404, "out of public view");
    let reasons = history_reasons(&app, &owner, &path).await;
    assert!(
        reasons.contains(&"edited: capacity".to_owned()),
        "{reasons:?}"
    );
    assert!(reasons.contains(&"edited: title".to_owned()), "{reasons:?}");
    // Under review, the substance is frozen; the places are not.
    let refused = edit(&app, &owner, &path, json!({"description": "Une description toute différente, assez longue pour passer la validation."})).await;
    assert_eq!(refused["code"], "under_review");
    let view = edit(&app, &owner, &path, json!({"capacity": 9})).await;
    assert_eq!(view["capacity"], 9);
}

#[tokio::test]
async fn a_trusted_organisation_edits_without_review() {
    let first = spawn_app().await;
    let (owner, _, _, org, mission) = first.published_mission(5).await;
    // The same database and keys, now with this organisation trusted.
    let app = crate::common::spawn_on(
        first.settings["database"]["url"].as_str().unwrap(),
        None,
        json!({"moderation": {"trusted_organizations": [org]}}),
        first.settings["redis"]["key_prefix"].as_str().unwrap(),
    )
    .await;
    let path = format!("/v1/missions/{mission}");
    let view = edit(
        &app,
        &owner,
        &path,
        json!({"title": "Un titre revu par une association de confiance"}),
    )
    .await;
    assert_eq!(view["state"], "published");
}

#[tokio::test]
async fn renaming_an_approved_organisation_sends_it_back_to_review() {
    let app = spawn_with(json!({})).await;
    let (owner, referent, _, org, mission) = app.published_mission(5).await;
    let path = format!("/v1/organizations/{org}");
    let view = edit(
        &app,
        &owner,
        &path,
        json!({"website": "https://exemple.org"}),
    )
    .await;
    assert_eq!(view["state"], "approved");
    let view = edit(&app, &owner, &path, json!({"name": "Un tout autre nom"})).await;
    assert_eq!(view["state"], "pending_review");
    // Its missions leave public view until a referent approves again.
    assert_eq!(
        app.get(&format!("/v1/missions/{mission}")).await.status(),
        404
    );
    let reasons = history_reasons(&app, &owner, &path).await;
    assert!(reasons.contains(&"edited: name".to_owned()), "{reasons:?}");
    let refused = edit(&app, &owner, &path, json!({"siret": "73282932000074"})).await;
    assert_eq!(refused["code"], "under_review");
    let approved = app
        .transition(&referent, &format!("{path}/transitions"), "approved", None)
        .await;
    assert_eq!(approved.status(), 200);
    assert_eq!(
        app.get(&format!("/v1/missions/{mission}")).await.status(),
        200
    );
}

#[tokio::test]
async fn a_nul_character_is_refused_and_named_in_bodies_and_queries() {
    let app = spawn_with(json!({})).await;
    let mut body = signup_body(&unique_email("nul"));
    body["first_name"] = json!("Lé\u{0}a");
    let refused = app.post_json("/v1/auth/signup", &body).await;
    let problem_body = problem(refused, 400).await;
    assert_eq!(problem_body["code"], "nul_character");
    assert!(problem_body["detail"]
        .as_str()
        .unwrap()
        .contains("`first_name`"));

    let mut body = signup_body(&unique_email("nul"));
    body["skills"] = json!(["first_aid", "x\u{0}"]);
    let refused = app.post_json("/v1/auth/signup", &body).await;
    let detail = problem(refused, 400).await["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("`skills[1]`"), "{detail}");

    let refused = app.get("/v1/search/missions?q=repas%00").await;
    let problem_body = problem(refused, 400).await;
    assert_eq!(problem_body["code"], "nul_character");
    assert!(problem_body["detail"].as_str().unwrap().contains("`q`"));
    // A backslash followed by "u0000" is text, not a NUL.
    let mut body = signup_body(&unique_email("backslash"));
    body["presentation"] = json!("C:\\u0000 n'est pas un caractère nul");
    assert_eq!(app.post_json("/v1/auth/signup", &body).await.status(), 202);
}

#[tokio::test]
async fn two_owners_demoting_each_other_at_once_leave_one_owner() {
    let app = spawn_with(json!({})).await;
    for round in 0..5 {
        let a = app.volunteer(&format!("owner-a{round}")).await;
        let org = app.approved_organization(&a, "69003").await;
        let b_email = unique_email(&format!("owner-b{round}"));
        let invited = app
            .send(
                reqwest::Method::POST,
                &format!("/v1/organizations/{org}/invitations"),
                &a,
                Some(json!({"email": b_email, "role": "owner"})),
            )
            .await;
        assert_eq!(invited.status(), 202);
        let token = app
            .token_from_email(&b_email, "organization_invitation")
            .await;
        assert_eq!(app.signup(&b_email).await.status(), 202);
        let b = app.activate(&b_email).await;
        let accepted = app
            .send(
                reqwest::Method::POST,
                "/v1/invitations/accept",
                &b,
                Some(json!({"token": token})),
            )
            .await;
        assert_eq!(accepted.status(), 200);

        let a_path = format!("/v1/organizations/{org}/members/{}", a.account_id);
        let b_path = format!("/v1/organizations/{org}/members/{}", b.account_id);
        let (ab, ba) = tokio::join!(
            app.send(
                reqwest::Method::PUT,
                &b_path,
                &a,
                Some(json!({"role": "manager"}))
            ),
            app.send(
                reqwest::Method::PUT,
                &a_path,
                &b,
                Some(json!({"role": "manager"}))
            ),
        );
        let statuses = [ab.status().as_u16(), ba.status().as_u16()];
        assert!(statuses.contains(&204), "{statuses:?}");
        assert!(
            statuses.contains(&409) || statuses.contains(&403),
            "one of them must be refused: {statuses:?}"
        );
        let members: serde_json::Value = app
            .send(
                reqwest::Method::GET,
                &format!("/v1/organizations/{org}/members"),
                &a,
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        let owners = members["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["role"] == "owner")
            .count();
        assert_eq!(owners, 1, "round {round}: {members}");
    }
}

#[tokio::test]
async fn an_unapproved_organisation_cannot_send_invitations() {
    let app = spawn_app().await;
    let spammer = app.volunteer("spammer").await;
    // A draft whose name is the spam itself.
    let mut body = crate::common::organization_body("69003");
    body["name"] = json!("GAGNEZ 1000 EUR sur http://spam.example");
    let created = app
        .send(
            reqwest::Method::POST,
            "/v1/organizations",
            &spammer,
            Some(body),
        )
        .await;
    let org = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let victim = unique_email("victim");
    let refused = app
        .send(
            reqwest::Method::POST,
            &format!("/v1/organizations/{org}/invitations"),
            &spammer,
            Some(json!({"email": victim, "role": "manager"})),
        )
        .await;
    assert_eq!(
        problem(refused, 409).await["code"],
        "organization_not_approved"
    );
    assert!(app.mailbox(&victim).await.is_empty());
}

#[tokio::test]
async fn invitations_organisations_and_applications_have_quotas() {
    let app = spawn_with(json!({"quotas": {
        "invitations_per_organization": {"limit": 2, "period_secs": 86400},
        "organizations_per_account": {"limit": 2, "period_secs": 86400},
        "applications_per_account": {"limit": 1, "period_secs": 86400},
    }}))
    .await;
    let owner = app.volunteer("inviter").await;
    let org = app.approved_organization(&owner, "69003").await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = app
            .send(
                reqwest::Method::POST,
                &format!("/v1/organizations/{org}/invitations"),
                &owner,
                Some(json!({"email": unique_email("invitee"), "role": "manager"})),
            )
            .await;
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 429]);

    // One more organisation is allowed (two a day), then no more.
    let second = app
        .send(
            reqwest::Method::POST,
            "/v1/organizations",
            &owner,
            Some(crate::common::organization_body("69003")),
        )
        .await;
    assert_eq!(second.status(), 201);
    let third = app
        .send(
            reqwest::Method::POST,
            "/v1/organizations",
            &owner,
            Some(crate::common::organization_body("69003")),
        )
        .await;
    let refused = problem(third, 429).await;
    assert_eq!(refused["code"], "rate_limited");

    // Another account is not affected by this one's quota.
    let other = app.volunteer("other-founder").await;
    let theirs = app
        .send(
            reqwest::Method::POST,
            "/v1/organizations",
            &other,
            Some(crate::common::organization_body("69003")),
        )
        .await;
    assert_eq!(theirs.status(), 201);
}

#[tokio::test]
async fn metrics_are_not_served_on_the_public_listener() {
    let app = spawn_app().await;
    let public = app.get("/metrics").await;
    assert_eq!(public.status(), 404);
    assert!(app.metrics().await.contains("renfort_http_requests_total"));
}
