//! Staff exports: CSV for members and referents, links for large ones.

use super::*;

#[tokio::test]
async fn members_export_participations_as_csv_and_referents_their_departments_missions() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let mission =
        published_by_partner(&app, &key, &referent, "x-1", "Mission, avec \"guillemets\"").await;
    let volunteers = app.quick_volunteers(2, &crate::common::years_ago(36)).await;
    for v in &volunteers {
        assert_eq!(
            app.apply(v, &mission, Some("=HYPERLINK(\"http://evil\")"))
                .await
                .status(),
            201
        );
    }
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("participations.csv"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "a byte-order mark for spreadsheets"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with(
        "participation_id,mission_id,mission_client_id,mission_title,state,first_name"
    ));
    assert!(
        lines[1].contains("\"Mission, avec \"\"guillemets\"\"\""),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(&volunteers[0].email) || lines[2].contains(&volunteers[0].email));
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "no formula: {}",
        lines[1]
    );
    // French spreadsheets read `;`: on request, and by default for a
    // reader who prefers French. Read back by an independent CSV reader.
    for (query, language) in [
        ("?delimiter=semicolon", "en-GB"),
        ("", "fr-FR,fr;q=0.9,en;q=0.5"),
    ] {
        let r = app
            .client
            .get(app.url(&format!(
                "/v1/organizations/{org}/exports/participations{query}"
            )))
            .bearer_auth(&owner.access)
            .header("accept-language", language)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let bytes = r.bytes().await.unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        let header = reader.headers().unwrap().clone();
        assert_eq!(header.len(), 14, "columns, not one: {header:?}");
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            &rows[0][column("mission_title")],
            "Mission, avec \"guillemets\""
        );
        assert_eq!(
            &rows[0][column("motivation")],
            "'=HYPERLINK(\"http://evil\")",
            "no formula with `;` either"
        );
    }
    let refused = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations?delimiter=tab"),
            &owner,
            None,
        )
        .await;
    let refused = problem(refused, 400).await;
    assert!(
        refused["detail"].as_str().unwrap().contains("delimiter"),
        "{refused}"
    );
    // A volunteer of the mission is not a member.
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &volunteers[0],
            None,
        )
        .await;
    assert_eq!(r.status(), 404);

    // The referent of 69 exports 69's missions; not 75's; others are refused.
    let other_owner = app.volunteer("paris").await;
    let paris = app.approved_organization(&other_owner, "75011").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{paris}/missions"),
            &other_owner,
            Some(mission_body("75011")),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = app
        .send(
            Method::GET,
            "/v1/moderation/exports/missions",
            &referent,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert_eq!(
        text.matches("\r\n").count(),
        2,
        "header and 69's mission: {text}"
    );
    assert!(text.contains(&mission));
    let r = app
        .send(
            Method::GET,
            "/v1/moderation/exports/missions?department=75",
            &referent,
            None,
        )
        .await;
    assert_eq!(problem(r, 403).await["code"], "moderators_only");
    let r = app
        .send(Method::GET, "/v1/moderation/exports/missions", &owner, None)
        .await;
    assert_eq!(problem(r, 403).await["code"], "moderators_only");

    // Each export is in the history: who, when, what.
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
    let export = &audit["items"][0];
    assert_eq!(export["action"], "export.participations");
    assert_eq!(export["actor_role"], "owner");
    assert_eq!(export["detail"]["rows"], 2);
    assert!(export["actor_name"].is_string());

    // Paused while the service is degraded.
    let admin = app.admin().await;
    let r = app
        .authed(Method::PUT, "/v1/admin/service-mode", &admin.access)
        .await
        .json(&json!({"mode": "degraded"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(problem(r, 503).await["code"], "degraded_unavailable");
}

#[tokio::test]
async fn a_large_export_comes_as_a_link_valid_for_a_day() {
    let mut settings = partner_settings();
    settings["partner"]["export_stream_rows"] = json!(1);
    let app = spawn_with(settings).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let mission = published_by_partner(&app, &key, &referent, "l-1", "Mission très demandée").await;
    for v in app.quick_volunteers(3, &crate::common::years_ago(36)).await {
        assert_eq!(app.apply(&v, &mission, None).await.status(), 201);
    }
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 202);
    let queued: Value = r.json().await.unwrap();
    assert_eq!(queued["rows"], 3);
    let id = queued["export_id"].as_str().unwrap().to_owned();
    eventually("the link emailed", || async {
        app.mailbox(&owner.email)
            .await
            .iter()
            .any(|m| m["template"] == "export_ready")
    })
    .await;
    let mail = app.mailbox(&owner.email).await;
    let email = mail
        .iter()
        .find(|m| m["template"] == "export_ready")
        .unwrap();
    let link = email["links"][0].as_str().unwrap().to_owned();
    let token = link.split("token=").nth(1).unwrap();
    assert!(
        link.starts_with(&format!("https://app.test/exports/{id}")),
        "{link}"
    );
    let r = app.get(&format!("/v1/exports/{id}?token={token}")).await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert_eq!(text.matches("\r\n").count(), 4);
    let wrong = "A".repeat(43);
    assert_eq!(
        app.get(&format!("/v1/exports/{id}?token={wrong}"))
            .await
            .status(),
        404
    );
    // Past its day, gone.
    app.travel(chrono::Duration::hours(24) + chrono::Duration::minutes(1));
    assert_eq!(
        app.get(&format!("/v1/exports/{id}?token={token}"))
            .await
            .status(),
        404
    );
}

/// Each export reads a whole organisation's rows: one person asking for
/// them in a loop is told when to come back, and another member is not.
#[tokio::test]
async fn a_member_asking_for_export_after_export_is_told_when_to_come_back() {
    let mut settings = partner_settings();
    settings["quotas"] = json!({"exports_per_account": {"limit": 3, "period_secs": 3600}});
    let app = spawn_with(settings).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let export = format!("/v1/organizations/{org}/exports/participations");
    for _ in 0..3 {
        assert_eq!(
            app.send(Method::GET, &export, &owner, None).await.status(),
            200
        );
    }
    let r = app.send(Method::GET, &export, &owner, None).await;
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 60, "an hour's quota: {retry}");
    assert_eq!(problem(r, 429).await["status"], 429);
    // A stranger sees nothing there, quota or not.
    let stranger = app.volunteer("stranger").await;
    assert_eq!(
        app.send(Method::GET, &export, &stranger, None)
            .await
            .status(),
        404
    );
}
