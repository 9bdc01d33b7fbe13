//! Cache, rate limiter and service mode, on Redis when the run has one and
//! in-process otherwise; and Redis going away and coming back.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use renfort::platform::{Mode, Quota};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{eventually, free_port, fresh_database, redis_url, spawn_on, spawn_with};

#[tokio::test]
async fn the_limiter_allows_the_burst_then_refuses_with_a_delay() {
    let app = spawn_with(json!({})).await;
    let quota = Quota::per_minute(5);
    let key = format!("signup:ip:{}", Uuid::now_v7());
    for expected_remaining in (0..5).rev() {
        let d = app.platform.limiter.check(&key, quota).await;
        assert!(d.allowed);
        assert_eq!(d.remaining, expected_remaining);
    }
    let refused = app.platform.limiter.check(&key, quota).await;
    assert!(!refused.allowed);
    assert!(
        refused.retry_after > Duration::from_secs(5)
            && refused.retry_after <= Duration::from_secs(12)
    );
    assert!(
        app.platform
            .limiter
            .check("another-key", quota)
            .await
            .allowed
    );
}

#[tokio::test]
async fn the_cache_stores_expires_deletes_and_computes() {
    let app = spawn_with(json!({})).await;
    let cache = &app.platform.cache;
    let key = format!("mission:{}", Uuid::now_v7());
    assert_eq!(cache.get(&key).await, None);
    cache.set(&key, b"hello", Duration::from_secs(30)).await;
    assert_eq!(cache.get(&key).await.as_deref(), Some(&b"hello"[..]));
    cache.delete(&key).await;
    assert_eq!(cache.get(&key).await, None);

    let mut calls = 0;
    for _ in 0..3 {
        let v: Result<Value, ()> = cache
            .get_or_compute(&format!("{key}:c"), Duration::from_secs(30), || {
                calls += 1;
                async { Ok(json!({"n": 1})) }
            })
            .await;
        assert_eq!(v.unwrap()["n"], 1);
    }
    assert_eq!(calls, 1, "computed once, then served from the cache");

    cache
        .set(&format!("{key}:short"), b"x", Duration::from_millis(50))
        .await;
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(cache.get(&format!("{key}:short")).await, None);
}

#[tokio::test]
async fn every_replica_sees_a_mode_change() {
    let (url, dir) = fresh_database().await;
    let prefix = format!("test:{}:", Uuid::now_v7().simple());
    let a = spawn_on(&url, dir, json!({}), &prefix).await;
    let b = spawn_on(&url, None, json!({}), &prefix).await;
    a.platform.mode.set(Mode::Degraded).await.unwrap();
    eventually("replica B reports degraded", || async {
        let s: Value = b.get("/v1/status").await.json().await.unwrap();
        s["mode"] == "degraded"
    })
    .await;
    a.platform.mode.set(Mode::Normal).await.unwrap();
    eventually("replica B is back to normal", || async {
        b.platform.mode.current() == Mode::Normal
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_redis_leaves_the_service_serving_in_process() {
    // Port 9 (discard) has no Redis on these machines: connections fail at once.
    let app = spawn_with(json!({"redis": {"url": "redis://127.0.0.1:9", "ca_file": null}})).await;
    let response = app.get("/health/ready").await;
    assert_eq!(
        response.status(),
        200,
        "still ready: the in-process adapters serve"
    );
    let body: Value = response.json().await.unwrap();
    assert!(
        body["checks"]["redis"]
            .as_str()
            .unwrap()
            .starts_with("down"),
        "{body}"
    );
    let quota = Quota::per_minute(1);
    assert!(app.platform.limiter.check("k", quota).await.allowed);
    assert!(
        !app.platform.limiter.check("k", quota).await.allowed,
        "the in-process limiter holds"
    );
    app.platform
        .cache
        .set("k", b"v", Duration::from_secs(5))
        .await;
    assert_eq!(
        app.platform.cache.get("k").await.as_deref(),
        Some(&b"v"[..])
    );
    app.platform.mode.set(Mode::Degraded).await.unwrap();
    assert_eq!(app.platform.mode.current(), Mode::Degraded);
}

struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    fn start(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (the Redis pass of .ci/run needs it)");
        RedisServer { child, port }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn redis_answers(port: u16) -> bool {
    tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_ok()
}

/// Runs in the Redis pass: a Redis of its own is stopped under the running
/// service, which keeps serving, then started again, and is used again.
#[tokio::test]
async fn redis_going_away_and_coming_back() {
    if redis_url().is_none() {
        eprintln!("Redis pass only (RENFORT_TEST_REDIS_URL unset)");
        return;
    }
    let mut redis = RedisServer::start(free_port());
    let port = redis.port;
    eventually("the test Redis starts", || redis_answers(port)).await;
    let app =
        spawn_with(json!({"redis": {"url": format!("redis://127.0.0.1:{port}"), "ca_file": null}}))
            .await;
    let link = app.platform.redis.clone().expect("Redis configured");
    assert!(link.is_up());
    let quota = Quota::per_minute(100);
    assert!(app.platform.limiter.check("before", quota).await.allowed);

    redis.stop();
    // The first failing call notices, and everything keeps working.
    app.platform
        .cache
        .set("during", b"1", Duration::from_secs(30))
        .await;
    assert!(app.platform.limiter.check("during", quota).await.allowed);
    assert!(!link.is_up());
    assert_eq!(
        app.platform.cache.get("during").await.as_deref(),
        Some(&b"1"[..])
    );
    let body: Value = app.get("/health/ready").await.json().await.unwrap();
    assert!(body["checks"]["redis"]
        .as_str()
        .unwrap()
        .starts_with("down"));

    let _redis = RedisServer::start(port);
    eventually("the probe brings Redis back", || async { link.is_up() }).await;
    app.platform
        .cache
        .set("after", b"2", Duration::from_secs(30))
        .await;
    let body: Value = app.get("/health/ready").await.json().await.unwrap();
    assert_eq!(body["checks"]["redis"], "ok");
    // The value went to the new Redis, not to the process.
    let client = deadpool_redis::redis::Client::open(format!("redis://127.0.0.1:{port}")).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = deadpool_redis::redis::cmd("KEYS")
        .arg("*cache:after")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(keys.len(), 1);
}

#[tokio::test]
async fn several_keys_are_checked_in_one_go_and_counted_only_when_all_allow() {
    let app = spawn_with(json!({})).await;
    let (ip, email) = (
        format!("ip:{}", Uuid::now_v7()),
        format!("email:{}", Uuid::now_v7()),
    );
    let loose = Quota::per_minute(100);
    let tight = Quota::per_minute(1);
    let checks = [(ip.as_str(), loose), (email.as_str(), tight)];
    assert!(app.platform.limiter.check_all(&checks).await.allowed);
    let refused = app.platform.limiter.check_all(&checks).await;
    assert!(!refused.allowed);
    assert_eq!(refused.limit, 1, "the refusing key answers");
    assert!(refused.retry_after > Duration::from_secs(30));
    let ip_only = app.platform.limiter.check(&ip, loose).await;
    assert_eq!(
        ip_only.remaining, 98,
        "the refused request used nothing of the IP's quota"
    );
}
