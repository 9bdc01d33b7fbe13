//! Running a coalesced notice that came due (`notifications::Notice`): it
//! reads what happened since the reader's last notice, and records the
//! notice as a fact (`effects.rs` writes the email), all in one
//! transaction with the mark of how far the reader was told.

use crate::config::Settings;
use crate::store::notifications::{self as store};
use crate::store::outbox::JobError;
use crate::store::Db;

use super::effects::{self, Fact};
use super::notifications::{Notice, NoticeKind};

/// Applications listed in one notice at most; the rest are counted.
const LISTED: i64 = 20;

pub async fn run(
    db: &Db,
    settings: &Settings,
    notice: &Notice,
) -> Result<Option<String>, JobError> {
    let failed = |e: crate::error::ServiceError| JobError::Transient(e.to_string());
    let mut tx = db.begin().await.map_err(|e| failed(e.into()))?;
    // What committed by now, of what began before `until`: all of it.
    let until = tx.now() - super::notifications::settle(settings);
    let Some(to) = crate::store::accounts::by_id(tx.h(), notice.account)
        .await
        .map_err(|e| failed(e.into()))?
        .filter(|a| a.state == crate::domain::account::AccountState::Active)
    else {
        return Ok(Some("the reader is gone".into()));
    };
    let prefs = store::of(tx.h(), to.id)
        .await
        .map_err(|e| failed(e.into()))?;
    let Some(window) = notice.kind.window(&prefs) else {
        return Ok(Some("turned off since".into()));
    };
    let digest = notice.kind.digest();
    let last = store::sent_until(tx.h(), to.id, digest, notice.scope)
        .await
        .map_err(|e| failed(e.into()))?;
    // Another notice went meanwhile (an event came while the last one
    // ran, or its reader changed their choice): this one is written again
    // for the end of the window, merged with any other waiting, and ends
    // here. (Deferring it in place could clash with that other waiting
    // notice of the same key.)
    if let Some(last) = last.filter(|last| until < *last + window) {
        let at = last + window + super::notifications::settle(settings);
        crate::store::outbox::push(&mut tx, notice, Some(at))
            .await
            .map_err(|e| failed(e.into()))?;
        tx.commit().await.map_err(|e| failed(e.into()))?;
        return Ok(Some(
            "within the window of the last notice: written again for its end".into(),
        ));
    }
    let told = match notice.kind {
        NoticeKind::Applications => {
            let Some(org) = crate::store::organizations::get(tx.h(), notice.scope)
                .await
                .map_err(|e| failed(e.into()))?
            else {
                return Ok(Some("the organisation is gone".into()));
            };
            let since = last.unwrap_or(until - window);
            let (applications, total) =
                store::applications_between(tx.h(), org.id, since, until, LISTED)
                    .await
                    .map_err(|e| failed(e.into()))?;
            if total == 0 {
                false
            } else {
                let fact = Fact::ApplicationsNotice {
                    to: &to,
                    org: &org,
                    applications: &applications,
                    total,
                };
                let _nothing_cached = effects::record(&mut tx, settings, fact)
                    .await
                    .map_err(failed)?;
                true
            }
        }
        NoticeKind::Messages => {
            let unread = crate::store::messages::unread(tx.h(), to.id)
                .await
                .map_err(|e| failed(e.into()))?;
            if unread.is_empty() {
                false
            } else {
                let fact = Fact::MessagesNotice {
                    to: &to,
                    unread: &unread,
                };
                let _nothing_cached = effects::record(&mut tx, settings, fact)
                    .await
                    .map_err(failed)?;
                true
            }
        }
    };
    if !told {
        return Ok(Some("nothing new since the last notice".into()));
    }
    store::mark_sent(tx.h(), to.id, digest, notice.scope, until)
        .await
        .map_err(|e| failed(e.into()))?;
    // Applications of the last `settle` seconds were merged into this
    // notice while it waited but are newer than what it told: the next
    // notice, at the end of the window, tells them.
    if notice.kind == NoticeKind::Applications {
        let far = until + chrono::Duration::days(1);
        let (_, later) = store::applications_between(tx.h(), notice.scope, until, far, 0)
            .await
            .map_err(|e| failed(e.into()))?;
        if later > 0 {
            let at = until + window + super::notifications::settle(settings);
            crate::store::outbox::push(&mut tx, notice, Some(at))
                .await
                .map_err(|e| failed(e.into()))?;
        }
    }
    tx.commit().await.map_err(|e| failed(e.into()))?;
    Ok(None)
}
