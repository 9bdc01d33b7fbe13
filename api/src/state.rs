//! The application state: what every use case may reach, built once at
//! start-up and shared by the HTTP layer, the services and the worker.

use std::sync::Arc;

use crate::config::Settings;
use crate::domain::account::NewSignup;
use crate::error::ServiceError;
use crate::platform::Platform;
use crate::store::Db;

/// What every handler may reach.
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub platform: Arc<Platform>,
    pub auth: Auth,
    /// Algolia, when configured.
    pub algolia: Option<Arc<crate::search::algolia::Algolia>>,
    /// Who may work on the database now, and who waits.
    pub admission: Arc<crate::platform::admission::Admission>,
    /// Shedding when the CPU, not the pool, is what is short.
    pub sojourn: Arc<crate::platform::sojourn::Sojourn>,
    /// The gate per mission and the missions known full.
    pub hot: Arc<crate::platform::hot::HotMissions>,
    /// Signups, written in groups.
    pub intake: Box<dyn SignupIntake>,
    /// The bot challenge on signup.
    pub challenge: crate::challenge::Challenge,
    /// Which countries may write.
    pub region: crate::edge::RegionPolicy,
    /// When each partner key last had its use written down.
    pub key_use: crate::platform::key_use::KeyUse,
    /// Where mission images and logos are kept, and the decoding queue.
    pub pictures: Arc<crate::platform::pictures::Pictures>,
}

impl AppState {
    /// The clock every decision that depends on time reads (the store's).
    pub fn clock(&self) -> &crate::clock::Clock {
        self.db.clock()
    }
}

/// The signup intake as the rest of the application sees it; the group
/// commit behind it is `services::intake::Intake`.
pub trait SignupIntake: Send + Sync {
    /// Returns once the signup is committed, or refused.
    fn signup(
        &self,
        signup: NewSignup,
    ) -> futures_util::future::BoxFuture<'_, Result<(), ServiceError>>;
    /// Signups refused because the queue was full, since start.
    fn refused(&self) -> u64;
    /// (batches, signups) written since start.
    fn counts(&self) -> (u64, u64);
}

/// Access-token keys and the password hashing pool.
pub struct Auth {
    pub keys: crate::auth::jwt::Keys,
    pub hasher: crate::auth::password::HashPool,
}
