//! What the core tells the window while nobody asked: UI events (names in
//! [`crate::ui_types::events`]) and native notifications. The shell implements [`AppEvents`]
//! with Tauri's `emit` and the notification plugin; tests implement it to record what was sent.
//! So the core stays free of any UI toolkit.

use serde::Serialize;

use crate::notices::Notification;
use crate::ui_types::{events, ConnectionChanged, TicketsChanged, UploadProgress};

/// One UI event. It serialises as its payload alone (`null` for `branding-changed`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AppEvent {
    TicketsChanged(TicketsChanged),
    BrandingChanged,
    ConnectionChanged(ConnectionChanged),
    UploadProgress(UploadProgress),
}

impl AppEvent {
    /// The event name the UI listens to.
    pub fn name(&self) -> &'static str {
        match self {
            AppEvent::TicketsChanged(_) => events::TICKETS_CHANGED,
            AppEvent::BrandingChanged => events::BRANDING_CHANGED,
            AppEvent::ConnectionChanged(_) => events::CONNECTION_CHANGED,
            AppEvent::UploadProgress(_) => events::UPLOAD_PROGRESS,
        }
    }
}

/// Where events go. Called from the core's tasks: implementations must not block.
pub trait AppEvents: Send + Sync + 'static {
    /// Tells the open window.
    fn emit(&self, event: AppEvent);
    /// Shows a native notification (a staff reply or status change).
    fn notify(&self, notification: Notification);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialise_as_their_payload_only() {
        let changed = AppEvent::TicketsChanged(TicketsChanged { ticket_ids: vec!["t1".into()] });
        assert_eq!(changed.name(), "tickets-changed");
        assert_eq!(serde_json::to_value(&changed).unwrap(), serde_json::json!({"ticketIds": ["t1"]}));
        assert_eq!(serde_json::to_value(AppEvent::BrandingChanged).unwrap(), serde_json::Value::Null);
        let online = AppEvent::ConnectionChanged(ConnectionChanged { online: true });
        assert_eq!(
            (online.name(), serde_json::to_value(&online).unwrap()),
            ("connection-changed", serde_json::json!({"online": true}))
        );
    }
}
