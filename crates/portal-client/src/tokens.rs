//! Where the client gets the ID token it sends: the app's session plugs in here.

use async_trait::async_trait;

/// Why a [`TokenSource`] has no token to give.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Nobody is signed in, or the session was revoked: the subscriber must sign in again.
    #[error("not signed in")]
    SignedOut,
    /// A token could not be obtained right now (for example, the sign-in service is unreachable).
    #[error("{0}")]
    Unavailable(String),
}

/// The signed-in session, as the client needs it.
#[async_trait]
pub trait TokenSource: Send + Sync {
    /// The current ID token. A source may refresh it first when it is about to expire.
    async fn id_token(&self) -> Result<String, TokenError>;

    /// A new ID token, after the server refused the current one. The client asks at most once
    /// per call.
    async fn refresh(&self) -> Result<String, TokenError>;
}

impl From<TokenError> for crate::ClientError {
    fn from(error: TokenError) -> crate::ClientError {
        match error {
            TokenError::SignedOut => crate::ClientError::SignedOut,
            TokenError::Unavailable(reason) => crate::ClientError::TokenUnavailable(reason),
        }
    }
}
