//! Building and running the application: bind, migrate, start the worker,
//! serve, and stop gracefully.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::{Server, ServerHandle};
use actix_web::http::{header, Method};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::Keys;
use crate::auth::password::HashPool;
use crate::clock::Clock;
use crate::config::Settings;
use crate::email::mailer::Mailer;
use crate::email::Sink;
use crate::http;
use crate::http::client::TrustedProxies;
use crate::http::extract::BodyLimit;
use crate::http::metrics::Metrics;
use crate::jobs::{Handlers, Worker};
use crate::platform::admission::Admission;
use crate::platform::Platform;
use crate::search::algolia::Algolia;
use crate::services::intake::{Intake, IntakeConfig};
use crate::state::{AppState, Auth};
use crate::store::Db;

pub struct Application {
    port: u16,
    metrics_port: u16,
    metrics_handle: ServerHandle,
    server: Server,
    state: web::Data<AppState>,
    worker: Option<(watch::Sender<bool>, JoinHandle<()>)>,
}

/// Connects to the database and applies pending migrations.
pub async fn connect_and_migrate(settings: &Settings) -> anyhow::Result<Db> {
    let db = connect(settings).await?;
    db.migrate()
        .await
        .context("cannot apply database migrations")?;
    Ok(db)
}

/// `renfort migrate`: applies what is pending, and says how many.
pub async fn migrate(settings: &Settings) -> anyhow::Result<usize> {
    let db = connect(settings).await?;
    let pending = db
        .pending_migrations()
        .await
        .context("cannot read the applied migrations")?;
    db.migrate()
        .await
        .context("cannot apply database migrations")?;
    db.close().await;
    Ok(pending)
}

/// Connects to the database, then readies the schema as
/// `database.migrate_on_start` says: applies what is pending, or waits
/// for `renfort migrate` (the release's Job) to have applied it.
pub async fn connect_for_service(settings: &Settings) -> anyhow::Result<Db> {
    if settings.database.migrate_on_start {
        return connect_and_migrate(settings).await;
    }
    let db = connect(settings).await?;
    let mut waited = Duration::ZERO;
    loop {
        let pending = db
            .pending_migrations()
            .await
            .context("cannot read the applied migrations")?;
        if pending == 0 {
            return Ok(db);
        }
        if waited.as_secs().is_multiple_of(10) {
            tracing::info!(
                pending,
                "waiting for `renfort migrate` to apply this release's migrations (database.migrate_on_start is off)"
            );
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        waited += Duration::from_secs(1);
    }
}

/// Opens the pool, logging the connections this process may hold. A
/// refused certificate or an unreachable server stops start-up with one
/// line that names the setting to look at.
async fn connect(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database).await.map_err(|e| {
        let reason = one_line(&e);
        let setting = if crate::tls::is_refusal(&reason) {
            "database.url (DATABASE_URL: sslmode, sslrootcert): TLS with the database failed"
        } else {
            "cannot connect to the database (DATABASE_URL)"
        };
        anyhow::anyhow!("{setting}: {reason}")
    })?;
    if db.kind() == crate::config::DatabaseKind::Postgres {
        tracing::info!(
            max_connections = settings.database.max_connections,
            intake_writers = settings.intake.writers,
            "connection budget of this process: at most {} PostgreSQL connections (database.max_connections), {} of them kept for the signup intake's writers",
            settings.database.max_connections,
            settings.intake.writers.min(settings.database.max_connections as usize),
        );
    }
    Ok(db)
}

/// An error and its causes on one line, for a log line or a terminal.
fn one_line(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let message = cause.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        source = cause.source();
    }
    text.replace('\n', " ")
}

