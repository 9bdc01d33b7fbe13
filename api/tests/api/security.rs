//! Security, third round: each hole found by attacking the surface added
//! since the last review, closed by a test that performs the attack.

use serde_json::json;

use crate::common::{problem, signup_body, spawn_with, unique_email, years_ago, TestApp};
use crate::hardening::{admin_lookup, forged_admin_token};

async fn exec(app: &TestApp, sql: &str, id: &str) {
    let id: uuid::Uuid = id.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query(sql).bind(id).execute(c).await.map(|_| ()))
        .unwrap();
}

/// HAProxy appends its own `X-Forwarded-For` line after the one the
/// client sent: the client rotating its own line is still one client.
#[tokio::test]
async fn a_client_s_own_forwarded_for_line_is_not_believed_over_the_edge_s() {
    let app = spawn_with(json!({
        "http": {"trusted_proxies": ["127.0.0.1"]},
        "limits": {"signup_per_ip": {"limit": 3, "period_secs": 600}},
    }))
    .await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let response = app
            .client
            .post(app.url("/v1/auth/signup"))
            .json(&signup_body(&unique_email("haproxy")))
            // `header` appends: two lines, the client's then the edge's.
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .header("x-forwarded-for", "198.51.100.77")
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 202, 429, 429]);
}

/// A reverse proxy on the same host forwards to a loopback-bound instance
/// running on the public development key: a token forged with that key
/// must not pass unless the development mailbox says this is a laptop.
#[tokio::test]
async fn the_development_key_signs_nothing_without_the_development_mailbox() {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_with(json!({
        "database": {"url": format!("sqlite://{}", dir.path().join("proxied.db").display())},
        "redis": {"url": null, "ca_file": null},
        "auth": {"jwt_secret": renfort::config::DEV_JWT_SECRET, "dev_mailbox": false},
    }))
    .await;
    let admin = app.quick_volunteers(1, &years_ago(40)).await.remove(0);
    exec(
        &app,
        "UPDATE accounts SET is_admin = TRUE WHERE id = $1",
        &admin.account_id,
    )
    .await;
    let forged = forged_admin_token(renfort::config::DEV_JWT_SECRET, &admin.account_id);
    let refused = admin_lookup(&app, &forged).await;
    assert_eq!(problem(refused, 401).await["code"], "invalid_token");
}

