//! Small JSON files under the app's data folder (session pointer, outbox, cache, watcher cursor),
//! written atomically: a crash or power cut leaves the old file or the new one, never half of
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

    /// Writes to a temporary file beside the target, flushes it to disk and renames it over the
    /// target.
    pub fn write<T: Serialize>(&self, value: &T) -> AppResult<()> {
        let fail =
            |err: &dyn std::fmt::Display| AppError::storage(self.what, format!("{}: {err}", self.path.display()));
        let dir = self.path.parent().ok_or_else(|| fail(&"no parent folder"))?;
        std::fs::create_dir_all(dir).map_err(|err| fail(&err))?;
        let json = serde_json::to_vec_pretty(value).map_err(|err| fail(&err))?;
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|err| fail(&err))?;
        file.write_all(&json).map_err(|err| fail(&err))?;
        file.as_file().sync_all().map_err(|err| fail(&err))?;
        file.persist(&self.path).map_err(|err| fail(&err))?;
        Ok(())
    }

    pub fn remove(&self) -> AppResult<()> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(AppError::storage(self.what, format!("{}: {err}", self.path.display()))),
        }
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
