//! The subscriber's session: sign in, sign up with account linking (and its rollback), password
//! reset and change, sign out, and restore at start. Keeping the user signed in (keychain, token
//! refresh, the portal client's [`TokenSource`]) is [`Credentials`]' part.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use portal_api::SignupVerifyRequest;
use portal_client::{PortalClient, TokenSource};
use tokio::sync::Mutex;

use crate::config::AppConfig;
use crate::credentials::Credentials;
use crate::error::{AppError, AppErrorCode, AppResult};
use crate::firebase::FirebaseAuth;
use crate::secret::{Keychain, Sensitive};
use crate::ui_types::{SessionState, SignupCheck, SignupCheckRequest};

/// A verified customer waiting for their new login (`signup_complete`).
#[derive(Debug)]
struct PendingSignup {
    link_ticket: Sensitive<String>,
    expires_at: DateTime<Utc>,
}

/// Cheap to clone; clones share one session.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    credentials: Credentials,
    /// Public routes only (sign-up); signed-in calls go through the app's client.
    public_api: PortalClient,
    tenant_id: String,
    company: String,
    pending_signup: Mutex<Option<PendingSignup>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("keychain", &self.inner.credentials.keychain().service())
            .finish_non_exhaustive()
    }
}

impl Session {
    pub fn new(config: &AppConfig, public_api: PortalClient) -> AppResult<Session> {
        let firebase = FirebaseAuth::new(config.firebase.clone(), config.company_name())?;
        Ok(Session {
            inner: Arc::new(Inner {
                credentials: Credentials::new(
                    firebase,
                    Keychain::new(&config.identifier),
                    config.data_dir.join("session.json"),
                ),
                public_api,
                tenant_id: config.tenant_id.clone(),
                company: config.company_name().to_string(),
                pending_signup: Mutex::new(None),
            }),
        })
    }

    /// What the portal client asks for ID tokens.
    pub fn token_source(&self) -> Arc<dyn TokenSource> {
        self.inner.credentials.token_source()
    }

    pub async fn state(&self) -> SessionState {
        let credentials = &self.inner.credentials;
        let user = credentials.signed_in().await;
        SessionState {
            signed_in: user.is_some(),
            email: user.and_then(|user| user.email),
            keychain_available: credentials.keychain_available().await,
        }
    }

    /// At start: the session kept in the keychain, if there is one and it is still valid.
    pub async fn restore(&self) -> AppResult<SessionState> {
        self.inner.credentials.restore().await?;
        Ok(self.state().await)
    }

    pub async fn sign_in(&self, email: &str, password: &Sensitive<String>) -> AppResult<SessionState> {
        self.inner.credentials.sign_in(email, password).await?;
        *self.inner.pending_signup.lock().await = None;
        Ok(self.state().await)
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
        *self.inner.pending_signup.lock().await =
            Some(PendingSignup { link_ticket: answer.link_ticket.into(), expires_at: answer.expires_at });
        Ok(SignupCheck { greeting_name: answer.greeting_name, expires_at: answer.expires_at })
    }

    /// Sign-up, step 2: create the Firebase account and link it to the verified customer. When
    /// linking fails, the new Firebase account is deleted again, so no login exists that is not
    /// a customer's.
    pub async fn signup_complete(&self, email: &str, password: &Sensitive<String>) -> AppResult<SessionState> {
        let inner = &self.inner;
        let firebase = inner.credentials.firebase();
        // Held to the end: a second completion waits, then finds the sign-up used.
        let mut pending_signup = inner.pending_signup.lock().await;
        let pending = match pending_signup.take() {
            Some(pending) if pending.expires_at > Utc::now() => pending,
            _ => {
                return Err(AppError::new(
                    AppErrorCode::SignupNotMatched,
                    "This sign-up took too long or was not started. Please enter your details again.",
                ))
            }
        };
        let tokens = match firebase.sign_up(email, password).await {
            Ok(tokens) => tokens,
            Err(err) => {
                // Nothing was created: the verified customer may try another address.
                *pending_signup = Some(pending);
                return Err(err);
            }
        };
        if let Err(err) = inner.public_api.signup_link(tokens.id_token.expose(), pending.link_ticket.expose()).await {
            if let Err(rollback) = firebase.delete_account(&tokens.id_token).await {
                tracing::error!(error = %rollback, "linking failed and the new Firebase account could not be deleted");
            }
            if err.is_transient() {
                *pending_signup = Some(pending);
            }
            return Err(AppError::from_client(&err, &inner.company));
        }
        inner.credentials.adopt(tokens).await;
        drop(pending_signup);
        Ok(self.state().await)
    }

    pub async fn send_password_reset(&self, email: &str) -> AppResult<()> {
        if email.trim().is_empty() {
            return Err(AppError::validation("Enter the e-mail address you sign in with."));
        }
        self.inner.credentials.firebase().send_password_reset(email).await
    }

    /// Checks the current password (Firebase asks for a recent sign-in), then sets the new one.
    /// Firebase ends other sessions; this one continues with the new tokens.
    pub async fn change_password(&self, current: &Sensitive<String>, new: &Sensitive<String>) -> AppResult<()> {
        let credentials = &self.inner.credentials;
        let email = credentials.signed_in().await.and_then(|user| user.email).ok_or_else(AppError::signed_out)?;
        let confirmed = credentials.firebase().sign_in(&email, current).await.map_err(|err| match err.code {
            AppErrorCode::InvalidCredentials => {
                AppError::new(AppErrorCode::InvalidCredentials, "Your current password isn't right. Please try again.")
            }
            _ => err,
        })?;
        let tokens = credentials.firebase().change_password(&confirmed.id_token, new).await?;
        credentials.adopt(tokens).await;
        Ok(())
    }

    /// Ends the session here and deletes its keychain entry.
    pub async fn sign_out(&self) -> AppResult<()> {
        *self.inner.pending_signup.lock().await = None;
        self.inner.credentials.sign_out().await
    }

    /// The signed-in Firebase uid (the keychain account).
    pub async fn uid(&self) -> Option<String> {
        self.inner.credentials.uid().await
    }

    pub fn keychain(&self) -> &Keychain {
        self.inner.credentials.keychain()
    }
}
