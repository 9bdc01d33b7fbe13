//! The `renfort` command: serve the API, run outbox workers, migrate, print
//! the OpenAPI document.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use renfort::config::Settings;
use renfort::startup::{self, Application};

#[derive(Parser)]
#[command(
    name = "renfort",
    version,
    about = "Backend for civic volunteering platforms"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API (the default), with an embedded worker unless
    /// `worker.embedded` is false.
    Serve,
    /// Run an outbox worker (emails, indexing) without the HTTP API.
    Worker,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Recompute the statistics snapshots now (the worker does it on its
    /// schedule), and say how long it took.
    Rollup,
    /// Run one batch of the retention sweep now (the worker does it daily),
    /// and say what it did and how long it took.
    Sweep,
    /// Print the OpenAPI document.
    Openapi,
    /// Write realistic data: volunteers who can sign in, approved
    /// organisations across every department, missions, participations in
    /// every state with their history and conversations. The same seed
    /// value writes the same rows; a second run skips what is there.
    Seed {
        #[arg(long, default_value_t = 50)]
        organizations: usize,
        #[arg(long, default_value_t = 500)]
        missions: usize,
        #[arg(long, default_value_t = 100)]
        volunteers: usize,
        /// About this many applications, spread over the missions.
        #[arg(long, default_value_t = 1500)]
        participations: usize,
        /// A country's worth, whatever the counts above say: 1,000,000
        /// volunteers, 20,000 organisations, 100,000 missions, 3,000,000
        /// participations (PostgreSQL; about ten minutes here).
        #[arg(long)]
        national: bool,
        /// Random seed, for reproducible data.
        #[arg(long, default_value_t = 2020)]
        seed: u64,
    },
    /// The external search index (Algolia).
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Administration from the command line.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Settings: `renfort config example` prints every setting at its
    /// default (the content of renfort.example.toml).
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Exit 0 when the local server answers `/health/ready` with 200; for
    /// container health checks in images without curl.
    Healthcheck {
        /// Where to ask; by default the configured `http.port` on loopback.
        #[arg(long)]
        address: Option<String>,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Every setting at its default, as TOML.
    Example,
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Apply the index settings kept in the repository.
    Configure,
    /// Rebuild the index from the database, in batches; safe while the
    /// service runs.
    Reindex,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make an address an administrator: promotes its account, or creates
    /// one and sends it an activation link (printed when emails go to the log).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Admin")]
        first_name: String,
        #[arg(long, default_value = "Renfort")]
        last_name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        println!(
            "{}",
            renfort::http::openapi()
                .to_pretty_json()
                .expect("OpenAPI serializes")
        );
        return ExitCode::SUCCESS;
    }
    if let Command::Config {
        command: ConfigCommand::Example,
    } = command
    {
        print!("{}", renfort::config::example::example_toml());
        return ExitCode::SUCCESS;
    }
    if let Command::Healthcheck { address } = &command {
        // The configured port (RENFORT_HTTP__PORT, PORT, the file); a
        // configuration that does not load still gets the default.
        let address = address.clone().unwrap_or_else(|| {
            let port = Settings::load().map_or(8080, |s| s.http.port);
            format!("127.0.0.1:{port}")
        });
        return match healthcheck(&address) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("renfort: not ready: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("renfort: {e}");
            return ExitCode::from(2);
        }
    };
    let telemetry = match renfort::telemetry::init(&settings.log) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("renfort: log.otlp_endpoint: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let outcome = match runtime.block_on(run(command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = ?e, "renfort failed");
            eprintln!("renfort: {e:#}");
            ExitCode::FAILURE
        }
    };
    // The last traces go out before the process ends.
    drop(telemetry);
    outcome
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Rollup => {
            let db = startup::connect_for_service(&settings).await?;
            let started = std::time::Instant::now();
            let done = renfort::services::statistics::refresh(&db, db.now()).await?;
            println!(
                "rollup: {} statistics snapshots, {} counts of settled days recorded, in {:.2} s",
                done.snapshots,
                done.day_counts_recorded,
                started.elapsed().as_secs_f64()
            );
            db.close().await;
            Ok(())
        }
        Command::Sweep => {
            let db = startup::connect_for_service(&settings).await?;
            let started = std::time::Instant::now();
            let swept = renfort::services::retention::sweep(&db, None, &settings, db.now())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "sweep: {swept:?} in {:.2} s",
                started.elapsed().as_secs_f64()
            );
            db.close().await;
            Ok(())
        }
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
        Command::Worker => startup::run_worker(&settings).await,
        Command::Migrate => {
            let applied = startup::migrate(&settings).await?;
            println!("migrations: {applied} applied now");
            Ok(())
        }
        Command::Search { command } => {
            let Some(algolia) = renfort::search::algolia::Algolia::from_settings(&settings.search)?
            else {
                anyhow::bail!("Algolia is not configured (ALGOLIA_APP_ID, ALGOLIA_ADMIN_KEY, ALGOLIA_SEARCH_KEY); the built-in engine needs no index");
            };
            match command {
                SearchCommand::Configure => {
                    let answer = algolia.configure().await?;
                    println!("index settings applied: {answer}");
                }
                SearchCommand::Reindex => {
                    let db = startup::connect_and_migrate(&settings).await?;
                    let done = renfort::search::reindex(&db, &algolia, |done, total| {
                        eprint!("\rreindexed {done}/{total} missions");
                    })
                    .await?;
                    eprintln!();
                    println!("reindexed {done} missions into `{}`", algolia.index);
                    db.close().await;
                }
            }
            Ok(())
        }
        Command::Seed {
            organizations,
            missions,
            volunteers,
            participations,
            national,
            seed,
        } => {
            let db = startup::connect_and_migrate(&settings).await?;
            let plan = if national {
                renfort::services::seed::Plan::national(seed)
            } else {
                renfort::services::seed::Plan {
                    organizations,
                    missions,
                    volunteers,
                    participations,
                    seed,
                }
            };
            let done = renfort::services::seed::seed(&db, &plan).await?;
            println!(
                "seeded {} organisations, {} missions, {} volunteers, {} participations: {} rows written in {:.1} s ({:.0} rows/s){}; volunteers sign in as seed-{}-v<n>@example.org, owners as seed-{}-o<n>@example.org, password \"{}\"",
                done.organizations,
                done.missions,
                done.volunteers,
                done.participations,
                done.rows,
                done.seconds,
                done.rows as f64 / done.seconds.max(1e-3),
                if done.skipped.is_empty() {
                    String::new()
                } else {
                    format!(" (already there: {})", done.skipped.join(", "))
                },
                done.run,
                done.run,
                renfort::services::seed::SEED_PASSWORD
            );
            db.close().await;
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    first_name,
                    last_name,
                },
        } => create_admin(&settings, &email, &first_name, &last_name).await,
        Command::Openapi | Command::Healthcheck { .. } | Command::Config { .. } => {
            unreachable!("handled before loading settings")
        }
    }
}

