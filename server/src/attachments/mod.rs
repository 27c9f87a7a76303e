//! Attachments on work orders: the type is decided from the bytes, never from the name or the
//! client's claim; files are served only through authorised routes, as downloads, with
//! `nosniff`, so an uploaded file cannot run as a page in anyone's browser.

pub mod http;
pub mod storage;

use axum::body::Body;
use axum::extract::Multipart;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::{AttachmentInfo, AuthorKind, EventKind, Visibility};
use sha2::{Digest, Sha256};

use crate::db::{new_id, now_ms, to_time};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, NewEvent};
use crate::state::AppState;
use crate::stored::Stored;
use crate::work_orders::Actor;

/// What a customer or technician sends: photos, PDFs and plain text.
const ALLOWED: &[&str] =
    &["image/jpeg", "image/png", "image/webp", "image/gif", "image/heif", "application/pdf", "text/plain"];

/// The content type of `bytes`, or `None` when it is not one we accept.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if let Some(kind) = infer::get(bytes) {
        let mime = kind.mime_type();
        return ALLOWED.iter().find(|allowed| **allowed == mime).copied();
    }
    // Plain text has no magic number: accept UTF-8 without control bytes other than whitespace.
    let text = std::str::from_utf8(bytes).ok()?;
    let clean = !text.is_empty() && text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    clean.then_some("text/plain")
}

/// A file name safe for `Content-Disposition` and for display: no path, no control characters.
pub fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '*' | '?' | '|'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
}

pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Reads the single `file` part of a multipart upload, enforcing the size limit while reading.
pub async fn read_upload(state: &AppState, mut multipart: Multipart) -> ApiResult<Upload> {
    let limit = state.config.limits.max_upload_bytes;
    let too_large = || {
        ApiError::PayloadTooLarge(format!(
            "The file is larger than {} MB. Send a smaller photo or document.",
            limit / (1024 * 1024)
        ))
    };
    let read_error = |err: axum::extract::multipart::MultipartError| {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::from(err)
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(read_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = clean_file_name(field.file_name().unwrap_or("attachment"));
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(read_error)? {
            if bytes.len() + chunk.len() > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        if bytes.is_empty() {
            return Err(ApiError::field("file", "The file is empty."));
        }
        return Ok(Upload { file_name, bytes });
    }
    Err(ApiError::field("file", "Send the file in a multipart field named `file`."))
}

/// Stores the bytes, then records the attachment and its event in one transaction. If the
/// transaction fails the stored bytes are removed again, so nothing is left half-written.
pub async fn store(
    state: &AppState,
    tenant_id: &str,
    work_order_id: &str,
    actor: &Actor,
    upload: Upload,
    visibility: Visibility,
) -> ApiResult<AttachmentInfo> {
    let content_type = sniff(&upload.bytes).ok_or_else(|| {
        ApiError::UnsupportedMediaType(
            "This kind of file cannot be attached. Send a photo (JPEG, PNG, WebP, GIF, HEIC), a PDF or a plain-text file.".into(),
        )
    })?;
    let id = new_id();
    let storage_key = storage::tenant_key(tenant_id, &id);
    let sha256 = hex::encode(Sha256::digest(&upload.bytes));
    state.blobs.put(&storage_key, &upload.bytes).await?;
    let now = now_ms();
    let result: ApiResult<_> = async {
        let mut tx = state.db.begin().await?;
        crate::work_orders::require_in_tenant(&mut tx, tenant_id, work_order_id).await?;
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
        .bind(&upload.file_name)
        .bind(content_type)
        .bind(upload.bytes.len() as i64)
        .bind(&sha256)
        .bind(&storage_key)
        .bind(visibility.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let summary = format!("{} attached {}", actor.name, upload.file_name);
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
        file_name: upload.file_name,
        content_type: content_type.into(),
        size_bytes: upload.bytes.len() as i64,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comes_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"My dish points the wrong way.\n"), Some("text/plain"));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None, "a Windows executable is refused");
        assert_eq!(sniff(&[0, 1, 2, 3, 0xff]), None);
    }

    #[test]
    fn file_names_lose_paths_and_quotes() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\Users\\x\\photo \"1\".jpg"), "photo 1.jpg");
        assert_eq!(clean_file_name(".."), "attachment");
    }
}
