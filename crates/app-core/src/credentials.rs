//! A Firebase user kept signed in on this computer: the ID token in memory, refreshed before it
//! expires and when the server refuses it (this is the portal client's [`TokenSource`]), the
//! refresh token in the operating system's keychain, restored at start. The subscriber app's
//! [`crate::session::Session`] and the staff studio both sign in through this.
//!
//! The refresh token lives in memory and in the keychain only. The data folder holds a pointer
//! to whose keychain entry to read at start (uid and e-mail, nothing secret).

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::Utc;
use portal_client::{TokenError, TokenSource};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, OnceCell};

use crate::error::{AppErrorCode, AppResult};
use crate::firebase::{AuthTokens, FirebaseAuth};
use crate::secret::{Keychain, KeychainUnavailable, Sensitive};
use crate::storage::JsonFile;

/// An ID token this close to its expiry is refreshed before it is used.
const REFRESH_MARGIN: chrono::Duration = chrono::Duration::minutes(5);

/// Whose keychain entry to read at start. Not secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionPointer {
    uid: String,
    email: Option<String>,
}

/// Cheap to clone; clones share one signed-in user.
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<Inner>,
}

struct Inner {
    firebase: FirebaseAuth,
    keychain: Keychain,
    keychain_usable: OnceCell<bool>,
    pointer: JsonFile,
    user: Mutex<Option<AuthTokens>>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("keychain", &self.inner.keychain.service()).finish_non_exhaustive()
    }
}

impl Credentials {
    /// `keychain` keeps the refresh token (its service names the app, so two apps never share
    /// an entry); `pointer_file` says at start whose entry to read.
    pub fn new(firebase: FirebaseAuth, keychain: Keychain, pointer_file: PathBuf) -> Credentials {
        Credentials {
            inner: Arc::new(Inner {
                firebase,
                keychain,
                keychain_usable: OnceCell::new(),
                pointer: JsonFile::new(pointer_file, "your sign-in"),
                user: Mutex::new(None),
            }),
        }
    }

    pub fn firebase(&self) -> &FirebaseAuth {
        &self.inner.firebase
    }

    pub fn keychain(&self) -> &Keychain {
        &self.inner.keychain
    }

    /// What the portal client asks for ID tokens.
    pub fn token_source(&self) -> Arc<dyn TokenSource> {
        self.inner.clone()
    }

    /// Whether the keychain can keep the session past this run (checked once).
    pub async fn keychain_available(&self) -> bool {
        self.inner.keychain_usable().await
    }

    /// The signed-in Firebase uid (the keychain account).
    pub async fn uid(&self) -> Option<String> {
        self.inner.user.lock().await.as_ref().map(|user| user.uid.clone())
    }

    /// The signed-in user's e-mail address, when someone is signed in and Firebase gave one.
    pub async fn signed_in(&self) -> Option<SignedIn> {
        let user = self.inner.user.lock().await;
        user.as_ref().map(|user| SignedIn { uid: user.uid.clone(), email: user.email.clone() })
    }

    /// At start: the session kept in the keychain, if there is one and it is still valid.
    /// Offline, the session is kept and its token refreshed when the network is back. True when
    /// someone is signed in afterwards.
    pub async fn restore(&self) -> AppResult<bool> {
        let inner = &self.inner;
        let mut user = inner.user.lock().await;
        if user.is_none() && inner.keychain_usable().await {
            if let Some(pointer) = inner.pointer.read::<SessionPointer>()? {
                match inner.keychain_call(move |k| k.load(&pointer.uid).map(|t| (pointer, t))).await {
                    Ok((pointer, Some(refresh_token))) => {
                        let stale = AuthTokens {
                            uid: pointer.uid.clone(),
                            email: pointer.email.clone(),
                            id_token: Sensitive::new(String::new()),
                            refresh_token,
                            expires_at: Utc::now(),
                        };
                        match inner.firebase.refresh(&stale.refresh_token).await {
                            Ok(fresh) => inner.keep(&mut user, merge(stale, fresh)).await,
                            Err(err) if err.code == AppErrorCode::SignedOut => inner.forget(&pointer.uid).await?,
                            // Offline or the sign-in service failing: stay signed in; the next
                            // API call refreshes the token.
                            Err(_) => *user = Some(stale),
                        }
                    }
                    Ok((pointer, None)) => {
                        tracing::info!("the keychain entry of the last session is gone");
                        inner.forget(&pointer.uid).await?;
                    }
                    Err(err) => tracing::warn!(error = %err, "the last session cannot be read from the keychain"),
                }
            }
        }
        Ok(user.is_some())
    }

    /// Signs in with e-mail and password and keeps the session.
    pub async fn sign_in(&self, email: &str, password: &Sensitive<String>) -> AppResult<()> {
        self.sign_in_if(email, password, |_| async { Ok(()) }).await
    }

