//! The last good copy of what the subscriber reads (profile, tickets, status, FAQ, branding),
//! kept under the data folder so it stays readable offline. A read goes to the server first;
//! only when the server cannot be reached does the stored copy answer, marked `fromCache`.

use std::future::Future;
use std::path::PathBuf;

use chrono::Utc;
use portal_client::ClientError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::storage::JsonFile;
use crate::ui_types::Cached;

pub struct Cache {
    dir: PathBuf,
    company: String,
}

impl Cache {
    /// `dir` should be per signed-in account, and cleared at sign-out.
    pub fn new(dir: PathBuf, company: impl Into<String>) -> Cache {
        Cache { dir, company: company.into() }
    }

    /// `fetch`'s answer, stored under `key`; or, when the server cannot be reached, the copy
    /// stored last time. A refusal (not found, signed out) is an error, never an old copy.
    pub async fn read_through<T, F>(&self, key: &str, fetch: F) -> AppResult<Cached<T>>
    where
        T: Serialize + DeserializeOwned,
        F: Future<Output = Result<T, ClientError>>,
    {
        let file = self.file(key);
        match fetch.await {
            Ok(data) => {
                let fresh = Cached { data, fetched_at: Utc::now(), from_cache: false };
                if let Err(err) = file.write(&fresh) {
                    tracing::warn!(error = %err.message, key, "a copy for offline use could not be kept");
                }
                Ok(fresh)
            }
            Err(err) if err.is_transient() => match file.read::<Cached<T>>() {
                Ok(Some(stored)) => Ok(Cached { from_cache: true, ..stored }),
                Ok(None) => Err(AppError::from_client(&err, &self.company)),
                Err(unreadable) => {
                    tracing::warn!(error = %unreadable.message, key, "the offline copy cannot be read");
                    Err(AppError::from_client(&err, &self.company))
                }
            },
            Err(err) => Err(AppError::from_client(&err, &self.company)),
        }
    }

    /// The copy stored under `key`, without asking the server.
    pub fn stored<T: DeserializeOwned>(&self, key: &str) -> AppResult<Option<Cached<T>>> {
        self.file(key).read()
    }

    /// Forgets every stored copy (sign-out: the next account must not see them).
    pub fn clear(&self) -> AppResult<()> {
        match std::fs::remove_dir_all(&self.dir) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(AppError::storage("the copies kept for offline use", err)),
        }
    }

    fn file(&self, key: &str) -> JsonFile {
        JsonFile::new(self.dir.join(format!("{}.json", file_name(key))), "the copies kept for offline use")
    }
}

/// A key as one file name. Plain keys (names, server ids) are used as they are; a key with
/// other characters or of unusual length (a search, a page cursor) is shortened and gets a hash
/// of the whole key, so two keys never share a file.
fn file_name(key: &str) -> String {
    const MAX: usize = 80;
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !key.is_empty() && key.len() <= MAX && key.chars().all(plain) {
        return key.to_string();
    }
    let readable: String = key.chars().take(MAX).map(|c| if plain(c) { c } else { '_' }).collect();
    let digest = Sha256::digest(key.as_bytes());
    format!("{readable}~{}", hex::encode(&digest[..16]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn offline_reads_answer_the_last_good_copy_and_refusals_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"), "Ridgeline Wireless");
        let fresh =
            cache.read_through("faq", async { Ok(vec!["How do I restart the radio?".to_string()]) }).await.unwrap();
        assert!(!fresh.from_cache);

        let offline = || async { Err::<Vec<String>, _>(ClientError::Offline("connection refused".into())) };
        let stored = cache.read_through("faq", offline()).await.unwrap();
        assert!(stored.from_cache);
        assert_eq!(stored.data, fresh.data);
        assert_eq!(stored.fetched_at, fresh.fetched_at);

        let refused =
            cache.read_through::<Vec<String>, _>("faq", async { Err(ClientError::SignedOut) }).await.unwrap_err();
        assert_eq!(refused.code, crate::AppErrorCode::SignedOut);

        cache.clear().unwrap();
        assert_ne!(file_name("faq a"), file_name("faq_a"), "keys that look alike get files of their own");
        assert_eq!(file_name("ticket-01J"), "ticket-01J");
        let err = cache.read_through("faq", offline()).await.unwrap_err();
        assert_eq!(err.code, crate::AppErrorCode::Offline);
    }
}