/// The cells of one CSV line split on `separator`, quotes honoured, as a
/// spreadsheet reads them.
fn cells(line: &str, separator: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// A volunteer's text that starts with a separator, then a formula: a
/// spreadsheet splitting on `;` would run it. Whichever separator reads
/// the export, no cell starts with a formula character.
#[tokio::test]
async fn a_formula_behind_a_separator_never_reaches_a_spreadsheet() {
    let app = spawn_with(json!({})).await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("tricky").await;
    let payload = ";=SUM(1+1)*cmd|' /C calc'!A0";
    assert_eq!(
        app.apply(&volunteer, &mission, Some(payload))
            .await
            .status(),
        201
    );
    let r = app
        .send(
            reqwest::Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let rows: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 2);
    for separator in [',', ';'] {
        for cell in rows.iter().flat_map(|row| cells(row, separator)) {
            assert!(
                !cell.trim_start().starts_with(['=', '+', '-', '@']),
                "`{cell}` runs as a formula when split on `{separator}`"
            );
        }
    }
    assert!(text.contains("';=SUM"), "the text is kept, neutralised");
}

/// A NUL in a path segment or a query value is refused as one in a body:
/// 400 `nul_character` naming where, never a 500 from the database.
#[tokio::test]
async fn a_nul_in_a_path_segment_or_a_query_value_is_a_400_naming_it() {
    let app = spawn_with(json!({})).await;
    for (path, place) in [
        ("/v1/attestations/ABCD%00EFGH", "path"),
        ("/v1/calendar-feeds/x%00y", "path"),
        ("/v1/dev/mailbox?to=%00", "to"),
        ("/v1/missions?department=69&q=a%00b", "q"),
    ] {
        let p = problem(app.get(path).await, 400).await;
        assert_eq!(p["code"], "nul_character", "{path}");
        assert!(p["detail"].as_str().unwrap().contains(place), "{path}: {p}");
    }
}

/// An export too large to stream comes as an emailed link. Once the email
/// is sent, nothing the outbox keeps opens the file: the link's token
/// travels only in the email, which is scrubbed like the other links.
#[tokio::test]
async fn an_export_link_s_token_does_not_stay_in_the_outbox() {
    let app = spawn_with(json!({
        // Secrets are scrubbed unless the development mailbox shows them.
        "auth": {"dev_mailbox": false},
        "partner": {"export_stream_rows": 0},
    }))
    .await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(5).await;
    let volunteer = app.quick_volunteers(1, &years_ago(30)).await.remove(0);
    assert_eq!(app.apply(&volunteer, &mission, None).await.status(), 201);
    let r = app
        .send(
            reqwest::Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 202);
    let payloads = || async {
        let mut conn = app.db.acquire().await.unwrap();
        let rows: Vec<(String, sqlx::types::Json<serde_json::Value>)> =
            renfort::on_conn!(&mut conn, c => sqlx::query_as(
            "SELECT state, payload FROM outbox_jobs WHERE kind IN ('export', 'email')",
        )
        .fetch_all(c)
        .await)
            .unwrap();
        rows
    };
    crate::common::eventually("the export's email sent", || async {
        payloads()
            .await
            .iter()
            .any(|(state, p)| state == "done" && p.0["template"] == "export_ready")
    })
    .await;
    for (_, payload) in payloads().await {
        let text = payload.0.to_string();
        assert!(
            !text.contains("token"),
            "a secret is kept in the outbox: {text}"
        );
    }
}

/// Every way of writing an internal address that the URL library reads as
/// one: registering it is refused, naming `url`.
const INTERNAL_HOSTS: &[&str] = &[
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "127.1",
    "127.0.0.1.",
    "2852039166",
    "0xa9fea9fe",
    "localhost.",
    "api.localhost",
    "[fec0::1]",
    "[::127.0.0.1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[2002:7f00:1::]",
];

#[tokio::test]
async fn a_webhook_cannot_reach_inside_the_network_by_writing_an_address_another_way() {
    let app = spawn_with(json!({"partner": {
        "webhook_allow_loopback": false,
        "webhook_retry_secs": [],
        "webhook_disable_after": 100,
    }}))
    .await;
    let (owner, referent, org, key) = crate::partners::partner_org(&app).await;
    for host in INTERNAL_HOSTS {
        let url = format!("https://{host}/hook");
        let r = crate::partners::partner(
            &app,
            &key,
            reqwest::Method::POST,
            "/v1/partner/webhooks",
            Some(json!({"url": url, "events": ["mission.published"]})),
        )
        .await;
        let p = problem(r, 422).await;
        assert_eq!(p["errors"][0]["field"], "url", "{url}");
    }

    // Endpoints already stored under those forms (registered before this
    // guard): at send time too, nothing reaches the listener on loopback.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = connections.clone();
    let accepting = tokio::spawn(async move {
        while listener.accept().await.is_ok() {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let org_id: uuid::Uuid = org.parse().unwrap();
    let mut endpoints = Vec::new();
    for host in [
        "2130706433",
        "0x7f000001",
        "127.1",
        "127.0.0.1.",
        "[::ffff:7f00:1]",
    ] {
        let id = uuid::Uuid::now_v7();
        let url = format!("https://{host}:{port}/hook");
        let mut conn = app.db.acquire().await.unwrap();
        renfort::store::webhooks::insert_endpoint(
            conn.h(),
            renfort::store::webhooks::NewEndpoint {
                id,
                organization_id: org_id,
                url: &url,
                events: &[renfort::webhooks::EventType::MissionPublished],
                secret: &renfort::webhooks::new_secret(),
                at: app.now(),
            },
        )
        .await
        .unwrap();
        endpoints.push(id.to_string());
    }
    crate::partners::published_by_partner(&app, &key, &referent, "ssrf-1", "Mission piège").await;
    for endpoint in &endpoints {
        crate::common::eventually("the attempt failed", || async {
            crate::partners::deliveries(&app, &key, endpoint)
                .await
                .first()
                .is_some_and(|d| d["state"] == "failed")
        })
        .await;
        let d = crate::partners::deliveries(&app, &key, endpoint).await;
        let error = d[0]["last_error"].as_str().unwrap();
        assert!(error.starts_with("destination refused"), "{error}");
        assert!(
            !error.contains(&port.to_string()),
            "no port echoed: {error}"
        );
    }
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "nothing connected to the listener on loopback"
    );
    accepting.abort();
    let _ = owner;
}

/// The deliveries list says what kind of failure, never the error chain
/// that would map the network (refused ports, resolver answers).
#[tokio::test]
async fn a_failed_delivery_says_connection_failed_and_nothing_more() {
    let mut settings = crate::partners::partner_settings();
    settings["partner"]["webhook_retry_secs"] = json!([]);
    let app = spawn_with(settings).await;
    let (_owner, referent, _org, key) = crate::partners::partner_org(&app).await;
    // A port on loopback where nothing listens.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let r = crate::partners::partner(
        &app,
        &key,
        reqwest::Method::POST,
        "/v1/partner/webhooks",
        Some(json!({"url": format!("http://127.0.0.1:{closed}/hook"), "events": ["mission.published"]})),
    )
    .await;
    assert_eq!(r.status(), 201);
    let endpoint = r.json::<serde_json::Value>().await.unwrap()["endpoint"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    crate::partners::published_by_partner(&app, &key, &referent, "scan-1", "Mission scan").await;
    crate::common::eventually("the attempt failed", || async {
        crate::partners::deliveries(&app, &key, &endpoint)
            .await
            .first()
            .is_some_and(|d| d["state"] == "failed")
    })
    .await;
    let d = crate::partners::deliveries(&app, &key, &endpoint).await;
    assert_eq!(d[0]["last_error"], "connection failed");
}

async fn new_feed(app: &TestApp, who: &crate::common::Session) -> String {
    let r = app
        .send(reqwest::Method::POST, "/v1/me/calendar-feed", who, None)
        .await;
    assert_eq!(r.status(), 201);
    r.json::<serde_json::Value>().await.unwrap()["path"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Someone who once saw the calendar feed's secret URL keeps it after the
/// volunteer changed or reset a password "to lock everyone out": the feed
/// ends with the sessions, and the volunteer makes a new one.
#[tokio::test]
async fn the_calendar_feed_ends_with_a_password_change_or_reset() {
    let app = spawn_with(json!({})).await;
    let v = app.volunteer("locked-out").await;
    let leaked = new_feed(&app, &v).await;
    assert_eq!(app.get(&leaked).await.status(), 200);
    let changed = app
        .authed(reqwest::Method::POST, "/v1/me/password", &v.access)
        .await
        .json(&json!({"current_password": crate::common::PASSWORD, "new_password": "une nouvelle phrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    problem(app.get(&leaked).await, 404).await;

    // After a reset too, from a new sign-in.
    let signed_in: serde_json::Value = app
        .login(&v.email, "une nouvelle phrase")
        .await
        .json()
        .await
        .unwrap();
    let v = crate::common::Session {
        access: signed_in["access_token"].as_str().unwrap().to_owned(),
        ..v
    };
    let again = new_feed(&app, &v).await;
    assert_eq!(app.get(&again).await.status(), 200);
    assert_eq!(
        app.post_json("/v1/auth/password/forgot", &json!({"email": v.email}))
            .await
            .status(),
        202
    );
    let token = app.token_from_email(&v.email, "password_reset").await;
    let reset = app
        .post_json(
            "/v1/auth/password/reset",
            &json!({"token": token, "password": "une autre phrase secrete"}),
        )
        .await;
    assert_eq!(reset.status(), 204);
    problem(app.get(&again).await, 404).await;
}

/// A volunteer's name with a line break wrote lines of its own into the
/// emails sent about them. Single-line texts refuse control characters
/// (422 naming the field); descriptions keep their line breaks.
#[tokio::test]
async fn single_line_texts_refuse_line_breaks_and_control_characters() {
    let app = spawn_with(json!({})).await;
    for name in [
        "Léa\nBcc: everyone@example.org",
        "Léa\rMartin",
        "Léa\tMartin",
        "Léa\u{2028}Martin",
    ] {
        let mut body = signup_body(&unique_email("crlf"));
        body["first_name"] = json!(name);
        let r = app.post_json("/v1/auth/signup", &body).await;
        let p = problem(r, 422).await;
        assert_eq!(p["errors"][0]["field"], "first_name", "{name:?}");
        assert_eq!(p["errors"][0]["code"], "invalid_characters", "{name:?}");
    }
    let owner = app.volunteer("owner").await;
    let mut organization = crate::common::organization_body("69003");
    organization["name"] = json!("Banque\nalimentaire");
    let r = app
        .send(
            reqwest::Method::POST,
            "/v1/organizations",
            &owner,
            Some(organization),
        )
        .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "name");

    let org = app.organization(&owner, "69003").await;
    let mut mission = crate::common::mission_body("69002");
    mission["title"] = json!("Distribution\r\nde repas");
    mission["addresses"][0]["city"] = json!("Lyon\t2e");
    let r = app
        .send(
            reqwest::Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(mission),
        )
        .await;
    let p = problem(r, 422).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "addresses[0].city"]);

    // A description keeps its paragraphs.
    let mut mission = crate::common::mission_body("69002");
    mission["description"] = json!(
        "Aider à préparer des repas chauds.\n\nLe mercredi soir, avec une équipe accueillante."
    );
    let r = app
        .send(
            reqwest::Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(mission),
        )
        .await;
    assert_eq!(r.status(), 201);
}

async fn join_network(
    app: &TestApp,
    who: &crate::common::Session,
    branch: &str,
    head: &str,
) -> u16 {
    app.send(
        reqwest::Method::PUT,
        &format!("/v1/organizations/{branch}/network"),
        who,
        Some(json!({"head_id": head})),
    )
    .await
    .status()
    .as_u16()
}

async fn accept_branch(
    app: &TestApp,
    who: &crate::common::Session,
    head: &str,
    branch: &str,
) -> u16 {
    app.send(
        reqwest::Method::POST,
        &format!("/v1/organizations/{head}/branches/{branch}/acceptance"),
        who,
        None,
    )
    .await
    .status()
    .as_u16()
}

/// Anyone asking to join an organisation's "network" made it a head, and
/// a head cannot join a network: an unsolicited request locked the victim
/// out of its federation. Only an accepted link makes a head.
#[tokio::test]
async fn an_unsolicited_join_request_does_not_make_its_target_a_head() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let attacker = app.volunteer("attacker").await;
    let attacker_org = app.approved_organization(&attacker, "13001").await;
    let victim = app.volunteer("victim").await;
    let victim_org = app.approved_organization(&victim, "69003").await;
    let federation = app.volunteer("federation").await;
    let federation_org = app.approved_organization(&federation, "75001").await;

    assert_eq!(
        join_network(&app, &attacker, &attacker_org, &victim_org).await,
        200
    );
    // The victim still joins its federation, which accepts it.
    assert_eq!(
        join_network(&app, &victim, &victim_org, &federation_org).await,
        200
    );
    assert_eq!(
        accept_branch(&app, &federation, &federation_org, &victim_org).await,
        204
    );
    // A branch heads nothing: the pending request cannot be accepted now.
    assert_eq!(
        accept_branch(&app, &victim, &victim_org, &attacker_org).await,
        409
    );
}

/// With the fail-open policy, anything the vendor answered that could not
/// be read let the signup through: a changed answer, an HTML error page, a
/// refusal of our key. Only no answer or a 5xx may fail open; the rest is
/// refused, counted and logged.
#[tokio::test]
async fn an_unreadable_captcha_answer_never_lets_a_signup_through() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    for (token, answer) in [
        (
            "html",
            ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"),
        ),
        (
            "changed",
            ResponseTemplate::new(200).set_body_json(json!({"ok": "yes"})),
        ),
        (
            "our-key",
            ResponseTemplate::new(401).set_body_json(json!({
                "success": false, "error": {"error_code": "auth_invalid", "detail": "bad key"},
            })),
        ),
        (
            "no-verdict",
            ResponseTemplate::new(200).set_body_json(json!({"success": false})),
        ),
        (
            "gateway",
            ResponseTemplate::new(502).set_body_string("bad gateway"),
        ),
    ] {
        Mock::given(method("POST"))
            .and(path("/api/v2/captcha/siteverify"))
            .and(wiremock::matchers::body_partial_json(
                json!({"response": token}),
            ))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    let app = spawn_with(json!({"challenge": {
        "policy": "always",
        "kind": "friendly_captcha",
        "on_vendor_failure": "open",
        "friendly_captcha": {
            "site_key": "FCMTEST-SITE-KEY",
            "api_key": "test-api-key",
            "verify_url": format!("{}/api/v2/captcha/siteverify", server.uri()),
            "timeout_ms": 1000,
        },
    }}))
    .await;
    let signup = |token: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/v1/auth/signup"))
                .header("renfort-challenge", token)
                .json(&signup_body(&unique_email("captcha")))
                .send()
                .await
                .unwrap()
        }
    };
    for token in ["html", "changed", "our-key", "no-verdict"] {
        let p = problem(signup(token).await, 503).await;
        assert_eq!(p["code"], "challenge_unavailable", "{token}");
    }
    // The vendor down: the policy lets it through, as configured.
    assert_eq!(signup("gateway").await.status(), 202);
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"renfort_signup_challenges_total{outcome="vendor_unreadable"} 4"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"renfort_signup_challenges_total{outcome="vendor_failed_open"} 1"#));
}

/// The `Admin` extractor re-read the account, but moderation lists, the
/// departments' export, statistics and reported threads believed the
/// token's claim: a demoted admin's token (or a leaked one) still read
/// every department. Every privileged path now goes by the account.
#[tokio::test]
async fn a_demoted_admin_s_token_opens_no_privileged_path() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let admin = app.admin().await;
    let paths = [
        "/v1/moderation/organizations",
        "/v1/moderation/missions",
        "/v1/moderation/exports/missions",
        "/v1/moderation/message-reports",
        "/v1/moderation/statistics",
    ];
    for path in paths {
        let r = app.send(reqwest::Method::GET, path, &admin, None).await;
        assert_eq!(r.status(), 200, "an admin reads {path}");
    }
    // Demoted, without the revocation a role change sends (a token
    // leaked, or issued before): the claim still says admin.
    exec(
        &app,
        "UPDATE accounts SET is_admin = FALSE WHERE id = $1",
        &admin.account_id,
    )
    .await;
    for path in paths {
        let r = app.send(reqwest::Method::GET, path, &admin, None).await;
        assert_eq!(r.status(), 403, "{path}");
    }
}

/// Flagged by an admin, an organisation kept reading volunteers' names,
/// emails and phones through its key's feed, registered webhooks, and its
/// members still exported and listed applications. Now everything that
/// carries volunteers' data answers 403 `organization_not_approved`, its
/// webhooks wait, and all of it resumes when it is approved again.
#[tokio::test]
async fn a_flagged_organisation_reaches_no_volunteer_data_until_approved_again() {
    use reqwest::Method;
    let app = spawn_with(crate::partners::partner_settings()).await;
    let (owner, referent, org, key) = crate::partners::partner_org(&app).await;
    let mission = crate::partners::published_by_partner(
        &app,
        &key,
        &referent,
        "flag-1",
        "Mission à surveiller",
    )
    .await;
    let server = crate::partners::receiver(vec![204]).await;
    let (endpoint, _) = crate::partners::hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["participation.cancelled"],
    )
    .await;
    let volunteer = app.quick_volunteers(1, &years_ago(30)).await.remove(0);
    let applied = app.apply(&volunteer, &mission, None).await;
    assert_eq!(applied.status(), 201);
    let admin = app.admin().await;
    let flagged = app
        .transition(
            &admin,
            &format!("/v1/organizations/{org}/transitions"),
            "flagged",
            Some("Signalements"),
        )
        .await;
    assert_eq!(flagged.status(), 200);

    // Every way in to volunteers' data is closed.
    let refused = |r: reqwest::Response| async move {
        assert_eq!(problem(r, 403).await["code"], "organization_not_approved");
    };
    refused(
        crate::partners::partner(
            &app,
            &key,
            Method::GET,
            "/v1/partner/feed/participations",
            None,
        )
        .await,
    )
    .await;
    refused(
        crate::partners::partner(
            &app,
            &key,
            Method::POST,
            "/v1/partner/webhooks",
            Some(json!({"url": format!("{}/other", server.uri()), "events": ["participation.created"]})),
        )
        .await,
    )
    .await;
    for path in [
        format!("/v1/organizations/{org}/exports/participations"),
        format!("/v1/missions/{mission}/participations"),
        format!("/v1/organizations/{org}/members"),
    ] {
        refused(app.send(Method::GET, &path, &owner, None).await).await;
    }
    // The admin who flagged it still sees its members.
    let seen = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/members"),
            &admin,
            None,
        )
        .await;
    assert_eq!(seen.status(), 200);

    // Flagging cancelled the open applications: that event is kept, not
    // sent, while the organisation is flagged.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(server.received_requests().await.unwrap().is_empty());

    // Approved again: the key works and the kept delivery goes out.
    let approved = app
        .transition(
            &admin,
            &format!("/v1/organizations/{org}/transitions"),
            "approved",
            None,
        )
        .await;
    assert_eq!(approved.status(), 200);
    assert_eq!(
        crate::partners::partner(
            &app,
            &key,
            Method::GET,
            "/v1/partner/feed/participations",
            None
        )
        .await
        .status(),
        200
    );
    app.travel(chrono::Duration::minutes(6));
    crate::common::eventually("the kept delivery sent", || async {
        !server.received_requests().await.unwrap().is_empty()
    })
    .await;
    let d = crate::partners::deliveries(&app, &key, &endpoint).await;
    assert_eq!(d[0]["state"], "delivered", "{d:?}");
}

