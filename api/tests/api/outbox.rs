//! The outbox: jobs written with the change, run once by some worker,
//! retried, parked, and never lost when a worker dies.

use chrono::Duration;
use renfort::store::outbox::{self, NewJob};
use renfort::store::Db;
use serde_json::json;
use uuid::Uuid;

use crate::common::{eventually, spawn_app, spawn_with};

/// Nothing claimed in batches; webhook deliveries in their lane.
const ELSEWHERE: outbox::Elsewhere<'static> = outbox::Elsewhere {
    batched: None,
    lane: renfort::webhooks::JOB_KIND,
};

fn email(to: &str) -> NewJob {
    NewJob {
        kind: "email",
        payload: json!({"to": to, "template": "activation", "params": {"first_name": "Léa", "token": "t0k"}}),
        priority: 0,
        run_after: None,
    }
}

async fn enqueue(db: &Db, job: NewJob) -> Uuid {
    let mut tx = db.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, job).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn state_of(db: &Db, id: Uuid) -> String {
    outbox::get(db, id)
        .await
        .unwrap()
        .expect("job exists")
        .state
        .as_str()
        .to_owned()
}

#[tokio::test]
async fn an_email_job_is_delivered_by_the_embedded_worker() {
    let app = spawn_app().await;
    let id = enqueue(&app.db, email("lea@example.org")).await;
    eventually("the job is done", || async {
        state_of(&app.db, id).await == "done"
    })
    .await;
    let job = outbox::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(job.attempts, 1);
    assert!(job.done_at.is_some());
    assert_eq!(job.last_error, None);
}

#[tokio::test]
async fn a_job_that_cannot_succeed_is_parked_dead_at_once_with_its_error() {
    let app = spawn_app().await;
    let bad = enqueue(
        &app.db,
        NewJob {
            payload: json!({"to": "x@example.org", "template": "no_such_template"}),
            ..email("")
        },
    )
    .await;
    let unknown_kind = enqueue(
        &app.db,
        NewJob {
            kind: "teleport",
            ..email("y@example.org")
        },
    )
    .await;
    // Every kind decodes its payload into its type before running: one
    // that does not decode is parked with the reason, never retried.
    let mut undecodable = Vec::new();
    for (kind, payload) in [
        ("email", json!({"to": "x@example.org"})),
        (
            "account_email",
            json!({"to": "x@example.org", "what": "teleport"}),
        ),
        ("search_index", json!({"mission_id": "not an id"})),
        ("webhook_delivery", json!({})),
        ("export", json!({"export_id": 42})),
        ("reminder", json!({"reminder": "teleport"})),
        ("retention_sweep", json!({"now": "please"})),
    ] {
        let job = NewJob {
            kind,
            payload,
            ..email("")
        };
        undecodable.push((kind, enqueue(&app.db, job).await));
    }
    let good = enqueue(&app.db, email("z@example.org")).await;
    for id in [bad, unknown_kind] {
        eventually("the job is dead", || async {
            state_of(&app.db, id).await == "dead"
        })
        .await;
        let job = outbox::get(&app.db, id).await.unwrap().unwrap();
        assert_eq!(job.attempts, 1, "no retry for a permanent failure");
        assert!(job.last_error.unwrap().len() > 5);
    }
    let teleport = outbox::get(&app.db, unknown_kind).await.unwrap().unwrap();
    assert!(teleport
        .last_error
        .unwrap()
        .contains("no handler for job kind `teleport`"));
    for (kind, id) in undecodable {
        eventually("the job is dead", || async {
            state_of(&app.db, id).await == "dead"
        })
        .await;
        let job = outbox::get(&app.db, id).await.unwrap().unwrap();
        assert_eq!(
            job.attempts, 1,
            "{kind}: no retry for a payload that cannot decode"
        );
        let error = job.last_error.unwrap();
        assert!(
            error.contains(&format!("a `{kind}` job whose payload does not decode")),
            "{kind}: {error}"
        );
    }
    eventually("a dead job blocks nothing", || async {
        state_of(&app.db, good).await == "done"
    })
    .await;
}

#[tokio::test]
async fn a_job_rolled_back_with_its_change_never_runs() {
    let app = spawn_app().await;
    let mut tx = app.db.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, email("a@example.org"))
        .await
        .unwrap();
    drop(tx);
    assert!(outbox::get(&app.db, id).await.unwrap().is_none());
}

