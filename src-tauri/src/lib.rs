//! The desktop shell: plugins, tray, deep links and window wiring around the app's Rust core.
//! Commands stay one-line wrappers over `app-core`; nothing here talks to the server itself.

mod commands;
mod core;
mod events;
mod invite;
mod tray;
mod updates;
mod window;

use std::sync::Arc;

use tauri::{App, Manager};
use tauri_plugin_deep_link::DeepLinkExt;

/// Build and run the app until the user quits.
pub fn run() {
    app_core::desktop::start_process();

    let context = tauri::generate_context!("../tauri.conf.json");
    // Updates are configured per brand (endpoint and public key come from the brand kit's
    // overlay); a build without them has no update channel rather than a made-up one.
    let has_update_channel = context.config().plugins.0.contains_key("updater");

    let mut builder = tauri::Builder::default()
        // First, so a second launch hands over its arguments (and deep link) and exits
        // before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            window::show_main(app);
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init());
    if has_update_channel {
        builder = builder.plugin(tauri_plugin_updater::Builder::new().build());
    } else {
        tracing::warn!("this build has no update channel (no `plugins.updater` in its configuration)");
    }

    builder
        .manage(invite::PendingInvite::default())
        .manage(updates::Updates::new(has_update_channel))
        .setup(move |app| {
            setup(app)?;
            if has_update_channel {
                updates::start_checking(app.handle());
            }
            Ok(())
        })
        .on_window_event(window::on_window_event)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::take_invite,
            commands::session_state,
            commands::sign_in,
            commands::signup_verify,
            commands::signup_complete,
            commands::send_password_reset,
            commands::change_password,
            commands::sign_out,
            commands::get_profile,
            commands::list_tickets,
            commands::get_ticket,
            commands::get_status,
            commands::get_faq,
            commands::get_branding,
            commands::create_ticket,
            commands::add_comment,
            commands::prepare_attachment_bytes,
            commands::discard_attachment,
            commands::attachment_photo,
            commands::save_attachment,
            commands::resolve_ticket,
            commands::reopen_ticket,
            commands::pending_items,
            commands::get_draft,
            commands::save_draft,
            commands::diagnostics_preview,
            commands::first_paint,
            commands::update_status,
            commands::check_for_update,
            commands::install_update,
            commands::restart_app,
        ])
        .run(context)
        .expect("the app could not start");
}

fn setup(app: &mut App) -> Result<(), Box<dyn std::error::Error>> {
    let events = Arc::new(events::WindowEvents(app.handle().clone()));
    app.manage(core::Core::start(app.path().app_data_dir()?, events));
    window::create_main(app)?;
    tray::install(app)?;

    let handle = app.handle().clone();
    app.deep_link().on_open_url(move |event| invite::handle_links(&handle, &event.urls()));
    // A link that started the app arrived before the listener above existed.
    if let Some(urls) = app.deep_link().get_current()? {
        invite::handle_links(app.handle(), &urls);
    }
    Ok(())
}
