//! The provider's branding as the app shows it: the server's published copy, kept for offline
//! use, and the brand built into the app until a copy has been fetched. Branding is public and
//! the same for every subscriber of the provider, so its copy is kept outside the accounts.

use portal_api::{Branding, PublishedBranding};
use portal_client::PortalClient;

use crate::cache::Cache;
use crate::error::{AppErrorCode, AppResult};

const KEY: &str = "branding";

pub struct BrandingSource {
    /// A client without a session: the branding route is public.
    api: PortalClient,
    cache: Cache,
    built_in: Branding,
}

impl BrandingSource {
    pub fn new(api: PortalClient, cache: Cache, built_in: Branding) -> BrandingSource {
        BrandingSource { api, cache, built_in }
    }

    /// The published branding; offline, the last copy, or the built-in brand before the first.
    pub async fn get(&self) -> AppResult<Branding> {
        match self.cache.read_through::<PublishedBranding, _>(KEY, self.api.branding()).await {
            Ok(cached) => Ok(cached.data.branding),
            Err(err) if matches!(err.code, AppErrorCode::Offline | AppErrorCode::ServerUnavailable) => {
                Ok(self.built_in.clone())
            }
            Err(err) => Err(err),
        }
    }

    /// Fetches the published branding; true when it is not the version kept here (the window
    /// should apply it). False when the server cannot be asked.
    pub async fn changed(&self) -> bool {
        let before = match self.cache.stored::<PublishedBranding>(KEY) {
            Ok(stored) => stored.map(|copy| copy.data.version),
            Err(err) => {
                tracing::info!(error = %err.message, "the kept branding cannot be read");
                None
            }
        };
        match self.cache.read_through::<PublishedBranding, _>(KEY, self.api.branding()).await {
            Ok(now) => !now.from_cache && Some(now.data.version) != before,
            Err(err) => {
                tracing::info!(error = %err.message, "the branding could not be checked");
                false
            }
        }
    }
}