/// The outbox worker with the handlers configured by `settings`.
pub fn worker(
    settings: &Settings,
    db: Db,
    platform: Option<Arc<Platform>>,
) -> anyhow::Result<Worker> {
    let sink = Sink::from_settings(&settings.email)?;
    let mailer = Mailer::new(
        sink,
        db.clone(),
        settings.auth.app_base_url.clone(),
        settings.email.rate_per_sec,
    );
    let algolia = Algolia::from_settings(&settings.search)?.map(Arc::new);
    let hub = crate::services::api_engagement::push::Hub::from_settings(settings)?.map(Arc::new);
    Ok(Worker::new(
        db.clone(),
        settings.worker.clone(),
        Handlers {
            db,
            mailer,
            platform,
            algolia,
            hub,
            hold_non_urgent_email: settings.degraded.hold_non_urgent_email,
            // The development mailbox shows the links of sent emails.
            scrub_secrets: !settings.auth.dev_mailbox,
            housekeeping: crate::jobs::housekeeping::Retention::from_settings(settings),
            webhooks: Arc::new(crate::webhooks::sender::Sender::new(
                std::time::Duration::from_millis(settings.partner.webhook_timeout_ms),
                settings.partner.webhook_allow_loopback,
            )?),
            partner: settings.partner.clone(),
            settings: settings.clone(),
            statistics_every: std::time::Duration::from_secs(
                settings.statistics.refresh_secs.max(1),
            ),
            search_counts_every: std::time::Duration::from_secs(
                settings.search.counts_refresh_secs.max(1),
            ),
        },
        Duration::from_secs(settings.http.shutdown_timeout_secs),
    ))
}

/// Password hashing threads: as configured, or one per core this process
/// may use. The standard library reads the cgroup's CPU quota, so a pod
/// limited to 2 CPUs on a 32-core node hashes on 2 threads, and its memory
/// for hashing stays 2 × 19 MiB instead of 32 × 19 MiB.
fn hash_threads(configured: usize) -> usize {
    let threads = match configured {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    tracing::info!(
        threads,
        "password hashing: {threads} threads, up to {} MiB while they all hash (auth.hash_threads)",
        threads * 19
    );
    threads
}

/// The development signing key is public: anyone can sign an admin token
/// with it. It is accepted only on a developer's laptop: bound to loopback
/// *and* with the development mailbox on. A loopback address alone is not
/// enough, since a reverse proxy on the same host would pass forged tokens
/// in. Anywhere else with no key configured (the default image), a random
/// key is drawn at each start instead; sessions then end with the process.
fn without_public_development_key(mut settings: Settings) -> Settings {
    use secrecy::ExposeSecret;
    if settings.auth.jwt_secret.expose_secret() != crate::config::DEV_JWT_SECRET {
        return settings;
    }
    if settings.http.host.is_loopback() && settings.auth.dev_mailbox {
        tracing::warn!(
            "signing sessions with the public development key: accepted only because this \
             process is bound to loopback with the development mailbox on"
        );
        return settings;
    }
    let key: [u8; 48] = rand::random();
    settings.auth.jwt_secret =
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD_NO_PAD, key).into();
    tracing::warn!(
        host = %settings.http.host,
        dev_mailbox = settings.auth.dev_mailbox,
        "no signing key configured (RENFORT_AUTH__JWT_SECRET), and not a development laptop \
         (loopback with the development mailbox on): using a random key for this process; \
         sessions will not survive a restart"
    );
    settings
}

