//! The studio core as the commands see it, set up from the studio's settings. A settings
//! problem does not stop the window from opening: every command answers with the configuration
//! error instead, so the window can say what is wrong.

use std::path::{Path, PathBuf};

use app_core::AppResult;

use crate::config::StudioConfig;
use crate::studio::Studio;

pub struct Core {
    studio: AppResult<Studio>,
}

impl Core {
    /// `identifier` is the studio's own (its keychain service); `config_dir` holds `studio.json`.
    pub fn start(identifier: &str, config_dir: &Path, data_dir: PathBuf) -> Core {
        let studio = StudioConfig::load(config_dir, identifier, data_dir).and_then(Studio::new);
        if let Err(error) = &studio {
            tracing::error!(%error, "the studio is not configured");
        }
        Core { studio }
    }

    pub fn studio(&self) -> AppResult<&Studio> {
        self.studio.as_ref().map_err(Clone::clone)
    }
}
