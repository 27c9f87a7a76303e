//! Files attached to the subscriber's tickets, fetched when they are looked at: photos shown in
//! the thread, any file saved to the Downloads folder. Fetched files are kept per account by
//! their SHA-256, which the server computed at upload and which every download is checked
//! against, so a damaged or substituted file is never shown or saved.

use std::path::{Path, PathBuf};

use portal_api::AttachmentInfo;
use portal_client::PortalClient;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::storage::write_atomically;

/// Long edge of a photo as the thread and its viewer show it.
pub const PHOTO_VIEW_EDGE: u32 = 1600;

#[derive(Clone)]
pub struct Downloads {
    dir: PathBuf,
    company: String,
}

impl Downloads {
    pub fn new(dir: PathBuf, company: impl Into<String>) -> Downloads {
        Downloads { dir, company: company.into() }
    }

    /// The file's bytes, from this computer when fetched before, else from the server.
    pub async fn fetch(&self, api: &PortalClient, file: &AttachmentInfo) -> AppResult<Vec<u8>> {
        let expected = file.sha256.to_ascii_lowercase();
        if expected.len() != 64 || !expected.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::unexpected(format!("the server gave “{}” an unusable checksum", file.file_name)));
        }
        let kept = self.dir.join(&expected);
        if let Ok(bytes) = std::fs::read(&kept) {
            if sha256_hex(&bytes) == expected {
                return Ok(bytes);
            }
        }
        let download =
            api.download_attachment(&file.id).await.map_err(|err| AppError::from_client(&err, &self.company))?;
        let bytes = download.bytes.to_vec();
        if sha256_hex(&bytes) != expected {
            return Err(AppError::file_refused(format!(
                "“{}” arrived damaged, so it is not shown. Try again in a moment.",
                file.file_name
            )));
        }
        std::fs::create_dir_all(&self.dir).map_err(|err| AppError::storage("downloaded files", err))?;
        write_atomically(&kept, &bytes, "downloaded files")?;
        Ok(bytes)
    }

    /// Forgets every fetched file (sign-out).
    pub fn clear(&self) -> AppResult<()> {
        match std::fs::remove_dir_all(&self.dir) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(AppError::storage("downloaded files", err)),
            _ => Ok(()),
        }
    }
}

/// Writes `bytes` into `folder` under the file's own name, never over an existing file:
/// "photo.jpg", then "photo (1).jpg", "photo (2).jpg"…
pub fn save_copy(folder: &Path, file_name: &str, bytes: &[u8]) -> AppResult<PathBuf> {
    // The server already cleaned the name; only its last part is used all the same.
    let name = Path::new(file_name).file_name().and_then(|n| n.to_str()).filter(|n| !n.trim().is_empty());
    let name = name.unwrap_or("attachment");
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (name, String::new()),
    };
    std::fs::create_dir_all(folder).map_err(|err| AppError::storage("your Downloads folder", err))?;
    for copy in 0..1000 {
        let candidate = match copy {
            0 => folder.join(name),
            n => folder.join(format!("{stem} ({n}){extension}")),
        };
        // `create_new` makes taking the name and writing the file one step: two saves at once
        // never write into the same file.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(mut out) => {
                use std::io::Write as _;
                return match out.write_all(bytes).and_then(|_| out.sync_all()) {
                    Ok(()) => Ok(candidate),
                    Err(err) => {
                        let _ = std::fs::remove_file(&candidate);
                        Err(AppError::storage("your Downloads folder", err))
                    }
                };
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(AppError::storage("your Downloads folder", err)),
        }
    }
    Err(AppError::storage(
        "your Downloads folder",
        std::io::Error::other(format!("it already holds a thousand copies of “{name}”")),
    ))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_copy_never_replaces_a_file_already_there() {
        let folder = tempfile::tempdir().unwrap();
        let first = save_copy(folder.path(), "router.jpg", b"one").unwrap();
        let second = save_copy(folder.path(), "router.jpg", b"two").unwrap();
        let unnamed = save_copy(folder.path(), "../", b"three").unwrap();
        assert_eq!(first.file_name().unwrap(), "router.jpg");
        assert_eq!(second.file_name().unwrap(), "router (1).jpg");
        assert_eq!(unnamed.file_name().unwrap(), "attachment");
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
    }

    #[test]
    fn a_name_with_folders_is_saved_in_the_folder_given() {
        let folder = tempfile::tempdir().unwrap();
        let saved = save_copy(folder.path(), "../../etc/notes.txt", b"x").unwrap();
        assert_eq!(saved, folder.path().join("notes.txt"));
    }
}
