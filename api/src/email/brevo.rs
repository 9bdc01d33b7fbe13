//! The Brevo (ex-Sendinblue) adapter: `POST /v3/smtp/email`.
//!
//! The outbox job's id is Brevo's idempotency key, so a job retried after
//! a timeout (Brevo may have sent it) is never delivered twice. 429 carries
//! `x-sib-ratelimit-reset` (seconds), honoured exactly; 5xx, timeouts and
//! connection errors are retried with backoff; other 4xx are final.

use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{Rendered, SendError, Template};
use crate::config::EmailSettings;

pub struct Brevo {
    client: reqwest::Client,
    endpoint: String,
    api_key: SecretString,
    sender: Sender,
    sandbox: bool,
    template_ids: std::collections::BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Serialize)]
struct Sender {
    name: String,
    email: String,
}

#[derive(Serialize)]
struct Recipient<'a> {
    email: &'a str,
}

/// The body of `POST /v3/smtp/email` (Brevo's `sendSmtpEmail`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SendSmtpEmail<'a> {
    sender: &'a Sender,
    to: Vec<Recipient<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    html_content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<&'a Map<String, Value>>,
    tags: Vec<&'a str>,
    headers: Map<String, Value>,
}

impl Brevo {
    pub fn new(settings: &EmailSettings, api_key: SecretString) -> anyhow::Result<Self> {
        if let Some(name) = settings
            .brevo_template_ids
            .keys()
            .find(|name| !Template::ALL.iter().any(|t| t.name() == name.as_str()))
        {
            anyhow::bail!("email.brevo_template_ids: `{name}` is not one of our email templates");
        }
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(settings.connect_timeout_ms))
            .timeout(Duration::from_millis(settings.request_timeout_ms))
            .user_agent(concat!("renfort/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Brevo {
            client,
            endpoint: format!(
                "{}/v3/smtp/email",
                settings.brevo_base_url.trim_end_matches('/')
            ),
            api_key,
            sender: Sender {
                name: settings.sender_name.clone(),
                email: settings.sender_email.clone(),
            },
            sandbox: settings.sandbox,
            template_ids: settings.brevo_template_ids.clone(),
        })
    }

    pub async fn send(
        &self,
        job_id: Uuid,
        email: &super::EmailJob,
        rendered: &Rendered,
    ) -> Result<(), SendError> {
        let (to, template, params) = (email.to.as_str(), email.template, &email.params);
        let mut headers = Map::new();
        headers.insert("idempotencyKey".into(), Value::String(job_id.to_string()));
        if let Some(url) = &email.unsubscribe {
            // RFC 8058: the mailbox provider posts
            // `List-Unsubscribe=One-Click` to the URL, without the reader
            // signing in (required of bulk senders by Gmail and Yahoo).
            headers.insert("List-Unsubscribe".into(), Value::String(format!("<{url}>")));
            headers.insert(
                "List-Unsubscribe-Post".into(),
                Value::String("List-Unsubscribe=One-Click".into()),
            );
        }
        if self.sandbox {
            headers.insert("X-Sib-Sandbox".into(), Value::String("drop".into()));
        }
        let brevo_template = self.template_ids.get(template.name()).copied();
        let body = SendSmtpEmail {
            sender: &self.sender,
            to: vec![Recipient { email: to }],
            subject: brevo_template
                .is_none()
                .then_some(rendered.subject.as_str()),
            html_content: brevo_template.is_none().then_some(rendered.html.as_str()),
            text_content: brevo_template.is_none().then_some(rendered.text.as_str()),
            template_id: brevo_template,
            params: brevo_template.map(|_| params),
            tags: vec![template.name()],
            headers,
        };
        let response = self
            .client
            .post(&self.endpoint)
            .header("api-key", self.api_key.expose_secret())
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await
            .map_err(|e| {
                // Timeouts and connection failures: Brevo may or may not
                // have the email; the retry carries the same idempotency key.
                SendError::Transient(format!("Brevo unreachable: {e}"))
            })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let reset = response
            .headers()
            .get("x-sib-ratelimit-reset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        let text = response.text().await.unwrap_or_default();
        let (code, message) = serde_json::from_str::<Value>(&text)
            .ok()
            .map(|v| {
                (
                    v["code"].as_str().unwrap_or_default().to_owned(),
                    v["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .unwrap_or_else(|| (String::new(), text.chars().take(200).collect()));
        match status {
            StatusCode::TOO_MANY_REQUESTS => {
                let wait = Duration::from_secs_f64(reset.unwrap_or(1.0).clamp(0.1, 3600.0));
                Err(SendError::RateLimited(wait))
            }
            s if s.is_server_error() => {
                Err(SendError::Transient(format!("Brevo {s}: {code} {message}")))
            }
            s => Err(SendError::Permanent(format!(
                "Brevo {}: {code}: {message}",
                s.as_u16()
            ))),
        }
    }
}
