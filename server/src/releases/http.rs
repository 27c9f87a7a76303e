//! Routes of releases (owners and admins) and of the update check and downloads (public: the
//! updater calls them without a sign-in).

use std::str::FromStr;

use axum::body::Body;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use portal_api::{
    BundleType, ErrorCode, NewRelease, Release, ReleaseChannel, UpdateArch, UpdateManifest, UpdateRelease,
    UpdateTarget, BUNDLE_TYPE_HEADER, INSTALLATION_ID_HEADER,
};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use strum::IntoEnumIterator;
use utoipa::IntoParams;

use super::{StoredBundle, UpdateCheck};
use crate::attachments::{as_download, names, storage::tenant_key};
use crate::auth::{can, Staff};
use crate::db::new_id;
use crate::error::extract::{Json, Multipart, Path, Query};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate::{check_body_text, Checker};

/// Every release of the tenant, newest first, withdrawn ones included.
#[utoipa::path(get, path = "/api/tenant/{tenant_id}/app/releases", tag = "releases", params(("tenant_id" = String, Path)),
    responses((status = 200, body = Vec<Release>)), security(("firebase" = [])))]
pub async fn list(State(state): State<AppState>, staff: Staff<can::ManageReleases>) -> ApiResult<Json<Vec<Release>>> {
    Ok(Json(super::list(&state, &staff.tenant_id).await?))
}

