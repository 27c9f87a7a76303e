//! Configuration, read once from the environment at start-up.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use ipnet::IpNet;
use secrecy::SecretString;

use crate::secrets::LinkKeys;

/// Google's published keys for Firebase ID tokens.
pub const GOOGLE_JWKS_URL: &str =
    "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com";

/// Firebase's convention for projects that need no credentials; the only projects the Auth
/// emulator may stand in for.
pub const DEMO_PROJECT_PREFIX: &str = "demo-";

#[derive(Debug, Clone)]
pub struct Config {
    /// `WISP_BIND`, default `127.0.0.1:8080`.
    pub bind: SocketAddr,
    /// `WISP_DATA_DIR`, default `./data`: the SQLite file and stored attachments.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`; a `sqlite://` file under `data_dir` when unset. It may carry a password,
    /// so it is kept where `Debug` cannot print it.
    pub database_url: SecretString,
    pub firebase: FirebaseConfig,
    /// `WISP_POLL_INTERVAL_SECS`, default 60: the `X-Poll-Interval` hint for the change feed.
    pub poll_interval: Duration,
    /// `WISP_TRUST_FORWARDED_FOR`: take the client address from `X-Forwarded-For`, for the
    /// sign-up limits. Only the hops that `trusted_proxies` wrote are believed.
    pub trust_forwarded_for: bool,
    /// `WISP_TRUSTED_PROXIES`: comma-separated addresses or networks of the proxies in front of
    /// the server, e.g. `10.0.0.0/8,::1`. Required with `WISP_TRUST_FORWARDED_FOR`.
    pub trusted_proxies: Vec<IpNet>,
    /// `WISP_LINK_KEY` or `WISP_LINK_KEY_FILE` (and `WISP_LINK_KEY_PREVIOUS[_FILE]` while
    /// rotating): the key that hashes access codes and link tickets. Required to serve.
    pub link_keys: Option<LinkKeys>,
    /// `WISP_PUBLIC_URL`, default `http://<WISP_BIND>`: the address apps reach this server at.
    /// Update manifests point at release bundles stored here through it. No trailing slash.
    pub public_url: String,
    pub limits: Limits,
}

#[derive(Debug, Clone)]
pub struct FirebaseConfig {
    /// `FIREBASE_PROJECT_ID`: the `aud` every ID token must carry.
    pub project_id: String,
    /// `FIREBASE_AUTH_EMULATOR_HOST`: accept the emulator's unsigned tokens. Never in production.
    pub emulator_host: Option<String>,
    /// `WISP_ALLOW_AUTH_EMULATOR=1`: the explicit opt-in emulator mode needs besides the host
    /// (Firebase's own tools export the host variable, so it alone proves nothing).
    pub allow_emulator: bool,
    /// `FIREBASE_JWKS_URL`: where the signing keys come from (Google's by default).
    pub jwks_url: String,
}

#[derive(Debug, Clone)]
pub struct Limits {
    /// `WISP_MAX_JSON_BYTES`, default 64 KiB.
    pub max_json_bytes: usize,
    /// `WISP_MAX_UPLOAD_BYTES`, default 15 MiB per attachment.
    pub max_upload_bytes: usize,
    /// `WISP_MAX_RELEASE_MB`, default 300: the largest app bundle a release may upload.
    pub max_release_bytes: usize,
    /// `WISP_MAX_LOGO_KB`, default 2048: the largest logo file staff may upload (before it is
    /// re-encoded).
    pub max_logo_bytes: usize,
    /// `WISP_SIGNUP_ATTEMPTS_PER_IP`, per source and tenant per 15 minutes, default 20.
    pub signup_attempts_per_source: i64,
    /// `WISP_SIGNUP_ATTEMPTS_PER_TENANT`, per 15 minutes, default 500.
    pub signup_attempts_per_tenant: i64,
    /// `WISP_SIGNUP_FAILURES_BEFORE_LOCK`, per customer number and per phone number per hour,
    /// default 5.
    pub signup_failures_before_lock: i64,
    /// `WISP_SIGNUP_FAILURES_PER_IP`, per source and tenant per hour, default 10.
    pub signup_failures_per_source: i64,
    /// `WISP_SIGNUP_FAILURES_PER_TENANT`, phone sign-up failures per tenant per hour, default 200.
    pub signup_failures_per_tenant: i64,
    /// `WISP_MAX_CONCURRENT_UPLOADS`, uploads received at once by this instance, default 8; more
    /// are answered `503 uploads_busy` with `Retry-After`.
    pub max_concurrent_uploads: usize,
    /// `WISP_CUSTOMER_TICKETS_PER_HOUR`, tickets one customer may open per hour, default 20.
    pub customer_tickets_per_hour: i64,
    /// `WISP_CUSTOMER_COMMENTS_PER_HOUR`, comments one customer may add per hour, default 60.
    pub customer_comments_per_hour: i64,
    /// `WISP_CUSTOMER_UPLOADS_PER_HOUR`, uploads one customer may send per hour, default 60.
    pub customer_uploads_per_hour: i64,
    /// `WISP_CUSTOMER_STORAGE_MB`, attachment storage per customer, default 200 MB (MiB).
    pub customer_storage_bytes: i64,
    /// `WISP_TENANT_STORAGE_MB`, attachment storage per tenant, staff files included, default
    /// 20 GB (20480 MiB).
    pub tenant_storage_bytes: i64,
}

