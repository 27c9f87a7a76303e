//! Tenants (WISPs), their settings and their published branding.

pub mod branding;
pub mod logos;

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::stored::StoredJson;

/// Per-tenant behaviour that is not branding. Read strictly: a stored document with a missing or
/// unknown field is an error, never filled in with defaults (see `crate::stored`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenantSettings {
    /// Country code for phone numbers typed without one.
    pub default_country_code: String,
    /// URL scheme of the tenant's app, for invite links (`<scheme>://invite?code=…`).
    pub deep_link_scheme: String,
    /// How long a staff-issued access code stays valid.
    pub access_code_days: i64,
    /// How long after resolution a customer may reopen a ticket.
    pub reopen_window_days: i64,
}

/// What `add-tenant` stores when the operator names nothing else.
impl Default for TenantSettings {
    fn default() -> Self {
        TenantSettings {
            default_country_code: "1".into(),
            deep_link_scheme: "wisp-portal".into(),
            access_code_days: 14,
            reopen_window_days: 14,
        }
    }
}

pub async fn settings(state: &AppState, tenant_id: &str) -> ApiResult<TenantSettings> {
    let stored: Option<StoredJson<TenantSettings>> = sqlx::query_scalar("SELECT settings FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(state.db.pool())
        .await?;
    stored.map(|StoredJson(settings)| settings).ok_or_else(|| ApiError::not_found("The tenant"))
}

pub async fn exists(state: &AppState, tenant_id: &str) -> ApiResult<bool> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(state.db.pool())
        .await?;
    Ok(found.is_some())
}
