//! The change feeds: a mirror that ends equal to the truth, the hub's
//! filters, the participations' contacts, and items that match the
//! served document.

use super::*;

/// A mirror kept by following the feed: (id → title), and every version
/// `(id, updated_at)` received, to catch a repeat.
#[derive(Default)]
struct Mirror {
    missions: HashMap<String, String>,
    versions: HashSet<(String, String)>,
    last: Option<(String, String)>,
    cursor: Option<String>,
}

impl Mirror {
    async fn sync(
        &mut self,
        app: &TestApp,
        key: &str,
        between_pages: &mut Vec<
            Box<dyn FnMut() -> futures_util::future::BoxFuture<'static, ()> + Send>,
        >,
    ) {
        loop {
            let path = match &self.cursor {
                Some(c) => format!("/v1/partner/feed/missions?limit=3&cursor={c}"),
                None => "/v1/partner/feed/missions?limit=3".to_owned(),
            };
            let page: Value = partner(app, key, Method::GET, &path, None)
                .await
                .json()
                .await
                .unwrap();
            for item in page["items"].as_array().unwrap() {
                let id = item["id"].as_str().unwrap().to_owned();
                let at = item["updated_at"].as_str().unwrap().to_owned();
                let position = (at.clone(), id.clone());
                if let Some(last) = &self.last {
                    assert!(
                        position > *last,
                        "out of order: {position:?} after {last:?}"
                    );
                }
                self.last = Some(position);
                assert!(self.versions.insert((id.clone(), at)), "repeated: {item}");
                if item["deleted"] == true {
                    self.missions.remove(&id);
                } else {
                    self.missions
                        .insert(id, item["title"].as_str().unwrap().to_owned());
                }
            }
            self.cursor = Some(page["next_cursor"].as_str().unwrap().to_owned());
            if !between_pages.is_empty() {
                let mut change = between_pages.remove(0);
                change().await;
                continue;
            }
            if page["has_more"] == false {
                break;
            }
        }
    }
}

