//! Publishing to API Engagement: the feed in the hub's XML, read here by
//! an independent parser (roxmltree), and kept for CI's second reader, the
//! hub's own parser with its options (api/tests/contracts/api-engagement).

use reqwest::header;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{eventually, spawn_with, TestApp};
use crate::pictures::{form, logo_png, photo_with_location, upload};

const FEED: &str = "/v1/feeds/api-engagement.xml";

/// Keeps a feed where CI's second reader finds it.
fn keep_for_ci(name: &str, text: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("api-engagement");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.xml")), text).unwrap();
}

/// The feed's missions by clientId: each a map of its child elements'
/// text, its addresses apart.
type Missions = Vec<(std::collections::BTreeMap<String, String>, Vec<Value>)>;

fn missions_of(xml: &str) -> Missions {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let source = doc.root_element();
    assert_eq!(source.tag_name().name(), "source");
    source
        .children()
        .filter(|n| n.has_tag_name("mission"))
        .map(|m| {
            let mut fields = std::collections::BTreeMap::new();
            let mut addresses = Vec::new();
            for child in m.children().filter(|n| n.is_element()) {
                if child.has_tag_name("addresses") {
                    for a in child.children().filter(|n| n.has_tag_name("address")) {
                        let mut address = serde_json::Map::new();
                        for f in a.children().filter(|n| n.is_element()) {
                            let value = if f.has_tag_name("location") {
                                let coord = |name: &str| {
                                    f.children()
                                        .find(|n| n.has_tag_name(name))
                                        .and_then(|n| n.text())
                                        .and_then(|t| t.parse::<f64>().ok())
                                };
                                json!({"lat": coord("lat"), "lon": coord("lon")})
                            } else {
                                json!(f.text().unwrap_or_default())
                            };
                            address.insert(f.tag_name().name().to_owned(), value);
                        }
                        addresses.push(Value::Object(address));
                    }
                } else {
                    fields.insert(
                        child.tag_name().name().to_owned(),
                        child.text().unwrap_or_default().to_owned(),
                    );
                }
            }
            (fields, addresses)
        })
        .collect()
}

/// A published mission in Bourg-en-Bresse (a postcode with a leading
/// zero), its title and description with what XML must escape.
async fn ain_mission(app: &TestApp) -> (crate::common::Session, String, String) {
    let (owner, referent, _admin, org, _) = app.published_mission_at(4, "01000").await;
    let logo = form("file", "logo.png", "image/png", &logo_png());
    let r = upload(app, &owner, &format!("/v1/organizations/{org}/logo"), logo).await;
    assert_eq!(r.status(), 200);
    let mut body = crate::common::mission_body("01000");
    body["title"] = json!("Café & <goûter> des aînés");
    body["description"] =
        json!("Servir le goûter, \"discuter\" et jouer aux cartes.\nChaque mercredi.");
    body["format"] = json!("hybrid");
    body["capacity"] = json!(6);
    body["minimum_age"] = json!(16);
    body["addresses"] = json!([{"line": "2 place de l'Hôtel de Ville", "postcode": "01000", "city": "Bourg-en-Bresse", "latitude": 46.2052, "longitude": 5.2255}]);
    let mission = app.publish(&owner, &referent, &org, body).await;
    // Its picture: a material edit, published again by the referent.
    let photo = form(
        "file",
        "p.jpg",
        "image/jpeg",
        &photo_with_location(800, 600),
    );
    let r = upload(app, &owner, &format!("/v1/missions/{mission}/image"), photo).await;
    assert_eq!(r.status(), 200);
    let path = format!("/v1/missions/{mission}/transitions");
    assert_eq!(
        app.transition(&referent, &path, "published", None)
            .await
            .status(),
        200
    );
    (referent, org, mission)
}

