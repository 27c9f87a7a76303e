//! The key that hashes access codes and link tickets. It never lives in the database it protects:
//! production reads it from the environment or a file, so a stolen database cannot be searched
//! offline. During a rotation the previous key still verifies what it hashed.
//!
//! Rotation: put the new key in `WISP_LINK_KEY` (or `_FILE`) and the old one in
//! `WISP_LINK_KEY_PREVIOUS` (or `_FILE`) on every instance; new codes and tickets use the new key,
//! old ones keep working. Once the longest access-code lifetime has passed, drop the previous key.

use std::sync::Arc;

use anyhow::{bail, Context};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use sha2::Sha256;

/// Shorter keys are refused: HMAC-SHA256 wants at least 32 bytes of key.
const MIN_KEY_BYTES: usize = 32;

/// The configured keys. `Debug` shows neither.
#[derive(Debug, Clone)]
pub struct LinkKeys {
    current: Arc<SecretSlice<u8>>,
    previous: Option<Arc<SecretSlice<u8>>>,
}

impl LinkKeys {
    /// Keys given as hex text (`openssl rand -hex 32`).
    pub fn from_hex(current: &str, previous: Option<&str>) -> anyhow::Result<LinkKeys> {
        Ok(LinkKeys {
            current: Arc::new(decode_key("WISP_LINK_KEY", current)?),
            previous: previous.map(|p| decode_key("WISP_LINK_KEY_PREVIOUS", p).map(Arc::new)).transpose()?,
        })
    }

    /// `WISP_LINK_KEY` or `WISP_LINK_KEY_FILE`, and optionally `WISP_LINK_KEY_PREVIOUS` or
    /// `WISP_LINK_KEY_PREVIOUS_FILE`. `None` when no key is configured (commands that hash
    /// nothing do not need one; serving refuses to start without it).
    pub fn from_env() -> anyhow::Result<Option<LinkKeys>> {
        let Some(current) = read_setting("WISP_LINK_KEY")? else {
            if read_setting("WISP_LINK_KEY_PREVIOUS")?.is_some() {
                bail!("WISP_LINK_KEY_PREVIOUS is set without WISP_LINK_KEY: a rotation needs the new key as well");
            }
            return Ok(None);
        };
        let previous = read_setting("WISP_LINK_KEY_PREVIOUS")?;
        LinkKeys::from_hex(&current, previous.as_deref()).map(Some)
    }
}

/// The value of `NAME` or the contents of the file `NAME_FILE`; both at once is ambiguous.
fn read_setting(name: &str) -> anyhow::Result<Option<String>> {
    let direct = std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let file = std::env::var(format!("{name}_FILE")).ok().filter(|v| !v.trim().is_empty());
    match (direct, file) {
        (Some(_), Some(_)) => bail!("set {name} or {name}_FILE, not both"),
        (Some(value), None) => Ok(Some(value)),
        (None, Some(path)) => {
            std::fs::read_to_string(&path).map(Some).with_context(|| format!("cannot read {name}_FILE ({path})"))
        }
        (None, None) => Ok(None),
    }
}

fn decode_key(name: &str, hex_text: &str) -> anyhow::Result<SecretSlice<u8>> {
    // The error must not echo the text: it may be a key with a typo.
    let bytes = hex::decode(hex_text.trim())
        .map_err(|_| anyhow::anyhow!("{name} must be hex text, such as the output of `openssl rand -hex 32`"))?;
    if bytes.len() < MIN_KEY_BYTES {
        bail!("{name} is too short: it needs at least {MIN_KEY_BYTES} bytes ({} hex digits)", MIN_KEY_BYTES * 2);
    }
    Ok(SecretSlice::from(bytes))
}

#[derive(Clone)]
pub struct Secrets {
    keys: LinkKeys,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

impl Secrets {
    pub fn new(keys: LinkKeys) -> Secrets {
        Secrets { keys }
    }

    /// Keyed hash for access codes, link tickets and sign-up counters, with the current key: what
    /// gets stored.
    pub fn code_hash(&self, purpose: &str, value: &str) -> String {
        hash_with(self.keys.current.expose_secret(), purpose, value)
    }

    /// The hashes a stored value may carry: the current key's first, then the previous key's
    /// while a rotation is under way. Lookups accept any of them.
    pub fn code_hashes(&self, purpose: &str, value: &str) -> Vec<String> {
        std::iter::once(&self.keys.current)
            .chain(self.keys.previous.as_ref())
            .map(|key| hash_with(key.expose_secret(), purpose, value))
            .collect()
    }
}

fn hash_with(key: &[u8], purpose: &str, value: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(value.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const NEW: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    #[test]
    fn a_rotation_still_accepts_what_the_previous_key_hashed() {
        let before = Secrets::new(LinkKeys::from_hex(OLD, None).unwrap());
        let during = Secrets::new(LinkKeys::from_hex(NEW, Some(OLD)).unwrap());
        let after = Secrets::new(LinkKeys::from_hex(NEW, None).unwrap());
        let stored = before.code_hash("access-code", "ABCDE23456");
        assert!(during.code_hashes("access-code", "ABCDE23456").contains(&stored));
        assert_ne!(during.code_hash("access-code", "ABCDE23456"), stored, "new values use the new key");
        assert!(!after.code_hashes("access-code", "ABCDE23456").contains(&stored));
    }

    #[test]
    fn keys_are_checked_and_never_printed() {
        let short = LinkKeys::from_hex("00112233", None).unwrap_err().to_string();
        assert!(short.contains("too short"), "{short}");
        let typo = LinkKeys::from_hex(&format!("{}zz", &NEW[..62]), None).unwrap_err().to_string();
        assert!(!typo.contains(&NEW[..62]), "{typo}");
        let keys = LinkKeys::from_hex(NEW, Some(OLD)).unwrap();
        let shown = format!("{keys:?} {:?}", Secrets::new(keys.clone()));
        for secret in [NEW, OLD, &NEW[..16], &OLD[..16]] {
            assert!(!shown.to_lowercase().contains(secret), "{shown}");
        }
        // Nor as the decoded bytes' debug form.
        assert!(!shown.contains("255, 238"), "{shown}");
    }
}
