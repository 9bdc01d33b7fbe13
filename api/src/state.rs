//! The application state: what every use case may reach, built once at
//! start-up and shared by the HTTP layer, the services and the worker.

use std::sync::Arc;

use crate::config::Settings;
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
    /// Signups, written in groups.
    pub intake: crate::services::intake::Intake,
}

/// Access-token keys and the password hashing pool.
pub struct Auth {
    pub keys: crate::auth::jwt::Keys,
    pub hasher: crate::auth::password::HashPool,
}
