//! Signed app releases, and the update check tauri-plugin-updater makes.
//!
//! Owners and admins register a release: one bundle of one app version for a channel, target,
//! arch and bundle type, signed with the tenant's updater key, stored here (or downloaded from an
//! external address) and offered to a share of installations. The update check answers the
//! newest release strictly newer than the app's own version that reaches the installation, so it
//! never offers a downgrade. Whether a staged rollout reaches an installation follows from the
//! release id and the installation id alone: the same answer on every call and every instance,
//! and raising the share only adds installations.
//!
//! The server never holds a signing key and does not verify signatures (the app does, with the
//! key built into it); it does refuse a signature that is not a minisign signature, or that was
//! made for another version than the one registered.

pub mod http;

use base64::Engine as _;
use portal_api::{
    BundleType, ErrorCode, NewRelease, Release, ReleaseChannel, UpdateArch, UpdateManifest, UpdateRelease, UpdateTarget,
};
use semver::Version;
use sha2::{Digest, Sha256};

use crate::auth::StaffAuth;
use crate::db::{flag, now_ms, to_time};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::stored::Stored;
use crate::validate::Checker;

const COLUMNS: &str = "id, tenant_id, channel, target, arch, bundle_type, app_version, notes, signature, storage_key, \
    file_name, size_bytes, sha256, external_url, rollout_percent, withdrawn, pub_date, published_by, version";

/// Release notes are shown in a dialog, not a document.
const MAX_NOTES_CHARS: usize = 20_000;
/// A minisign signature in base64 is about 600 characters.
const MAX_SIGNATURE_CHARS: usize = 4_096;
const MAX_URL_CHARS: usize = 2_000;

#[derive(Debug, sqlx::FromRow)]
struct ReleaseRow {
    id: String,
    tenant_id: String,
    channel: Stored<ReleaseChannel>,
    target: Stored<UpdateTarget>,
    arch: Stored<UpdateArch>,
    bundle_type: Stored<BundleType>,
    app_version: Stored<Version>,
    notes: String,
    signature: String,
    storage_key: Option<String>,
    file_name: Option<String>,
    size_bytes: Option<i64>,
    sha256: Option<String>,
    external_url: Option<String>,
    rollout_percent: i64,
    withdrawn: i64,
    pub_date: i64,
    published_by: String,
    version: i64,
}

impl ReleaseRow {
    /// Where apps download the bundle: the external address, or this server's artifact route.
    fn download_url(&self, state: &AppState) -> ApiResult<String> {
        match (&self.external_url, &self.storage_key) {
            (Some(url), None) => return Ok(url.clone()),
            (None, Some(_)) => {}
            _ => return Err(anyhow::anyhow!("release {} must have either a stored bundle or a URL", self.id).into()),
        }
        Ok(state.config.public_address(&["api", "tenant", &self.tenant_id, "app", "artifacts", &self.id])?)
    }

    fn into_api(self, state: &AppState) -> ApiResult<Release> {
        Ok(Release {
            url: self.download_url(state)?,
            id: self.id,
            app_version: self.app_version.0.to_string(),
            channel: self.channel.0,
            target: self.target.0,
            arch: self.arch.0,
            bundle_type: self.bundle_type.0,
            notes: self.notes,
            signature: self.signature,
            file_name: self.file_name,
            size_bytes: self.size_bytes,
            sha256: self.sha256,
            rollout_percent: self.rollout_percent,
            withdrawn: self.withdrawn != 0,
            pub_date: to_time(self.pub_date),
            published_by: self.published_by,
            version: self.version,
        })
    }
}

