//! Group commit of signups: one transaction for a batch, one answer per
//! signup, and nothing of one signup depends on another's fate.

use std::time::Duration;

use renfort::config::DatabaseKind;
use renfort::domain::account::{EmailAddress, ProfileInput};
use renfort::services::intake::{Intake, IntakeConfig, Signup};

use crate::common::{days_from_today, spawn_app, unique_email, TestApp};

fn signup(email: &str) -> Signup {
    Signup {
        email: EmailAddress::parse(email).unwrap(),
        profile: ProfileInput {
            first_name: "Léa".into(),
            last_name: "Martin".into(),
            birth_date: Some(days_from_today(-36 * 365)),
            postcode: Some("69003".into()),
            phone: None,
            skills: vec![],
            domains: vec![],
            presentation: None,
            visible_to_organizations: false,
        }
        .validate(days_from_today(0))
        .unwrap(),
        terms_version: "2026-01".into(),
        origin: Default::default(),
    }
}

/// A database that refuses one address: a fault no validation can see.
async fn refuse_address_in_database(app: &TestApp, email: &str) {
    let mut conn = app.db.acquire().await.unwrap();
    let statements = match app.db.kind() {
        DatabaseKind::Sqlite => vec![format!(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON accounts
             WHEN NEW.email_normalized = '{email}'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )],
        DatabaseKind::Postgres => vec![
            format!(
                "CREATE FUNCTION refuse_one() RETURNS trigger AS $$
                 BEGIN
                   IF NEW.email_normalized = '{email}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                   RETURN NEW;
                 END $$ LANGUAGE plpgsql"
            ),
            "CREATE TRIGGER refuse_one BEFORE INSERT ON accounts
             FOR EACH ROW EXECUTE FUNCTION refuse_one()"
                .to_owned(),
        ],
    };
    for sql in statements {
        renfort::on_conn!(&mut conn, c => sqlx::query(&sql).execute(c).await.map(|_| ())).unwrap();
    }
}

async fn count(app: &TestApp, sql: &str, email: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, i64>(sql).bind(email).fetch_one(c).await)
        .unwrap()
}

async fn accounts_of(app: &TestApp, email: &str) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM accounts WHERE email_normalized = $1",
        email,
    )
    .await
}

async fn activation_emails_to(app: &TestApp, email: &str) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM outbox_jobs WHERE kind = 'email' AND CAST(payload AS TEXT) LIKE '%' || $1 || '%'",
        email,
    )
    .await
}

#[tokio::test]
async fn one_bad_row_fails_alone_and_duplicates_in_one_batch_share_an_account() {
    let app = spawn_app().await;
    let good = unique_email("good");
    let bad = unique_email("bad");
    let twice = unique_email("twice");
    refuse_address_in_database(&app, &bad).await;
    // One writer that waits long enough to hold the four in one batch.
    let intake = Intake::start(
        app.db.clone(),
        IntakeConfig {
            writers: 1,
            max_batch: 4,
            window: Duration::from_secs(5),
        },
    );
    let (a, b, c, d) = tokio::join!(
        intake.signup(signup(&good)),
        intake.signup(signup(&bad)),
        intake.signup(signup(&twice)),
        intake.signup(signup(&twice)),
    );
    assert_eq!(intake.counts(), (1, 4), "one batch of four");
    assert!(a.is_ok(), "{a:?}");
    assert!(b.is_err(), "the refused row fails");
    assert!(c.is_ok() && d.is_ok(), "{c:?} {d:?}");

    assert_eq!(accounts_of(&app, &good).await, 1);
    assert_eq!(accounts_of(&app, &bad).await, 0, "nothing of the bad row");
    assert_eq!(activation_emails_to(&app, &bad).await, 0);
    assert_eq!(
        accounts_of(&app, &twice).await,
        1,
        "one account per address"
    );
    // Each signup of a pending address sends the activation email: the
    // same answer, and a new link, for both.
    assert_eq!(activation_emails_to(&app, &twice).await, 2);
}

#[tokio::test]
async fn a_quiet_intake_writes_each_signup_at_once() {
    let app = spawn_app().await;
    let intake = Intake::start(
        app.db.clone(),
        IntakeConfig {
            writers: 2,
            max_batch: 64,
            window: Duration::ZERO,
        },
    );
    for i in 0..3 {
        let email = unique_email(&format!("quiet{i}"));
        intake.signup(signup(&email)).await.unwrap();
        assert_eq!(accounts_of(&app, &email).await, 1);
    }
    assert_eq!(intake.counts(), (3, 3));
}

