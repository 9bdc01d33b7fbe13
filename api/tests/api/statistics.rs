//! Statistics are computed ahead by the rollup and served from its
//! snapshots: public behind the CDN, a referent's departments, an
//! organisation's missions, the admins' table; each for its own people.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, spawn_with, Session, TestApp, PASSWORD};

async fn rollup(app: &TestApp) {
    renfort::services::statistics::refresh(&app.db, app.now())
        .await
        .unwrap();
}

async fn json_of(r: reqwest::Response) -> Value {
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// A published mission of 5 places in the Rhône with three applications:
/// one accepted, one declined, one waiting (the waiting one holds a place
/// too).
async fn activity(app: &TestApp) -> (Session, Session, Session, String, String) {
    let (owner, referent, admin, org, mission) = app.published_mission(5).await;
    let mut participations = Vec::new();
    for name in ["ana", "bob", "chloe"] {
        let v = app.volunteer(name).await;
        let r = app.apply(&v, &mission, Some("Motivé")).await;
        assert_eq!(r.status(), 201);
        participations.push(
            r.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    // Answered three hours after applying, then five: 4 h on average.
    for (id, to, after) in [
        (&participations[0], "accepted", 3),
        (&participations[1], "declined", 2),
    ] {
        app.travel(chrono::Duration::hours(after));
        let owner = app.renewed(&owner);
        let reason = (to == "declined").then_some("mission_full");
        let r = app
            .send(
                Method::POST,
                &format!("/v1/participations/{id}/transitions"),
                &owner,
                Some(json!({"to": to, "reason_code": reason})),
            )
            .await;
        assert_eq!(r.status(), 200, "{to}");
    }
    (
        app.renewed(&owner),
        app.renewed(&referent),
        app.renewed(&admin),
        org,
        mission,
    )
}

#[tokio::test]
async fn public_figures_come_from_the_rollup_and_are_cacheable() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    // Before any rollup: zeros, and no date.
    let (at, empty) = renfort::services::statistics::snapshot::<
        renfort::services::statistics::PublicStatistics,
    >(&app.db, "public", "")
    .await
    .unwrap();
    assert_eq!((at, empty.totals.missions_published), (None, 0));

    let (_owner, _referent, _admin, _org, _mission) = activity(&app).await;
    rollup(&app).await;
    let r = app.get("/v1/statistics").await;
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=300, stale-while-revalidate=300"
    );
    let stats = json_of(r).await;
    assert!(stats["computed_at"].is_string());
    // Owner, referent and three volunteers; administrators are not counted.
    assert_eq!(
        stats["totals"],
        json!({"volunteers": 5, "missions_published": 1, "places_offered": 5, "places_taken": 2, "applications": 3})
    );
    assert_eq!(stats["by_department"]["69"]["missions_published"], 1);
    assert_eq!(stats["by_department"]["69"]["applications"], 3);
    assert_eq!(
        stats["by_domain"]["solidarity_inclusion"]["places_offered"],
        5
    );
    let weekly = stats["weekly"].as_array().unwrap();
    assert_eq!(weekly.len(), 52);
    let this_week = weekly.last().unwrap();
    assert_eq!(this_week["applications"], 3);
    assert_eq!(this_week["missions_published"], 1);
    assert_eq!(this_week["volunteers"], 5);

    // Nothing is counted per request: a new application shows only after
    // the next rollup.
    let (_o, _r, _a, _org2, second) = app.published_mission(2).await;
    let late = app.volunteer("late").await;
    assert_eq!(app.apply(&late, &second, None).await.status(), 201);
    let public = || async {
        renfort::services::statistics::snapshot::<renfort::services::statistics::PublicStatistics>(
            &app.db, "public", "",
        )
        .await
        .map(|(_, s)| serde_json::to_value(s).unwrap())
        .unwrap()
    };
    assert_eq!(
        public().await["totals"]["applications"],
        3,
        "until the next rollup"
    );
    rollup(&app).await;
    let after = public().await;
    assert_eq!(after["totals"]["applications"], 4);
    assert_eq!(after["totals"]["missions_published"], 2);
}

#[tokio::test]
async fn referents_see_their_departments_with_moderation_delays() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, referent, admin, _org, _mission) = activity(&app).await;
    // One more mission waiting for review in the Rhône.
    let org = app.approved_organization(&owner, "69003").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(crate::common::mission_body("69002")),
        )
        .await;
    let waiting = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.transition(
        &owner,
        &format!("/v1/missions/{waiting}/transitions"),
        "pending_review",
        None,
    )
    .await;
    rollup(&app).await;

    let mine = json_of(
        app.send(Method::GET, "/v1/moderation/statistics", &referent, None)
            .await,
    )
    .await;
    let mine = mine.as_array().unwrap();
    assert_eq!(mine.len(), 1, "the referent's one department");
    let rhone = &mine[0];
    assert_eq!(rhone["department"], "69");
    assert_eq!(rhone["figures"]["applications"], 3);
    assert_eq!(rhone["moderation"]["missions_pending"], 1);
    assert!(
        rhone["moderation"]["oldest_pending_hours"]
            .as_f64()
            .unwrap()
            >= 0.0
    );
    // The organisation approved and the mission published, each timed.
    assert_eq!(rhone["moderation"]["decided_last_90_days"], 2);
    assert!(rhone["moderation"]["average_delay_hours"].as_f64().unwrap() >= 0.0);
    assert!(rhone["moderation"]["median_delay_hours"].is_number());

    // Another department is not theirs; volunteers are not referents.
    let p = problem(
        app.send(
            Method::GET,
            "/v1/moderation/statistics?department=13",
            &referent,
            None,
        )
        .await,
        403,
    )
    .await;
    assert_eq!(p["code"], "moderators_only");
    let v = app.volunteer("curious").await;
    problem(
        app.send(Method::GET, "/v1/moderation/statistics", &v, None)
            .await,
        403,
    )
    .await;
    // Admins see every department, or one.
    let all = json_of(
        app.send(Method::GET, "/v1/moderation/statistics", &admin, None)
            .await,
    )
    .await;
    assert!(all.as_array().unwrap().len() > 100);
    let one = json_of(
        app.send(
            Method::GET,
            "/v1/moderation/statistics?department=13",
            &admin,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(one[0]["department"], "13");
    assert_eq!(one[0]["figures"]["missions_published"], 0);
}

#[tokio::test]
async fn an_organisation_sees_its_missions_rates_and_answer_times_and_a_stranger_nothing() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, referent, admin, org, mission) = activity(&app).await;
    rollup(&app).await;
    let path = format!("/v1/organizations/{org}/statistics");
    let stats = json_of(app.send(Method::GET, &path, &owner, None).await).await;
    assert!(stats["computed_at"].is_string());
    assert_eq!(stats["applications"], 3);
    assert_eq!(stats["accepted"], 1);
    assert_eq!(stats["declined"], 1);
    assert_eq!(stats["acceptance_rate"], 0.5);
    assert_eq!(stats["application_rate"], 0.6);
    assert_eq!(stats["average_answer_hours"], 4.0);
    let m = &stats["missions"][0];
    assert_eq!(m["id"], mission.as_str());
    // The accepted and the waiting application hold a place each.
    assert_eq!(
        (m["capacity"].clone(), m["places_taken"].clone()),
        (json!(5), json!(2))
    );
    assert_eq!(m["acceptance_rate"], 0.5);
    assert_eq!(m["average_answer_hours"], 4.0);

    // Its department's referent and admins may look; strangers may not.
    for who in [&referent, &admin] {
        assert_eq!(app.send(Method::GET, &path, who, None).await.status(), 200);
    }
    let stranger = app.volunteer("stranger").await;
    problem(app.send(Method::GET, &path, &stranger, None).await, 404).await;
    let admin2 = app.admin().await;
    let elsewhere = app.referent(&admin2, &["13"]).await;
    problem(app.send(Method::GET, &path, &elsewhere, None).await, 404).await;
    problem(app.get(&path).await, 401).await;
}