#[tokio::test]
async fn the_hub_reads_open_missions_in_its_xml_and_a_mission_unpublished_leaves_it() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (referent, org, mission) = ain_mission(&app).await;
    // A draft is not public: not in the feed.
    let owner = app.volunteer("draft-owner").await;
    let other_org = app.approved_organization(&owner, "69003").await;
    let draft = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{other_org}/missions"),
            &owner,
            Some(crate::common::mission_body("69003")),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let r = app.get(FEED).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()[header::CONTENT_TYPE],
        "application/xml; charset=utf-8"
    );
    assert!(r.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .starts_with("public, max-age="));
    let etag = r.headers()[header::ETAG].to_str().unwrap().to_owned();
    let xml = r.text().await.unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    keep_for_ci("feed", &xml);

    let missions = missions_of(&xml);
    assert!(missions.iter().all(|(m, _)| m["clientId"] != draft));
    let (m, addresses) = missions
        .iter()
        .find(|(m, _)| m["clientId"] == mission)
        .expect("the published mission is in the feed");
    assert_eq!(m["title"], "Café & <goûter> des aînés");
    assert_eq!(
        m["description"],
        "Servir le goûter, \"discuter\" et jouer aux cartes.\nChaque mercredi."
    );
    assert_eq!(
        m["applicationUrl"],
        format!(
            "{}/missions/{mission}",
            app.settings["auth"]["app_base_url"].as_str().unwrap()
        )
    );
    assert_eq!(m["domain"], "solidarite-insertion");
    assert_eq!(m["remote"], "possible");
    assert_eq!(m["openToMinors"], "yes");
    assert_eq!(m["reducedMobilityAccessible"], "no");
    assert_eq!(m["places"], "6");
    assert_eq!(m["schedule"], "3 heures par semaine");
    assert_eq!(m["organizationName"], "Banque alimentaire du Rhône");
    assert_eq!(m["organizationId"], org);
    assert!(m["organizationRNA"].starts_with('W'));
    // The pictures, as absolute URLs the hub's cards fetch, and they load.
    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    let public = settings.http.public_url.trim_end_matches('/');
    for field in ["image", "organizationLogo"] {
        let url = &m[field];
        assert!(
            url.starts_with(&format!("{public}/v1/pictures/")),
            "{field}: {url}"
        );
        let r = app
            .client
            .get(app.url(&url[public.len()..]))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{field}");
    }
    assert_eq!(m["startAt"], crate::common::days_from_today(30).to_string());
    assert_eq!(m["endAt"], crate::common::days_from_today(150).to_string());
    chrono::DateTime::parse_from_rfc3339(&m["postedAt"]).expect("an RFC 3339 instant");
    assert_eq!(
        addresses,
        &vec![json!({
            "street": "2 place de l'Hôtel de Ville",
            "city": "Bourg-en-Bresse",
            "postalCode": "01000",
            "departmentCode": "01",
            "departmentName": "Ain",
            "region": "Auvergne-Rhône-Alpes",
            "country": "FR",
            "location": {"lat": 46.2052, "lon": 5.2255},
        })]
    );

    // The hub (or the CDN) revalidates: nothing changed, nothing sent.
    let again = app
        .client
        .get(app.url(FEED))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // The referent takes the mission out of public view: it leaves.
    let r = app
        .transition(
            &referent,
            &format!("/v1/missions/{mission}/transitions"),
            "flagged",
            Some("Adresse à vérifier"),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let r = app
        .client
        .get(app.url(FEED))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the feed changed with it");
    assert_ne!(r.headers()[header::ETAG].to_str().unwrap(), etag);
    let missions = missions_of(&r.text().await.unwrap());
    assert!(missions.iter().all(|(m, _)| m["clientId"] != mission));
}

#[tokio::test]
async fn a_full_mission_leaves_the_feed_and_a_key_presented_must_be_valid() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (_owner, _referent, admin, _org, mission) = app.published_mission(1).await;
    let listed = |xml: &str| {
        missions_of(xml)
            .iter()
            .any(|(m, _)| m["clientId"] == mission)
    };
    assert!(listed(&app.get(FEED).await.text().await.unwrap()));
    let volunteer = app.volunteer("last-place").await;
    assert_eq!(app.apply(&volunteer, &mission, None).await.status(), 201);
    assert!(
        !listed(&app.get(FEED).await.text().await.unwrap()),
        "no place left: the hub would send people to a full mission"
    );

    // A hub's platform key, as the password of Basic authentication.
    let r = app
        .send(
            Method::POST,
            "/v1/admin/api-keys",
            &admin,
            Some(json!({"name": "API Engagement"})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let secret = r.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let with_basic = |password: &str| {
        app.client
            .get(app.url(FEED))
            .basic_auth("api-engagement", Some(password))
            .send()
    };
    assert_eq!(with_basic(&secret).await.unwrap().status(), 200);
    let wrong = with_basic("rk_live_notakey").await.unwrap();
    assert_eq!(wrong.status(), 401);
    let problem: Value = wrong.json().await.unwrap();
    assert_eq!(problem["code"], "invalid_api_key");
}

/// A schema of the hub's v2 contract, by name.
fn hub_contract(schema: &str) -> (jsonschema::Validator, Value) {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/contracts/api-engagement/v2-mission.yaml"
    ))
    .expect("the hub's contract is in api/tests/contracts");
    let spec: Value = serde_norway::from_str(&spec).expect("valid YAML");
    let root =
        json!({"$ref": format!("#/components/schemas/{schema}"), "components": spec["components"]});
    (
        jsonschema::validator_for(&root).expect("a usable schema"),
        spec,
    )
}

