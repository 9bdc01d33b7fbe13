//! Authentication: opaque tokens, access tokens (JWT), the password
//! hashing pool, and the actor of each request.

pub mod actor;
pub mod jwt;
pub mod password;
pub mod tokens;
