//! The tray icon: "Open" brings the window back, "Quit" ends the app in one click.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{
    menu::{Menu, MenuItem},
    tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent},
    App, Manager, Runtime,
};

use crate::window::show_main;

/// Whether a tray icon is actually shown somewhere the user can click it.
#[derive(Default)]
pub struct TrayPresence(AtomicBool);

impl TrayPresence {
    pub fn is_visible(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

const OPEN_ID: &str = "open";
const QUIT_ID: &str = "quit";

pub fn install<R: Runtime>(app: &App<R>) -> tauri::Result<()> {
    let product_name = app.package_info().name.clone();
    let open = MenuItem::with_id(app, OPEN_ID, format!("Open {product_name}"), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT_ID, "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;

    let mut builder = TrayIconBuilder::with_id("main")
        .tooltip(&product_name)
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            OPEN_ID => show_main(app),
            QUIT_ID => app.exit(0),
            other => tracing::warn!(id = other, "unknown tray menu item"),
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;

    // The answer takes a session-bus connection of its own: asked beside the main thread, which
    // is busy opening the window. Until it comes, closing the window quits.
    app.manage(TrayPresence::default());
    let handle = app.handle().clone();
    std::thread::spawn(move || {
        let visible = host_shows_tray_icons();
        if !visible {
            tracing::info!("no tray on this desktop: closing the window quits the app");
        }
        handle.state::<TrayPresence>().0.store(visible, Ordering::Relaxed);
    });
    Ok(())
}

/// Linux shows tray icons only where a StatusNotifier host runs (KDE, most panels, GNOME with
/// the AppIndicator extension); ask the session bus rather than hide the window for good.
#[cfg(target_os = "linux")]
fn host_shows_tray_icons() -> bool {
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";
    let answer = zbus::blocking::Connection::session().and_then(|bus| {
        let dbus = zbus::blocking::fdo::DBusProxy::new(&bus)?;
        let name = zbus::names::BusName::try_from(WATCHER).map_err(zbus::Error::from)?;
        dbus.name_has_owner(name).map_err(zbus::Error::from)
    });
    answer.unwrap_or_else(|error| {
        tracing::info!(%error, "could not ask the session bus for a tray host");
        false
    })
}

/// Windows and macOS always have a notification area / menu bar.
#[cfg(not(target_os = "linux"))]
fn host_shows_tray_icons() -> bool {
    true
}
