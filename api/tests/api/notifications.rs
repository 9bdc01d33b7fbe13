//! What each person chooses to be told, coalesced notices, and one-click
//! unsubscribe from the email's own header.

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{eventually, problem, spawn_app, spawn_with, years_ago, TestApp};

/// The organisation's members, as the owner and `extra` managers added.
async fn add_managers(app: &TestApp, org: &str, n: usize) -> Vec<crate::common::Session> {
    let managers = app.quick_volunteers(n, &years_ago(40)).await;
    let org: uuid::Uuid = org.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    for m in &managers {
        let id: uuid::Uuid = m.account_id.parse().unwrap();
        renfort::on_conn!(&mut conn, c => sqlx::query(
            "INSERT INTO organization_members (organization_id, account_id, role, joined_at) VALUES ($1, $2, 'manager', $3)",
        )
        .bind(org)
        .bind(id)
        .bind(app.now())
        .execute(c)
        .await
        .map(|_| ()))
        .unwrap();
    }
    managers
}

/// The applications each "new application" notice to `to` announced.
async fn notices(app: &TestApp, to: &str) -> Vec<u64> {
    app.mailbox(to)
        .await
        .iter()
        .filter(|e| e["template"] == "new_application")
        .map(|e| {
            let subject = e["subject"].as_str().unwrap();
            subject
                .rsplit('(')
                .next()
                .and_then(|n| n.trim_end_matches(')').parse().ok())
                .unwrap_or_else(|| panic!("a count in {subject}"))
        })
        .collect()
}

/// `to`'s notices once `done` holds of them, or after a minute: the
/// worker also has the thousand volunteers' own emails to send.
async fn notices_once(app: &TestApp, to: &str, done: impl Fn(&[u64]) -> bool) -> Vec<u64> {
    let mut told = Vec::new();
    for _ in 0..600 {
        told = notices(app, to).await;
        if done(&told) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    told
}

/// A national association of twenty members takes a thousand
/// applications on the night: each member gets the first at once and the
/// rest in one notice an hour later, 40 emails in all instead of 20,000,
/// and together they announce every application.
#[tokio::test]
async fn a_thousand_applications_in_an_hour_to_twenty_members_send_at_most_forty_notices() {
    // A notice tells what began `notice_settle_ms` before it ran (10 s in
    // production), so that an application still between its start and
    // its commit is told by the next notice, not lost between two. Under
    // this crowd, on SQLite, an application may wait the whole busy
    // timeout (5 s) for the write lock before it commits: 8 s here.
    let app = spawn_with(json!({"email": {"notice_settle_ms": 8000}})).await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(1000).await;
    let managers = add_managers(&app, &org, 19).await;
    let crowd = app.quick_volunteers(1000, &years_ago(30)).await;
    for wave in crowd.chunks(100) {
        let answers = join_all(wave.iter().map(|v| app.apply(v, &mission, None))).await;
        let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
        assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    }
    let members: Vec<String> = std::iter::once(owner.email.clone())
        .chain(managers.iter().map(|m| m.email.clone()))
        .collect();
    for to in &members {
        let first = notices_once(&app, to, |told| !told.is_empty()).await;
        assert_eq!(first.len(), 1, "{to}: {first:?}");
    }
    // The hour passes: one more notice each with what came since, unless
    // the first one already told all.
    app.travel(chrono::Duration::minutes(61));
    let mut sent = 0;
    for to in &members {
        let told = notices_once(&app, to, |told| told.iter().sum::<u64>() == 1000).await;
        assert_eq!(told.iter().sum::<u64>(), 1000, "{to}: {told:?}");
        let counts = notices(&app, to).await;
        assert!(counts.len() <= 2, "{to}: {counts:?}");
        sent += counts.len();
    }
    assert!(sent <= 40, "{sent} notices");
}

#[tokio::test]
async fn preferences_are_read_changed_exported_and_honoured() {
    let app = spawn_app().await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(10).await;
    let defaults: Value = app
        .send(Method::GET, "/v1/me/notifications", &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        defaults,
        json!({"applications": "immediate", "messages": "immediate", "moderation_digest": true, "reminders": true, "favourites_digest": true, "saved_searches": true})
    );
    let r = app
        .send(
            Method::PATCH,
            "/v1/me/notifications",
            &owner,
            Some(json!({"applications": "off", "reminders": false})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let changed: Value = r.json().await.unwrap();
    assert_eq!(changed["applications"], "off");
    assert_eq!(changed["messages"], "immediate", "absent fields are kept");
    let p = problem(
        app.send(
            Method::PATCH,
            "/v1/me/notifications",
            &owner,
            Some(json!({"applications": "hourly"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "applications");
    let export: Value = app
        .send(Method::GET, "/v1/me/export", &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["notifications"]["applications"], "off");
    assert_eq!(export["notifications"]["reminders"], false);

    // Off means off: applications come, no notice is even scheduled.
    let manager = add_managers(&app, &org, 1).await.remove(0);
    let v = app.quick_volunteers(1, &years_ago(30)).await.remove(0);
    assert_eq!(app.apply(&v, &mission, None).await.status(), 201);
    eventually("the manager's notice", || async {
        notices(&app, &manager.email).await.len() == 1
    })
    .await;
    assert!(notices(&app, &owner.email).await.is_empty());
    // A stranger's preferences are their own: nobody reads another's.
    let anonymous = app.get("/v1/me/notifications").await;
    problem(anonymous, 401).await;
}
