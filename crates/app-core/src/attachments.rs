//! Attachments the subscriber picked, prepared ([`crate::uploads::prepare`]) and kept on disk
//! under their account until they are sent or discarded. A ticket written offline therefore
//! keeps its photo: the outbox holds the attachment's id, and the file stays here until the
//! upload went through.
//!
//! Each attachment is two files named by a random id: `<id>.bin` (what will be sent) and
//! `<id>.json` (its name). Ids come back from the UI, so only well-formed ids are ever turned
//! into paths.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, AppErrorCode, AppResult};
use crate::storage::{remove_file, write_atomically, JsonFile};
use crate::ui_types::PreparedAttachment;
use crate::uploads;

const WHAT: &str = "the files you attached";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    name: String,
}

/// A prepared file, ready to upload.
pub struct PreparedUpload {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for PreparedUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedUpload").field("name", &self.name).field("size", &self.bytes.len()).finish()
    }
}

/// The prepared attachments of one account.
#[derive(Debug, Clone)]
pub struct PreparedFiles {
    dir: PathBuf,
}

impl PreparedFiles {
    pub fn new(dir: PathBuf) -> PreparedFiles {
        PreparedFiles { dir }
    }

    /// Checks and prepares a picked file (on a blocking thread: decoding and re-encoding a
    /// photo takes a while) and keeps it until it is sent or discarded.
    pub async fn prepare(&self, name: String, bytes: Vec<u8>) -> AppResult<PreparedAttachment> {
        let prepared = tokio::task::spawn_blocking(move || uploads::prepare(&name, &bytes))
            .await
            .map_err(AppError::unexpected)??;
        let id = Uuid::new_v4().to_string();
        write_atomically(&self.bytes_path(&id), &prepared.bytes, WHAT)?;
        self.meta(&id).write(&Meta { name: prepared.name.clone() })?;
        Ok(PreparedAttachment {
            id,
            name: prepared.name,
            kind: prepared.kind,
            size_bytes: prepared.bytes.len() as u64,
            preview_data_url: prepared.preview_data_url,
        })
    }

    /// The prepared file, or `None` when it was discarded (or the id is not one of ours).
    pub fn load(&self, id: &str) -> AppResult<Option<PreparedUpload>> {
        if !well_formed(id) {
            return Ok(None);
        }
        let Some(meta) = self.meta(id).read::<Meta>()? else { return Ok(None) };
        match std::fs::read(self.bytes_path(id)) {
            Ok(bytes) => Ok(Some(PreparedUpload { name: meta.name, bytes })),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(AppError::storage(WHAT, err)),
        }
    }

    /// Fails, naming the problem for the subscriber, unless every id is a prepared file.
    pub fn check_all(&self, ids: &[String]) -> AppResult<()> {
        for id in ids {
            if !well_formed(id) || !self.bytes_path(id).is_file() {
                return Err(AppError::new(
                    AppErrorCode::NotFound,
                    "A file you attached is no longer on this computer. Please remove it and attach it again.",
                ));
            }
        }
        Ok(())
    }

    /// Forgets a prepared file; one that is already gone is not an error.
    pub fn remove(&self, id: &str) -> AppResult<()> {
        if !well_formed(id) {
            return Ok(());
        }
        remove_file(&self.bytes_path(id), WHAT)?;
        self.meta(id).remove()
    }

    fn bytes_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.bin"))
    }

    fn meta(&self, id: &str) -> JsonFile {
        JsonFile::new(self.dir.join(format!("{id}.json")), WHAT)
    }
}

/// Ids are the UUIDs [`PreparedFiles::prepare`] made, in their usual hyphenated form; nothing
/// else becomes a path.
fn well_formed(id: &str) -> bool {
    Uuid::try_parse(id).is_ok_and(|uuid| uuid.hyphenated().to_string() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_prepared_file_is_kept_until_removed_and_odd_ids_touch_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let files = PreparedFiles::new(dir.path().join("attachments"));
        let prepared = files.prepare("notes.txt".into(), b"router blinks amber".to_vec()).await.unwrap();
        assert_eq!((prepared.name.as_str(), prepared.size_bytes), ("notes.txt", 19));
        files.check_all(std::slice::from_ref(&prepared.id)).unwrap();
        let loaded = files.load(&prepared.id).unwrap().unwrap();
        assert_eq!(loaded.bytes, b"router blinks amber");

        for odd in ["../notes", "", "not-an-id", &prepared.id.to_uppercase()] {
            assert!(files.load(odd).unwrap().is_none(), "{odd:?}");
            assert_eq!(files.check_all(&[odd.to_string()]).unwrap_err().code, AppErrorCode::NotFound);
            files.remove(odd).unwrap();
        }
        files.remove(&prepared.id).unwrap();
        assert!(files.load(&prepared.id).unwrap().is_none());
        files.remove(&prepared.id).unwrap();
    }

    #[tokio::test]
    async fn a_refused_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let files = PreparedFiles::new(dir.path().join("attachments"));
        let err = files.prepare("virus.exe".into(), b"MZ".to_vec()).await.unwrap_err();
        assert_eq!(err.code, AppErrorCode::FileRefused);
        assert!(!dir.path().join("attachments").exists());
    }
}
