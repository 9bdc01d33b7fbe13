//! `spawn_app`: a running Renfort on a random port with its own database.

use std::sync::{Arc, Once};

use renfort::clock::Clock;
use renfort::config::Settings;
use renfort::platform::Platform;
use renfort::startup::Application;
use renfort::store::Db;
use serde_json::{json, Value};
use uuid::Uuid;

pub struct TestApp {
    pub address: String,
    /// The internal metrics listener.
    pub metrics_address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub platform: Arc<Platform>,
    pub settings: Value,
    /// The app's clock: tests read "now" and "today" from it and move it
    /// forward to reach "after the start" or "three years later".
    pub clock: Clock,
    /// The email provider this app sends through when the development
    /// mailbox is off: a stand-in for Brevo that keeps what it was asked
    /// to send, as a mailbox would (the outbox forgets a link once sent).
    pub mail_provider: Option<Arc<wiremock::MockServer>>,
    handle: actix_web::dev::ServerHandle,
    _dir: Option<tempfile::TempDir>,
}

static TRACING: Once = Once::new();

/// Which backends this run uses, from the environment.
pub fn postgres_url() -> Option<String> {
    std::env::var("RENFORT_TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// How many days ahead of the real date the test clock starts:
/// `RENFORT_TEST_DAYS_AHEAD=400 cargo test` runs the suite a year and
/// more ahead, as CI does, so that no test depends on the day it runs.
pub fn days_ahead() -> i64 {
    std::env::var("RENFORT_TEST_DAYS_AHEAD")
        .ok()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .expect("RENFORT_TEST_DAYS_AHEAD is a number of days")
        })
        .unwrap_or(0)
}

