//! Published branding: public to read, owners and admins publish and revert, every version kept.

use axum::extract::State;
use portal_api::{contrast_ratio, parse_hex_colour, ErrorCode, WCAG_AA_TEXT_CONTRAST};
use portal_api::{Branding, BrandingVersion, PublishBranding, PublishedBranding, RevertBranding};

use super::logos;
use crate::auth::{can, Staff, StaffAuth};
use crate::db::{now_ms, to_time};
use crate::error::extract::{Json, Path};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::stored::StoredJson;
use crate::validate::Checker;

/// The tenant's published branding. Public: the app shows it before anyone signs in.
#[utoipa::path(get, path = "/api/tenant/{tenant_id}/branding", tag = "branding", params(("tenant_id" = String, Path)),
    responses((status = 200, body = PublishedBranding), (status = 404, body = portal_api::ErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(tenant_id): Path<String>) -> ApiResult<Json<PublishedBranding>> {
    let row: Option<(StoredJson<Branding>, i64)> =
        sqlx::query_as("SELECT branding, branding_version FROM tenants WHERE id = $1")
            .bind(&tenant_id)
            .fetch_optional(state.db.pool())
            .await?;
    let (StoredJson(branding), version) = row.ok_or_else(|| ApiError::not_found("The tenant"))?;
    Ok(Json(PublishedBranding { tenant_id, version, branding }))
}

/// Publishes new branding. `baseVersion` must be the version the editor started from. Custom CSS
/// that the sanitiser would cut is refused (`portal.customCss`), and is stored as the sanitiser
/// writes it; `logo.url` and `logo.favicon` must be logos uploaded for this tenant.
#[utoipa::path(put, path = "/api/tenant/{tenant_id}/branding", tag = "branding", params(("tenant_id" = String, Path)),
    request_body = PublishBranding,
    responses((status = 200, body = PublishedBranding), (status = 409, body = portal_api::ErrorBody), (status = 422, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn publish(
    State(state): State<AppState>,
    staff: Staff<can::PublishBranding>,
    Path(tenant_id): Path<String>,
    Json(input): Json<PublishBranding>,
) -> ApiResult<Json<PublishedBranding>> {
    let branding = checked(&state, &tenant_id, input.branding).await?;
    Ok(Json(store(&state, &staff, tenant_id, input.base_version, branding).await?))
}

/// Every published version, newest first, to compare a draft with and to revert to.
#[utoipa::path(get, path = "/api/tenant/{tenant_id}/branding/versions", tag = "branding", params(("tenant_id" = String, Path)),
    responses((status = 200, body = Vec<BrandingVersion>)), security(("firebase" = [])))]
pub async fn versions(
    State(state): State<AppState>,
    _staff: StaffAuth,
    Path(tenant_id): Path<String>,
) -> ApiResult<Json<Vec<BrandingVersion>>> {
    let rows: Vec<(i64, StoredJson<Branding>, Option<String>, i64)> = sqlx::query_as(
        "SELECT version, branding, published_by, published_at FROM branding_versions WHERE tenant_id = $1 ORDER BY version DESC",
    )
    .bind(&tenant_id)
    .fetch_all(state.db.pool())
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(version, StoredJson(branding), published_by, published_at)| BrandingVersion {
                version,
                branding,
                published_by,
                published_at: to_time(published_at),
            })
            .collect(),
    ))
}

/// Publishes an earlier version again, as a new version: history only ever grows. The version
/// must still pass today's checks.
#[utoipa::path(post, path = "/api/tenant/{tenant_id}/branding/revert", tag = "branding", params(("tenant_id" = String, Path)),
    request_body = RevertBranding,
    responses((status = 200, body = PublishedBranding), (status = 404, body = portal_api::ErrorBody), (status = 409, body = portal_api::ErrorBody),
        (status = 422, body = portal_api::ErrorBody, description = "That version does not pass today's checks (`validation_failed`)")),
    security(("firebase" = [])))]