/// Proof-of-work challenges could be banked: asked for without limit and
/// solved ahead on one machine, then spent from many during the night.
/// Now they are handed out at a limited rate per address, and a solution
/// is good only from the address its challenge was given to.
#[tokio::test]
async fn proof_of_work_challenges_cannot_be_banked_or_spent_elsewhere() {
    let app = spawn_with(json!({
        "http": {"trusted_proxies": ["127.0.0.1"]},
        "challenge": {"policy": "always", "kind": "proof_of_work", "proof_of_work": {"difficulty": 8, "ttl_secs": 300}},
        "limits": {"challenge_per_ip": {"limit": 3, "period_secs": 600}},
    }))
    .await;
    let from = |address: &'static str| {
        let app = &app;
        async move {
            app.client
                .get(app.url("/v1/challenge"))
                .header("x-forwarded-for", address)
                .send()
                .await
                .unwrap()
        }
    };
    let mut issued = Vec::new();
    for _ in 0..3 {
        let r = from("198.51.100.20").await;
        assert_eq!(r.status(), 200);
        issued.push(r.json::<serde_json::Value>().await.unwrap());
    }
    problem(from("198.51.100.20").await, 429).await;
    assert_eq!(
        from("198.51.100.21").await.status(),
        200,
        "another address is counted apart"
    );

    let signup_from = |address: &'static str, solution: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/v1/auth/signup"))
                .header("x-forwarded-for", address)
                .header("renfort-challenge", solution)
                .json(&signup_body(&unique_email("banked")))
                .send()
                .await
                .unwrap()
        }
    };
    let solved = renfort::challenge::pow::solve(issued[0]["challenge"].as_str().unwrap(), 8);
    let elsewhere = signup_from("203.0.113.99", solved.clone()).await;
    assert_eq!(problem(elsewhere, 400).await["code"], "challenge_failed");
    assert_eq!(signup_from("198.51.100.20", solved).await.status(), 202);
}