/// `body` follows the hub's `schema`, and names no field the hub's
/// mission does not have (the schema alone would let a misspelt one by).
fn assert_follows_hub(schema: &str, body: &Value) {
    let (validator, spec) = hub_contract(schema);
    let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "breaks the hub's {schema}: {errors:?}");
    let fields = &spec["components"]["schemas"]["MissionFields"]["properties"];
    let address = &spec["components"]["schemas"]["Address"]["properties"];
    for key in body.as_object().unwrap().keys() {
        assert!(
            key == "clientId" || fields.get(key).is_some(),
            "`{key}` is not a field of the hub's mission"
        );
    }
    for a in body["addresses"].as_array().unwrap() {
        for key in a.as_object().unwrap().keys() {
            assert!(
                address.get(key).is_some(),
                "`{key}` is not a field of the hub's address"
            );
        }
    }
}

async fn hub_requests(server: &MockServer, verb: &str, p: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == p)
        .collect()
}

async fn app_with_hub(server: &MockServer) -> TestApp {
    spawn_with(json!({"api_engagement": {
        "api_key": "hub-publisher-key",
        "base_url": server.uri(),
        "request_timeout_ms": 2000,
    }}))
    .await
}

use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A stand-in for the hub's mission API that keeps what it was told, as
/// the hub does: an update of a mission it does not have answers 404, a
/// creation of one it has 409, a deletion is idempotent; every call needs
/// the key, and a body the contract refuses gets 400 with the reasons.
struct HubStandIn {
    missions: std::sync::Mutex<std::collections::BTreeMap<String, Value>>,
    /// Activities by id: the click, the mission, and each status given.
    activities: std::sync::Mutex<std::collections::BTreeMap<String, Value>>,
}

