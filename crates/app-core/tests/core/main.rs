//! The app core against the real server, the real Firebase Auth emulator and the real keychain
//! (Secret Service: `scripts/test.sh` runs these tests inside a D-Bus session with
//! gnome-keyring). One module per capability.

mod helpers;
mod photos;

mod app;
mod branding;
mod downloads;
mod outbox;
mod session;
mod uploads;
mod watcher;