#[tokio::test]
async fn a_job_held_by_a_vanished_worker_is_taken_back_and_run() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let id = enqueue(&app.db, email("b@example.org")).await;
    // A worker claims it with a lease, then dies without a word.
    let now = app.now();
    let claimed = outbox::claim(
        &app.db,
        "crashed",
        10,
        now,
        now - Duration::seconds(1),
        i32::MIN,
        ELSEWHERE,
    )
    .await
    .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(state_of(&app.db, id).await, "running");
    // A live worker starts and takes the expired lease back.
    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(
        renfort::startup::worker(&settings, app.db.clone(), None)
            .unwrap()
            .run(stopped),
    );
    eventually("the job is done by the live worker", || async {
        state_of(&app.db, id).await == "done"
    })
    .await;
    assert_eq!(outbox::get(&app.db, id).await.unwrap().unwrap().attempts, 2);
    stop.send(true).unwrap();
    worker.await.unwrap();
}

#[tokio::test]
async fn retry_waits_for_its_time_and_bury_parks() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let id = enqueue(&app.db, email("c@example.org")).await;
    let now = app.now();
    let lease = now + Duration::seconds(60);
    let jobs = outbox::claim(&app.db, "w1", 10, now, lease, i32::MIN, ELSEWHERE)
        .await
        .unwrap();
    assert_eq!(jobs.iter().map(|j| j.id).collect::<Vec<_>>(), vec![id]);
    // Another worker cannot complete a job it does not hold.
    outbox::complete(&app.db, id, "intruder", None, true)
        .await
        .unwrap();
    assert_eq!(state_of(&app.db, id).await, "running");

    outbox::retry(
        &app.db,
        id,
        "w1",
        "provider timeout",
        now + Duration::seconds(30),
    )
    .await
    .unwrap();
    let job = outbox::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(
        (job.state.as_str(), job.last_error.as_deref()),
        ("pending", Some("provider timeout"))
    );
    assert!(
        outbox::claim(&app.db, "w1", 10, now, lease, i32::MIN, ELSEWHERE)
            .await
            .unwrap()
            .is_empty(),
        "not before its time"
    );
    let later = now + Duration::seconds(31);
    let again = outbox::claim(
        &app.db,
        "w1",
        10,
        later,
        later + Duration::seconds(60),
        i32::MIN,
        ELSEWHERE,
    )
    .await
    .unwrap();
    assert_eq!(again[0].attempts, 2);

    outbox::bury(&app.db, id, "w1", "refused by provider", true)
        .await
        .unwrap();
    assert_eq!(state_of(&app.db, id).await, "dead");
    let backlog = outbox::backlog(&app.db).await.unwrap();
    assert!(backlog
        .iter()
        .any(|c| c.kind == "email" && c.state == "dead" && c.count == 1));
}

#[tokio::test]
async fn a_released_job_keeps_its_attempts() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let id = enqueue(&app.db, email("d@example.org")).await;
    let now = app.now();
    outbox::claim(
        &app.db,
        "w1",
        1,
        now,
        now + Duration::seconds(60),
        i32::MIN,
        ELSEWHERE,
    )
    .await
    .unwrap();
    outbox::release(&app.db, id, "w1").await.unwrap();
    let job = outbox::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!((job.state.as_str(), job.attempts), ("pending", 0));
}

#[tokio::test]
async fn concurrent_workers_never_claim_the_same_job() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    for i in 0..60 {
        enqueue(&app.db, email(&format!("v{i}@example.org"))).await;
    }
    let now = app.now();
    // Collected first, so that the four workers really run at once.
    let claims: Vec<_> = (0..4)
        .map(|w| {
            let db = app.db.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = outbox::claim(
                        &db,
                        &format!("w{w}"),
                        7,
                        now,
                        now + Duration::seconds(60),
                        i32::MIN,
                        ELSEWHERE,
                    )
                    .await
                    .unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|j| j.id));
                }
            })
        })
        .collect();
    let mut all: Vec<Uuid> = Vec::new();
    for c in claims {
        all.extend(c.await.unwrap());
    }
    let total = all.len();
    all.sort();
    all.dedup();
    assert_eq!(
        (total, all.len()),
        (60, 60),
        "each job claimed exactly once"
    );
}

#[tokio::test]
async fn the_backlog_is_in_the_metrics() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    enqueue(&app.db, email("e@example.org")).await;
    let text = app.metrics().await;
    assert!(
        text.contains(r#"renfort_outbox_jobs{kind="email",state="pending"} 1"#),
        "{text}"
    );
}

#[tokio::test]
async fn search_updates_are_handled_not_parked() {
    let app = spawn_app().await;
    let mut tx = app.db.begin().await.unwrap();
    renfort::search::mission_changed(&mut tx, Uuid::now_v7())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    eventually("the search update is done", || async {
        let backlog = outbox::backlog(&app.db).await.unwrap();
        !backlog.iter().any(|c| c.kind == "search_index")
    })
    .await;
    let backlog = outbox::backlog(&app.db).await.unwrap();
    assert!(backlog.iter().all(|c| c.state != "dead"), "{backlog:?}");
}
