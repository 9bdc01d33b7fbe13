//! Typed settings: built-in defaults, then an optional TOML file, then the
//! environment. Everything is validated once at start-up so that a bad value
//! stops the process with one line naming the setting, instead of failing on
//! the first request that needs it.

use std::path::PathBuf;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::ExposeSecret;
use serde::Deserialize;

mod admission;
mod api_engagement;
mod auth;
mod challenge;
mod database;
mod degraded;
mod edge;
mod email;
pub mod example;
mod http;
mod idempotency;
mod intake;
mod limits;
mod log;
mod metrics;
mod moderation;
mod partner;
mod pictures;
mod quotas;
mod redis;
mod reminders;
mod retention;
mod search;
mod statistics;
mod worker;

pub use admission::*;
pub use api_engagement::*;
pub use auth::*;
pub use challenge::*;
pub use database::*;
pub use degraded::*;
pub use edge::*;
pub use email::*;
pub use http::*;
pub use idempotency::*;
pub use intake::*;
pub use limits::*;
pub use log::*;
pub use metrics::*;
pub use moderation::*;
pub use partner::*;
pub use pictures::*;
pub use quotas::*;
pub use redis::*;
pub use reminders::*;
pub use retention::*;
pub use search::*;
pub use statistics::*;
pub use worker::*;

/// Where the optional configuration file is looked for when `RENFORT_CONFIG`
/// does not name one.
pub const DEFAULT_CONFIG_FILE: &str = "renfort.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub redis: RedisSettings,
    pub worker: WorkerSettings,
    pub log: LogSettings,
    pub auth: AuthSettings,
    pub limits: LimitSettings,
    pub moderation: ModerationSettings,
    pub email: EmailSettings,
    pub search: SearchSettings,
    pub admission: AdmissionSettings,
    pub degraded: DegradedSettings,
    pub intake: IntakeSettings,
    pub quotas: QuotaSettings,
    pub idempotency: IdempotencySettings,
    pub metrics: MetricsSettings,
    pub challenge: ChallengeSettings,
    pub edge: EdgeSettings,
    pub partner: PartnerSettings,
    pub retention: RetentionSettings,
    pub statistics: StatisticsSettings,
    pub reminders: ReminderSettings,
    pub api_engagement: ApiEngagementSettings,
    pub pictures: PictureSettings,
}

/// Defaults are the embedded mode of DESIGN.md: a laptop with nothing else.
pub fn defaults() -> serde_json::Value {
    serde_json::json!({
        "http": http::defaults(),
        "database": database::defaults(),
        "redis": redis::defaults(),
        "worker": worker::defaults(),
        "log": log::defaults(),
        "statistics": statistics::defaults(),
        "reminders": reminders::defaults(),
        "retention": retention::defaults(),
        "admission": admission::defaults(),
        "intake": intake::defaults(),
        "degraded": degraded::defaults(),
        "moderation": moderation::defaults(),
        "search": search::defaults(),
        "email": email::defaults(),
        "limits": limits::defaults(),
        "auth": auth::defaults(),
        "quotas": quotas::defaults(),
        "idempotency": idempotency::defaults(),
        "metrics": metrics::defaults(),
        "challenge": challenge::defaults(),
        "edge": edge::defaults(),
        "partner": partner::defaults(),
        "api_engagement": api_engagement::defaults(),
        "pictures": pictures::defaults(),
    })
}

pub const DEV_JWT_SECRET: &str = "renfort-development-key-do-not-use-in-production";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(String),
    #[error("configuration: {setting}: {message}")]
    Invalid {
        setting: &'static str,
        message: String,
    },
}

fn invalid(setting: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting,
        message: message.into(),
    }
}

/// A conventional variable (`BREVO_API_KEY`) read as a setting.
fn rename(variable: &'static str, setting: &'static str) -> Env {
    Env::raw().only(&[variable]).map(move |_| setting.into())
}

