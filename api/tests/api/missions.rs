//! Missions: the lifecycle, moderation by the right people, the public
//! page and listing, and search events.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{days_from_today, mission_body, problem, spawn_app, spawn_with};

async fn pending_search_jobs(app: &crate::common::TestApp) -> i64 {
    let backlog = renfort::store::outbox::backlog(&app.db).await.unwrap();
    backlog
        .iter()
        .filter(|c| c.kind == "search_index" && c.state == "pending")
        .map(|c| c.count)
        .sum()
}

#[tokio::test]
async fn the_whole_lifecycle_to_a_public_mission_and_its_completion() {
    let app = spawn_app().await;
    let (owner, referent, _admin, org, mission) = app.published_mission(10).await;
    assert_eq!(
        app.mailbox(&owner.email).await[0]["template"],
        "mission_published"
    );

    let public = app.get(&format!("/v1/missions/{mission}")).await;
    assert_eq!(public.status(), 200);
    let etag = public.headers()["etag"].to_str().unwrap().to_owned();
    assert!(public.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let text = public.text().await.unwrap();
    let view: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(view["places_left"], 10);
    assert_eq!(view["organization"]["name"], "Banque alimentaire du Rhône");
    assert_eq!(view["addresses"][0]["department"], "69");
    for secret in [
        owner.email.as_str(),
        "contact@ba69",
        "+33",
        "places_taken",
        "allowed_transitions",
    ] {
        assert!(!text.contains(secret), "{secret} in the public view");
    }
    let again = app
        .client
        .get(app.url(&format!("/v1/missions/{mission}")))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    let listing: Value = app
        .get("/v1/missions?department=69")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listing["items"][0]["id"], mission.as_str());
    assert_eq!(listing["items"][0]["city"], "Lyon");

    let path = format!("/v1/missions/{mission}/transitions");
    let completed = app.transition(&owner, &path, "completed", None).await;
    assert_eq!(completed.status(), 200);
    let body: Value = completed.json().await.unwrap();
    assert_eq!(
        body["registration_open"], false,
        "completing closes registrations"
    );
    problem(app.get(&format!("/v1/missions/{mission}")).await, 404).await;

    let history: Value = app
        .send(
            Method::GET,
            &format!("/v1/missions/{mission}/history"),
            &referent,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let steps: Vec<(&str, &str)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["to"].as_str().unwrap(), h["actor_role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("draft", "owner"),
            ("pending_review", "owner"),
            ("published", "referent"),
            ("completed", "owner")
        ]
    );
    let private = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/missions/{mission}"),
            &owner,
            None,
        )
        .await;
    assert_eq!(private.json::<Value>().await.unwrap()["state"], "completed");
}

