//! The types that cross into the UI: command arguments and results, and event payloads. Each is
//! exported to TypeScript (`ui/src/lib/generated/app/`) so the UI never writes them by hand.
//! API types (`CustomerProfile`, `PortalTicket`, …) come from `portal-api` as they are.
//!
//! All JSON is camelCase. Secrets that the UI sends (passwords) arrive as [`Sensitive`] and are
//! never serialised back.

use chrono::{DateTime, Utc};
use portal_api::{Branding, EventKind, WorkOrderKind, WorkOrderStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::secret::Sensitive;

// ---------------------------------------------------------------------------------------------
// App and session
// ---------------------------------------------------------------------------------------------

/// `app_info()`: what the app is and whose it is, known before any network call.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct AppInfo {
    pub product_name: String,
    pub version: String,
    pub tenant_id: String,
    pub brand: BrandDefaults,
}

/// The brand built into the app: shown until the server's published branding has been fetched
/// (and when it cannot be).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct BrandDefaults {
    pub branding: Branding,
}

/// `session_state()` and the result of signing in or up.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct SessionState {
    pub signed_in: bool,
    pub email: Option<String>,
    /// False when the operating system's keychain cannot be used: the session then lasts only
    /// until the app quits, and the UI says so.
    pub keychain_available: bool,
}

/// `sign_in({ request })`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct SignInRequest {
    pub email: String,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}

/// `signup_verify({ request })`: the customer number with the phone on file, or an access code
/// from the provider (an invite link fills it in).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct SignupCheckRequest {
    #[ts(optional = nullable)]
    pub customer_number: Option<String>,
    #[ts(optional = nullable)]
    pub phone: Option<String>,
    #[ts(optional = nullable)]
    pub access_code: Option<String>,
}

/// The answer to `signup_verify`: the account was found. The link ticket stays in the core.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct SignupCheck {
    /// First name only, so the user can tell the right account was matched.
    pub greeting_name: String,
    /// Finish sign-up before this time, or verify again.
    pub expires_at: DateTime<Utc>,
}

/// `signup_complete({ request })`: the login to create for the verified customer.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct SignupCompleteRequest {
    pub email: String,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}

/// `send_password_reset({ request })`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `change_password({ request })`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct ChangePasswordRequest {
    #[ts(type = "string")]
    pub current_password: Sensitive<String>,
    #[ts(type = "string")]
    pub new_password: Sensitive<String>,
}

// ---------------------------------------------------------------------------------------------
// Reading: cached answers
// ---------------------------------------------------------------------------------------------

/// Anything read from the server, with when it was fetched: `fromCache` is true when the server
/// could not be reached and this is the last good copy ("Offline: showing what we had at 10:42").
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct Cached<T> {
    pub data: T,
    pub fetched_at: DateTime<Utc>,
    pub from_cache: bool,
}

/// `list_tickets({ request })`. An empty `status` lists every ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "app/")]
pub struct ListTicketsRequest {
    pub status: Vec<WorkOrderStatus>,
    #[ts(optional = nullable)]
    pub cursor: Option<String>,
}

/// `get_faq({ request })`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "app/")]
pub struct FaqRequest {
    #[ts(optional = nullable)]
    pub query: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Writing: tickets, comments, attachments, the outbox
// ---------------------------------------------------------------------------------------------

/// A new ticket as the subscriber writes it; also what `get_draft`/`save_draft` keep.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, export_to = "app/")]
pub struct TicketDraft {
    pub title: String,
    pub description: String,
    /// `support` unless the subscriber picked another category.
    pub kind: Option<WorkOrderKind>,
    /// Ids of attachments prepared with `prepare_attachment`.
    pub attachment_ids: Vec<String>,
    /// The subscriber agreed to send the diagnostics shown by `diagnostics_preview`.
    pub include_diagnostics: bool,
}

/// `add_comment({ request })`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct AddCommentRequest {
    pub ticket_id: String,
    pub body: String,
    /// Ids of attachments prepared with `prepare_attachment`.
    #[serde(default)]
    pub attachment_ids: Vec<String>,
}

/// `resolve_ticket({ request })`: the subscriber says it is fixed.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct ResolveTicketRequest {
    pub id: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub reason: Option<String>,
}