impl Settings {
    /// Emails are rendered to the log (no email provider configured).
    pub fn email_goes_to_log(&self) -> bool {
        self.email.brevo_api_key.is_none()
    }

    /// Defaults, then the TOML file (`RENFORT_CONFIG`, or `renfort.toml` when
    /// present), then `PORT`, then `RENFORT_SECTION__KEY` variables, then the
    /// conventional `DATABASE_URL` and `REDIS_URL`.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("RENFORT_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(DEFAULT_CONFIG_FILE));
        if std::env::var("RENFORT_CONFIG").is_ok() && !file.exists() {
            return Err(invalid(
                "RENFORT_CONFIG",
                format!("file {} does not exist", file.display()),
            ));
        }
        let figment = Figment::from(Serialized::defaults(defaults()))
            .merge(Toml::file(file))
            // The port a PaaS (Scalingo, Heroku, Clever Cloud) assigns; an
            // explicit RENFORT_HTTP__PORT still wins.
            .merge(rename("PORT", "http.port"))
            .merge(
                Env::prefixed("RENFORT_")
                    .ignore(&["CONFIG"])
                    .split("__")
                    .map(|k| k.as_str().to_ascii_lowercase().into()),
            )
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database.url".into()),
            )
            .merge(Env::raw().only(&["REDIS_URL"]).map(|_| "redis.url".into()))
            .merge(rename("BREVO_API_KEY", "email.brevo_api_key"))
            .merge(rename("API_ENGAGEMENT_API_KEY", "api_engagement.api_key"))
            .merge(rename("PICTURES_S3_SECRET_KEY", "pictures.s3_secret_key"))
            .merge(rename("ALGOLIA_APP_ID", "search.algolia_app_id"))
            .merge(rename("ALGOLIA_ADMIN_KEY", "search.algolia_admin_key"))
            .merge(rename("ALGOLIA_SEARCH_KEY", "search.algolia_search_key"));
        Self::from_figment(figment)
    }

    /// Settings from defaults plus explicit overrides; used by tests and tools.
    pub fn with_overrides(overrides: serde_json::Value) -> Result<Self, ConfigError> {
        let figment =
            Figment::from(Serialized::defaults(defaults())).merge(Serialized::defaults(overrides));
        Self::from_figment(figment)
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let settings: Settings = figment.extract().map_err(|e| {
            // figment names the key path; keep only the first error, one line.
            let first = e.into_iter().next();
            ConfigError::Load(first.map(|e| e.to_string()).unwrap_or_default())
        })?;
        settings.validate()?;
        Ok(settings)
    }

    /// Each section refuses what it cannot work with; what spans sections
    /// (the development key with production services, the development
    /// mailbox with a real provider) is judged here.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let kind = self.database.kind()?;
        self.http.validate()?;
        self.database.validate()?;
        self.redis.validate()?;
        self.worker.validate()?;
        self.log.validate()?;
        self.search.validate()?;
        self.email.validate()?;
        self.auth.validate()?;
        self.partner.validate()?;
        self.api_engagement.validate()?;
        self.pictures.validate()?;
        let production = kind == DatabaseKind::Postgres || self.redis.url.is_some();
        if production && self.auth.jwt_secret.expose_secret() == DEV_JWT_SECRET {
            return Err(invalid(
                "auth.jwt_secret",
                "the development key cannot be used with PostgreSQL or Redis; set RENFORT_AUTH__JWT_SECRET",
            ));
        }
        if self.auth.dev_mailbox && !self.email_goes_to_log() {
            return Err(invalid(
                "auth.dev_mailbox",
                "the development mailbox cannot be on with a real email provider (BREVO_API_KEY)",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_are_the_embedded_mode() {
        let s = Settings::with_overrides(json!({})).unwrap();
        assert_eq!(s.http.port, 8080);
        assert_eq!(s.http.host.to_string(), "127.0.0.1");
        assert_eq!(s.database.kind().unwrap(), DatabaseKind::Sqlite);
        assert!(s.redis.url.is_none());
        assert!(s.worker.embedded);
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's own error type, in a test
    fn the_port_a_platform_assigns_is_honoured_unless_set_explicitly() {
        figment::Jail::expect_with(|jail| {
            // Only the variables this test sets (the suite runs with its
            // own RENFORT_TEST_* ones).
            jail.clear_env();
            jail.set_env("PORT", "5042");
            assert_eq!(Settings::load().unwrap().http.port, 5042);
            jail.set_env("RENFORT_HTTP__PORT", "6000");
            assert_eq!(Settings::load().unwrap().http.port, 6000);
            Ok(())
        });
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let s = Settings::with_overrides(
            json!({"http": {"trusted_proxies": ["127.0.0.1", "10.42.0.0/16", "fd00::/8"]}}),
        )
        .unwrap();
        let [one, pods, v6] = s.http.trusted_proxies[..] else {
            panic!("three")
        };
        assert!(one.contains("127.0.0.1".parse().unwrap()));
        assert!(!one.contains("127.0.0.2".parse().unwrap()));
        assert!(pods.contains("10.42.200.7".parse().unwrap()));
        assert!(!pods.contains("10.43.0.1".parse().unwrap()));
        assert!(v6.contains("fd12::1".parse().unwrap()));
        assert!(!v6.contains("10.42.0.1".parse().unwrap()));
        let err = Settings::with_overrides(json!({"http": {"trusted_proxies": ["10.0.0.0/40"]}}))
            .unwrap_err();
        assert!(err.to_string().contains("prefix"), "{err}");
    }

    #[test]
    fn unknown_database_scheme_names_the_setting() {
        let err = Settings::with_overrides(json!({"database": {"url": "mysql://x"}})).unwrap_err();
        let line = err.to_string();
        assert!(line.contains("DATABASE_URL"), "{line}");
        assert!(line.contains("mysql"), "{line}");
        assert!(!line.contains('\n'));
    }

    #[test]
    fn short_jwt_key_is_refused() {
        let err = Settings::with_overrides(json!({"auth": {"jwt_secret": "short"}})).unwrap_err();
        assert!(err.to_string().contains("auth.jwt_secret"));
    }

    #[test]
    fn development_key_is_refused_in_production() {
        let err =
            Settings::with_overrides(json!({"database": {"url": "postgres://localhost/renfort"}}))
                .unwrap_err();
        assert!(err.to_string().contains("development key"));
    }

    #[test]
    fn unknown_setting_is_an_error() {
        let err = Settings::with_overrides(json!({"http": {"prot": 1}})).unwrap_err();
        assert!(err.to_string().contains("prot"), "{err}");
    }

    #[test]
    fn an_empty_or_short_webhook_token_is_refused() {
        for token in ["", "   ", "short"] {
            let err =
                Settings::with_overrides(json!({"email": {"webhook_token": token}})).unwrap_err();
            assert!(err.to_string().contains("email.webhook_token"), "{err}");
        }
        assert!(Settings::with_overrides(json!({
            "email": {"webhook_token": "a-long-enough-webhook-token"}
        }))
        .is_ok());
    }

    #[test]
    fn the_development_mailbox_is_refused_with_brevo() {
        let err = Settings::with_overrides(json!({
            "auth": {"dev_mailbox": true},
            "email": {"brevo_api_key": "xkeysib-123"}
        }))
        .unwrap_err();
        assert!(err.to_string().contains("auth.dev_mailbox"), "{err}");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let s = Settings::with_overrides(json!({
            "database": {"url": "sqlite://secret-path.db"},
            "auth": {"jwt_secret": "a-very-secret-signing-key-0123456789"}
        }))
        .unwrap();
        let debug = format!("{s:?}");
        assert!(!debug.contains("a-very-secret-signing-key"));
        assert!(!debug.contains("secret-path"));
    }
}
