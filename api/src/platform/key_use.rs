//! When each partner key last had its use written down, in this process:
//! a busy key writes `last_used_at` about once a minute, not on every
//! request.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

/// The last write of each key's use.
pub struct KeyUse(Mutex<std::collections::HashMap<Uuid, Instant>>);

impl KeyUse {
    pub fn new() -> Self {
        KeyUse(Mutex::new(Default::default()))
    }

    /// Whether to write the key's use down now (and notes that it is).
    pub fn due(&self, key: Uuid) -> bool {
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match seen.get(&key) {
            Some(at) if now.duration_since(*at) < Duration::from_secs(60) => false,
            _ => {
                if seen.len() > 100_000 {
                    seen.clear();
                }
                seen.insert(key, now);
                true
            }
        }
    }
}

impl Default for KeyUse {
    fn default() -> Self {
        Self::new()
    }
}