pub fn redis_url() -> Option<String> {
    std::env::var("RENFORT_TEST_REDIS_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A pooler in front of PostgreSQL (PgBouncer in transaction mode, as in
/// production): `RENFORT_TEST_POOLER_URL=postgres://postgres@127.0.0.1:6432/postgres`.
/// Test databases are then created and migrated directly, as the release's
/// migration Job does, and the service reaches them through the pooler.
pub fn pooler_url() -> Option<String> {
    std::env::var("RENFORT_TEST_POOLER_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// `url` naming database `name` instead, its parameters (sslmode,
/// sslrootcert) kept.
fn with_database(url: &str, name: &str) -> String {
    let (address, query) = url
        .split_once('?')
        .map_or((url, None), |(a, q)| (a, Some(q)));
    let base = address.rsplit_once('/').map_or(address, |(b, _)| b);
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// A fresh database URL: a new PostgreSQL database (migrated already
/// when a pooler stands in front), or a new SQLite file in a temporary
/// directory (returned to keep it alive).
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match postgres_url() {
        Some(admin_url) => {
            use sqlx::Connection;
            let name = format!("renfort_test_{}", Uuid::now_v7().simple());
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to RENFORT_TEST_DATABASE_URL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let direct = with_database(&admin_url, &name);
            match pooler_url() {
                None => (direct, None),
                Some(pooler) => {
                    let settings = Settings::with_overrides(json!({
                        "database": {"url": direct},
                        "auth": {"jwt_secret": "integration-test-signing-key-0123456789"},
                    }))
                    .unwrap();
                    let db = renfort::store::Db::connect(&settings.database)
                        .await
                        .expect("connect to the test database");
                    db.migrate().await.expect("migrate the test database");
                    db.close().await;
                    (with_database(&pooler, &name), None)
                }
            }
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("renfort.db").display());
            (url, Some(dir))
        }
    }
}

/// The CA that signed the test Redis's certificate (`rediss://`).
pub fn redis_ca_file() -> Option<String> {
    std::env::var("RENFORT_TEST_REDIS_CA_FILE")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A stand-in for Brevo's transactional API that accepts every email.
pub async fn mail_provider() -> Arc<wiremock::MockServer> {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/v3/smtp/email"))
        .respond_with(
            wiremock::ResponseTemplate::new(201)
                .set_body_json(json!({"messageId": "<test@smtp-relay.mailin.fr>"})),
        )
        .mount(&server)
        .await;
    Arc::new(server)
}

/// The requests Brevo's stand-in received to send an email, oldest first.
pub async fn email_requests(provider: &wiremock::MockServer) -> Vec<wiremock::Request> {
    provider
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == "/v3/smtp/email")
        .collect()
}

/// The emails Brevo was asked to send, oldest first.
pub async fn emails_sent(provider: &wiremock::MockServer) -> Vec<Value> {
    email_requests(provider)
        .await
        .iter()
        .filter_map(|r| serde_json::from_slice::<Value>(&r.body).ok())
        .collect()
}

/// The token in the newest email (of `template`, when named) sent to
/// `to`: what the person finds in their mailbox.
pub async fn token_sent(
    provider: &wiremock::MockServer,
    to: &str,
    template: Option<&str>,
) -> Option<String> {
    emails_sent(provider)
        .await
        .iter()
        .rev()
        .filter(|b| b["to"][0]["email"].as_str() == Some(to))
        .filter(|b| template.is_none_or(|t| b["tags"][0].as_str() == Some(t)))
        .find_map(|b| {
            let text = b.to_string();
            let at = text.find("token=")? + "token=".len();
            Some(
                text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect(),
            )
        })
}

pub async fn spawn_app() -> TestApp {
    spawn_with(json!({})).await
}

/// Test defaults (fast worker polling, one HTTP worker thread), merged with
/// `overrides`, on a fresh database and an isolated Redis key prefix.
pub async fn spawn_with(overrides: Value) -> TestApp {
    let (database_url, dir) = fresh_database().await;
    spawn_on(
        &database_url,
        dir,
        overrides,
        &format!("test:{}:", Uuid::now_v7().simple()),
    )
    .await
}

/// Like `spawn_with`, on a given database and Redis prefix: two apps
/// sharing both are two replicas of one deployment.
pub async fn spawn_on(
    database_url: &str,
    dir: Option<tempfile::TempDir>,
    overrides: Value,
    redis_prefix: &str,
) -> TestApp {
    TRACING.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            // For the whole test process: the guard is kept for good.
            std::mem::forget(renfort::telemetry::init(&renfort::config::LogSettings {
                format: renfort::config::LogFormat::Pretty,
                filter: "debug,sqlx=warn".into(),
                otlp_endpoint: None,
                otlp_sample_ratio: 0.0,
            }));
        }
    });
    let mut base = json!({
        "http": {"port": 0, "workers": 1, "shutdown_timeout_secs": 2},
        "metrics": {"port": 0},
        // Signups in tests carry no challenge; the edge tests set one.
        "challenge": {"policy": "off"},
        "database": {
            "url": database_url,
            "max_connections": 8,
            // Behind the pooler: migrated already, and the statement
            // timeout is the role's (PgBouncer refuses it as a startup option).
            "migrate_on_start": pooler_url().is_none(),
            "statement_timeout_ms": if pooler_url().is_some() { 0 } else { 5000 },
        },
        "redis": {
            "url": redis_url(),
            "key_prefix": redis_prefix,
            "timeout_ms": 200,
            "ca_file": redis_ca_file(),
        },
        "worker": {"poll_interval_ms": 20, "backoff_base_ms": 50},
        // Notices of new applications go within a second, not ten.
        "email": {"notice_settle_ms": 300},
        // Tests that race many requests must not be shed, nor switch the
        // service to degraded mode on a slow machine; the overload tests
        // set their own.
        // Nor shed for lack of CPU: the suite runs many services at once
        // on two cores (platform/sojourn.rs has its own tests, the bench
        // its pinned-core step).
        // The same for a mission's own line (1 s in production).
        "admission": {"queue_budget_ms": 30000, "mission_wait_ms": 30000, "cpu_target_ms": 0},
        "degraded": {"engage_after_secs": 100000},
        "auth": {
            "jwt_secret": "integration-test-signing-key-0123456789",
            "app_base_url": "https://app.test",
            "dev_mailbox": true,
            "cookie_secure": false,
        },
        // Generous limits: tests come from one address; the rate-limit
        // tests set their own.
        "limits": {
            "signup_per_ip": {"limit": 100000, "period_secs": 60},
            "signup_per_email": {"limit": 1000, "period_secs": 60},
            "login_per_ip": {"limit": 100000, "period_secs": 60},
            "login_per_email_ip": {"limit": 1000, "period_secs": 60},
            "login_per_email": {"limit": 1000, "period_secs": 60},
            "password_per_ip": {"limit": 100000, "period_secs": 60},
            "password_per_email_ip": {"limit": 1000, "period_secs": 60},
            "password_per_email": {"limit": 1000, "period_secs": 60},
            "refresh_per_ip": {"limit": 100000, "period_secs": 60},
            "search_miss_per_ip": {"limit": 100000, "period_secs": 60},
        },
        "quotas": {
            "organizations_per_account": {"limit": 1000, "period_secs": 60},
            "invitations_per_organization": {"limit": 1000, "period_secs": 60},
            "invitations_per_account": {"limit": 1000, "period_secs": 60},
            "missions_per_organization": {"limit": 1000, "period_secs": 60},
            "submissions_per_account": {"limit": 1000, "period_secs": 60},
            "applications_per_account": {"limit": 1000, "period_secs": 60},
            "email_changes_per_account": {"limit": 1000, "period_secs": 60},
        },
    });
    merge(&mut base, overrides);
    let mail_provider = if base["auth"]["dev_mailbox"] == false
        && base["email"]["brevo_base_url"].is_null()
    {
        let provider = mail_provider().await;
        merge(
            &mut base,
            json!({"email": {"brevo_api_key": "xkeysib-test-key", "brevo_base_url": provider.uri()}}),
        );
        Some(provider)
    } else {
        None
    };
    // A test that brings its own database (a SQLite file) does not go
    // through the pooler: it migrates as the embedded mode does.
    if let Some(pooler) = pooler_url() {
        let url = base["database"]["url"].as_str().unwrap_or_default();
        let pooler_address = pooler.rsplit_once('/').map_or(pooler.as_str(), |(a, _)| a);
        if !url.starts_with(pooler_address) {
            base["database"]["migrate_on_start"] = json!(true);
            base["database"]["statement_timeout_ms"] = json!(5000);
        }
    }
    let settings = Settings::with_overrides(base.clone()).expect("test settings");
    let clock = Clock::adjustable(chrono::Duration::days(days_ahead()));
    let app = Application::build_with_clock(settings, clock.clone())
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = format!("http://127.0.0.1:{}", app.metrics_port());
    let db = app.db();
    let platform = app.platform();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        metrics_address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        db,
        platform,
        settings: base,
        clock,
        mail_provider,
        handle,
        _dir: dir,
    }
}

