//! Tenants (WISPs), their settings and their published branding.

pub mod branding;

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Per-tenant behaviour that is not branding.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
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
    let raw: Option<String> = sqlx::query_scalar("SELECT settings FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(state.db.pool())
        .await?;
    let raw = raw.ok_or_else(|| ApiError::not_found("The tenant"))?;
    Ok(serde_json::from_str(&raw).unwrap_or_default())
}

pub async fn exists(state: &AppState, tenant_id: &str) -> ApiResult<bool> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(state.db.pool())
        .await?;
    Ok(found.is_some())
}
