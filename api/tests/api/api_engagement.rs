//! Publishing to API Engagement: the feed in the hub's XML, read here by
//! an independent parser (roxmltree), and kept for CI's second reader, the
//! hub's own parser with its options (api/tests/contracts/api-engagement).

use reqwest::header;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{spawn_with, TestApp};

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
    let mut body = crate::common::mission_body("01000");
    body["title"] = json!("Café & <goûter> des aînés");
    body["description"] =
        json!("Servir le goûter, \"discuter\" et jouer aux cartes.\nChaque mercredi.");
    body["format"] = json!("hybrid");
    body["capacity"] = json!(6);
    body["minimum_age"] = json!(16);
    body["addresses"] = json!([{"line": "2 place de l'Hôtel de Ville", "postcode": "01000", "city": "Bourg-en-Bresse", "latitude": 46.2052, "longitude": 5.2255}]);
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(body),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let mission = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/missions/{mission}/transitions");
    for (who, to) in [(&owner, "pending_review"), (&referent, "published")] {
        assert_eq!(app.transition(who, &path, to, None).await.status(), 200);
    }
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
