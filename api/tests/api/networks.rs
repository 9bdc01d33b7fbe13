//! Networks: a branch asks, the head's owners accept; the head's members
//! see the branches' missions and statistics and publish templates the
//! branches copy into drafts. Nobody else sees or does any of it.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{days_from_today, mission_body, problem, spawn_with, Session, TestApp};

struct Network {
    head_owner: Session,
    head: String,
    branch_owner: Session,
    branch: String,
}

async fn network(app: &TestApp) -> Network {
    let head_owner = app.volunteer("federation").await;
    let head = app.approved_organization(&head_owner, "75001").await;
    let branch_owner = app.volunteer("antenne").await;
    let branch = app.approved_organization(&branch_owner, "69003").await;
    Network {
        head_owner,
        head,
        branch_owner,
        branch,
    }
}

async fn join(app: &TestApp, who: &Session, branch: &str, head: &str) -> reqwest::Response {
    app.send(
        Method::PUT,
        &format!("/v1/organizations/{branch}/network"),
        who,
        Some(json!({"head_id": head})),
    )
    .await
}

async fn accept(app: &TestApp, who: &Session, head: &str, branch: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/organizations/{head}/branches/{branch}/acceptance"),
        who,
        None,
    )
    .await
}

async fn get(app: &TestApp, who: &Session, path: &str) -> Value {
    let r = app.send(Method::GET, path, who, None).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_branch_joins_and_its_head_sees_its_missions_and_statistics() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let n = network(&app).await;
    let joined = join(&app, &n.branch_owner, &n.branch, &n.head).await;
    assert_eq!(joined.status(), 200);
    let joined: Value = joined.json().await.unwrap();
    assert_eq!(joined["state"], "requested");
    // Until accepted, the head sees the request and nothing of the branch.
    let listed = get(
        &app,
        &n.head_owner,
        &format!("/v1/organizations/{}/branches", n.head),
    )
    .await;
    assert_eq!(listed[0]["branch_id"], n.branch.as_str());
    assert_eq!(listed[0]["state"], "requested");
    let stats_path = format!("/v1/organizations/{}/statistics", n.branch);
    problem(
        app.send(Method::GET, &stats_path, &n.head_owner, None)
            .await,
        404,
    )
    .await;

    assert_eq!(
        accept(&app, &n.head_owner, &n.head, &n.branch)
            .await
            .status(),
        204
    );
    let mine = get(
        &app,
        &n.branch_owner,
        &format!("/v1/organizations/{}/network", n.branch),
    )
    .await;
    assert_eq!(mine["network"]["head_id"], n.head.as_str());
    assert_eq!(mine["network"]["state"], "active");

    // The branch's missions show to the head.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{}/missions", n.branch),
            &n.branch_owner,
            Some(mission_body("69002")),
        )
        .await;
    let mission: Value = r.json().await.unwrap();
    let page = get(
        &app,
        &n.head_owner,
        &format!("/v1/organizations/{}/branches/missions", n.head),
    )
    .await;
    assert_eq!(page["items"][0]["id"], mission["id"]);
    assert_eq!(page["items"][0]["organization_id"], n.branch.as_str());
    assert_eq!(page["items"][0]["state"], "draft");

    // And its statistics, once rolled up.
    renfort::services::statistics::refresh(&app.db, app.now())
        .await
        .unwrap();
    assert_eq!(
        app.send(Method::GET, &stats_path, &n.head_owner, None)
            .await
            .status(),
        200
    );
    let all = get(
        &app,
        &n.head_owner,
        &format!("/v1/organizations/{}/branches/statistics", n.head),
    )
    .await;
    assert_eq!(all[0]["organization_id"], n.branch.as_str());
    assert!(all[0]["computed_at"].is_string());

    // Others see none of it.
    let stranger = app.volunteer("stranger").await;
    for path in [
        format!("/v1/organizations/{}/branches", n.head),
        format!("/v1/organizations/{}/branches/missions", n.head),
        format!("/v1/organizations/{}/branches/statistics", n.head),
        format!("/v1/organizations/{}/network", n.branch),
        stats_path.clone(),
    ] {
        problem(app.send(Method::GET, &path, &stranger, None).await, 404).await;
    }
    // The branch does not see its head's other business.
    problem(
        app.send(
            Method::GET,
            &format!("/v1/organizations/{}/branches", n.head),
            &n.branch_owner,
            None,
        )
        .await,
        404,
    )
    .await;

    // Leaving ends it.
    let left = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{}/network", n.branch),
            &n.branch_owner,
            None,
        )
        .await;
    assert_eq!(left.status(), 204);
    problem(
        app.send(Method::GET, &stats_path, &n.head_owner, None)
            .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn only_owners_link_and_a_network_is_one_level_deep() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let n = network(&app).await;
    let other_owner = app.volunteer("autre").await;
    let other = app.approved_organization(&other_owner, "13001").await;
    // A stranger cannot make the branch join, nor accept for the head.
    let stranger = app.volunteer("stranger").await;
    problem(join(&app, &stranger, &n.branch, &n.head).await, 404).await;
    assert_eq!(
        join(&app, &n.branch_owner, &n.branch, &n.head)
            .await
            .status(),
        200
    );
    problem(accept(&app, &stranger, &n.head, &n.branch).await, 404).await;
    problem(accept(&app, &n.branch_owner, &n.head, &n.branch).await, 404).await;
    assert_eq!(
        accept(&app, &n.head_owner, &n.head, &n.branch)
            .await
            .status(),
        204
    );

    // Already in a network; a head may not join one; nobody joins a branch.
    let p = problem(join(&app, &n.branch_owner, &n.branch, &other).await, 409).await;
    assert_eq!(p["code"], "network_conflict");
    problem(join(&app, &n.head_owner, &n.head, &other).await, 409).await;
    problem(join(&app, &other_owner, &other, &n.branch).await, 409).await;
    // Itself, or an unknown head: the field is named.
    let p = problem(join(&app, &other_owner, &other, &other).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "head_id");
    let p = problem(
        join(
            &app,
            &other_owner,
            &other,
            &uuid::Uuid::now_v7().to_string(),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "head_id");

    // The head's owners remove a branch.
    let removed = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{}/branches/{}", n.head, n.branch),
            &n.head_owner,
            None,
        )
        .await;
    assert_eq!(removed.status(), 204);
    let mine = get(
        &app,
        &n.branch_owner,
        &format!("/v1/organizations/{}/network", n.branch),
    )
    .await;
    assert_eq!(mine["network"], Value::Null);
}

