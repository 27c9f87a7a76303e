//! The commands the UI calls (names, arguments, results and errors: `src-tauri/APP.md`). Each is
//! a one-line wrapper over app-core's [`app_core::PortalApp`]; a command fails with an
//! [`app_core::AppError`] (`{ code, message, fields }`).

use app_core::ui_types::{
    AddCommentRequest, AppInfo, AttachmentRequest, AvailableUpdate, Cached, ChangePasswordRequest, FaqRequest, Invite,
    ListTicketsRequest, PasswordResetRequest, PendingItem, PrepareAttachmentBytesRequest, PreparedAttachment,
    ReopenTicketRequest, ResolveTicketRequest, SavedAttachment, SendOutcome, SessionState, SignInRequest, SignupCheck,
    SignupCheckRequest, SignupCompleteRequest, TicketDraft,
};
use app_core::AppResult;
use portal_api::{
    Branding, CustomerProfile, Diagnostics, FaqEntry, Page, PortalStatus, PortalTicket, PortalTicketSummary,
};
use tauri::{AppHandle, Manager, State};

use crate::core::Core;
use crate::invite::PendingInvite;
use crate::updates;

#[tauri::command]
pub fn app_info(core: State<'_, Core>) -> AppResult<AppInfo> {
    core.app().map(|app| app.app_info())
}

/// The invite that opened (or was forwarded to) the app and has not been used yet.
#[tauri::command]
pub fn take_invite(pending: State<'_, PendingInvite>) -> Option<Invite> {
    pending.take()
}

#[tauri::command]
pub async fn session_state(core: State<'_, Core>) -> AppResult<SessionState> {
    Ok(core.app()?.session_state().await)
}

#[tauri::command]
pub async fn sign_in(core: State<'_, Core>, request: SignInRequest) -> AppResult<SessionState> {
    core.app()?.sign_in(request).await
}

#[tauri::command]
pub async fn signup_verify(core: State<'_, Core>, request: SignupCheckRequest) -> AppResult<SignupCheck> {
    core.app()?.signup_verify(request).await
}

#[tauri::command]
pub async fn signup_complete(core: State<'_, Core>, request: SignupCompleteRequest) -> AppResult<SessionState> {
    core.app()?.signup_complete(request).await
}

#[tauri::command]
pub async fn send_password_reset(core: State<'_, Core>, request: PasswordResetRequest) -> AppResult<()> {
    core.app()?.send_password_reset(request).await
}

#[tauri::command]
pub async fn change_password(core: State<'_, Core>, request: ChangePasswordRequest) -> AppResult<()> {
    core.app()?.change_password(request).await
}

#[tauri::command]
pub async fn sign_out(core: State<'_, Core>) -> AppResult<()> {
    core.app()?.sign_out().await
}

#[tauri::command]
pub async fn get_profile(core: State<'_, Core>) -> AppResult<Cached<CustomerProfile>> {
    core.app()?.get_profile().await
}

#[tauri::command]
pub async fn list_tickets(
    core: State<'_, Core>,
    request: ListTicketsRequest,
) -> AppResult<Cached<Page<PortalTicketSummary>>> {
    core.app()?.list_tickets(request).await
}

#[tauri::command]
pub async fn get_ticket(core: State<'_, Core>, id: String) -> AppResult<Cached<PortalTicket>> {
    core.app()?.get_ticket(id).await
}

#[tauri::command]
pub async fn get_status(core: State<'_, Core>) -> AppResult<Cached<PortalStatus>> {
    core.app()?.get_status().await
}

#[tauri::command]
pub async fn get_faq(core: State<'_, Core>, request: FaqRequest) -> AppResult<Cached<Vec<FaqEntry>>> {
    core.app()?.get_faq(request).await
}

#[tauri::command]
pub async fn get_branding(core: State<'_, Core>) -> AppResult<Branding> {
    core.app()?.get_branding().await
}

#[tauri::command]
pub async fn create_ticket(core: State<'_, Core>, draft: TicketDraft) -> AppResult<SendOutcome> {
    core.app()?.create_ticket(draft).await
}