#[tokio::test]
async fn a_feed_sync_while_missions_change_ends_with_a_mirror_equal_to_the_truth() {
    let app = Arc::new(spawn_with(partner_settings()).await);
    let (owner, referent, org, key) = partner_org(&app).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            published_by_partner(
                &app,
                &key,
                &referent,
                &format!("m-{i}"),
                &format!("Mission numéro {i}"),
            )
            .await,
        );
    }
    // A draft that was never public never shows, not even as a tombstone.
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/draft-1",
        Some(mission_body("69002")),
    )
    .await;
    let under_review = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Between pages: a new mission, an edit of one already read, an edit of
    // one not read yet, an unpublished one, a cancellation by a person.
    let mut changes: Vec<Box<dyn FnMut() -> futures_util::future::BoxFuture<'static, ()> + Send>> =
        Vec::new();
    {
        let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
        changes.push(Box::new(move || {
            let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
            Box::pin(async move {
                published_by_partner(&app, &key, &referent, "m-new", "Mission arrivée en cours")
                    .await;
            })
        }));
    }
    for (client_id, title) in [
        ("m-0", "Mission numéro 0 revue"),
        ("m-6", "Mission numéro 6 revue"),
    ] {
        let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
        changes.push(Box::new(move || {
            let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
            Box::pin(async move {
                // A new title goes back to review; the referent publishes it.
                let mut body = mission_body("69002");
                body["title"] = json!(title);
                let r = partner(
                    &app,
                    &key,
                    Method::PUT,
                    &format!("/v1/partner/missions/{client_id}"),
                    Some(body),
                )
                .await;
                let id = r.json::<Value>().await.unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let r = app
                    .transition(
                        &referent,
                        &format!("/v1/missions/{id}/transitions"),
                        "published",
                        None,
                    )
                    .await;
                assert_eq!(r.status(), 200);
            })
        }));
    }
    {
        let (app, key) = (app.clone(), key.clone());
        changes.push(Box::new(move || {
            let (app, key) = (app.clone(), key.clone());
            Box::pin(async move {
                let r = partner(&app, &key, Method::DELETE, "/v1/partner/missions/m-3", None).await;
                assert_eq!(r.status(), 204);
            })
        }));
    }
    {
        let (app, owner, id) = (app.clone(), owner.clone(), ids[1].clone());
        changes.push(Box::new(move || {
            let (app, owner, id) = (app.clone(), owner.clone(), id.clone());
            Box::pin(async move {
                let r = app
                    .transition(
                        &owner,
                        &format!("/v1/missions/{id}/transitions"),
                        "cancelled",
                        Some("plus de bénévoles nécessaires"),
                    )
                    .await;
                assert_eq!(r.status(), 200);
            })
        }));
    }
    let mut mirror = Mirror::default();
    mirror.sync(&app, &key, &mut changes).await;

    // The truth: the organisation's public missions.
    let public: Value = app
        .get(&format!("/v1/missions?organization_id={org}&limit=100"))
        .await
        .json()
        .await
        .unwrap();
    let truth: HashMap<String, String> = public["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_owned(),
                m["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(truth.len(), 6, "7 published, 1 new, 2 gone");
    assert_eq!(mirror.missions, truth);
    assert!(!mirror.versions.iter().any(|(id, _)| *id == under_review));

    // A later sync from the kept cursor brings only what changed since.
    let r = partner(&app, &key, Method::DELETE, "/v1/partner/missions/m-5", None).await;
    assert_eq!(r.status(), 204);
    let page: Value = partner(
        &app,
        &key,
        Method::GET,
        &format!(
            "/v1/partner/feed/missions?cursor={}",
            mirror.cursor.clone().unwrap()
        ),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["id"], ids[5].as_str());
    assert_eq!(items[0]["deleted"], true);
    assert_eq!(items[0]["client_id"], "m-5");
}

#[tokio::test]
async fn the_feed_filters_like_the_hub_and_a_platform_key_reads_every_organisation() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, org, key) = partner_org(&app).await;
    published_by_partner(
        &app,
        &key,
        &referent,
        "f-1",
        "Soutien scolaire en mathématiques",
    )
    .await;
    let mut body = mission_body("69002");
    body["title"] = json!("Collecte alimentaire");
    body["minimum_age"] = json!(18);
    body["domain"] = json!("environment");
    body["skills"] = json!([]);
    body["access"] = json!({"reduced_mobility": true});
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/f-2",
        Some(body),
    )
    .await;
    let second = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.transition(
        &referent,
        &format!("/v1/missions/{second}/transitions"),
        "published",
        None,
    )
    .await;

    let titles = |page: Value| -> Vec<(String, bool)> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["client_id"].as_str().unwrap().to_owned(),
                    i["deleted"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let get = |q: &str| {
        let path = format!("/v1/partner/feed/missions?{q}");
        let (app, key) = (&app, &key);
        async move {
            partner(app, key, Method::GET, &path, None)
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    // What does not match comes as a tombstone: a filtered mirror drops it.
    assert_eq!(
        titles(get("q=MATHEMATIQUES").await),
        [("f-1".into(), false), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("domain=environment").await),
        [("f-1".into(), true), ("f-2".into(), false)]
    );
    assert_eq!(
        titles(get("open_to_minors=true").await),
        [("f-1".into(), false), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("accessibility=reduced_mobility").await),
        [("f-1".into(), true), ("f-2".into(), false)]
    );
    assert_eq!(
        titles(get("accessibility=reduced_mobility,open_to_minors").await),
        [("f-1".into(), true), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("lat=45.76&lng=4.83&radius_km=5").await),
        [("f-1".into(), false), ("f-2".into(), false)]
    );
    assert_eq!(
        titles(get("lat=48.85&lng=2.35&radius_km=5").await),
        [("f-1".into(), true), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("department=75").await),
        [("f-1".into(), true), ("f-2".into(), true)]
    );
    let full = get("").await;
    let first = &full["items"][0];
    assert_eq!(first["organization"]["id"], org.as_str());
    assert!(first.get("organization_siret").is_some());
    assert_eq!(first["capacity"], 10);
    assert_eq!(
        first["url"],
        format!(
            "https://app.test/missions/{}",
            first["id"].as_str().unwrap()
        )
    );
    assert_eq!(first["open_to_minors"], true);
    assert_eq!(first["places_left"], 10);
    // Out of range, and half a place.
    let r = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/missions?limit=501",
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "limit");
    let r = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/missions?lat=45",
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "lat");
    let r = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/missions?cursor=abc",
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "cursor");

    // A platform-wide key (admins make them) reads every organisation's
    // public missions, and writes nothing.
    let admin = app.admin().await;
    let other_owner = app.volunteer("other").await;
    let other = app.approved_organization(&other_owner, "69005").await;
    let (other_key, _) = key_of(&app, &other_owner, &other, ALL_SCOPES).await;
    published_by_partner(
        &app,
        &other_key,
        &referent,
        "o-1",
        "Mission d'une autre association",
    )
    .await;
    let r = app
        .send(
            Method::POST,
            "/v1/admin/api-keys",
            &admin,
            Some(json!({"name": "Hub"})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let hub: Value = r.json().await.unwrap();
    assert_eq!(hub["key"]["scopes"], json!(["missions:read"]));
    assert!(hub["key"]["organization_id"].is_null());
    let hub_key = hub["secret"].as_str().unwrap();
    let page: Value = partner(
        &app,
        hub_key,
        Method::GET,
        "/v1/partner/feed/missions",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let r = partner(
        &app,
        hub_key,
        Method::PUT,
        "/v1/partner/missions/h-1",
        Some(mission_body("69002")),
    )
    .await;
    assert_eq!(problem(r, 403).await["code"], "scope_missing");
    let r = partner(
        &app,
        hub_key,
        Method::GET,
        "/v1/partner/feed/participations",
        None,
    )
    .await;
    assert_eq!(problem(r, 403).await["code"], "scope_missing");
    // Only admins make them.
    let r = app
        .send(
            Method::POST,
            "/v1/admin/api-keys",
            &other_owner,
            Some(json!({"name": "Hub"})),
        )
        .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn the_participations_feed_carries_contacts_and_follows_answers() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    let mission =
        published_by_partner(&app, &key, &referent, "p-1", "Mission avec candidats").await;
    let volunteers = app.quick_volunteers(3, &crate::common::years_ago(36)).await;
    let mut ids = Vec::new();
    for v in &volunteers {
        let r = app.apply(v, &mission, Some("Motivée")).await;
        ids.push(
            r.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let page: Value = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/participations?limit=2",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page["has_more"], true);
    assert_eq!(page["items"][0]["id"], ids[0].as_str());
    assert_eq!(page["items"][0]["mission_client_id"], "p-1");
    assert_eq!(
        page["items"][0]["volunteer"]["email"],
        volunteers[0].email.as_str()
    );
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    // The first is answered: it comes again, after the third.
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!("/v1/partner/participations/{}/transitions", ids[0]),
        Some(json!({"to": "declined", "reason_code": "requirements_not_met"})),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let page: Value = partner(
        &app,
        &key,
        Method::GET,
        &format!("/v1/partner/feed/participations?cursor={cursor}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let got: Vec<(&str, &str)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [(ids[2].as_str(), "pending"), (ids[0].as_str(), "declined")]
    );
    assert_eq!(page["has_more"], false);
}

/// Strict validators and typed generators read `FeedItem` as `oneOf`: a
/// live mission and a tombstone must each match exactly one of its shapes
/// in the document the service serves, checked by an independent
/// validator on real items of the feed.
#[tokio::test]
async fn every_feed_item_matches_exactly_one_shape_of_the_served_document() {
    let app = spawn_with(partner_settings()).await;
    let (_owner, referent, _org, key) = partner_org(&app).await;
    published_by_partner(&app, &key, &referent, "stays-1", "Mission qui reste").await;
    published_by_partner(&app, &key, &referent, "leaves-1", "Mission qui part").await;
    let r = partner(
        &app,
        &key,
        Method::DELETE,
        "/v1/partner/missions/leaves-1",
        None,
    )
    .await;
    assert!(r.status().is_success(), "unpublished: {}", r.status());
    let feed: Value = partner(&app, &key, Method::GET, "/v1/partner/feed/missions", None)
        .await
        .json()
        .await
        .unwrap();
    let items = feed["items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["deleted"] == true),
        "a tombstone: {feed}"
    );
    assert!(
        items.iter().any(|i| i["deleted"] == false),
        "a live mission: {feed}"
    );

    let document: Value = app.get("/openapi.json").await.json().await.unwrap();
    let validator = |name: &str| {
        jsonschema::validator_for(&json!({
            "$ref": format!("#/components/schemas/{name}"),
            "components": document["components"],
        }))
        .unwrap()
    };
    let (item, shapes) = (
        validator("FeedItem"),
        [validator("FeedMission"), validator("MissionTombstone")],
    );
    for i in items {
        let matched = shapes.iter().filter(|s| s.is_valid(i)).count();
        assert_eq!(matched, 1, "matches {matched} shapes: {i}");
        let errors: Vec<String> = item.iter_errors(i).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{i}");
    }
}