impl Application {
    /// The service on the system clock.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Clock::system()).await
    }

    /// The service going by `clock`: tests hold an adjustable one, which
    /// the handlers, the worker and the store all read.
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let settings = Arc::new(without_public_development_key(settings));
        let db = connect_for_service(&settings).await?.with_clock(clock);
        let platform = Platform::start(&settings.redis, db.clone()).await?;
        let listener = bind(settings.http.host, settings.http.port, "")?;
        let port = listener.local_addr()?.port();
        let metrics_listener = bind(settings.metrics.host, settings.metrics.port, " for metrics")?;
        let metrics_port = metrics_listener.local_addr()?.port();

        let pictures = Arc::new(crate::platform::pictures::Pictures::from_settings(
            &settings.pictures,
            &db,
        )?);
        let keys = Keys::from_settings(&settings.auth);
        let pow_key = keys.derived("proof of work");
        let hash_threads = hash_threads(settings.auth.hash_threads);
        let state = web::Data::new(AppState {
            settings: settings.clone(),
            db: db.clone(),
            platform,
            auth: Auth {
                keys,
                hasher: HashPool::new(hash_threads, settings.auth.hash_queue),
            },
            algolia: Algolia::from_settings(&settings.search)?.map(Arc::new),
            admission: Admission::new(
                match settings.admission.limit {
                    // The pool, less the intake's writers: admitted work
                    // never waits for a connection.
                    0 => (settings.database.max_connections as usize)
                        .saturating_sub(settings.intake.writers)
                        .max(1),
                    n => n,
                },
                Duration::from_millis(settings.admission.queue_budget_ms),
                settings.admission.max_queue,
            ),
            sojourn: crate::platform::sojourn::Sojourn::new(Duration::from_millis(
                settings.admission.cpu_target_ms,
            )),
            hot: crate::platform::hot::HotMissions::new(
                settings.admission.per_mission,
                Duration::from_millis(settings.admission.mission_wait_ms),
                Duration::from_millis(settings.admission.full_memory_ms),
            ),
            region: crate::edge::RegionPolicy::from_settings(&settings.edge),
            key_use: crate::platform::key_use::KeyUse::new(),
            pictures: pictures.clone(),
            challenge: crate::challenge::Challenge::from_settings(
                &settings.challenge,
                pow_key,
                db.clock().clone(),
            )?,
            intake: Box::new(Intake::start(
                db.clone(),
                IntakeConfig {
                    writers: settings.intake.writers,
                    max_batch: settings.intake.max_batch,
                    window: Duration::from_millis(settings.intake.window_ms),
                },
            )),
        });
        let counted = state.clone();
        crate::platform::degrade::spawn(
            settings.degraded.clone(),
            state.admission.clone(),
            move || {
                counted.admission.stats().shed_total()
                    + counted.intake.refused()
                    + counted.sojourn.shed()
            },
            state.platform.mode.clone(),
            db.clone(),
        );
        let metrics = web::Data::new(Metrics::new());
        let jobs_counted = metrics.jobs.clone();
        let public_metrics = metrics.clone();
        let openapi = http::openapi();
        let route_table = web::Data::new(http::RouteTable::from_openapi(&openapi));
        let app_state = state.clone();
        let http_settings = settings.http.clone();
        let country_header = settings.edge.country_header.clone();
        let mut server = HttpServer::new(move || {
            let cors = http_settings
                .cors_origins
                .iter()
                .fold(
                    // The widgets' public reads are open to every origin
                    // (`http::widgets::open_cors` says `*`).
                    Cors::default()
                        .allowed_origin_fn(|_, head| http::widgets::is_open(head.uri.path())),
                    |cors, origin| cors.allowed_origin(origin),
                )
                .allowed_methods([
                    Method::GET,
                    Method::POST,
                    Method::PATCH,
                    Method::PUT,
                    Method::DELETE,
                ])
                .allowed_headers([
                    header::CONTENT_TYPE,
                    header::AUTHORIZATION,
                    header::HeaderName::from_static("idempotency-key"),
                    header::HeaderName::from_static(crate::challenge::HEADER),
                ])
                .expose_headers([
                    header::HeaderName::from_static("x-request-id"),
                    header::RETRY_AFTER,
                    header::HeaderName::from_static("ratelimit-limit"),
                    header::HeaderName::from_static("ratelimit-remaining"),
                    header::HeaderName::from_static("ratelimit-reset"),
                ])
                .supports_credentials()
                .max_age(3600);
            // This closure runs once on each HTTP worker, in its runtime:
            // the worker's lateness is measured from here.
            app_state.sojourn.watch_this_worker();
            App::new()
                .into_utoipa_app()
                .app_data(app_state.clone())
                .app_data(public_metrics.clone())
                .app_data(route_table.clone())
                .app_data(BodyLimit(http_settings.body_limit))
                .app_data(TrustedProxies::new(
                    http_settings.trusted_proxies.clone(),
                    &http_settings.client_ip_header,
                    &country_header,
                ))
                .app_data(http::query_config())
                .app_data(http::path_config())
                .configure(http::routes)
                .into_app()
                .route("/docs", web::get().to(http::docs_redirect))
                .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", openapi.clone()))
                .default_service(web::to(http::not_found))
                .wrap(from_fn(http::admission::admit))
                .wrap(cors)
                .wrap(from_fn(http::widgets::open_cors))
                .wrap(from_fn(http::middleware::request_context))
        })
        .listen(listener)?
        // Signals are ours (see `run_until_stopped`): actix would treat
        // SIGINT as a forced stop.
        .disable_signals()
        .shutdown_timeout(settings.http.shutdown_timeout_secs);
        if settings.http.workers > 0 {
            server = server.workers(settings.http.workers);
        }
        let server = server.run();
        let metrics_state = state.clone();
        // Liveness is asked here too, on a listener of its own: when the
        // API's workers are saturated, its probe does not queue behind
        // their backlog and get a busy pod restarted mid-surge.
        let metrics_handle = internal_listener(metrics_listener, move |app| {
            app.app_data(metrics_state.clone())
                .app_data(metrics.clone())
                .service(http::health::metrics);
        })?;

        let worker = match settings.worker.embedded {
            true => {
                let (stop, stopped) = watch::channel(false);
                let worker =
                    worker(&settings, db, Some(state.platform.clone()))?.counting_in(jobs_counted);
                Some((stop, tokio::spawn(worker.run(stopped))))
            }
            false => None,
        };
        tracing::info!(
            address = %format!("{}:{port}", settings.http.host),
            database = ?state.db.kind(),
            redis = settings.redis.url.is_some(),
            embedded_worker = settings.worker.embedded,
            metrics = %format!("{}:{metrics_port}", settings.metrics.host),
            "Renfort is listening"
        );
        Ok(Application {
            port,
            metrics_port,
            metrics_handle,
            server,
            state,
            worker,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the internal metrics listener.
    pub fn metrics_port(&self) -> u16 {
        self.metrics_port
    }

    pub fn db(&self) -> Db {
        self.state.db.clone()
    }

    pub fn platform(&self) -> Arc<Platform> {
        self.state.platform.clone()
    }

    /// A handle to stop the server from elsewhere (tests, signals).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT or SIGTERM (or a `handle().stop()`), then stops
    /// accepting, lets in-flight requests finish within the shutdown
    /// timeout, stops the worker (which finishes or gives back its jobs),
    /// and closes the pool.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let handle = self.server.handle();
        let signals = tokio::spawn(async move {
            wait_for_stop_signal().await;
            tracing::info!("stop signal received; finishing in-flight work");
            handle.stop(true).await;
        });
        self.server.await?;
        signals.abort();
        self.metrics_handle.stop(true).await;
        if let Some((stop, task)) = self.worker {
            let _ = stop.send(true);
            let _ = task.await;
        }
        self.state.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// A listening socket, or an error naming the address it wanted.
fn bind(host: std::net::IpAddr, port: u16, purpose: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind((host, port))
        .with_context(|| format!("cannot listen{purpose} on {host}:{port}"))
}

/// The internal listener (`metrics.host`, `metrics.port`): `/metrics`
/// as `routes` adds it, and `/health/live`, on one thread of its own.
fn internal_listener<F>(listener: TcpListener, routes: F) -> anyhow::Result<ServerHandle>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let server = HttpServer::new(move || {
        App::new()
            .service(http::health::live)
            .configure(routes.clone())
    })
    .listen(listener)?
    .disable_signals()
    .workers(1)
    .shutdown_timeout(1)
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    Ok(handle)
}

/// The `renfort worker` process: the outbox worker, with `/metrics` and
/// `/health/live` on the internal listener.
pub async fn run_worker(settings: &Settings) -> anyhow::Result<()> {
    let db = connect_for_service(settings).await?;
    let platform = Platform::start(&settings.redis, db.clone()).await?;
    let metrics = web::Data::new(crate::http::metrics::WorkerMetrics::new());
    let listener = bind(settings.metrics.host, settings.metrics.port, " for metrics")?;
    let address = listener.local_addr()?;
    let (served_db, served_metrics) = (web::Data::new(db.clone()), metrics.clone());
    let metrics_handle = internal_listener(listener, move |app| {
        app.app_data(served_db.clone())
            .app_data(served_metrics.clone())
            .service(http::health::worker_metrics);
    })?;
    let (stop, stopped) = watch::channel(false);
    let worker = worker(settings, db.clone(), Some(platform))?.counting_in(metrics.jobs.clone());
    tracing::info!(metrics = %address, "worker serving /metrics and /health/live");
    let task = tokio::spawn(worker.run(stopped));
    wait_for_stop_signal().await;
    let _ = stop.send(true);
    task.await?;
    metrics_handle.stop(true).await;
    db.close().await;
    Ok(())
}

pub async fn wait_for_stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
