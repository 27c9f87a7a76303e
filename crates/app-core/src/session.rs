//! The subscriber's session: sign in, sign up with account linking (and its rollback), sign
//! out, restore at start from the keychain, and the ID token kept fresh for every API call
//! (this is the portal client's [`TokenSource`]).
//!
//! The refresh token lives in memory and in the keychain only. The data folder holds a pointer
//! to whose keychain entry to read at start (uid and e-mail, nothing secret).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use portal_api::SignupVerifyRequest;
use portal_client::{PortalClient, TokenError, TokenSource};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, OnceCell};

use crate::config::AppConfig;
use crate::error::{AppError, AppErrorCode, AppResult};
use crate::firebase::{AuthTokens, FirebaseAuth};
use crate::secret::{Keychain, KeychainUnavailable, Sensitive};
use crate::storage::JsonFile;
use crate::ui_types::{SessionState, SignupCheck, SignupCheckRequest};

/// An ID token this close to its expiry is refreshed before it is used.
const REFRESH_MARGIN: chrono::Duration = chrono::Duration::minutes(5);

/// Whose keychain entry to read at start. Not secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionPointer {
    uid: String,
    email: Option<String>,
}

/// A verified customer waiting for their new login (`signup_complete`).
#[derive(Debug)]
struct PendingSignup {
    link_ticket: Sensitive<String>,
    expires_at: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct State {
    user: Option<AuthTokens>,
    pending_signup: Option<PendingSignup>,
}

/// Cheap to clone; clones share one session.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    firebase: FirebaseAuth,
    keychain: Keychain,
    keychain_usable: OnceCell<bool>,
    pointer: JsonFile,
    /// Public routes only (sign-up); signed-in calls go through the app's client.
    public_api: PortalClient,
    tenant_id: String,
    company: String,
    state: Mutex<State>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("keychain", &self.inner.keychain.service()).finish_non_exhaustive()
    }
}

impl Session {
    pub fn new(config: &AppConfig, public_api: PortalClient) -> AppResult<Session> {
        Ok(Session {
            inner: Arc::new(Inner {
                firebase: FirebaseAuth::new(config.firebase.clone(), config.company_name())?,
                keychain: Keychain::new(&config.identifier),
                keychain_usable: OnceCell::new(),
                pointer: JsonFile::new(config.data_dir.join("session.json"), "your sign-in"),
                public_api,
                tenant_id: config.tenant_id.clone(),
                company: config.company_name().to_string(),
                state: Mutex::new(State::default()),
            }),
        })
    }

    /// What the portal client asks for ID tokens.
    pub fn token_source(&self) -> Arc<dyn TokenSource> {
        self.inner.clone()
    }

    pub async fn state(&self) -> SessionState {
        let state = self.inner.state.lock().await;
        self.inner.describe(&state).await
    }

