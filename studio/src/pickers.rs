//! The native file and folder pickers, opened from Rust (tauri-plugin-dialog), over the main
//! window.
//!
//! Tests cannot click a native dialog. In debug builds only, `WISP_STUDIO_PICK_FILE` and
//! `WISP_STUDIO_PICK_FOLDER` name the path the picker returns instead of opening (an empty value
//! is a cancelled picker); everything after the pick runs as it does for a user. Release builds
//! do not contain this.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::logo::LOGO_EXTENSIONS;

#[cfg(debug_assertions)]
const PICK_FILE_ENV: &str = "WISP_STUDIO_PICK_FILE";
#[cfg(debug_assertions)]
const PICK_FOLDER_ENV: &str = "WISP_STUDIO_PICK_FOLDER";

/// A logo image (PNG, JPEG or WebP), or `None` when the picker was cancelled.
pub async fn logo_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(picked) = picked_in_test(PICK_FILE_ENV) {
        return picked;
    }
    let dialog = dialog(app, "Choose a logo").add_filter("Logo image (PNG, JPEG, WebP)", LOGO_EXTENSIONS);
    pick(|done| dialog.pick_file(done)).await
}

/// A folder to write a brand kit into, or `None` when the picker was cancelled.
pub async fn kit_folder<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(picked) = picked_in_test(PICK_FOLDER_ENV) {
        return picked;
    }
    let dialog = dialog(app, "Choose a folder for the brand kit");
    pick(|done| dialog.pick_folder(done)).await
}

fn dialog<R: Runtime>(app: &AppHandle<R>, title: &str) -> FileDialogBuilder<R> {
    let dialog = app.dialog().file().set_title(title);
    match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}

/// Opens a picker (`open` starts it with its completion callback) and waits for its answer
/// without blocking the async runtime.
async fn pick(open: impl FnOnce(Box<dyn FnOnce(Option<FilePath>) + Send>)) -> Option<PathBuf> {
    let (answer, picked) = tokio::sync::oneshot::channel();
    open(Box::new(move |path| {
        let _ = answer.send(path);
    }));
    match picked.await.ok().flatten()?.into_path() {
        Ok(path) => Some(path),
        Err(err) => {
            tracing::warn!(error = %err, "the picker answered something that is not a local path");
            None
        }
    }
}

/// The test seam: `Some(answer)` when `variable` is set.
#[cfg(debug_assertions)]
fn picked_in_test(variable: &str) -> Option<Option<PathBuf>> {
    let value = std::env::var_os(variable)?;
    tracing::info!("{variable} answers the picker (a debug build's test seam)");
    Some((!value.is_empty()).then(|| PathBuf::from(value)))
}
