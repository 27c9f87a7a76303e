//! Where attachment bytes and release bundles live. Local disk by default; the trait is the seam
//! for object storage.
//!
//! Everything is first written to a [`Staged`] file on local disk (next to the store, so storing
//! it is a rename), and only stored under its key once it is complete and accepted: a crash or a
//! refusal never leaves a half-written file under a key.

use std::path::{Path, PathBuf};

use anyhow::Context;
use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};
use tokio::io::AsyncWriteExt;

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// A new, empty file to write an upload into.
    async fn stage(&self) -> anyhow::Result<(tokio::fs::File, Staged)>;
    /// Stores a complete staged file under `key`.
    async fn put_staged(&self, key: &str, staged: Staged) -> anyhow::Result<()>;
    /// Stores the chunks as they arrive, so a large file is never held in memory. When the stream
    /// yields an error, nothing is stored and that error is returned.
    async fn put_stream(&self, key: &str, mut chunks: BoxStream<'_, anyhow::Result<Bytes>>) -> anyhow::Result<()> {
        let (mut file, staged) = self.stage().await?;
        while let Some(chunk) = chunks.next().await {
            file.write_all(&chunk?).await.context("cannot write the file")?;
        }
        file.sync_all().await.context("cannot write the file")?;
        self.put_staged(key, staged).await
    }
    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>>;
    /// Opens a blob to stream it out.
    async fn open(&self, key: &str) -> anyhow::Result<BlobReader>;
    async fn delete(&self, key: &str) -> anyhow::Result<()>;
}

/// A stored blob being read: its length (for `Content-Length`) and its bytes.
pub struct BlobReader {
    pub size: u64,
    pub chunks: BoxStream<'static, std::io::Result<Bytes>>,
}

/// The storage key of a tenant's file: `<tenant>/<id>`, with the tenant id reduced to the
/// characters a key may hold.
pub fn tenant_key(tenant_id: &str, id: &str) -> String {
    format!("{}/{id}", tenant_id.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"))
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
            tokio::fs::create_dir_all(parent).await.context("cannot create the storage directory")?;
        }
        // A rename on one disk: the file appears under its key whole or not at all.
        tokio::fs::rename(staged.path(), &path).await.context("cannot store the file")?;
        Ok(())
    }

    async fn open(&self, key: &str) -> anyhow::Result<BlobReader> {
        let path = self.path(key)?;
        let file = tokio::fs::File::open(&path).await.with_context(|| format!("cannot open {key}"))?;
        let size = file.metadata().await.with_context(|| format!("cannot read the size of {key}"))?.len();
        Ok(BlobReader { size, chunks: tokio_util::io::ReaderStream::new(file).boxed() })
    }

    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>> {
        let path = self.path(key)?;
        tokio::fs::read(&path).await.with_context(|| format!("cannot read {key}"))
    }

    async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
            _ => Ok(()),
        }
    }
}
