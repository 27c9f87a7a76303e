//! Signed updates through tauri-plugin-updater: checked a few seconds after start and then once
//! a day, offered to the subscriber with the provider's notes, and downloaded and installed only
//! when they say so. The check goes to the server the app really uses, on its brand's channel,
//! with the bundle type it was installed from (the plugin installs only a payload of that kind)
//! and its installation id (staged rollouts). The plugin verifies every download against the
//! brand's public key and, with `requireSignedVersion`, that the signature names the version
//! offered; the server never offers a downgrade.

use std::time::Duration;

use app_core::ui_types::{events, AvailableUpdate, UpdateDownload};
use app_core::{AppError, AppErrorCode, AppResult};
use portal_api::{BundleType, BUNDLE_TYPE_HEADER, INSTALLATION_ID_HEADER};
use tauri::async_runtime::Mutex;
use tauri::utils::platform::bundle_type;
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_updater::{Update, Updater, UpdaterExt};

use crate::core::Core;

/// Lets the first screen paint before the network is asked anything else.
const FIRST_CHECK_DELAY: Duration = Duration::from_secs(5);
/// Once a day by the wall clock, looked at every hour: a sleeping laptop's monotonic clock stands
/// still, so a plain 24-hour timer could wait for days.
const CHECK_INTERVAL: chrono::TimeDelta = chrono::TimeDelta::hours(24);
const WAKE_INTERVAL: Duration = Duration::from_secs(60 * 60);
/// Progress events at most this often, so a fast download does not flood the window.
const PROGRESS_STEP_BYTES: u64 = 256 * 1024;

pub struct Updates {
    /// The build has the updater plugin (its brand has an update key).
    enabled: bool,
    /// The update found last, kept until it is installed or a newer check replaces it.
    found: Mutex<Option<Update>>,
}

impl Updates {
    pub fn new(enabled: bool) -> Updates {
        Updates { enabled, found: Mutex::new(None) }
    }
}

/// Starts the daily check. Only for builds with an update channel.
pub fn start_checking(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CHECK_DELAY).await;
        let mut last_check: Option<chrono::DateTime<chrono::Utc>> = None;
        loop {
            if last_check.is_none_or(|last| chrono::Utc::now() - last >= CHECK_INTERVAL) {
                match check(&app).await {
                    Ok(_) => last_check = Some(chrono::Utc::now()),
                    Err(error) => tracing::warn!(%error, "the update check failed; trying again in an hour"),
                }
            }
            tokio::time::sleep(WAKE_INTERVAL).await;
        }
    });
}

/// Asks the server for a newer version; tells the window when there is one.
pub async fn check(app: &AppHandle) -> AppResult<Option<AvailableUpdate>> {
    let found = updater(app)?.check().await.map_err(|err| check_failed(app, &err))?;
    let available = found.as_ref().map(describe);
    *app.state::<Updates>().found.lock().await = found;
    if let Some(available) = &available {
        tracing::info!(version = %available.version, "an update is available");
        if let Err(error) = app.emit(events::UPDATE_AVAILABLE, available) {
            tracing::warn!(%error, "could not tell the window about the update");
        }
    }
    Ok(available)
}

/// The update found last, if any.
pub async fn status(app: &AppHandle) -> Option<AvailableUpdate> {
    app.state::<Updates>().found.lock().await.as_ref().map(describe)
}

/// Downloads (with `update-progress` events), verifies and installs the update found last. The
/// new version runs from the next start.
pub async fn install(app: &AppHandle) -> AppResult<()> {
    let Some(update) = app.state::<Updates>().found.lock().await.clone() else {
        return Err(AppError::new(AppErrorCode::NotFound, "There is no update to install. Check for updates first."));
    };
    let company = company(app);
    let mut downloaded: u64 = 0;
    let mut reported: u64 = 0;
    let progress = app.clone();
    let bytes = update
        .download(
            move |chunk, total| {
                downloaded += chunk as u64;
                if downloaded - reported >= PROGRESS_STEP_BYTES || Some(downloaded) == total {
                    reported = downloaded;
                    let payload = UpdateDownload { downloaded_bytes: downloaded, total_bytes: total };
                    let _ = progress.emit(events::UPDATE_PROGRESS, payload);
                }
            },
            || {},
        )
        .await
        .map_err(|err| download_failed(&company, &update.version, &err))?;
    update.install(bytes).map_err(|err| install_failed(&update.version, &err))?;
    tracing::info!(version = %update.version, "update installed");
    *app.state::<Updates>().found.lock().await = None;
    Ok(())
}

