//! Accounts through HTTP: the journey, validation, enumeration, tokens,
//! sessions, rate limits, the hashing pool, personal data.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{
    eventually, problem, signup_body, spawn_app, spawn_with, unique_email, TestApp, PASSWORD,
};

fn cookie_value(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap()[name.len() + 1..].to_owned())
}

async fn refresh_with_cookie(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/v1/auth/refresh"))
        .header("cookie", format!("renfort_refresh={token}"))
        .send()
        .await
        .unwrap()
}

async fn refresh_with_body(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/v1/auth/refresh", &json!({"refresh_token": token}))
        .await
}

async fn get_me(app: &TestApp, access: &str) -> reqwest::Response {
    app.authed(Method::GET, "/v1/me", access)
        .await
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_whole_journey_signup_activate_me_refresh_logout() {
    let app = spawn_app().await;
    let email = unique_email("lea");
    let response = app.signup(&email).await;
    assert_eq!(response.status(), 202);

    let token = app.token_from_email(&email, "activation").await;
    let response = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": token, "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/v1/auth"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let refresh = cookie_value(&response, "renfort_refresh").expect("refresh cookie");
    let body: Value = response.json().await.unwrap();
    assert!(
        body.get("refresh_token").is_none(),
        "browsers get the refresh token in the cookie only"
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    let access = body["access_token"].as_str().unwrap().to_owned();

    let me: Value = get_me(&app, &access).await.json().await.unwrap();
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["state"], "active");
    assert_eq!(me["profile"]["department"], "69");
    assert_eq!(me["profile"]["phone"], "+33612345678");
    assert_eq!(me["roles"]["volunteer"], true);
    assert_eq!(me["roles"]["admin"], false);

    let refreshed = refresh_with_cookie(&app, &refresh).await;
    assert_eq!(refreshed.status(), 200);
    let new_refresh = cookie_value(&refreshed, "renfort_refresh").unwrap();
    assert_ne!(new_refresh, refresh, "rotated on every use");
    let body: Value = refreshed.json().await.unwrap();
    assert_eq!(
        get_me(&app, body["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );

    let logout = app
        .client
        .post(app.url("/v1/auth/logout"))
        .header("cookie", format!("renfort_refresh={new_refresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    assert!(logout.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    problem(refresh_with_cookie(&app, &new_refresh).await, 401).await;
}

#[tokio::test]
async fn signup_names_every_invalid_field() {
    let app = spawn_app().await;
    let mut body = signup_body("not-an-email");
    body["birth_date"] = json!(crate::common::years_ago(11));
    body["postcode"] = json!("98000");
    body["phone"] = json!("12");
    body["skills"] = json!(["juggling"]);
    body["terms_accepted"] = json!(false);
    let p = problem(app.post_json("/v1/auth/signup", &body).await, 422).await;
    assert_eq!(p["code"], "validation_failed");
    let mut fields: Vec<(String, String)> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("birth_date".into(), "too_young".into()),
            ("email".into(), "invalid_format".into()),
            ("phone".into(), "invalid_format".into()),
            ("postcode".into(), "unknown_department".into()),
            ("skills".into(), "unknown_value".into()),
            ("terms_accepted".into(), "must_accept".into()),
        ]
    );
    assert!(
        app.mailbox("not-an-email").await.is_empty(),
        "nothing written"
    );
}

#[tokio::test]
async fn bad_bodies_are_named_problems() {
    let app = spawn_app().await;
    let mut body = signup_body(&unique_email("typo"));
    body["pasword"] = json!("oops");
    let p = problem(app.post_json("/v1/auth/signup", &body).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "pasword");
    assert_eq!(p["errors"][0]["code"], "unknown_field");

    let mut body = signup_body(&unique_email("date"));
    body["birth_date"] = json!("12/04/1998");
    let p = problem(app.post_json("/v1/auth/signup", &body).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "birth_date");

    let malformed = app
        .client
        .post(app.url("/v1/auth/signup"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(malformed, 400).await["code"], "malformed_json");

    let wrong_type = app
        .client
        .post(app.url("/v1/auth/signup"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(wrong_type, 415).await["code"],
        "unsupported_media_type"
    );

    let mut huge = signup_body(&unique_email("huge"));
    huge["presentation"] = json!("x".repeat(70 * 1024));
    let too_large = app.post_json("/v1/auth/signup", &huge).await;
    assert_eq!(problem(too_large, 413).await["code"], "payload_too_large");
}

#[tokio::test]
async fn signup_and_forgot_answer_the_same_for_new_and_known_addresses() {
    let app = spawn_app().await;
    let known = app.volunteer("known").await;
    let new = unique_email("new");

    let for_known = app.signup(&known.email).await;
    let for_new = app.signup(&new).await;
    assert_eq!(for_known.status(), for_new.status());
    assert_eq!(
        for_known.text().await.unwrap(),
        for_new.text().await.unwrap()
    );
    let known_mail = app.mailbox(&known.email).await;
    assert_eq!(
        known_mail[0]["template"], "already_registered",
        "the owner is told, no new account"
    );

    let forgot = |email: String| {
        let app = &app;
        async move {
            app.post_json("/v1/auth/password/forgot", &json!({"email": email}))
                .await
        }
    };
    let a = forgot(known.email.clone()).await;
    let b = forgot(unique_email("nobody")).await;
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (202, 202));
    assert_eq!(a.text().await.unwrap(), b.text().await.unwrap());
}

#[tokio::test]
async fn a_pending_address_gets_its_activation_link_again() {
    let app = spawn_app().await;
    let email = unique_email("again");
    app.signup(&email).await;
    let first = app.token_from_email(&email, "activation").await;
    let resend = app
        .post_json("/v1/auth/activation/resend", &json!({"email": email}))
        .await;
    assert_eq!(resend.status(), 202);
    // The worker writes the second email.
    eventually("a second activation email", || async {
        app.mailbox(&email).await.len() == 2
    })
    .await;
    let second = app.token_from_email(&email, "activation").await;
    assert_ne!(first, second);
    // A pending account cannot sign in yet, and says nothing more than a wrong password.
    let p = problem(app.login(&email, PASSWORD).await, 401).await;
    assert_eq!(p["code"], "invalid_credentials");
}

#[tokio::test]
async fn activation_tokens_are_single_use_and_expire() {
    let app = spawn_app().await;
    let email = unique_email("once");
    app.signup(&email).await;
    let token = app.token_from_email(&email, "activation").await;
    let weak = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": token, "password": "motdepasse"}),
        )
        .await;
    let p = problem(weak, 422).await;
    assert_eq!(p["errors"][0]["code"], "too_common");
    // The refused password did not spend the link.
    let ok = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": token, "password": PASSWORD}),
        )
        .await;
    assert_eq!(ok.status(), 200);
    let reused = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": token, "password": PASSWORD}),
        )
        .await;
    assert_eq!(problem(reused, 400).await["code"], "invalid_token");
    let unknown = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": "nope", "password": PASSWORD}),
        )
        .await;
    assert_eq!(problem(unknown, 400).await["code"], "invalid_token");

    let late = unique_email("late");
    app.signup(&late).await;
    let token = app.token_from_email(&late, "activation").await;
    // Its link lasts two days.
    app.travel(
        chrono::Duration::hours(renfort::services::accounts::ACTIVATION_TTL_HOURS)
            + chrono::Duration::minutes(1),
    );
    let expired = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": token, "password": PASSWORD}),
        )
        .await;
    assert_eq!(problem(expired, 400).await["code"], "invalid_token");
}

