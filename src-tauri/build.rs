//! tauri-build, pointed at the base configuration at the repository root (brand overlays are
//! merged over it), and the brand settings compiled into the app.
use std::{env, fs, path::PathBuf};

/// Every command the UI may call: generates its `allow-<command>` permission, which
/// capabilities/main.json grants to the window.
const COMMANDS: &[&str] = &[
    "app_info",
    "take_invite",
    "session_state",
    "sign_in",
    "signup_verify",
    "signup_complete",
    "send_password_reset",
    "change_password",
    "sign_out",
    "get_profile",
    "list_tickets",
    "get_ticket",
    "get_status",
    "get_faq",
    "get_branding",
    "create_ticket",
    "add_comment",
    "prepare_attachment_bytes",
    "discard_attachment",
    "attachment_photo",
    "save_attachment",
    "resolve_ticket",
    "reopen_ticket",
    "pending_items",
    "get_draft",
    "save_draft",
    "diagnostics_preview",
    "first_paint",
    "update_status",
    "check_for_update",
    "install_update",
    "restart_app",
];

/// A branded build names its brand's settings here (the app-settings.json `wisp-brand prepare`
/// writes from a brand kit); they are compiled in and read by app-core. Without them the app
/// needs `WISP_APP_CONFIG` at run time.
const BRAND_ENV: &str = "WISP_BRAND_JSON";

fn main() {
    println!("cargo:rerun-if-env-changed={BRAND_ENV}");
    let brand = match env::var_os(BRAND_ENV) {
        Some(path) => {
            let path = fs::canonicalize(&path)
                .unwrap_or_else(|err| panic!("{BRAND_ENV}={}: {err}", PathBuf::from(&path).display()));
            println!("cargo:rerun-if-changed={}", path.display());
            format!("Some(include_str!({:?}))", path.display().to_string())
        }
        None => "None".to_owned(),
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(
        out.join("built_in_brand.rs"),
        format!("/// The brand settings compiled in (`{BRAND_ENV}` at build time).\npub const BUILT_IN_BRAND: Option<&str> = {brand};\n"),
    )
    .expect("OUT_DIR is writable");

    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
