//! Opaque tokens (activation, reset, refresh, invitations): 256 random
//! bits, given to the person once, stored only as a SHA-256 hash. Being
//! random rather than chosen, they need no slow hash: a leaked table
//! reveals nothing usable.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A freshly generated token and the hash to store.
pub struct IssuedToken {
    pub token: String,
    pub hash: Vec<u8>,
}

pub fn issue() -> IssuedToken {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    IssuedToken { token, hash }
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The refresh token that replaces `token`: derived from it with a server
/// key instead of drawn at random, so that a second exchange of `token`
/// within the grace period (two tabs refreshing at once) hands out the very
/// same successor, and no second live token, without the raw token ever
/// being stored. Without the key it is as unpredictable as a random one.
pub fn successor(key: &[u8], token: &str) -> IssuedToken {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"renfort refresh successor\0");
    mac.update(token.as_bytes());
    let token = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    let hash = hash(&token);
    IssuedToken { token, hash }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_stored_hashed() {
        let a = issue();
        let b = issue();
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 43);
        assert_eq!(a.hash, hash(&a.token));
        assert_eq!(a.hash.len(), 32);
    }

    #[test]
    fn a_successor_is_stable_for_one_key_and_differs_across_keys() {
        let first = successor(b"key one", "token");
        assert_eq!(first.token, successor(b"key one", "token").token);
        assert_ne!(first.token, successor(b"key two", "token").token);
        assert_ne!(first.token, successor(b"key one", "other").token);
        assert_eq!(first.token.len(), 43);
        assert_eq!(first.hash, hash(&first.token));
    }
}
