//! What one customer may create, and what one customer and one tenant may store.
//!
//! Hourly rates for what a customer creates (tickets, comments, uploads) are counted in the
//! database (`ratelimit`), so every instance on it counts together. Storage is accounted on the
//! customer's and the tenant's rows in the transaction that records the attachment: a
//! conditional `UPDATE` reserves the size only while it fits, so no two uploads can both take the
//! last of a quota.

use portal_api::ErrorCode;

use crate::auth::CustomerAuth;
use crate::db::Tx;
use crate::error::{ApiError, ApiResult};
use crate::ratelimit;
use crate::state::AppState;

const HOUR_SECS: i64 = 60 * 60;

/// Something a customer creates, limited per hour.
#[derive(Debug, Clone, Copy)]
pub enum CustomerAction {
    OpenTicket,
    Comment,
    Upload,
}

impl CustomerAction {
    fn name(self) -> &'static str {
        match self {
            CustomerAction::OpenTicket => "tickets",
            CustomerAction::Comment => "comments",
            CustomerAction::Upload => "uploads",
        }
    }

    fn per_hour(self, state: &AppState) -> i64 {
        let limits = &state.config.limits;
        match self {
            CustomerAction::OpenTicket => limits.customer_tickets_per_hour,
            CustomerAction::Comment => limits.customer_comments_per_hour,
            CustomerAction::Upload => limits.customer_uploads_per_hour,
        }
    }

    fn refusal(self, limit: i64, minutes: u64) -> String {
        let done = match self {
            CustomerAction::OpenTicket => format!("opened {limit} tickets"),
            CustomerAction::Comment => format!("sent {limit} messages"),
            CustomerAction::Upload => format!("sent {limit} files"),
        };
        format!(
            "You have {done} in the last hour, the most the portal takes. Please wait {minutes} minutes and try again."
        )
    }
}

/// Counts one `action` of this customer; `429` with `Retry-After` once the hour's share is used.
pub async fn count(state: &AppState, customer: &CustomerAuth, action: CustomerAction) -> ApiResult<()> {
    let limit = action.per_hour(state);
    let bucket = format!("customer:{}:{}", customer.customer_id, action.name());
    let hit = ratelimit::count(state, &bucket, HOUR_SECS, limit).await?;
    if hit.is_over() {
        return Err(hit.refusal(|minutes| action.refusal(limit, minutes)));
    }
    Ok(())
}

/// Reserves `bytes` of storage for an upload, inside the transaction that records it: from the
/// uploading customer's quota (`customer_id`, none for staff) and from the tenant's.
pub async fn reserve_storage(
    tx: &mut Tx,
    state: &AppState,
    tenant_id: &str,
    customer_id: Option<&str>,
    bytes: i64,
) -> ApiResult<()> {
    let limits = &state.config.limits;
    if let Some(customer_id) = customer_id {
        let reserved = sqlx::query(
            "UPDATE customers SET storage_bytes = storage_bytes + $1
             WHERE id = $2 AND tenant_id = $3 AND storage_bytes + $1 <= $4",
        )
        .bind(bytes)
        .bind(customer_id)
        .bind(tenant_id)
        .bind(limits.customer_storage_bytes)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if reserved == 0 {
            return Err(ApiError::StorageFull {
                code: ErrorCode::StorageQuotaExceeded,
                message: format!(
                    "Your files already use the {} MB your account has for attachments, so this one does not fit. \
                     Describe the problem in a comment instead, or contact support.",
                    limits.customer_storage_bytes / (1024 * 1024)
                ),
            });
        }
    }
    let reserved =
        sqlx::query("UPDATE tenants SET storage_bytes = storage_bytes + $1 WHERE id = $2 AND storage_bytes + $1 <= $3")
            .bind(bytes)
            .bind(tenant_id)
            .bind(limits.tenant_storage_bytes)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    if reserved == 0 {
        tracing::warn!(tenant_id, "the tenant's attachment storage is full (WISP_TENANT_STORAGE_MB)");
        return Err(ApiError::StorageFull {
            code: ErrorCode::TenantStorageFull,
            message: "The support portal has no room for new files right now. This is not caused by your account: \
                      describe the problem in a comment instead, or try again later."
                .into(),
        });
    }
    Ok(())
}
