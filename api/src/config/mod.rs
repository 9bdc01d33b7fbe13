//! Typed settings: built-in defaults, then an optional TOML file, then the
//! environment. Everything is validated once at start-up so that a bad value
//! stops the process with one line naming the setting, instead of failing on
//! the first request that needs it.

use std::net::IpAddr;
use std::path::PathBuf;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

pub mod example;

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
}

/// Which scheduled reminders are sent; each can be turned off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    /// To the volunteer, the day before an accepted participation starts.
    pub day_before: bool,
    /// To the organisation, when an application has waited 3, then 7 days.
    pub application_waiting: bool,
    /// To the organisation, when a mission's end date is past and it is
    /// still open.
    pub close_or_extend: bool,
    /// To each referent, every morning, when their queue is not empty.
    pub moderation_digest: bool,
    /// To volunteers, once a day at most, when favourite missions close
    /// within `favourites_closing_days`.
    pub favourites_digest: bool,
    pub favourites_closing_days: i64,
    /// The hour reminders of a day go out, on the clocks where they
    /// concern: the mission's zone, or the department's of a digest's
    /// readers (09:00 in Paris and 09:00 in La Réunion are six hours
    /// apart).
    pub local_hour: u32,
}

/// Statistics computed ahead by the worker.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsSettings {
    /// How often the rollup recomputes every snapshot.
    pub refresh_secs: u64,
    /// How long a public statistics answer may be cached (here and by the
    /// CDN).
    pub public_max_age_secs: u64,
}

/// Personal data kept no longer than it serves: inactive accounts are
/// warned, then erased; signups never activated are purged.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Off: nobody is warned or erased for inactivity.
    pub enabled: bool,
    /// An active account not signed in for this long is warned.
    pub inactive_after_days: i64,
    /// A warned account not signed in since is erased this long after.
    pub warning_days: i64,
    /// A signup never activated is deleted after this long.
    pub pending_purge_days: i64,
    /// An organisation left in draft, never submitted, is deregistered
    /// after this long without a change.
    pub draft_organization_days: i64,
    /// How often the sweep runs when it has caught up.
    pub sweep_every_secs: u64,
    /// Accounts handled per step of a sweep (each step its own job).
    pub batch: i64,
}

/// The partner API: keys, the change feed, webhooks, exports.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerSettings {
    /// Requests per minute a key may make unless it says otherwise (on
    /// top of the per-IP limits).
    pub key_rate_per_minute: u32,
    /// The change feed shows a change once it is this old: a transaction
    /// that started earlier but committed later cannot slip in behind a
    /// cursor already handed out. Longer than the statement timeout.
    pub feed_settle_ms: u64,
    /// How long a webhook receiver may take to answer.
    pub webhook_timeout_ms: u64,
    /// The waits between attempts of a delivery; after the last, it has
    /// failed (the default spans a little over 24 h).
    pub webhook_retry_secs: Vec<u64>,
    /// Consecutive failed attempts after which an endpoint is disabled
    /// and its organisation's owners are told.
    pub webhook_disable_after: i32,
    /// After a rotation, deliveries are signed with both secrets this long.
    pub webhook_secret_overlap_hours: i64,
    /// Development only: endpoints on loopback, over plain HTTP, are taken
    /// and called. Private and link-local addresses stay refused.
    pub webhook_allow_loopback: bool,
    /// Webhook endpoints an organisation may register: each event goes to
    /// every one, so their number multiplies the deliveries.
    pub webhook_endpoints_per_organization: usize,
    /// Exports up to this many rows stream at once; larger ones are
    /// produced by the worker and downloaded from a link.
    pub export_stream_rows: i64,
    /// How long an export's download link works.
    pub export_link_hours: i64,
}

