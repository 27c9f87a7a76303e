//! Firebase Authentication over its REST API: sign in, sign up, password-reset e-mail, password
//! change, account deletion (sign-up rollback) and ID-token refresh through the secure-token
//! endpoint. Both base URLs come from the settings, so the emulator and production run this same
//! code. Firebase's error codes become plain sentences here and nowhere else.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use url::Url;

use crate::config::FirebaseWebConfig;
use crate::error::{AppError, AppErrorCode, AppResult};
use crate::secret::Sensitive;

/// A signed-in Firebase user's tokens. Both tokens are secrets.
#[derive(Debug, Clone)]
pub struct AuthTokens {
    pub uid: String,
    pub email: Option<String>,
    pub id_token: Sensitive<String>,
    pub refresh_token: Sensitive<String>,
    /// When the ID token stops being accepted.
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone)]
pub struct FirebaseAuth {
    http: reqwest::Client,
    config: FirebaseWebConfig,
    /// The provider's name, for messages that tell the user whom to contact.
    company: String,
}

/// Answer of `signInWithPassword`, `signUp` and `update`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdentityAnswer {
    local_id: String,
    email: Option<String>,
    id_token: String,
    refresh_token: String,
    expires_in: String,
}

/// Answer of the secure-token endpoint (snake_case, unlike the rest).
#[derive(Deserialize)]
struct TokenAnswer {
    user_id: String,
    id_token: String,
    refresh_token: String,
    expires_in: String,
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: ErrorAnswerDetail,
}

#[derive(Deserialize)]
struct ErrorAnswerDetail {
    message: String,
}

impl FirebaseAuth {
    pub fn new(config: FirebaseWebConfig, company: impl Into<String>) -> AppResult<FirebaseAuth> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(AppError::unexpected)?;
        Ok(FirebaseAuth { http, config, company: company.into() })
    }

    pub async fn sign_in(&self, email: &str, password: &Sensitive<String>) -> AppResult<AuthTokens> {
        let body = json!({"email": email.trim(), "password": password.expose(), "returnSecureToken": true});
        let answer: IdentityAnswer = self.identity("signInWithPassword", &body).await?;
        answer.into_tokens()
    }

    pub async fn sign_up(&self, email: &str, password: &Sensitive<String>) -> AppResult<AuthTokens> {
        let body = json!({"email": email.trim(), "password": password.expose(), "returnSecureToken": true});
        let answer: IdentityAnswer = self.identity("signUp", &body).await?;
        answer.into_tokens()
    }

    /// Sends Firebase's password-reset e-mail.
    pub async fn send_password_reset(&self, email: &str) -> AppResult<()> {
        let body = json!({"requestType": "PASSWORD_RESET", "email": email.trim()});
        let _: serde_json::Value = self.identity("sendOobCode", &body).await?;
        Ok(())
    }

    /// Sets a new password for the signed-in user; Firebase answers with fresh tokens.
    pub async fn change_password(
        &self,
        id_token: &Sensitive<String>,
        new_password: &Sensitive<String>,
    ) -> AppResult<AuthTokens> {
        let body = json!({"idToken": id_token.expose(), "password": new_password.expose(), "returnSecureToken": true});
        let answer: IdentityAnswer = self.identity("update", &body).await?;
        answer.into_tokens()
    }

    /// Deletes the signed-in user's Firebase account (the rollback of a sign-up whose linking
    /// failed).
    pub async fn delete_account(&self, id_token: &Sensitive<String>) -> AppResult<()> {
        let _: serde_json::Value = self.identity("delete", &json!({"idToken": id_token.expose()})).await?;
        Ok(())
    }

    /// A fresh ID token for a refresh token (`securetoken.googleapis.com/v1/token`).
    pub async fn refresh(&self, refresh_token: &Sensitive<String>) -> AppResult<AuthTokens> {
        let url = self.endpoint(&self.config.secure_token_url, "v1/token")?;
        let form = [("grant_type", "refresh_token"), ("refresh_token", refresh_token.expose().as_str())];
        let response = self.http.post(url).form(&form).send().await.map_err(|err| self.unreachable(err))?;
        let answer: TokenAnswer = self.read(response).await?;
        Ok(AuthTokens {
            expires_at: expiry(&answer.expires_in)?,
            uid: answer.user_id,
            email: None,
            id_token: answer.id_token.into(),
            refresh_token: answer.refresh_token.into(),
        })
    }

    async fn identity<T: for<'de> Deserialize<'de>>(&self, action: &str, body: &serde_json::Value) -> AppResult<T> {
        let url = self.endpoint(&self.config.identity_toolkit_url, &format!("v1/accounts:{action}"))?;
        let response = self.http.post(url).json(body).send().await.map_err(|err| self.unreachable(err))?;
        self.read(response).await
    }

    fn endpoint(&self, base: &Url, path: &str) -> AppResult<Url> {
        let mut url =
            Url::parse(&format!("{}/{path}", base.as_str().trim_end_matches('/'))).map_err(AppError::unexpected)?;
        url.query_pairs_mut().append_pair("key", &self.config.api_key);
        Ok(url)
    }

    async fn read<T: for<'de> Deserialize<'de>>(&self, response: reqwest::Response) -> AppResult<T> {
        let status = response.status();
        let bytes = response.bytes().await.map_err(|err| self.unreachable(err))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|err| {
                tracing::error!(error = %err, "unexpected answer from Firebase Auth");
                self.service_trouble()
            });
        }
        if status.is_server_error() {
            return Err(self.service_trouble());
        }
        match serde_json::from_slice::<ErrorAnswer>(&bytes) {
            Ok(answer) => Err(firebase_error(&answer.error.message, &self.company)),
            Err(_) => Err(self.service_trouble()),
        }
    }

    fn unreachable(&self, err: reqwest::Error) -> AppError {
        tracing::info!(error = %err, "Firebase Auth unreachable");
        AppError::new(
            AppErrorCode::Offline,
            "We couldn't reach the sign-in service. Check your internet connection and try again.",
        )
    }

    fn service_trouble(&self) -> AppError {
        AppError::new(
            AppErrorCode::ServerUnavailable,
            "The sign-in service is having trouble right now. Please try again in a few minutes.",
        )
    }
}

