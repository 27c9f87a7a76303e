//! The app's core as the commands see it: app-core, set up from the brand settings.
//! A settings problem does not stop the window from opening: every command answers with the
//! configuration error instead, so the window can say what is wrong.

use std::path::PathBuf;

use app_core::config::AppConfig;
use app_core::AppResult;

include!(concat!(env!("OUT_DIR"), "/built_in_brand.rs"));

pub struct Core {
    config: AppResult<AppConfig>,
}

impl Core {
    pub fn start(data_dir: PathBuf) -> Core {
        let config = AppConfig::load(BUILT_IN_BRAND, data_dir);
        if let Err(error) = &config {
            tracing::error!(%error, "the app is not configured");
        }
        Core { config }
    }

    pub fn config(&self) -> AppResult<&AppConfig> {
        self.config.as_ref().map_err(Clone::clone)
    }
}