#[tokio::test]
async fn admins_get_every_figure_as_json_or_csv() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, admin, _org, _mission) = activity(&app).await;
    rollup(&app).await;
    let all = json_of(
        app.send(Method::GET, "/v1/admin/statistics", &admin, None)
            .await,
    )
    .await;
    assert_eq!(all["platform"]["totals"]["applications"], 3);
    assert!(all["departments"].as_array().unwrap().len() > 100);

    let r = app
        .send(Method::GET, "/v1/admin/statistics?format=csv", &admin, None)
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let text = r.text().await.unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].starts_with("department,volunteers,missions_published"));
    let rhone = lines.iter().find(|l| l.starts_with("69,")).unwrap();
    let cells: Vec<&str> = rhone.split(',').collect();
    assert_eq!(&cells[1..6], ["5", "1", "5", "2", "3"]);

    problem(
        app.send(Method::GET, "/v1/admin/statistics?format=xml", &admin, None)
            .await,
        422,
    )
    .await;
    problem(
        app.send(Method::GET, "/v1/admin/statistics", &owner, None)
            .await,
        403,
    )
    .await;
}

/// The statement timeout a transaction runs under; `None` on SQLite,
/// which has none.
async fn statement_timeout(tx: &mut renfort::store::Tx) -> Option<String> {
    match tx.h() {
        renfort::store::Handle::Postgres(c) => Some(
            sqlx::query_scalar("SHOW statement_timeout")
                .fetch_one(&mut *c)
                .await
                .unwrap(),
        ),
        renfort::store::Handle::Sqlite(_) => None,
    }
}

