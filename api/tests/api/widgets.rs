//! Widgets: members and admins define them, anyone reads them from any
//! origin; an organisation's shows its missions only; a stranger manages
//! nothing; the embeddable page may be framed and runs only its script.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{mission_body, problem, spawn_app, TestApp};

async fn public(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("origin", "https://www.mairie-exemple.fr")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_organisation_s_widget_shows_its_missions_to_any_site_with_the_widget_s_tags() {
    let app = spawn_app().await;
    let (owner, referent, admin, org, mission) = app.published_mission(5).await;
    // Another organisation's mission, in the same department.
    let other_owner = app.volunteer("other-owner").await;
    let other_org = app.approved_organization(&other_owner, "69003").await;
    let other = app
        .publish(&other_owner, &referent, &other_org, mission_body("69003"))
        .await;
    let stranger = app.volunteer("stranger").await;

    let path = format!("/v1/organizations/{org}/widgets");
    let body = json!({"name": "Site de la mairie", "departments": ["69"], "layout": "carousel", "colour": "#E1000F"});
    problem(
        app.send(Method::POST, &path, &stranger, Some(body.clone()))
            .await,
        404,
    )
    .await;
    let p = problem(
        app.send(
            Method::POST,
            &path,
            &owner,
            Some(json!({"name": "x", "colour": "red", "network": true})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "colour", "{p}");
    let p = problem(
        app.send(
            Method::POST,
            &path,
            &owner,
            Some(json!({"name": "x", "network": true})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        p["errors"][0]["field"], "network",
        "not a network's head: {p}"
    );
    let r = app.send(Method::POST, &path, &owner, Some(body)).await;
    assert_eq!(r.status(), 201);
    let widget: Value = r.json().await.unwrap();
    let id = widget["id"].as_str().unwrap().to_owned();
    assert_eq!(widget["reach"], "organization");
    assert!(widget["embed"]
        .as_str()
        .unwrap()
        .starts_with("<iframe src=\""));
    let listed: Vec<Value> = app
        .send(Method::GET, &path, &owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    problem(app.send(Method::GET, &path, &stranger, None).await, 404).await;

    // Any site reads it: CORS `*`, no credentials, cacheable.
    let r = public(&app, &format!("/v1/widgets/{id}/missions")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r
        .headers()
        .get("access-control-allow-credentials")
        .is_none());
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let found: Value = r.json().await.unwrap();
    let ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [mission.as_str()],
        "its own missions only, not {other}"
    );
    assert_eq!(
        found["links"][0],
        format!(
            "{}/missions/{mission}?utm_source=widget&utm_medium=iframe&utm_campaign={id}",
            app.settings["auth"]["app_base_url"]
                .as_str()
                .unwrap_or("http://localhost:5173")
        )
    );
    let facets: Value = public(&app, &format!("/v1/widgets/{id}/facets"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(facets["total"], 1);
    assert_eq!(facets["facets"]["department"]["69"], 1);
    let p = problem(
        public(&app, &format!("/v1/widgets/{id}/missions?page=99")).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "page");

    // An admin's widget reaches every organisation.
    let r = app
        .send(
            Method::POST,
            "/v1/admin/widgets",
            &admin,
            Some(json!({"name": "Portail", "departments": ["69"]})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let platform = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    problem(
        app.send(
            Method::POST,
            "/v1/admin/widgets",
            &owner,
            Some(json!({"name": "Portail"})),
        )
        .await,
        403,
    )
    .await;
    let found: Value = public(&app, &format!("/v1/widgets/{platform}/missions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 2);

    // The page: framable by any site, its script alone allowed to run.
    let r = public(&app, &format!("/widgets/{id}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors *") && csp.contains("script-src 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(r.headers().get("x-frame-options").is_none());
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("--accent: #E1000F"));

    // Only its owners delete it; then it is gone.
    let path = format!("/v1/widgets/{id}");
    problem(app.send(Method::DELETE, &path, &stranger, None).await, 404).await;
    problem(
        app.send(
            Method::DELETE,
            &format!("/v1/widgets/{platform}"),
            &owner,
            None,
        )
        .await,
        404,
    )
    .await;
    assert_eq!(
        app.send(Method::DELETE, &path, &owner, None).await.status(),
        204
    );
    assert_eq!(public(&app, &format!("/widgets/{id}")).await.status(), 404);
}

/// A network's head shows its branches' missions beside its own; another
/// organisation's stay out.
#[tokio::test]
async fn a_network_head_s_widget_shows_its_branches_missions() {
    let app = spawn_app().await;
    // The branch, with a published mission in the Rhône.
    let (branch_owner, referent, _admin, branch, branch_mission) = app.published_mission(5).await;
    // The head, and an organisation outside the network, both in the Rhône.
    let head_owner = app.volunteer("federation").await;
    let head = app.approved_organization(&head_owner, "69001").await;
    let head_mission = app
        .publish(&head_owner, &referent, &head, mission_body("69001"))
        .await;
    let outsider_owner = app.volunteer("outsider").await;
    let outsider = app.approved_organization(&outsider_owner, "69004").await;
    app.publish(&outsider_owner, &referent, &outsider, mission_body("69004"))
        .await;
    let r = app
        .send(
            Method::PUT,
            &format!("/v1/organizations/{branch}/network"),
            &branch_owner,
            Some(json!({"head_id": head})),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{head}/branches/{branch}/acceptance"),
            &head_owner,
            None,
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());

    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{head}/widgets"),
            &head_owner,
            Some(json!({"name": "Le réseau", "network": true})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let widget: Value = r.json().await.unwrap();
    assert_eq!(widget["reach"], "network");
    let id = widget["id"].as_str().unwrap();
    let found: Value = public(&app, &format!("/v1/widgets/{id}/missions"))
        .await
        .json()
        .await
        .unwrap();
    let mut ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    ids.sort();
    let mut expected = [head_mission.as_str(), branch_mission.as_str()];
    expected.sort();
    assert_eq!(ids, expected);
}