impl wiremock::Respond for HubStandIn {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        if request
            .headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            != Some("hub-publisher-key")
        {
            return ResponseTemplate::new(401)
                .set_body_json(json!({"ok": false, "code": "UNAUTHORIZED"}));
        }
        let mut missions = self.missions.lock().unwrap();
        let id = request
            .url
            .path()
            .strip_prefix("/v2/mission/")
            .map(str::to_owned);
        // The body, or why the hub would refuse it.
        let checked = |schema: &str| -> Result<Value, String> {
            let body: Value = request.body_json().map_err(|e| e.to_string())?;
            let (validator, _) = hub_contract(schema);
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| e.to_string())
                .collect();
            if errors.is_empty() {
                Ok(body)
            } else {
                Err(errors.join("; "))
            }
        };
        let refused = |message: String| {
            ResponseTemplate::new(400).set_body_json(json!({"ok": false, "message": message}))
        };
        if let Some(rest) = request.url.path().strip_prefix("/v2/activity") {
            let mut activities = self.activities.lock().unwrap();
            return match (request.method.as_str(), rest.strip_prefix('/')) {
                ("POST", None) => match checked("CreateActivity") {
                    Ok(body)
                        if body["clickId"]
                            .as_str()
                            .is_some_and(|c| c.starts_with("unknown")) =>
                    {
                        ResponseTemplate::new(404)
                            .set_body_json(json!({"ok": false, "code": "NOT_FOUND"}))
                    }
                    Ok(body) => {
                        let id = format!("activity-{}", activities.len() + 1);
                        activities.insert(id.clone(), json!({"click": body["clickId"], "mission": body["missionClientId"], "statuses": ["PENDING"]}));
                        ResponseTemplate::new(200)
                            .set_body_json(json!({"ok": true, "data": {"id": id}}))
                    }
                    Err(message) => refused(message),
                },
                ("PUT", Some(id)) => match (checked("UpdateActivity"), activities.get_mut(id)) {
                    (Ok(body), Some(kept)) => {
                        kept["statuses"]
                            .as_array_mut()
                            .unwrap()
                            .push(body["status"].clone());
                        ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
                    }
                    (Ok(_), None) => ResponseTemplate::new(404),
                    (Err(message), _) => refused(message),
                },
                _ => ResponseTemplate::new(404),
            };
        }
        match (request.method.as_str(), id) {
            ("POST", None) => match checked("CreateMission") {
                Ok(body) => {
                    let client_id = body["clientId"].as_str().unwrap_or_default().to_owned();
                    if missions.contains_key(&client_id) {
                        return ResponseTemplate::new(409)
                            .set_body_json(json!({"ok": false, "code": "CONFLICT"}));
                    }
                    missions.insert(client_id, body);
                    ResponseTemplate::new(201).set_body_json(json!({"ok": true}))
                }
                Err(message) => refused(message),
            },
            ("PUT", Some(id)) => match checked("MissionFields") {
                Ok(body) => match missions.get_mut(&id) {
                    Some(kept) => {
                        for (k, v) in body.as_object().unwrap() {
                            kept[k] = v.clone();
                        }
                        ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
                    }
                    None => ResponseTemplate::new(404)
                        .set_body_json(json!({"ok": false, "code": "NOT_FOUND"})),
                },
                Err(message) => refused(message),
            },
            ("DELETE", Some(id)) => {
                missions.remove(&id);
                ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

/// The hub's stand-in, serving `server`'s mission and activity routes.
async fn hub_stand_in(server: &MockServer) -> std::sync::Arc<HubStandIn> {
    let hub = std::sync::Arc::new(HubStandIn {
        missions: Default::default(),
        activities: Default::default(),
    });
    Mock::given(path_regex(r"^/v2/(mission|activity)(/[^/]+)?$"))
        .respond_with(SharedStandIn(hub.clone()))
        .mount(server)
        .await;
    hub
}

/// The stand-in, shared with the test that reads what it kept.
struct SharedStandIn(std::sync::Arc<HubStandIn>);

impl wiremock::Respond for SharedStandIn {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

#[tokio::test]
async fn the_hub_is_told_of_a_mission_as_it_changes_by_the_contract() {
    let server = MockServer::start().await;
    let hub = hub_stand_in(&server).await;
    let app = app_with_hub(&server).await;
    let (referent, org, mission) = ain_mission(&app).await;

    let creation = || async {
        hub_requests(&server, "POST", "/v2/mission")
            .await
            .into_iter()
            .map(|r| r.body_json::<Value>().unwrap())
            .find(|body| body["clientId"] == mission.as_str())
    };
    eventually("the mission is created on the hub", || async {
        creation().await.is_some()
    })
    .await;
    let created = creation().await.unwrap();
    assert_follows_hub("CreateMission", &created);
    assert_eq!(created["clientId"], mission.as_str());
    assert_eq!(created["title"], "Café & <goûter> des aînés");
    assert_eq!(created["type"], "benevolat");
    assert_eq!(created["domain"], "solidarite-insertion");
    assert_eq!(created["remote"], "possible");
    assert_eq!(created["openToMinors"], true);
    assert_eq!(created["places"], 6);
    assert_eq!(created["organizationClientId"], org.as_str());
    assert_eq!(
        created["startAt"],
        format!("{}T00:00:00Z", crate::common::days_from_today(30))
    );
    assert_eq!(created["addresses"][0]["postalCode"], "01000");
    assert_eq!(created["addresses"][0]["departmentName"], "Ain");
    // What it tried first: an update, by our id.
    let update = &hub_requests(&server, "PUT", &format!("/v2/mission/{mission}")).await[0];
    assert_follows_hub("MissionFields", &update.body_json().unwrap());

    // Someone applies: the places left go to the hub.
    let volunteer = app.volunteer("hub-applicant").await;
    assert_eq!(app.apply(&volunteer, &mission, None).await.status(), 201);
    eventually("the places left reach the hub", || async {
        hub.missions
            .lock()
            .unwrap()
            .get(&mission)
            .is_some_and(|kept| kept["places"] == 5)
    })
    .await;

    // Flagged: out of public view, out of the hub.
    let r = app
        .transition(
            &referent,
            &format!("/v1/missions/{mission}/transitions"),
            "flagged",
            Some("Adresse à vérifier"),
        )
        .await;
    assert_eq!(r.status(), 200);
    eventually("the mission is deleted on the hub", || async {
        !hub.missions.lock().unwrap().contains_key(&mission)
    })
    .await;
}

#[tokio::test]
async fn a_hub_asking_to_wait_is_waited_for_and_a_refusal_is_kept_for_an_operator() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    // Then the hub refuses what it is sent.
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"ok": false, "code": "INVALID_BODY", "message": "places must be at least 1"}),
        ))
        .mount(&server)
        .await;
    let app = app_with_hub(&server).await;
    let (_owner, _referent, _admin, _org, mission) = app.published_mission(3).await;
    let puts = || async { hub_requests(&server, "PUT", &format!("/v2/mission/{mission}")).await };
    eventually(
        "the update is sent again once the hub's wait is over",
        || async { puts().await.len() >= 2 },
    )
    .await;
    let sent = puts().await;
    assert_eq!(
        sent[0].body_json::<Value>().unwrap(),
        sent[1].body_json::<Value>().unwrap()
    );

    // A change the hub refuses: the job is parked dead with its answer.
    let volunteer = app.volunteer("refused-by-hub").await;
    assert_eq!(app.apply(&volunteer, &mission, None).await.status(), 201);
    let db = app.db.clone();
    eventually("the refused job is parked with the hub's answer", || {
        let db = db.clone();
        async move {
            let mut conn = db.acquire().await.unwrap();
            let errors: Vec<Option<String>> = renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
                "SELECT last_error FROM outbox_jobs WHERE kind = 'api_engagement_mission' AND state = 'dead'",
            )
            .fetch_all(c)
            .await)
            .unwrap();
            errors
                .iter()
                .flatten()
                .any(|e| e.contains("400") && e.contains("places must be at least 1"))
        }
    })
    .await;
}

