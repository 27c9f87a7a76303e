//! The app's core as the commands see it: app-core's [`PortalApp`], set up from the brand
//! settings. A settings problem does not stop the window from opening: every command answers
//! with the configuration error instead, so the window can say what is wrong.

use std::path::PathBuf;
use std::sync::Arc;

use app_core::config::AppConfig;
use app_core::{AppEvents, AppResult, PortalApp};

include!(concat!(env!("OUT_DIR"), "/built_in_brand.rs"));

pub struct Core {
    app: AppResult<Arc<PortalApp>>,
}

impl Core {
    pub fn start(data_dir: PathBuf, events: Arc<dyn AppEvents>) -> Core {
        let app =
            AppConfig::load(BUILT_IN_BRAND, data_dir).and_then(|config| PortalApp::new(config, events)).map(Arc::new);
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
