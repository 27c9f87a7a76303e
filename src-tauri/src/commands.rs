//! The commands the UI calls (names and shapes: APP.md). Each is a one-line wrapper over
//! app-core; a command appears here once its app-core function exists.

use app_core::ui_types::{AppInfo, Invite};
use app_core::AppResult;
use tauri::State;

use crate::core::Core;
use crate::invite::PendingInvite;

#[tauri::command]
pub fn app_info(core: State<'_, Core>) -> AppResult<AppInfo> {
    core.config().map(|config| config.app_info())
}

/// The invite that opened (or was forwarded to) the app and has not been used yet.
#[tauri::command]
pub fn take_invite(pending: State<'_, PendingInvite>) -> Option<Invite> {
    pending.take()
}
