//! The mission shown on television: every seeded volunteer applies to one
//! mission at the same instant, each on a connection of their own, and
//! each application is timed from its first byte sent to its answer read.
//!
//!   BASE_URL=http://127.0.0.1:18090 SEED_RUN=<run> MISSION=<id> \
//!     VOLUNTEERS=500 cargo bench --bench hot_mission
//!
//! Prints one JSON line: the answers by kind (201, 409 `mission_full`,
//! 503, anything else) and the applications' times (median, p95, p99,
//! max, in ms).
//!
//! The crowd is sent from here rather than from k6: on two cores shared
//! with the service, k6's 500 virtual users took 1.5 cores for the burst
//! itself (JavaScript runtimes, one iteration each), so its figures
//! measured k6's own queue. This client spends a few microseconds of CPU
//! an application, and its clock stops when the answer is read.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::Barrier;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is needed"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Created,
    Full,
    Overloaded,
    Other(u16),
}

/// The `p`-th percentile of sorted values, nearest rank.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let base = env("BASE_URL");
    let run = env("SEED_RUN");
    let mission = env("MISSION");
    let volunteers: usize = std::env::var("VOLUNTEERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);

    // Signing in costs an argon2 hash each: two at a time, before the
    // burst and outside its figures.
    let setup = reqwest::Client::new();
    let mut tokens = Vec::with_capacity(volunteers);
    for pair in (0..volunteers).collect::<Vec<_>>().chunks(2) {
        let logins = pair.iter().map(|n| {
            setup
                .post(format!("{base}/v1/auth/login"))
                .json(&json!({
                    "email": format!("seed-{run}-v{n}@example.org"),
                    "password": "renfort seed password",
                }))
                .send()
        });
        for response in futures_util::future::join_all(logins).await {
            let body: Value = response?.error_for_status()?.json().await?;
            tokens.push(
                body["access_token"]
                    .as_str()
                    .ok_or_else(|| anyhow::anyhow!("a login without a token"))?
                    .to_owned(),
            );
        }
    }

    // One client, hence one connection, per volunteer, opened before the
    // burst: on the night each applicant comes from a browser of their own.
    let start = Arc::new(Barrier::new(volunteers));
    let url = format!("{base}/v1/missions/{mission}/participations");
    let mut attempts = Vec::with_capacity(volunteers);
    for token in tokens {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .timeout(Duration::from_secs(30))
            .build()?;
        client
            .get(format!("{base}/health/live"))
            .send()
            .await?
            .error_for_status()?;
        let (start, url) = (start.clone(), url.clone());
        attempts.push(tokio::spawn(async move {
            start.wait().await;
            let sent = Instant::now();
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"motivation": "Disponible le mercredi."}))
                .send()
                .await?;
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let ms = sent.elapsed().as_secs_f64() * 1000.0;
            let answer = match (status, body["code"].as_str()) {
                (201, _) => Answer::Created,
                (409, Some("mission_full")) => Answer::Full,
                (503, _) => Answer::Overloaded,
                (other, _) => Answer::Other(other),
            };
            anyhow::Ok((answer, ms))
        }));
    }

    let mut times = Vec::with_capacity(attempts.len());
    let (mut created, mut full, mut overloaded, mut other) = (0, 0, 0, Vec::new());
    for attempt in attempts {
        let (answer, ms) = attempt.await??;
        times.push(ms);
        match answer {
            Answer::Created => created += 1,
            Answer::Full => full += 1,
            Answer::Overloaded => overloaded += 1,
            Answer::Other(status) => other.push(status),
        }
    }
    times.sort_by(f64::total_cmp);
    let round = |v: f64| (v * 10.0).round() / 10.0;
    println!(
        "{}",
        json!({
            "created": created,
            "full": full,
            "overloaded": overloaded,
            "other": other,
            "med_ms": round(percentile(&times, 50.0)),
            "p95_ms": round(percentile(&times, 95.0)),
            "p99_ms": round(percentile(&times, 99.0)),
            "max_ms": round(times.last().copied().unwrap_or(0.0)),
        })
    );
    Ok(())
}
