//! How the core's events reach the window (`emit`) and the desktop (native notifications).

use app_core::notices::Notification;
use app_core::{AppEvent, AppEvents};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::NotificationExt;

pub struct WindowEvents<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> AppEvents for WindowEvents<R> {
    fn emit(&self, event: AppEvent) {
        if let Err(error) = self.0.emit(event.name(), &event) {
            tracing::warn!(%error, event = event.name(), "could not send an event to the window");
        }
    }

    fn notify(&self, notification: Notification) {
        let shown = self.0.notification().builder().title(notification.title).body(notification.body).show();
        if let Err(error) = shown {
            tracing::warn!(%error, "could not show a notification");
        }
    }
}
