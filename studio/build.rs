//! tauri-build over `studio/tauri.conf.json`, with the studio's commands.

/// Every command the studio's window may call: generates its `allow-<command>` permission,
/// which capabilities/main.json grants to the window.
const COMMANDS: &[&str] = &[
    "studio_session",
    "studio_sign_in",
    "studio_sign_out",
    "studio_branding",
    "studio_branding_versions",
    "studio_publish",
    "studio_revert",
    "studio_choose_logo",
    "studio_sanitize_css",
    "studio_logo_data",
    "studio_export_kit",
];

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
