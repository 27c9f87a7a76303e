//! The one error type of the app's core. Every command the UI calls fails with an [`AppError`]:
//! a code the UI can branch on and a message in plain words for a subscriber who is not
//! technical. A message never carries a status code, an exception name or a token.

use portal_api::FieldError;
use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as a closed vocabulary the UI can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "app/")]
pub enum AppErrorCode {
    /// The server could not be reached at all (no network, DNS, refused connection).
    Offline,
    /// The server answered, but with a failure on its side (5xx, maintenance).
    ServerUnavailable,
    /// No one is signed in, or the session ended and needs a new sign-in.
    SignedOut,
    /// E-mail address and password do not match an account.
    InvalidCredentials,
    /// Sign-up with an e-mail address that already has an account.
    EmailInUse,
    /// The password does not meet the sign-in service's rules.
    WeakPassword,
    /// The account was switched off by the provider.
    AccountDisabled,
    /// A password-reset or e-mail link that is expired or was already used.
    LinkExpired,
    /// The customer number, phone or access code did not match an account that can sign up.
    SignupNotMatched,
    /// Input the user can correct; `fields` names what to fix where the server said so.
    Validation,
    NotFound,
    /// The action does not fit the current state (ticket closed, edited elsewhere, …).
    Conflict,
    /// Too many attempts; wait before trying again.
    RateLimited,
    /// The signed-in account may not do this.
    Forbidden,
    /// A picked file cannot be sent (wrong type, too large, damaged).
    FileRefused,
    /// The operating system's keychain cannot be used; the session is kept in memory only.
    KeychainUnavailable,
    /// Files on this computer (drafts, cache) could not be read or written.
    Storage,
    /// The app was built or configured with a missing or invalid setting.
    Configuration,
    /// Anything else; the message still says what the user can do.
    Unexpected,
}

/// What every command returns on failure: `{ "code": "...", "message": "..." }`.
#[derive(Debug, Clone, PartialEq, Serialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "app/")]
#[error("{message}")]
pub struct AppError {
    pub code: AppErrorCode,
    /// Plain words, safe to show as they are.
    pub message: String,
    /// Per-field problems of a `validation` error, when the server named the fields; else empty.
    #[ts(type = "Array<import(\"../api/FieldError\").FieldError>")]
    pub fields: Vec<FieldError>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: AppErrorCode, message: impl Into<String>) -> AppError {
        AppError { code, message: message.into(), fields: Vec::new() }
    }

    pub fn with_fields(mut self, fields: Vec<FieldError>) -> AppError {
        self.fields = fields;
        self
    }

    /// `company` is the provider's display name, so the sentence names who could not be reached.
    pub fn offline(company: &str) -> AppError {
        AppError::new(
            AppErrorCode::Offline,
            format!("We couldn't reach {company}. Check your internet connection and try again."),
        )
    }

    pub fn server_unavailable(company: &str) -> AppError {
        AppError::new(
            AppErrorCode::ServerUnavailable,
            format!("{company}'s support service is not answering right now. Please try again in a few minutes."),
        )
    }

    pub fn signed_out() -> AppError {
        AppError::new(AppErrorCode::SignedOut, "You're signed out. Please sign in again.")
    }

    pub fn validation(message: impl Into<String>) -> AppError {
        AppError::new(AppErrorCode::Validation, message)
    }

    pub fn file_refused(message: impl Into<String>) -> AppError {
        AppError::new(AppErrorCode::FileRefused, message)
    }

    pub fn configuration(message: impl Into<String>) -> AppError {
        AppError::new(AppErrorCode::Configuration, message)
    }

    /// A local file (draft, cache, outbox) could not be read or written. The detail goes to the
    /// log, the user gets what to do.
    pub fn storage(what: &str, err: impl std::fmt::Display) -> AppError {
        tracing::warn!(error = %err, "local storage failed: {what}");
        AppError::new(
            AppErrorCode::Storage,
            format!(
                "The app couldn't save or read {what} on this computer. Check that the disk is not full and try again."
            ),
        )
    }

    pub fn unexpected(err: impl std::fmt::Display) -> AppError {
        tracing::error!(error = %err, "unexpected failure");
        AppError::new(AppErrorCode::Unexpected, "Something went wrong in the app. Please try again.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message_for_the_ui() {
        let json = serde_json::to_value(AppError::offline("Ridgeline Wireless")).unwrap();
        assert_eq!(json["code"], "offline");
        assert_eq!(
            json["message"],
            "We couldn't reach Ridgeline Wireless. Check your internet connection and try again."
        );
        assert_eq!(json["fields"], serde_json::json!([]));

        let with_fields = AppError::validation("Some details need a fix.")
            .with_fields(vec![FieldError { field: "title".into(), message: "Add a title.".into() }]);
        let json = serde_json::to_value(with_fields).unwrap();
        assert_eq!(json["fields"][0]["field"], "title");
    }
}
