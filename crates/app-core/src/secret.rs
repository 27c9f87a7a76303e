//! Secrets in memory, and the refresh token in the operating system's keychain.
//!
//! [`Sensitive`] wraps anything secret (passwords, refresh and ID tokens): its `Debug` and
//! `Display` print `<redacted>` and it has no `Serialize`, so a secret cannot reach a log line,
//! the UI, a crash report or a diagnostics block by accident. Reading it takes an explicit
//! [`Sensitive::expose`].
//!
//! [`Keychain`] keeps the refresh token in the operating system's store through `keyring`
//! (Secret Service on Linux, the login keychain on macOS, Credential Manager on Windows): one
//! entry per brand (service = the app identifier) and account (the Firebase uid). It is never
//! written to disk by the app itself.

use std::fmt;

use serde::Deserialize;

use crate::error::{AppError, AppErrorCode};

#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Sensitive<T> {
        Sensitive(value)
    }

    /// The secret itself: call this only where it is sent to the service that needs it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Sensitive<T> {
        Sensitive(value)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The refresh-token store of one brand.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

/// Why the keychain could not be used. Callers keep the session in memory only.
#[derive(Debug, thiserror::Error)]
#[error("the keychain cannot be used: {0}")]
pub struct KeychainUnavailable(String);

impl From<KeychainUnavailable> for AppError {
    fn from(err: KeychainUnavailable) -> AppError {
        tracing::warn!(error = %err, "keychain unavailable");
        AppError::new(
            AppErrorCode::KeychainUnavailable,
            "This computer's password store can't be used, so you'll need to sign in again next time you open the app.",
        )
    }
}

impl Keychain {
    /// `service` is the app identifier, so two brands on one computer never share an entry.
    pub fn new(service: impl Into<String>) -> Keychain {
        Keychain { service: service.into() }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// True when entries can be read and written. A missing entry is fine; a store that is
    /// absent, locked or refusing is not.
    pub fn is_available(&self) -> bool {
        match self.entry("keychain-probe").and_then(|entry| entry.get_password().map_err(unavailable)) {
            Ok(_) => true,
            Err(KeychainUnavailable(reason)) if reason == NO_ENTRY => true,
            Err(err) => {
                tracing::info!(error = %err, "keychain probe failed");
                false
            }
        }
    }

    pub fn store(&self, account: &str, secret: &Sensitive<String>) -> Result<(), KeychainUnavailable> {
        self.entry(account)?.set_password(secret.expose()).map_err(unavailable)
    }

    /// The stored secret, or `None` when there is no entry for this account.
    pub fn load(&self, account: &str) -> Result<Option<Sensitive<String>>, KeychainUnavailable> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(Sensitive::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(unavailable(err)),
        }
    }

    /// Removes the entry; removing one that is not there is not an error.
    pub fn delete(&self, account: &str) -> Result<(), KeychainUnavailable> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(unavailable(err)),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, KeychainUnavailable> {
        keyring::Entry::new(&self.service, account).map_err(unavailable)
    }
}

const NO_ENTRY: &str = "no entry";

fn unavailable(err: keyring::Error) -> KeychainUnavailable {
    match err {
        keyring::Error::NoEntry => KeychainUnavailable(NO_ENTRY.into()),
        // The platform error may quote what was stored; keep only the kind of failure.
        keyring::Error::BadEncoding(_) => KeychainUnavailable("an entry that is not text".into()),
        keyring::Error::Ambiguous(_) => KeychainUnavailable("several entries for one account".into()),
        other => KeychainUnavailable(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let secret = Sensitive::new("refresh-token-abc123".to_string());
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
        #[derive(Debug)]
        #[allow(dead_code)] // read through Debug only
        struct Holder {
            token: Sensitive<String>,
        }
        let shown = format!("{:?}", Holder { token: secret.clone() });
        assert!(!shown.contains("abc123"), "{shown}");
        assert_eq!(secret.expose(), "refresh-token-abc123");
    }

    #[test]
    fn passwords_arrive_from_the_ui_as_plain_strings() {
        let password: Sensitive<String> = serde_json::from_str("\"hunter2-long\"").unwrap();
        assert_eq!(password.expose(), "hunter2-long");
    }
}
