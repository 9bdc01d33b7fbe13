//! The HTTP listener: address, body limit, proxies trusted for the client's
//! address, CORS.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;

use super::{invalid, ConfigError};

/// A trusted proxy: one address, or a network in CIDR notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProxyNet {
    pub address: IpAddr,
    pub prefix: u8,
}

impl ProxyNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl TryFrom<String> for ProxyNet {
    type Error = String;

    fn try_from(v: String) -> Result<Self, String> {
        let (address, prefix) = match v.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (v.as_str(), None),
        };
        let address: IpAddr = address
            .trim()
            .parse()
            .map_err(|_| format!("`{v}` is not an address or a network"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{v}`: the prefix must be 0 to {max}"))?,
            None => max,
        };
        Ok(ProxyNet { address, prefix })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub host: IpAddr,
    pub port: u16,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// How long in-flight requests may take to finish after a stop signal.
    pub shutdown_timeout_secs: u64,
    /// Peers whose `X-Forwarded-For`, `CF-Connecting-IP` and `X-Request-Id`
    /// headers are believed (the load balancer, the CDN).
    /// Addresses or networks (`10.42.0.0/16`, for an ingress controller's
    /// pods).
    pub trusted_proxies: Vec<ProxyNet>,
    /// The header the edge in front sets with the client's address, and
    /// the only one believed (from trusted proxies): `X-Forwarded-For`, or
    /// `CF-Connecting-IP` behind Cloudflare.
    pub client_ip_header: String,
    /// Browser origins of the SPA, allowed by CORS with credentials.
    pub cors_origins: Vec<String>,
    /// Number of actix worker threads; 0 means one per core.
    pub workers: usize,
    /// The API's public address, as clients and mailbox providers reach
    /// it (the one-click unsubscribe links of emails point here).
    pub public_url: String,
}

impl From<ProxyNet> for String {
    fn from(n: ProxyNet) -> String {
        format!("{}/{}", n.address, n.prefix)
    }
}

/// The `http` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "host": "127.0.0.1",
        "port": 8080,
        "body_limit": 64 * 1024,
        "shutdown_timeout_secs": 20,
        "trusted_proxies": [],
        "client_ip_header": "x-forwarded-for",
        "cors_origins": ["http://localhost:5173"],
        "workers": 0,
        "public_url": "http://localhost:8080",
    })
}

impl HttpSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let header = &self.client_ip_header;
        if header.is_empty()
            || !header
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(invalid(
                "http.client_ip_header",
                "must be a header name, such as x-forwarded-for or cf-connecting-ip",
            ));
        }
        if !(self.public_url.starts_with("https://") || self.public_url.starts_with("http://")) {
            return Err(invalid(
                "http.public_url",
                "must be the API's address, starting with https:// (or http:// in development)",
            ));
        }
        if self.body_limit < 1024 {
            return Err(invalid("http.body_limit", "must be at least 1024 bytes"));
        }
        for origin in &self.cors_origins {
            if !(origin.starts_with("http://") || origin.starts_with("https://"))
                || origin.ends_with('/')
            {
                return Err(invalid(
                    "http.cors_origins",
                    format!("`{origin}` is not an origin like https://app.example.org"),
                ));
            }
        }
        Ok(())
    }
}
