//! The audit trail: what administrators and members did beside state
//! changes (suspensions, referent roles, the service mode, memberships,
//! erasures) is written with the change, and administrators read it
//! filtered and paged; an organisation's members read their own part.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, unique_email, Session, TestApp, PASSWORD};

async fn trail(app: &TestApp, admin: &Session, query: &str) -> Value {
    let r = app
        .send(
            Method::GET,
            &format!("/v1/admin/audit?{query}"),
            admin,
            None,
        )
        .await;
    assert_eq!(r.status(), 200, "{query}");
    r.json().await.unwrap()
}

fn actions(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn admin_actions_reach_the_trail() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin().await;
    let lea = app.volunteer("lea").await;
    let account = |id: &str| format!("/v1/admin/accounts/{id}");

    let r = app
        .send(
            Method::POST,
            &format!("{}/suspension", account(&lea.account_id)),
            &admin,
            Some(json!({"reason": "messages abusifs"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .send(
            Method::DELETE,
            &format!("{}/suspension", account(&lea.account_id)),
            &admin,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .send(
            Method::POST,
            &format!("{}/roles", account(&lea.account_id)),
            &admin,
            Some(json!({"grant_referent": ["69"], "revoke_referent": []})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .send(
            Method::PUT,
            "/v1/admin/service-mode",
            &admin,
            Some(json!({"mode": "degraded", "reason": "soirée télévisée"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    // Back to normal: degraded mode holds costly reads such as this trail.
    let r = app
        .send(
            Method::PUT,
            "/v1/admin/service-mode",
            &admin,
            Some(json!({"mode": "normal"})),
        )
        .await;
    assert_eq!(r.status(), 200);

    // Léa's trail, newest first, each entry naming who acted.
    let hers = trail(&app, &admin, &format!("account_id={}", lea.account_id)).await;
    assert_eq!(
        actions(&hers),
        [
            "referent.granted",
            "account.reinstated",
            "account.suspended"
        ]
    );
    let suspended = &hers["items"][2];
    assert_eq!(suspended["detail"]["reason"], "messages abusifs");
    assert_eq!(suspended["actor_id"], admin.account_id.as_str());
    assert_eq!(suspended["actor_role"], "admin");
    assert_eq!(hers["items"][0]["department"], "69");

    // By action, and by family of actions.
    let mode = trail(&app, &admin, "action=service_mode.set").await;
    assert_eq!(actions(&mode), ["service_mode.set", "service_mode.set"]);
    assert_eq!(mode["items"][0]["detail"]["mode"], "normal");
    assert_eq!(mode["items"][1]["detail"]["mode"], "degraded");
    assert_eq!(mode["items"][1]["detail"]["reason"], "soirée télévisée");
    let accounts = trail(&app, &admin, "action=account.").await;
    assert_eq!(
        actions(&accounts),
        ["account.reinstated", "account.suspended"]
    );
    // An underscore in a filter is a letter, not a wildcard.
    assert!(actions(&trail(&app, &admin, "action=service_mode_").await).is_empty());
    assert_eq!(
        actions(&trail(&app, &admin, "action=service%5Fmode.").await).len(),
        2
    );
    // By who acted.
    let by_admin = trail(&app, &admin, &format!("actor_id={}", admin.account_id)).await;
    assert_eq!(by_admin["items"].as_array().unwrap().len(), 5);

    // Paged: one at a time, no entry twice.
    let first = trail(&app, &admin, "limit=1&action=account.").await;
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second = trail(
        &app,
        &admin,
        &format!("limit=1&action=account.&cursor={cursor}"),
    )
    .await;
    assert_eq!(actions(&first), ["account.reinstated"]);
    assert_eq!(actions(&second), ["account.suspended"]);
    assert!(second["next_cursor"].is_null());

    // Bad filters are named.
    let long = "a".repeat(65);
    let p = problem(
        app.send(
            Method::GET,
            &format!("/v1/admin/audit?action={long}"),
            &admin,
            None,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "action");
    let p = problem(
        app.send(Method::GET, "/v1/admin/audit?cursor=nope", &admin, None)
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "cursor");

    // Nobody else reads it: not a referent, not a stranger.
    let referent = app.referent(&admin, &["69"]).await;
    for who in [&referent, &app.volunteer("stranger").await] {
        let r = app.send(Method::GET, "/v1/admin/audit", who, None).await;
        assert_eq!(problem(r, 403).await["code"], "admin_only");
    }
    let anonymous = app.get("/v1/admin/audit").await;
    problem(anonymous, 401).await;
}

/// Someone new, invited by `inviter` as a manager: they sign up with the
/// invited address and accept.
async fn joined(app: &TestApp, inviter: &Session, org: &str, name: &str) -> Session {
    let address = unique_email(name);
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/invitations"),
            inviter,
            Some(json!({"email": address, "role": "manager"})),
        )
        .await;
    assert_eq!(r.status(), 202);
    let token = app
        .token_from_email(&address, "organization_invitation")
        .await;
    assert_eq!(app.signup(&address).await.status(), 202);
    let member = app.activate(&address).await;
    let r = app
        .send(
            Method::POST,
            "/v1/invitations/accept",
            &member,
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(r.status(), 200);
    member
}

#[tokio::test]
async fn membership_changes_and_erasures_reach_the_trail() {
    let app = crate::common::spawn_app().await;
    let admin = app.admin().await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let manager = joined(&app, &owner, &org, "manager").await;
    let member = |id: &str| format!("/v1/organizations/{org}/members/{id}");
    let r = app
        .send(
            Method::PUT,
            &member(&manager.account_id),
            &owner,
            Some(json!({"role": "owner"})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let r = app
        .send(Method::DELETE, &member(&owner.account_id), &manager, None)
        .await;
    assert_eq!(r.status(), 204);
    // A second member joins, then closes their account.
    let helper = joined(&app, &manager, &org, "helper").await;
    let r = app
        .send(
            Method::DELETE,
            "/v1/me",
            &helper,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 204);

    let theirs = trail(
        &app,
        &admin,
        &format!("organization_id={org}&action=member."),
    )
    .await;
    assert_eq!(
        actions(&theirs),
        [
            "member.erased",
            "member.joined",
            "member.invited",
            "member.removed",
            "member.role_changed",
            "member.joined",
            "member.invited",
            "member.joined",
        ]
    );
    let invited = &theirs["items"][6];
    assert_eq!(invited["actor_id"], owner.account_id.as_str());
    assert_eq!(invited["detail"]["role"], "manager");
    // The trail keeps no address: it outlives erasures.
    assert!(!theirs.to_string().contains("@"), "{theirs}");
    let removed = &theirs["items"][3];
    assert_eq!(removed["account_id"], owner.account_id.as_str());
    assert_eq!(removed["actor_id"], manager.account_id.as_str());
    let promoted = &theirs["items"][4];
    assert_eq!(promoted["detail"]["from"], "manager");
    assert_eq!(promoted["detail"]["to"], "owner");
    let joined = &theirs["items"][5];
    assert_eq!(joined["detail"]["invited_by"], owner.account_id.as_str());

    // The erasure itself, naming the account by its id alone.
    let erased = trail(&app, &admin, &format!("account_id={}", helper.account_id)).await;
    assert_eq!(
        actions(&erased),
        ["account.erased", "member.erased", "member.joined"]
    );
    assert!(!erased.to_string().contains("helper"), "{erased}");

    // The organisation's members read its part; the former owner no longer.
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/audit"),
            &manager,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let own: Value = r.json().await.unwrap();
    let own: Vec<&str> = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(own.contains(&"member.role_changed"), "{own:?}");
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/audit"),
            &owner,
            None,
        )
        .await;
    assert!(matches!(r.status().as_u16(), 403 | 404), "{}", r.status());
}