/// Deep-merges `patch` into `target`.
pub fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                merge(t.entry(k).or_insert(Value::Null), v);
            }
        }
        (t, p) => *t = p,
    }
}

impl TestApp {
    /// What time it is for the app.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The app's today.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Moves the app's clock `by` forward: the handlers, the worker and
    /// the store all see the new time at once.
    pub fn travel(&self, by: chrono::Duration) {
        self.clock.advance(by);
    }

    /// `session` with an access token signed now by the app's clock, with
    /// the same account, session and roles: after a test moved the clock
    /// past the token's expiry, as a client refreshing it would get.
    pub fn renewed(&self, session: &Session) -> Session {
        let settings = Settings::with_overrides(self.settings.clone()).unwrap();
        let keys = renfort::auth::jwt::Keys::from_settings(&settings.auth);
        // Read the claims as they were when it was issued.
        let claims = keys
            .verify(&session.access, chrono::DateTime::UNIX_EPOCH)
            .expect("a token this app signed");
        Session {
            access: keys.sign(
                claims.sub,
                claims.sid,
                claims.admin,
                claims.referent,
                self.now(),
            ),
            ..session.clone()
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The Prometheus text of the internal metrics listener.
    pub async fn metrics(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.metrics_address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn stop(&self) {
        self.handle.stop(true).await;
    }
}

/// Reads a problem+json response, checking its shape.
pub async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert_eq!(content_type, "application/problem+json");
    let request_id = response.headers().get("x-request-id").cloned();
    let body: Value = response.json().await.expect("problem body");
    assert_eq!(body["status"], status);
    assert!(body["type"]
        .as_str()
        .unwrap()
        .starts_with("urn:renfort:problem:"));
    assert!(body["title"].is_string());
    assert!(body["code"].is_string());
    if let Some(id) = request_id {
        assert_eq!(
            body["request_id"],
            id.to_str().unwrap(),
            "the problem names the request"
        );
    }
    body
}

/// A `renfort` process of the test's own (the binary as deployed), in an
/// empty working directory and a clean environment but for `env`;
/// stopped when dropped.
pub struct RenfortProcess {
    child: std::process::Child,
    _workdir: tempfile::TempDir,
}

impl RenfortProcess {
    pub fn start(command: &str, env: &[(&str, String)], stdout: std::process::Stdio) -> Self {
        let workdir = tempfile::tempdir().unwrap();
        let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_renfort"));
        process
            .arg(command)
            .current_dir(workdir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .stdout(stdout)
            .stderr(std::process::Stdio::null());
        for (name, value) in env {
            process.env(name, value);
        }
        let child = process.spawn().expect("start the renfort binary");
        RenfortProcess {
            child,
            _workdir: workdir,
        }
    }
}

impl RenfortProcess {
    /// `renfort serve` on a SQLite file in `dir`, with `env` besides, once
    /// it answers; and its base URL.
    pub async fn serve(
        dir: &std::path::Path,
        env: &[(&str, String)],
        stdout: std::process::Stdio,
    ) -> (Self, String) {
        let port = free_port();
        let mut all = vec![
            (
                "DATABASE_URL",
                format!("sqlite://{}", dir.join("renfort.db").display()),
            ),
            ("RENFORT_HTTP__PORT", port.to_string()),
            ("RENFORT_METRICS__PORT", "0".to_owned()),
        ];
        all.extend(env.iter().cloned());
        let process = Self::start("serve", &all, stdout);
        let api = format!("http://127.0.0.1:{port}");
        for _ in 0..400 {
            if reqwest::get(format!("{api}/health/live")).await.is_ok() {
                return (process, api);
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("`renfort serve` did not answer");
    }

    /// Stops it as an orchestrator does (SIGTERM) and waits for it.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().expect("the process ends")
    }
}

impl Drop for RenfortProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on (for a process of the test's own).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls `check` until it is true or `what` times out after 10 s.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// A signed-in person, as a client holds it.
#[derive(Debug, Clone)]
pub struct Session {
    pub account_id: String,
    pub email: String,
    pub access: String,
    pub refresh: String,
}

pub const PASSWORD: &str = "un velo bleu dans la cour";

pub fn signup_body(email: &str) -> Value {
    json!({
        "email": email,
        "first_name": "Léa",
        "last_name": "Martin",
        "birth_date": years_ago(28),
        "postcode": "69003",
        "phone": "06 12 34 56 78",
        "skills": ["first_aid", "listening"],
        "domains": ["health"],
        "terms_accepted": true,
        "terms_version": "2026-01",
    })
}

/// A unique address for one test.
pub fn unique_email(name: &str) -> String {
    format!("{name}.{}@example.org", Uuid::now_v7().simple())
}

impl TestApp {
    pub async fn authed(
        &self,
        method: reqwest::Method,
        path: &str,
        access: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(access)
    }

    /// The emails the development mailbox holds for `to`, newest first.
    pub async fn mailbox(&self, to: &str) -> Vec<Value> {
        let body: Value = self
            .client
            .get(self.url("/v1/dev/mailbox"))
            .query(&[("to", to)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["items"].as_array().cloned().unwrap_or_default()
    }

    /// The token of the newest `template` email to `to`: through the
    /// development mailbox when it is on (as an SPA developer would), from
    /// the outbox otherwise (with a real email provider). Emails asked for
    /// by address are written by the worker: this waits for them a while.
    pub async fn token_from_email(&self, to: &str, template: &str) -> String {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(token) = self.find_token(to, template).await {
                return token;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {template} email to {to}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    async fn find_token(&self, to: &str, template: &str) -> Option<String> {
        if self.settings["auth"]["dev_mailbox"] == true {
            let emails = self.mailbox(to).await;
            let email = emails.iter().find(|e| e["template"] == template)?;
            let link = email["links"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .find(|l| l.contains("token="))
                .expect("a link with a token");
            return Some(link.split("token=").nth(1).unwrap().to_owned());
        }
        if let Some(provider) = &self.mail_provider {
            return token_sent(provider, to, Some(template)).await;
        }
        let jobs = renfort::store::outbox::latest_emails_to(&self.db, &to.to_lowercase(), 20)
            .await
            .unwrap();
        jobs.iter()
            .find(|j| j.payload.0["template"] == template)
            .and_then(|j| j.payload.0["params"]["token"].as_str().map(str::to_owned))
    }

    pub async fn signup(&self, email: &str) -> reqwest::Response {
        self.post_json("/v1/auth/signup", &signup_body(email)).await
    }

    /// Activates `email`'s account from its activation email.
    pub async fn activate(&self, email: &str) -> Session {
        let token = self.token_from_email(email, "activation").await;
        let response = self
            .post_json(
                "/v1/auth/activate",
                &json!({"token": token, "password": PASSWORD, "refresh_token_in_body": true}),
            )
            .await;
        assert_eq!(response.status(), 200, "activation");
        let body: Value = response.json().await.unwrap();
        self.session_from(email, &body).await
    }

    pub async fn session_from(&self, email: &str, body: &Value) -> Session {
        let access = body["access_token"].as_str().unwrap().to_owned();
        let me: Value = self
            .client
            .get(self.url("/v1/me"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Session {
            account_id: me["id"].as_str().unwrap().to_owned(),
            email: email.to_owned(),
            access,
            refresh: body["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        }
    }

    /// Signs up and activates a volunteer.
    pub async fn volunteer(&self, name: &str) -> Session {
        let email = unique_email(name);
        assert_eq!(self.signup(&email).await.status(), 202);
        self.activate(&email).await
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/v1/auth/login",
            &json!({"email": email, "password": password, "refresh_token_in_body": true}),
        )
        .await
    }

    /// An active administrator, made as `renfort admin create` does.
    pub async fn admin(&self) -> Session {
        let email = unique_email("admin");
        let parsed = renfort::domain::account::EmailAddress::parse(&email).unwrap();
        let settings = renfort::config::Settings::with_overrides(self.settings.clone()).unwrap();
        renfort::services::admin::create_admin(&self.db, &settings, &parsed, "Ada", "Admin")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        self.activate(&email).await
    }
}

/// A fresh RNA number: each live organisation has its own.
pub fn unique_rna() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    format!(
        "W69{:07}",
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    )
}

/// A valid organisation, with an RNA number of its own.
pub fn organization_body(postcode: &str) -> Value {
    json!({
        "name": "Banque alimentaire du Rhône",
        "kind": "association",
        "rna": unique_rna(),
        "description": "Collecte et redistribution de denrées alimentaires aux familles.",
        "address": {"line": "1 rue de la Paix", "postcode": postcode, "city": "Lyon", "latitude": 45.76, "longitude": 4.83},
        "website": "https://ba69.example.org",
        "contact_email": "contact@ba69.example.org",
        "contact_phone": "04 78 00 00 00",
        "domains": ["solidarity_inclusion"],
    })
}

/// The day `n` days after today (before it when negative), today being
/// where test clocks start: fixtures date their missions from it, so that
/// no test holds a calendar date.
pub fn days_from_today(n: i64) -> chrono::NaiveDate {
    chrono::Utc::now().date_naive() + chrono::Duration::days(days_ahead() + n)
}

/// A birth date `years` years before today, a day to spare.
pub fn years_ago(years: i64) -> String {
    days_from_today(-(365 * years + years / 4 + 1)).to_string()
}

/// A mission starting in a month and running five months.
pub fn mission_body(postcode: &str) -> Value {
    json!({
        "title": "Distribution de repas",
        "description": "Aider à préparer et distribuer des repas chauds aux personnes sans abri, le mercredi soir.",
        "domain": "solidarity_inclusion",
        "skills": ["food_distribution"],
        "audience": ["people_in_precarity"],
        "format": "on_site",
        "addresses": [{"postcode": postcode, "city": "Lyon", "latitude": 45.76, "longitude": 4.83}],
        "start_date": days_from_today(30),
        "end_date": days_from_today(150),
        "commitment": {"kind": "per_week", "hours": 3},
        "capacity": 10,
    })
}

impl TestApp {
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        session: &Session,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&session.access);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    /// A session refreshed, so that its access token carries new roles.
    pub async fn refreshed(&self, session: &Session) -> Session {
        let body: Value = self
            .post_json(
                "/v1/auth/refresh",
                &json!({"refresh_token": session.refresh}),
            )
            .await
            .json()
            .await
            .unwrap();
        Session {
            access: body["access_token"].as_str().expect("refreshed").to_owned(),
            refresh: body["refresh_token"].as_str().unwrap().to_owned(),
            ..session.clone()
        }
    }

    /// A volunteer made referent of `departments` by an admin.
    pub async fn referent(&self, admin: &Session, departments: &[&str]) -> Session {
        let v = self.volunteer("referent").await;
        let r = self
            .send(
                reqwest::Method::POST,
                &format!("/v1/admin/accounts/{}/roles", v.account_id),
                admin,
                Some(json!({"grant_referent": departments})),
            )
            .await;
        assert_eq!(r.status(), 200);
        self.refreshed(&v).await
    }

    /// Creates an organisation (in `postcode`) owned by `owner`; its id.
    pub async fn organization(&self, owner: &Session, postcode: &str) -> String {
        let r = self
            .send(
                reqwest::Method::POST,
                "/v1/organizations",
                owner,
                Some(organization_body(postcode)),
            )
            .await;
        assert_eq!(r.status(), 201, "organisation created");
        let body: Value = r.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    }

    /// An organisation already approved (written straight to the
    /// database), for tests about what approved organisations do.
    pub async fn approved_organization(&self, owner: &Session, postcode: &str) -> String {
        let id = self.organization(owner, postcode).await;
        self.approve(&id).await;
        id
    }

    /// Approves organisation `id` straight in the database, for tests that
    /// are not about moderation.
    pub async fn approve(&self, id: &str) {
        let uuid: Uuid = id.parse().unwrap();
        let mut conn = self.db.acquire().await.unwrap();
        renfort::on_conn!(&mut conn, c => sqlx::query("UPDATE organizations SET state = 'approved' WHERE id = $1")
            .bind(uuid)
            .execute(c)
            .await
            .map(|_| ()))
        .unwrap();
    }

    pub async fn transition(
        &self,
        who: &Session,
        path: &str,
        to: &str,
        reason: Option<&str>,
    ) -> reqwest::Response {
        self.send(
            reqwest::Method::POST,
            path,
            who,
            Some(json!({"to": to, "reason": reason})),
        )
        .await
    }

    /// Creates a mission of `org` from `body`, submitted by its owner and
    /// published by the referent: its id.
    pub async fn publish(
        &self,
        owner: &Session,
        referent: &Session,
        org: &str,
        body: Value,
    ) -> String {
        let r = self
            .send(
                reqwest::Method::POST,
                &format!("/v1/organizations/{org}/missions"),
                owner,
                Some(body),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let id = r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/v1/missions/{id}/transitions");
        for (who, to) in [(owner, "pending_review"), (referent, "published")] {
            assert_eq!(self.transition(who, &path, to, None).await.status(), 200);
        }
        id
    }

    /// An approved organisation in department 69 with a published mission:
    /// (owner, referent of 69, admin, organisation id, mission id).
    pub async fn published_mission(
        &self,
        capacity: i32,
    ) -> (Session, Session, Session, String, String) {
        self.published_mission_at(capacity, "69002").await
    }

    /// A published mission of an approved organisation, both at
    /// `postcode`, moderated by a referent of its department: (owner,
    /// referent, admin, organisation, mission).
    pub async fn published_mission_at(
        &self,
        capacity: i32,
        postcode: &str,
    ) -> (Session, Session, Session, String, String) {
        let department = renfort::domain::department::department_of_postcode(postcode)
            .expect("a French postcode")
            .code;
        let admin = self.admin().await;
        let referent = self.referent(&admin, &[department]).await;
        let owner = self.volunteer("owner").await;
        let org = self.organization(&owner, postcode).await;
        let path = format!("/v1/organizations/{org}/transitions");
        assert_eq!(
            self.transition(&owner, &path, "pending_review", None)
                .await
                .status(),
            200
        );
        assert_eq!(
            self.transition(&referent, &path, "approved", None)
                .await
                .status(),
            200
        );
        let mut body = mission_body(postcode);
        body["capacity"] = json!(capacity);
        let r = self
            .send(
                reqwest::Method::POST,
                &format!("/v1/organizations/{org}/missions"),
                &owner,
                Some(body),
            )
            .await;
        assert_eq!(r.status(), 201);
        let mission = r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/v1/missions/{mission}/transitions");
        assert_eq!(
            self.transition(&owner, &path, "pending_review", None)
                .await
                .status(),
            200
        );
        assert_eq!(
            self.transition(&referent, &path, "published", None)
                .await
                .status(),
            200
        );
        (owner, referent, admin, org, mission)
    }
}

impl TestApp {
    /// `n` active volunteers written straight to the database, with access
    /// tokens signed by the app's key: for tests that need many people and
    /// are not about signing up (no password hashing).
    pub async fn quick_volunteers(&self, n: usize, birth_date: &str) -> Vec<Session> {
        use renfort::domain::account::Profile;
        use renfort::store::accounts::{self, NewAccount};
        let settings = renfort::config::Settings::with_overrides(self.settings.clone()).unwrap();
        let keys = renfort::auth::jwt::Keys::from_settings(&settings.auth);
        let now = self.now();
        let profile = Profile {
            first_name: "Camille".into(),
            last_name: "Durand".into(),
            birth_date: Some(birth_date.parse().unwrap()),
            postcode: Some("69003".into()),
            department: Some("69".into()),
            phone: Some("+33611223344".into()),
            skills: vec![],
            domains: vec![],
            presentation: None,
            visible_to_organizations: true,
        };
        let mut sessions = Vec::with_capacity(n);
        let mut tx = self.db.begin().await.unwrap();
        for _ in 0..n {
            let id = Uuid::now_v7();
            let email = unique_email("crowd");
            accounts::insert(
                tx.h(),
                NewAccount {
                    id,
                    email: &email,
                    email_normalized: &email,
                    is_admin: false,
                    profile: &profile,
                    terms_version: Some("2026-01"),
                    origin: &Default::default(),
                    now,
                },
            )
            .await
            .unwrap();
            accounts::activate(tx.h(), id, "not-a-hash", now)
                .await
                .unwrap();
            sessions.push(Session {
                account_id: id.to_string(),
                email,
                access: keys.sign(id, Uuid::now_v7(), false, vec![], now),
                refresh: String::new(),
            });
        }
        tx.commit().await.unwrap();
        sessions
    }

    /// `volunteer` applies to `mission` and `owner` accepts: the
    /// participation's id.
    pub async fn accepted(&self, owner: &Session, volunteer: &Session, mission: &str) -> String {
        let r = self.apply(volunteer, mission, Some("Motivée")).await;
        assert_eq!(r.status(), 201);
        let id = r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = self
            .send(
                reqwest::Method::POST,
                &format!("/v1/participations/{id}/transitions"),
                owner,
                Some(json!({"to": "accepted"})),
            )
            .await;
        assert_eq!(r.status(), 200);
        id
    }

    pub async fn apply(
        &self,
        who: &Session,
        mission: &str,
        motivation: Option<&str>,
    ) -> reqwest::Response {
        self.send(
            reqwest::Method::POST,
            &format!("/v1/missions/{mission}/participations"),
            who,
            Some(json!({"motivation": motivation})),
        )
        .await
    }
}

/// The emails of `template` written to `to` in the outbox, their payloads
/// in the order written.
pub async fn emails_to(app: &TestApp, template: &str, to: &str) -> Vec<Value> {
    emails_of(app, template)
        .await
        .into_iter()
        .filter(|p| p["to"] == to)
        .collect()
}

/// The emails of `template` in the outbox, whoever they go to.
pub async fn emails_of(app: &TestApp, template: &str) -> Vec<Value> {
    let mut conn = app.db.acquire().await.unwrap();
    let payloads: Vec<sqlx::types::Json<Value>> =
        renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
        "SELECT payload FROM outbox_jobs WHERE kind = 'email' ORDER BY created_at, id",
    )
    .fetch_all(c)
    .await)
        .unwrap();
    payloads
        .into_iter()
        .map(|p| p.0)
        .filter(|p| p["template"] == template)
        .collect()
}