impl IdentityAnswer {
    fn into_tokens(self) -> AppResult<AuthTokens> {
        Ok(AuthTokens {
            expires_at: expiry(&self.expires_in)?,
            uid: self.local_id,
            email: self.email,
            id_token: self.id_token.into(),
            refresh_token: self.refresh_token.into(),
        })
    }
}

/// `expiresIn` is a number of seconds as a string.
fn expiry(expires_in: &str) -> AppResult<DateTime<Utc>> {
    let seconds: i64 = expires_in.parse().map_err(|_| AppError::unexpected(format!("expiresIn {expires_in:?}")))?;
    Ok(Utc::now() + chrono::Duration::seconds(seconds))
}

/// Firebase's error code (`EMAIL_EXISTS`, or `WEAK_PASSWORD : detail`) as a plain sentence.
pub fn firebase_error(message: &str, company: &str) -> AppError {
    let (code, detail) = match message.split_once(" : ") {
        Some((code, detail)) => (code.trim(), Some(detail.trim())),
        None => (message.trim(), None),
    };
    use AppErrorCode as C;
    let (kind, sentence) = match code {
        "INVALID_LOGIN_CREDENTIALS" | "INVALID_PASSWORD" | "EMAIL_NOT_FOUND" => (
            C::InvalidCredentials,
            "That e-mail address and password don't match. Check them and try again, or reset your password.".to_string(),
        ),
        "EMAIL_EXISTS" => (
            C::EmailInUse,
            "There is already an account with this e-mail address. Sign in instead, or reset the password if you've forgotten it.".to_string(),
        ),
        "WEAK_PASSWORD" => (
            C::WeakPassword,
            match detail {
                Some(detail) if !detail.is_empty() => format!("Please choose a stronger password. {}.", detail.trim_end_matches('.')),
                _ => "Please choose a stronger password.".to_string(),
            },
        ),
        "TOO_MANY_ATTEMPTS_TRY_LATER" => {
            (C::RateLimited, "There have been too many attempts. Please wait a few minutes and try again.".to_string())
        }
        "USER_DISABLED" => (C::AccountDisabled, format!("This account has been switched off. Please contact {company}.")),
        "EXPIRED_OOB_CODE" | "INVALID_OOB_CODE" => {
            (C::LinkExpired, "This link has expired or was already used. Please ask for a new one.".to_string())
        }
        "INVALID_EMAIL" | "MISSING_EMAIL" => (C::Validation, "Please enter a valid e-mail address.".to_string()),
        "MISSING_PASSWORD" => (C::Validation, "Please enter your password.".to_string()),
        "INVALID_ID_TOKEN" | "TOKEN_EXPIRED" | "USER_NOT_FOUND" | "INVALID_REFRESH_TOKEN" | "MISSING_REFRESH_TOKEN"
        | "CREDENTIAL_TOO_OLD_LOGIN_AGAIN" => (C::SignedOut, "You're signed out. Please sign in again.".to_string()),
        "OPERATION_NOT_ALLOWED" | "PASSWORD_LOGIN_DISABLED" | "API_KEY_INVALID" | "INVALID_API_KEY"
        | "PROJECT_NOT_FOUND" | "CONFIGURATION_NOT_FOUND" => {
            tracing::error!(code, "Firebase Auth refuses this app's configuration");
            (C::Configuration, format!("Signing in is not set up correctly in this app. Please contact {company}."))
        }
        _ => {
            tracing::warn!(code, "unrecognised Firebase Auth error");
            (C::Unexpected, "Signing in didn't work this time. Please try again.".to_string())
        }
    };
    AppError::new(kind, sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes the emulator never produces; the emulator-produced ones are covered against the
    /// real emulator in `tests/session.rs`.
    #[test]
    fn firebase_codes_become_plain_sentences() {
        let cases = [
            ("TOO_MANY_ATTEMPTS_TRY_LATER", AppErrorCode::RateLimited, "too many attempts"),
            ("USER_DISABLED", AppErrorCode::AccountDisabled, "contact Ridgeline Wireless"),
            ("EXPIRED_OOB_CODE", AppErrorCode::LinkExpired, "expired"),
            ("INVALID_REFRESH_TOKEN", AppErrorCode::SignedOut, "sign in again"),
            ("API_KEY_INVALID", AppErrorCode::Configuration, "contact Ridgeline Wireless"),
            (
                "WEAK_PASSWORD : Password should be at least 6 characters",
                AppErrorCode::WeakPassword,
                "at least 6 characters",
            ),
            ("SOMETHING_NEW", AppErrorCode::Unexpected, "try again"),
        ];
        for (code, want, words) in cases {
            let err = firebase_error(code, "Ridgeline Wireless");
            assert_eq!(err.code, want, "{code}");
            assert!(err.message.to_lowercase().contains(&words.to_lowercase()), "{code}: {}", err.message);
            assert!(!err.message.contains('_'), "no raw code in {:?}", err.message);
        }
    }
}
