//! Where pictures are kept, behind one port: the database by default (the
//! embedded mode and small deployments need nothing more), or an
//! S3-compatible bucket, written with AWS Signature Version 4 (path-style
//! URLs, which every S3-compatible store answers).
//!
//! Decoding an upload costs CPU and up to a few hundred MiB: a process
//! decodes `pictures.max_concurrent` at once, and an upload that waits
//! longer than `pictures.wait_ms` for its turn is refused with 503.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::config::{PictureSettings, PictureStorageKind};
use crate::domain::picture::{self, Kind, Prepared, Rendition};
use crate::domain::validation::Invalid;
use crate::store::Db;

#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("{}", .0.message)]
    Invalid(Invalid),
    #[error("pictures are being processed; try again shortly")]
    Busy,
    /// The database (the default storage): busy or out of reach is said
    /// as for any other use case.
    #[error(transparent)]
    Database(#[from] crate::store::StoreError),
    #[error("picture storage: {0}")]
    Storage(String),
}

/// An S3-compatible bucket.
pub struct Bucket {
    endpoint: String,
    bucket: String,
    region: String,
    access_key: String,
    secret_key: secrecy::SecretString,
    client: reqwest::Client,
}

enum Storage {
    Database(Db),
    Bucket(Bucket),
}

pub struct Pictures {
    storage: Storage,
    decoding: Arc<Semaphore>,
    wait: Duration,
}

impl Pictures {
    pub fn from_settings(s: &PictureSettings, db: &Db) -> anyhow::Result<Self> {
        let storage = match s.storage {
            PictureStorageKind::Database => Storage::Database(db.clone()),
            PictureStorageKind::S3 => Storage::Bucket(Bucket {
                endpoint: s
                    .s3_endpoint
                    .clone()
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_owned(),
                bucket: s.s3_bucket.clone().unwrap_or_default(),
                region: s.s3_region.clone(),
                access_key: s.s3_access_key.clone().unwrap_or_default(),
                secret_key: s
                    .s3_secret_key
                    .clone()
                    .unwrap_or_else(|| secrecy::SecretString::from("")),
                client: reqwest::Client::builder()
                    .timeout(Duration::from_secs(20))
                    .build()?,
            }),
        };
        Ok(Pictures {
            storage,
            decoding: Arc::new(Semaphore::new(s.max_concurrent)),
            wait: Duration::from_millis(s.wait_ms),
        })
    }

    /// Judges and re-encodes an upload off the request threads, once a
    /// decoding place is free.
    pub async fn prepare(&self, bytes: Vec<u8>, kind: Kind) -> Result<Prepared, PictureError> {
        let permit = tokio::time::timeout(self.wait, self.decoding.clone().acquire_owned())
            .await
            .map_err(|_| PictureError::Busy)?
            .map_err(|_| PictureError::Busy)?;
        let prepared = tokio::task::spawn_blocking(move || {
            let _held = permit;
            picture::prepare(&bytes, kind)
        })
        .await
        .map_err(|e| PictureError::Storage(format!("decoding stopped: {e}")))?;
        prepared.map_err(PictureError::Invalid)
    }

    /// Keeps both renditions (before the row that names them is written:
    /// a name in a row always has its bytes).
    pub async fn keep(&self, p: &Prepared, now: DateTime<Utc>) -> Result<(), PictureError> {
        for r in [&p.large, &p.small] {
            self.put(r, now).await?;
        }
        Ok(())
    }

    async fn put(&self, r: &Rendition, now: DateTime<Utc>) -> Result<(), PictureError> {
        match &self.storage {
            Storage::Database(db) => {
                let mut conn = db.acquire().await?;
                Ok(
                    crate::store::pictures::put(conn.h(), &r.name, r.content_type, &r.bytes, now)
                        .await?,
                )
            }
            Storage::Bucket(b) => b.put(&r.name, r.content_type, &r.bytes, now).await,
        }
    }

    /// A rendition's bytes, by name.
    pub async fn get(
        &self,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<u8>>, PictureError> {
        if !picture::is_name(name) {
            return Ok(None);
        }
        match &self.storage {
            Storage::Database(db) => {
                let mut conn = db.acquire().await?;
                Ok(crate::store::pictures::get(conn.h(), name).await?)
            }
            Storage::Bucket(b) => b.get(name, now).await,
        }
    }
}

/// The API's path of the rendition `name`: pictures are always served by
/// the API (from the database or the bucket), cacheable for ever, so a
/// CDN in front of the API serves them as it serves the rest.
pub fn path(name: &str) -> String {
    format!("/v1/pictures/{name}")
}

/// Its absolute URL, for what leaves the platform (the hub's feed).
pub fn absolute_url(public_url: &str, name: &str) -> String {
    format!("{}{}", public_url.trim_end_matches('/'), path(name))
}

fn storage(e: impl std::fmt::Display) -> PictureError {
    PictureError::Storage(e.to_string())
}

impl Bucket {
    fn object_path(&self, name: &str) -> String {
        format!("/{}/pictures/{name}", self.bucket)
    }