    /// At start: the session kept in the keychain, if there is one and it is still valid.
    /// Offline, the session is kept and its token refreshed when the network is back.
    pub async fn restore(&self) -> AppResult<SessionState> {
        let inner = &self.inner;
        let mut state = inner.state.lock().await;
        if state.user.is_none() && inner.keychain_usable().await {
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
                            Ok(fresh) => inner.keep(&mut state, merge(stale, fresh)).await,
                            Err(err) if err.code == AppErrorCode::SignedOut => inner.forget(&pointer.uid).await?,
                            // Offline or the sign-in service failing: stay signed in; the next
                            // API call refreshes the token.
                            Err(_) => state.user = Some(stale),
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
        Ok(inner.describe(&state).await)
    }

    pub async fn sign_in(&self, email: &str, password: &Sensitive<String>) -> AppResult<SessionState> {
        let tokens = self.inner.firebase.sign_in(email, password).await?;
        let mut state = self.inner.state.lock().await;
        self.inner.replace(&mut state, tokens).await;
        Ok(self.inner.describe(&state).await)
    }

    /// Sign-up, step 1: is there a customer with these details who may sign up? The link ticket
    /// the server answers with stays here.
    pub async fn signup_verify(&self, request: &SignupCheckRequest) -> AppResult<SignupCheck> {
        let given =
            |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        let request = SignupVerifyRequest {
            tenant_id: self.inner.tenant_id.clone(),
            customer_number: given(&request.customer_number),
            phone: given(&request.phone),
            access_code: given(&request.access_code),
        };
        if request.access_code.is_none() && (request.customer_number.is_none() || request.phone.is_none()) {
            return Err(AppError::validation("Enter your customer number and phone number, or an access code."));
        }
        let answer = self
            .inner
            .public_api
            .signup_verify(&request)
            .await
            .map_err(|err| AppError::from_client(&err, &self.inner.company))?;
        self.inner.state.lock().await.pending_signup =
            Some(PendingSignup { link_ticket: answer.link_ticket.into(), expires_at: answer.expires_at });
        Ok(SignupCheck { greeting_name: answer.greeting_name, expires_at: answer.expires_at })
    }

    /// Sign-up, step 2: create the Firebase account and link it to the verified customer. When
    /// linking fails, the new Firebase account is deleted again, so no login exists that is not
    /// a customer's.
    pub async fn signup_complete(&self, email: &str, password: &Sensitive<String>) -> AppResult<SessionState> {
        let inner = &self.inner;
        let mut state = inner.state.lock().await;
        let pending = match state.pending_signup.take() {
            Some(pending) if pending.expires_at > Utc::now() => pending,
            _ => {
                return Err(AppError::new(
                    AppErrorCode::SignupNotMatched,
                    "This sign-up took too long or was not started. Please enter your details again.",
                ))
            }
        };
        let tokens = match inner.firebase.sign_up(email, password).await {
            Ok(tokens) => tokens,
            Err(err) => {
                // Nothing was created: the verified customer may try another address.
                state.pending_signup = Some(pending);
                return Err(err);
            }
        };
        if let Err(err) = inner.public_api.signup_link(tokens.id_token.expose(), pending.link_ticket.expose()).await {
            if let Err(rollback) = inner.firebase.delete_account(&tokens.id_token).await {
                tracing::error!(error = %rollback, "linking failed and the new Firebase account could not be deleted");
            }
            if err.is_transient() {
                state.pending_signup = Some(pending);
            }
            return Err(AppError::from_client(&err, &inner.company));
        }
        inner.replace(&mut state, tokens).await;
        Ok(inner.describe(&state).await)
    }

    pub async fn send_password_reset(&self, email: &str) -> AppResult<()> {
        if email.trim().is_empty() {
            return Err(AppError::validation("Enter the e-mail address you sign in with."));
        }
        self.inner.firebase.send_password_reset(email).await
    }

    /// Checks the current password (Firebase asks for a recent sign-in), then sets the new one.
    /// Firebase ends other sessions; this one continues with the new tokens.
    pub async fn change_password(&self, current: &Sensitive<String>, new: &Sensitive<String>) -> AppResult<()> {
        let mut state = self.inner.state.lock().await;
        let email = state.user.as_ref().and_then(|user| user.email.clone()).ok_or_else(AppError::signed_out)?;
        let confirmed = self.inner.firebase.sign_in(&email, current).await.map_err(|err| match err.code {
            AppErrorCode::InvalidCredentials => {
                AppError::new(AppErrorCode::InvalidCredentials, "Your current password isn't right. Please try again.")
            }
            _ => err,
        })?;
        let tokens = self.inner.firebase.change_password(&confirmed.id_token, new).await?;
        self.inner.replace(&mut state, merge(confirmed, tokens)).await;
        Ok(())
    }

    /// Ends the session here and deletes its keychain entry.
    pub async fn sign_out(&self) -> AppResult<()> {
        let mut state = self.inner.state.lock().await;
        state.pending_signup = None;
        match state.user.take() {
            Some(user) => self.inner.forget(&user.uid).await,
            None => Ok(()),
        }
    }

    /// The signed-in Firebase uid (the keychain account).
    pub async fn uid(&self) -> Option<String> {
        self.inner.state.lock().await.user.as_ref().map(|user| user.uid.clone())
    }

    pub fn keychain(&self) -> &Keychain {
        &self.inner.keychain
    }
}

impl Inner {
    async fn describe(&self, state: &State) -> SessionState {
        SessionState {
            signed_in: state.user.is_some(),
            email: state.user.as_ref().and_then(|user| user.email.clone()),
            keychain_available: self.keychain_usable().await,
        }
    }

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

    /// A new sign-in replaces whoever was signed in before.
    async fn replace(&self, state: &mut State, tokens: AuthTokens) {
        if let Some(previous) = state.user.take().filter(|previous| previous.uid != tokens.uid) {
            if let Err(err) = self.forget(&previous.uid).await {
                tracing::warn!(error = %err, "the previous session's keychain entry could not be deleted");
            }
        }
        state.pending_signup = None;
        self.keep(state, tokens).await;
    }

    /// Holds the session in memory and, where the keychain works, its refresh token there.
    async fn keep(&self, state: &mut State, tokens: AuthTokens) {
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
        state.user = Some(tokens);
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

    /// The ID token, refreshed first when it is about to expire. The state lock is held across
    /// the refresh, so concurrent callers wait for one refresh instead of starting several.
    async fn token(&self, force_refresh: bool) -> Result<String, TokenError> {
        let mut state = self.state.lock().await;
        let user = state.user.as_ref().ok_or(TokenError::SignedOut)?;
        if !force_refresh && user.expires_at - REFRESH_MARGIN > Utc::now() {
            return Ok(user.id_token.expose().clone());
        }
        match self.firebase.refresh(&user.refresh_token).await {
            Ok(fresh) => {
                let user = state.user.take().expect("checked above");
                let rotated = fresh.refresh_token != user.refresh_token;
                let tokens = merge(user, fresh);
                let id_token = tokens.id_token.expose().clone();
                if rotated {
                    self.keep(&mut state, tokens).await;
                } else {
                    state.user = Some(tokens);
                }
                Ok(id_token)
            }
            Err(err) if err.code == AppErrorCode::SignedOut => {
                let user = state.user.take().expect("checked above");
                if let Err(err) = self.forget(&user.uid).await {
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