#[tokio::test]
async fn each_actor_is_refused_what_is_not_theirs() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let referent = app.referent(&admin, &["69"]).await;
    let other_referent = app.referent(&admin, &["13"]).await;
    let owner = app.volunteer("owner").await;
    let org = app.organization(&owner, "69003").await;
    let other_owner = app.volunteer("other").await;
    app.organization(&other_owner, "69003").await;
    let volunteer = app.volunteer("volunteer").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(mission_body("69002")),
        )
        .await;
    let mission = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/missions/{mission}/transitions");

    // Strangers to the mission see nothing, whatever they try.
    for who in [&volunteer, &other_owner, &other_referent] {
        problem(
            app.transition(who, &path, "pending_review", None).await,
            404,
        )
        .await;
        let r = app
            .send(
                Method::GET,
                &format!("/v1/organizations/{org}/missions/{mission}"),
                who,
                None,
            )
            .await;
        problem(r, 404).await;
        problem(
            app.send(
                Method::GET,
                &format!("/v1/missions/{mission}/history"),
                who,
                None,
            )
            .await,
            404,
        )
        .await;
        let r = app
            .send(
                Method::PATCH,
                &format!("/v1/missions/{mission}"),
                who,
                Some(json!({"title": "Pirate !"})),
            )
            .await;
        problem(r, 404).await;
        problem(
            app.send(
                Method::DELETE,
                &format!("/v1/missions/{mission}"),
                who,
                None,
            )
            .await,
            404,
        )
        .await;
        let r = app
            .send(
                Method::POST,
                &format!("/v1/organizations/{org}/missions"),
                who,
                Some(mission_body("69002")),
            )
            .await;
        problem(r, 404).await;
    }
    problem(app.get(&format!("/v1/missions/{mission}")).await, 404).await;

    // The owner cannot publish; the referent cannot submit for them.
    problem(
        app.transition(&referent, &path, "pending_review", None)
            .await,
        409,
    )
    .await;
    assert_eq!(
        app.transition(&owner, &path, "pending_review", None)
            .await
            .status(),
        200
    );
    let p = problem(app.transition(&owner, &path, "published", None).await, 409).await;
    // The owner may only withdraw it.
    assert_eq!(p["allowed_transitions"], json!(["cancelled"]));
    // Publishing waits for the organisation to be approved.
    let p = problem(
        app.transition(&referent, &path, "published", None).await,
        409,
    )
    .await;
    assert_eq!(p["code"], "organization_not_approved");
    let org_path = format!("/v1/organizations/{org}/transitions");
    app.transition(&owner, &org_path, "pending_review", None)
        .await;
    app.transition(&referent, &org_path, "approved", None).await;
    assert_eq!(
        app.transition(&referent, &path, "published", None)
            .await
            .status(),
        200
    );

    // Flagging is for moderators, unflagging for admins.
    problem(
        app.transition(&owner, &path, "flagged", Some("x")).await,
        409,
    )
    .await;
    let p = problem(app.transition(&referent, &path, "flagged", None).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "reason");
    assert_eq!(
        app.transition(&referent, &path, "flagged", Some("Contenu trompeur"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.mailbox(&owner.email).await[0]["template"],
        "mission_flagged"
    );
    problem(app.get(&format!("/v1/missions/{mission}")).await, 404).await;
    let p = problem(
        app.transition(&referent, &path, "published", None).await,
        409,
    )
    .await;
    assert_eq!(p["current_state"], "flagged");
    assert_eq!(
        app.transition(&admin, &path, "published", None)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&format!("/v1/missions/{mission}")).await.status(),
        200
    );

    // A published mission is not deleted; it is cancelled.
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/missions/{mission}"),
            &owner,
            None,
        )
        .await;
    assert_eq!(problem(r, 409).await["code"], "not_a_draft");
}

#[tokio::test]
async fn mission_fields_are_validated_one_by_one() {
    let app = spawn_app().await;
    let owner = app.volunteer("owner").await;
    let org = app.organization(&owner, "69003").await;
    let mut body = mission_body("69002");
    body["title"] = json!("Aide");
    body["description"] = json!("<b>trop court</b>");
    body["domain"] = json!("cooking");
    body["addresses"][0]["postcode"] = json!("98000");
    // Ends before it starts.
    body["end_date"] = json!(days_from_today(29));
    body["capacity"] = json!(0);
    body["minimum_age"] = json!(12);
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(body),
        )
        .await;
    let p = problem(r, 422).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec![
            "title",
            "description",
            "domain",
            "addresses[0].postcode",
            "end_date",
            "capacity",
            "minimum_age"
        ]
    );
    let list: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], json!([]), "nothing was written");

    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(mission_body("69002")),
        )
        .await;
    let mission = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"format": "remote", "addresses": []})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["department"], "69",
        "a remote mission is moderated in its organisation's department"
    );
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"capacity": -1})),
        )
        .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "capacity");
    assert_eq!(
        app.send(
            Method::DELETE,
            &format!("/v1/missions/{mission}"),
            &owner,
            None
        )
        .await
        .status(),
        204
    );
}

#[tokio::test]
async fn a_trusted_organisation_publishes_on_submission() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let referent = app.referent(&admin, &["69"]).await;
    let owner = app.volunteer("owner").await;
    let org = app.organization(&owner, "69003").await;
    let org_path = format!("/v1/organizations/{org}/transitions");
    app.transition(&owner, &org_path, "pending_review", None)
        .await;
    app.transition(&referent, &org_path, "approved", None).await;
    // The same database, now with this organisation trusted by configuration.
    let trusted = crate::common::spawn_on(
        &database_url(&app),
        None,
        json!({"moderation": {"trusted_organizations": [org]}}),
        "trusted:",
    )
    .await;
    let owner = trusted.refreshed(&owner).await;
    let r = trusted
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(mission_body("69002")),
        )
        .await;
    let mission = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = trusted
        .transition(
            &owner,
            &format!("/v1/missions/{mission}/transitions"),
            "pending_review",
            None,
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "published");
}

