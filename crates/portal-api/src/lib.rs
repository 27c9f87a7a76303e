//! Request and response types of the wisp-portal HTTP API.
//!
//! The server serialises these and the desktop app deserialises them, so the two cannot drift;
//! the OpenAPI document (feature `openapi`) and the UI's TypeScript types (feature `ts`) are
//! generated from the same definitions.
//! Customer-facing types are separate from staff-facing ones on purpose: a customer response has
//! no field that could carry an internal note.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod branding;
mod enums;
mod error;
mod idempotency;
mod ids;
mod releases;

pub use branding::*;
pub use enums::*;
pub use error::*;
pub use idempotency::*;
pub use ids::*;
pub use releases::*;

/// Header the app sends with the tenant it was built for.
pub const TENANT_HEADER: &str = "X-Tenant-Id";
/// Header with the number of seconds a client must wait before polling the change feed again.
pub const POLL_INTERVAL_HEADER: &str = "X-Poll-Interval";

/// One page of a list, newest first. Pass `next_cursor` back as `cursor` for the next page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: String,
    pub database: String,
    pub version: String,
}

// ---------------------------------------------------------------------------------------------
// Customers and service data
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    pub name: String,
    pub down_mbps: f64,
    pub up_mbps: f64,
    /// Monthly price in the smallest currency unit (cents).
    pub monthly_price_cents: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Equipment {
    pub id: String,
    pub kind: String,
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: String,
    pub management_ip: String,
    /// Received signal in dBm, where the device reports one.
    pub signal_dbm: Option<f64>,
    /// `good`, `fair` or `poor`, derived from `signal_dbm`.
    pub signal_quality: Option<SignalQuality>,
    pub installed_at: Option<DateTime<Utc>>,
}

/// A device as the customer sees it: what it is and how well it hears the tower, without the
/// provider's management address.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PortalEquipment {
    pub id: String,
    pub kind: String,
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: String,
    pub signal_dbm: Option<f64>,
    pub signal_quality: Option<SignalQuality>,
    pub installed_at: Option<DateTime<Utc>>,
}