/// An organisation attested 2,000 hours for a mission of a few hours a
/// week, and the attestation verified publicly. Hours are bounded by what
/// the mission asked over its dates, with a documented margin.
#[tokio::test]
async fn attested_hours_are_bounded_by_what_the_mission_asked() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    // Three hours a week, from a month from now for five months.
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("lea").await;
    let participation = app.accepted(&owner, &volunteer, &mission).await;
    // The mission is over.
    app.travel(chrono::Duration::days(200));
    let owner = app.renewed(&owner);
    let attend = |hours: f64| {
        let app = &app;
        let owner = owner.clone();
        let path = format!("/v1/participations/{participation}/attendance");
        async move {
            app.send(
                reqwest::Method::POST,
                &path,
                &owner,
                Some(json!({"present": true, "hours": hours})),
            )
            .await
        }
    };
    let p = problem(attend(2000.0).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "hours");
    assert_eq!(p["errors"][0]["code"], "too_many");
    // 121 days, 18 weeks at 3 hours: 54 asked, 83 at most.
    problem(attend(83.25).await, 422).await;
    assert_eq!(attend(83.0).await.status(), 204);
}

/// A volunteer joins the line of a full mission while the one person in
/// it cancels. Whatever the order, the place never stays free with
/// someone waiting: the joiner is promoted, or told to apply instead.
#[tokio::test]
async fn joining_a_line_while_a_place_frees_never_leaves_the_place_free() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let rounds = 12;
    let mut cases = Vec::new();
    for _ in 0..rounds {
        let (owner, _referent, _admin, _org, mission) = app.published_mission(1).await;
        let holder = app.quick_volunteers(1, &years_ago(30)).await.remove(0);
        let participation = app.accepted(&owner, &holder, &mission).await;
        let joiner = app.quick_volunteers(1, &years_ago(30)).await.remove(0);
        cases.push((mission, holder, participation, joiner));
    }
    let races = cases
        .iter()
        .map(|(mission, holder, participation, joiner)| {
            let app = &app;
            let cancel_path = format!("/v1/participations/{participation}/transitions");
            let join_path = format!("/v1/missions/{mission}/waiting-list");
            async move {
                let cancel =
                    app.transition(holder, &cancel_path, "cancelled", Some("Un empêchement"));
                let join = app.send(reqwest::Method::POST, &join_path, joiner, Some(json!({})));
                let (cancelled, joined) = tokio::join!(cancel, join);
                assert_eq!(
                    cancelled.status(),
                    200,
                    "{}",
                    cancelled.text().await.unwrap()
                );
                let status = joined.status().as_u16();
                assert!(
                    [201, 204, 409].contains(&status),
                    "{status}: {}",
                    joined.text().await.unwrap()
                );
            }
        });
    futures_util::future::join_all(races).await;
    for (mission, ..) in &cases {
        let id: uuid::Uuid = mission.parse().unwrap();
        let mut conn = app.db.acquire().await.unwrap();
        let (free, waiting): (i64, i64) = renfort::on_conn!(&mut conn, c => sqlx::query_as(
            "SELECT (SELECT CAST(capacity - places_taken AS BIGINT) FROM missions WHERE id = $1),
                    (SELECT COUNT(*) FROM waiting_list WHERE mission_id = $1)",
        )
        .bind(id)
        .fetch_one(c)
        .await)
        .unwrap();
        assert!(
            !(free > 0 && waiting > 0),
            "a place is free ({free}) while {waiting} wait in line"
        );
    }
}

