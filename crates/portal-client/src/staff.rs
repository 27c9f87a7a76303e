//! The staff routes the studio calls: who the signed-in staff member is, and their tenants'
//! branding. One client serves every tenant a staff member belongs to, so each call names its
//! tenant (in the path, and as `X-Tenant-Id`, which the server needs from staff of several
//! tenants).

use std::sync::Arc;

use bytes::Bytes;
use portal_api::{
    BrandingVersion, PublishBranding, PublishedBranding, RevertBranding, StaffMe, UploadedLogo, TENANT_HEADER,
};
use reqwest::header::HeaderMap;
use reqwest::Url;

use crate::transport::{Auth, Transport};
use crate::{ClientConfig, ClientError, Download, TokenSource};

/// The staff client. Cheap to clone; clones share connections and the token source.
#[derive(Clone)]
pub struct StaffClient {
    transport: Transport,
}

impl std::fmt::Debug for StaffClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffClient")
            .field("base", &self.transport.base().as_str())
            .field("signed_in", &self.transport.signed_in())
            .finish()
    }
}

/// A URL on the API's own origin (scheme, host and port), from [`StaffClient::api_url`]: the only
/// kind of address [`StaffClient::public_file`] fetches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUrl(Url);

impl ApiUrl {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl StaffClient {
    /// A client of the API at `base_url`, with the same timeouts and limits as the customer's
    /// ([`ClientConfig::new`]); signed in after [`StaffClient::with_tokens`].
    pub fn new(base_url: impl Into<String>) -> Result<StaffClient, ClientError> {
        // The tenant of a ClientConfig is the customer client's fixed one; staff calls name theirs.
        let config = ClientConfig::new(base_url, String::new());
        Ok(StaffClient { transport: Transport::new(&config, HeaderMap::new())? })
    }

    /// The same client, calling as the session `tokens` belongs to.
    pub fn with_tokens(mut self, tokens: Arc<dyn TokenSource>) -> StaffClient {
        self.transport = self.transport.with_tokens(tokens);
        self
    }

    /// The signed-in staff member's tenants and role in each (`GET /api/staff/me`); `403`
    /// `not_staff` for an account that is staff of no tenant.
    pub async fn me(&self) -> Result<StaffMe, ClientError> {
        let url = self.transport.url(&["api", "staff", "me"]);
        self.transport.call(Auth::Session, || self.transport.http.get(url.clone())).await
    }

    /// As [`StaffClient::me`], for an ID token the session does not hold yet: the studio asks
    /// before it keeps a sign-in.
    pub async fn me_with(&self, id_token: &str) -> Result<StaffMe, ClientError> {
        let url = self.transport.url(&["api", "staff", "me"]);
        self.transport.call(Auth::Bearer(id_token), || self.transport.http.get(url.clone())).await
    }

    /// The tenant's published branding (public).
    pub async fn branding(&self, tenant_id: &str) -> Result<PublishedBranding, ClientError> {
        let url = self.transport.url(&["api", "tenant", tenant_id, "branding"]);
        self.transport.call(Auth::None, || self.transport.http.get(url.clone())).await
    }

    /// Every published version of the tenant's branding, newest first.
    pub async fn branding_versions(&self, tenant_id: &str) -> Result<Vec<BrandingVersion>, ClientError> {
        let url = self.transport.url(&["api", "tenant", tenant_id, "branding", "versions"]);
        self.transport
            .call(Auth::Session, || self.transport.http.get(url.clone()).header(TENANT_HEADER, tenant_id))
            .await
    }

    /// Publishes new branding; `409` `version_conflict` when someone published after
    /// `input.base_version`.
    pub async fn publish_branding(
        &self,
        tenant_id: &str,
        input: &PublishBranding,
    ) -> Result<PublishedBranding, ClientError> {
        let url = self.transport.url(&["api", "tenant", tenant_id, "branding"]);
        self.transport
            .call(Auth::Session, || self.transport.http.put(url.clone()).header(TENANT_HEADER, tenant_id).json(input))
            .await
    }

    /// Publishes an earlier version again, as a new version.
    pub async fn revert_branding(
        &self,
        tenant_id: &str,
        input: &RevertBranding,
    ) -> Result<PublishedBranding, ClientError> {
        let url = self.transport.url(&["api", "tenant", tenant_id, "branding", "revert"]);
        self.transport
            .call(Auth::Session, || self.transport.http.post(url.clone()).header(TENANT_HEADER, tenant_id).json(input))
            .await
    }

    /// Uploads a logo (multipart part `file`); the server checks and re-encodes it and answers
    /// where it is kept. Publishing branding that names it is a separate step.
    pub async fn upload_logo(
        &self,
        tenant_id: &str,
        file_name: &str,
        bytes: Bytes,
    ) -> Result<UploadedLogo, ClientError> {
        let url = self.transport.url(&["api", "tenant", tenant_id, "branding", "logo"]);
        self.transport
            .call(Auth::Session, || {
                let part = reqwest::multipart::Part::stream_with_length(bytes.clone(), bytes.len() as u64)
                    .file_name(file_name.to_string());
                let form = reqwest::multipart::Form::new().part("file", part);
                self.transport
                    .http
                    .post(url.clone())
                    .header(TENANT_HEADER, tenant_id)
                    .timeout(self.transport.transfer_timeout)
                    .multipart(form)
            })
            .await
    }

    /// `url` (absolute, or a path on the API) when it is on the API's own origin; `None` for
    /// anything else, which the studio must not fetch.
    pub fn api_url(&self, url: &str) -> Option<ApiUrl> {
        let base = self.transport.base();
        let url = base.join(url.trim()).ok()?;
        let same_origin = url.origin() == base.origin() && url.username().is_empty() && url.password().is_none();
        same_origin.then_some(ApiUrl(url))
    }

    /// A public file the API serves (a tenant's logo), without credentials.
    pub async fn public_file(&self, url: &ApiUrl) -> Result<Download, ClientError> {
        self.transport.download(Auth::None, || self.transport.http.get(url.0.clone())).await
    }
}
