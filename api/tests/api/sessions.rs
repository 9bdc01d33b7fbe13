//! Attacks on sessions: revocations that must not fail open, refreshes
//! racing a reset, two tabs, sessions that never end, and lockouts.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, spawn_app, spawn_with, TestApp, PASSWORD};

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/v1/auth/refresh", &json!({"refresh_token": token}))
        .await
}

async fn me_status(app: &TestApp, access: &str) -> u16 {
    app.authed(Method::GET, "/v1/me", access)
        .await
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn suspend(app: &TestApp, admin: &crate::common::Session, account: &str) {
    let suspended = app
        .send(
            Method::POST,
            &format!("/v1/admin/accounts/{account}/suspension"),
            admin,
            Some(json!({"reason": "fraudulent applications"})),
        )
        .await;
    assert_eq!(suspended.status(), 200);
}

async fn refresh_token_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200, "refresh");
    let body: Value = response.json().await.unwrap();
    body["refresh_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_suspension_holds_when_the_cached_copy_of_it_is_lost() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let v = app.volunteer("evicted").await;
    assert_eq!(me_status(&app, &v.access).await, 200);
    suspend(&app, &admin, &v.account_id).await;
    // The cache entry is evicted (memory pressure, a Redis LRU, a restart
    // of Redis): the database still knows.
    app.platform
        .cache
        .delete(&format!("sessions_valid_after:{}", v.account_id))
        .await;
    let after = app
        .authed(Method::GET, "/v1/me", &v.access)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(problem(after, 401).await["code"], "token_revoked");
    // And a copy read back from the database keeps saying so.
    assert_eq!(me_status(&app, &v.access).await, 401);
}

#[tokio::test]
async fn the_cut_off_read_at_sign_in_yields_to_a_later_suspension() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let v = app.volunteer("signed-in").await;
    // Nothing cached of the account (its first requests filled it)...
    let key = format!("sessions_valid_after:{}", v.account_id);
    app.platform.cache.delete(&key).await;
    let login = app.login(&v.email, PASSWORD).await;
    assert_eq!(login.status(), 200);
    let body: Value = login.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap().to_owned();
    // ...until signing in read the cut-off into the cache, before any
    // request of the session: the first one (on the night, the
    // application to the mission on television) does not read it from
    // the database.
    assert_eq!(
        app.platform.cache.lookup(&key).await,
        renfort::platform::cache::Lookup::Hit(b"0".to_vec())
    );
    suspend(&app, &admin, &v.account_id).await;
    assert_eq!(me_status(&app, &access).await, 401);
}

#[tokio::test]
async fn a_refresh_racing_a_password_reset_does_not_outlive_it() {
    let app = spawn_app().await;
    for round in 0..8 {
        let v = app.volunteer(&format!("race{round}")).await;
        let forgot = app
            .post_json("/v1/auth/password/forgot", &json!({"email": v.email}))
            .await;
        assert_eq!(forgot.status(), 202);
        let token = app.token_from_email(&v.email, "password_reset").await;
        let new_password = format!("{PASSWORD}-{round}");
        let reset_body = json!({"token": token, "password": new_password});
        let (refreshed, reset) = tokio::join!(
            refresh(&app, &v.refresh),
            app.post_json("/v1/auth/password/reset", &reset_body)
        );
        assert_eq!(reset.status(), 204, "round {round}");
        if refreshed.status() == 200 {
            // The refresh won the race: what it handed out died with the
            // reset that followed.
            let body: Value = refreshed.json().await.unwrap();
            let next = body["refresh_token"].as_str().unwrap();
            let again = refresh(&app, next).await;
            assert_eq!(
                problem(again, 401).await["code"],
                "invalid_refresh_token",
                "round {round}: a session outlived the reset"
            );
            let access = body["access_token"].as_str().unwrap();
            assert_eq!(me_status(&app, access).await, 401, "round {round}");
        } else {
            assert_eq!(refreshed.status(), 401, "round {round}");
        }
    }
}

#[tokio::test]
async fn two_tabs_refreshing_at_once_both_stay_signed_in() {
    let app = spawn_app().await;
    let v = app.volunteer("tabs").await;
    let (a, b) = tokio::join!(refresh(&app, &v.refresh), refresh(&app, &v.refresh));
    let (a, b) = (refresh_token_of(a).await, refresh_token_of(b).await);
    // One session, one live token: the second tab got the very same one.
    assert_eq!(a, b);
    let next = refresh(&app, &a).await;
    assert_eq!(next.status(), 200);
}

