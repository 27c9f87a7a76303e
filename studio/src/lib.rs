//! Wisp Studio (`wisp-studio`): the staff's app. It signs in staff, never customers, and serves
//! every tenant the staff member belongs to; its first screen previews, publishes and exports a
//! tenant's branding. The core ([`studio::Studio`], no UI toolkit) is what the tests drive; the
//! Tauri shell around it (commands, pickers, window) stays thin. See `STUDIO.md`.

mod commands;
pub mod config;
pub mod errors;
pub mod kit;
pub mod logo;
mod pickers;
mod shell;
pub mod studio;

use tauri::{App, AppHandle, Manager};

pub use studio::Studio;

/// The window label in `tauri.conf.json`.
const MAIN_WINDOW: &str = "main";

/// Build and run the studio until the user quits.
pub fn run() {
    app_core::desktop::start_process();

    tauri::Builder::default()
        // First, so a second launch hands over to the running studio and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| show_main(app)))
        .plugin(tauri_plugin_dialog::init())
        .setup(setup)
        .invoke_handler(tauri::generate_handler![
            commands::studio_session,
            commands::studio_sign_in,
            commands::studio_sign_out,
            commands::studio_branding,
            commands::studio_branding_versions,
            commands::studio_publish,
            commands::studio_revert,
            commands::studio_choose_logo,
            commands::studio_sanitize_css,
            commands::studio_logo_data,
            commands::studio_export_kit,
        ])
        .run(tauri::generate_context!())
        .expect("the studio could not start");
}

fn setup(app: &mut App) -> Result<(), Box<dyn std::error::Error>> {
    let identifier = app.config().identifier.clone();
    let core = shell::Core::start(&identifier, &app.path().app_config_dir()?, app.path().app_data_dir()?);
    app.manage(core);
    Ok(())
}

/// Show, unminimise and focus the main window (a second launch).
fn show_main(app: &AppHandle) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        tracing::warn!("the main window is gone; nothing to show");
        return;
    };
    for (action, result) in
        [("show", window.show()), ("unminimize", window.unminimize()), ("focus", window.set_focus())]
    {
        if let Err(error) = result {
            tracing::warn!(%error, action, "could not bring the main window forward");
        }
    }
}
