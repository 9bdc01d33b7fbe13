//! Authentication: opaque tokens, access tokens (JWT), the password
//! hashing pool, and the actor of each request.

pub mod actor;
pub mod jwt;
pub mod password;
pub mod tokens;

use std::collections::HashSet;
use std::sync::LazyLock;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Whether a lower-cased password is one of the most common ones.
pub fn is_common_password(lowercase: &str) -> bool {
    COMMON_PASSWORDS.contains(lowercase)
}