fn updater(app: &AppHandle) -> AppResult<Updater> {
    if !app.state::<Updates>().enabled {
        return Err(no_channel());
    }
    let core = app.state::<Core>();
    let config = core.app()?.config();
    let channel = config.update_channel.ok_or_else(no_channel)?;
    let installed_from = installed_from().ok_or_else(|| {
        AppError::new(
            AppErrorCode::Configuration,
            "This copy of the app was not installed from a package, so it cannot update itself. Install it from your provider's download page to get updates.",
        )
    })?;
    let installation = app_core::installation::installation_id(&config.data_dir)?;
    let endpoint = portal_api::update_endpoint(config.api_base_url.as_str(), &config.tenant_id, channel);
    let endpoint = endpoint
        .parse()
        .map_err(|err| AppError::configuration(format!("The update address {endpoint:?} is not usable: {err}.")))?;
    let not_usable = |err: tauri_plugin_updater::Error| {
        AppError::configuration(format!("Updates are not set up correctly in this app: {err}."))
    };
    app.updater_builder()
        .endpoints(vec![endpoint])
        .map_err(not_usable)?
        .header(BUNDLE_TYPE_HEADER, installed_from.as_str())
        .map_err(not_usable)?
        .header(INSTALLATION_ID_HEADER, installation.to_string())
        .map_err(not_usable)?
        .build()
        .map_err(not_usable)
}

/// The kind of package this copy was installed from, as the bundler stamped it into the binary.
fn installed_from() -> Option<BundleType> {
    use tauri::utils::config::BundleType as Stamped;
    Some(match bundle_type()? {
        Stamped::Deb => BundleType::Deb,
        Stamped::Rpm => BundleType::Rpm,
        Stamped::AppImage => BundleType::AppImage,
        Stamped::Msi => BundleType::Msi,
        Stamped::Nsis => BundleType::Nsis,
        // An app copied out of a disk image updates as the .app it is.
        Stamped::App | Stamped::Dmg => BundleType::App,
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

fn describe(update: &Update) -> AvailableUpdate {
    AvailableUpdate {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone().filter(|notes| !notes.trim().is_empty()),
        published_at: update
            .date
            .and_then(|date| chrono::DateTime::from_timestamp(date.unix_timestamp(), date.nanosecond())),
    }
}

fn company(app: &AppHandle) -> String {
    app.state::<Core>()
        .app()
        .map(|app| app.config().company_name().to_string())
        .unwrap_or_else(|_| "your provider".into())
}

fn no_channel() -> AppError {
    AppError::new(
        AppErrorCode::Configuration,
        "This build of the app has no update channel, so it does not look for updates.",
    )
}

fn check_failed(app: &AppHandle, err: &tauri_plugin_updater::Error) -> AppError {
    tracing::warn!(error = %err, "update check");
    AppError::new(
        AppErrorCode::Offline,
        format!(
            "We couldn't check for updates with {}. Check your internet connection and try again later.",
            company(app)
        ),
    )
}

fn download_failed(company: &str, version: &str, err: &tauri_plugin_updater::Error) -> AppError {
    use tauri_plugin_updater::Error as E;
    tracing::warn!(error = %err, version, "update download");
    match err {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) | E::SignedVersionMismatch { .. } | E::MissingSignedVersion => {
            AppError::new(
                AppErrorCode::FileRefused,
                format!("Version {version} could not be verified as coming from {company}, so it was not installed. Nothing on this computer was changed. Please tell {company}."),
            )
        }
        _ => AppError::new(
            AppErrorCode::Offline,
            format!("Version {version} could not be downloaded from {company}. Check your internet connection and try again."),
        ),
    }
}

fn install_failed(version: &str, err: &tauri_plugin_updater::Error) -> AppError {
    tracing::warn!(error = %err, version, "update install");
    AppError::new(
        AppErrorCode::Unexpected,
        format!("Version {version} was downloaded and verified, but this computer did not let it install (an administrator's permission is needed). Try again, and enter your password when asked."),
    )
}
