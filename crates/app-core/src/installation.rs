//! The installation id: a random UUID made once and kept in the app's data folder. The update
//! server decides staged rollouts on it, so one computer always gets the same answer; it says
//! nothing about the computer or the subscriber.

use std::path::Path;

use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::storage::write_atomically;

const FILE: &str = "installation-id";

pub fn installation_id(data_dir: &Path) -> AppResult<Uuid> {
    let path = data_dir.join(FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Uuid::parse_str(text.trim()).map_err(|_| {
            AppError::storage(
                "the app's installation id",
                format!("{} does not hold an id; delete it and the app makes a new one", path.display()),
            )
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let id = Uuid::new_v4();
            std::fs::create_dir_all(data_dir).map_err(|err| AppError::storage("the app's data folder", err))?;
            write_atomically(&path, id.to_string().as_bytes(), "the app's installation id")?;
            Ok(id)
        }
        Err(err) => Err(AppError::storage("the app's installation id", err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = installation_id(dir.path()).unwrap();
        assert_eq!(installation_id(dir.path()).unwrap(), first);
        std::fs::write(dir.path().join(FILE), "not an id").unwrap();
        assert!(installation_id(dir.path()).is_err(), "a damaged id is not silently replaced");
    }
}
