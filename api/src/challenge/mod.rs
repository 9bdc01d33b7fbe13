//! The bot challenge on signup: a port for human checks with two adapters.
//!
//! - `pow`: a built-in proof of work. The server signs a challenge, the
//!   client finds a nonce whose hash has enough leading zero bits, the
//!   server verifies it once. No outside service: the embedded mode and
//!   the tests use it, and it costs a bot CPU per signup.
//! - `friendly`: Friendly Captcha, verified over HTTP. Chosen for a French
//!   public service because it sets no cookie, keeps no profile of the
//!   person, is made in the EU and verifies on an EU endpoint: nothing to
//!   add to the privacy notice beyond what GDPR already requires, unlike
//!   hCaptcha or Turnstile, which are US companies.
//!
//! The policy says when a signup must carry one: `off`, `always`, or
//! `degraded` (only while the service is degraded).

pub mod friendly;
pub mod pow;

use serde::{Deserialize, Serialize};

use crate::config::{ChallengeKind, ChallengePolicy, ChallengeSettings, VendorFailure};
use crate::error::ServiceError;
use crate::platform::{Cache, Mode};
use crate::problem_code::ProblemCode;

/// The header a signup carries its solved challenge (or vendor token) in.
pub const HEADER: &str = "renfort-challenge";

/// What a check concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// The token is wrong, expired, reused or for another difficulty.
    Failed(String),
    /// The vendor could not be asked: no connection, a timeout, or a 5xx.
    /// The only case the policy may let a signup through (fail-open).
    Unavailable(String),
    /// The vendor answered, but not a verdict we can read (a changed
    /// format, a refusal of our key). Never let through: an answer we do
    /// not understand is not a reason to skip the check.
    Unreadable(String),
}

/// The configured human check.
pub enum HumanCheck {
    ProofOfWork(pow::ProofOfWork),
    FriendlyCaptcha(friendly::FriendlyCaptcha),
}

/// What the SPA needs to run the challenge (in `GET /v1/status`).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChallengeInfo {
    /// Whether a signup must carry a solved challenge now.
    pub required: bool,
    /// `proof_of_work` or `friendly_captcha`.
    pub kind: ChallengeKind,
    /// The header that carries the solution on `POST /v1/auth/signup`.
    pub header: &'static str,
    /// Friendly Captcha's public site key, for its widget.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_key: Option<String>,
    /// Proof of work: the leading zero bits asked, and where to get a
    /// challenge (`GET /v1/challenge`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_endpoint: Option<&'static str>,
}

/// Counts of what checks concluded, for `/metrics`.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub passed: std::sync::atomic::AtomicU64,
    pub failed: std::sync::atomic::AtomicU64,
    pub missing: std::sync::atomic::AtomicU64,
    /// The vendor could not answer and the policy let the signup through.
    pub vendor_failed_open: std::sync::atomic::AtomicU64,
    /// The vendor could not answer and the policy refused the signup.
    pub vendor_failed_closed: std::sync::atomic::AtomicU64,
    /// The vendor answered something unreadable; the signup was refused.
    pub vendor_unreadable: std::sync::atomic::AtomicU64,
}

pub struct Challenge {
    pub check: HumanCheck,
    settings: ChallengeSettings,
    pub outcomes: Outcomes,
}

impl Challenge {
    pub fn from_settings(
        settings: &ChallengeSettings,
        key: [u8; 32],
        clock: crate::clock::Clock,
    ) -> anyhow::Result<Self> {
        let check = match settings.kind {
            ChallengeKind::ProofOfWork => HumanCheck::ProofOfWork(pow::ProofOfWork::new(
                key,
                settings.proof_of_work.difficulty,
                std::time::Duration::from_secs(settings.proof_of_work.ttl_secs),
                clock,
            )),
            ChallengeKind::FriendlyCaptcha => HumanCheck::FriendlyCaptcha(
                friendly::FriendlyCaptcha::from_settings(&settings.friendly_captcha)?,
            ),
        };
        Ok(Challenge {
            check,
            settings: settings.clone(),
            outcomes: Outcomes::default(),
        })
    }

    /// Whether a signup must carry a challenge in `mode`.
    pub fn required(&self, mode: Mode) -> bool {
        match self.settings.policy {
            ChallengePolicy::Off => false,
            ChallengePolicy::Always => true,
            ChallengePolicy::Degraded => mode == Mode::Degraded,
        }
    }

    pub fn info(&self, mode: Mode) -> ChallengeInfo {
        let (site_key, difficulty, challenge_endpoint) = match &self.check {
            HumanCheck::ProofOfWork(p) => (None, Some(p.difficulty()), Some("/v1/challenge")),
            HumanCheck::FriendlyCaptcha(f) => (Some(f.site_key().to_owned()), None, None),
        };
        ChallengeInfo {
            required: self.required(mode),
            kind: self.settings.kind,
            header: HEADER,
            site_key,
            difficulty,
            challenge_endpoint,
        }
    }

    /// Checks a signup's `token` when the policy asks for one in `mode`.
    pub async fn guard(
        &self,
        cache: &Cache,
        mode: Mode,
        token: Option<&str>,
        caller: &str,
    ) -> Result<(), ServiceError> {
        use std::sync::atomic::Ordering::Relaxed;
        if !self.required(mode) {
            return Ok(());
        }
        let Some(token) = token.map(str::trim).filter(|t| !t.is_empty()) else {
            self.outcomes.missing.fetch_add(1, Relaxed);
            return Err(ServiceError::BadRequest {
                code: ProblemCode::ChallengeRequired,
                detail: format!(
                    "solve the challenge described in GET /v1/status and send it in the `{HEADER}` header"
                ),
            });
        };
        let verdict = match &self.check {
            HumanCheck::ProofOfWork(p) => p.verify(cache, token, caller).await,
            HumanCheck::FriendlyCaptcha(f) => f.verify(token).await,
        };
        match verdict {
            Verdict::Passed => {
                self.outcomes.passed.fetch_add(1, Relaxed);
                Ok(())
            }
            Verdict::Failed(why) => {
                self.outcomes.failed.fetch_add(1, Relaxed);
                Err(ServiceError::BadRequest {
                    code: ProblemCode::ChallengeFailed,
                    detail: format!("the challenge was not solved: {why}; get a new one"),
                })
            }
            Verdict::Unreadable(why) => {
                self.outcomes.vendor_unreadable.fetch_add(1, Relaxed);
                tracing::error!(target: "renfort::security", error = %why, "challenge vendor answered unreadably; signup refused");
                Err(ServiceError::Unavailable {
                    code: ProblemCode::ChallengeUnavailable,
                    detail: "the human check cannot be verified right now; retry in a moment"
                        .into(),
                    retry_after: std::time::Duration::from_secs(5),
                })
            }
            Verdict::Unavailable(why) => match self.settings.on_vendor_failure {
                VendorFailure::Open => {
                    self.outcomes.vendor_failed_open.fetch_add(1, Relaxed);
                    tracing::warn!(target: "renfort::security", error = %why, "challenge vendor unavailable; signup let through (fail-open)");
                    Ok(())
                }
                VendorFailure::Closed => {
                    self.outcomes.vendor_failed_closed.fetch_add(1, Relaxed);
                    tracing::warn!(target: "renfort::security", error = %why, "challenge vendor unavailable; signup refused (fail-closed)");
                    Err(ServiceError::Unavailable {
                        code: ProblemCode::ChallengeUnavailable,
                        detail: "the human check cannot be verified right now; retry in a moment"
                            .into(),
                        retry_after: std::time::Duration::from_secs(5),
                    })
                }
            },
        }
    }
}