async fn write_message(
    app: &TestApp,
    who: &crate::common::Session,
    participation: &str,
    body: &str,
) -> reqwest::Response {
    app.send(
        reqwest::Method::POST,
        &format!("/v1/participations/{participation}/messages"),
        who,
        Some(json!({"body": body})),
    )
    .await
}

/// Declined, a volunteer kept receiving the organisation's messages (and
/// could keep writing to it); withdrawn, the same the other way. The
/// thread closes with its application, and stays readable.
#[tokio::test]
async fn a_declined_or_withdrawn_application_s_conversation_is_closed_both_ways() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    for (to, by_owner) in [("declined", true), ("cancelled", false)] {
        let volunteer = app.volunteer(to).await;
        let r = app.apply(&volunteer, &mission, Some("Motivée")).await;
        let participation = r.json::<serde_json::Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            write_message(&app, &owner, &participation, "Bonjour !")
                .await
                .status(),
            201
        );
        let who = if by_owner { &owner } else { &volunteer };
        let moved = app
            .send(
                reqwest::Method::POST,
                &format!("/v1/participations/{participation}/transitions"),
                who,
                Some(json!({"to": to, "reason_code": "other", "reason": "Plus de place"})),
            )
            .await;
        assert_eq!(moved.status(), 200, "{to}");
        for writer in [&owner, &volunteer] {
            let p = problem(
                write_message(&app, writer, &participation, "Encore là ?").await,
                409,
            )
            .await;
            assert_eq!(p["code"], "participation_closed", "{to}");
        }
        let r = app
            .send(
                reqwest::Method::GET,
                &format!("/v1/participations/{participation}/messages"),
                &volunteer,
                None,
            )
            .await;
        assert_eq!(r.status(), 200, "still readable");
    }
}