#[tokio::test]
async fn an_application_the_hub_sent_is_reported_back_with_each_of_its_moves() {
    let server = MockServer::start().await;
    let hub = hub_stand_in(&server).await;
    let app = app_with_hub(&server).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let apply_with = |click: Option<&'static str>, name: &'static str| {
        let app = &app;
        let mission = mission.clone();
        async move {
            let volunteer = app.volunteer(name).await;
            let r = app
                .send(
                    Method::POST,
                    &format!("/v1/missions/{mission}/participations"),
                    &volunteer,
                    Some(json!({"apiengagement_id": click})),
                )
                .await;
            assert_eq!(r.status(), 201);
            r.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let from_hub = apply_with(Some("64a1b2c3d4e5f6789abc0088"), "from-hub").await;
    let _direct = apply_with(None, "direct").await;
    let _forged = apply_with(Some("unknown-click"), "forged").await;
    let activities = || hub.activities.lock().unwrap().clone();
    eventually("the application is reported to the hub", || async {
        !activities().is_empty()
    })
    .await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{from_hub}/transitions"),
            &owner,
            Some(json!({"to": "accepted"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    eventually("its acceptance reaches the hub", || async {
        activities()
            .values()
            .any(|a| a["statuses"] == json!(["PENDING", "VALIDATED"]))
    })
    .await;
    // After the start, the organisation marks the volunteer present: the
    // hub hears the activity carried out.
    app.travel(chrono::Duration::days(31));
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{from_hub}/attendance"),
            &app.renewed(&owner),
            Some(json!({"present": true, "hours": 3})),
        )
        .await;
    assert_eq!(r.status(), 204, "{}", r.text().await.unwrap());
    eventually("its attendance reaches the hub", || async {
        activities()
            .values()
            .any(|a| a["statuses"] == json!(["PENDING", "VALIDATED", "CARRIED_OUT"]))
    })
    .await;
    let reported = activities();
    assert_eq!(
        reported.len(),
        1,
        "one activity, of the click the hub knows: {reported:?}"
    );
    let activity = reported.values().next().unwrap();
    assert_eq!(activity["click"], "64a1b2c3d4e5f6789abc0088");
    assert_eq!(activity["mission"], mission.as_str());
}
