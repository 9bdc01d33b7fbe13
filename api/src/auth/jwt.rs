//! Access tokens: short-lived JWTs (HS256) with a `kid` header, verified
//! against every configured key so that keys rotate with no downtime:
//! sign with the new key, keep the old one in `auth.jwt_previous` for one
//! token lifetime, then drop it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::AuthSettings;

/// What an access token says. Roles travel in the token so that a request
/// needs no database read to know who is calling; a change of roles or a
/// suspension cuts older tokens through the revocation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    /// The session (refresh-token family) the token was issued for.
    pub sid: Uuid,
    pub iat: i64,
    /// Issue time in milliseconds, compared with revocations.
    pub ims: i64,
    pub exp: i64,
    #[serde(default)]
    pub admin: bool,
    /// Departments where the account is a referent.
    #[serde(default)]
    pub referent: Vec<String>,
}

/// Seconds a token stays good past its `exp`, for clocks a little apart.
const EXPIRY_LEEWAY_SECS: i64 = 5;

pub struct Keys {
    current_kid: String,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    ttl_secs: i64,
    /// The signing secret, from which refresh successors
    /// (`tokens::successor`) and keys for other purposes (`derived`) come,
    /// so that every replica derives the same.
    secret: Vec<u8>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the access token has expired")]
    Expired,
    #[error("the access token is invalid")]
    Invalid,
}

impl Keys {
    pub fn from_settings(auth: &AuthSettings) -> Self {
        let mut decoding = HashMap::new();
        decoding.insert(
            auth.jwt_kid.clone(),
            DecodingKey::from_secret(auth.jwt_secret.expose_secret().as_bytes()),
        );
        for (kid, secret) in &auth.jwt_previous {
            decoding.insert(
                kid.clone(),
                DecodingKey::from_secret(secret.expose_secret().as_bytes()),
            );
        }
        Keys {
            current_kid: auth.jwt_kid.clone(),
            encoding: EncodingKey::from_secret(auth.jwt_secret.expose_secret().as_bytes()),
            decoding,
            ttl_secs: auth.access_token_ttl_secs,
            secret: auth.jwt_secret.expose_secret().as_bytes().to_vec(),
        }
    }

    /// A key for another purpose (`label`), derived from the signing key so
    /// that every replica derives the same and no new secret is to manage.
    pub fn derived(&self, label: &str) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut mac =
            Hmac::<sha2::Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(b"renfort derived key\0");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The refresh token that replaces `token` (see `tokens::successor`).
    pub fn refresh_successor(&self, token: &str) -> crate::auth::tokens::IssuedToken {
        crate::auth::tokens::successor(&self.secret, token)
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    pub fn sign(
        &self,
        account: Uuid,
        session: Uuid,
        admin: bool,
        referent: Vec<String>,
        now: DateTime<Utc>,
    ) -> String {
        let claims = Claims {
            sub: account,
            sid: session,
            iat: now.timestamp(),
            ims: now.timestamp_millis(),
            exp: now.timestamp() + self.ttl_secs,
            admin,
            referent,
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.current_kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).expect("HS256 signing cannot fail")
    }

    /// The claims of `token` if one of our keys signed it and it has not
    /// expired at `now` (the application's clock, not the system's).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| self.decoding.get(kid))
            .ok_or(TokenError::Invalid)?;
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is judged below by our clock; the library reads the system's.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let claims = jsonwebtoken::decode::<Claims>(token, key, &validation)
            .map(|data| data.claims)
            .map_err(|_| TokenError::Invalid)?;
        if claims.exp + EXPIRY_LEEWAY_SECS < now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use serde_json::json;

    fn keys(kid: &str, secret: &str, previous: serde_json::Value) -> Keys {
        let s = Settings::with_overrides(
            json!({"auth": {"jwt_kid": kid, "jwt_secret": secret, "jwt_previous": previous}}),
        )
        .unwrap();
        Keys::from_settings(&s.auth)
    }

    #[test]
    fn signs_and_verifies_with_kid() {
        let k = keys("k1", "first-signing-key-0123456789abcdef", json!({}));
        let (a, s) = (Uuid::now_v7(), Uuid::now_v7());
        let token = k.sign(a, s, true, vec!["75".into()], Utc::now());
        assert_eq!(
            jsonwebtoken::decode_header(&token).unwrap().kid.as_deref(),
            Some("k1")
        );
        let claims = k.verify(&token, Utc::now()).unwrap();
        assert_eq!((claims.sub, claims.sid, claims.admin), (a, s, true));
        assert_eq!(claims.referent, vec!["75"]);
    }

    #[test]
    fn rotation_accepts_tokens_of_the_previous_key() {
        let old = keys("k1", "first-signing-key-0123456789abcdef", json!({}));
        let token = old.sign(Uuid::now_v7(), Uuid::now_v7(), false, vec![], Utc::now());
        let rotated = keys(
            "k2",
            "second-signing-key-0123456789abcdef",
            json!({"k1": "first-signing-key-0123456789abcdef"}),
        );
        assert!(rotated.verify(&token, Utc::now()).is_ok());
        let forgotten = keys("k2", "second-signing-key-0123456789abcdef", json!({}));
        assert_eq!(
            forgotten.verify(&token, Utc::now()),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn expired_and_tampered_tokens_are_refused() {
        let k = keys("k1", "first-signing-key-0123456789abcdef", json!({}));
        let old = k.sign(
            Uuid::now_v7(),
            Uuid::now_v7(),
            false,
            vec![],
            Utc::now() - chrono::Duration::hours(1),
        );
        assert_eq!(k.verify(&old, Utc::now()), Err(TokenError::Expired));
        let good = k.sign(Uuid::now_v7(), Uuid::now_v7(), false, vec![], Utc::now());
        let mut tampered = good.clone();
        tampered.pop();
        tampered.push(if good.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(k.verify(&tampered, Utc::now()), Err(TokenError::Invalid));
        // Its expiry is judged by the clock it is given, not the system's.
        let later = Utc::now() + chrono::Duration::minutes(16);
        assert_eq!(k.verify(&good, later), Err(TokenError::Expired));
        assert_eq!(
            k.verify("not a token", Utc::now()),
            Err(TokenError::Invalid)
        );
    }
}
