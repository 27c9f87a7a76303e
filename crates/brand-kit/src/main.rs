//! `wisp-brand`: check brand kits and prepare branded builds (see `scripts/brand.sh`).

use std::path::PathBuf;
use std::process::ExitCode;

use brand_kit::manifest::{brand_schema, UpdaterJson};
use brand_kit::{prepare, BrandKit, KitError};
use clap::{Parser, Subcommand};
use portal_api::ReleaseChannel;

#[derive(Parser)]
#[command(name = "wisp-brand", about = "Check brand kits (brands/<slug>/) and prepare branded builds.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check kits: every bad value is listed with its field and why.
    Validate {
        /// Kit folders (each with a brand.json).
        #[arg(required = true)]
        kits: Vec<PathBuf>,
    },
    /// Write a kit's Tauri overlay, icon set and app settings into OUT.
    Prepare {
        kit: PathBuf,
        out: PathBuf,
        /// The base Tauri configuration the overlay is merged over.
        #[arg(long, default_value = "tauri.conf.json")]
        base_config: PathBuf,
        /// The tenant's updater public key (the `.pub` file `scripts/release.sh keygen` wrote), for
        /// a kit whose brand.json has none; with --update-channel.
        #[arg(long, requires = "update_channel")]
        update_key: Option<PathBuf>,
        /// The channel the build follows: stable or beta.
        #[arg(long, requires = "update_key")]
        update_channel: Option<ReleaseChannel>,
    },
    /// Print the JSON Schema of brand.json (committed as brands/brand.schema.json).
    Schema,
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, KitError> {
    match command {
        Command::Validate { kits } => {
            let mut failed = false;
            for dir in kits {
                match BrandKit::load(&dir) {
                    Ok(kit) => println!(
                        "ok: {} ({}, {}, tenant {})",
                        dir.display(),
                        kit.brand.product_name,
                        kit.brand.identifier,
                        kit.brand.tenant_id
                    ),
                    Err(err) => {
                        eprintln!("error: {err}");
                        failed = true;
                    }
                }
            }
            Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Command::Prepare { kit, out, base_config, update_key, update_channel } => {
            println!("checking {}", kit.display());
            let mut kit = BrandKit::load(&kit)?;
            if let (Some(key), Some(channel)) = (update_key, update_channel) {
                let pubkey =
                    std::fs::read_to_string(&key).map_err(|source| KitError::Read { path: key.clone(), source })?;
                kit = kit.with_updater(UpdaterJson { channel, pubkey: pubkey.trim().to_string() })?;
                println!("  updates       {channel} channel, key {}", key.display());
            }
            println!(
                "writing the overlay, icons and app settings of {} into {}",
                kit.brand.product_name,
                out.display()
            );
            let prepared = prepare(&kit, &base_config, &out)?;
            println!("  overlay       {}", prepared.overlay.display());
            println!("  app settings  {}", prepared.app_settings.display());
            println!("  icons         {}", prepared.icons.display());
            println!("  package       {} (tenant {})", prepared.package_name, prepared.tenant_id);
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            println!("{}", serde_json::to_string_pretty(&brand_schema()).expect("a schema is JSON"));
            Ok(ExitCode::SUCCESS)
        }
    }
}
