//! The built-in proof of work. A challenge is `<payload>.<mac>`, where the
//! payload says `<id>.<expiry>.<bits>` and the MAC is an HMAC-SHA256 of it
//! with a server key: no state is kept until it is used. A solution is
//! `<challenge>:<nonce>`, valid when SHA-256 of that whole string starts
//! with `bits` zero bits. Each challenge is spent once (its id is claimed
//! in the shared cache until it expires).

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Verdict;
use crate::clock::Clock;
use crate::platform::Cache;

pub struct ProofOfWork {
    key: [u8; 32],
    difficulty: u32,
    ttl: Duration,
    /// Judges challenges' lifetimes.
    clock: Clock,
}

/// A challenge to solve, as `GET /v1/challenge` gives it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Issued {
    pub challenge: String,
    /// Leading zero bits of SHA-256(`challenge` + ":" + nonce).
    pub difficulty: u32,
    /// Unix seconds after which the solution is refused.
    pub expires_at: u64,
}

/// The number of leading zero bits of `hash`.
pub fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Finds a nonce for `challenge` (what the SPA does; here for tests and
/// load scripts).
pub fn solve(challenge: &str, difficulty: u32) -> String {
    (0u64..)
        .map(|nonce| format!("{challenge}:{nonce}"))
        .find(|s| leading_zero_bits(&Sha256::digest(s.as_bytes())) >= difficulty)
        .expect("a nonce exists")
}

impl ProofOfWork {
    pub fn new(key: [u8; 32], difficulty: u32, ttl: Duration, clock: Clock) -> Self {
        ProofOfWork {
            key,
            difficulty,
            ttl,
            clock,
        }
    }

    /// Unix seconds by the application's clock.
    fn now_secs(&self) -> u64 {
        u64::try_from(self.clock.now().timestamp()).unwrap_or_default()
    }

    pub fn difficulty(&self) -> u32 {
        self.difficulty
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length")
    }

    /// A challenge for the client counted as `caller` (its address or
    /// /64): solved elsewhere, it is refused, so solutions cannot be
    /// banked by one machine and spent from many.
    pub fn issue(&self, caller: &str) -> Issued {
        self.issue_at(self.now_secs(), self.difficulty, caller)
    }

    /// The MAC of a challenge's payload, for the client it was issued to.
    fn signed(&self, payload: &str, caller: &str) -> Hmac<Sha256> {
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.update(b"\0");
        mac.update(caller.as_bytes());
        mac
    }

    fn issue_at(&self, now: u64, bits: u32, caller: &str) -> Issued {
        let expires_at = now + self.ttl.as_secs();
        let payload = URL_SAFE_NO_PAD.encode(format!("{}.{expires_at}.{bits}", Uuid::now_v7()));
        let mac = self.signed(&payload, caller);
        let tag = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        Issued {
            challenge: format!("{payload}.{tag}"),
            difficulty: bits,
            expires_at,
        }
    }

    /// Checks a solution sent by `caller` and spends its challenge.
    pub async fn verify(&self, cache: &Cache, solution: &str, caller: &str) -> Verdict {
        let now = self.now_secs();
        let (id, expires_at) = match self.check(solution, now, caller) {
            Ok(found) => found,
            Err(why) => return Verdict::Failed(why.into()),
        };
        let ttl = Duration::from_secs(expires_at.saturating_sub(now).max(1));
        if cache.claim_once(&format!("pow_spent:{id}"), ttl).await {
            Verdict::Passed
        } else {
            Verdict::Failed("this challenge was already used".into())
        }
    }

    /// Everything but the single use: the challenge's id and expiry.
    fn check(&self, solution: &str, now: u64, caller: &str) -> Result<(Uuid, u64), &'static str> {
        let (challenge, nonce) = solution.rsplit_once(':').ok_or("malformed solution")?;
        if nonce.is_empty() || nonce.len() > 20 || !nonce.bytes().all(|b| b.is_ascii_digit()) {
            return Err("malformed nonce");
        }
        let (payload, tag) = challenge.split_once('.').ok_or("malformed challenge")?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| "malformed challenge")?;
        self.signed(payload, caller)
            .verify_slice(&tag)
            .map_err(|_| "not a challenge this service gave to this address")?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|p| String::from_utf8(p).ok())
            .ok_or("malformed challenge")?;
        let mut parts = payload.split('.');
        let id = parts.next().and_then(|p| p.parse::<Uuid>().ok());
        let expires_at = parts.next().and_then(|p| p.parse::<u64>().ok());
        let bits = parts.next().and_then(|p| p.parse::<u32>().ok());
        let (Some(id), Some(expires_at), Some(bits)) = (id, expires_at, bits) else {
            return Err("malformed challenge");
        };
        if expires_at <= now {
            return Err("the challenge expired");
        }
        if bits != self.difficulty {
            return Err("the challenge was issued for another difficulty");
        }
        if leading_zero_bits(&Sha256::digest(solution.as_bytes())) < bits {
            return Err("the nonce does not solve the challenge");
        }
        Ok((id, expires_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: &str = "203.0.113.7";

    fn pow(difficulty: u32) -> ProofOfWork {
        ProofOfWork::new(
            [7; 32],
            difficulty,
            Duration::from_secs(300),
            Clock::system(),
        )
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0b0001_0000, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0xff]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }

    #[tokio::test]
    async fn a_solution_passes_once() {
        let p = pow(8);
        let cache = Cache::new(None, 100);
        let issued = p.issue(HERE);
        let solution = solve(&issued.challenge, issued.difficulty);
        assert_eq!(p.verify(&cache, &solution, HERE).await, Verdict::Passed);
        assert_eq!(
            p.verify(&cache, &solution, HERE).await,
            Verdict::Failed("this challenge was already used".into())
        );
    }

    #[test]
    fn an_expired_challenge_is_refused() {
        let p = pow(4);
        let issued = p.issue_at(1_000, 4, HERE);
        let solution = solve(&issued.challenge, 4);
        assert!(p.check(&solution, 1_000 + 299, HERE).is_ok());
        assert_eq!(
            p.check(&solution, 1_000 + 300, HERE),
            Err("the challenge expired")
        );
    }

    #[test]
    fn a_challenge_of_another_difficulty_is_refused() {
        let p = pow(8);
        // Issued (and signed) by this server, but at 2 bits: cheap to solve.
        let easy = p.issue_at(p.now_secs(), 2, HERE);
        let solution = solve(&easy.challenge, 2);
        assert_eq!(
            p.check(&solution, p.now_secs(), HERE),
            Err("the challenge was issued for another difficulty")
        );
    }

    #[test]
    fn a_nonce_that_does_not_solve_or_a_forged_challenge_is_refused() {
        let p = pow(16);
        let issued = p.issue(HERE);
        let wrong = (0u64..)
            .map(|n| format!("{}:{n}", issued.challenge))
            .find(|s| leading_zero_bits(&Sha256::digest(s.as_bytes())) < 16)
            .unwrap();
        assert_eq!(
            p.check(&wrong, p.now_secs(), HERE),
            Err("the nonce does not solve the challenge")
        );
        // Someone else's key, or an edited payload.
        let other =
            ProofOfWork::new([9; 32], 16, Duration::from_secs(300), Clock::system()).issue(HERE);
        let forged = solve(&other.challenge, 1);
        assert_eq!(
            p.check(&forged, p.now_secs(), HERE),
            Err("not a challenge this service gave to this address")
        );
    }

    #[test]
    fn a_challenge_solved_for_one_address_is_refused_from_another() {
        let p = pow(4);
        let issued = p.issue(HERE);
        let solution = solve(&issued.challenge, 4);
        assert!(p.check(&solution, p.now_secs(), HERE).is_ok());
        assert_eq!(
            p.check(&solution, p.now_secs(), "198.51.100.9"),
            Err("not a challenge this service gave to this address")
        );
    }
}