impl Limits {
    /// Limits so roomy that no test meets them unless it is about one (and sets its own): for
    /// the test servers of this crate and of the app's core, so a new limit needs one line here.
    pub fn roomy_for_tests() -> Limits {
        Limits {
            max_json_bytes: 64 * 1024,
            max_upload_bytes: 15 * 1024 * 1024,
            max_release_bytes: 16 * 1024 * 1024,
            max_logo_bytes: 2 * 1024 * 1024,
            signup_attempts_per_source: 1000,
            signup_attempts_per_tenant: 5000,
            signup_failures_before_lock: 5,
            signup_failures_per_source: 1000,
            signup_failures_per_tenant: 5000,
            max_concurrent_uploads: 64,
            customer_tickets_per_hour: 1000,
            customer_comments_per_hour: 1000,
            customer_uploads_per_hour: 1000,
            customer_storage_bytes: 1 << 30,
            tenant_storage_bytes: 1 << 32,
        }
    }
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
        let config = Config {
            bind,
            data_dir,
            database_url: database_url.into(),
            firebase: FirebaseConfig {
                project_id,
                emulator_host: std::env::var("FIREBASE_AUTH_EMULATOR_HOST").ok().filter(|h| !h.trim().is_empty()),
                allow_emulator: env_flag("WISP_ALLOW_AUTH_EMULATOR")?,
                jwks_url: env_or("FIREBASE_JWKS_URL", GOOGLE_JWKS_URL),
            },
            poll_interval: Duration::from_secs(env_parse("WISP_POLL_INTERVAL_SECS", 60)?),
            trust_forwarded_for: env_flag("WISP_TRUST_FORWARDED_FOR")?,
            trusted_proxies: trusted_proxies(&std::env::var("WISP_TRUSTED_PROXIES").unwrap_or_default())?,
            link_keys: LinkKeys::from_env()?,
            public_url: env_or("WISP_PUBLIC_URL", &format!("http://{bind}")).trim_end_matches('/').to_string(),
            limits: Limits {
                max_json_bytes: env_parse("WISP_MAX_JSON_BYTES", 64 * 1024)?,
                max_upload_bytes: env_parse("WISP_MAX_UPLOAD_BYTES", 15 * 1024 * 1024)?,
                max_release_bytes: env_parse::<usize>("WISP_MAX_RELEASE_MB", 300)?
                    .checked_mul(1024 * 1024)
                    .context("WISP_MAX_RELEASE_MB is too large")?,
                max_logo_bytes: env_parse::<usize>("WISP_MAX_LOGO_KB", 2048)?
                    .checked_mul(1024)
                    .context("WISP_MAX_LOGO_KB is too large")?,
                signup_attempts_per_source: env_parse("WISP_SIGNUP_ATTEMPTS_PER_IP", 20)?,
                signup_attempts_per_tenant: env_parse("WISP_SIGNUP_ATTEMPTS_PER_TENANT", 500)?,
                signup_failures_before_lock: env_parse("WISP_SIGNUP_FAILURES_BEFORE_LOCK", 5)?,
                signup_failures_per_source: env_parse("WISP_SIGNUP_FAILURES_PER_IP", 10)?,
                signup_failures_per_tenant: env_parse("WISP_SIGNUP_FAILURES_PER_TENANT", 200)?,
                max_concurrent_uploads: env_parse("WISP_MAX_CONCURRENT_UPLOADS", 8)?,
                customer_tickets_per_hour: env_parse("WISP_CUSTOMER_TICKETS_PER_HOUR", 20)?,
                customer_comments_per_hour: env_parse("WISP_CUSTOMER_COMMENTS_PER_HOUR", 60)?,
                customer_uploads_per_hour: env_parse("WISP_CUSTOMER_UPLOADS_PER_HOUR", 60)?,
                customer_storage_bytes: mebibytes(env_parse("WISP_CUSTOMER_STORAGE_MB", 200)?),
                tenant_storage_bytes: mebibytes(env_parse("WISP_TENANT_STORAGE_MB", 20 * 1024)?),
            },
        };
        config.validate()?;
        Ok(config)
    }

    /// Refuses combinations that would be unsafe. Checked when the configuration is read and
    /// again when a server is built from it.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.firebase.validate()?;
        if self.trust_forwarded_for && self.trusted_proxies.is_empty() {
            bail!(
                "WISP_TRUST_FORWARDED_FOR is on but WISP_TRUSTED_PROXIES is empty: list the addresses or networks of \
                 the proxies in front of the server (e.g. WISP_TRUSTED_PROXIES=10.0.0.0/8), or turn it off"
            );
        }
        if !self.trust_forwarded_for && !self.trusted_proxies.is_empty() {
            bail!("WISP_TRUSTED_PROXIES is set but WISP_TRUST_FORWARDED_FOR is not on: set both, or neither");
        }
        check_public_url(&self.public_url)?;
        let limits = &self.limits;
        // One source must never be able to spend a whole tenant's budget.
        if limits.signup_attempts_per_source >= limits.signup_attempts_per_tenant {
            bail!("WISP_SIGNUP_ATTEMPTS_PER_IP must be smaller than WISP_SIGNUP_ATTEMPTS_PER_TENANT");
        }
        if limits.signup_failures_per_source >= limits.signup_failures_per_tenant {
            bail!("WISP_SIGNUP_FAILURES_PER_IP must be smaller than WISP_SIGNUP_FAILURES_PER_TENANT");
        }
        // Zero would refuse every upload, ticket or comment: a typo, not a policy.
        if limits.max_concurrent_uploads == 0 {
            bail!("WISP_MAX_CONCURRENT_UPLOADS must be at least 1");
        }
        if limits.max_logo_bytes == 0 {
            bail!("WISP_MAX_LOGO_KB must be at least 1");
        }
        for (name, value) in [
            ("WISP_CUSTOMER_TICKETS_PER_HOUR", limits.customer_tickets_per_hour),
            ("WISP_CUSTOMER_COMMENTS_PER_HOUR", limits.customer_comments_per_hour),
            ("WISP_CUSTOMER_UPLOADS_PER_HOUR", limits.customer_uploads_per_hour),
            ("WISP_CUSTOMER_STORAGE_MB", limits.customer_storage_bytes),
            ("WISP_TENANT_STORAGE_MB", limits.tenant_storage_bytes),
        ] {
            if value < 1 {
                bail!("{name} must be at least 1");
            }
        }
        if limits.customer_storage_bytes > limits.tenant_storage_bytes {
            bail!("WISP_CUSTOMER_STORAGE_MB must not be larger than WISP_TENANT_STORAGE_MB");
        }
        Ok(())
    }

    /// An absolute address on this server, from `WISP_PUBLIC_URL` and path segments (each
    /// percent-encoded as needed): what installed apps are pointed at.
    pub fn public_address(&self, segments: &[&str]) -> anyhow::Result<String> {
        let mut url = reqwest::Url::parse(&self.public_url).context("WISP_PUBLIC_URL is not a URL")?;
        url.path_segments_mut()
            .map_err(|()| anyhow::anyhow!("WISP_PUBLIC_URL cannot be a base"))?
            .pop_if_empty()
            .extend(segments);
        Ok(url.into())
    }
}