/// Registers a signed release: the fields of `NewRelease` as text parts, and the bundle as a
/// `file` part (streamed to storage, up to `WISP_MAX_RELEASE_MB`) or its address as `url`.
#[utoipa::path(post, path = "/api/tenant/{tenant_id}/app/releases", tag = "releases", params(("tenant_id" = String, Path)),
    request_body(content = NewRelease, content_type = "multipart/form-data",
        description = "One text part per field of `NewRelease`, and a `file` part with the signed bundle unless `url` is given."),
    responses((status = 201, body = Release), (status = 409, body = portal_api::ErrorBody),
        (status = 413, body = portal_api::ErrorBody), (status = 415, body = portal_api::ErrorBody), (status = 422, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn register(
    State(state): State<AppState>,
    staff: Staff<can::ManageReleases>,
    Multipart(multipart): Multipart,
) -> ApiResult<(StatusCode, Json<Release>)> {
    let id = new_id();
    let (release, bundle) = read_form(&state, &tenant_key(&staff.tenant_id, &id), multipart).await?;
    let release = super::register(&state, &staff, id, release, bundle).await?;
    Ok((StatusCode::CREATED, Json(release)))
}

/// Changes the rollout share, or withdraws (`withdrawn: true`) or restores a release.
#[utoipa::path(patch, path = "/api/tenant/{tenant_id}/app/releases/{id}", tag = "releases",
    params(("tenant_id" = String, Path), ("id" = String, Path)), request_body = UpdateRelease,
    responses((status = 200, body = Release), (status = 409, body = portal_api::ErrorBody), (status = 422, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff<can::ManageReleases>,
    Path((_tenant_id, id)): Path<(String, String)>,
    Json(change): Json<UpdateRelease>,
) -> ApiResult<Json<Release>> {
    Ok(Json(super::update(&state, &staff.tenant_id, &id, change).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChannelQuery {
    /// The channel the app follows.
    pub channel: ReleaseChannel,
}

/// Who asks for an update, from the headers the app sets on its updater.
pub struct Installation {
    pub bundle_type: BundleType,
    pub id: uuid::Uuid,
}

impl<S: Send + Sync> FromRequestParts<S> for Installation {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let header = |name: &str| parts.headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
        let bundle_type =
            header(BUNDLE_TYPE_HEADER).and_then(|value| BundleType::from_str(value).ok()).ok_or_else(|| {
                ApiError::bad_request(
                    ErrorCode::InvalidUpdateRequest,
                    format!(
                    "Send the bundle type the app was installed from in the `{BUNDLE_TYPE_HEADER}` header: one of {}.",
                    one_of::<BundleType>()
                ),
                )
            })?;
        let id =
            header(INSTALLATION_ID_HEADER).and_then(|value| uuid::Uuid::parse_str(value).ok()).ok_or_else(|| {
                ApiError::bad_request(
                    ErrorCode::InvalidUpdateRequest,
                    format!(
                        "Send the installation's id, a UUID the app keeps, in the `{INSTALLATION_ID_HEADER}` header."
                    ),
                )
            })?;
        Ok(Installation { bundle_type, id })
    }
}

/// The update check of tauri-plugin-updater: the newest release of the tenant for this channel,
/// target, arch and bundle type that is newer than `current_version` and whose staged rollout
/// reaches this installation, or `204` when there is none.
#[utoipa::path(get, path = "/api/tenant/{tenant_id}/app/update/{target}/{arch}/{current_version}", tag = "releases",
    params(("tenant_id" = String, Path), ("target" = UpdateTarget, Path), ("arch" = UpdateArch, Path),
        ("current_version" = String, Path, description = "The app's own version (semver)."), ChannelQuery,
        ("X-Bundle-Type" = BundleType, Header, description = "The bundle type the app was installed from."),
        ("X-Installation-Id" = uuid::Uuid, Header, description = "A random id the app made once for this installation and keeps.")),
    responses((status = 200, body = UpdateManifest, description = "A newer release applies"),
        (status = 204, description = "No newer release applies to this installation"),
        (status = 404, body = portal_api::ErrorBody, description = "There is no such tenant")))]
pub async fn check(
    State(state): State<AppState>,
    Path((tenant_id, target, arch, current_version)): Path<(String, UpdateTarget, UpdateArch, String)>,
    Query(ChannelQuery { channel }): Query<ChannelQuery>,
    installation: Installation,
) -> ApiResult<Response> {
    let current_version = semver::Version::parse(&current_version).map_err(|_| {
        ApiError::bad_request(
            ErrorCode::InvalidPath,
            format!("{current_version:?} is not a semantic version: send the app's own version, such as 1.4.0."),
        )
    })?;
    let check = UpdateCheck {
        tenant_id,
        channel,
        target,
        arch,
        bundle_type: installation.bundle_type,
        current_version,
        installation_id: installation.id,
    };
    let mut response = match super::check_for_update(&state, &check).await? {
        Some(manifest) => Json(manifest).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    };
    // The answer depends on headers: no cache may hand it to another installation.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Downloads a release's bundle (the `url` of its manifest when the server stores it). Public,
/// as the updater downloads without a sign-in; what protects the bundle is its signature.
#[utoipa::path(get, path = "/api/tenant/{tenant_id}/app/artifacts/{id}", tag = "releases",
    params(("tenant_id" = String, Path), ("id" = String, Path)),
    responses((status = 200, description = "The bundle", content_type = "application/octet-stream"),
        (status = 404, body = portal_api::ErrorBody, description = "No such bundle, or the release was withdrawn")))]
pub async fn artifact(
    State(state): State<AppState>,
    Path((tenant_id, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (storage_key, file_name) = super::stored_bundle(&state, &tenant_id, &id).await?;
    let blob = state.release_blobs.open(&storage_key).await?;
    let mut response = as_download(Body::from_stream(blob.chunks), &file_name, "application/octet-stream", "no-cache");
    // The updater shows download progress against it.
    response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(blob.size));
    Ok(response)
}

/// The text parts of the release form.
const TEXT_PARTS: &[&str] =
    &["appVersion", "channel", "target", "arch", "bundleType", "notes", "signature", "rolloutPercent", "url"];
/// No text part needs more (the notes are limited to 20,000 characters).
const MAX_TEXT_PART_BYTES: usize = 128 * 1024;

/// Reads the release form, streaming its `file` part to storage under `storage_key`. Whatever was
/// stored is removed again when the form turns out to be unusable.
async fn read_form(
    state: &AppState,
    storage_key: &str,
    mut multipart: axum::extract::Multipart,
) -> ApiResult<(NewRelease, Option<StoredBundle>)> {
    let mut bundle = None;
    let result = async {
        let mut texts = Map::new();
        while let Some(field) = multipart.next_field().await? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                if bundle.is_some() {
                    return Err(ApiError::field("file", "Send one file."));
                }
                bundle = Some(store_bundle(state, storage_key, field).await?);
            } else if TEXT_PARTS.contains(&name.as_str()) {
                if texts.contains_key(&name) {
                    return Err(ApiError::field(&name, "Send this part once."));
                }
                texts.insert(name, Value::String(read_text(field).await?));
            } else {
                return Err(ApiError::field(&name, "The release form has no such part."));
            }
        }
        check_body_text(&Value::Object(texts.clone()))?;
        parse_form(&texts)
    }
    .await;
    match result {
        Ok(release) => Ok((release, bundle)),
        Err(err) => {
            if let Some(bundle) = &bundle {
                super::discard(state, bundle).await;
            }
            Err(err)
        }
    }
}

async fn read_text(mut field: axum::extract::multipart::Field<'_>) -> ApiResult<String> {
    let name = field.name().unwrap_or_default().to_string();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if bytes.len() + chunk.len() > MAX_TEXT_PART_BYTES {
            return Err(ApiError::field(&name, "This part is too long."));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::field(&name, "Send this part as UTF-8 text."))
}

/// Streams the bundle into storage, hashing and counting it on the way.
async fn store_bundle(
    state: &AppState,
    storage_key: &str,
    field: axum::extract::multipart::Field<'_>,
) -> ApiResult<StoredBundle> {
    let file_name = match names::cleaned(field.file_name().unwrap_or_default()) {
        name if name.is_empty() => "bundle".to_string(),
        name => name,
    };
    let limit = state.config.limits.max_release_bytes;
    let mut hasher = Sha256::new();
    let mut size = 0usize;
    let chunks = field.map(|chunk| {
        let chunk = chunk.map_err(ApiError::from)?;
        size += chunk.len();
        if size > limit {
            return Err(ApiError::PayloadTooLarge(format!(
                "The bundle is larger than {} MB (WISP_MAX_RELEASE_MB).",
                limit / (1024 * 1024)
            ))
            .into());
        }
        hasher.update(&chunk);
        Ok(chunk)
    });
    state.release_blobs.put_stream(storage_key, chunks.boxed()).await.map_err(|err| {
        // An error of the upload itself (too large, broken multipart) comes back as it was.
        err.downcast::<ApiError>().unwrap_or_else(ApiError::Internal)
    })?;
    let bundle = StoredBundle {
        storage_key: storage_key.to_string(),
        file_name,
        size_bytes: size as i64,
        sha256: hex::encode(hasher.finalize()),
    };
    if size == 0 {
        super::discard(state, &bundle).await;
        return Err(ApiError::field("file", "The file is empty."));
    }
    Ok(bundle)
}

fn one_of<T: IntoEnumIterator + AsRef<str>>() -> String {
    T::iter().map(|value| value.as_ref().to_string()).collect::<Vec<_>>().join(", ")
}

/// A closed vocabulary's word, or a field error naming the words it has.
fn word<T: FromStr + IntoEnumIterator + AsRef<str>>(
    checker: &mut Checker,
    field: &str,
    raw: Option<&str>,
) -> Option<T> {
    let raw = raw?.trim();
    if raw.is_empty() {
        return None;
    }
    let parsed = T::from_str(raw).ok();
    if parsed.is_none() {
        checker.add(field, format!("Use one of: {}.", one_of::<T>()));
    }
    parsed
}

/// The form's text parts as a `NewRelease`, or every problem with them.
fn parse_form(texts: &Map<String, Value>) -> ApiResult<NewRelease> {
    let mut checker = Checker::default();
    let text = |name: &str| texts.get(name).and_then(Value::as_str);
    for required in ["appVersion", "channel", "target", "arch", "bundleType", "signature", "rolloutPercent"] {
        if text(required).is_none_or(|value| value.trim().is_empty()) {
            checker.add(required, "This field is required.");
        }
    }
    let channel = word::<ReleaseChannel>(&mut checker, "channel", text("channel"));
    let target = word::<UpdateTarget>(&mut checker, "target", text("target"));
    let arch = word::<UpdateArch>(&mut checker, "arch", text("arch"));
    let bundle_type = word::<BundleType>(&mut checker, "bundleType", text("bundleType"));
    let rollout_percent = text("rolloutPercent").and_then(|raw| {
        let parsed = raw.trim().parse::<i64>().ok();
        if parsed.is_none() {
            checker.add("rolloutPercent", "Use a whole number from 0 to 100.");
        }
        parsed
    });
    checker.finish()?;
    match (channel, target, arch, bundle_type, rollout_percent) {
        (Some(channel), Some(target), Some(arch), Some(bundle_type), Some(rollout_percent)) => Ok(NewRelease {
            app_version: text("appVersion").unwrap_or_default().to_string(),
            channel,
            target,
            arch,
            bundle_type,
            notes: text("notes").unwrap_or_default().to_string(),
            signature: text("signature").unwrap_or_default().to_string(),
            rollout_percent,
            url: text("url").map(str::to_string),
        }),
        // Each missing value was reported above.
        _ => Err(ApiError::field("release", "The release form is incomplete.")),
    }
}
