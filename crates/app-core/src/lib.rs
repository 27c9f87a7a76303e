//! The desktop app's core, with no UI toolkit in it: the Tauri shell's commands are one-line
//! wrappers over this crate, and its tests drive it directly against the real server, the
//! Firebase Auth emulator and a real keychain.

pub mod app;
pub mod attachments;
pub mod branding;
pub mod cache;
pub mod config;
pub mod credentials;
pub mod desktop;
pub mod downloads;
pub mod error;
pub mod events;
pub mod firebase;
pub mod installation;
pub mod notices;
pub mod outbox;
pub mod painting;
pub mod secret;
pub mod session;
pub mod storage;
pub mod ui_types;
pub mod uploads;
pub mod watcher;

pub use app::PortalApp;
pub use error::{AppError, AppErrorCode, AppResult};
pub use events::{AppEvent, AppEvents};
pub use secret::Sensitive;