/// A bundle the upload has streamed into storage.
#[derive(Debug)]
pub struct StoredBundle {
    pub storage_key: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// Removes a stored bundle that no release will point at.
pub async fn discard(state: &AppState, bundle: &StoredBundle) {
    if let Err(err) = state.release_blobs.delete(&bundle.storage_key).await {
        tracing::warn!(error = %err, key = %bundle.storage_key, "could not remove an orphaned release bundle");
    }
}

/// Records a release whose bundle is `bundle` (already stored under its id) or `release.url`. If
/// the release cannot be recorded, the stored bundle is removed again.
pub async fn register(
    state: &AppState,
    staff: &StaffAuth,
    id: String,
    release: NewRelease,
    bundle: Option<StoredBundle>,
) -> ApiResult<Release> {
    let result = insert(state, staff, &id, &release, bundle.as_ref()).await;
    if result.is_err() {
        if let Some(bundle) = &bundle {
            discard(state, bundle).await;
        }
    }
    result?;
    find(state, &staff.tenant_id, &id).await?.into_api(state)
}

async fn insert(
    state: &AppState,
    staff: &StaffAuth,
    id: &str,
    release: &NewRelease,
    bundle: Option<&StoredBundle>,
) -> ApiResult<()> {
    let app_version = check(release, bundle.is_some())?;
    sqlx::query(&format!(
        "INSERT INTO app_releases ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $16, $17, 1)"
    ))
    .bind(id)
    .bind(&staff.tenant_id)
    .bind(release.channel.as_str())
    .bind(release.target.as_str())
    .bind(release.arch.as_str())
    .bind(release.bundle_type.as_str())
    .bind(app_version.to_string())
    .bind(release.notes.trim())
    .bind(release.signature.trim())
    .bind(bundle.map(|b| b.storage_key.as_str()))
    .bind(bundle.map(|b| b.file_name.as_str()))
    .bind(bundle.map(|b| b.size_bytes))
    .bind(bundle.map(|b| b.sha256.as_str()))
    .bind(release.url.as_deref())
    .bind(release.rollout_percent)
    .bind(now_ms())
    .bind(&staff.staff_id)
    .execute(state.db.pool())
    .await
    .map_err(|err| match err {
        sqlx::Error::Database(db) if db.is_unique_violation() => ApiError::conflict(
            ErrorCode::ReleaseExists,
            format!(
                "Version {app_version} is already registered for {} {} {} ({}). A release cannot be replaced: \
                 build, sign and register a new version.",
                release.target, release.arch, release.bundle_type, release.channel
            ),
        ),
        other => other.into(),
    })?;
    Ok(())
}

/// Checks a new release and returns its version in canonical form.
fn check(release: &NewRelease, has_bundle: bool) -> ApiResult<Version> {
    let mut checker = Checker::default();
    let version = match Version::parse(release.app_version.trim()) {
        Ok(version) if !version.build.is_empty() => {
            checker.add(
                "appVersion",
                "Updaters ignore build metadata (+…) when they compare versions: use a new version number instead.",
            );
            None
        }
        Ok(version) => Some(version),
        Err(_) => {
            checker.add("appVersion", "Use a semantic version such as 1.4.0 or 1.5.0-beta.2 (no leading v).");
            None
        }
    };
    if release.notes.trim().chars().count() > MAX_NOTES_CHARS {
        checker.add("notes", format!("Use at most {MAX_NOTES_CHARS} characters."));
    }
    match signed_version(release.signature.trim()) {
        Err(problem) => checker.add("signature", problem),
        Ok(Some(signed)) if version.as_ref().is_some_and(|version| *version != signed) => checker.add(
            "signature",
            format!("This signature was made for version {signed}, not {}.", release.app_version.trim()),
        ),
        Ok(_) => {}
    }
    check_rollout(&mut checker, release.rollout_percent);
    match (&release.url, has_bundle) {
        (Some(_), true) => checker.add("url", "Send either the bundle as `file` or its address as `url`, not both."),
        (None, false) => {
            checker.add("file", "Send the signed bundle as a `file` part, or its download address as `url`.")
        }
        (Some(url), false) => {
            let https = reqwest::Url::parse(url).is_ok_and(|parsed| parsed.scheme() == "https");
            if !https || url.len() > MAX_URL_CHARS {
                checker.add("url", "Use an https:// address of at most 2,000 characters.");
            }
        }
        (None, true) => {}
    }
    checker.finish()?;
    version.ok_or_else(|| ApiError::field("appVersion", "This field is required."))
}

fn check_rollout(checker: &mut Checker, percent: i64) {
    if !(0..=100).contains(&percent) {
        checker.add("rolloutPercent", "Use a whole number from 0 to 100.");
    }
}

/// The version a Tauri updater signature (the content of a `.sig` file: base64 of a minisign
/// signature) was bound to with `tauri signer sign --app-version`, if any. The trusted comment is
/// read without the public key, so this only catches mistakes; the app checks the real thing.
fn signed_version(signature: &str) -> Result<Option<Version>, String> {
    let not_a_signature =
        || "Paste the content of the bundle's `.sig` file, as `tauri signer sign` wrote it.".to_string();
    if signature.is_empty() || signature.len() > MAX_SIGNATURE_CHARS {
        return Err(not_a_signature());
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(signature).map_err(|_| not_a_signature())?;
    let text = String::from_utf8(decoded).map_err(|_| not_a_signature())?;
    let signature = minisign_verify::Signature::decode(&text).map_err(|_| not_a_signature())?;
    let Some(signed) = signature.trusted_comment().split('\t').find_map(|field| field.strip_prefix("version:")) else {
        return Ok(None);
    };
    Version::parse(signed.trim_start_matches('v'))
        .map(Some)
        .map_err(|_| format!("This signature was made for version {signed:?}, which is not a semantic version."))
}

async fn find(state: &AppState, tenant_id: &str, id: &str) -> ApiResult<ReleaseRow> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM app_releases WHERE id = $1 AND tenant_id = $2"))
        .bind(id)
        .bind(tenant_id)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("The release"))
}

