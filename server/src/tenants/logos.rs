//! Logos for a tenant's branding. Owners and admins upload a PNG, JPEG or WebP; it is decoded
//! within pixel limits (a decompression bomb is refused before its pixels are allocated), shrunk
//! to at most 512 px on its long edge and re-encoded as a PNG, which carries the pixels and
//! nothing else: no EXIF, GPS position, text or colour profile survives. The PNG is stored under
//! its SHA-256, so the same logo uploaded twice is one file, and served publicly (the app shows
//! the logo before anyone signs in). A published branding may only point at a logo uploaded for
//! its own tenant ([`is_uploaded`]), so no branding can send installed apps to another host.

use std::io::Cursor;

use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::StreamExt;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use portal_api::UploadedLogo;
use sha2::{Digest, Sha256};

use crate::attachments::storage::tenant_key;
use crate::attachments::{upload_slot, BUSY_DOC};
use crate::auth::{can, Staff, StaffAuth};
use crate::db::now_ms;
use crate::error::extract::{Json, Multipart, Path};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The long edge of a stored logo: the portal's header at three times its size, and the largest
/// icon a brand kit makes from it.
pub const MAX_EDGE: u32 = 512;
/// Larger images are refused before their pixels are decoded: no logo needs more.
const MAX_DECODED_EDGE: u32 = 4096;
/// What decoding may allocate: a 4096 px square at 16 bits per RGBA channel.
const MAX_DECODE_ALLOC: u64 = 4096 * 4096 * 8;

/// Upload a logo (multipart field `file`: PNG, JPEG or WebP). The answer's `url` is what
/// `logo.url` of a published branding may point at; uploading the same logo again gives the same.
#[utoipa::path(post, path = "/api/tenant/{tenant_id}/branding/logo", tag = "branding", params(("tenant_id" = String, Path)),
    request_body(content_type = "multipart/form-data",
        description = "A `file` part: the logo as PNG, JPEG or WebP, up to `WISP_MAX_LOGO_KB` and 4096 px on a side. SVG is refused: export a PNG."),
    responses((status = 201, body = UploadedLogo, description = "The logo as stored: a PNG of at most 512 px on its long edge"),
        (status = 413, body = portal_api::ErrorBody, description = "The file is larger than `WISP_MAX_LOGO_KB` (`payload_too_large`)."),
        (status = 415, body = portal_api::ErrorBody, description = "The file is not a PNG, JPEG or WebP image (`unsupported_media_type`)."),
        (status = 422, body = portal_api::ErrorBody, description = "The image is damaged, or has too many pixels to decode safely (`validation_failed` on `file`)."),
        (status = 503, body = portal_api::ErrorBody, description = BUSY_DOC, headers(("Retry-After" = u64, description = "Seconds to wait before sending again")))),
    security(("firebase" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff<can::PublishBranding>,
    Multipart(multipart): Multipart,
) -> ApiResult<(StatusCode, Json<UploadedLogo>)> {
    let _slot = upload_slot(&state)?;
    let sent = read_file(&state, multipart).await?;
    // Decoding and encoding are CPU work: off the threads that serve requests.
    let logo = tokio::task::spawn_blocking(move || prepare(&sent)).await.map_err(anyhow::Error::from)??;
    Ok((StatusCode::CREATED, Json(store(&state, &staff, logo).await?)))
}

/// A logo uploaded for the tenant, as a PNG. Public, like the branding that points at it; the
/// name is the file's SHA-256, so it never changes and may be cached for good.
#[utoipa::path(get, path = "/api/tenant/{tenant_id}/branding/logo/{file}", tag = "branding",
    params(("tenant_id" = String, Path), ("file" = String, Path, description = "`<sha256>.png`, as the upload's `url` names it")),
    responses((status = 200, description = "The logo", content_type = "image/png"),
        (status = 404, body = portal_api::ErrorBody, description = "The tenant has no such logo")))]
