//! Friendly Captcha (v2): the widget in the SPA solves a puzzle and gives a
//! response token; the server verifies it with `POST /api/v2/captcha/
//! siteverify`, its API key in `X-API-Key`, body `{response, sitekey}`.
//! The answer is `{success: true, data: …}`, or `{success: false, error:
//! {error_code, detail}}` (with 200 for a wrong token, 400 or 401 for our
//! mistakes). Only no answer (no connection, a timeout) or a 5xx means the
//! vendor cannot say, which the policy may let through; any other answer
//! that is not a readable verdict is refused.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::Verdict;
use crate::config::FriendlyCaptchaSettings;

pub struct FriendlyCaptcha {
    client: reqwest::Client,
    verify_url: String,
    site_key: String,
    api_key: SecretString,
}

#[derive(Deserialize)]
struct Answer {
    success: bool,
    #[serde(default)]
    error: Option<AnswerError>,
}

#[derive(Deserialize)]
struct AnswerError {
    error_code: String,
    #[serde(default)]
    detail: String,
}

/// Error codes that mean the token itself is bad (the person's side);
/// others (`auth_invalid`, `sitekey_invalid`, …) are our configuration's.
const TOKEN_ERRORS: &[&str] = &[
    "response_missing",
    "response_invalid",
    "response_timeout",
    "response_duplicate",
    "bad_request",
];

impl FriendlyCaptcha {
    pub fn from_settings(s: &FriendlyCaptchaSettings) -> anyhow::Result<Self> {
        let (Some(site_key), Some(api_key)) = (&s.site_key, &s.api_key) else {
            anyhow::bail!("challenge.friendly_captcha needs site_key and api_key");
        };
        Ok(FriendlyCaptcha {
            client: reqwest::Client::builder()
                .timeout(Duration::from_millis(s.timeout_ms))
                .connect_timeout(Duration::from_millis(s.timeout_ms))
                .build()?,
            verify_url: s.verify_url.clone(),
            site_key: site_key.clone(),
            api_key: api_key.clone(),
        })
    }

    pub fn site_key(&self) -> &str {
        &self.site_key
    }

    pub async fn verify(&self, token: &str) -> Verdict {
        let sent = self
            .client
            .post(&self.verify_url)
            .header("X-API-Key", self.api_key.expose_secret())
            .json(&serde_json::json!({"response": token, "sitekey": self.site_key}))
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => return Verdict::Unavailable(format!("Friendly Captcha unreachable: {e}")),
        };
        let status = response.status();
        if status.is_server_error() {
            return Verdict::Unavailable(format!("Friendly Captcha answered {status}"));
        }
        let answer = match response.json::<Answer>().await {
            Ok(answer) => answer,
            // The body stopped coming: as good as no answer.
            Err(e) if e.is_timeout() => {
                return Verdict::Unavailable(format!("Friendly Captcha timed out: {e}"))
            }
            Err(_) => {
                return Verdict::Unreadable(format!(
                    "Friendly Captcha answered {status} unreadably"
                ))
            }
        };
        if answer.success {
            return Verdict::Passed;
        }
        match answer.error {
            Some(e) if TOKEN_ERRORS.contains(&e.error_code.as_str()) => {
                Verdict::Failed(e.error_code)
            }
            Some(e) => Verdict::Unreadable(format!(
                "Friendly Captcha refused our request ({status}): {} {}",
                e.error_code, e.detail
            )),
            None => Verdict::Unreadable(format!(
                "Friendly Captcha answered {status} without a verdict"
            )),
        }
    }
}
