//! The studio's core, with no UI toolkit in it: the shell's commands are thin wrappers over
//! [`Studio`], and `studio/tests` drive it directly against the real server, the Firebase Auth
//! emulator and a real keychain.
//!
//! Staff sign in with the same Firebase REST code and keychain handling as the subscriber app
//! (app-core's [`Credentials`]), under the studio's own keychain service. A sign-in is kept only
//! for an account that `GET /api/staff/me` knows as staff of at least one tenant.

use std::path::{Path, PathBuf};

use app_core::credentials::Credentials;
use app_core::firebase::FirebaseAuth;
use app_core::secret::Keychain;
use app_core::{AppError, AppErrorCode, AppResult, Sensitive};
use portal_api::{
    Branding, BrandingVersion, ErrorCode, PublishBranding, PublishedBranding, RevertBranding, SanitizedCss, StaffMe,
    UploadedLogo,
};
use portal_client::StaffClient;

use crate::config::StudioConfig;
use crate::kit::KitSource;
use crate::{errors, kit, logo};

/// Whom Firebase's messages tell staff to contact ("This account has been switched off.
/// Please contact …").
const CONTACT: &str = "your provider's owner or admin";

/// Said to an account that signs in but is staff of no tenant (a subscriber, say).
pub const NOT_STAFF: &str =
    "This account isn't on the staff of any provider, so it can't use the studio. Subscribers sign in with their \
     provider's app; staff, ask an owner or admin to add you.";

pub struct Studio {
    config: StudioConfig,
    credentials: Credentials,
    staff: StaffClient,
}

impl std::fmt::Debug for Studio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Studio").field("api", &self.config.api_base_url.as_str()).finish_non_exhaustive()
    }
}

impl Studio {
    pub fn new(config: StudioConfig) -> AppResult<Studio> {
        let credentials = Credentials::new(
            FirebaseAuth::new(config.firebase.clone(), CONTACT)?,
            Keychain::new(&config.keychain_service),
            config.data_dir.join("session.json"),
        );
        let staff = StaffClient::new(config.api_base_url.as_str())
            .map_err(|err| errors::from_client(&err))?
            .with_tokens(credentials.token_source());
        Ok(Studio { config, credentials, staff })
    }

    /// The signed-in account's keychain entry and tokens.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The staff member restored from the keychain, or `None` when nobody is signed in (or the
    /// kept session has ended). An account that is no longer staff anywhere is signed out and
    /// refused with `forbidden`.
    pub async fn session(&self) -> AppResult<Option<StaffMe>> {
        if !self.credentials.restore().await? {
            return Ok(None);
        }
        match self.staff.me().await {
            Ok(me) => Ok(Some(me)),
            Err(err) if err.needs_sign_in() => {
                self.credentials.sign_out().await?;
                Ok(None)
            }
            Err(err) if err.code() == Some(ErrorCode::NotStaff) => {
                self.credentials.sign_out().await?;
                Err(AppError::new(AppErrorCode::Forbidden, NOT_STAFF))
            }
            Err(err) => Err(errors::from_client(&err)),
        }
    }

    /// Firebase sign-in, then `GET /api/staff/me` with the new token. An account that is not
    /// staff of any tenant is refused (`forbidden`) and nothing of it is kept.
    pub async fn sign_in(&self, email: &str, password: &Sensitive<String>) -> AppResult<StaffMe> {
        self.credentials
            .sign_in_if(email, password, |id_token| async move {
                self.staff.me_with(id_token.expose()).await.map_err(|err| match err.code() {
                    Some(ErrorCode::NotStaff) => AppError::new(AppErrorCode::Forbidden, NOT_STAFF),
                    _ => errors::from_client(&err),
                })
            })
            .await
    }

    /// Ends the session and deletes its keychain entry.
    pub async fn sign_out(&self) -> AppResult<()> {
        self.credentials.sign_out().await
    }

    pub async fn branding(&self, tenant_id: &str) -> AppResult<PublishedBranding> {
        self.staff.branding(tenant_id).await.map_err(|err| errors::from_client(&err))
    }

    /// Newest first.
    pub async fn branding_versions(&self, tenant_id: &str) -> AppResult<Vec<BrandingVersion>> {
        self.staff.branding_versions(tenant_id).await.map_err(|err| errors::from_client(&err))
    }

    /// `conflict` when someone published after `base_version`.
    pub async fn publish(
        &self,
        tenant_id: &str,
        base_version: i64,
        branding: Branding,
    ) -> AppResult<PublishedBranding> {
        let input = PublishBranding { base_version, branding };
        self.staff.publish_branding(tenant_id, &input).await.map_err(|err| errors::from_client(&err))
    }

    /// Publishes `version` again as a new version; `conflict` as for [`Studio::publish`].
    pub async fn revert(&self, tenant_id: &str, version: i64, base_version: i64) -> AppResult<PublishedBranding> {
        let input = RevertBranding { version, base_version };
        self.staff.revert_branding(tenant_id, &input).await.map_err(|err| errors::from_client(&err))
    }

    /// `css` as the server will keep it when the branding is published, and what it removes.
    pub fn sanitize_css(&self, css: &str) -> SanitizedCss {
        brand_css::sanitize(css)
    }

    /// Uploads the logo file at `path` (a PNG, JPEG or WebP image).
    pub async fn upload_logo(&self, tenant_id: &str, path: &Path) -> AppResult<UploadedLogo> {
        let file = logo::read(path)?;
        self.staff.upload_logo(tenant_id, &file.name, file.bytes).await.map_err(|err| errors::from_client(&err))
    }

    /// The logo at `url` as a `data:` URL. Only addresses on the portal server's own origin are
    /// fetched: the studio loads nothing from anywhere else.
    pub async fn logo_data(&self, url: &str) -> AppResult<String> {
        logo::data_url(&self.logo_bytes(url).await?)
    }

    /// Writes a brand kit for `branding` (with its logo) into `folder`; see [`crate::kit`].
    pub async fn export_kit(&self, tenant_id: &str, branding: &Branding, folder: &Path) -> AppResult<PathBuf> {
        let logo_png = match branding.logo.url.as_deref().map(str::trim).filter(|url| !url.is_empty()) {
            Some(url) => {
                let bytes = self.logo_bytes(url).await?;
                if logo::image_type(&bytes) != Some("image/png") {
                    return Err(AppError::file_refused(
                        "The published logo is not a PNG, which a brand kit needs. Upload the logo again, then export.",
                    ));
                }
                Some(bytes)
            }
            None => None,
        };
        let source = KitSource {
            tenant_id,
            api_base_url: &self.config.api_base_url,
            firebase: &self.config.firebase,
            branding,
            logo_png: logo_png.as_deref(),
        };
        kit::export(folder, &source)
    }

    async fn logo_bytes(&self, url: &str) -> AppResult<bytes::Bytes> {
        let url = self.staff.api_url(url).ok_or_else(|| {
            AppError::validation("The studio shows only logos stored on the portal server. Upload the logo instead.")
        })?;
        let file = self.staff.public_file(&url).await.map_err(|err| errors::from_client(&err))?;
        Ok(file.bytes)
    }
}