/// The rollup's statements may run for the seconds a national database
/// needs (a year of applications counted by department and day took 5 s
/// there, and the rollup failed at the requests' 5 s statement timeout):
/// its reads carry a budget of their own, and a request's read keeps the
/// requests' timeout.
#[tokio::test]
async fn the_rollup_reads_outlast_a_requests_statement_timeout() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let mut batch = app
        .db
        .begin_batch_read(std::time::Duration::from_secs(60))
        .await
        .unwrap();
    let budget = statement_timeout(&mut batch).await;
    let postgres = budget.is_some();
    if postgres {
        assert_eq!(budget.as_deref(), Some("1min"));
    }
    drop(batch);
    // The setting was the batch's transaction's alone.
    let mut read = app.db.begin_read().await.unwrap();
    if postgres {
        assert_ne!(statement_timeout(&mut read).await.as_deref(), Some("1min"));
    }
    drop(read);
    // And the rollup itself goes through.
    rollup(&app).await;
}

/// The public figures as the last rollup left them.
async fn public_snapshot(app: &TestApp) -> Value {
    let (_, stats) = renfort::services::statistics::snapshot::<
        renfort::services::statistics::PublicStatistics,
    >(&app.db, "public", "")
    .await
    .unwrap();
    serde_json::to_value(stats).unwrap()
}

/// The year's weekly counts of `what`, summed.
fn year_of(stats: &Value, what: &str) -> u64 {
    stats["weekly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w[what].as_u64().unwrap())
        .sum()
}

/// A day settles a month later and is recorded once: its week keeps the
/// figures it had then, and the rollup counts only the last month from
/// the live tables. Someone who joined then and erased their account
/// since is still among that week's newcomers, while the platform's
/// active volunteers lose them and gain today's.
#[tokio::test]
async fn a_settled_week_keeps_its_figures_and_today_is_counted_live() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (_owner, _referent, _admin, _org, _mission) = activity(&app).await;
    let leaving = app.volunteer("dan").await;
    app.travel(chrono::Duration::days(40));
    rollup(&app).await;
    let settled = public_snapshot(&app).await;
    // Owner, referent, ana, bob, chloe and dan.
    assert_eq!(settled["totals"]["volunteers"], 6);
    assert_eq!(year_of(&settled, "volunteers"), 6);
    assert_eq!(year_of(&settled, "applications"), 3);
    assert_eq!(year_of(&settled, "missions_published"), 1);
    assert_eq!(
        settled["weekly"].as_array().unwrap().last().unwrap()["volunteers"],
        0
    );

    let signed_in = app.login(&leaving.email, PASSWORD).await;
    assert_eq!(signed_in.status(), 200);
    let leaving = app
        .session_from(&leaving.email, &signed_in.json().await.unwrap())
        .await;
    let erased = app
        .send(
            Method::DELETE,
            "/v1/me",
            &leaving,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(erased.status(), 204);
    app.volunteer("eve").await;
    rollup(&app).await;

    let now = public_snapshot(&app).await;
    assert_eq!(now["totals"]["volunteers"], 6, "dan left, eve came");
    assert_eq!(
        now["weekly"].as_array().unwrap().last().unwrap()["volunteers"],
        1,
        "today is counted live"
    );
    assert_eq!(
        year_of(&now, "volunteers"),
        7,
        "the settled week still counts dan among its newcomers"
    );
    assert_eq!(year_of(&now, "applications"), 3);
    // The settled days are not counted again: the same figures the next
    // time, with nothing new.
    rollup(&app).await;
    assert_eq!(public_snapshot(&app).await["weekly"], now["weekly"]);
}