/// Every release of the tenant, newest first.
pub async fn list(state: &AppState, tenant_id: &str) -> ApiResult<Vec<Release>> {
    let rows: Vec<ReleaseRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM app_releases WHERE tenant_id = $1 ORDER BY pub_date DESC, id DESC"
    ))
    .bind(tenant_id)
    .fetch_all(state.db.pool())
    .await?;
    rows.into_iter().map(|row| row.into_api(state)).collect()
}

/// Changes the rollout share or withdraws (or restores) a release, unless someone changed it
/// after `change.version`.
pub async fn update(state: &AppState, tenant_id: &str, id: &str, change: UpdateRelease) -> ApiResult<Release> {
    let current = find(state, tenant_id, id).await?;
    let rollout_percent = change.rollout_percent.unwrap_or(current.rollout_percent);
    let mut checker = Checker::default();
    check_rollout(&mut checker, rollout_percent);
    checker.finish()?;
    let withdrawn = change.withdrawn.unwrap_or(current.withdrawn != 0);
    let updated = sqlx::query(
        "UPDATE app_releases SET rollout_percent = $1, withdrawn = $2, version = version + 1
         WHERE id = $3 AND tenant_id = $4 AND version = $5",
    )
    .bind(rollout_percent)
    .bind(flag(withdrawn))
    .bind(id)
    .bind(tenant_id)
    .bind(change.version)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::conflict(
            ErrorCode::VersionConflict,
            "Someone changed this release after you loaded it. Reload it and try again.",
        ));
    }
    find(state, tenant_id, id).await?.into_api(state)
}

/// What an installed app asks: is there a newer release for me?
#[derive(Debug)]
pub struct UpdateCheck {
    pub tenant_id: String,
    pub channel: ReleaseChannel,
    pub target: UpdateTarget,
    pub arch: UpdateArch,
    pub bundle_type: BundleType,
    pub current_version: Version,
    pub installation_id: uuid::Uuid,
}

