//! Sends one webhook delivery: the URL checked again, its name resolved
//! through a resolver that drops every address `destination` refuses, no
//! redirects followed, a bounded wait.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::destination::{address_allowed, check_shape};

/// Resolves with the system resolver, then keeps only the addresses a
/// webhook may reach: a name that points inside the network resolves to
/// nothing.
struct GuardedResolver {
    allow_loopback: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_loopback = self.allow_loopback;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| address_allowed(a.ip(), allow_loopback).is_ok())
                .collect();
            if addrs.is_empty() {
                return Err(format!(
                    "{host} resolves to no address a webhook may reach (private, loopback or link-local)"
                )
                .into());
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Outcome {
    /// The receiver answered 2xx.
    Delivered(u16),
    /// It answered something else.
    Refused(u16),
    /// No answer: refused destination, connection, timeout.
    Failed(String),
}

pub struct Sender {
    client: reqwest::Client,
    allow_loopback: bool,
}

/// One signed request.
pub struct Request<'a> {
    pub url: &'a str,
    pub id: &'a str,
    pub timestamp: i64,
    pub signature: &'a str,
    pub body: &'a str,
}

impl Sender {
    pub fn new(timeout: Duration, allow_loopback: bool) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver { allow_loopback }))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .user_agent(concat!("Renfort-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Sender {
            client,
            allow_loopback,
        })
    }

    pub async fn send(&self, r: Request<'_>) -> Outcome {
        // Address literals do not go through the resolver: judged here;
        // names are judged by the resolver on what they resolve to now.
        if let Err(refused) = check_shape(r.url, self.allow_loopback) {
            return Outcome::Failed(format!("destination refused: the URL {refused}"));
        }
        let sent = self
            .client
            .post(r.url)
            .header("content-type", "application/json")
            .header("webhook-id", r.id)
            .header("webhook-timestamp", r.timestamp.to_string())
            .header("webhook-signature", r.signature)
            .body(r.body.to_owned())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => {
                Outcome::Delivered(response.status().as_u16())
            }
            Ok(response) => Outcome::Refused(response.status().as_u16()),
            Err(e) => {
                // The chain says why (the resolver's refusal, a timeout).
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    message = format!("{message}: {s}");
                    source = s.source();
                }
                Outcome::Failed(message)
            }
        }
    }
}
