//! Where attachment bytes live. Local disk by default; the trait is the seam for object storage.
//!
//! An upload is first written to a [`Staged`] file on local disk (next to the store, so storing it
//! is a rename), and only stored under its key once it is complete and accepted.

use std::path::{Path, PathBuf};

use anyhow::Context;
use async_trait::async_trait;

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// A new, empty file to write an upload into.
    async fn stage(&self) -> anyhow::Result<(tokio::fs::File, Staged)>;
    /// Stores a complete staged file under `key`.
    async fn put_staged(&self, key: &str, staged: Staged) -> anyhow::Result<()>;
    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>>;
    async fn delete(&self, key: &str) -> anyhow::Result<()>;
}

/// A file being received. Removed when dropped unless it was stored, so an upload that fails
/// anywhere (too large, refused, the client gone) leaves nothing behind.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
}

impl Staged {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        match std::fs::remove_file(&self.path) {
            // Already moved into the store.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => tracing::warn!(error = %err, path = %self.path.display(), "cannot remove a staged upload"),
            Ok(()) => {}
        }
    }
}

pub struct LocalDiskStore {
    root: PathBuf,
}

/// Beside the tenants' folders; a key can never name it (keys have no dots).
const STAGING_DIR: &str = ".incoming";

impl LocalDiskStore {
    pub fn new(root: PathBuf) -> LocalDiskStore {
        LocalDiskStore { root }
    }

    /// Keys are server-made (`<tenant>/<uuid>`); anything else is refused so no key can reach
    /// outside the root.
    fn path(&self, key: &str) -> anyhow::Result<PathBuf> {
        let safe = key
            .split('/')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        anyhow::ensure!(safe, "invalid storage key");
        Ok(self.root.join(key))
    }
}

#[async_trait]
impl BlobStore for LocalDiskStore {
    async fn stage(&self) -> anyhow::Result<(tokio::fs::File, Staged)> {
        let dir = self.root.join(STAGING_DIR);
        tokio::fs::create_dir_all(&dir).await.context("cannot create the upload directory")?;
        let path = dir.join(format!("{}.partial", uuid::Uuid::new_v4().simple()));
        let file = tokio::fs::File::create_new(&path).await.context("cannot create a file for the upload")?;
        Ok((file, Staged { path }))
    }

    async fn put_staged(&self, key: &str, staged: Staged) -> anyhow::Result<()> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.context("cannot create the attachment directory")?;
        }
        // A rename on one disk: the file appears under its key whole or not at all.
        tokio::fs::rename(staged.path(), &path).await.context("cannot store the attachment")?;
        Ok(())
    }

    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>> {
        let path = self.path(key)?;
        tokio::fs::read(&path).await.with_context(|| format!("cannot read attachment {key}"))
    }

    async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
            _ => Ok(()),
        }
    }
}
