//! Signed webhooks: delivery, retries, disabling, replay, secret
//! rotation, refused destinations, and promotions announced.

use super::*;

/// HMAC-SHA256 written out from RFC 2104 on top of SHA-256, to check the
/// signature without the code that makes it.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let mut inner = Sha256::new();
    inner.update(pad(0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(pad(0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

/// Whether one of the `v1,` signatures of the header is the body's under
/// `secret`, as a receiver checks it.
fn verified(request: &Request, secret: &str) -> bool {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let signed = format!(
        "{}.{}.{}",
        header("webhook-id"),
        header("webhook-timestamp"),
        String::from_utf8_lossy(&request.body)
    );
    let expected = format!(
        "v1,{}",
        STANDARD.encode(hmac_sha256(&key, signed.as_bytes()))
    );
    header("webhook-signature")
        .split(' ')
        .any(|s| s == expected)
}

/// Answers from a script of statuses, then the last one forever.
struct Script(Vec<u16>, AtomicUsize);

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.1.fetch_add(1, Ordering::SeqCst);
        ResponseTemplate::new(*self.0.get(n).unwrap_or_else(|| self.0.last().unwrap()))
    }
}

pub async fn receiver(statuses: Vec<u16>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(Script(statuses, AtomicUsize::new(0)))
        .mount(&server)
        .await;
    server
}

pub async fn hook(app: &TestApp, key: &str, url: &str, events: &[&str]) -> (String, String) {
    let r = partner(
        app,
        key,
        Method::POST,
        "/v1/partner/webhooks",
        Some(json!({"url": url, "events": events})),
    )
    .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    assert!(body["secret"].as_str().unwrap().starts_with("whsec_"));
    (
        body["endpoint"]["id"].as_str().unwrap().to_owned(),
        body["secret"].as_str().unwrap().to_owned(),
    )
}

pub async fn deliveries(app: &TestApp, key: &str, endpoint: &str) -> Vec<Value> {
    partner(
        app,
        key,
        Method::GET,
        &format!("/v1/partner/webhooks/{endpoint}/deliveries"),
        None,
    )
    .await
    .json::<Value>()
    .await
    .unwrap()["items"]
        .as_array()
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn events_reach_the_receiver_signed_and_a_failing_one_is_retried() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    // The receiver fails twice, then takes it.
    let server = receiver(vec![500, 503, 204]).await;
    let (endpoint, secret) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["participation.created", "mission.published"],
    )
    .await;
    let mission =
        published_by_partner(&app, &key, &referent, "w-1", "Mission suivie par webhook").await;
    let volunteer = app.volunteer("vol").await;
    let r = app.apply(&volunteer, &mission, Some("Oui")).await;
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    eventually("both events delivered", || async {
        let d = deliveries(&app, &key, &endpoint).await;
        d.len() == 2 && d.iter().all(|d| d["state"] == "delivered")
    })
    .await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4, "2 failures, then each event once");
    for request in &requests {
        assert!(verified(request, &secret), "the signature checks out");
        assert!(!verified(request, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        let at: i64 = request.headers["webhook-timestamp"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((app.now().timestamp() - at).abs() < 60);
    }
    // The retried delivery kept its id; each event has its own.
    let ids: HashSet<&str> = requests
        .iter()
        .map(|r| r.headers["webhook-id"].to_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let bodies: Vec<Value> = requests
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let created = bodies
        .iter()
        .find(|b| b["type"] == "participation.created")
        .unwrap();
    assert_eq!(created["data"]["id"], participation.as_str());
    assert_eq!(created["data"]["mission_client_id"], "w-1");
    assert!(
        created["data"].get("email").is_none(),
        "no contact details in events"
    );
    let published = bodies
        .iter()
        .find(|b| b["type"] == "mission.published")
        .unwrap();
    assert_eq!(published["data"]["id"], mission.as_str());
    // Two failed attempts, whichever delivery met them, then success.
    let d = deliveries(&app, &key, &endpoint).await;
    let attempts: u64 = d.iter().map(|d| d["attempts"].as_u64().unwrap()).sum();
    assert_eq!(attempts, 4);
    assert!(d.iter().all(|d| d["last_status"] == 204));
    assert!(d[0]["message_id"].as_str().unwrap().starts_with("msg_"));
    // Events not subscribed to are not sent.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{participation}/transitions"),
            &volunteer,
            Some(json!({"to": "cancelled"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(deliveries(&app, &key, &endpoint).await.len(), 2);
}

#[tokio::test]
async fn an_endpoint_that_keeps_failing_is_disabled_its_owners_told_and_it_can_be_replayed() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let server = receiver(vec![500, 500, 500, 200]).await;
    let (endpoint, _) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["mission.published", "mission.unpublished"],
    )
    .await;
    published_by_partner(
        &app,
        &key,
        &referent,
        "d-1",
        "Mission pour un receveur en panne",
    )
    .await;
    eventually("the endpoint disabled", || async {
        let e: Value = partner(
            &app,
            &key,
            Method::GET,
            &format!("/v1/partner/webhooks/{endpoint}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        e["enabled"] == false
    })
    .await;
    let d = deliveries(&app, &key, &endpoint).await;
    assert_eq!(d[0]["state"], "failed");
    assert_eq!(d[0]["attempts"], 3);
    assert_eq!(d[0]["last_status"], 500);
    eventually("the owner told", || async {
        app.mailbox(&owner.email)
            .await
            .iter()
            .any(|m| m["template"] == "webhook_disabled")
    })
    .await;
    let audit: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/audit"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["action"], "webhook_endpoint.disabled");
    assert_eq!(audit["items"][0]["actor_role"], "system");
    // While disabled, events are not queued for it.
    assert_eq!(
        partner(&app, &key, Method::DELETE, "/v1/partner/missions/d-1", None)
            .await
            .status(),
        204
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(deliveries(&app, &key, &endpoint).await.len(), 1);
    // Enabled again, the failed delivery is replayed and gets through.
    let r = partner(
        &app,
        &key,
        Method::PATCH,
        &format!("/v1/partner/webhooks/{endpoint}"),
        Some(json!({"enabled": true})),
    )
    .await;
    assert_eq!(r.json::<Value>().await.unwrap()["consecutive_failures"], 0);
    let delivery = d[0]["id"].as_str().unwrap();
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!("/v1/partner/webhooks/{endpoint}/deliveries/{delivery}/replay"),
        None,
    )
    .await;
    assert_eq!(r.status(), 202);
    eventually("the replay delivered", || async {
        deliveries(&app, &key, &endpoint).await[0]["state"] == "delivered"
    })
    .await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        requests[0].headers["webhook-id"],
        requests[3].headers["webhook-id"]
    );
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one_during_the_overlap() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    let server = receiver(vec![200]).await;
    let (endpoint, old) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["mission.published"],
    )
    .await;
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!("/v1/partner/webhooks/{endpoint}/rotate-secret"),
        None,
    )
    .await;
    let body: Value = r.json().await.unwrap();
    let new = body["secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert!(body["endpoint"]["previous_secret_expires_at"].is_string());
    published_by_partner(&app, &key, &referent, "r-1", "Mission après rotation").await;
    eventually("delivered", || async {
        !server.received_requests().await.unwrap().is_empty()
    })
    .await;
    let request = &server.received_requests().await.unwrap()[0];
    assert!(verified(request, &new));
    assert!(verified(request, &old));
}

#[tokio::test]
async fn webhook_destinations_inside_the_network_are_refused() {
    let app = spawn_with(json!({"partner": {"webhook_allow_loopback": false}})).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (key, _) = key_of(&app, &owner, &org, &["webhooks:manage"]).await;
    for url in [
        "http://crm.example.org/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.0.0.8/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://user:pass@crm.example.org/hook",
    ] {
        let r = partner(
            &app,
            &key,
            Method::POST,
            "/v1/partner/webhooks",
            Some(json!({"url": url, "events": ["mission.published"]})),
        )
        .await;
        let p = problem(r, 422).await;
        assert_eq!(p["errors"][0]["field"], "url", "{url}");
    }
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/webhooks",
        Some(json!({"url": "https://crm.example.org/hook", "events": []})),
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "events");
    assert_eq!(
        partner(
            &app,
            &key,
            Method::POST,
            "/v1/partner/webhooks",
            Some(json!({"url": "https://crm.example.org/hook", "events": ["mission.published"]}))
        )
        .await
        .status(),
        201
    );
}

#[tokio::test]
async fn a_name_that_resolves_inside_the_network_is_refused_when_sending() {
    // Registered as a name, `localhost` resolves to loopback at send time:
    // the sender refuses it there, and the attempt fails without a call.
    let app = spawn_with(json!({"partner": {"webhook_allow_loopback": false, "webhook_retry_secs": [], "webhook_disable_after": 5}})).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (key, _) = key_of(&app, &owner, &org, &["webhooks:manage", "missions:write"]).await;
    let admin = app.admin().await;
    let referent = app.referent(&admin, &["69"]).await;
    let server = receiver(vec![200]).await;
    // Written straight to the table, as if DNS had changed since the
    // endpoint was registered under a public name.
    let endpoint = uuid::Uuid::now_v7();
    let url = format!("https://localhost:{}/hook", server.address().port());
    let org_id: uuid::Uuid = org.parse().unwrap();
    {
        let mut conn = app.db.acquire().await.unwrap();
        renfort::store::webhooks::insert_endpoint(
            conn.h(),
            renfort::store::webhooks::NewEndpoint {
                id: endpoint,
                organization_id: org_id,
                url: &url,
                events: &[renfort::webhooks::EventType::MissionPublished],
                secret: &renfort::webhooks::new_secret(),
                at: app.now(),
            },
        )
        .await
        .unwrap();
    }
    published_by_partner(
        &app,
        &key,
        &referent,
        "s-1",
        "Mission vers une adresse interne",
    )
    .await;
    let (hooks_key, _) = key_of(&app, &owner, &org, &["webhooks:manage"]).await;
    eventually("the attempt failed", || async {
        deliveries(&app, &hooks_key, &endpoint.to_string())
            .await
            .first()
            .is_some_and(|d| d["state"] == "failed")
    })
    .await;
    let d = deliveries(&app, &hooks_key, &endpoint.to_string()).await;
    assert!(
        d[0]["last_error"].as_str().unwrap().contains("private"),
        "{}",
        d[0]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_place_given_from_the_waiting_list_is_announced_like_an_application() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, _, key) = partner_org(&app).await;
    let server = receiver(vec![204; 8]).await;
    let (endpoint, _secret) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["participation.created"],
    )
    .await;
    let mission = published_by_partner(&app, &key, &referent, "wl-1", "Une seule place").await;
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"capacity": 1})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let first = app.volunteer("first").await;
    let second = app.volunteer("second").await;
    let taken = app.apply(&first, &mission, Some("Oui")).await;
    let taken = taken.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/waiting-list"),
            &second,
            Some(json!({"motivation": "Je peux venir"})),
        )
        .await;
    assert_eq!(r.status(), 201);

    // The first withdraws: the second gets the place.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{taken}/transitions"),
            &first,
            Some(json!({"to": "cancelled"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let mine: Value = app
        .send(Method::GET, "/v1/me/participations", &second, None)
        .await
        .json()
        .await
        .unwrap();
    let promoted = mine["items"][0]["id"].as_str().unwrap().to_owned();

    // The partner hears of both, the promotion said as such.
    eventually("both applications announced", || async {
        deliveries(&app, &key, &endpoint)
            .await
            .iter()
            .filter(|d| d["state"] == "delivered")
            .count()
            == 2
    })
    .await;
    let bodies: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let announced = bodies
        .iter()
        .find(|b| b["data"]["id"] == promoted.as_str())
        .expect("the promotion is announced");
    assert_eq!(announced["type"], "participation.created");
    assert_eq!(announced["data"]["reason_code"], "waiting_list");
    assert_eq!(announced["data"]["mission_client_id"], "wl-1");
    let direct = bodies
        .iter()
        .find(|b| b["data"]["id"] == taken.as_str())
        .unwrap();
    assert_eq!(direct["data"]["reason_code"], Value::Null);

    // And the organisation is reminded to answer it, as any application.
    let keys: Vec<String> = crate::reminders::waiting(&app)
        .await
        .into_iter()
        .map(|(key, _, _)| key)
        .collect();
    for days in [3, 7] {
        let key = format!("reminder:application_waiting:{promoted}:{days}");
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
}
