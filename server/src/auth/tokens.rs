//! Firebase ID-token verification for a third-party server, as Firebase documents it:
//! RS256 signed by one of Google's published keys (cached for the `max-age` Google sends), `aud`
//! is the project id, `iss` is `https://securetoken.google.com/<project>`, `exp` in the future,
//! `iat` and `auth_time` in the past, and a non-empty `sub` (the uid).
//!
//! With `FIREBASE_AUTH_EMULATOR_HOST` set, the server accepts the emulator's unsigned tokens
//! instead and confirms each user with the emulator. That mode is never on by accident: it needs
//! the variable, the `WISP_ALLOW_AUTH_EMULATOR=1` opt-in and a `demo-` project (checked by
//! [`FirebaseConfig::validate`] before a server starts), logs a warning at start, and a server
//! without it refuses unsigned tokens.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use moka::future::Cache;
use moka::Expiry;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::sync::{Mutex, RwLock};

use crate::config::FirebaseConfig;

/// Firebase ID tokens are issued by `https://securetoken.google.com/<project id>`.
const ISSUER_PREFIX: &str = "https://securetoken.google.com/";
/// Clock skew tolerated between this server and Google.
const LEEWAY_SECS: i64 = 60;
/// Keys are refetched for an unknown `kid` at most this often, so forged tokens cannot make the
/// server hammer the key endpoint.
const MIN_REFETCH_INTERVAL: Duration = Duration::from_secs(30);
/// After a failed fetch, requests fail fast for this long rather than each waiting for a timeout.
const FAILURE_BACKOFF: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedUser {
    pub uid: String,
    pub email: Option<String>,
    /// The `email_verified` claim: the user proved they receive mail at `email`.
    pub email_verified: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the token is malformed")]
    Malformed,
    #[error("the token is not signed with an accepted algorithm")]
    WrongAlgorithm,
    #[error("the token was signed by an unknown key")]
    UnknownKey,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid: {0}")]
    Invalid(&'static str),
    #[error("the token signature does not verify")]
    BadSignature,
    #[error("the sign-in service could not be reached to check the token")]
    KeysUnavailable,
}

#[derive(Debug, Deserialize)]
struct Claims {
    #[serde(default)]
    sub: String,
    aud: String,
    iss: String,
    exp: i64,
    iat: i64,
    auth_time: Option<i64>,
    email: Option<String>,
    #[serde(default)]
    email_verified: bool,
}

pub struct TokenVerifier {
    config: FirebaseConfig,
    mode: Mode,
    http: reqwest::Client,
    verified: Cache<[u8; 32], Arc<(VerifiedUser, i64)>>,
}

enum Mode {
    Production(Jwks),
    Emulator { lookup_url: String },
}

struct Jwks {
    url: String,
    keys: RwLock<Option<CachedKeys>>,
    /// Held while fetching, so concurrent requests wait for one fetch instead of each making one.
    last_attempt: Mutex<Option<Attempt>>,
}

#[derive(Clone, Copy)]
struct Attempt {
    at: Instant,
    succeeded: bool,
}

struct CachedKeys {
    by_kid: HashMap<String, DecodingKey>,
    fresh_until: Instant,
}

/// Verified tokens stay cached until they expire (Firebase ID tokens live an hour).
struct UntilTokenExpiry;

impl Expiry<[u8; 32], Arc<(VerifiedUser, i64)>> for UntilTokenExpiry {
    fn expire_after_create(
        &self,
        _key: &[u8; 32],
        value: &Arc<(VerifiedUser, i64)>,
        _now: std::time::Instant,
    ) -> Option<Duration> {
        let remaining = value.1 - chrono::Utc::now().timestamp();
        Some(Duration::from_secs(remaining.clamp(0, 3600) as u64))
    }
}

impl TokenVerifier {
    pub fn new(config: FirebaseConfig) -> TokenVerifier {
        let http =
            reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("a TLS-capable HTTP client");
        let mode = match &config.emulator_host {
            Some(host) => Mode::Emulator {
                lookup_url: format!(
                    "http://{host}/identitytoolkit.googleapis.com/v1/projects/{}/accounts:lookup",
                    config.project_id
                ),
            },
            None => Mode::Production(Jwks {
                url: config.jwks_url.clone(),
                keys: RwLock::new(None),
                last_attempt: Mutex::new(None),
            }),
        };
        TokenVerifier {
            config,
            mode,
            http,
            verified: Cache::builder().max_capacity(200_000).expire_after(UntilTokenExpiry).build(),
        }
    }

    pub fn is_emulator(&self) -> bool {
        matches!(self.mode, Mode::Emulator { .. })
    }

    pub async fn verify(&self, token: &str) -> Result<VerifiedUser, TokenError> {
        let cache_key: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Some(hit) = self.verified.get(&cache_key).await {
            if hit.1 > chrono::Utc::now().timestamp() {
                return Ok(hit.0.clone());
            }
        }
        let claims = match &self.mode {
            Mode::Production(jwks) => self.verify_signed(jwks, token).await?,
            Mode::Emulator { lookup_url } => self.verify_emulator(lookup_url, token).await?,
        };
        let user = VerifiedUser {
            uid: claims.sub.clone(),
            email: claims.email.clone(),
            email_verified: claims.email_verified,
        };
        self.verified.insert(cache_key, Arc::new((user.clone(), claims.exp))).await;
        Ok(user)
    }

    fn check_claims(&self, claims: &Claims) -> Result<(), TokenError> {
        let now = chrono::Utc::now().timestamp();
        if claims.aud != self.config.project_id {
            return Err(TokenError::Invalid("audience"));
        }
        if claims.iss != format!("{ISSUER_PREFIX}{}", self.config.project_id) {
            return Err(TokenError::Invalid("issuer"));
        }
        if claims.exp <= now - LEEWAY_SECS {
            return Err(TokenError::Expired);
        }
        if claims.iat > now + LEEWAY_SECS {
            return Err(TokenError::Invalid("issued in the future"));
        }
        match claims.auth_time {
            Some(at) if at <= now + LEEWAY_SECS => {}
            _ => return Err(TokenError::Invalid("auth_time")),
        }
        if claims.sub.is_empty() || claims.sub.len() > 128 {
            return Err(TokenError::Invalid("subject"));
        }
        Ok(())
    }

    async fn verify_signed(&self, jwks: &Jwks, token: &str) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.alg != Algorithm::RS256 {
            return Err(TokenError::WrongAlgorithm);
        }
        let kid = header.kid.ok_or(TokenError::UnknownKey)?;
        let key = jwks.key(&self.http, &kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[&self.config.project_id]);
        validation.set_issuer(&[format!("{ISSUER_PREFIX}{}", self.config.project_id)]);
        validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
        validation.leeway = LEEWAY_SECS as u64;
        let data = jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(|err| {
            use jsonwebtoken::errors::ErrorKind;
            match err.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                ErrorKind::InvalidSignature => TokenError::BadSignature,
                ErrorKind::InvalidAudience => TokenError::Invalid("audience"),
                ErrorKind::InvalidIssuer => TokenError::Invalid("issuer"),
                _ => TokenError::Malformed,
            }
        })?;
        self.check_claims(&data.claims)?;
        Ok(data.claims)
    }

    async fn verify_emulator(&self, lookup_url: &str, token: &str) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
            return Err(TokenError::Malformed);
        };
        let decode = |part: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part.trim_end_matches('='))
                .map_err(|_| TokenError::Malformed)
        };
        let header: serde_json::Value = serde_json::from_slice(&decode(header)?).map_err(|_| TokenError::Malformed)?;
        if header.get("alg").and_then(|a| a.as_str()) != Some("none") {
            return Err(TokenError::WrongAlgorithm);
        }
        let claims: Claims = serde_json::from_slice(&decode(payload)?).map_err(|_| TokenError::Malformed)?;
        self.check_claims(&claims)?;
        // The emulator does not sign its tokens: ask it whether the user exists and is enabled.
        let response = self
            .http
            .post(lookup_url)
            .bearer_auth("owner")
            .json(&serde_json::json!({ "localId": [claims.sub] }))
            .send()
            .await
            .map_err(|_| TokenError::KeysUnavailable)?;
        if !response.status().is_success() {
            return Err(TokenError::Invalid("unknown user"));
        }
        let body: serde_json::Value = response.json().await.map_err(|_| TokenError::KeysUnavailable)?;
        let user = body.get("users").and_then(|u| u.get(0)).ok_or(TokenError::Invalid("unknown user"))?;
        if user.get("disabled").and_then(|d| d.as_bool()).unwrap_or(false) {
            return Err(TokenError::Invalid("disabled user"));
        }
        Ok(claims)
    }
}

