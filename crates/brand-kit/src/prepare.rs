//! `wisp-brand prepare`: everything a branded build reads, written into one folder.
//!
//! ```text
//! <out>/overlay.json       Tauri configuration overlay (tauri build --config)
//! <out>/app-settings.json  the settings compiled into the app (WISP_BRAND_JSON)
//! <out>/icons/             the icon set
//! <out>/build.json         facts about the build for scripts and tests
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::error::KitError;
use crate::icons::{bundle_icon_paths, write_icon_set};
use crate::kit::BrandKit;
use crate::overlay::tauri_overlay;
use crate::settings::app_settings;

/// What `prepare` wrote, and what the build will produce (`build.json`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Prepared {
    pub slug: String,
    pub product_name: String,
    pub identifier: String,
    pub tenant_id: String,
    pub deep_link_scheme: String,
    /// The Linux package, the installed binary and its icons are all named this.
    pub package_name: String,
    pub overlay: PathBuf,
    pub app_settings: PathBuf,
    pub icons: PathBuf,
}

pub const OVERLAY_FILE: &str = "overlay.json";
pub const APP_SETTINGS_FILE: &str = "app-settings.json";
pub const ICONS_DIR: &str = "icons";
pub const BUILD_FILE: &str = "build.json";

/// Writes the overlay (over `base_config`), the icon set and the app settings of `kit` into
/// `out`, which is created. Paths inside are absolute, as the overlay is read from elsewhere.
pub fn prepare(kit: &BrandKit, base_config: &Path, out: &Path) -> Result<Prepared, KitError> {
    let base_text =
        fs::read_to_string(base_config).map_err(|source| KitError::Read { path: base_config.to_path_buf(), source })?;
    let base: Value = serde_json::from_str(&base_text)
        .map_err(|err| KitError::BaseConfig { path: base_config.to_path_buf(), why: format!("is not JSON: {err}") })?;
    fs::create_dir_all(out).map_err(|source| KitError::Write { path: out.to_path_buf(), source })?;
    let out = fs::canonicalize(out).map_err(|source| KitError::Read { path: out.to_path_buf(), source })?;

    let icons = out.join(ICONS_DIR);
    if icons.exists() {
        fs::remove_dir_all(&icons).map_err(|source| KitError::Write { path: icons.clone(), source })?;
    }
    write_icon_set(&kit.logo.icon_master(kit.background()), &icons)?;

    let base_dir = fs::canonicalize(base_config)
        .map_err(|source| KitError::Read { path: base_config.to_path_buf(), source })?
        .parent()
        .expect("a file has a folder")
        .to_path_buf();
    let overlay = tauri_overlay(kit, &base, &base_dir, &bundle_icon_paths(&icons))
        .map_err(|why| KitError::BaseConfig { path: base_config.to_path_buf(), why })?;
    let prepared = Prepared {
        slug: kit.slug(),
        product_name: kit.brand.product_name.clone(),
        identifier: kit.brand.identifier.clone(),
        tenant_id: kit.brand.tenant_id.clone(),
        deep_link_scheme: kit.brand.deep_link_scheme.clone(),
        package_name: kit.package_name(),
        overlay: out.join(OVERLAY_FILE),
        app_settings: out.join(APP_SETTINGS_FILE),
        icons,
    };
    write_json(&prepared.overlay, &overlay)?;
    write_json(&prepared.app_settings, &app_settings(kit))?;
    write_json(&out.join(BUILD_FILE), &prepared)?;
    Ok(prepared)
}

fn write_json(path: &Path, value: &impl Serialize) -> Result<(), KitError> {
    let mut text = serde_json::to_string_pretty(value).expect("these values are JSON");
    text.push('\n');
    fs::write(path, text).map_err(|source| KitError::Write { path: path.to_path_buf(), source })
}
