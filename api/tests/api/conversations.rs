//! Conversations: one thread per participation between the volunteer and
//! the organisation; unread counts; an email at most hourly and never in
//! degraded mode; reports that open the thread to the department's
//! referents; messages in the personal export, authors tombstoned on
//! erasure. Strangers get nothing.

use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{problem, spawn_with, Session, TestApp, PASSWORD};

struct Thread {
    owner: Session,
    referent: Session,
    admin: Session,
    volunteer: Session,
    participation: String,
}

async fn thread(app: &TestApp) -> Thread {
    let (owner, referent, admin, _org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("lea").await;
    let r = app.apply(&volunteer, &mission, Some("Motivée")).await;
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Thread {
        owner,
        referent,
        admin,
        volunteer,
        participation,
    }
}

async fn write(app: &TestApp, who: &Session, participation: &str, body: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/participations/{participation}/messages"),
        who,
        Some(json!({"body": body})),
    )
    .await
}

async fn read(app: &TestApp, who: &Session, participation: &str) -> reqwest::Response {
    app.send(
        Method::GET,
        &format!("/v1/participations/{participation}/messages"),
        who,
        None,
    )
    .await
}

async fn unread(app: &TestApp, who: &Session) -> u64 {
    let r: Value = app
        .send(Method::GET, "/v1/me/messages/unread", who, None)
        .await
        .json()
        .await
        .unwrap();
    r["total"].as_u64().unwrap()
}

async fn emails(app: &TestApp, template: &str, to: &str) -> usize {
    crate::common::emails_to(app, template, to).await.len()
}

#[tokio::test]
async fn the_volunteer_and_the_organisation_talk_and_see_what_is_unread() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let t = thread(&app).await;
    let sent = write(
        &app,
        &t.volunteer,
        &t.participation,
        "  Bonjour, à quelle heure faut-il venir ?  ",
    )
    .await;
    assert_eq!(sent.status(), 201);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent["body"], "Bonjour, à quelle heure faut-il venir ?");
    assert_eq!(sent["side"], "volunteer");
    assert_eq!(sent["mine"], true);
    assert_eq!(
        unread(&app, &t.volunteer).await,
        0,
        "one's own message is read"
    );
    let waiting: Value = app
        .send(Method::GET, "/v1/me/messages/unread", &t.owner, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(waiting["total"], 1);
    assert_eq!(
        waiting["threads"][0]["participation_id"],
        t.participation.as_str()
    );
    assert_eq!(
        waiting["threads"][0]["mission_title"],
        "Distribution de repas"
    );

    // Reading the thread marks it read.
    let page: Value = read(&app, &t.owner, &t.participation)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["can_write"], true);
    assert_eq!(page["items"][0]["author_name"], "Léa M.");
    assert_eq!(page["items"][0]["mine"], false);
    assert_eq!(unread(&app, &t.owner).await, 0);
    assert_eq!(
        write(&app, &t.owner, &t.participation, "À 18 h, merci !")
            .await
            .status(),
        201
    );
    assert_eq!(unread(&app, &t.volunteer).await, 1);
    let page: Value = read(&app, &t.volunteer, &t.participation)
        .await
        .json()
        .await
        .unwrap();
    let bodies: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        ["À 18 h, merci !", "Bonjour, à quelle heure faut-il venir ?"]
    );

    // Pages go back in time.
    for n in 0..3 {
        write(
            &app,
            &t.volunteer,
            &t.participation,
            &format!("message {n}"),
        )
        .await;
    }
    let first: Value = app
        .send(
            Method::GET,
            &format!("/v1/participations/{}/messages?limit=2", t.participation),
            &t.volunteer,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let before = first["next_before"].as_str().unwrap();
    let older: Value = app
        .send(
            Method::GET,
            &format!(
                "/v1/participations/{}/messages?limit=10&before={before}",
                t.participation
            ),
            &t.volunteer,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(older["items"].as_array().unwrap().len(), 3);
    assert_eq!(older["next_before"], Value::Null);
}

#[tokio::test]
async fn strangers_and_referents_before_a_report_get_nothing() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let t = thread(&app).await;
    let message: Value = write(&app, &t.volunteer, &t.participation, "Bonjour")
        .await
        .json()
        .await
        .unwrap();
    let stranger = app.volunteer("stranger").await;
    for who in [&stranger, &t.referent] {
        problem(read(&app, who, &t.participation).await, 404).await;
        problem(write(&app, who, &t.participation, "Coucou").await, 404).await;
        let r = app
            .send(
                Method::POST,
                &format!("/v1/messages/{}/reports", message["id"].as_str().unwrap()),
                who,
                Some(json!({"reason": "spam"})),
            )
            .await;
        problem(r, 404).await;
        assert_eq!(unread(&app, who).await, 0);
    }
    problem(
        app.get(&format!("/v1/participations/{}/messages", t.participation))
            .await,
        401,
    )
    .await;
    problem(
        read(&app, &t.volunteer, &Uuid::now_v7().to_string()).await,
        404,
    )
    .await;
}

