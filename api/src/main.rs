//! The `renfort` command: serve the API, run outbox workers, migrate, print
//! the OpenAPI document.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use renfort::config::Settings;
use renfort::startup::{self, Application};
use tokio::sync::watch;

#[derive(Parser)]
#[command(name = "renfort", version, about = "Backend for civic volunteering platforms")]
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        println!("{}", renfort::http::openapi().to_pretty_json().expect("OpenAPI serializes"));
        return ExitCode::SUCCESS;
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
        Command::Serve => Application::build(settings).await?.run_until_stopped().await,
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
        Command::Openapi => unreachable!("handled before loading settings"),
    }
}