#[tokio::test]
async fn a_head_publishes_templates_that_its_branches_copy_into_drafts() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let n = network(&app).await;
    join(&app, &n.branch_owner, &n.branch, &n.head).await;
    accept(&app, &n.head_owner, &n.head, &n.branch).await;
    let template = json!({
        "title": "Collecte nationale",
        "description": "Accueillir les donateurs à l'entrée des magasins et trier les denrées collectées ce jour-là.",
        "domain": "solidarity_inclusion",
        "format": "on_site",
        "commitment": {"kind": "total", "hours": 4},
        "access": {"public_transport": true},
    });
    let path = format!("/v1/organizations/{}/mission-templates", n.head);
    let mut bad = template.clone();
    bad["title"] = json!("x");
    let p = problem(
        app.send(
            Method::POST,
            &path,
            &n.head_owner,
            Some(json!({"name": "Collecte", "mission": bad})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "mission.title");
    let created = app
        .send(
            Method::POST,
            &path,
            &n.head_owner,
            Some(json!({"name": "Collecte de printemps", "mission": template})),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let template_id = created["id"].as_str().unwrap().to_owned();

    // The branch sees it and copies it with its own place, date and places.
    let usable = get(
        &app,
        &n.branch_owner,
        &format!("/v1/organizations/{}/mission-templates", n.branch),
    )
    .await;
    assert_eq!(usable[0]["id"], template_id.as_str());
    assert_eq!(usable[0]["organization_id"], n.head.as_str());
    let copy = |org: String, who: &Session, capacity: i64| {
        let body = json!({
            "template_id": template_id,
            "details": {
                "addresses": [{"postcode": "69002", "city": "Lyon", "latitude": 45.76, "longitude": 4.83}],
                "start_date": days_from_today(90),
                "capacity": capacity,
            },
        });
        let app = &app;
        let who = who.clone();
        async move {
            app.send(
                Method::POST,
                &format!("/v1/organizations/{org}/missions/from-template"),
                &who,
                Some(body),
            )
            .await
        }
    };
    let draft = copy(n.branch.clone(), &n.branch_owner, 12).await;
    assert_eq!(draft.status(), 201);
    let draft: Value = draft.json().await.unwrap();
    assert_eq!(draft["organization_id"], n.branch.as_str());
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["title"], "Collecte nationale");
    assert_eq!(draft["capacity"], 12);
    assert_eq!(draft["access"]["public_transport"], true);
    let p = problem(copy(n.branch.clone(), &n.branch_owner, 0).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "capacity");

    // An organisation outside the network cannot use it.
    let outsider_owner = app.volunteer("outsider").await;
    let outsider = app.approved_organization(&outsider_owner, "13001").await;
    let p = problem(copy(outsider.clone(), &outsider_owner, 5).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "template_id");
    problem(
        app.send(
            Method::GET,
            &format!("/v1/organizations/{}/mission-templates", n.head),
            &outsider_owner,
            None,
        )
        .await,
        404,
    )
    .await;
    // Withdrawn, it is gone for the branch too.
    let gone = app
        .send(
            Method::DELETE,
            &format!("{path}/{template_id}"),
            &n.head_owner,
            None,
        )
        .await;
    assert_eq!(gone.status(), 204);
    let usable = get(
        &app,
        &n.branch_owner,
        &format!("/v1/organizations/{}/mission-templates", n.branch),
    )
    .await;
    assert_eq!(usable, json!([]));
}