impl FirebaseConfig {
    /// Emulator mode accepts unsigned tokens, so it needs three things that do not come together
    /// by accident: the emulator's host, the explicit opt-in and a `demo-` project.
    pub fn validate(&self) -> anyhow::Result<()> {
        let Some(host) = &self.emulator_host else {
            return Ok(());
        };
        if !self.allow_emulator {
            bail!(
                "FIREBASE_AUTH_EMULATOR_HOST={host} is set, which would accept unsigned sign-in tokens, but \
                 WISP_ALLOW_AUTH_EMULATOR is not. Refusing to start. In production unset \
                 FIREBASE_AUTH_EMULATOR_HOST; for a demo or tests also set WISP_ALLOW_AUTH_EMULATOR=1."
            );
        }
        if !self.project_id.starts_with(DEMO_PROJECT_PREFIX) {
            bail!(
                "The Firebase Auth emulator may only stand in for a demo project, but FIREBASE_PROJECT_ID is {:?}. \
                 Refusing to start. Use a project id starting with \"{DEMO_PROJECT_PREFIX}\" with the emulator, or \
                 unset FIREBASE_AUTH_EMULATOR_HOST to verify real tokens.",
                self.project_id
            );
        }
        Ok(())
    }
}

/// Manifests hand this address to every installed app, so it must be a plain http(s) base.
fn check_public_url(raw: &str) -> anyhow::Result<()> {
    let problem = match reqwest::Url::parse(raw) {
        Err(_) => Some("is not a URL"),
        Ok(url) if !matches!(url.scheme(), "http" | "https") => Some("must start with https:// (or http://)"),
        Ok(url) if url.query().is_some() || url.fragment().is_some() => Some("cannot have a query or fragment"),
        Ok(url) if !url.username().is_empty() || url.password().is_some() => Some("cannot carry a user or password"),
        Ok(_) if raw.ends_with('/') => Some("must not end with /"),
        Ok(_) => None,
    };
    match problem {
        Some(problem) => bail!(
            "WISP_PUBLIC_URL {problem}: give the address apps reach this server at, such as https://portal.example.net"
        ),
        None => Ok(()),
    }
}

