//! The commands the studio's window calls (names, arguments, results and errors: `STUDIO.md`).
//! Each is a thin wrapper over [`crate::studio::Studio`]; the pickers are opened here, in the
//! shell, and what was picked goes to the core. A command fails with an [`app_core::AppError`].

use app_core::{AppResult, Sensitive};
use portal_api::{Branding, BrandingVersion, PublishedBranding, SanitizedCss, StaffMe, UploadedLogo};
use tauri::{AppHandle, State};

use crate::pickers;
use crate::shell::Core;

#[tauri::command]
pub async fn studio_session(core: State<'_, Core>) -> AppResult<Option<StaffMe>> {
    core.studio()?.session().await
}

#[tauri::command]
pub async fn studio_sign_in(core: State<'_, Core>, email: String, password: Sensitive<String>) -> AppResult<StaffMe> {
    core.studio()?.sign_in(&email, &password).await
}

#[tauri::command]
pub async fn studio_sign_out(core: State<'_, Core>) -> AppResult<()> {
    core.studio()?.sign_out().await
}

#[tauri::command]
pub async fn studio_branding(core: State<'_, Core>, tenant_id: String) -> AppResult<PublishedBranding> {
    core.studio()?.branding(&tenant_id).await
}

#[tauri::command]
pub async fn studio_branding_versions(core: State<'_, Core>, tenant_id: String) -> AppResult<Vec<BrandingVersion>> {
    core.studio()?.branding_versions(&tenant_id).await
}

#[tauri::command]
pub async fn studio_publish(
    core: State<'_, Core>,
    tenant_id: String,
    base_version: i64,
    branding: Branding,
) -> AppResult<PublishedBranding> {
    core.studio()?.publish(&tenant_id, base_version, branding).await
}

#[tauri::command]
pub async fn studio_revert(
    core: State<'_, Core>,
    tenant_id: String,
    version: i64,
    base_version: i64,
) -> AppResult<PublishedBranding> {
    core.studio()?.revert(&tenant_id, version, base_version).await
}

/// `null` when the picker was cancelled.
#[tauri::command]
pub async fn studio_choose_logo(
    app: AppHandle,
    core: State<'_, Core>,
    tenant_id: String,
) -> AppResult<Option<UploadedLogo>> {
    let studio = core.studio()?;
    match pickers::logo_file(&app).await {
        Some(path) => studio.upload_logo(&tenant_id, &path).await.map(Some),
        None => Ok(None),
    }
}

/// The same sanitiser the server applies on publish.
#[tauri::command]
pub fn studio_sanitize_css(core: State<'_, Core>, css: String) -> AppResult<SanitizedCss> {
    Ok(core.studio()?.sanitize_css(&css))
}

#[tauri::command]
pub async fn studio_logo_data(core: State<'_, Core>, url: String) -> AppResult<String> {
    core.studio()?.logo_data(&url).await
}

/// The folder written, or `null` when the picker was cancelled.
#[tauri::command]
pub async fn studio_export_kit(
    app: AppHandle,
    core: State<'_, Core>,
    tenant_id: String,
    branding: Branding,
) -> AppResult<Option<String>> {
    let studio = core.studio()?;
    match pickers::kit_folder(&app).await {
        Some(folder) => {
            let written = studio.export_kit(&tenant_id, &branding, &folder).await?;
            Ok(Some(written.display().to_string()))
        }
        None => Ok(None),
    }
}