#[tauri::command]
pub async fn add_comment(core: State<'_, Core>, request: AddCommentRequest) -> AppResult<SendOutcome> {
    core.app()?.add_comment(request).await
}

#[tauri::command]
pub async fn prepare_attachment_bytes(
    core: State<'_, Core>,
    request: PrepareAttachmentBytesRequest,
) -> AppResult<PreparedAttachment> {
    core.app()?.prepare_attachment_bytes(request).await
}

#[tauri::command]
pub async fn discard_attachment(core: State<'_, Core>, id: String) -> AppResult<()> {
    core.app()?.discard_attachment(id).await
}

#[tauri::command]
pub async fn attachment_photo(core: State<'_, Core>, request: AttachmentRequest) -> AppResult<String> {
    core.app()?.attachment_photo(request).await
}

/// Saves into the user's Downloads folder: the one the desktop names, else `~/Downloads` (a
/// Linux desktop without `user-dirs.dirs` names none).
#[tauri::command]
pub async fn save_attachment(
    app: AppHandle,
    core: State<'_, Core>,
    request: AttachmentRequest,
) -> AppResult<SavedAttachment> {
    let paths = app.path();
    let folder =
        paths.download_dir().or_else(|_| paths.home_dir().map(|home| home.join("Downloads"))).map_err(|_| {
            app_core::AppError::storage("your Downloads folder", "this computer names no Downloads or home folder")
        })?;
    core.app()?.save_attachment(request, &folder).await
}

#[tauri::command]
pub async fn resolve_ticket(core: State<'_, Core>, request: ResolveTicketRequest) -> AppResult<()> {
    core.app()?.resolve_ticket(request).await
}

#[tauri::command]
pub async fn reopen_ticket(core: State<'_, Core>, request: ReopenTicketRequest) -> AppResult<()> {
    core.app()?.reopen_ticket(request).await
}

#[tauri::command]
pub async fn pending_items(core: State<'_, Core>) -> AppResult<Vec<PendingItem>> {
    core.app()?.pending_items().await
}

#[tauri::command]
pub async fn get_draft(core: State<'_, Core>) -> AppResult<Option<TicketDraft>> {
    core.app()?.get_draft().await
}

#[tauri::command]
pub async fn save_draft(core: State<'_, Core>, draft: TicketDraft) -> AppResult<()> {
    core.app()?.save_draft(draft).await
}

#[tauri::command]
pub async fn diagnostics_preview(core: State<'_, Core>) -> AppResult<Diagnostics> {
    Ok(core.app()?.diagnostics_preview().await)
}

/// Set to `1` to have the app print `FIRST_PAINT <unix seconds>` on stdout once its first real
/// screen has painted: what `scripts/figures.sh` times launches by (the reference app in
/// `../shared/bench/tauri-baseline` prints the same line).
const REPORT_FIRST_PAINT_ENV: &str = "WISP_REPORT_FIRST_PAINT";

/// The UI calls this once, two animation frames after its first real screen (sign-in or home).
#[tauri::command]
pub fn first_paint() {
    if std::env::var_os(REPORT_FIRST_PAINT_ENV).is_some_and(|v| v == "1") {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        println!("FIRST_PAINT {:.6}", now.as_secs_f64());
    }
}

/// The update found by the last check, if any (the window asks when it opens; later ones arrive
/// as `update-available`).
#[tauri::command]
pub async fn update_status(app: AppHandle) -> Option<AvailableUpdate> {
    updates::status(&app).await
}

#[tauri::command]
pub async fn check_for_update(app: AppHandle) -> AppResult<Option<AvailableUpdate>> {
    updates::check(&app).await
}

/// Only when the subscriber says so: downloads, verifies and installs the update found last.
#[tauri::command]
pub async fn install_update(app: AppHandle) -> AppResult<()> {
    updates::install(&app).await
}

/// After an installed update, when the subscriber chooses to start the new version.
#[tauri::command]
pub fn restart_app(app: AppHandle) {
    app.restart();
}
