//! Configuration, read once from the environment at start-up.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};

/// Google's published keys for Firebase ID tokens.
pub const GOOGLE_JWKS_URL: &str =
    "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com";

#[derive(Debug, Clone)]
pub struct Config {
    /// `WISP_BIND`, default `127.0.0.1:8080`.
    pub bind: SocketAddr,
    /// `WISP_DATA_DIR`, default `./data`: the SQLite file and stored attachments.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`; a `sqlite://` file under `data_dir` when unset.
    pub database_url: String,
    pub firebase: FirebaseConfig,
    /// `WISP_POLL_INTERVAL_SECS`, default 60: the `X-Poll-Interval` hint for the change feed.
    pub poll_interval: Duration,
    /// `WISP_TRUST_FORWARDED_FOR`: take the client address from `X-Forwarded-For` (only behind
    /// a proxy that sets it), for the sign-up rate limits.
    pub trust_forwarded_for: bool,
    pub limits: Limits,
}

#[derive(Debug, Clone)]
pub struct FirebaseConfig {
    /// `FIREBASE_PROJECT_ID`: the `aud` every ID token must carry.
    pub project_id: String,
    /// `FIREBASE_AUTH_EMULATOR_HOST`: accept the emulator's unsigned tokens. Never in production.
    pub emulator_host: Option<String>,
    /// `FIREBASE_JWKS_URL`: where the signing keys come from (Google's by default).
    pub jwks_url: String,
}

#[derive(Debug, Clone)]
pub struct Limits {
    /// `WISP_MAX_JSON_BYTES`, default 64 KiB.
    pub max_json_bytes: usize,
    /// `WISP_MAX_UPLOAD_BYTES`, default 15 MiB per attachment.
    pub max_upload_bytes: usize,
    /// `WISP_SIGNUP_ATTEMPTS_PER_IP`, per 15 minutes, default 20.
    pub signup_attempts_per_source: i64,
    /// `WISP_SIGNUP_ATTEMPTS_PER_TENANT`, per 15 minutes, default 500.
    pub signup_attempts_per_tenant: i64,
    /// `WISP_SIGNUP_FAILURES_BEFORE_LOCK`, default 5.
    pub signup_failures_before_lock: i64,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        let data_dir = PathBuf::from(env_or("WISP_DATA_DIR", "data"));
        let database_url = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => url,
            _ => format!("sqlite://{}?mode=rwc", data_dir.join("wisp.db").display()),
        };
        let bind = env_or("WISP_BIND", "127.0.0.1:8080")
            .parse()
            .context("WISP_BIND must be an address such as 127.0.0.1:8080")?;
        let project_id = std::env::var("FIREBASE_PROJECT_ID").unwrap_or_default();
        if project_id.trim().is_empty() {
            bail!("FIREBASE_PROJECT_ID must be set to the Firebase project whose ID tokens this server accepts");
        }
        Ok(Config {
            bind,
            data_dir,
            database_url,
            firebase: FirebaseConfig {
                project_id,
                emulator_host: std::env::var("FIREBASE_AUTH_EMULATOR_HOST").ok().filter(|h| !h.trim().is_empty()),
                jwks_url: env_or("FIREBASE_JWKS_URL", GOOGLE_JWKS_URL),
            },
            poll_interval: Duration::from_secs(env_parse("WISP_POLL_INTERVAL_SECS", 60)?),
            trust_forwarded_for: env_parse("WISP_TRUST_FORWARDED_FOR", false)?,
            limits: Limits {
                max_json_bytes: env_parse("WISP_MAX_JSON_BYTES", 64 * 1024)?,
                max_upload_bytes: env_parse("WISP_MAX_UPLOAD_BYTES", 15 * 1024 * 1024)?,
                signup_attempts_per_source: env_parse("WISP_SIGNUP_ATTEMPTS_PER_IP", 20)?,
                signup_attempts_per_tenant: env_parse("WISP_SIGNUP_ATTEMPTS_PER_TENANT", 500)?,
                signup_failures_before_lock: env_parse("WISP_SIGNUP_FAILURES_BEFORE_LOCK", 5)?,
            },
        })
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default.to_string())
}

fn env_parse<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(raw) if !raw.trim().is_empty() => {
            raw.trim().parse().map_err(|_| anyhow::anyhow!("{name} has an invalid value: {raw:?}"))
        }
        _ => Ok(default),
    }
}