impl Jwks {
    fn cached(&self, keys: &Option<CachedKeys>, kid: &str, fresh_only: bool) -> Option<DecodingKey> {
        let keys = keys.as_ref()?;
        if fresh_only && keys.fresh_until <= Instant::now() {
            return None;
        }
        keys.by_kid.get(kid).cloned()
    }

    async fn key(&self, http: &reqwest::Client, kid: &str) -> Result<DecodingKey, TokenError> {
        if let Some(key) = self.cached(&*self.keys.read().await, kid, true) {
            return Ok(key);
        }
        let refreshed = self.refresh(http).await;
        let keys = self.keys.read().await;
        match refreshed {
            Ok(()) => self.cached(&keys, kid, false).ok_or(TokenError::UnknownKey),
            // Google rotates keys with a long overlap: while its endpoint cannot be reached, a key
            // we already hold is still good.
            Err(err) => self.cached(&keys, kid, false).ok_or(err),
        }
    }

    async fn refresh(&self, http: &reqwest::Client) -> Result<(), TokenError> {
        let mut last = self.last_attempt.lock().await;
        let cached_is_fresh = self.keys.read().await.as_ref().is_some_and(|k| k.fresh_until > Instant::now());
        match *last {
            // Someone refreshed a moment ago: an unknown kid stays unknown.
            Some(Attempt { at, succeeded: true }) if cached_is_fresh && at.elapsed() < MIN_REFETCH_INTERVAL => {
                return Ok(())
            }
            // A fetch just failed: fail fast instead of queueing behind another slow attempt.
            Some(Attempt { at, succeeded: false }) if at.elapsed() < FAILURE_BACKOFF => {
                return Err(TokenError::KeysUnavailable)
            }
            _ => {}
        }
        let fetched = self.fetch(http).await;
        *last = Some(Attempt { at: Instant::now(), succeeded: fetched.is_ok() });
        *self.keys.write().await = Some(fetched?);
        Ok(())
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<CachedKeys, TokenError> {
        let response = http.get(&self.url).send().await.map_err(|err| {
            tracing::warn!(error = %err, "cannot fetch the Firebase signing keys");
            TokenError::KeysUnavailable
        })?;
        if !response.status().is_success() {
            tracing::warn!(status = %response.status(), "the Firebase key endpoint refused");
            return Err(TokenError::KeysUnavailable);
        }
        let max_age = max_age(response.headers()).unwrap_or(Duration::from_secs(300));
        let set: JwkSet = response.json().await.map_err(|_| TokenError::KeysUnavailable)?;
        let by_kid = set
            .keys
            .iter()
            .filter_map(|jwk| {
                let kid = jwk.common.key_id.clone()?;
                DecodingKey::from_jwk(jwk).ok().map(|key| (kid, key))
            })
            .collect();
        Ok(CachedKeys { by_kid, fresh_until: Instant::now() + max_age })
    }
}

/// `Cache-Control: public, max-age=19204, must-revalidate` → 19204 s.
fn max_age(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::CACHE_CONTROL)?.to_str().ok()?;
    value.split(',').find_map(|directive| {
        let seconds = directive.trim().strip_prefix("max-age=")?;
        seconds.trim().parse().ok().map(Duration::from_secs)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_from_cache_control() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::CACHE_CONTROL,
            "public, max-age=19204, must-revalidate, no-transform".parse().unwrap(),
        );
        assert_eq!(max_age(&headers), Some(Duration::from_secs(19204)));
        headers.insert(reqwest::header::CACHE_CONTROL, "no-cache".parse().unwrap());
        assert_eq!(max_age(&headers), None);
    }
}
