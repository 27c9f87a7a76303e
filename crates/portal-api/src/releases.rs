//! Signed app updates: the releases a tenant's owners and admins register, and the manifest
//! tauri-plugin-updater reads from `GET /api/tenant/{tenantId}/app/update/{target}/{arch}/{currentVersion}`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{BundleType, ReleaseChannel, UpdateArch, UpdateTarget};

/// Header the app sends on its update check: the bundle type it was installed from (`deb`,
/// `rpm`, `appimage`, `msi`, `nsis` or `app`). The plugin installs only a payload of that kind.
pub const BUNDLE_TYPE_HEADER: &str = "X-Bundle-Type";
/// Header the app sends on its update check: a random UUID it made once for this installation and
/// keeps. Staged rollouts are decided on it, so the same installation always gets the same answer.
pub const INSTALLATION_ID_HEADER: &str = "X-Installation-Id";

/// A registered release, as its tenant's owners and admins see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Release {
    pub id: String,
    /// The app's version (semver) this release installs.
    pub app_version: String,
    pub channel: ReleaseChannel,
    pub target: UpdateTarget,
    pub arch: UpdateArch,
    pub bundle_type: BundleType,
    pub notes: String,
    /// The content of the bundle's `.sig` file, as `tauri signer sign` wrote it.
    pub signature: String,
    /// Where apps download the bundle: this server's artifact route, or the external URL that was
    /// registered instead of a file.
    pub url: String,
    /// Name of the stored bundle; absent for an external URL.
    pub file_name: Option<String>,
    /// Size of the stored bundle; absent for an external URL.
    pub size_bytes: Option<i64>,
    /// SHA-256 (hex) of the stored bundle; absent for an external URL.
    pub sha256: Option<String>,
    /// The share of installations (0–100 %) that are offered this release.
    pub rollout_percent: i64,
    /// A withdrawn release is offered to nobody and its bundle is no longer served.
    pub withdrawn: bool,
    pub pub_date: DateTime<Utc>,
    /// The staff member who registered it.
    pub published_by: String,
    /// Changes send back the version they were based on (optimistic concurrency).
    pub version: i64,
}

/// The metadata of `POST /api/tenant/{tenantId}/app/releases`: one multipart text part per field,
/// beside a `file` part with the signed bundle, or with `url` instead of a file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct NewRelease {
    /// Semver without build metadata, e.g. `1.4.0` or `1.5.0-beta.2`.
    pub app_version: String,
    pub channel: ReleaseChannel,
    pub target: UpdateTarget,
    pub arch: UpdateArch,
    pub bundle_type: BundleType,
    /// Release notes the app shows before it asks to install.
    #[serde(default)]
    pub notes: String,
    /// The content of the bundle's `.sig` file.
    pub signature: String,
    /// 0–100: the share of installations offered this release.
    pub rollout_percent: i64,
    /// An `https://` address the bundle is downloaded from, instead of a `file` part.
    #[serde(default)]
    pub url: Option<String>,
}

/// `PATCH /api/tenant/{tenantId}/app/releases/{id}`: fields left out stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct UpdateRelease {
    /// The release's `version` the change was based on.
    pub version: i64,
    pub rollout_percent: Option<i64>,
    pub withdrawn: Option<bool>,
}

/// The answer tauri-plugin-updater reads when an update applies (its "dynamic server" format; the
/// field names are the plugin's).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
pub struct UpdateManifest {
    pub version: String,
    pub notes: String,
    pub pub_date: DateTime<Utc>,
    /// Where to download the bundle.
    pub url: String,
    /// The content of the bundle's `.sig` file, verified by the app against its built-in key.
    pub signature: String,
}

/// The update check an installed app of `tenant_id` on `channel` makes, with the placeholders
/// tauri-plugin-updater fills in (`{{target}}`, `{{arch}}`, `{{current_version}}`). Brand kits
/// write it into the app's updater settings, and the app builds it again from the server
/// address it really uses; the server's tests call the route through it.
pub fn update_endpoint(api_base_url: &str, tenant_id: &str, channel: ReleaseChannel) -> String {
    format!(
        "{}/api/tenant/{tenant_id}/app/update/{{{{target}}}}/{{{{arch}}}}/{{{{current_version}}}}?channel={channel}",
        api_base_url.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_update_endpoint_carries_the_updaters_placeholders_and_the_channel() {
        assert_eq!(
            update_endpoint("https://portal.ridgeline.example/", "ridgeline", ReleaseChannel::Beta),
            "https://portal.ridgeline.example/api/tenant/ridgeline/app/update/{{target}}/{{arch}}/{{current_version}}?channel=beta"
        );
    }
}
