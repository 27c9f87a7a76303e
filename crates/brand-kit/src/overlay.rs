//! The Tauri configuration overlay of a brand. `tauri build --config overlay.json` merges it
//! over the root `tauri.conf.json` as a JSON Merge Patch (RFC 7396): objects merge key by key,
//! anything else (arrays included) replaces the base value. So `app.windows` is the base's
//! window list with the brand's title, not a list of changes.
//!
//! What the brand decides, per platform:
//! - everywhere: `productName` (window title, menu entries, installer names), `identifier`
//!   (bundle id; the app's data folder and keychain entries are keyed by it), the deep-link
//!   scheme, the updater's endpoint and public key when the kit has them, the icons;
//! - Linux (.deb, .rpm): `mainBinaryName` names `/usr/bin/<name>` and the installed icons
//!   (`usr/share/icons/hicolor/<size>/apps/<name>.png`), and the package is named after the
//!   product name in kebab case; publisher and homepage go into the package metadata;
//! - macOS (.app, .dmg): the bundle is named after `productName`, `CFBundleIdentifier` is the
//!   identifier, `icon.icns` is its icon; signing identity and notarisation credentials are
//!   not brand data and come from the release machine's environment (`APPLE_SIGNING_IDENTITY`,
//!   `APPLE_ID`, `APPLE_PASSWORD`, `APPLE_TEAM_ID`);
//! - Windows (.msi, NSIS .exe): `publisher` is the installer's Manufacturer, `icon.ico` the
//!   executable's icon; the MSI upgrade code is derived from the identifier, so renaming the
//!   product later still upgrades installed copies (Tauri's default derives it from the product
//!   name). The code-signing certificate likewise comes from the release machine.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::kit::BrandKit;

/// The overlay for `kit`, built over `base` (the root `tauri.conf.json`, in `base_dir`) with
/// `icons` as `bundle.icon`. Fails when the base has no window to retitle or no web assets.
pub fn tauri_overlay(kit: &BrandKit, base: &Value, base_dir: &Path, icons: &[PathBuf]) -> Result<Value, String> {
    let brand = &kit.brand;
    // The CLI resolves relative paths against the app crate's folder (src-tauri/, whose
    // tauri.conf.json links to the root one), tauri-build against the root: absolute paths
    // mean the same to both.
    let frontend_dist = base
        .pointer("/build/frontendDist")
        .and_then(Value::as_str)
        .ok_or("has no build.frontendDist (the built UI)")?;
    let frontend_dist = base_dir.join(frontend_dist);
    let windows = base
        .pointer("/app/windows")
        .and_then(Value::as_array)
        .filter(|windows| !windows.is_empty())
        .ok_or("has no app.windows to give the brand's title")?
        .iter()
        .map(|window| {
            let mut window = window.clone();
            let object = window.as_object_mut().ok_or("app.windows holds a window that is not an object")?;
            object.insert("title".into(), json!(brand.product_name));
            Ok(window)
        })
        .collect::<Result<Vec<_>, &str>>()?;

    let mut plugins = json!({ "deep-link": { "desktop": { "schemes": [brand.deep_link_scheme] } } });
    if let Some(updater) = &brand.updater {
        // The signature must name the version it was signed for, so an old (validly signed)
        // bundle cannot be passed off as a newer one. The app sets the endpoint again at run
        // time from the server address it uses.
        let endpoint = portal_api::update_endpoint(&brand.api_base_url, &brand.tenant_id, updater.channel);
        plugins["updater"] = json!({ "endpoints": [endpoint], "pubkey": updater.pubkey, "requireSignedVersion": true });
    }
    let company = &brand.company;
    let upgrade_code = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_DNS, brand.identifier.as_bytes());

    Ok(json!({
        "productName": brand.product_name,
        "mainBinaryName": kit.package_name(),
        "identifier": brand.identifier,
        "build": { "frontendDist": frontend_dist.display().to_string() },
        "app": { "windows": windows },
        "bundle": {
            "icon": icons.iter().map(|path| path.display().to_string()).collect::<Vec<_>>(),
            "publisher": company.name,
            "copyright": format!("Copyright © {}", company.name),
            "homepage": company.website,
            "shortDescription": format!("{} support", company.display_name),
            "longDescription": brand.portal.welcome_message,
            // Updater artefacts (signed with the WISP's private key) only where an update
            // channel exists.
            "createUpdaterArtifacts": brand.updater.is_some(),
            "macOS": {
                "minimumSystemVersion": "10.15",
                "hardenedRuntime": true
            },
            "windows": {
                "digestAlgorithm": "sha256",
                "wix": { "upgradeCode": upgrade_code.to_string() },
                "nsis": { "installMode": "currentUser", "startMenuFolder": company.display_name }
            }
        },
        "plugins": plugins
    }))
}
