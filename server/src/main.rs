use anyhow::Context;
use tracing_subscriber::EnvFilter;
use wisp_server::{Config, Server};

const USAGE: &str = "usage: wisp-server [serve | seed-demo]

  serve      run the API server (the default)
  seed-demo  reset the database to the demo data set and create the demo users in the
             Firebase Auth emulator (needs FIREBASE_AUTH_EMULATOR_HOST)

Configuration is read from the environment; see the README.";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")))
        .init();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    let config = Config::from_env()?;
    match command.as_str() {
        "serve" => {
            let listener = tokio::net::TcpListener::bind(config.bind)
                .await
                .with_context(|| format!("cannot listen on {}", config.bind))?;
            let server = Server::build(config).await?;
            tracing::info!(address = %listener.local_addr()?, "wisp-server listening");
            server.serve(listener, shutdown_signal()).await
        }
        "seed-demo" => wisp_server::demo::seed(config).await,
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => anyhow::bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
