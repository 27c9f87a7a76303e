//! Files under the app's data folder (session pointer, outbox, cache, watcher cursor, prepared
//! attachments), written atomically: a crash or power cut leaves the old file or the new one, never half of
//! one.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{AppError, AppResult};

/// One JSON file, described for messages by `what` ("your drafts").
#[derive(Debug, Clone)]
pub struct JsonFile {
    path: PathBuf,
    what: &'static str,
}

impl JsonFile {
    pub fn new(path: PathBuf, what: &'static str) -> JsonFile {
        JsonFile { path, what }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored value, `None` when the file does not exist. A file that cannot be read as `T`
    /// is an error, never silently treated as empty.
    pub fn read<T: DeserializeOwned>(&self) -> AppResult<Option<T>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|err| AppError::storage(self.what, format!("{}: {err}", self.path.display()))),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(AppError::storage(self.what, format!("{}: {err}", self.path.display()))),
        }
    }

    pub fn write<T: Serialize>(&self, value: &T) -> AppResult<()> {
        let json = serde_json::to_vec_pretty(value)
            .map_err(|err| AppError::storage(self.what, format!("{}: {err}", self.path.display())))?;
        write_atomically(&self.path, &json, self.what)
    }

    pub fn remove(&self) -> AppResult<()> {
        remove_file(&self.path, self.what)
    }
}

/// Writes to a temporary file beside the target, flushes it to disk and renames it over the
/// target. `what` describes the file for messages.
pub fn write_atomically(path: &Path, bytes: &[u8], what: &'static str) -> AppResult<()> {
    let fail = |err: &dyn std::fmt::Display| AppError::storage(what, format!("{}: {err}", path.display()));
    let dir = path.parent().ok_or_else(|| fail(&"no parent folder"))?;
    std::fs::create_dir_all(dir).map_err(|err| fail(&err))?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|err| fail(&err))?;
    file.write_all(bytes).map_err(|err| fail(&err))?;
    file.as_file().sync_all().map_err(|err| fail(&err))?;
    file.persist(path).map_err(|err| fail(&err))?;
    Ok(())
}

/// Removes a file; one that is not there is not an error.
pub fn remove_file(path: &Path, what: &'static str) -> AppResult<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(AppError::storage(what, format!("{}: {err}", path.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_missing_and_corrupt_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = JsonFile::new(dir.path().join("nested/drafts.json"), "your drafts");
        assert_eq!(file.read::<Vec<String>>().unwrap(), None);
        file.write(&vec!["router blinking".to_string()]).unwrap();
        assert_eq!(file.read::<Vec<String>>().unwrap(), Some(vec!["router blinking".to_string()]));

        std::fs::write(file.path(), b"{not json").unwrap();
        let err = file.read::<Vec<String>>().unwrap_err();
        assert_eq!(err.code, crate::AppErrorCode::Storage);
        assert!(err.message.contains("your drafts"), "{}", err.message);
        file.remove().unwrap();
        file.remove().unwrap();
    }
}
