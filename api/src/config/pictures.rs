//! Pictures (mission images, organisation logos): where they are kept and
//! how many are decoded at once.

use secrecy::SecretString;
use serde::Deserialize;

use super::{invalid, ConfigError};

/// Where pictures are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PictureStorageKind {
    /// In the database: nothing more to run, for the embedded mode and
    /// small deployments.
    Database,
    /// In an S3-compatible bucket (`s3_*`).
    S3,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PictureSettings {
    pub storage: PictureStorageKind,
    /// The bucket's endpoint, path-style (`https://s3.fr-par.scw.cloud`).
    pub s3_endpoint: Option<String>,
    pub s3_bucket: Option<String>,
    pub s3_region: String,
    pub s3_access_key: Option<String>,
    /// (`PICTURES_S3_SECRET_KEY`)
    pub s3_secret_key: Option<SecretString>,
    /// Uploads decoded at once by a process; more wait, up to
    /// `wait_ms`, then get 503 `busy`. Each may take up to ~300 MiB.
    pub max_concurrent: usize,
    pub wait_ms: u64,
}

/// The `pictures` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "storage": "database",
        "s3_endpoint": null,
        "s3_bucket": null,
        "s3_region": "us-east-1",
        "s3_access_key": null,
        "s3_secret_key": null,
        "max_concurrent": 2,
        "wait_ms": 5000,
    })
}

impl PictureSettings {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.storage == PictureStorageKind::S3 {
            let endpoint = self.s3_endpoint.as_deref().unwrap_or_default();
            if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
                return Err(invalid(
                    "pictures.s3_endpoint",
                    "an http(s) URL is needed when storage is s3",
                ));
            }
            for (name, value) in [
                ("pictures.s3_bucket", &self.s3_bucket),
                ("pictures.s3_access_key", &self.s3_access_key),
            ] {
                if value.as_deref().unwrap_or_default().is_empty() {
                    return Err(invalid(name, "needed when storage is s3"));
                }
            }
            if self.s3_secret_key.is_none() {
                return Err(invalid(
                    "pictures.s3_secret_key",
                    "needed when storage is s3",
                ));
            }
        }
        if self.max_concurrent == 0 {
            return Err(invalid("pictures.max_concurrent", "must be at least 1"));
        }
        Ok(())
    }
}
