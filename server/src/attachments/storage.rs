//! Where attachment bytes live. Local disk by default; the trait is the seam for object storage.

use std::path::PathBuf;

use anyhow::Context;
use async_trait::async_trait;

#[async_trait]
pub trait BlobStore: Send + Sync {
    async fn put(&self, key: &str, bytes: &[u8]) -> anyhow::Result<()>;
    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>>;
    async fn delete(&self, key: &str) -> anyhow::Result<()>;
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
    async fn put(&self, key: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.context("cannot create the attachment directory")?;
        }
        // Write then rename, so a crash never leaves a half-written file under the final name.
        let partial = path.with_extension("partial");
        tokio::fs::write(&partial, bytes).await.context("cannot write the attachment")?;
        tokio::fs::rename(&partial, &path).await.context("cannot store the attachment")?;
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
