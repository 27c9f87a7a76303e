//! The app's core as the commands see it: app-core's [`PortalApp`], set up from the brand
//! settings. A settings problem does not stop the window from opening: every command answers
//! with the configuration error instead, so the window can say what is wrong.

use std::path::PathBuf;
use std::sync::Arc;

use app_core::config::{AppConfig, CONFIG_FILE_ENV};
use app_core::{AppError, AppEvents, AppResult, PortalApp};

include!(concat!(env!("OUT_DIR"), "/built_in_brand.rs"));

pub struct Core {
    app: AppResult<Arc<PortalApp>>,
}

impl Core {
    pub fn start(data_dir: PathBuf, events: Arc<dyn AppEvents>) -> Core {
        let config = match BUILT_IN_BRAND {
            Some(built_in) => AppConfig::load(built_in, data_dir),
            None if std::env::var_os(CONFIG_FILE_ENV).is_some() => AppConfig::load("", data_dir),
            None => Err(AppError::configuration(format!(
                "This build has no brand settings: build it with WISP_BRAND_JSON, or name a settings file in {CONFIG_FILE_ENV}."
            ))),
        };
        let app = config.and_then(|config| PortalApp::new(config, events)).map(Arc::new);
        match &app {
            // Restores the session and starts the watcher without waiting for the window.
            Ok(app) => {
                let app = app.clone();
                tauri::async_runtime::spawn(async move { app.start().await });
            }
            Err(error) => tracing::error!(%error, "the app is not configured"),
        }
        Core { app }
    }

    pub fn app(&self) -> AppResult<&PortalApp> {
        self.app.as_deref().map_err(Clone::clone)
    }
}
