//! Email through Brevo, against a local stand-in (wiremock): exact
//! requests checked against Brevo's official contract, failures, the
//! webhook and the suppression list, degraded mode.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::{email_requests, eventually, problem, spawn_with, unique_email, TestApp};

const API_KEY: &str = "xkeysib-test-key";
const HOOK_TOKEN: &str = "hook-secret-0123456789";

async fn app_with_brevo(server: &Arc<MockServer>, extra: Value) -> TestApp {
    let mut settings = json!({
        "auth": {"dev_mailbox": false},
        "worker": {"backoff_base_ms": 50, "backoff_max_secs": 1},
        "email": {
            "brevo_api_key": API_KEY,
            "brevo_base_url": server.uri(),
            "webhook_token": HOOK_TOKEN,
            "sender_email": "ne-pas-repondre@renfort.example",
            "sender_name": "Renfort",
            "request_timeout_ms": 500,
        },
    });
    crate::common::merge(&mut settings, extra);
    let mut app = spawn_with(settings).await;
    app.mail_provider = Some(server.clone());
    app
}

fn accepted() -> ResponseTemplate {
    ResponseTemplate::new(201)
        .set_body_json(json!({"messageId": "<202611291200.123@smtp-relay.mailin.fr>"}))
}

/// Brevo's `sendSmtpEmail` schema from the official contract, made strict
/// (no property Brevo does not define).
fn brevo_contract() -> jsonschema::Validator {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/contracts/brevo-v3.yaml"
    ))
    .expect("the Brevo contract is in api/tests/contracts");
    let spec: Value = serde_norway::from_str(&spec).expect("valid YAML");
    let mut definitions = spec["definitions"].clone();
    definitions["sendSmtpEmail"]["additionalProperties"] = json!(false);
    let schema = json!({"$ref": "#/definitions/sendSmtpEmail", "definitions": definitions});
    jsonschema::validator_for(&schema).expect("a usable schema")
}

fn assert_follows_contract(body: &Value) {
    let validator = brevo_contract();
    let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "the request breaks Brevo's contract: {errors:?}\n{body}"
    );
}

/// The token of the newest email Brevo was asked to send to `to`: what
/// the person finds in their mailbox (the outbox forgets it once sent).
async fn token_delivered_to(server: &MockServer, to: &str) -> String {
    crate::common::token_sent(server, to, None)
        .await
        .unwrap_or_else(|| panic!("no link sent to {to}"))
}

async fn job_for(app: &TestApp, to: &str) -> renfort::store::outbox::JobRow {
    renfort::store::outbox::latest_emails_to(&app.db, &to.to_lowercase(), 1)
        .await
        .unwrap()
        .pop()
        .expect("an email job")
}

#[tokio::test]
async fn an_email_goes_to_brevo_exactly_as_its_contract_says() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .respond_with(accepted())
        .expect(1)
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({})).await;
    let email = unique_email("brevo");
    assert_eq!(app.signup(&email).await.status(), 202);
    eventually("the email reaches Brevo", || async {
        !email_requests(&server).await.is_empty()
    })
    .await;

    let request = email_requests(&server).await.remove(0);
    let body: Value = request.body_json().unwrap();
    assert_follows_contract(&body);
    let job = job_for(&app, &email).await;
    assert_eq!(
        body["sender"],
        json!({"name": "Renfort", "email": "ne-pas-repondre@renfort.example"})
    );
    assert_eq!(body["to"], json!([{"email": email}]));
    assert_eq!(body["subject"], "Activez votre compte de bénévole");
    assert!(body["htmlContent"]
        .as_str()
        .unwrap()
        .contains("href=\"https://app.test/activation?token="));
    assert!(body["textContent"]
        .as_str()
        .unwrap()
        .contains("https://app.test/activation?token="));
    assert_eq!(body["tags"], json!(["activation"]));
    assert_eq!(body["headers"]["idempotencyKey"], job.id.to_string());
    assert!(body["headers"].get("X-Sib-Sandbox").is_none());
    eventually("the job is done", || async {
        job_for(&app, &email).await.state == "done"
    })
    .await;
}

