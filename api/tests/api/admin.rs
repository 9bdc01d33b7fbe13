//! Administration: roles, the service mode, and nobody else getting in.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, spawn_app};

#[tokio::test]
async fn referent_roles_are_granted_and_reach_the_token_at_refresh() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let v = app.volunteer("referent").await;
    let grant = app
        .authed(
            Method::POST,
            &format!("/v1/admin/accounts/{}/roles", v.account_id),
            &admin.access,
        )
        .await
        .json(&json!({"grant_referent": ["75", "2a", "971"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(grant.status(), 200);
    let body: Value = grant.json().await.unwrap();
    assert_eq!(body["referent_departments"], json!(["2A", "75", "971"]));

    // The old access token is void; the refreshed one carries the roles.
    let p = problem(
        app.authed(Method::GET, "/v1/me", &v.access)
            .await
            .send()
            .await
            .unwrap(),
        401,
    )
    .await;
    assert_eq!(p["code"], "token_revoked");
    let refreshed: Value = app
        .post_json("/v1/auth/refresh", &json!({"refresh_token": v.refresh}))
        .await
        .json()
        .await
        .unwrap();
    let access = refreshed["access_token"].as_str().unwrap();
    let keys = renfort::auth::jwt::Keys::from_settings(
        &renfort::config::Settings::with_overrides(app.settings.clone())
            .unwrap()
            .auth,
    );
    assert_eq!(
        keys.verify(access, app.now()).unwrap().referent,
        vec!["2A", "75", "971"]
    );
    let me: Value = app
        .authed(Method::GET, "/v1/me", access)
        .await
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["roles"]["referent_departments"],
        json!(["2A", "75", "971"])
    );

    let revoke = app
        .authed(
            Method::POST,
            &format!("/v1/admin/accounts/{}/roles", v.account_id),
            &admin.access,
        )
        .await
        .json(&json!({"revoke_referent": ["75"]}))
        .send()
        .await
        .unwrap();
    let body: Value = revoke.json().await.unwrap();
    assert_eq!(body["referent_departments"], json!(["2A", "971"]));

    let bad = app
        .authed(
            Method::POST,
            &format!("/v1/admin/accounts/{}/roles", v.account_id),
            &admin.access,
        )
        .await
        .json(&json!({"grant_referent": ["99"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(bad, 422).await["errors"][0]["code"],
        "unknown_department"
    );
}

#[tokio::test]
async fn admins_find_accounts_by_email() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let v = app.volunteer("findme").await;
    let found: Value = app
        .authed(Method::GET, "/v1/admin/accounts", &admin.access)
        .await
        .query(&[("email", v.email.to_uppercase())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["id"], v.account_id.as_str());
    let missing = app
        .authed(Method::GET, "/v1/admin/accounts", &admin.access)
        .await
        .query(&[("email", "nobody@example.org")])
        .send()
        .await
        .unwrap();
    problem(missing, 404).await;
}

#[tokio::test]
async fn strangers_get_nothing_from_the_admin_api() {
    let app = spawn_app().await;
    let v = app.volunteer("stranger").await;
    let other = app.volunteer("victim").await;
    let paths = [
        (
            Method::GET,
            format!("/v1/admin/accounts/{}", other.account_id),
        ),
        (
            Method::GET,
            format!("/v1/admin/accounts?email={}", other.email),
        ),
        (
            Method::POST,
            format!("/v1/admin/accounts/{}/suspension", other.account_id),
        ),
        (
            Method::DELETE,
            format!("/v1/admin/accounts/{}/suspension", other.account_id),
        ),
        (
            Method::POST,
            format!("/v1/admin/accounts/{}/roles", other.account_id),
        ),
        (Method::PUT, "/v1/admin/service-mode".to_owned()),
    ];
    for (method, path) in paths {
        let body = json!({"reason": "because", "grant_referent": ["75"], "mode": "degraded"});
        let as_volunteer = app
            .authed(method.clone(), &path, &v.access)
            .await
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            problem(as_volunteer, 403).await["code"],
            "admin_only",
            "{method} {path}"
        );
        let anonymous = app
            .client
            .request(method.clone(), app.url(&path))
            .json(&body)
            .send()
            .await
            .unwrap();
        problem(anonymous, 401).await;
    }
    let forged = app
        .client
        .get(app.url("/v1/me"))
        .bearer_auth("eyJhbGciOiJub25lIn0.e30.")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(forged, 401).await["code"], "invalid_token");
}

#[tokio::test]
async fn an_admin_switches_the_service_mode_and_cannot_suspend_themself() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let set = app
        .authed(Method::PUT, "/v1/admin/service-mode", &admin.access)
        .await
        .json(&json!({"mode": "degraded"}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let status: Value = app.get("/v1/status").await.json().await.unwrap();
    assert_eq!(status["mode"], "degraded");
    let bad = app
        .authed(Method::PUT, "/v1/admin/service-mode", &admin.access)
        .await
        .json(&json!({"mode": "panic"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(bad, 422).await["errors"][0]["field"], "mode");

    let own = app
        .authed(
            Method::POST,
            &format!("/v1/admin/accounts/{}/suspension", admin.account_id),
            &admin.access,
        )
        .await
        .json(&json!({"reason": "oops"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(own, 422).await["code"], "cannot_suspend_self");
}
