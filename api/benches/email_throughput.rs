//! Delivery rate of the outbox worker sending email through the Brevo
//! adapter to a local stand-in (wiremock on 127.0.0.1 answering 201).
//!
//!   cargo bench --bench email_throughput            # SQLite, 2,000 emails
//!   N=5000 CONCURRENCY=16 DATABASE_URL=postgres://postgres@127.0.0.1:5432/renfort_bench \
//!     cargo bench --bench email_throughput
//!
//! Prints emails per second; every job must end `done` (nothing lost).

use std::time::Instant;

use renfort::config::Settings;
use renfort::store::outbox::{self, NewJob};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n = env_or("N", 2000);
    let concurrency = env_or("CONCURRENCY", 8);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/smtp/email"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"messageId": "<bench@local>"})),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir()?;
    let database = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let settings = Settings::with_overrides(json!({
        "database": {"url": database},
        "worker": {"concurrency": concurrency, "poll_interval_ms": 10},
        "auth": {"jwt_secret": "bench-only-signing-key-0123456789abcdef"},
        "email": {"brevo_api_key": "bench", "brevo_base_url": server.uri(), "rate_per_sec": 1_000_000},
        "log": {"filter": "warn"},
    }))?;
    let db = renfort::startup::connect_and_migrate(&settings).await?;
    let mut tx = db.begin().await?;
    for i in 0..n {
        outbox::enqueue(
            &mut tx,
            NewJob {
                kind: "email",
                payload: json!({"to": format!("bench{i}@example.org"), "template": "password_changed", "params": {"first_name": "Léa"}}),
                priority: 0,
                run_after: None,
            },
        )
        .await?;
    }
    tx.commit().await?;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = renfort::startup::worker(&settings, db.clone(), None)?;
    let started = Instant::now();
    let task = tokio::spawn(worker.run(stopped));
    loop {
        let backlog = outbox::backlog(&db).await?;
        let left: i64 = backlog
            .iter()
            .filter(|c| c.kind == "email")
            .map(|c| c.count)
            .sum();
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed();
    stop.send(true)?;
    task.await?;
    let received = server.received_requests().await.map_or(0, |r| r.len());
    println!(
        "{n} emails in {:.2} s: {:.0} emails/s (worker concurrency {concurrency}, {}; stand-in received {received})",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        database.split(':').next().unwrap_or_default(),
    );
    anyhow::ensure!(received == n, "every email reached the stand-in once");
    Ok(())
}