fn database_url(app: &crate::common::TestApp) -> String {
    app.settings["database"]["url"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_flagged_organisation_takes_its_missions_out_of_public_view_and_search() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, referent, _admin, org, mission) = app.published_mission(5).await;
    assert_eq!(
        app.get(&format!("/v1/missions/{mission}")).await.status(),
        200
    );
    assert_eq!(
        pending_search_jobs(&app).await,
        1,
        "publishing wrote one search job"
    );
    // A burst of changes within the coalescing window adds no job.
    app.send(
        Method::PATCH,
        &format!("/v1/missions/{mission}"),
        &owner,
        Some(json!({"capacity": 6})),
    )
    .await;
    assert_eq!(
        pending_search_jobs(&app).await,
        1,
        "changes in a short time coalesce into one job"
    );
    // Once that job has run, flagging the organisation writes a new one.
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query("UPDATE outbox_jobs SET state = 'done' WHERE kind = 'search_index'")
        .execute(c)
        .await
        .map(|_| ()))
    .unwrap();
    let r = app
        .transition(
            &referent,
            &format!("/v1/organizations/{org}/transitions"),
            "flagged",
            Some("Signalements"),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(pending_search_jobs(&app).await, 1, "the flag tells search");
    problem(app.get(&format!("/v1/missions/{mission}")).await, 404).await;
    let listing: Value = app
        .get("/v1/missions?department=69&limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(listing["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["id"] != mission.as_str()));
}

#[tokio::test]
async fn the_public_listing_filters_and_pages_without_gaps() {
    let app = spawn_app().await;
    let (owner, referent, _admin, org, first) = app.published_mission(5).await;
    let mut published = vec![first];
    for (postcode, format) in [
        ("69002", "on_site"),
        ("69002", "hybrid"),
        ("13001", "on_site"),
    ] {
        let mut body = mission_body(postcode);
        body["format"] = json!(format);
        let r = app
            .send(
                Method::POST,
                &format!("/v1/organizations/{org}/missions"),
                &owner,
                Some(body),
            )
            .await;
        let id = r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/v1/missions/{id}/transitions");
        app.transition(&owner, &path, "pending_review", None).await;
        // The referent of 69 cannot publish the mission in 13; an admin does.
        let decider = if postcode == "13001" {
            &_admin
        } else {
            &referent
        };
        assert_eq!(
            app.transition(decider, &path, "published", None)
                .await
                .status(),
            200
        );
        published.push(id);
    }
    // A draft never shows.
    app.send(
        Method::POST,
        &format!("/v1/organizations/{org}/missions"),
        &owner,
        Some(mission_body("69002")),
    )
    .await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/v1/missions?limit=3&cursor={c}"),
            None => "/v1/missions?limit=3".to_owned(),
        };
        let page: Value = app.get(&url).await.json().await.unwrap();
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let mut expected = published.clone();
    expected.reverse();
    assert_eq!(seen, expected, "newest first, each once");

    let in_13: Value = app
        .get("/v1/missions?department=13")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(in_13["items"].as_array().unwrap().len(), 1);
    let hybrid: Value = app
        .get("/v1/missions?format=hybrid")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hybrid["items"][0]["id"], published[2].as_str());
    let by_org: Value = app
        .get(&format!("/v1/missions?organization_id={org}&limit=100"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_org["items"].as_array().unwrap().len(), 4);
    assert_eq!(
        problem(app.get("/v1/missions?department=99").await, 422).await["errors"][0]["field"],
        "department"
    );
    problem(app.get("/v1/missions?colour=blue").await, 400).await;

    let drafts: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/missions?state=draft"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(drafts["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_department_lists_its_missions_and_those_with_an_address_there_newest_first() {
    let app = spawn_app().await;
    let (owner, referent, _admin, org, first) = app.published_mission(5).await;
    // A mission of the Rhône with a second place in the Loire.
    let mut body = mission_body("69002");
    body["addresses"] = json!([
        {"postcode": "69002", "city": "Lyon", "latitude": 45.76, "longitude": 4.83},
        {"postcode": "42000", "city": "Saint-Étienne", "latitude": 45.43, "longitude": 4.39},
    ]);
    let both = app.publish(&owner, &referent, &org, body).await;
    let ids = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let rhone = ids(app
        .get("/v1/missions?department=69")
        .await
        .json()
        .await
        .unwrap());
    assert_eq!(rhone, [both.clone(), first.clone()], "newest first");
    let loire = ids(app
        .get("/v1/missions?department=42")
        .await
        .json()
        .await
        .unwrap());
    assert_eq!(
        loire,
        std::slice::from_ref(&both),
        "listed where it has an address"
    );
    // Paged one at a time, each once.
    let page: Value = app
        .get("/v1/missions?department=69&limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(page.clone()), [both]);
    let next = page["next_cursor"].as_str().unwrap();
    let page: Value = app
        .get(&format!("/v1/missions?department=69&limit=1&cursor={next}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(page), [first]);
}
