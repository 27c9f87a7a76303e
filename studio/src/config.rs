//! The studio's settings: where the portal server's API is and the Firebase project its staff
//! sign in with. No tenant: the studio serves every tenant the signed-in staff member belongs
//! to. Read from a JSON file (`studio/STUDIO.md`), every value required and checked; a missing
//! or malformed one is an error that names it, never a default.

use std::path::{Path, PathBuf};

use app_core::config::{base_url, FirebaseSettings, FirebaseWebConfig};
use app_core::{AppError, AppResult};
use serde::Deserialize;
use url::Url;

/// Environment variable naming the settings file, in place of the one in the studio's
/// configuration folder (tests, the demo, a staging server).
pub const CONFIG_FILE_ENV: &str = "WISP_STUDIO_CONFIG";
/// The settings file's name in the studio's configuration folder.
pub const CONFIG_FILE_NAME: &str = "studio.json";

#[derive(Debug, Clone)]
pub struct StudioConfig {
    /// The portal API, e.g. `https://portal.example.net`.
    pub api_base_url: Url,
    pub firebase: FirebaseWebConfig,
    /// The keychain service the refresh token is kept under: the studio's identifier, never the
    /// subscriber app's.
    pub keychain_service: String,
    /// Where the pointer to the keychain entry is kept (nothing secret).
    pub data_dir: PathBuf,
}

/// The JSON shape of the settings (camelCase). Unknown fields are refused: a misspelt setting
/// is an error, not ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawConfig {
    api_base_url: String,
    firebase: FirebaseSettings,
}

impl StudioConfig {
    /// The settings in force: the file `WISP_STUDIO_CONFIG` names when it is set, else
    /// `studio.json` in `config_dir` (the studio's configuration folder).
    pub fn load(config_dir: &Path, keychain_service: &str, data_dir: PathBuf) -> AppResult<StudioConfig> {
        let path = match std::env::var_os(CONFIG_FILE_ENV) {
            Some(path) => PathBuf::from(path),
            None => config_dir.join(CONFIG_FILE_NAME),
        };
        StudioConfig::from_file(&path, keychain_service, data_dir)
    }

    pub fn from_file(path: &Path, keychain_service: &str, data_dir: PathBuf) -> AppResult<StudioConfig> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(AppError::configuration(format!(
                    "The studio has no settings: put them in {} (or name a settings file in {CONFIG_FILE_ENV}). \
                     See STUDIO.md for what they hold.",
                    path.display()
                )))
            }
            Err(err) => {
                return Err(AppError::configuration(format!(
                    "The studio settings file {} cannot be read: {err}.",
                    path.display()
                )))
            }
        };
        StudioConfig::from_json(&text, keychain_service, data_dir)
    }

    pub fn from_json(json: &str, keychain_service: &str, data_dir: PathBuf) -> AppResult<StudioConfig> {
        let raw: RawConfig = serde_json::from_str(json)
            .map_err(|err| AppError::configuration(format!("The studio settings are not valid: {err}.")))?;
        if keychain_service.trim().is_empty() || data_dir.as_os_str().is_empty() {
            return Err(AppError::configuration("The studio has no identifier or no folder to keep its data in."));
        }
        Ok(StudioConfig {
            api_base_url: base_url("apiBaseUrl", &raw.api_base_url)?,
            firebase: raw.firebase.check()?,
            keychain_service: keychain_service.to_string(),
            data_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sample() -> serde_json::Value {
        json!({
            "apiBaseUrl": "https://portal.example.net",
            "firebase": {
                "apiKey": "demo-api-key",
                "projectId": "demo-wisp",
                "identityToolkitUrl": "https://identitytoolkit.googleapis.com",
                "secureTokenUrl": "https://securetoken.googleapis.com"
            }
        })
    }

    fn load(value: serde_json::Value) -> AppResult<StudioConfig> {
        StudioConfig::from_json(&value.to_string(), "net.example.wisp-studio", PathBuf::from("/tmp/wisp-studio-test"))
    }

    #[test]
    fn complete_settings_load() {
        let config = load(sample()).unwrap();
        assert_eq!(config.api_base_url.host_str(), Some("portal.example.net"));
        assert_eq!(config.firebase.project_id, "demo-wisp");
        assert_eq!(config.keychain_service, "net.example.wisp-studio");
    }

    #[test]
    fn a_missing_misspelt_or_unsafe_setting_is_named() {
        let mut missing = sample();
        missing["firebase"].as_object_mut().unwrap().remove("apiKey");
        let err = load(missing).unwrap_err();
        assert_eq!(err.code, app_core::AppErrorCode::Configuration);
        assert!(err.message.contains("apiKey"), "{}", err.message);

        let mut misspelt = sample();
        misspelt["apiBaseURL"] = json!("https://portal.example.net");
        assert!(load(misspelt).unwrap_err().message.contains("apiBaseURL"));

        // A studio has no tenant: a settings file that names one was written for something else.
        let mut tenant = sample();
        tenant["tenantId"] = json!("ridgeline");
        assert!(load(tenant).unwrap_err().message.contains("tenantId"));

        let mut plain_http = sample();
        plain_http["apiBaseUrl"] = json!("http://portal.example.net");
        assert!(load(plain_http).unwrap_err().message.contains("https"));
    }

    #[test]
    fn no_settings_file_is_a_configuration_error_that_says_where_to_put_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE_NAME);
        let err = StudioConfig::from_file(&path, "net.example.wisp-studio", dir.path().into()).unwrap_err();
        assert_eq!(err.code, app_core::AppErrorCode::Configuration);
        assert!(err.message.contains(&path.display().to_string()), "{}", err.message);
        assert!(err.message.contains(CONFIG_FILE_ENV), "{}", err.message);
    }
}