async fn emails_to(app: &TestApp, email: &str, template: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    let all: Vec<String> = renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, String>(
        "SELECT CAST(payload AS TEXT) FROM outbox_jobs WHERE kind = 'email'",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    all.iter()
        .filter_map(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .filter(|p| p["to"].as_str() == Some(email) && p["template"] == template)
        .count() as i64
}

/// The batch written in one pass (no signup fails): new, repeated, waiting
/// and active addresses side by side, each answered as on its own.
#[tokio::test]
async fn a_batch_of_new_repeated_waiting_and_active_addresses_is_written_in_one_pass() {
    let app = spawn_app().await;
    let active = app.volunteer("active").await.email;
    let waiting = unique_email("waiting");
    let (new, twice) = (unique_email("new"), unique_email("twice"));
    let intake = Intake::start(
        app.db.clone(),
        IntakeConfig {
            writers: 1,
            max_batch: 5,
            window: Duration::from_secs(5),
        },
    );
    assert_eq!(app.signup(&waiting).await.status(), 202);
    let (a, b, c, d, e) = tokio::join!(
        intake.signup(signup(&new)),
        intake.signup(signup(&twice)),
        intake.signup(signup(&waiting)),
        intake.signup(signup(&active)),
        intake.signup(signup(&twice)),
    );
    for r in [a, b, c, d, e] {
        r.unwrap();
    }
    assert_eq!(intake.counts(), (1, 5), "the five in one batch");
    for email in [&new, &twice, &waiting, &active] {
        assert_eq!(accounts_of(&app, email).await, 1, "{email}");
    }
    assert_eq!(emails_to(&app, &new, "activation").await, 1);
    assert_eq!(emails_to(&app, &twice, "activation").await, 2);
    assert_eq!(emails_to(&app, &waiting, "activation").await, 2);
    assert_eq!(emails_to(&app, &active, "already_registered").await, 1);
    assert_eq!(
        emails_to(&app, &active, "activation").await,
        1,
        "only its own, long ago"
    );
    // Every link sent works: one token per activation email.
    let tokens = count(
        &app,
        "SELECT COUNT(*) FROM account_tokens t JOIN accounts a ON a.id = t.account_id
         WHERE a.email_normalized = $1 AND t.purpose = 'activation'",
        &twice,
    )
    .await;
    assert_eq!(tokens, 2);
}

/// Another replica is writing the same new address when this one's batch
/// comes: its transaction holds the account, not yet committed. This
/// batch's insert waits for it, finds the address taken, and the signup is
/// written again alone: the same answer, one account, and a fresh link.
#[tokio::test]
async fn a_signup_racing_another_replica_for_its_address_answers_the_same() {
    let app = spawn_app().await;
    let email = unique_email("race");
    let theirs = signup(&email);
    let mut other_replica = app.db.begin().await.unwrap();
    assert!(
        renfort::services::accounts::signup_batch(&mut other_replica, &[&theirs])
            .await
            .unwrap()
    );

    let intake = Intake::start(
        app.db.clone(),
        IntakeConfig {
            writers: 1,
            max_batch: 8,
            window: Duration::ZERO,
        },
    );
    let ours = tokio::spawn(async move { intake.signup(signup(&email)).await });
    // Until our insert waits on theirs (PostgreSQL shows the lock it
    // waits for; SQLite's writer waits in its busy handler).
    match app.db.kind() {
        DatabaseKind::Postgres => {
            let mut waited = 0;
            // A session of the test's own database waiting for a lock.
            let waiting = "SELECT COUNT(*) FROM pg_stat_activity
                           WHERE datname = current_database() AND wait_event_type = 'Lock'";
            while {
                let mut conn = app.db.acquire().await.unwrap();
                renfort::on_conn!(&mut conn, c => sqlx::query_scalar::<_, i64>(waiting).fetch_one(c).await)
                    .unwrap()
            } == 0
            {
                waited += 1;
                assert!(waited < 500, "our insert never waited");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        DatabaseKind::Sqlite => tokio::time::sleep(Duration::from_millis(300)).await,
    }
    other_replica.commit().await.unwrap();

    ours.await.unwrap().expect("the same answer as theirs");
    let email = theirs.email.as_str().to_owned();
    assert_eq!(accounts_of(&app, &email).await, 1);
    assert_eq!(
        emails_to(&app, &email, "activation").await,
        2,
        "theirs, and ours again"
    );
}