/// `10.0.0.0/8, 192.168.1.7, ::1` → networks; a bare address is a network of one.
pub fn trusted_proxies(raw: &str) -> anyhow::Result<Vec<IpNet>> {
    raw.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry.parse::<IpNet>().or_else(|_| entry.parse::<std::net::IpAddr>().map(IpNet::from)).map_err(|_| {
                anyhow::anyhow!(
                    "WISP_TRUSTED_PROXIES: {entry:?} is neither an address nor a network such as 10.0.0.0/8"
                )
            })
        })
        .collect()
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

/// A size in MiB (how the settings count megabytes) as bytes; a `u32` of them always fits.
fn mebibytes(mb: u32) -> i64 {
    i64::from(mb) * 1024 * 1024
}

/// An on/off setting: `1`/`true`/`yes` or `0`/`false`/`no`; unset is off, anything else an error.
fn env_flag(name: &str) -> anyhow::Result<bool> {
    let raw = std::env::var(name).unwrap_or_default();
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" => Ok(false),
        "1" | "true" | "yes" => Ok(true),
        _ => bail!("{name} must be 1 or 0 (true or false), not {raw:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn firebase(emulator_host: Option<&str>, allow_emulator: bool, project_id: &str) -> FirebaseConfig {
        FirebaseConfig {
            project_id: project_id.into(),
            emulator_host: emulator_host.map(String::from),
            allow_emulator,
            jwks_url: GOOGLE_JWKS_URL.into(),
        }
    }

    #[test]
    fn emulator_mode_needs_the_host_the_opt_in_and_a_demo_project() {
        assert!(firebase(Some("127.0.0.1:9099"), true, "demo-wisp").validate().is_ok());
        let no_opt_in = firebase(Some("127.0.0.1:9099"), false, "demo-wisp").validate().unwrap_err();
        assert!(no_opt_in.to_string().contains("WISP_ALLOW_AUTH_EMULATOR"), "{no_opt_in}");
        let real_project = firebase(Some("127.0.0.1:9099"), true, "ridgeline-prod").validate().unwrap_err();
        assert!(real_project.to_string().contains("demo-"), "{real_project}");
        // Without the host, the opt-in changes nothing: real tokens are verified.
        assert!(firebase(None, true, "ridgeline-prod").validate().is_ok());
    }

    #[test]
    fn the_public_url_is_a_plain_http_base() {
        assert!(check_public_url("https://portal.example.net").is_ok());
        assert!(check_public_url("http://127.0.0.1:8080/wisp").is_ok());
        for bad in [
            "portal.example.net",
            "ftp://portal.example.net",
            "https://portal.example.net/?a=1",
            "https://u:p@x.example",
            "https://x.example/",
        ] {
            assert!(check_public_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let nets = trusted_proxies(" 10.0.0.0/8, ::1 ,192.168.1.7").unwrap();
        assert_eq!(nets.len(), 3);
        assert!(nets[0].contains(&"10.2.3.4".parse::<std::net::IpAddr>().unwrap()));
        assert!(nets[1].contains(&"::1".parse::<std::net::IpAddr>().unwrap()));
        assert_eq!(nets[2].prefix_len(), 32);
        assert!(trusted_proxies("").unwrap().is_empty());
        assert!(trusted_proxies("10.0.0.0/8, proxy.internal").is_err());
    }
}
