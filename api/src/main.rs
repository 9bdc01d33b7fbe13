//! The `renfort` command: serve the API, run outbox workers, migrate, print
//! the OpenAPI document.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use renfort::config::Settings;
use renfort::startup::{self, Application};
use tokio::sync::watch;

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
    /// Print the OpenAPI document.
    Openapi,
    /// Exit 0 when the local server answers `/health/ready` with 200; for
    /// container health checks in images without curl.
    Healthcheck {
        #[arg(long, default_value = "127.0.0.1:8080")]
        address: String,
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
    if let Command::Healthcheck { address } = &command {
        return match healthcheck(address) {
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
    renfort::telemetry::init(&settings.log);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = ?e, "renfort failed");
            eprintln!("renfort: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
        Command::Worker => {
            let db = startup::connect_and_migrate(&settings).await?;
            let (stop, stopped) = watch::channel(false);
            let task = tokio::spawn(startup::worker(&settings, db.clone()).run(stopped));
            startup::wait_for_stop_signal().await;
            let _ = stop.send(true);
            task.await?;
            db.close().await;
            Ok(())
        }
        Command::Migrate => {
            startup::connect_and_migrate(&settings).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Openapi | Command::Healthcheck { .. } => {
            unreachable!("handled before loading settings")
        }
    }
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
