//! Where attachment bytes and release bundles live. Local disk by default; the trait is the seam
//! for object storage.

use std::path::PathBuf;

use anyhow::Context;
use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::{self, BoxStream, StreamExt};
use tokio::io::AsyncWriteExt;

#[async_trait]
pub trait BlobStore: Send + Sync {
    async fn put(&self, key: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.put_stream(key, stream::once(async { Ok(Bytes::copy_from_slice(bytes)) }).boxed()).await
    }
    /// Stores the chunks as they arrive, so a large file is never held in memory. When the stream
    /// yields an error, nothing is stored and that error is returned.
    async fn put_stream(&self, key: &str, chunks: BoxStream<'_, anyhow::Result<Bytes>>) -> anyhow::Result<()>;
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

pub struct LocalDiskStore {
    root: PathBuf,
}

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
    async fn put_stream(&self, key: &str, mut chunks: BoxStream<'_, anyhow::Result<Bytes>>) -> anyhow::Result<()> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.context("cannot create the storage directory")?;
        }
        // Write then rename, so a crash never leaves a half-written file under the final name.
        let partial = path.with_extension("partial");
        let written: anyhow::Result<()> = async {
            let mut file = tokio::fs::File::create(&partial).await.context("cannot create the file")?;
            while let Some(chunk) = chunks.next().await {
                file.write_all(&chunk?).await.context("cannot write the file")?;
            }
            file.sync_all().await.context("cannot write the file")?;
            Ok(())
        }
        .await;
        if let Err(err) = written {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(err);
        }
        tokio::fs::rename(&partial, &path).await.context("cannot store the file")?;
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