impl From<Equipment> for PortalEquipment {
    fn from(e: Equipment) -> PortalEquipment {
        PortalEquipment {
            id: e.id,
            kind: e.kind,
            make: e.make,
            model: e.model,
            serial: e.serial,
            mac: e.mac,
            signal_dbm: e.signal_dbm,
            signal_quality: e.signal_quality,
            installed_at: e.installed_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    pub id: String,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub summary: String,
    pub technician: String,
}

/// What a signed-in customer sees about themselves (`GET /api/portal/me`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CustomerProfile {
    pub id: CustomerId,
    pub tenant_id: TenantId,
    pub customer_number: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub service_address: String,
    pub plan: ServicePlan,
    pub service_status: ServiceStatus,
    pub account_status: AccountStatus,
    pub equipment: Vec<PortalEquipment>,
    pub service_history: Vec<ServiceEvent>,
}

/// A customer record as staff see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    pub tenant_id: String,
    pub customer_number: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub service_address: String,
    pub plan: ServicePlan,
    pub service_status: ServiceStatus,
    pub account_status: AccountStatus,
    pub portal_enabled: bool,
    pub portal_linked: bool,
    pub login_email: Option<String>,
    pub account_created_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send back on update; a stale version is refused with `409 version_conflict`.
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CustomerDetail {
    #[serde(flatten)]
    pub customer: Customer,
    pub equipment: Vec<Equipment>,
    pub service_history: Vec<ServiceEvent>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct NewEquipment {
    pub kind: String,
    pub make: String,
    pub model: String,
    #[serde(default)]
    pub serial: String,
    #[serde(default)]
    pub mac: String,
    #[serde(default)]
    pub management_ip: String,
    pub signal_dbm: Option<f64>,
    pub installed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct NewServiceEvent {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub summary: String,
    #[serde(default)]
    pub technician: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CreateCustomer {
    pub customer_number: String,
    pub name: String,
    pub email: Option<String>,
    /// Any common format; stored as E.164.
    pub phone: Option<String>,
    #[serde(default)]
    pub service_address: String,
    pub plan: ServicePlan,
    pub service_status: ServiceStatus,
    #[serde(default)]
    pub equipment: Vec<NewEquipment>,
    #[serde(default)]
    pub service_history: Vec<NewServiceEvent>,
}

/// Fields left out stay as they are; `version` is the one the change was based on.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCustomer {
    pub version: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub service_address: Option<String>,
    pub plan: Option<ServicePlan>,
    pub service_status: Option<ServiceStatus>,
    pub account_status: Option<AccountStatus>,
    pub portal_enabled: Option<bool>,
}

/// A one-time access code for account linking, shown once to staff.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PortalAccessGrant {
    pub customer_id: String,
    pub access_code: String,
    pub expires_at: DateTime<Utc>,
    /// `<scheme>://invite?code=…&tenant=…`, opens the tenant's app on sign-up with the code.
    pub invite_link: String,
}

// ---------------------------------------------------------------------------------------------
// Account linking
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct SignupVerifyRequest {
    pub tenant_id: String,
    /// Required with `phone`; optional with `access_code`.
    pub customer_number: Option<String>,
    pub phone: Option<String>,
    pub access_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct SignupVerifyResponse {
    /// Present the ticket to `POST /api/portal/signup/link` with the new Firebase account.
    pub link_ticket: String,
    pub expires_at: DateTime<Utc>,
    /// First name only, so the user can tell the right account was matched.
    pub greeting_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct SignupLinkRequest {
    pub link_ticket: String,
}

// ---------------------------------------------------------------------------------------------
// Work orders: the customer's view
// ---------------------------------------------------------------------------------------------

/// A ticket in the customer's list. Staff triage (priority, assignee) is not part of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PortalTicketSummary {
    pub id: TicketId,
    pub number: i64,
    pub title: String,
    pub kind: WorkOrderKind,
    pub status: WorkOrderStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// True for an outage or maintenance work order that lists this customer as affected.
    pub is_outage: bool,
}

/// A public comment. There is no visibility field: internal notes never reach this type.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PublicComment {
    pub id: String,
    pub author_kind: AuthorKind,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInfo {
    pub id: AttachmentId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    pub comment_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PortalTicket {
    #[serde(flatten)]
    pub summary: PortalTicketSummary,
    pub description: String,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Until when the customer may reopen it, from the provider's reopen window: set once it is
    /// resolved or closed, `None` while it is open.
    pub reopen_until: Option<DateTime<Utc>>,
    pub comments: Vec<PublicComment>,
    pub attachments: Vec<AttachmentInfo>,
    /// Status changes, oldest first.
    pub timeline: Vec<StatusChange>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CreatePortalTicket {
    pub title: String,
    pub description: String,
    /// `support` unless the customer picked another category.
    pub kind: Option<WorkOrderKind>,
    /// Sent only with the customer's consent.
    pub diagnostics: Option<Diagnostics>,
}

/// The small, consented diagnostics block the app may attach to a new ticket.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    pub app_version: String,
    pub os: String,
    pub server_reachable: bool,
    pub server_latency_ms: Option<i64>,
    pub last_sync_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CreateComment {
    pub body: String,
}

/// `POST /api/portal/tickets/:id/resolve`: the customer says it is fixed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ResolveTicket {
    /// Optional words for the support team, added to the thread.
    pub note: Option<String>,
}

/// `POST /api/portal/tickets/:id/reopen`, within the tenant's reopen window.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ReopenTicket {
    /// Why it is not fixed after all; added to the thread.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Outage {
    pub id: String,
    pub number: i64,
    pub title: String,
    pub status: WorkOrderStatus,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PortalStatus {
    pub service_status: ServiceStatus,
    pub open_outages: Vec<Outage>,
}

// ---------------------------------------------------------------------------------------------
// Change feed
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ChangeEvent {
    pub cursor: i64,
    pub ticket_id: TicketId,
    pub ticket_number: i64,
    pub ticket_title: String,
    pub kind: EventKind,
    pub summary: String,
    pub status: WorkOrderStatus,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct Changes {
    /// Send this back as `since` on the next poll.
    pub cursor: i64,
    pub events: Vec<ChangeEvent>,
    /// More events wait past `cursor`: poll again at once.
    pub has_more: bool,
}

// ---------------------------------------------------------------------------------------------
// Work orders: the staff view
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ContactInfo {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct WorkOrder {
    pub id: String,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub kind: WorkOrderKind,
    pub priority: Priority,
    pub status: WorkOrderStatus,
    pub customer_reported: bool,
    pub reported_by_customer_id: Option<String>,
    pub contact: ContactInfo,
    pub site: Option<String>,
    pub assigned_to: Option<String>,
    pub diagnostics: Option<Diagnostics>,
    pub affected_customer_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Send back on update; a stale version is refused with `409 version_conflict`.
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct StaffComment {
    pub id: String,
    pub author_kind: AuthorKind,
    pub author_id: Option<String>,
    pub author_name: String,
    pub body: String,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct StaffAttachment {
    #[serde(flatten)]
    pub info: AttachmentInfo,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct AffectedCustomer {
    pub customer_id: String,
    pub customer_number: String,
    pub name: String,
    pub relation: CustomerRelation,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderDetail {
    #[serde(flatten)]
    pub work_order: WorkOrder,
    pub comments: Vec<StaffComment>,
    pub attachments: Vec<StaffAttachment>,
    /// The first 200; `affected_customer_count` has the total.
    pub customers: Vec<AffectedCustomer>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CreateWorkOrder {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub kind: WorkOrderKind,
    pub priority: Option<Priority>,
    pub site: Option<String>,
    pub assigned_to: Option<String>,
    #[serde(default)]
    pub contact: ContactInfo,
    /// Customer ids this work order affects.
    #[serde(default)]
    pub affected_customers: Vec<String>,
}

/// Fields left out stay as they are; `version` is the one the change was based on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct UpdateWorkOrder {
    pub version: i64,
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<WorkOrderStatus>,
    pub priority: Option<Priority>,
    pub site: Option<String>,
    /// A staff member id; `""` unassigns.
    pub assigned_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CreateStaffComment {
    pub body: String,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct AffectedCustomersChange {
    #[serde(default)]
    pub add: Vec<String>,
    #[serde(default)]
    pub remove: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Staff, tenants, FAQ
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct StaffMembership {
    pub tenant_id: String,
    pub tenant_name: String,
    pub staff_id: String,
    pub role: StaffRole,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct StaffMe {
    pub uid: String,
    pub email: Option<String>,
    pub memberships: Vec<StaffMembership>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct FaqEntry {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub category: String,
    pub position: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct UpsertFaqEntry {
    pub question: String,
    pub answer: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub position: i64,
}
