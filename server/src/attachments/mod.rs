//! Attachments on work orders: the type is decided from the bytes, never from the name or the
//! client's claim, and the stored name's extension follows it (`names`); uploads are streamed to
//! disk, never held in memory whole (`receive`), a few at a time, within the storage quotas
//! (`crate::quotas`); files are served only through authorised routes, as downloads, with
//! `nosniff`, so an uploaded file cannot run as a page in anyone's browser.

pub mod http;
pub mod names;
pub mod receive;
pub mod storage;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::{AttachmentInfo, AuthorKind, ErrorCode, EventKind, Visibility};
use tokio::sync::SemaphorePermit;

use crate::db::{new_id, now_ms, to_time};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::quotas;
use crate::state::AppState;
use crate::stored::Stored;
use crate::work_orders::Actor;
pub use receive::{receive, Received};

/// What a customer or technician sends: photos, PDFs and plain text.
pub const ALLOWED: &[&str] =
    &["image/jpeg", "image/png", "image/webp", "image/gif", "image/heif", "application/pdf", "text/plain"];

/// How long a client is asked to wait when every upload slot is taken.
const BUSY_RETRY_SECS: u64 = 5;

/// The `503` of the upload routes, in the OpenAPI document.
pub const BUSY_DOC: &str = "The server is receiving as many uploads as it takes at once (`uploads_busy`): send again \
    after `Retry-After` seconds. Also answered when the keys that verify ID tokens cannot be fetched.";

/// One of this instance's `WISP_MAX_CONCURRENT_UPLOADS` slots, held while an upload is received
/// and stored; `503 uploads_busy` with `Retry-After` when all are taken, before any byte is read.
pub fn upload_slot(state: &AppState) -> ApiResult<SemaphorePermit<'_>> {
    state.upload_slots.try_acquire().map_err(|_| ApiError::Busy {
        code: ErrorCode::UploadsBusy,
        message: "Many files are being sent right now. Please try again in a moment.".into(),
        retry_after_secs: BUSY_RETRY_SECS,
    })
}

/// Stores a received upload, then records the attachment, its storage and its event in one
/// transaction. If the transaction fails (a quota included) the stored bytes are removed again,
/// so nothing is left half-written.
pub async fn store(
    state: &AppState,
    tenant_id: &str,
    work_order_id: &str,
    actor: &Actor,
    upload: Received,
    visibility: Visibility,
) -> ApiResult<AttachmentInfo> {
    let id = new_id();
    let storage_key = storage::tenant_key(tenant_id, &id);
    let file_name = names::stored_name(&upload.sent_name, upload.content_type);
    let Received { content_type, size_bytes, sha256, staged, .. } = upload;
    state.blobs.put_staged(&storage_key, staged).await?;
    let now = now_ms();
    let result: ApiResult<_> = async {
        let mut tx = state.db.begin().await?;
        crate::work_orders::require_in_tenant(&mut tx, tenant_id, work_order_id).await?;
        let customer = (actor.kind == AuthorKind::Customer).then_some(actor.id.as_str());
        quotas::reserve_storage(&mut tx, state, tenant_id, customer, size_bytes).await?;
        sqlx::query(
            "INSERT INTO attachments (id, tenant_id, work_order_id, uploaded_by_kind, uploaded_by_id, file_name, content_type,
                size_bytes, sha256, storage_key, visibility, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&id)
        .bind(tenant_id)
        .bind(work_order_id)
        .bind(actor.kind.as_str())
        .bind(&actor.id)
        .bind(&file_name)
        .bind(content_type)
        .bind(size_bytes)
        .bind(&sha256)
        .bind(&storage_key)
        .bind(visibility.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let summary = format!("{} attached {}", actor.name, file_name);
        let advance = events::record(
            &mut tx,
            NewEvent { tenant_id, work_order_id, kind: EventKind::AttachmentAdded, visibility: events::visibility_for(actor.kind, visibility), actor: actor.kind, summary },
        )
        .await?;
        tx.commit().await?;
        Ok(advance)
    }
    .await;
    match result {
        Ok(advance) => advance.publish(state).await,
        Err(err) => {
            if let Err(cleanup) = state.blobs.delete(&storage_key).await {
                tracing::warn!(error = %cleanup, key = %storage_key, "could not remove an orphaned upload");
            }
            return Err(err);
        }
    }
    Ok(AttachmentInfo {
        id: id.into(),
        file_name,
        content_type: content_type.into(),
        size_bytes,
        sha256,
        created_at: to_time(now),
        comment_id: None,
    })
}

type AttachmentTuple =
    (String, String, String, i64, String, i64, Option<String>, Stored<Visibility>, Stored<AuthorKind>, String);

/// Who uploaded an attachment: their kind and id.
pub type Uploader = (AuthorKind, String);

/// Attachments of a work order with who uploaded them; `only` narrows to one visibility
/// (customers pass `Public`).
pub async fn list(
    state: &AppState,
    tenant_id: &str,
    work_order_id: &str,
    only: Option<Visibility>,
) -> sqlx::Result<Vec<(AttachmentInfo, Uploader, Visibility)>> {
    let rows: Vec<AttachmentTuple> = sqlx::query_as(
        "SELECT id, file_name, content_type, size_bytes, sha256, created_at, comment_id, visibility, uploaded_by_kind, uploaded_by_id
         FROM attachments WHERE work_order_id = $1 AND tenant_id = $2 AND ($3 = '' OR visibility = $3) ORDER BY created_at, id",
    )
    .bind(work_order_id)
    .bind(tenant_id)
    .bind(only.map(|v| v.as_str()).unwrap_or(""))
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                file_name,
                content_type,
                size_bytes,
                sha256,
                created_at,
                comment_id,
                Stored(visibility),
                Stored(kind),
                uploader,
            )| {
                (
                    AttachmentInfo {
                        id: id.into(),
                        file_name,
                        content_type,
                        size_bytes,
                        sha256,
                        created_at: to_time(created_at),
                        comment_id,
                    },
                    (kind, uploader),
                    visibility,
                )
            },
        )
        .collect())
}

/// Streams a stored attachment as a download.
pub async fn download(state: &AppState, storage_key: &str, file_name: &str, content_type: &str) -> ApiResult<Response> {
    let bytes = state.blobs.get(storage_key).await?;
    Ok(as_download(Body::from(bytes), file_name, content_type, "private, no-store"))
}

/// A file as a download that no browser renders: `Content-Disposition: attachment` with the
/// name, `nosniff` and a sandboxing CSP.
pub fn as_download(body: Body, file_name: &str, content_type: &str, cache_control: &'static str) -> Response {
    let ascii_name: String =
        file_name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}");
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    response
}