    /// Signs in with e-mail and password, then asks `admit` (given the new ID token) whether
    /// this account may use the app. Only when it answers `Ok` is the session kept (replacing
    /// whoever was signed in); otherwise nothing is stored and its error is returned.
    pub async fn sign_in_if<T, F, Fut>(&self, email: &str, password: &Sensitive<String>, admit: F) -> AppResult<T>
    where
        F: FnOnce(Sensitive<String>) -> Fut,
        Fut: Future<Output = AppResult<T>>,
    {
        let tokens = self.inner.firebase.sign_in(email, password).await?;
        let admitted = admit(tokens.id_token.clone()).await?;
        self.adopt(tokens).await;
        Ok(admitted)
    }

    /// Keeps `tokens` (a sign-in, a sign-up or a password change made through
    /// [`Credentials::firebase`]) as the session, replacing whoever was signed in before.
    pub async fn adopt(&self, tokens: AuthTokens) {
        let mut user = self.inner.user.lock().await;
        let tokens = match user.take() {
            Some(same) if same.uid == tokens.uid => merge(same, tokens),
            Some(previous) => {
                if let Err(err) = self.inner.forget(&previous.uid).await {
                    tracing::warn!(error = %err, "the previous session's keychain entry could not be deleted");
                }
                tokens
            }
            None => tokens,
        };
        self.inner.keep(&mut user, tokens).await;
    }

    /// Ends the session here and deletes its keychain entry.
    pub async fn sign_out(&self) -> AppResult<()> {
        match self.inner.user.lock().await.take() {
            Some(user) => self.inner.forget(&user.uid).await,
            None => Ok(()),
        }
    }
}

/// Who is signed in. Not secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub uid: String,
    pub email: Option<String>,
}

impl Inner {
    async fn keychain_usable(&self) -> bool {
        *self
            .keychain_usable
            .get_or_init(|| async {
                let keychain = self.keychain.clone();
                tokio::task::spawn_blocking(move || keychain.is_available()).await.unwrap_or(false)
            })
            .await
    }

    /// Keychain calls talk to the OS store (D-Bus on Linux) and block: run them off the async
    /// threads.
    async fn keychain_call<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Keychain) -> Result<T, KeychainUnavailable> + Send + 'static,
    ) -> Result<T, KeychainUnavailable> {
        let keychain = self.keychain.clone();
        tokio::task::spawn_blocking(move || call(&keychain))
            .await
            .unwrap_or_else(|err| Err(KeychainUnavailable::new(format!("keychain task failed: {err}"))))
    }

    /// Holds the session in memory and, where the keychain works, its refresh token there.
    async fn keep(&self, user: &mut Option<AuthTokens>, tokens: AuthTokens) {
        if self.keychain_usable().await {
            let (uid, refresh) = (tokens.uid.clone(), tokens.refresh_token.clone());
            match self.keychain_call(move |k| k.store(&uid, &refresh)).await {
                Ok(()) => {
                    let pointer = SessionPointer { uid: tokens.uid.clone(), email: tokens.email.clone() };
                    if let Err(err) = self.pointer.write(&pointer) {
                        tracing::warn!(error = %err.message, "the session pointer could not be written");
                    }
                }
                Err(err) => tracing::warn!(error = %err, "the session is kept in memory only"),
            }
        }
        *user = Some(tokens);
    }

    /// Deletes the keychain entry and the pointer to it.
    async fn forget(&self, uid: &str) -> AppResult<()> {
        self.pointer.remove()?;
        if self.keychain_usable().await {
            let uid = uid.to_string();
            self.keychain_call(move |k| k.delete(&uid)).await?;
        }
        Ok(())
    }

    /// The ID token, refreshed first when it is about to expire. The lock is held across the
    /// refresh, so concurrent callers wait for one refresh instead of starting several.
    async fn token(&self, force_refresh: bool) -> Result<String, TokenError> {
        let mut user = self.user.lock().await;
        let current = user.as_ref().ok_or(TokenError::SignedOut)?;
        if !force_refresh && current.expires_at - REFRESH_MARGIN > Utc::now() {
            return Ok(current.id_token.expose().clone());
        }
        match self.firebase.refresh(&current.refresh_token).await {
            Ok(fresh) => {
                let current = user.take().expect("checked above");
                let rotated = fresh.refresh_token != current.refresh_token;
                let tokens = merge(current, fresh);
                let id_token = tokens.id_token.expose().clone();
                if rotated {
                    self.keep(&mut user, tokens).await;
                } else {
                    *user = Some(tokens);
                }
                Ok(id_token)
            }
            Err(err) if err.code == AppErrorCode::SignedOut => {
                let current = user.take().expect("checked above");
                if let Err(err) = self.forget(&current.uid).await {
                    tracing::warn!(error = %err.message, "a revoked session could not be forgotten");
                }
                Err(TokenError::SignedOut)
            }
            Err(err) => Err(TokenError::Unavailable(err.message)),
        }
    }
}

/// Fresh tokens keep what the refresh answer does not repeat (the e-mail address).
fn merge(old: AuthTokens, fresh: AuthTokens) -> AuthTokens {
    AuthTokens { email: fresh.email.or(old.email), ..fresh }
}

#[async_trait]
impl TokenSource for Inner {
    async fn id_token(&self) -> Result<String, TokenError> {
        self.token(false).await
    }

    async fn refresh(&self) -> Result<String, TokenError> {
        self.token(true).await
    }
}
