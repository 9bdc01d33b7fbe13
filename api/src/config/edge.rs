//! The edge: the country header, and where writes are accepted from.

use serde::Deserialize;

/// What the edge tells about a client beyond its address.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeSettings {
    /// The header the edge sets with the client's country (ISO 3166
    /// alpha-2), believed only from trusted proxies: `cf-ipcountry` behind
    /// Cloudflare, or what nginx's GeoIP module is told to set.
    pub country_header: String,
    /// Countries whose clients may write (sign up, register an
    /// organisation, apply). Empty: everyone.
    pub write_countries: Vec<String>,
    /// Whether a write with no known country is allowed.
    pub unknown_country: UnknownCountry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownCountry {
    Allow,
    Refuse,
}

/// The `edge` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({ "country_header": "cf-ipcountry", "write_countries": [], "unknown_country": "allow" })
}
