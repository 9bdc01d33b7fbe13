//! Sends one webhook delivery: the URL checked again, its name resolved
//! through a resolver that drops every address `destination` refuses, no
//! proxy (one would resolve the name itself, out of the guard's reach), no
//! redirects followed, a bounded wait. What the partner reads of a failure
//! is only its kind: the error chain would map internal hosts and ports.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::destination::{address_allowed, check_url};

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
    /// No answer: refused destination, connection, timeout; said in a few
    /// words that reveal nothing of the network.
    Failed(String),
}

pub struct Sender {
    client: reqwest::Client,
    allow_loopback: bool,
    /// Endpoints with a delivery in flight: one at a time each, so that a
    /// slow receiver holds one place of the lane, not all of them.
    busy: std::sync::Mutex<std::collections::HashSet<uuid::Uuid>>,
}

/// An endpoint's turn: while it lives, no other delivery goes to it.
pub struct Turn<'a> {
    sender: &'a Sender,
    endpoint: uuid::Uuid,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.sender
            .busy
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.endpoint);
    }
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
            // HTTPS_PROXY and the like would send the name to a proxy that
            // resolves it where the guard cannot see.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .user_agent(concat!("Renfort-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Sender {
            client,
            allow_loopback,
            busy: Default::default(),
        })
    }

    /// The endpoint's turn, unless a delivery to it is in flight.
    pub fn turn(&self, endpoint: uuid::Uuid) -> Option<Turn<'_>> {
        let taken = self
            .busy
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(endpoint);
        // Built only when taken, and after the lock is let go: a turn
        // built and dropped for a busy endpoint would take the lock again
        // from under it (a deadlock of the worker's thread) and free the
        // endpoint its holder still uses.
        taken.then(|| Turn {
            sender: self,
            endpoint,
        })
    }

    pub async fn send(&self, r: Request<'_>) -> Outcome {
        // Address literals do not go through the resolver: judged here;
        // names are judged by the resolver on what they resolve to now.
        if let Err(refused) = check_url(r.url, self.allow_loopback) {
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
                // The chain (the resolver's refusal, a refused port) is for
                // the operator's log only.
                let mut chain = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    chain = format!("{chain}: {s}");
                    source = s.source();
                }
                tracing::info!(error = %chain, "webhook delivery failed");
                Outcome::Failed(
                    if e.is_timeout() {
                        "timed out"
                    } else if e.is_connect() {
                        "connection failed"
                    } else {
                        "request failed"
                    }
                    .to_owned(),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_endpoint_gets_no_turn_and_keeps_its_holders() {
        // On a thread of its own: a deadlock fails the test instead of
        // hanging the suite.
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let sender = Sender::new(Duration::from_secs(1), false).unwrap();
            let (one, other) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
            let held = sender.turn(one).expect("a free endpoint's turn");
            let refused = sender.turn(one).is_none();
            // Refusing did not free it for a third.
            let still_held = sender.turn(one).is_none();
            let other_free = sender.turn(other).is_some();
            drop(held);
            let freed = sender.turn(one).is_some();
            let _ = done.send((refused, still_held, other_free, freed));
        });
        let outcome = outcome
            .recv_timeout(Duration::from_secs(10))
            .expect("turn() returned: no deadlock on a busy endpoint");
        assert_eq!(outcome, (true, true, true, true));
    }
}
