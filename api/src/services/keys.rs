//! Names of cached entries that several use cases write or drop.

use uuid::Uuid;

/// The cache key of a mission's public view.
pub fn cache_key(id: Uuid) -> String {
    format!("mission:{id}")
}
