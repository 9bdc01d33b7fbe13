//! Quotas on the writes that create objects or send email, per account and
//! per organisation: an account cannot be turned into a spam relay or fill
//! the tables. They share the rate limiter (GCRA, in Redis across
//! replicas), with long periods; a refusal is a 429 with `Retry-After`.

use uuid::Uuid;

use crate::config::QuotaSetting;
use crate::error::ServiceError;
use crate::state::AppState;

/// What is being counted, and against whom.
pub enum Spend {
    OrganizationCreated { by: Uuid },
    InvitationSent { organization: Uuid, by: Uuid },
    MissionCreated { organization: Uuid },
    Submitted { by: Uuid },
    Applied { by: Uuid },
    EmailChangeRequested { by: Uuid },
    Exported { by: Uuid },
}

impl Spend {
    fn checks(&self, state: &AppState) -> Vec<(String, QuotaSetting)> {
        let q = &state.settings.quotas;
        match self {
            Spend::OrganizationCreated { by } => {
                vec![(
                    format!("quota:organizations:account:{by}"),
                    q.organizations_per_account,
                )]
            }
            Spend::InvitationSent { organization, by } => vec![
                (
                    format!("quota:invitations:organization:{organization}"),
                    q.invitations_per_organization,
                ),
                (
                    format!("quota:invitations:account:{by}"),
                    q.invitations_per_account,
                ),
            ],
            Spend::MissionCreated { organization } => vec![(
                format!("quota:missions:organization:{organization}"),
                q.missions_per_organization,
            )],
            Spend::Submitted { by } => {
                vec![(
                    format!("quota:submissions:account:{by}"),
                    q.submissions_per_account,
                )]
            }
            Spend::Applied { by } => {
                vec![(
                    format!("quota:applications:account:{by}"),
                    q.applications_per_account,
                )]
            }
            Spend::EmailChangeRequested { by } => vec![(
                format!("quota:email_changes:account:{by}"),
                q.email_changes_per_account,
            )],
            Spend::Exported { by } => {
                vec![(format!("quota:exports:account:{by}"), q.exports_per_account)]
            }
        }
    }
}

/// Counts `spend`; 429 when one of its quotas is used up (then nothing is
/// counted).
pub async fn spend(state: &AppState, spend: Spend) -> Result<(), ServiceError> {
    limit(state, &spend.checks(state)).await
}

/// Counts a request against every `(key, quota)` in one round trip;
/// refused with 429 when any is exhausted (the longest wait is reported),
/// and then counted on none.
pub async fn limit(
    state: &AppState,
    checks: &[(String, QuotaSetting)],
) -> Result<(), ServiceError> {
    let checks: Vec<(&str, crate::platform::Quota)> = checks
        .iter()
        .map(|(k, q)| {
            (
                k.as_str(),
                crate::platform::Quota {
                    limit: q.limit,
                    period: std::time::Duration::from_secs(q.period_secs),
                },
            )
        })
        .collect();
    let decision = state.platform.limiter.check_all(&checks).await;
    if decision.allowed {
        return Ok(());
    }
    // Keys name addresses: the log shows a digest, enough to follow one
    // client across lines without writing down who it is.
    let keys: Vec<String> = checks.iter().map(|c| redacted(c.0)).collect();
    tracing::info!(target: "renfort::security", ?keys, "rate limited");
    Err(ServiceError::RateLimited(decision))
}

/// `signup:email:lea@example.org` → `signup:email:#3f2a9c1d`.
fn redacted(key: &str) -> String {
    use sha2::{Digest, Sha256};
    match key.rsplit_once(':') {
        Some((kind, who)) => {
            let digest = Sha256::digest(who.as_bytes());
            format!("{kind}:#{}", hex::encode(&digest[..4]))
        }
        None => key.to_owned(),
    }
}