/// The newest release strictly newer than the app's version that reaches this installation, as
/// the manifest the plugin reads; `None` when there is none.
pub async fn check_for_update(state: &AppState, check: &UpdateCheck) -> ApiResult<Option<UpdateManifest>> {
    if !crate::tenants::exists(state, &check.tenant_id).await? {
        return Err(ApiError::not_found("The tenant"));
    }
    let rows: Vec<ReleaseRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM app_releases
         WHERE tenant_id = $1 AND channel = $2 AND target = $3 AND arch = $4 AND bundle_type = $5 AND withdrawn = 0"
    ))
    .bind(&check.tenant_id)
    .bind(check.channel.as_str())
    .bind(check.target.as_str())
    .bind(check.arch.as_str())
    .bind(check.bundle_type.as_str())
    .fetch_all(state.db.pool())
    .await?;
    let newest = rows
        .into_iter()
        .filter(|row| row.app_version.0 > check.current_version)
        .filter(|row| reaches(&row.id, &check.installation_id, row.rollout_percent))
        .max_by(|a, b| a.app_version.0.cmp(&b.app_version.0));
    newest
        .map(|row| {
            Ok(UpdateManifest {
                url: row.download_url(state)?,
                version: row.app_version.0.to_string(),
                notes: row.notes,
                pub_date: to_time(row.pub_date),
                signature: row.signature,
            })
        })
        .transpose()
}

/// The installation's place, 0 to 99, in a release's rollout: fixed for the pair, so repeated
/// checks agree, and independent between releases, so the first installations to get each
/// release are not always the same ones.
pub fn rollout_bucket(release_id: &str, installation_id: &uuid::Uuid) -> u64 {
    // The installation id has a fixed length, so the concatenation is unambiguous.
    let digest = Sha256::new().chain_update(release_id).chain_update(installation_id.as_bytes()).finalize();
    u64::from_be_bytes(digest[..8].try_into().expect("SHA-256 is 32 bytes")) % 100
}

/// A share of `percent` reaches the buckets below it: raising it only adds installations.
fn reaches(release_id: &str, installation_id: &uuid::Uuid, percent: i64) -> bool {
    u64::try_from(percent).is_ok_and(|percent| rollout_bucket(release_id, installation_id) < percent)
}

/// Where a release's stored bundle is, when it is stored here and not withdrawn.
pub async fn stored_bundle(state: &AppState, tenant_id: &str, id: &str) -> ApiResult<(String, String)> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT storage_key, file_name FROM app_releases
         WHERE id = $1 AND tenant_id = $2 AND withdrawn = 0 AND storage_key IS NOT NULL AND file_name IS NOT NULL",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(state.db.pool())
    .await?;
    row.ok_or_else(|| ApiError::not_found("The release bundle"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signature as `tauri signer sign --app-version 1.2.3` writes it (from a throwaway key).
    const SIGNED_FOR_1_2_3: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IHNpZ25hdHVyZSBmcm9tIHRhdXJpIHNlY3JldCBrZXkKUlVSVzZVSDNFbWFVSEkwcldrQ1lEd0xXOFFtWHdUU2J5S0tJaTR3MVpFMTI4TXZnOEhyQ2JhRjZha0J5VW4zOFNLVGk2aGhsV1NQQXh4eFJ5aDVNLzZMYjBySTFHTExQaXdnPQp0cnVzdGVkIGNvbW1lbnQ6IHRpbWVzdGFtcDoxNzk1NjkwNTQ5CWZpbGU6Zi5iaW4JdmVyc2lvbjoxLjIuMwpQZ2tVQ2JINHdybUJXdkpvcmtGWFdVdDRuM0o0NUhodENyd3p4RWd4YSsrbHZlVmprWFR2cVdLUmpGSitkOFNWVklMUmZnN0hDUGlmdzk2M3hLbHFBQT09Cg==";

    #[test]
    fn the_signed_version_is_read_from_the_trusted_comment() {
        assert_eq!(signed_version(SIGNED_FOR_1_2_3), Ok(Some(Version::new(1, 2, 3))));
        assert!(signed_version("not base64!").is_err());
        assert!(signed_version(&base64::engine::general_purpose::STANDARD.encode("just text")).is_err());
    }

    #[test]
    fn rollout_buckets_are_stable_and_raising_the_share_only_adds() {
        let installation = uuid::Uuid::new_v4();
        assert_eq!(rollout_bucket("release-1", &installation), rollout_bucket("release-1", &installation));
        for percent in 0..100 {
            if reaches("release-1", &installation, percent) {
                assert!(reaches("release-1", &installation, percent + 1));
            }
        }
        assert!(!reaches("release-1", &installation, 0));
        assert!(reaches("release-1", &installation, 100));
    }
}