/// What the edge tells about a client beyond its address.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeSettings {
    /// The header the edge sets with the client's country (ISO 3166
    /// alpha-2), believed only from trusted proxies: `cf-ipcountry` behind
    /// Cloudflare, or what nginx's GeoIP module is told to set.
    pub country_header: String,
    /// Countries whose clients may write (sign up, register an
    /// organisation, apply). Empty: everyone.
    pub write_countries: Vec<String>,
    /// Whether a write with no known country is allowed.
    pub unknown_country: UnknownCountry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownCountry {
    Allow,
    Refuse,
}

/// The bot challenge on signup.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeSettings {
    pub policy: ChallengePolicy,
    pub kind: ChallengeKind,
    /// When the vendor cannot answer: let the signup through (`open`) or
    /// refuse it with 503 (`closed`).
    pub on_vendor_failure: VendorFailure,
    pub proof_of_work: ProofOfWorkSettings,
    pub friendly_captcha: FriendlyCaptchaSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengePolicy {
    Off,
    Always,
    /// Only while the service is degraded.
    Degraded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeKind {
    ProofOfWork,
    FriendlyCaptcha,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VendorFailure {
    Open,
    Closed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofOfWorkSettings {
    /// Leading zero bits asked: each one doubles the client's work.
    pub difficulty: u32,
    pub ttl_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FriendlyCaptchaSettings {
    pub site_key: Option<String>,
    pub api_key: Option<SecretString>,
    /// The EU endpoint by default.
    pub verify_url: String,
    pub timeout_ms: u64,
}

/// A trusted proxy: one address, or a network in CIDR notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProxyNet {
    pub address: IpAddr,
    pub prefix: u8,
}

impl ProxyNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl TryFrom<String> for ProxyNet {
    type Error = String;

    fn try_from(v: String) -> Result<Self, String> {
        let (address, prefix) = match v.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (v.as_str(), None),
        };
        let address: IpAddr = address
            .trim()
            .parse()
            .map_err(|_| format!("`{v}` is not an address or a network"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{v}`: the prefix must be 0 to {max}"))?,
            None => max,
        };
        Ok(ProxyNet { address, prefix })
    }
}

impl From<ProxyNet> for String {
    fn from(n: ProxyNet) -> String {
        format!("{}/{}", n.address, n.prefix)
    }
}

/// Where `/metrics` is served: a listener of its own, not the public one,
/// so that the crowd (and whoever is in it) never reads the service's
/// internals, and a scrape is never queued behind it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// Loopback by default; the scraper's network in a deployment.
    pub host: IpAddr,
    /// 0 picks a free port (logged at start).
    pub port: u16,
}

/// Stored responses of `Idempotency-Key` writes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdempotencySettings {
    /// How long a key answers with its stored response; then it is purged
    /// and may be used again.
    pub retention_hours: i64,
    /// A key reserved this long ago whose request never finished (the
    /// process died in between) is taken over by the next request.
    pub reservation_timeout_secs: i64,
}

/// Per-account and per-organisation quotas of the writes that send email
/// or create objects, so that no account becomes a spam relay.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSettings {
    /// Organisations an account may create.
    pub organizations_per_account: QuotaSetting,
    /// Invitations an organisation may send (approved ones only).
    pub invitations_per_organization: QuotaSetting,
    /// Invitations one member may send, across organisations.
    pub invitations_per_account: QuotaSetting,
    /// Missions an organisation may create.
    pub missions_per_organization: QuotaSetting,
    /// Submissions for review (missions and organisations) per account.
    pub submissions_per_account: QuotaSetting,
    /// Applications a volunteer may send.
    pub applications_per_account: QuotaSetting,
    /// Email-change requests (each sends a link to a new address).
    pub email_changes_per_account: QuotaSetting,
}

/// Group commit of signups.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeSettings {
    /// Transactions writing signups at once.
    pub writers: usize,
    /// Signups written in one transaction at most.
    pub max_batch: usize,
    /// How long a writer waits for more signups after the first (ms).
    pub window_ms: u64,
}

/// Admission control in front of the database-bound handlers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdmissionSettings {
    /// Requests of this process working at once; 0 means the database
    /// pool's size.
    pub limit: usize,
    /// How long a request may wait to start before it is refused with 503
    /// `overloaded`.
    pub queue_budget_ms: u64,
    /// Requests waiting at most; past it, less important ones leave.
    pub max_queue: usize,
}

/// When the service switches itself to degraded mode, and what that mode
/// changes: the policy table, one line per feature.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DegradedSettings {
    /// Engage after this many consecutive seconds of overload.
    pub engage_after_secs: u64,
    /// Release after this many consecutive calm seconds.
    pub calm_secs: u64,
    /// Overload signals: requests shed per second, requests waiting for a
    /// database connection, p99 latency of admitted requests (ms), age of
    /// the oldest due outbox job (s). Any two of them, or the shed rate
    /// alone, make a second overloaded.
    pub shed_per_sec: u64,
    pub pool_waiting: i64,
    pub latency_p99_ms: u64,
    pub outbox_age_secs: i64,
    /// Policy: non-urgent emails wait (security emails always go).
    pub hold_non_urgent_email: bool,
    /// Policy: listing and search copies stay fresh this many times longer.
    pub ttl_factor: u32,
    /// Policy: exports, histories and admin lists answer 503.
    pub heavy_endpoints_unavailable: bool,
    /// Policy: a search that is not cached answers 503 instead of querying.
    pub search_cache_only: bool,
}

/// Algolia, when configured; the built-in engine otherwise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    pub algolia_app_id: Option<String>,
    /// Writes: records and settings (`ALGOLIA_ADMIN_KEY`).
    pub algolia_admin_key: Option<SecretString>,
    /// The parent of the keys handed to browsers (`ALGOLIA_SEARCH_KEY`).
    pub algolia_search_key: Option<SecretString>,
    pub algolia_index: String,
    /// Overrides Algolia's hosts (base URLs, tried in order); tests point
    /// them at 127.0.0.1.
    pub algolia_hosts: Option<Vec<String>>,
    pub timeout_ms: u64,
    /// Lifetime of the secured keys handed to browsers.
    pub key_validity_secs: i64,
    /// The worker refreshes the counts kept ahead this often.
    pub counts_refresh_secs: u64,
    /// Counts older than this are not used (the worker is not running).
    pub counts_max_age_secs: i64,
    /// A search without text or place reads its total and facets from the
    /// counts kept ahead when they say it has at least this many hits;
    /// fewer are counted exactly, at once.
    pub counts_from_hits: i64,
}

impl SearchSettings {
    pub fn algolia_enabled(&self) -> bool {
        self.algolia_app_id.is_some()
    }
}

/// Transactional email. Without a Brevo key, emails are rendered to the log.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    pub sender_email: String,
    pub sender_name: String,
    /// Brevo API key (`BREVO_API_KEY`); set, emails go through Brevo.
    pub brevo_api_key: Option<SecretString>,
    /// Brevo's API root; tests point it at a local stand-in.
    pub brevo_base_url: String,
    /// `X-Sib-Sandbox: drop`: Brevo accepts and drops every email.
    pub sandbox: bool,
    /// Brevo-side templates to use instead of ours: template name → id.
    pub brevo_template_ids: std::collections::BTreeMap<String, i64>,
    /// Bearer token Brevo's webhooks are configured with.
    pub webhook_token: Option<SecretString>,
    /// Non-urgent emails sent per second at most (a drained backlog after
    /// degraded mode, bulk notifications); security emails are not held.
    pub rate_per_sec: u32,
    pub connect_timeout_ms: u64,
    pub request_timeout_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationSettings {
    /// Organisations whose missions are published on submission, without
    /// review, once the organisation itself is approved.
    pub trusted_organizations: Vec<uuid::Uuid>,
}

/// `limit` requests per `period_secs`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSetting {
    pub limit: u32,
    pub period_secs: u64,
}

/// Rate limits of the authentication endpoints. Per-IP quotas are
/// generous because mobile carriers put many people behind one address;
/// per-address quotas are tight because they protect one person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Signup and activation-email resends, per client IP.
    pub signup_per_ip: QuotaSetting,
    /// Signup and resends, per email address.
    pub signup_per_email: QuotaSetting,
    pub login_per_ip: QuotaSetting,
    /// Login attempts per email address from one client IP: what a
    /// guesser at one address gets.
    pub login_per_email_ip: QuotaSetting,
    /// Login attempts per email address from everywhere: a generous
    /// ceiling, so that strangers cannot lock a person out from one IP.
    pub login_per_email: QuotaSetting,
    /// Forgot and reset, per client IP.
    pub password_per_ip: QuotaSetting,
    /// Forgot-password requests per address from one client IP.
    pub password_per_email_ip: QuotaSetting,
    /// Forgot-password requests per address from everywhere (a ceiling
    /// that bounds the emails one mailbox can be sent).
    pub password_per_email: QuotaSetting,
    /// Refresh-token exchanges per client IP.
    pub refresh_per_ip: QuotaSetting,
    /// Searches per client IP that are not already cached: the ones that
    /// reach the database.
    pub search_miss_per_ip: QuotaSetting,
    /// Organisation look-ups by SIRET or RNA per client IP: enough for a
    /// registrant, too few to walk the register.
    pub lookup_per_ip: QuotaSetting,
    /// Messages an account may write in conversations.
    pub messages_per_account: QuotaSetting,
    /// Proof-of-work challenges handed out per client IP: enough for a
    /// person retrying, too few to bank solved challenges for a burst.
    pub challenge_per_ip: QuotaSetting,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub host: IpAddr,
    pub port: u16,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// How long in-flight requests may take to finish after a stop signal.
    pub shutdown_timeout_secs: u64,
    /// Peers whose `X-Forwarded-For`, `CF-Connecting-IP` and `X-Request-Id`
    /// headers are believed (the load balancer, the CDN).
    /// Addresses or networks (`10.42.0.0/16`, for an ingress controller's
    /// pods).
    pub trusted_proxies: Vec<ProxyNet>,
    /// The header the edge in front sets with the client's address, and
    /// the only one believed (from trusted proxies): `X-Forwarded-For`, or
    /// `CF-Connecting-IP` behind Cloudflare.
    pub client_ip_header: String,
    /// Browser origins of the SPA, allowed by CORS with credentials.
    pub cors_origins: Vec<String>,
    /// Number of actix worker threads; 0 means one per core.
    pub workers: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: SecretString,
    pub max_connections: u32,
    pub min_connections: u32,
    pub acquire_timeout_ms: u64,
    /// SQLite only: how long a writer waits for the lock before failing.
    pub sqlite_busy_timeout_ms: u64,
    /// PostgreSQL only: a statement running longer is stopped (503
    /// `database_busy`); 0 turns the limit off. Sent as a startup option,
    /// which PgBouncer refuses: behind one, set 0 here and the timeout on
    /// the database role instead (docs/OPERATIONS.md).
    pub statement_timeout_ms: u64,
    /// `serve` and `worker` apply pending migrations when they start (the
    /// embedded default). In production, turn it off: `renfort migrate`
    /// runs once per release, and replicas wait until the schema they
    /// were built for is there.
    pub migrate_on_start: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedisSettings {
    pub url: Option<SecretString>,
    pub pool_size: usize,
    /// Prefix of every key, so that deployments (or test runs) can share
    /// one Redis.
    pub key_prefix: String,
    /// Per-command budget; past it the in-process adapters take over.
    pub timeout_ms: u64,
    /// With a `rediss://` URL: a PEM file of the certificate authority
    /// that signed the server's certificate (a managed Redis's CA).
    /// Unset, the system's trust store verifies it.
    pub ca_file: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    /// Run the outbox worker inside `serve` (the embedded default). In
    /// production, turn it off and run `renfort worker` processes instead.
    pub embedded: bool,
    /// Jobs claimed and run at once by one worker.
    pub concurrency: usize,
    /// Webhook deliveries in flight at once in a worker's lane for them,
    /// apart from every other job (one at a time per endpoint).
    pub webhook_lane: usize,
    pub poll_interval_ms: u64,
    /// A claimed job whose worker vanished is taken again after this long.
    pub claim_ttl_secs: u64,
    pub max_attempts: i32,
    /// First retry delay; doubled on each attempt, with jitter.
    pub backoff_base_ms: u64,
    pub backoff_max_secs: u64,
    /// Done jobs are deleted this long after they finished.
    pub done_retention_days: i64,
    /// How often the worker purges what has outlived its retention (done
    /// jobs, expired idempotency keys and refresh tokens).
    pub housekeeping_interval_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    /// A `tracing` filter directive, e.g. `info,sqlx=warn`.
    pub filter: String,
    /// Where traces go over OTLP/HTTP (`http://collector:4318/v1/traces`),
    /// in plain HTTP to a collector nearby; unset, no trace is kept.
    pub otlp_endpoint: Option<String>,
    /// The share of requests traced (a caller's own decision, in
    /// `traceparent`, is followed).
    pub otlp_sample_ratio: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// Signing key of access tokens (HMAC-SHA256), at least 32 bytes.
    pub jwt_secret: SecretString,
    /// Identifier of `jwt_secret`, written in each token's `kid` header.
    pub jwt_kid: String,
    /// Older keys still accepted for verification while tokens signed with
    /// them live out their 15 minutes: `kid` → secret.
    pub jwt_previous: std::collections::BTreeMap<String, SecretString>,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    /// Base URL of the SPA, used in the links of emails.
    pub app_base_url: String,
    /// `Secure` on the refresh cookie; only turn off for plain-http development.
    pub cookie_secure: bool,
    /// Enables `GET /v1/dev/mailbox`; refused with a real email provider.
    pub dev_mailbox: bool,
    /// Bounded queue in front of the password hashing pool.
    pub hash_queue: usize,
    /// Password hashing threads (about 19 MiB of memory each while they
    /// hash); 0 is one per core this process may use, which honours the
    /// container's CPU limit (cgroup quota).
    pub hash_threads: usize,
    /// Two refreshes with one token this close together are one client
    /// (two tabs), not a thief: the second gets the same new token.
    pub refresh_reuse_grace_secs: i64,
    /// A session ends this long after its sign-in, however often it is
    /// refreshed.
    pub session_max_days: i64,
}

/// Defaults are the embedded mode of DESIGN.md: a laptop with nothing else.
pub fn defaults() -> serde_json::Value {
    serde_json::json!({
        "http": {
            "host": "127.0.0.1",
            "port": 8080,
            "body_limit": 64 * 1024,
            "shutdown_timeout_secs": 20,
            "trusted_proxies": [],
            "client_ip_header": "x-forwarded-for",
            "cors_origins": ["http://localhost:5173"],
            "workers": 0,
        },
        "database": {
            "url": "sqlite://./data/renfort.db",
            "max_connections": 16,
            "min_connections": 1,
            "acquire_timeout_ms": 3000,
            "sqlite_busy_timeout_ms": 5000,
            "statement_timeout_ms": 5000,
            "migrate_on_start": true,
        },
        "redis": {
            "url": null,
            "pool_size": 32,
            "key_prefix": "renfort:",
            "timeout_ms": 250,
            "ca_file": null,
        },
        "worker": {
            "embedded": true,
            "concurrency": 8,
            "webhook_lane": 16,
            "poll_interval_ms": 250,
            "claim_ttl_secs": 120,
            "max_attempts": 8,
            "backoff_base_ms": 2000,
            "backoff_max_secs": 3600,
            "done_retention_days": 7,
            "housekeeping_interval_secs": 600,
        },
        "log": {
            "format": "pretty",
            "filter": "info,sqlx=warn",
            "otlp_endpoint": null,
            "otlp_sample_ratio": 0.1,
        },
        "statistics": { "refresh_secs": 300, "public_max_age_secs": 300 },
        "reminders": {
            "day_before": true,
            "application_waiting": true,
            "close_or_extend": true,
            "moderation_digest": true,
            "favourites_digest": true,
            "favourites_closing_days": 3,
            "local_hour": 8,
        },
        "retention": {
            "enabled": true,
            "inactive_after_days": 1095,
            "warning_days": 30,
            "pending_purge_days": 30,
            "draft_organization_days": 90,
            "sweep_every_secs": 3600,
            "batch": 100,
        },
        "admission": { "limit": 0, "queue_budget_ms": 100, "max_queue": 1024 },
        "intake": { "writers": 4, "max_batch": 64, "window_ms": 2 },
        "degraded": {
            "engage_after_secs": 3,
            "calm_secs": 60,
            "shed_per_sec": 20,
            "pool_waiting": 4,
            "latency_p99_ms": 500,
            "outbox_age_secs": 120,
            "hold_non_urgent_email": true,
            "ttl_factor": 10,
            "heavy_endpoints_unavailable": true,
            "search_cache_only": false,
        },
        "moderation": { "trusted_organizations": [] },
        "search": {
            "algolia_app_id": null,
            "algolia_admin_key": null,
            "algolia_search_key": null,
            "algolia_index": "missions",
            "algolia_hosts": null,
            "timeout_ms": 2000,
            "key_validity_secs": 3600,
            // About a second of database time each: every 30 s is 3 % of
            // a core for the first page of the night at index speed.
            "counts_refresh_secs": 30,
            "counts_max_age_secs": 120,
            "counts_from_hits": 1000,
        },
        "email": {
            "sender_email": "ne-pas-repondre@renfort.example",
            "sender_name": "Renfort",
            "brevo_api_key": null,
            "brevo_base_url": "https://api.brevo.com",
            "sandbox": false,
            "brevo_template_ids": {},
            "webhook_token": null,
            "rate_per_sec": 100,
            "connect_timeout_ms": 2000,
            "request_timeout_ms": 10000,
        },
        "limits": {
            "signup_per_ip": { "limit": 100, "period_secs": 600 },
            "signup_per_email": { "limit": 5, "period_secs": 3600 },
            "login_per_ip": { "limit": 60, "period_secs": 60 },
            "login_per_email_ip": { "limit": 10, "period_secs": 900 },
            "login_per_email": { "limit": 100, "period_secs": 3600 },
            "password_per_ip": { "limit": 30, "period_secs": 600 },
            "password_per_email_ip": { "limit": 5, "period_secs": 3600 },
            "password_per_email": { "limit": 10, "period_secs": 3600 },
            "refresh_per_ip": { "limit": 120, "period_secs": 60 },
            "search_miss_per_ip": { "limit": 120, "period_secs": 60 },
            "lookup_per_ip": { "limit": 30, "period_secs": 60 },
            "messages_per_account": { "limit": 30, "period_secs": 600 },
            "challenge_per_ip": { "limit": 20, "period_secs": 60 },
        },
        "auth": {
            // Development-only key; `Settings::validate` refuses it when a
            // production setting (PostgreSQL, Redis) is in use.
            "jwt_secret": DEV_JWT_SECRET,
            "jwt_kid": "dev",
            "jwt_previous": {},
            "access_token_ttl_secs": 900,
            "refresh_token_ttl_days": 30,
            "app_base_url": "http://localhost:5173",
            "cookie_secure": true,
            "dev_mailbox": false,
            "hash_queue": 64,
            "hash_threads": 0,
            "refresh_reuse_grace_secs": 10,
            "session_max_days": 30,
        },
        "quotas": {
            "organizations_per_account": { "limit": 3, "period_secs": 86400 },
            "invitations_per_organization": { "limit": 50, "period_secs": 86400 },
            "invitations_per_account": { "limit": 100, "period_secs": 86400 },
            "missions_per_organization": { "limit": 50, "period_secs": 86400 },
            "submissions_per_account": { "limit": 50, "period_secs": 86400 },
            "applications_per_account": { "limit": 20, "period_secs": 86400 },
            "email_changes_per_account": { "limit": 3, "period_secs": 86400 },
        },
        "idempotency": { "retention_hours": 24, "reservation_timeout_secs": 60 },
        "metrics": { "host": "127.0.0.1", "port": 9464 },
        "challenge": {
            "policy": "degraded",
            "kind": "proof_of_work",
            "on_vendor_failure": "open",
            "proof_of_work": { "difficulty": 18, "ttl_secs": 300 },
            "friendly_captcha": {
                "site_key": null,
                "api_key": null,
                "verify_url": "https://eu.frcapi.com/api/v2/captcha/siteverify",
                "timeout_ms": 3000,
            },
        },
        "edge": { "country_header": "cf-ipcountry", "write_countries": [], "unknown_country": "allow" },
        "partner": {
            "key_rate_per_minute": 600,
            "feed_settle_ms": 10000,
            "webhook_timeout_ms": 5000,
            // Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h:
            // about 27 h in all.
            "webhook_retry_secs": [5, 300, 1800, 7200, 18000, 36000, 36000],
            "webhook_disable_after": 40,
            "webhook_secret_overlap_hours": 24,
            "webhook_allow_loopback": false,
            "webhook_endpoints_per_organization": 10,
            "export_stream_rows": 5000,
            "export_link_hours": 24,
        },
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

/// Which database a URL points at, decided by its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Postgres,
    Sqlite,
}

impl DatabaseSettings {
    pub fn kind(&self) -> Result<DatabaseKind, ConfigError> {
        let url = self.url.expose_secret();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseKind::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(DatabaseKind::Sqlite)
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(invalid(
                "DATABASE_URL",
                format!("unknown scheme `{scheme}`, expected postgres:// or sqlite://"),
            ))
        }
    }
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

    pub fn validate(&self) -> Result<(), ConfigError> {
        let kind = self.database.kind()?;
        if self.partner.key_rate_per_minute == 0 || self.partner.key_rate_per_minute > 100_000 {
            return Err(invalid(
                "partner.key_rate_per_minute",
                "must be between 1 and 100000",
            ));
        }
        if self.partner.webhook_disable_after < 1 {
            return Err(invalid(
                "partner.webhook_disable_after",
                "must be at least 1",
            ));
        }
        if self.partner.export_stream_rows < 0 || self.partner.export_link_hours < 1 {
            return Err(invalid(
                "partner.export_stream_rows",
                "must be at least 0, with links of at least 1 hour",
            ));
        }
        let header = &self.http.client_ip_header;
        if header.is_empty()
            || !header
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(invalid(
                "http.client_ip_header",
                "must be a header name, such as x-forwarded-for or cf-connecting-ip",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(invalid("database.max_connections", "must be at least 1"));
        }
        if self.database.min_connections > self.database.max_connections {
            return Err(invalid(
                "database.min_connections",
                "must not exceed database.max_connections",
            ));
        }
        if let Some(url) = &self.redis.url {
            let url = url.expose_secret();
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                return Err(invalid("REDIS_URL", "expected a redis:// or rediss:// URL"));
            }
            if self.redis.ca_file.is_some() && !url.starts_with("rediss://") {
                return Err(invalid(
                    "redis.ca_file",
                    "is for TLS: use a rediss:// URL with it",
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.log.otlp_sample_ratio) {
            return Err(invalid("log.otlp_sample_ratio", "must be between 0 and 1"));
        }
        if let Some(endpoint) = &self.log.otlp_endpoint {
            // The exporter's client carries no TLS: traces go to a
            // collector nearby (in the cluster), which forwards them.
            if !endpoint.starts_with("http://") {
                return Err(invalid(
                    "log.otlp_endpoint",
                    "expected the http:// URL of a nearby OTLP/HTTP collector (it forwards over TLS)",
                ));
            }
        }
        if self.http.body_limit < 1024 {
            return Err(invalid("http.body_limit", "must be at least 1024 bytes"));
        }
        for origin in &self.http.cors_origins {
            if !(origin.starts_with("http://") || origin.starts_with("https://"))
                || origin.ends_with('/')
            {
                return Err(invalid(
                    "http.cors_origins",
                    format!("`{origin}` is not an origin like https://app.example.org"),
                ));
            }
        }
        if self.worker.concurrency == 0 {
            return Err(invalid("worker.concurrency", "must be at least 1"));
        }
        if self.worker.max_attempts < 1 {
            return Err(invalid("worker.max_attempts", "must be at least 1"));
        }
        if self.auth.jwt_secret.expose_secret().len() < 32 {
            return Err(invalid("auth.jwt_secret", "must be at least 32 bytes long"));
        }
        for (kid, secret) in &self.auth.jwt_previous {
            if secret.expose_secret().len() < 32 || kid.is_empty() {
                return Err(invalid(
                    "auth.jwt_previous",
                    format!("key `{kid}` must have a name and at least 32 bytes"),
                ));
            }
        }
        let production = kind == DatabaseKind::Postgres || self.redis.url.is_some();
        if production && self.auth.jwt_secret.expose_secret() == DEV_JWT_SECRET {
            return Err(invalid(
                "auth.jwt_secret",
                "the development key cannot be used with PostgreSQL or Redis; set RENFORT_AUTH__JWT_SECRET",
            ));
        }
        // Short access lifetimes are for tests of the refresh flow (the
        // browser contract runs with 1 s); production keeps 900.
        if self.auth.access_token_ttl_secs < 1 || self.auth.refresh_token_ttl_days < 1 {
            return Err(invalid(
                "auth.access_token_ttl_secs",
                "token lifetimes are too short",
            ));
        }
        if !(self.auth.app_base_url.starts_with("http://")
            || self.auth.app_base_url.starts_with("https://"))
        {
            return Err(invalid("auth.app_base_url", "must be an http(s) URL"));
        }
        if self.auth.dev_mailbox && !self.email_goes_to_log() {
            return Err(invalid(
                "auth.dev_mailbox",
                "the development mailbox cannot be on with a real email provider (BREVO_API_KEY)",
            ));
        }
        if !self.email.sender_email.contains('@') {
            return Err(invalid("email.sender_email", "must be an email address"));
        }
        if self.email.rate_per_sec == 0 {
            return Err(invalid("email.rate_per_sec", "must be at least 1"));
        }
        // An empty token would let anyone who sends `Bearer ` feed the
        // suppression list.
        if self
            .email
            .webhook_token
            .as_ref()
            .is_some_and(|t| t.expose_secret().trim().len() < 16)
        {
            return Err(invalid(
                "email.webhook_token",
                "must be at least 16 characters; leave it unset to refuse every webhook",
            ));
        }
        if self.search.algolia_enabled()
            && (self.search.algolia_admin_key.is_none() || self.search.algolia_search_key.is_none())
        {
            return Err(invalid(
                "ALGOLIA_ADMIN_KEY",
                "with ALGOLIA_APP_ID, both ALGOLIA_ADMIN_KEY and ALGOLIA_SEARCH_KEY are required",
            ));
        }
        if self.auth.hash_queue == 0 {
            return Err(invalid("auth.hash_queue", "must be at least 1"));
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