pub async fn serve(
    State(state): State<AppState>,
    Path((tenant_id, file)): Path<(String, String)>,
) -> ApiResult<Response> {
    let not_found = || ApiError::not_found("The logo");
    // Checked before anything else, so no other name reaches the database or the storage.
    let sha256 = sha256_of_file_name(&file).ok_or_else(not_found)?;
    let known: Option<i64> =
        sqlx::query_scalar("SELECT bytes FROM branding_logos WHERE tenant_id = $1 AND sha256 = $2")
            .bind(&tenant_id)
            .bind(sha256)
            .fetch_optional(state.db.pool())
            .await?;
    known.ok_or_else(not_found)?;
    let blob = state.blobs.open(&storage_key(&tenant_id, sha256)).await?;
    let mut response = Body::from_stream(blob.chunks).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(blob.size));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    Ok(response)
}

/// Whether `url` is exactly the address of a logo uploaded for `tenant_id`.
pub async fn is_uploaded(state: &AppState, tenant_id: &str, url: &str) -> ApiResult<bool> {
    let Some(sha256) = url.rsplit('/').next().and_then(sha256_of_file_name) else {
        return Ok(false);
    };
    if url != address(state, tenant_id, sha256)? {
        return Ok(false);
    }
    let known: Option<i64> =
        sqlx::query_scalar("SELECT bytes FROM branding_logos WHERE tenant_id = $1 AND sha256 = $2")
            .bind(tenant_id)
            .bind(sha256)
            .fetch_optional(state.db.pool())
            .await?;
    Ok(known.is_some())
}

/// The public address of a tenant's logo.
fn address(state: &AppState, tenant_id: &str, sha256: &str) -> ApiResult<String> {
    let file = format!("{sha256}.png");
    Ok(state.config.public_address(&["api", "tenant", tenant_id, "branding", "logo", &file])?)
}

/// Beside the tenant's attachments, which are named by UUIDs.
fn storage_key(tenant_id: &str, sha256: &str) -> String {
    tenant_key(tenant_id, &format!("logo-{sha256}"))
}