#[tokio::test]
async fn replaying_a_used_refresh_token_revokes_the_whole_family() {
    // No grace: any second use is a replay (the two-tab grace is tested
    // in `sessions`).
    let app = spawn_with(json!({"auth": {"refresh_reuse_grace_secs": 0}})).await;
    let s = app.volunteer("replay").await;
    let first = refresh_with_body(&app, &s.refresh).await;
    assert_eq!(first.status(), 200);
    let body: Value = first.json().await.unwrap();
    let second_token = body["refresh_token"]
        .as_str()
        .expect("body clients get it in the body")
        .to_owned();

    // The stolen, already-used token comes back: refused, and the family dies.
    let replay = refresh_with_body(&app, &s.refresh).await;
    assert_eq!(problem(replay, 401).await["code"], "invalid_refresh_token");
    let legit = refresh_with_body(&app, &second_token).await;
    assert_eq!(problem(legit, 401).await["code"], "invalid_refresh_token");
    // Other sessions of the account are untouched.
    let other = app.login(&s.email, PASSWORD).await;
    assert_eq!(other.status(), 200);
}

#[tokio::test]
async fn suspension_cuts_a_live_access_token_and_blocks_login_and_refresh() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let v = app.volunteer("suspended").await;
    assert_eq!(get_me(&app, &v.access).await.status(), 200);

    let suspend = app
        .authed(
            Method::POST,
            &format!("/v1/admin/accounts/{}/suspension", v.account_id),
            &admin.access,
        )
        .await
        .json(&json!({"reason": "spam reports"}))
        .send()
        .await
        .unwrap();
    assert_eq!(suspend.status(), 200);
    let view: Value = suspend.json().await.unwrap();
    assert_eq!(
        (view["state"].as_str(), view["suspended_reason"].as_str()),
        (Some("suspended"), Some("spam reports"))
    );

    let p = problem(get_me(&app, &v.access).await, 401).await;
    assert_eq!(p["code"], "token_revoked");
    assert_eq!(
        problem(app.login(&v.email, PASSWORD).await, 403).await["code"],
        "account_suspended"
    );
    problem(refresh_with_body(&app, &v.refresh).await, 401).await;

    let reinstate = app
        .authed(
            Method::DELETE,
            &format!("/v1/admin/accounts/{}/suspension", v.account_id),
            &admin.access,
        )
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(reinstate.status(), 200);
    assert_eq!(app.login(&v.email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn login_is_rate_limited_per_address_with_retry_after() {
    let app =
        spawn_with(json!({"limits": {"login_per_email": {"limit": 2, "period_secs": 60}}})).await;
    let v = app.volunteer("limited").await;
    for _ in 0..2 {
        assert_eq!(app.login(&v.email, "wrong password!").await.status(), 401);
    }
    let refused = app.login(&v.email, PASSWORD).await;
    assert!(
        refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(refused.headers()["ratelimit-limit"], "2");
    assert_eq!(refused.headers()["ratelimit-remaining"], "0");
    assert_eq!(problem(refused, 429).await["code"], "rate_limited");
    // Another address is not affected.
    let other = app.volunteer("unlimited").await;
    assert_eq!(app.login(&other.email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn signup_is_rate_limited_per_client_address() {
    let app =
        spawn_with(json!({"limits": {"signup_per_ip": {"limit": 3, "period_secs": 600}}})).await;
    for _ in 0..3 {
        assert_eq!(app.signup(&unique_email("burst")).await.status(), 202);
    }
    let refused = app.signup(&unique_email("burst")).await;
    assert!(refused.headers().contains_key("retry-after"));
    problem(refused, 429).await;
}

#[tokio::test]
async fn a_saturated_hashing_pool_answers_503_with_retry_after() {
    let app = spawn_with(json!({"auth": {"hash_queue": 1}})).await;
    let v = app.volunteer("storm").await;
    let attempts: Vec<_> = (0..40)
        .map(|_| {
            let client = app.client.clone();
            let url = app.url("/v1/auth/login");
            let email = v.email.clone();
            tokio::spawn(async move {
                client
                    .post(url)
                    .json(&json!({"email": email, "password": "wrong password!"}))
                    .send()
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut busy = 0;
    let mut refused = 0;
    for a in attempts {
        let response = a.await.unwrap();
        match response.status().as_u16() {
            503 => {
                assert!(response.headers().contains_key("retry-after"));
                assert_eq!(problem(response, 503).await["code"], "busy");
                busy += 1;
            }
            401 => refused += 1,
            other => panic!(
                "unexpected status {other}: {}",
                response.text().await.unwrap()
            ),
        }
    }
    assert!(
        busy > 0,
        "some logins were turned away at once ({refused} refused)"
    );
    assert!(refused > 0, "the pool kept working");
    // Endpoints that do not hash are unaffected.
    assert_eq!(app.get("/v1/status").await.status(), 200);
}

#[tokio::test]
async fn password_reset_replaces_the_password_and_ends_every_session() {
    let app = spawn_app().await;
    let v = app.volunteer("reset").await;
    assert_eq!(
        app.post_json("/v1/auth/password/forgot", &json!({"email": v.email}))
            .await
            .status(),
        202
    );
    let token = app.token_from_email(&v.email, "password_reset").await;
    let new_password = "une autre phrase secrete";
    let reset = app
        .post_json(
            "/v1/auth/password/reset",
            &json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(reset.status(), 204);
    assert_eq!(
        app.mailbox(&v.email).await[0]["template"],
        "password_changed"
    );
    assert_eq!(
        problem(app.login(&v.email, PASSWORD).await, 401).await["code"],
        "invalid_credentials"
    );
    assert_eq!(app.login(&v.email, new_password).await.status(), 200);
    problem(refresh_with_body(&app, &v.refresh).await, 401).await;
    assert_eq!(
        problem(get_me(&app, &v.access).await, 401).await["code"],
        "token_revoked"
    );
    let again = app
        .post_json(
            "/v1/auth/password/reset",
            &json!({"token": token, "password": "encore une autre phrase"}),
        )
        .await;
    assert_eq!(problem(again, 400).await["code"], "invalid_token");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    let v = app.volunteer("change").await;
    let other: Value = app.login(&v.email, PASSWORD).await.json().await.unwrap();
    let other_refresh = other["refresh_token"].as_str().unwrap().to_owned();

    let wrong = app
        .authed(Method::POST, "/v1/me/password", &v.access)
        .await
        .json(&json!({"current_password": "not it at all", "new_password": "une nouvelle phrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(wrong, 422).await["errors"][0]["field"],
        "current_password"
    );

    let ok = app
        .authed(Method::POST, "/v1/me/password", &v.access)
        .await
        .json(&json!({"current_password": PASSWORD, "new_password": "une nouvelle phrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 204);
    problem(refresh_with_body(&app, &other_refresh).await, 401).await;
    assert_eq!(
        refresh_with_body(&app, &v.refresh).await.status(),
        200,
        "this session goes on"
    );
    assert_eq!(
        app.login(&v.email, "une nouvelle phrase").await.status(),
        200
    );
}

#[tokio::test]
async fn the_email_changes_only_once_the_new_address_confirms() {
    let app = spawn_app().await;
    let v = app.volunteer("moving").await;
    let new_email = unique_email("moved");
    let asked = app
        .authed(Method::POST, "/v1/me/email", &v.access)
        .await
        .json(&json!({"new_email": new_email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 202);
    let me: Value = get_me(&app, &v.access).await.json().await.unwrap();
    assert_eq!(me["email"], v.email.as_str(), "unchanged until confirmed");
    let token = app.token_from_email(&new_email, "email_change").await;
    let confirmed = app
        .post_json("/v1/auth/email/confirm", &json!({"token": token}))
        .await;
    assert_eq!(confirmed.status(), 204);
    assert_eq!(app.login(&new_email, PASSWORD).await.status(), 200);
    assert_eq!(app.login(&v.email, PASSWORD).await.status(), 401);
}

#[tokio::test]
async fn the_profile_is_edited_and_validated_like_signup() {
    let app = spawn_app().await;
    let v = app.volunteer("edit").await;
    let patch = |body: Value| {
        let app = &app;
        let access = v.access.clone();
        async move {
            app.authed(Method::PATCH, "/v1/me", &access)
                .await
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let ok = patch(json!({"postcode": "20200", "phone": "", "skills": ["cooking"]})).await;
    assert_eq!(ok.status(), 200);
    let me: Value = ok.json().await.unwrap();
    assert_eq!(me["profile"]["department"], "2B");
    assert_eq!(me["profile"]["phone"], Value::Null);
    assert_eq!(me["profile"]["skills"], json!(["cooking"]));
    assert_eq!(me["profile"]["first_name"], "Léa", "untouched fields stay");
    let bad = patch(json!({"postcode": "7500", "birth_date": crate::common::years_ago(6)})).await;
    let p = problem(bad, 422).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["birth_date", "postcode"]);
    problem(patch(json!({"email": "x@example.org"})).await, 422).await;
}

#[tokio::test]
async fn export_holds_the_person_and_erasure_forgets_them() {
    let app = spawn_app().await;
    let v = app.volunteer("gdpr").await;
    let export = app
        .authed(Method::GET, "/v1/me/export", &v.access)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 200);
    let text = export.text().await.unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["account"]["email"], v.email.as_str());
    assert_eq!(data["account"]["profile"]["last_name"], "Martin");
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(data["emails"][0]["template"], "activation");
    assert!(
        data["emails"][0]["params"].get("token").is_none(),
        "no live secret in an export"
    );

    let wrong = app
        .authed(Method::DELETE, "/v1/me", &v.access)
        .await
        .json(&json!({"password": "not my password"}))
        .send()
        .await
        .unwrap();
    problem(wrong, 422).await;
    let erased = app
        .authed(Method::DELETE, "/v1/me", &v.access)
        .await
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), 204);
    problem(get_me(&app, &v.access).await, 401).await;
    problem(app.login(&v.email, PASSWORD).await, 401).await;
    problem(refresh_with_body(&app, &v.refresh).await, 401).await;

    // The address is free again, for a new person.
    let again = app.volunteer_with_email(&v.email).await;
    assert_ne!(again.account_id, v.account_id);
}

#[tokio::test]
async fn no_response_ever_carries_a_hash() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let v = app.volunteer("hashes").await;
    let mut bodies = Vec::new();
    for (method, path, access) in [
        (Method::GET, "/v1/me".to_owned(), &v.access),
        (Method::GET, "/v1/me/export".to_owned(), &v.access),
        (
            Method::GET,
            format!("/v1/admin/accounts/{}", v.account_id),
            &admin.access,
        ),
    ] {
        bodies.push(
            app.authed(method, &path, access)
                .await
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
    }
    bodies.push(app.login(&v.email, PASSWORD).await.text().await.unwrap());
    for body in bodies {
        for needle in ["argon2", "password_hash", "token_hash", "request_hash"] {
            assert!(!body.contains(needle), "{needle} in {body}");
        }
    }
}

#[tokio::test]
async fn signup_with_an_idempotency_key_happens_once() {
    let app = spawn_app().await;
    let email = unique_email("retry");
    let send = |body: Value| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/v1/auth/signup"))
                .header("idempotency-key", "k-123")
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let first = send(signup_body(&email)).await;
    assert_eq!(first.status(), 202);
    let retry = send(signup_body(&email)).await;
    assert_eq!(retry.status(), 202);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(
        app.mailbox(&email).await.len(),
        1,
        "one activation email, not two"
    );
    let mut different = signup_body(&email);
    different["first_name"] = json!("Autre");
    assert_eq!(
        problem(send(different).await, 422).await["code"],
        "idempotency_key_reused"
    );
}

#[tokio::test]
async fn an_outdated_password_hash_is_upgraded_at_login() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let app = spawn_app().await;
    let v = app.volunteer("rehash").await;
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(8192, 1, 1, None).unwrap(),
    )
    .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
    .unwrap()
    .to_string();
    let id: uuid::Uuid = v.account_id.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    renfort::store::accounts::set_password(conn.h(), id, &weak, app.now())
        .await
        .unwrap();
    assert_eq!(app.login(&v.email, PASSWORD).await.status(), 200);
    let account = renfort::store::accounts::by_id(conn.h(), id)
        .await
        .unwrap()
        .unwrap();
    assert!(account.password_hash.unwrap().contains("m=19456,t=2,p=1"));
}

impl TestApp {
    async fn volunteer_with_email(&self, email: &str) -> crate::common::Session {
        assert_eq!(self.signup(email).await.status(), 202);
        self.activate(email).await
    }
}
