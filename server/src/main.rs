use anyhow::Context;
use clap::{Parser, Subcommand};
use portal_api::{Branding, StaffRole};
use secrecy::ExposeSecret;
use tracing_subscriber::EnvFilter;
use wisp_server::db::Db;
use wisp_server::tenants::TenantSettings;
use wisp_server::{provisioning, Config, Server};

/// The wisp-portal API server. Configuration comes from the environment (see the README).
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API server (the default).
    Serve,
    /// Reset the database to the demo data set and create the demo users in the Firebase Auth
    /// emulator (needs emulator mode: FIREBASE_AUTH_EMULATOR_HOST, WISP_ALLOW_AUTH_EMULATOR=1 and a
    /// demo- project). Refuses a database that holds anything but demo data.
    SeedDemo {
        /// Empty the database even though it holds tenants that seed-demo did not create.
        #[arg(long)]
        wipe_existing_data: bool,
    },
    /// Create a tenant (a WISP).
    AddTenant {
        /// Stable id the tenant's app is built with, e.g. `ridgeline`.
        #[arg(long)]
        id: String,
        /// Company name, e.g. "Ridgeline Wireless".
        #[arg(long)]
        name: String,
        /// URL scheme of the tenant's app, for invite links.
        #[arg(long)]
        deep_link_scheme: Option<String>,
    },
    /// Make a Firebase user staff of a tenant (or change their role).
    AddStaff {
        #[arg(long)]
        tenant: String,
        /// The user's Firebase uid.
        #[arg(long)]
        uid: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, admin, technician or support.
        #[arg(long)]
        role: StaffRole,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let listener = tokio::net::TcpListener::bind(config.bind)
                .await
                .with_context(|| format!("cannot listen on {}", config.bind))?;
            let server = Server::build(config).await?;
            tracing::info!(address = %listener.local_addr()?, "wisp-server listening");
            server.serve(listener, shutdown_signal()).await
        }
        Command::SeedDemo { wipe_existing_data } => wisp_server::demo::seed(config, wipe_existing_data).await,
        Command::AddTenant { id, name, deep_link_scheme } => {
            let db = Db::connect(config.database_url.expose_secret()).await?;
            let mut branding = Branding::default();
            branding.company.name = name.clone();
            branding.company.display_name = name.clone();
            let mut settings = TenantSettings::default();
            if let Some(scheme) = deep_link_scheme {
                settings.deep_link_scheme = scheme;
            }
            provisioning::add_tenant(&db, &id, &name, &branding, &settings).await?;
            println!("Created tenant {id} ({name}).");
            Ok(())
        }
        Command::AddStaff { tenant, uid, email, name, role } => {
            let db = Db::connect(config.database_url.expose_secret()).await?;
            let id = provisioning::add_staff(&db, &tenant, &uid, &email, &name, role).await?;
            println!("{email} is {role} of {tenant} (staff id {id}).");
            Ok(())
        }
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