/// A NUL in every path parameter and every query parameter of every
/// operation the document lists, anonymous and signed in: each is a 400
/// `nul_character`, never a 500 (a NUL reached PostgreSQL as one before).
#[tokio::test]
async fn a_nul_sweep_over_every_operation_finds_no_500() {
    let app = spawn_with(json!({})).await;
    let volunteer = app.volunteer("sweeper").await;
    let document: serde_json::Value = app.get("/openapi.json").await.json().await.unwrap();
    let mut tried = 0;
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<reqwest::Method>() else {
                continue;
            };
            let params = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let in_path = params.iter().any(|p| p["in"] == "path");
            let mut targets = Vec::new();
            if in_path {
                let mut target = path.clone();
                for p in params.iter().filter(|p| p["in"] == "path") {
                    let name = p["name"].as_str().unwrap();
                    target = target.replace(&format!("{{{name}}}"), "x%00y");
                }
                targets.push(target);
            }
            let concrete =
                params
                    .iter()
                    .filter(|p| p["in"] == "path")
                    .fold(path.clone(), |t, p| {
                        t.replace(
                            &format!("{{{}}}", p["name"].as_str().unwrap()),
                            "0190b5e2-7c3a-7d4e-8f00-123456789abc",
                        )
                    });
            for p in params.iter().filter(|p| p["in"] == "query") {
                targets.push(format!("{concrete}?{}=%00", p["name"].as_str().unwrap()));
            }
            for target in targets {
                for signed_in in [false, true] {
                    let mut request = app.client.request(method.clone(), app.url(&target));
                    if signed_in {
                        request = request.bearer_auth(&volunteer.access);
                    }
                    let r = request.send().await.unwrap();
                    assert_eq!(
                        r.status(),
                        400,
                        "{method} {target} (signed in: {signed_in})"
                    );
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 100, "the sweep covered {tried} requests");
}

/// An organisation registered endpoints that answer after 9 seconds: each
/// event then held the worker's batch, and a password reset email waited
/// behind them. Deliveries now run in a lane of their own, one at a time
/// per endpoint, at most ten endpoints an organisation.
#[tokio::test]
async fn slow_webhook_receivers_do_not_hold_back_a_password_reset() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let app = spawn_with(crate::partners::partner_settings()).await;
    let (owner, referent, _org, key) = crate::partners::partner_org(&app).await;
    let slow = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(9)))
        .mount(&slow)
        .await;
    let mut endpoints = Vec::new();
    for i in 0..10 {
        let (id, _) = crate::partners::hook(
            &app,
            &key,
            &format!("{}/hook/{i}", slow.uri()),
            &["mission.published"],
        )
        .await;
        endpoints.push(id);
    }
    let eleventh = crate::partners::partner(
        &app,
        &key,
        reqwest::Method::POST,
        "/v1/partner/webhooks",
        Some(json!({"url": format!("{}/hook/10", slow.uri()), "events": ["mission.published"]})),
    )
    .await;
    let p = problem(eleventh, 422).await;
    assert_eq!(p["errors"][0]["code"], "too_many");

    crate::partners::published_by_partner(&app, &key, &referent, "slow-1", "Mission à la une")
        .await;
    assert_eq!(
        app.post_json("/v1/auth/password/forgot", &json!({"email": owner.email}))
            .await
            .status(),
        202
    );
    let reset_sent = || async {
        let mut conn = app.db.acquire().await.unwrap();
        let states: Vec<(String, sqlx::types::Json<serde_json::Value>)> =
            renfort::on_conn!(&mut conn, c => sqlx::query_as(
            "SELECT state, payload FROM outbox_jobs WHERE kind = 'email'",
        )
        .fetch_all(c)
        .await)
            .unwrap();
        states
            .iter()
            .any(|(state, p)| state == "done" && p.0["template"] == "password_reset")
    };
    crate::common::eventually("the reset email sent", reset_sent).await;
    // Sent while every receiver is still answering.
    for endpoint in &endpoints {
        let d = crate::partners::deliveries(&app, &key, endpoint).await;
        assert_eq!(d.len(), 1, "one delivery per endpoint");
        assert!(
            d.iter().all(|d| d["state"] == "pending"),
            "a delivery finished before the reset email went: {d:?}"
        );
    }
}

