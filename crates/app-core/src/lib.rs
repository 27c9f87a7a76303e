//! The desktop app's core, with no UI toolkit in it: the Tauri shell's commands are one-line
//! wrappers over this crate, and its tests drive it directly against the real server, the
//! Firebase Auth emulator and a real keychain.

pub mod config;
pub mod error;
pub mod secret;
pub mod ui_types;

pub use error::{AppError, AppErrorCode, AppResult};
pub use secret::Sensitive;