/// `reopen_ticket({ request })`, within the provider's reopen window.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct ReopenTicketRequest {
    pub id: String,
    pub reason: String,
}

/// `attachment_photo({ request })` and `save_attachment({ request })`: one file of one of the
/// subscriber's tickets.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct AttachmentRequest {
    pub ticket_id: String,
    pub attachment_id: String,
}

/// Where `save_attachment` put the file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct SavedAttachment {
    /// The full path, to show and to open the folder.
    pub path: String,
    /// The name it was saved under (a number is added when the name was taken).
    pub file_name: String,
}

/// What became of a ticket or comment the subscriber sent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[ts(export, export_to = "app/")]
pub enum SendOutcome {
    /// The server has it.
    Sent { ticket_id: String, ticket_number: Option<i64> },
    /// Kept on this computer and sent by itself when the server can be reached; `message` says so
    /// in plain words.
    Queued { pending_id: String, message: String },
}

/// `prepare_attachment_bytes({ request })`: a file dropped or pasted into the window.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct PrepareAttachmentBytesRequest {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What kind of file an attachment is, after checking its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "app/")]
pub enum AttachmentKind {
    /// Re-encoded without EXIF or GPS data.
    Photo,
    Pdf,
    Text,
}

/// A picked file, checked and made ready to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct PreparedAttachment {
    pub id: String,
    pub name: String,
    pub kind: AttachmentKind,
    /// Size of what will be sent (after re-encoding for photos).
    pub size_bytes: u64,
    /// A small `data:image/jpeg;base64,…` preview for photos.
    pub preview_data_url: Option<String>,
}

/// What the outbox holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "app/")]
pub enum PendingKind {
    Ticket,
    Comment,
}

/// `pending_items()`: a ticket or comment written but not yet accepted by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct PendingItem {
    pub id: String,
    pub kind: PendingKind,
    /// The ticket a comment belongs to.
    pub ticket_id: Option<String>,
    /// The ticket's title, or the start of the comment.
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    /// Why the last attempt did not go through, in plain words.
    pub last_error: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Watcher and events (Rust -> UI)
// ---------------------------------------------------------------------------------------------

/// Something the subscriber should hear about: a staff reply or a status change on one of their
/// tickets. The shell shows it as a native notification and tells the open screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct ChangeNotice {
    pub ticket_id: String,
    pub ticket_number: i64,
    pub ticket_title: String,
    pub kind: EventKind,
    /// What happened, in the server's words ("Support replied", "Status: In progress").
    pub summary: String,
    pub status: WorkOrderStatus,
    pub at: DateTime<Utc>,
}

/// Event names, the contract between the shell (which emits) and the UI (which listens).
pub mod events {
    pub const TICKETS_CHANGED: &str = "tickets-changed";
    pub const BRANDING_CHANGED: &str = "branding-changed";
    pub const CONNECTION_CHANGED: &str = "connection-changed";
    pub const UPLOAD_PROGRESS: &str = "upload-progress";
    pub const INVITE: &str = "invite";
    pub const UPDATE_AVAILABLE: &str = "update-available";
    pub const UPDATE_PROGRESS: &str = "update-progress";
}

/// A newer version of the app, signed by the provider (`update_status()`, `check_for_update()`,
/// the `update-available` event). Nothing is downloaded until the subscriber says so.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct AvailableUpdate {
    pub version: String,
    pub current_version: String,
    /// What changed, in the provider's words.
    pub notes: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Payload of `update-progress` while `install_update` downloads.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct UpdateDownload {
    pub downloaded_bytes: u64,
    /// `None` when the server did not say how large the download is.
    pub total_bytes: Option<u64>,
}

/// Payload of `tickets-changed`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct TicketsChanged {
    pub ticket_ids: Vec<String>,
}

/// Payload of `connection-changed`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct ConnectionChanged {
    pub online: bool,
}

/// Payload of `upload-progress`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct UploadProgress {
    pub attachment_id: String,
    pub sent_bytes: u64,
    pub total_bytes: u64,
}

/// Payload of `invite`: an invite link opened the app; sign-up starts with this access code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
pub struct Invite {
    pub code: String,
}
