//! The app's core as the commands see it: app-core, set up from the brand settings.
//! A settings problem does not stop the window from opening: every command answers with the
//! configuration error instead, so the window can say what is wrong.

use std::path::PathBuf;

use app_core::config::{AppConfig, CONFIG_FILE_ENV};
use app_core::{AppError, AppResult};

include!(concat!(env!("OUT_DIR"), "/built_in_brand.rs"));

pub struct Core {
    config: AppResult<AppConfig>,
}

impl Core {
    pub fn start(data_dir: PathBuf) -> Core {
        let config = match BUILT_IN_BRAND {
            Some(built_in) => AppConfig::load(built_in, data_dir),
            None if std::env::var_os(CONFIG_FILE_ENV).is_some() => AppConfig::load("", data_dir),
            None => Err(AppError::configuration(format!(
                "This build has no brand settings: build it with WISP_BRAND_JSON, or name a settings file in {CONFIG_FILE_ENV}."
            ))),
        };
        if let Err(error) = &config {
            tracing::error!(%error, "the app is not configured");
        }
        Core { config }
    }

    pub fn config(&self) -> AppResult<&AppConfig> {
        self.config.as_ref().map_err(Clone::clone)
    }
}