/// The SHA-256 in a logo's file name: 64 lower-case hex digits and `.png`, nothing else.
fn sha256_of_file_name(file: &str) -> Option<&str> {
    file.strip_suffix(".png")
        .filter(|sha256| sha256.len() == 64 && sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// Reads the `file` part, refusing it as soon as it passes `WISP_MAX_LOGO_KB` (a logo is decoded
/// from memory, so it is read whole, but never more than that).
async fn read_file(state: &AppState, mut multipart: axum::extract::Multipart) -> ApiResult<Vec<u8>> {
    let limit = state.config.limits.max_logo_bytes;
    let too_large = || {
        ApiError::PayloadTooLarge(format!(
            "The logo file is larger than {} KB. Export it smaller: the portal shows at most {MAX_EDGE} px of it.",
            limit / 1024
        ))
    };
    let read_error = |err: MultipartError| {
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
        return Ok(bytes);
    }
    Err(ApiError::field("file", "Send the logo in a multipart field named `file`."))
}

/// A logo re-encoded for storing.
struct Prepared {
    png: Vec<u8>,
    width: u32,
    height: u32,
}

/// Decodes the logo within limits, turns it upright, shrinks it to [`MAX_EDGE`] and writes it as
/// a PNG of its pixels alone.
fn prepare(sent: &[u8]) -> ApiResult<Prepared> {
    let format = match image::guess_format(sent) {
        Ok(format @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)) => format,
        // Rasterising SVG here would mean parsing untrusted XML and fetching what it references.
        _ if looks_like_svg(sent) => {
            return Err(ApiError::UnsupportedMediaType(
                "SVG logos are not accepted: export the logo as a PNG (512 px on its long edge) and upload that."
                    .into(),
            ))
        }
        _ => return Err(ApiError::UnsupportedMediaType("The logo must be a PNG, JPEG or WebP image.".into())),
    };
    let mut reader = ImageReader::with_format(Cursor::new(sent), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_EDGE);
    limits.max_image_height = Some(MAX_DECODED_EDGE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let orientation = decoder.orientation().map_err(refused)?;
    let mut logo = DynamicImage::from_decoder(decoder).map_err(refused)?;
    logo.apply_orientation(orientation);
    if logo.width().max(logo.height()) > MAX_EDGE {
        logo = logo.resize(MAX_EDGE, MAX_EDGE, FilterType::Lanczos3);
    }
    // Eight bits a channel are all a screen shows; 16-bit and float images become RGBA8.
    let logo = match logo {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => logo,
        other => DynamicImage::ImageRgba8(other.to_rgba8()),
    };
    let mut png = Vec::new();
    logo.write_with_encoder(PngEncoder::new_with_quality(&mut png, CompressionType::Best, PngFilter::Adaptive))
        .map_err(anyhow::Error::from)?;
    Ok(Prepared { png, width: logo.width(), height: logo.height() })
}

fn looks_like_svg(sent: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&sent[..sent.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg")
}

fn refused(err: ImageError) -> ApiError {
    match err {
        ImageError::Limits(_) => ApiError::field(
            "file",
            format!(
                "The logo has too many pixels to process safely (more than {MAX_DECODED_EDGE} px on a side). Export it at \
                 {MAX_EDGE} px on its long edge and upload that."
            ),
        ),
        other => {
            tracing::info!(error = %other, "a logo cannot be decoded");
            ApiError::field(
                "file",
                "The logo cannot be read: the file is damaged or incomplete. Export it again and upload that.",
            )
        }
    }
}

/// Stores the PNG under its SHA-256 and records it for the tenant; a logo uploaded before is
/// found and answered as it was.
async fn store(state: &AppState, staff: &StaffAuth, logo: Prepared) -> ApiResult<UploadedLogo> {
    let sha256 = hex::encode(Sha256::digest(&logo.png));
    let url = address(state, &staff.tenant_id, &sha256)?;
    let bytes = u32::try_from(logo.png.len()).map_err(anyhow::Error::from)?;
    let uploaded = UploadedLogo { url, width: logo.width, height: logo.height, bytes };
    if is_uploaded(state, &staff.tenant_id, &uploaded.url).await? {
        return Ok(uploaded);
    }
    // The file before its row, so every row has its file. Two uploads of the same logo at once
    // write the same bytes under the same key, and the second row is not inserted.
    let png = Bytes::from(logo.png);
    state
        .blobs
        .put_stream(&storage_key(&staff.tenant_id, &sha256), futures::stream::once(async { Ok(png) }).boxed())
        .await?;
    sqlx::query(
        "INSERT INTO branding_logos (tenant_id, sha256, width, height, bytes, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, sha256) DO NOTHING",
    )
    .bind(&staff.tenant_id)
    .bind(&sha256)
    .bind(i64::from(uploaded.width))
    .bind(i64::from(uploaded.height))
    .bind(i64::from(uploaded.bytes))
    .bind(&staff.staff_id)
    .bind(now_ms())
    .execute(state.db.pool())
    .await?;
    Ok(uploaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sha256_and_png_is_a_logo_file_name() {
        let sha256 = "0123456789abcdef".repeat(4);
        assert_eq!(sha256_of_file_name(&format!("{sha256}.png")), Some(sha256.as_str()));
        for bad in [
            format!("{sha256}.PNG"),
            format!("{sha256}.svg"),
            format!("{}.png", sha256.to_uppercase()),
            format!("{}.png", &sha256[1..]),
            format!("{sha256}0.png"),
            format!("../{sha256}.png"),
            format!("{}g.png", &sha256[1..]),
            ".png".to_string(),
        ] {
            assert_eq!(sha256_of_file_name(&bad), None, "{bad}");
        }
    }
}