#[tokio::test]
async fn messages_are_plain_text_of_bounded_length_and_limited_per_account() {
    let app = spawn_with(json!({"worker": {"embedded": false},
        "limits": {"messages_per_account": {"limit": 3, "period_secs": 600}}}))
    .await;
    let t = thread(&app).await;
    for (body, code) in [
        ("   ", "required"),
        (&*"x".repeat(4001), "too_long"),
        ("a\u{7}b", "invalid_characters"),
    ] {
        let p = problem(write(&app, &t.volunteer, &t.participation, body).await, 422).await;
        assert_eq!(p["errors"][0]["field"], "body");
        assert_eq!(p["errors"][0]["code"], code);
    }
    for _ in 0..3 {
        assert_eq!(
            write(&app, &t.volunteer, &t.participation, "Bonjour")
                .await
                .status(),
            201
        );
    }
    let refused = write(&app, &t.volunteer, &t.participation, "Encore").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    // Another account has its own allowance.
    assert_eq!(
        write(&app, &t.owner, &t.participation, "Bonjour")
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn an_email_tells_the_other_side_at_most_hourly_and_never_in_degraded_mode() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let t = thread(&app).await;
    for text in ["Bonjour", "Vous êtes là ?", "Je relance"] {
        write(&app, &t.volunteer, &t.participation, text).await;
    }
    assert_eq!(
        emails(&app, "new_message", &t.owner.email).await,
        1,
        "one an hour"
    );
    assert_eq!(emails(&app, "new_message", &t.volunteer.email).await, 0);

    // In degraded mode, the unread count says it; no email is written.
    let set = app
        .authed(Method::PUT, "/v1/admin/service-mode", &t.admin.access)
        .await
        .json(&json!({"mode": "degraded"}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    assert_eq!(
        write(&app, &t.owner, &t.participation, "Oui, bonjour")
            .await
            .status(),
        201
    );
    assert_eq!(emails(&app, "new_message", &t.volunteer.email).await, 0);
    assert_eq!(unread(&app, &t.volunteer).await, 1);
    let set = app
        .authed(Method::PUT, "/v1/admin/service-mode", &t.admin.access)
        .await
        .json(&json!({"mode": "normal"}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    assert_eq!(
        write(&app, &t.owner, &t.participation, "Venez à 18 h")
            .await
            .status(),
        201
    );
    assert_eq!(emails(&app, "new_message", &t.volunteer.email).await, 1);
}

#[tokio::test]
async fn a_report_reaches_the_referents_who_may_then_read_the_kept_thread() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let t = thread(&app).await;
    let rude: Value = write(&app, &t.volunteer, &t.participation, "Message déplacé")
        .await
        .json()
        .await
        .unwrap();
    let rude_id = rude["id"].as_str().unwrap();
    let path = format!("/v1/messages/{rude_id}/reports");
    // One's own message cannot be reported.
    let own = app
        .send(
            Method::POST,
            &path,
            &t.volunteer,
            Some(json!({"reason": "oups"})),
        )
        .await;
    assert_eq!(problem(own, 409).await["code"], "own_message");
    let blank = app
        .send(Method::POST, &path, &t.owner, Some(json!({"reason": " "})))
        .await;
    assert_eq!(problem(blank, 422).await["errors"][0]["field"], "reason");
    for _ in 0..2 {
        let r = app
            .send(
                Method::POST,
                &path,
                &t.owner,
                Some(json!({"reason": "Propos insultants"})),
            )
            .await;
        assert_eq!(r.status(), 204);
    }
    assert_eq!(
        emails(&app, "message_reported", &t.referent.email).await,
        1,
        "told once"
    );

    // The department's referent reads the thread, and does not write in it.
    let page: Value = read(&app, &t.referent, &t.participation)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["can_write"], false);
    assert_eq!(page["items"][0]["reported"], true);
    problem(
        write(&app, &t.referent, &t.participation, "Bonjour").await,
        403,
    )
    .await;
    let queue: Value = app
        .send(
            Method::GET,
            "/v1/moderation/message-reports",
            &t.referent,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"][0]["message_id"], rude_id);
    assert_eq!(queue["items"][0]["reason"], "Propos insultants");
    assert_eq!(queue["items"][0]["department"], "69");
    // A referent elsewhere sees neither the report nor the thread.
    let elsewhere = app.referent(&t.admin, &["13"]).await;
    let theirs: Value = app
        .send(
            Method::GET,
            "/v1/moderation/message-reports",
            &elsewhere,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["items"], json!([]));
    problem(read(&app, &elsewhere, &t.participation).await, 404).await;
    problem(
        app.send(
            Method::GET,
            "/v1/moderation/message-reports",
            &t.volunteer,
            None,
        )
        .await,
        403,
    )
    .await;
}

#[tokio::test]
async fn messages_are_exported_and_their_author_tombstoned_on_erasure() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let t = thread(&app).await;
    write(&app, &t.volunteer, &t.participation, "Je serai là samedi").await;
    let export: Value = app
        .send(Method::GET, "/v1/me/export", &t.volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["messages"][0]["body"], "Je serai là samedi");
    assert_eq!(
        export["messages"][0]["participation_id"],
        t.participation.as_str()
    );

    let r = app
        .send(
            Method::DELETE,
            "/v1/me",
            &t.volunteer,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let page: Value = read(&app, &t.owner, &t.participation)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["author_name"], "Compte supprimé");
    assert_eq!(page["items"][0]["body"], "Je serai là samedi");
}