async fn create_admin(
    settings: &Settings,
    email: &str,
    first_name: &str,
    last_name: &str,
) -> anyhow::Result<()> {
    use renfort::services::admin::{create_admin, AdminCreated};
    let email = renfort::domain::account::EmailAddress::parse(email)
        .map_err(|e| anyhow::anyhow!("--email: {}", e.message))?;
    let db = startup::connect_and_migrate(settings).await?;
    let outcome = create_admin(&db, settings, &email, first_name, last_name)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match outcome {
        AdminCreated::Promoted { account } => {
            println!(
                "{} (account {account}) is now an administrator",
                email.as_str()
            )
        }
        AdminCreated::Invited { account } => {
            println!(
                "created administrator account {account} for {}",
                email.as_str()
            );
            // In development emails only reach the log: print the link here
            // too. In production it is sent, and never printed.
            let job = renfort::store::outbox::latest_emails_to(&db, email.normalized(), 1).await?;
            let link = job
                .first()
                .and_then(|j| j.payload.0["params"]["token"].as_str().map(str::to_owned));
            match link {
                Some(token) if settings.email_goes_to_log() => println!(
                    "activation link (development): {}/activation?token={token}",
                    settings.auth.app_base_url.trim_end_matches('/')
                ),
                _ => println!("an activation link was sent to {}", email.as_str()),
            }
        }
    }
    db.close().await;
    Ok(())
}

/// A bare HTTP/1.0 GET: enough for a health check, with no client library.
fn healthcheck(address: &str) -> Result<(), String> {
    use std::io::{Read, Write};
    use std::time::Duration;
    let addr: std::net::SocketAddr = address.parse().map_err(|e| format!("{address}: {e}"))?;
    let mut stream = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(3))
        .map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).map_err(|e| e.to_string())?;
    match &head[9..12] {
        b"200" => Ok(()),
        status => Err(format!("status {}", String::from_utf8_lossy(status))),
    }
}