#[tokio::test]
async fn an_old_token_is_a_replay_once_its_successor_was_used() {
    let app = spawn_app().await;
    let v = app.volunteer("replay-grace").await;
    let second = refresh_token_of(refresh(&app, &v.refresh).await).await;
    let third = refresh_token_of(refresh(&app, &second).await).await;
    // Within the grace period, but the successor has moved on: a thief.
    let replay = refresh(&app, &v.refresh).await;
    assert_eq!(problem(replay, 401).await["code"], "invalid_refresh_token");
    let legit = refresh(&app, &third).await;
    assert_eq!(problem(legit, 401).await["code"], "invalid_refresh_token");
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_however_often_refreshed() {
    let app = spawn_with(json!({"auth": {"session_max_days": 30}})).await;
    let v = app.volunteer("forever").await;
    let token = refresh_token_of(refresh(&app, &v.refresh).await).await;
    // 29 days on, refreshed again: still the same session.
    app.travel(chrono::Duration::days(29));
    let token = refresh_token_of(refresh(&app, &token).await).await;
    // The sign-in is now 30 days and a minute ago.
    app.travel(chrono::Duration::days(1) + chrono::Duration::minutes(1));
    let refused = refresh(&app, &token).await;
    assert_eq!(problem(refused, 401).await["code"], "invalid_refresh_token");
    // Signing in again opens a new session.
    assert_eq!(app.login(&v.email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn refresh_is_rate_limited_per_client_address() {
    let app =
        spawn_with(json!({"limits": {"refresh_per_ip": {"limit": 3, "period_secs": 60}}})).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(refresh(&app, "guessed-token").await.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429]);
}

async fn login_from(app: &TestApp, ip: &str, email: &str, password: &str) -> u16 {
    app.client
        .post(app.url("/v1/auth/login"))
        .header("x-forwarded-for", ip)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn strangers_failing_logins_do_not_lock_the_person_out() {
    let app = spawn_with(json!({
        "http": {"trusted_proxies": ["127.0.0.1"]},
        "limits": {
            "login_per_email_ip": {"limit": 3, "period_secs": 900},
            "login_per_email": {"limit": 50, "period_secs": 3600},
            "password_per_email_ip": {"limit": 2, "period_secs": 3600},
            "password_per_email": {"limit": 50, "period_secs": 3600},
        },
    }))
    .await;
    let v = app.volunteer("target").await;
    let mut attacker = Vec::new();
    for _ in 0..5 {
        attacker.push(login_from(&app, "203.0.113.66", &v.email, "not the password").await);
    }
    assert_eq!(attacker, [401, 401, 401, 429, 429]);
    // The person, from their own address, signs in.
    assert_eq!(
        login_from(&app, "198.51.100.7", &v.email, PASSWORD).await,
        200
    );

    // Same for reset links: a stranger's requests do not use up theirs.
    let forgot = |ip: &'static str| {
        let app = &app;
        let email = v.email.clone();
        async move {
            app.client
                .post(app.url("/v1/auth/password/forgot"))
                .header("x-forwarded-for", ip)
                .json(&json!({"email": email}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let stranger = [
        forgot("203.0.113.66").await,
        forgot("203.0.113.66").await,
        forgot("203.0.113.66").await,
    ];
    assert_eq!(stranger, [202, 202, 429]);
    assert_eq!(forgot("198.51.100.7").await, 202);
}

#[tokio::test]
async fn a_ceiling_per_address_still_stops_a_crowd_of_guessers() {
    let app = spawn_with(json!({
        "http": {"trusted_proxies": ["127.0.0.1"]},
        "limits": {
            "login_per_email_ip": {"limit": 3, "period_secs": 900},
            "login_per_email": {"limit": 4, "period_secs": 3600},
        },
    }))
    .await;
    let v = app.volunteer("crowded").await;
    let mut statuses = Vec::new();
    for i in 0..6 {
        let ip = format!("203.0.113.{i}");
        statuses.push(login_from(&app, &ip, &v.email, "not the password").await);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
}
