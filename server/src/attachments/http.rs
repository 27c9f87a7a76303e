//! Staff routes for attachments. The customer routes are in `crate::portal`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use portal_api::{AttachmentInfo, Visibility};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{can, Staff};
use crate::error::extract::{Json, Multipart, Path, Query};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadOptions {
    /// `public` (the customer sees it, the default) or `internal`.
    pub visibility: Option<Visibility>,
}

/// Upload a file (multipart field `file`) to a work order.
#[utoipa::path(post, path = "/api/work-orders/{id}/attachments", tag = "work orders",
    params(("id" = String, Path), UploadOptions),
    request_body(content_type = "multipart/form-data", description = "A `file` part"),
    responses((status = 201, body = AttachmentInfo),
        (status = 413, body = portal_api::ErrorBody, description = "The file is larger than the server takes (`payload_too_large`), or the tenant's storage is full (`tenant_storage_full`)."),
        (status = 415, body = portal_api::ErrorBody),
        (status = 503, body = portal_api::ErrorBody, description = super::BUSY_DOC, headers(("Retry-After" = u64, description = "Seconds to wait before sending again")))),
    security(("firebase" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff<can::EditWorkOrders>,
    Path(id): Path<String>,
    Query(options): Query<UploadOptions>,
    Multipart(multipart): Multipart,
) -> ApiResult<(StatusCode, Json<AttachmentInfo>)> {
    crate::work_orders::find(&state, &staff.tenant_id, &id).await?;
    let _slot = super::upload_slot(&state)?;
    let upload = super::receive(&state, multipart).await?;
    let visibility = options.visibility.unwrap_or(Visibility::Public);
    let info = super::store(&state, &staff.tenant_id, &id, &staff.actor(), upload, visibility).await?;
    Ok((StatusCode::CREATED, Json(info)))
}

/// Download any attachment of the staff member's tenant.
#[utoipa::path(get, path = "/api/attachments/{id}", tag = "work orders", params(("id" = String, Path)),
    responses((status = 200, description = "The file, as a download"), (status = 404, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn download(
    State(state): State<AppState>,
    staff: Staff<can::ViewWorkOrders>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT storage_key, file_name, content_type FROM attachments WHERE id = $1 AND tenant_id = $2")
            .bind(&id)
            .bind(&staff.tenant_id)
            .fetch_optional(state.db.pool())
            .await?;
    let (key, name, content_type) = row.ok_or_else(|| ApiError::not_found("The attachment"))?;
    super::download(&state, &key, &name, &content_type).await
}