pub async fn revert(
    State(state): State<AppState>,
    staff: Staff<can::PublishBranding>,
    Path(tenant_id): Path<String>,
    Json(input): Json<RevertBranding>,
) -> ApiResult<Json<PublishedBranding>> {
    let stored: Option<StoredJson<Branding>> =
        sqlx::query_scalar("SELECT branding FROM branding_versions WHERE tenant_id = $1 AND version = $2")
            .bind(&tenant_id)
            .bind(input.version)
            .fetch_optional(state.db.pool())
            .await?;
    let StoredJson(branding) = stored.ok_or_else(|| ApiError::not_found("That branding version"))?;
    // Checked again: the rules may have grown stricter since that version was published.
    let branding = checked(&state, &tenant_id, branding).await?;
    Ok(Json(store(&state, &staff, tenant_id, input.base_version, branding).await?))
}

/// Makes `branding` the live version `base_version + 1` and keeps it in the history, unless
/// someone published after `base_version` (optimistic concurrency).
async fn store(
    state: &AppState,
    staff: &StaffAuth,
    tenant_id: String,
    base_version: i64,
    branding: Branding,
) -> ApiResult<PublishedBranding> {
    let stale = || {
        ApiError::conflict(
            ErrorCode::VersionConflict,
            "Someone published branding after you started editing. Reload, compare, and publish again.",
        )
    };
    // No live version is i64::MAX, so a base that cannot be counted past is stale like any other.
    let next = base_version.checked_add(1).ok_or_else(stale)?;
    let serialized = serde_json::to_string(&branding).map_err(anyhow::Error::from)?;
    let mut tx = state.db.begin().await?;
    let updated =
        sqlx::query("UPDATE tenants SET branding = $1, branding_version = $2 WHERE id = $3 AND branding_version = $4")
            .bind(&serialized)
            .bind(next)
            .bind(&tenant_id)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if updated == 0 {
        return Err(stale());
    }
    sqlx::query("INSERT INTO branding_versions (tenant_id, version, branding, published_by, published_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&tenant_id)
        .bind(next)
        .bind(&serialized)
        .bind(&staff.staff_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(PublishedBranding { tenant_id, version: next, branding })
}

/// Checks branding before it is published, and returns it as it is stored: the custom CSS as the
/// sanitiser writes it (crate `brand-css`, the one the studio's preview runs), so apps receive
/// exactly what was checked.
async fn checked(state: &AppState, tenant_id: &str, mut branding: Branding) -> ApiResult<Branding> {
    let mut checker = Checker::default();
    let colours = &branding.colors;
    for (field, value) in [
        ("colors.primary", &colours.primary),
        ("colors.secondary", &colours.secondary),
        ("colors.accent", &colours.accent),
        ("colors.background", &colours.background),
        ("colors.text", &colours.text),
    ] {
        if parse_hex_colour(value).is_none() {
            checker.add(field, "Use a colour in the form #rrggbb.");
        }
    }
    if let Some(ratio) = contrast_ratio(&colours.text, &colours.background) {
        if ratio < WCAG_AA_TEXT_CONTRAST {
            checker.add(
                "colors.text",
                format!("Text on the background has a contrast of {ratio:.1}:1; WCAG AA needs 4.5:1."),
            );
        }
    }
    let css = brand_css::sanitize(&branding.portal.custom_css);
    if let Some(first) = css.removed.first() {
        let count = css.removed.len();
        let parts = if count == 1 { "1 part".to_string() } else { format!("{count} parts") };
        checker.add(
            "portal.customCss",
            format!("{parts} of the custom CSS cannot be used. The first, `{}`: {}", first.excerpt, first.reason),
        );
    }
    // Installed apps load these: only logos uploaded for this tenant, never another host.
    for (field, url) in [("logo.url", &branding.logo.url), ("logo.favicon", &branding.logo.favicon)] {
        if let Some(url) = url {
            if !logos::is_uploaded(state, tenant_id, url).await? {
                checker.add(
                    field,
                    "Upload the logo here and use the address the upload gives: branding can only show logos uploaded \
                     for this tenant.",
                );
            }
        }
    }
    checker.length("company.name", &branding.company.name, 1, 120);
    checker.finish()?;
    branding.portal.custom_css = css.css;
    Ok(branding)
}
