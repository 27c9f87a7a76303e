//! Idempotency keys: how the app makes "create a ticket" and "add a comment" safe to send again.
//!
//! The app's offline outbox gives each item a key when the subscriber writes it and sends the
//! item with that key until it has an answer. The server remembers, per customer, which key
//! created what: a resend after a lost answer gets the original result instead of a duplicate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The request header that carries an [`IdempotencyKey`]
/// (the IETF `Idempotency-Key` draft's header).
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The longest key the server stores.
const MAX_LEN: usize = 255;

/// A client-chosen key naming one create request: 1 to 255 visible ASCII characters. The app
/// uses a random UUID ([`IdempotencyKey::generate`]) and persists it with the outbox item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A new random key.
    pub fn generate() -> IdempotencyKey {
        IdempotencyKey(uuid::Uuid::new_v4().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a string is not an [`IdempotencyKey`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidIdempotencyKey;

impl fmt::Display for InvalidIdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an idempotency key is 1 to {MAX_LEN} visible ASCII characters (letters, digits, punctuation)")
    }
}

impl std::error::Error for InvalidIdempotencyKey {}

impl FromStr for IdempotencyKey {
    type Err = InvalidIdempotencyKey;

    fn from_str(value: &str) -> Result<IdempotencyKey, InvalidIdempotencyKey> {
        let valid = (1..=MAX_LEN).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic());
        if valid {
            Ok(IdempotencyKey(value.to_string()))
        } else {
            Err(InvalidIdempotencyKey)
        }
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = InvalidIdempotencyKey;

    fn try_from(value: String) -> Result<IdempotencyKey, InvalidIdempotencyKey> {
        value.parse()
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> String {
        key.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        let generated = IdempotencyKey::generate();
        assert_eq!(generated.as_str().parse::<IdempotencyKey>(), Ok(generated.clone()));
        assert_ne!(generated, IdempotencyKey::generate(), "each generated key is new");
        assert!("outbox-item-42".parse::<IdempotencyKey>().is_ok());
        for bad in ["", "has space", "tab\there", "naïve", &"k".repeat(256)] {
            assert_eq!(bad.parse::<IdempotencyKey>(), Err(InvalidIdempotencyKey), "{bad:?}");
        }
    }

    #[test]
    fn a_persisted_key_is_checked_when_read_back() {
        let key = IdempotencyKey::generate();
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(serde_json::from_str::<IdempotencyKey>(&json).unwrap(), key);
        assert!(serde_json::from_str::<IdempotencyKey>("\"two words\"").is_err());
    }
}
