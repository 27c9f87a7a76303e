//! The one main window: brought forward on demand, hidden instead of closed while a tray
//! icon can bring it back.

use tauri::{App, AppHandle, Manager, Runtime, WebviewWindowBuilder, Window, WindowEvent};

use crate::tray::TrayPresence;

/// The window label in `tauri.conf.json`.
pub const MAIN_WINDOW: &str = "main";

/// Open the main window as `tauri.conf.json` describes it (`"create": false` there), with its
/// title bar following the screen's title ("Tickets · Ridgeline Wireless").
pub fn create_main<R: Runtime>(app: &App<R>) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN_WINDOW)
        .ok_or_else(|| tauri::Error::WindowNotFound)?
        .clone();
    WebviewWindowBuilder::from_config(app, &config)?
        .on_document_title_changed(|window, title| {
            if let Err(error) = window.set_title(&title) {
                tracing::warn!(%error, "could not set the window title");
            }
        })
        .build()?;
    Ok(())
}

/// Show, unminimise and focus the main window (a second launch, an invite, the tray).
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
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

/// Closing the main window keeps the app (and its watcher) running in the tray when there is
/// a tray to come back from; without one, closing quits as users expect.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.label() == MAIN_WINDOW && window.app_handle().state::<TrayPresence>().is_visible() {
            api.prevent_close();
            if let Err(error) = window.hide() {
                tracing::warn!(%error, "could not hide the main window");
            }
        }
    }
}