/// Anyone registered a draft under a real association's RNA number: the
/// association was then refused ("ask its owners to invite you") and the
/// public look-up showed the squatter's name. A number is held only by an
/// approved organisation; the referent sees both applicants and decides;
/// drafts expire.
#[tokio::test]
async fn a_draft_cannot_squat_a_real_association_s_number() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let admin = app.admin().await;
    let referent = app.referent(&admin, &["69"]).await;
    let real_body = crate::common::organization_body("69003");
    let rna = real_body["rna"].as_str().unwrap().to_owned();

    let squatter = app.volunteer("squatter").await;
    let mut squat = crate::common::organization_body("69003");
    squat["rna"] = json!(rna);
    squat["name"] = json!("Banque alimentaire (officielle)");
    let r = app
        .send(
            reqwest::Method::POST,
            "/v1/organizations",
            &squatter,
            Some(squat),
        )
        .await;
    assert_eq!(r.status(), 201);
    let squatted = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lookup_path = format!("/v1/organizations/lookup?rna={rna}");
    let lookup = || async {
        app.get(&lookup_path)
            .await
            .json::<serde_json::Value>()
            .await
            .unwrap()
    };
    assert_eq!(
        lookup().await,
        json!({"exists": false}),
        "a draft shows nowhere"
    );

    // The real association registers all the same.
    let real_owner = app.volunteer("real").await;
    let r = app
        .send(
            reqwest::Method::POST,
            "/v1/organizations",
            &real_owner,
            Some(real_body),
        )
        .await;
    assert_eq!(r.status(), 201);
    let real = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (owner, id) in [(&squatter, &squatted), (&real_owner, &real)] {
        let r = app
            .transition(
                owner,
                &format!("/v1/organizations/{id}/transitions"),
                "pending_review",
                None,
            )
            .await;
        assert_eq!(r.status(), 200);
    }
    // Both wait for the referent, who approves the real one.
    let queue: serde_json::Value = app
        .send(
            reqwest::Method::GET,
            "/v1/moderation/organizations",
            &referent,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let queued: Vec<&str> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert!(queued.contains(&squatted.as_str()) && queued.contains(&real.as_str()));
    let r = app
        .transition(
            &referent,
            &format!("/v1/organizations/{real}/transitions"),
            "approved",
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let p = problem(
        app.transition(
            &referent,
            &format!("/v1/organizations/{squatted}/transitions"),
            "approved",
            None,
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "organization_exists");
    assert_eq!(p["existing_organization"]["id"], real.as_str());
    assert_eq!(lookup().await["organization"]["id"], real.as_str());

    // A draft left alone expires.
    let idle = app.volunteer("idle").await;
    let abandoned = app.organization(&idle, "13001").await;
    app.travel(chrono::Duration::days(91));
    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    let swept = renfort::services::retention::sweep(&app.db, None, &settings, app.now())
        .await
        .unwrap();
    assert_eq!(swept.drafts_expired, 1);
    let idle = app.renewed(&idle);
    let gone: serde_json::Value = app
        .send(
            reqwest::Method::GET,
            &format!("/v1/organizations/{abandoned}"),
            &idle,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(gone["state"], "deregistered");
}

/// The age gate read a birth date the person could change at will, before
/// and after applying. Once someone has applied, the birth date changes
/// only through a recorded correction, and the organisation sees the age
/// band the application was judged on.
#[tokio::test]
async fn a_birth_date_that_judged_an_application_changes_only_by_a_recorded_correction() {
    use reqwest::Method;
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("lea").await;
    // Before applying, the profile is the person's to edit.
    let r = app
        .send(
            Method::PATCH,
            "/v1/me",
            &volunteer,
            Some(json!({"birth_date": years_ago(31)})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = app.apply(&volunteer, &mission, Some("Motivée")).await;
    assert_eq!(r.status(), 201);

    let p = problem(
        app.send(
            Method::PATCH,
            "/v1/me",
            &volunteer,
            Some(json!({"birth_date": years_ago(17)})),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "birth_date_locked");
    // Other fields still change.
    let r = app
        .send(
            Method::PATCH,
            "/v1/me",
            &volunteer,
            Some(json!({"first_name": "Léonie"})),
        )
        .await;
    assert_eq!(r.status(), 200);

    let p = problem(
        app.send(
            Method::POST,
            "/v1/me/birth-date-correction",
            &volunteer,
            Some(json!({"birth_date": years_ago(17), "reason": ""})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "reason");
    let r = app
        .send(
            Method::POST,
            "/v1/me/birth-date-correction",
            &volunteer,
            Some(
                json!({"birth_date": years_ago(17), "reason": "Erreur de saisie à l'inscription"}),
            ),
        )
        .await;
    assert_eq!(r.status(), 200);
    let me: serde_json::Value = r.json().await.unwrap();
    assert_eq!(me["profile"]["birth_date"], years_ago(17));

    let id: uuid::Uuid = volunteer.account_id.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    let recorded: Vec<String> = renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
        "SELECT action FROM audit_events WHERE actor_id = $1",
    )
    .bind(id)
    .fetch_all(c)
    .await)
    .unwrap();
    drop(conn);
    assert_eq!(recorded, ["account.birth_date_corrected"]);

    // The organisation sees the band the application was judged on.
    let listed: serde_json::Value = app
        .send(
            Method::GET,
            &format!("/v1/missions/{mission}/participations"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["age_band"], "18_or_over");
}