#[tokio::test]
async fn a_server_error_is_retried_with_the_same_idempotency_key_and_delivered_once() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({})).await;
    let email = unique_email("retry");
    app.signup(&email).await;
    eventually("delivered on the second attempt", || async {
        job_for(&app, &email).await.state == "done"
    })
    .await;
    let job = job_for(&app, &email).await;
    assert_eq!(job.attempts, 2);
    let keys: Vec<Value> = email_requests(&server)
        .await
        .iter()
        .map(|r| r.body_json::<Value>().unwrap()["headers"]["idempotencyKey"].clone())
        .collect();
    assert_eq!(
        keys,
        vec![json!(job.id.to_string()), json!(job.id.to_string())]
    );
}

#[tokio::test]
async fn a_timeout_is_retried_with_the_same_key() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted().set_delay(Duration::from_secs(2)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({})).await;
    let email = unique_email("slow");
    app.signup(&email).await;
    eventually("delivered after the timeout", || async {
        job_for(&app, &email).await.state == "done"
    })
    .await;
    let requests = email_requests(&server).await;
    assert_eq!(requests.len(), 2);
    let key = |r: &Request| r.body_json::<Value>().unwrap()["headers"]["idempotencyKey"].clone();
    assert_eq!(key(&requests[0]), key(&requests[1]));
}