    fn host(&self) -> String {
        self.endpoint
            .split_once("://")
            .map_or(self.endpoint.as_str(), |(_, rest)| rest)
            .to_owned()
    }

    async fn put(
        &self,
        name: &str,
        content_type: &str,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), PictureError> {
        let path = self.object_path(name);
        let signed = self.sign("PUT", &path, bytes, now);
        let r = self
            .client
            .put(format!("{}{path}", self.endpoint))
            .headers(signed)
            .header("content-type", content_type)
            .header("cache-control", IMMUTABLE)
            .body(bytes.to_vec())
            .send()
            .await
            .map_err(storage)?;
        if !r.status().is_success() {
            return Err(PictureError::Storage(format!(
                "the bucket answered {} to PUT {name}",
                r.status()
            )));
        }
        Ok(())
    }

    async fn get(&self, name: &str, now: DateTime<Utc>) -> Result<Option<Vec<u8>>, PictureError> {
        let path = self.object_path(name);
        let signed = self.sign("GET", &path, b"", now);
        let r = self
            .client
            .get(format!("{}{path}", self.endpoint))
            .headers(signed)
            .send()
            .await
            .map_err(storage)?;
        match r.status().as_u16() {
            200 => Ok(Some(r.bytes().await.map_err(storage)?.to_vec())),
            404 => Ok(None),
            other => Err(PictureError::Storage(format!(
                "the bucket answered {other} to GET {name}"
            ))),
        }
    }

    /// The headers that sign a request (host, date, payload hash and the
    /// authorisation).
    fn sign(
        &self,
        method: &str,
        path: &str,
        payload: &[u8],
        now: DateTime<Utc>,
    ) -> reqwest::header::HeaderMap {
        let payload_hash = hex::encode(Sha256::digest(payload));
        let amz_date = now.format("%Y%m%dT%H%M%SZ").to_string();
        let host = self.host();
        let headers = [
            ("host", host.as_str()),
            ("x-amz-content-sha256", payload_hash.as_str()),
            ("x-amz-date", amz_date.as_str()),
        ];
        let authorization = sigv4(
            &SigV4 {
                method,
                path,
                headers: &headers,
                payload_hash: &payload_hash,
                region: &self.region,
                access_key: &self.access_key,
                secret_key: self.secret_key.expose_secret(),
            },
            now,
        );
        let mut map = reqwest::header::HeaderMap::new();
        for (name, value) in [
            ("x-amz-content-sha256", payload_hash.as_str()),
            ("x-amz-date", amz_date.as_str()),
            ("authorization", authorization.as_str()),
        ] {
            if let Ok(v) = reqwest::header::HeaderValue::from_str(value) {
                map.insert(name, v);
            }
        }
        map
    }
}

/// How served pictures may be cached: their names change with their bytes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// What a Signature Version 4 signs.
struct SigV4<'a> {
    method: &'a str,
    /// Already URI-encoded: picture names are hex and a dot.
    path: &'a str,
    /// Lowercase names, sorted, every one signed.
    headers: &'a [(&'a str, &'a str)],
    payload_hash: &'a str,
    region: &'a str,
    access_key: &'a str,
    secret_key: &'a str,
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The `Authorization` header of AWS Signature Version 4 for S3.
fn sigv4(r: &SigV4<'_>, now: DateTime<Utc>) -> String {
    let amz_date = now.format("%Y%m%dT%H%M%SZ").to_string();
    let day = now.format("%Y%m%d").to_string();
    let canonical_headers: String = r
        .headers
        .iter()
        .map(|(k, v)| format!("{k}:{}\n", v.trim()))
        .collect();
    let signed_headers = r
        .headers
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<_>>()
        .join(";");
    let canonical = format!(
        "{}\n{}\n\n{canonical_headers}\n{signed_headers}\n{}",
        r.method, r.path, r.payload_hash
    );
    let scope = format!("{day}/{}/s3/aws4_request", r.region);
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{}", r.secret_key).as_bytes(), &day);
    for part in [r.region, "s3", "aws4_request"] {
        key = hmac(&key, part);
    }
    let signature = hex::encode(hmac(&key, &to_sign));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        r.access_key
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of AWS's S3 documentation ("Signature
    /// Calculations for the Authorization Header: Transferring Payload in
    /// a Single Chunk", GET Object): the example's own inputs must give
    /// the example's own signature.
    #[test]
    fn the_signature_is_aws_s_own_worked_example() {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let at = DateTime::parse_from_rfc3339("2013-05-24T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let header = sigv4(
            &SigV4 {
                method: "GET",
                path: "/test.txt",
                headers: &[
                    ("host", "examplebucket.s3.amazonaws.com"),
                    ("range", "bytes=0-9"),
                    ("x-amz-content-sha256", empty),
                    ("x-amz-date", "20130524T000000Z"),
                ],
                payload_hash: empty,
                region: "us-east-1",
                access_key: "AKIAIOSFODNN7EXAMPLE",
                secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            },
            at,
        );
        assert_eq!(
            header,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }
}
