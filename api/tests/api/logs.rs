//! No secret in the logs: a journey through the service as deployed (its
//! binary, JSON logs at debug level) signs up, activates, refreshes,
//! opens a calendar feed and resets a password; then no token, link
//! secret or password it handled is found in any line the process wrote.

use std::process::Stdio;

use serde_json::{json, Value};

use crate::common::{signup_body, RenfortProcess, PASSWORD};

/// The secret of the newest `template` link sent to `to`.
async fn link_secret(client: &reqwest::Client, api: &str, to: &str, template: &str) -> String {
    for _ in 0..200 {
        let emails: Value = client
            .get(format!("{api}/v1/dev/mailbox?to={to}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let link = emails["items"].as_array().and_then(|emails| {
            emails
                .iter()
                .find(|e| e["template"] == template)
                .and_then(|e| e["links"].as_array()?.iter().find_map(Value::as_str))
                .map(str::to_owned)
        });
        if let Some(link) = link {
            return link.rsplit_once("token=").unwrap().1.to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("no {template} email to {to}");
}

#[tokio::test]
async fn a_journey_leaves_no_secret_in_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("renfort.log");
    let env = [
        ("RENFORT_LOG__FORMAT", "json".to_owned()),
        (
            "RENFORT_LOG__FILTER",
            "debug,sqlx=info,hyper=info,h2=info,rustls=info,reqwest=info".to_owned(),
        ),
        ("RENFORT_AUTH__DEV_MAILBOX", "true".to_owned()),
        ("RENFORT_AUTH__COOKIE_SECURE", "false".to_owned()),
        ("RENFORT_CHALLENGE__POLICY", "off".to_owned()),
        ("RENFORT_WORKER__POLL_INTERVAL_MS", "20".to_owned()),
    ];
    let file = std::fs::File::create(&log).unwrap();
    let (server, api) = RenfortProcess::serve(dir.path(), &env, Stdio::from(file)).await;
    let client = reqwest::Client::new();

    let email = "secretive@example.org";
    let post = |path: &str, body: Value, bearer: Option<&str>| {
        let mut request = client.post(format!("{api}{path}")).json(&body);
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(
        post("/v1/auth/signup", signup_body(email), None)
            .await
            .unwrap()
            .status(),
        202
    );
    let activation = link_secret(&client, &api, email, "activation").await;
    let activated: Value = post(
        "/v1/auth/activate",
        json!({"token": activation, "password": PASSWORD, "refresh_token_in_body": true}),
        None,
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let access = activated["access_token"].as_str().unwrap().to_owned();
    let refresh = activated["refresh_token"].as_str().unwrap().to_owned();
    let refreshed: Value = post("/v1/auth/refresh", json!({"refresh_token": refresh}), None)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second_refresh = refreshed["refresh_token"].as_str().unwrap().to_owned();

    let feed: Value = post("/v1/me/calendar-feed", json!({}), Some(&access))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let feed_path = feed["path"].as_str().unwrap().to_owned();
    let feed_token = feed_path.rsplit('/').next().unwrap().to_owned();
    assert_eq!(
        client
            .get(format!("{api}{feed_path}"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // As calendar apps ask for it, with the extension some add.
    client
        .get(format!("{api}{feed_path}.ics"))
        .send()
        .await
        .unwrap();

    assert_eq!(
        post("/v1/auth/password/forgot", json!({"email": email}), None)
            .await
            .unwrap()
            .status(),
        202
    );
    let reset = link_secret(&client, &api, email, "password_reset").await;
    let new_password = "une autre phrase de passe, secrète";
    let r = post(
        "/v1/auth/password/reset",
        json!({"token": reset, "password": new_password}),
        None,
    )
    .await
    .unwrap();
    assert!(r.status().is_success(), "reset: {}", r.status());
    // A reset token used twice, refused: refusals are logged too.
    post(
        "/v1/auth/password/reset",
        json!({"token": reset, "password": new_password}),
        None,
    )
    .await
    .unwrap();
    // Let the worker deliver (to the log sink) what the journey sent.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(server);

    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.lines().count() > 20 && written.contains("email delivered to the log sink"),
        "the journey was logged:\n{written}"
    );
    for (what, secret) in [
        ("activation token", activation.as_str()),
        ("access token", access.as_str()),
        ("refresh token", refresh.as_str()),
        ("second refresh token", second_refresh.as_str()),
        ("calendar feed token", feed_token.as_str()),
        ("password reset token", reset.as_str()),
        ("password", PASSWORD),
        ("new password", new_password),
    ] {
        let leaks: Vec<&str> = written.lines().filter(|l| l.contains(secret)).collect();
        assert!(
            leaks.is_empty(),
            "the {what} is in the log:\n{}",
            leaks.join("\n")
        );
    }
}