#[tokio::test]
async fn a_client_error_parks_the_job_dead_at_once_with_brevos_reason() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"code": "invalid_parameter", "message": "email is not valid"}),
            ),
        )
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({})).await;
    let email = unique_email("refused");
    app.signup(&email).await;
    eventually("the job is dead", || async {
        job_for(&app, &email).await.state == "dead"
    })
    .await;
    let job = job_for(&app, &email).await;
    assert_eq!(job.attempts, 1, "never retried");
    let error = job.last_error.unwrap();
    assert!(
        error.contains("invalid_parameter") && error.contains("email is not valid"),
        "{error}"
    );
    assert_eq!(email_requests(&server).await.len(), 1);

    // Operators see it and put it back in the queue.
    let admin = app.admin().await;
    let dead: Value = app
        .send(
            Method::GET,
            "/v1/admin/emails?state=dead&template=activation",
            &admin,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(dead["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|j| j["id"] == job.id.to_string()));
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/admin/emails/{}/requeue", job.id),
            &admin,
            None,
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["requeued"], 1);
    // Its link was scrubbed when it died: a fresh one goes out, and works.
    eventually("a fresh link is delivered", || async {
        let latest = job_for(&app, &email).await;
        latest.id != job.id && latest.state == "done"
    })
    .await;
    let token = token_delivered_to(&server, &email).await;
    let activated = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": token, "password": crate::common::PASSWORD}),
        )
        .await;
    assert_eq!(activated.status(), 200);
    problem(
        app.send(
            Method::POST,
            &format!("/v1/admin/emails/{}/requeue", Uuid::now_v7()),
            &admin,
            None,
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn rate_limited_by_brevo_every_email_waits_as_long_as_it_says() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(ResponseTemplate::new(429).insert_header("x-sib-ratelimit-reset", "2"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({"worker": {"concurrency": 1}})).await;
    let first = unique_email("first");
    app.signup(&first).await;
    eventually("Brevo said 429", || async {
        email_requests(&server).await.len() == 1
    })
    .await;
    // The worker writes the deferral just after Brevo's answer.
    eventually("the job is deferred", || async {
        job_for(&app, &first).await.run_after > app.now()
    })
    .await;
    let job = job_for(&app, &first).await;
    let wait = job.run_after - app.now();
    assert!(
        wait > chrono::Duration::milliseconds(1000),
        "waits as Brevo said, not a short backoff: {wait}"
    );
    assert_eq!(job.attempts, 0, "Brevo's limit is not the job's failure");

    // During the pause, other emails wait too.
    let second = unique_email("second");
    app.signup(&second).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        email_requests(&server).await.len(),
        1,
        "nothing sent during the pause"
    );
    eventually("both delivered after the pause", || async {
        job_for(&app, &first).await.state == "done" && job_for(&app, &second).await.state == "done"
    })
    .await;
}

#[tokio::test]
async fn sandbox_mode_and_brevo_templates() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(
        &server,
        json!({"email": {"sandbox": true, "brevo_template_ids": {"activation": 42}}}),
    )
    .await;
    let email = unique_email("sandbox");
    app.signup(&email).await;
    eventually("sent", || async {
        !email_requests(&server).await.is_empty()
    })
    .await;
    let body: Value = email_requests(&server).await[0].body_json().unwrap();
    assert_follows_contract(&body);
    assert_eq!(body["headers"]["X-Sib-Sandbox"], "drop");
    assert_eq!(body["templateId"], 42);
    assert_eq!(body["params"]["first_name"], "Léa");
    assert!(
        body.get("htmlContent").is_none(),
        "Brevo renders its own template"
    );
}

async fn webhook(app: &TestApp, token: Option<&str>, body: &str) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/v1/webhooks/brevo"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_webhook_suppresses_bounced_addresses_but_resets_still_go() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({"limits": {}})).await;
    let email = unique_email("bounce");
    app.signup(&email).await;
    let token = {
        eventually("activation sent", || async {
            job_for(&app, &email).await.state == "done"
        })
        .await;
        let job = job_for(&app, &email).await;
        assert!(
            job.payload.0["params"].get("token").is_none(),
            "a sent link leaves the outbox"
        );
        token_delivered_to(&server, &email).await
    };
    let activated = app
        .post_json(
            "/v1/auth/activate",
            &json!({"token": token, "password": crate::common::PASSWORD}),
        )
        .await;
    let session = app
        .session_from(&email, &activated.json().await.unwrap())
        .await;

    let event = json!({"event": "hard_bounce", "email": email.to_uppercase(), "message-id": "<x@y>", "ts_epoch": 1_795_000_000_000_i64});
    problem(webhook(&app, None, &event.to_string()).await, 401).await;
    problem(
        webhook(&app, Some("wrong-token"), &event.to_string()).await,
        401,
    )
    .await;
    assert_eq!(
        problem(webhook(&app, Some(HOOK_TOKEN), "{not json").await, 400).await["code"],
        "malformed_event"
    );
    problem(
        webhook(&app, Some(HOOK_TOKEN), r#"{"event": "hard_bounce"}"#).await,
        400,
    )
    .await;
    let other = json!({"event": "opened", "email": email});
    assert_eq!(
        webhook(&app, Some(HOOK_TOKEN), &other.to_string())
            .await
            .status(),
        204
    );
    let me: Value = app
        .send(Method::GET, "/v1/me", &session, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["email_undeliverable"], false,
        "an unknown event changes nothing"
    );

    assert_eq!(
        webhook(&app, Some(HOOK_TOKEN), &event.to_string())
            .await
            .status(),
        204
    );
    let me: Value = app
        .send(Method::GET, "/v1/me", &session, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email_undeliverable"], true);

    let sent_before = email_requests(&server).await.len();
    app.signup(&email).await; // "already registered" notice: suppressed
    eventually("the notice is skipped", || async {
        job_for(&app, &email).await.state == "done"
    })
    .await;
    let skipped = job_for(&app, &email).await;
    assert!(
        skipped.outcome.unwrap().starts_with("skipped:"),
        "the job says why"
    );
    assert_eq!(email_requests(&server).await.len(), sent_before);

    app.post_json("/v1/auth/password/forgot", &json!({"email": email}))
        .await;
    eventually("the reset goes anyway", || async {
        email_requests(&server).await.len() == sent_before + 1
    })
    .await;
}

#[tokio::test]
async fn degraded_mode_holds_activation_emails_and_lets_resets_through() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({})).await;
    let known = unique_email("known");
    app.signup(&known).await;
    eventually("first activation sent", || async {
        job_for(&app, &known).await.state == "done"
    })
    .await;
    let token = token_delivered_to(&server, &known).await;
    app.post_json(
        "/v1/auth/activate",
        &json!({"token": token, "password": crate::common::PASSWORD}),
    )
    .await;

    app.platform
        .mode
        .set(renfort::platform::Mode::Degraded)
        .await
        .unwrap();
    let newcomer = unique_email("peak");
    assert_eq!(
        app.signup(&newcomer).await.status(),
        202,
        "signup keeps working"
    );
    app.post_json("/v1/auth/password/forgot", &json!({"email": known}))
        .await;
    eventually("the reset is sent", || async {
        let job = job_for(&app, &known).await;
        job.payload.0["template"] == "password_reset" && job.state == "done"
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        job_for(&app, &newcomer).await.state,
        "pending",
        "the activation waits"
    );

    app.platform
        .mode
        .set(renfort::platform::Mode::Normal)
        .await
        .unwrap();
    eventually("the backlog drains", || async {
        job_for(&app, &newcomer).await.state == "done"
    })
    .await;
}

/// The worker once ran its jobs in batches and claimed no more until the
/// slowest of a batch finished: one email stuck on a slow answer held back
/// the activation emails behind it. Each job now runs on its own, and a
/// freed place is taken at once.
#[tokio::test]
async fn an_email_stuck_on_a_slow_answer_holds_no_other_back() {
    use wiremock::matchers::body_string_contains;
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .and(body_string_contains("stuck."))
        .respond_with(accepted().set_delay(Duration::from_secs(6)))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(
        &server,
        json!({
            "worker": {"concurrency": 4},
            "email": {"request_timeout_ms": 20000},
        }),
    )
    .await;
    let stuck = unique_email("stuck");
    app.signup(&stuck).await;
    eventually("the stuck email is being sent", || async {
        !email_requests(&server).await.is_empty()
    })
    .await;
    let next = unique_email("next");
    app.signup(&next).await;
    eventually("the next email sent", || async {
        job_for(&app, &next).await.state == "done"
    })
    .await;
    assert!(
        job_for(&app, &stuck).await.state != "done",
        "sent while the first one still waited for its answer"
    );
}

/// Gmail and Yahoo ask bulk senders for one-click unsubscribe (RFC 8058):
/// an email its reader may turn off carries `List-Unsubscribe` and
/// `List-Unsubscribe-Post`, and posting to that URL, with nothing else
/// than what the header says, turns that kind of email off; twice is no
/// error, and a forged link changes nothing.
#[tokio::test]
async fn one_click_unsubscribe_works_from_the_header_alone() {
    let server = Arc::new(MockServer::start().await);
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(accepted())
        .mount(&server)
        .await;
    let app = app_with_brevo(&server, json!({})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(10).await;
    let v = app
        .quick_volunteers(1, &crate::common::years_ago(30))
        .await
        .remove(0);
    assert_eq!(app.apply(&v, &mission, None).await.status(), 201);
    let notice = || async {
        email_requests(&server).await.into_iter().find(|r| {
            let body: Value = r.body_json().unwrap();
            body["tags"][0] == "new_application" && body["to"][0]["email"] == owner.email
        })
    };
    eventually("the owner's notice went to Brevo", || async {
        notice().await.is_some()
    })
    .await;
    let body: Value = notice().await.unwrap().body_json().unwrap();
    assert_eq!(
        body["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    let header = body["headers"]["List-Unsubscribe"].as_str().unwrap();
    let url = header
        .strip_prefix('<')
        .and_then(|h| h.strip_suffix('>'))
        .expect("an angle-bracketed URL");
    assert!(
        url.starts_with("http://localhost:8080/v1/unsubscribe?token="),
        "{url}"
    );
    let path_and_query = &url["http://localhost:8080".len()..];
    // As the mailbox provider does: no cookie, no token, just the form.
    let one_click = || {
        app.client
            .post(app.url(path_and_query))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
    };
    let r = one_click().await.unwrap();
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(
        answer,
        json!({"topic": "applications", "unsubscribed": true})
    );
    assert_eq!(one_click().await.unwrap().status(), 200, "idempotent");
    let prefs: Value = app
        .send(Method::GET, "/v1/me/notifications", &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(prefs["applications"], "off");
    assert_eq!(prefs["messages"], "immediate", "only that kind");
    // A link with its kind changed, or its signature cut, is refused.
    let forged = path_and_query.replace(".applications.", ".messages.");
    let r = app.client.post(app.url(&forged)).send().await.unwrap();
    assert_eq!(problem(r, 422).await["code"], "invalid_token");
    // Security emails carry no such header: a password reset cannot be
    // turned off.
    app.post_json("/v1/auth/password/forgot", &json!({"email": owner.email}))
        .await;
    eventually("the reset went to Brevo", || async {
        email_requests(&server)
            .await
            .iter()
            .any(|r| r.body_json::<Value>().unwrap()["tags"][0] == "password_reset")
    })
    .await;
    let reset: Value = email_requests(&server)
        .await
        .into_iter()
        .map(|r| r.body_json::<Value>().unwrap())
        .find(|b| b["tags"][0] == "password_reset")
        .unwrap();
    assert!(reset["headers"].get("List-Unsubscribe").is_none());
}
