//! The app's settings: whose app this is (tenant, product name, identifier), where its server and
//! Firebase Auth live, and the brand built into it.
//!
//! The settings are data, not code: a branded build compiles its brand's JSON in (see
//! [`AppConfig::load`]); in development `WISP_APP_CONFIG` names a JSON file to use instead (in a
//! branded build, one for the same tenant and identifier).
//! Every value is required and checked: a missing or malformed one is an error that names the
//! field, never a silent default.

use std::path::{Path, PathBuf};

use portal_api::ReleaseChannel;
use serde::Deserialize;
use url::Url;

use crate::error::{AppError, AppResult};
use crate::ui_types::{AppInfo, BrandDefaults};

/// Environment variable naming a settings file that replaces the built-in one (development).
pub const CONFIG_FILE_ENV: &str = "WISP_APP_CONFIG";

#[derive(Debug, Clone)]
pub struct AppConfig {
    pub product_name: String,
    /// Reverse-DNS app identifier; also the keychain service, so two brands installed on one
    /// computer never read each other's entries.
    pub identifier: String,
    pub tenant_id: String,
    /// The portal API, e.g. `https://support.example.net` (no trailing path).
    pub api_base_url: Url,
    pub firebase: FirebaseWebConfig,
    pub brand: BrandDefaults,
    /// The release channel a branded build with an updater key follows; `None`: no updates.
    pub update_channel: Option<ReleaseChannel>,
    /// Where drafts, the outbox, the cache and the watcher's cursor are kept.
    pub data_dir: PathBuf,
    pub app_version: String,
}

/// Firebase's web configuration. Both base URLs are settings so the emulator and production
/// run the same code: production uses `https://identitytoolkit.googleapis.com` and
/// `https://securetoken.googleapis.com`, the emulator `http://HOST:PORT/identitytoolkit.googleapis.com`
/// and `http://HOST:PORT/securetoken.googleapis.com`.
#[derive(Debug, Clone)]
pub struct FirebaseWebConfig {
    /// The web API key: public by design (it identifies the project, it does not authorise).
    pub api_key: String,
    pub project_id: String,
    pub identity_toolkit_url: Url,
    pub secure_token_url: Url,
}

/// The JSON shape of the settings (camelCase). Fields the app does not read (build-only
/// settings of a brand kit) are ignored; every field it reads is required.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    product_name: String,
    identifier: String,
    tenant_id: String,
    api_base_url: String,
    firebase: FirebaseSettings,
    #[serde(default)]
    update_channel: Option<ReleaseChannel>,
    brand: BrandDefaults,
}

/// [`FirebaseWebConfig`] as settings files write it (camelCase, under `firebase`), before
/// [`FirebaseSettings::check`]. Shared by every app that signs in with Firebase.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FirebaseSettings {
    api_key: String,
    project_id: String,
    identity_toolkit_url: String,
    secure_token_url: String,
}

impl FirebaseSettings {
    /// Every value present and well-formed; a problem names its field (`firebase.apiKey`).
    pub fn check(self) -> AppResult<FirebaseWebConfig> {
        Ok(FirebaseWebConfig {
            api_key: required("firebase.apiKey", self.api_key)?,
            project_id: required("firebase.projectId", self.project_id)?,
            identity_toolkit_url: base_url("firebase.identityToolkitUrl", &self.identity_toolkit_url)?,
            secure_token_url: base_url("firebase.secureTokenUrl", &self.secure_token_url)?,
        })
    }
}

impl AppConfig {
    /// The settings in force. A branded build (`built_in`: its brand's JSON compiled in) uses
    /// them, or the file named by `WISP_APP_CONFIG` when it is set, which may move the server
    /// and Firebase (tests, a staging server) but never changes whose app this is: a file for
    /// another tenant or identifier is refused, so one brand's app cannot sign in to another
    /// tenant. An unbranded build needs the file.
    pub fn load(built_in: Option<&str>, data_dir: PathBuf) -> AppResult<AppConfig> {
        let file = std::env::var_os(CONFIG_FILE_ENV).map(PathBuf::from);
        match (built_in, file) {
            (Some(built_in), None) => AppConfig::from_json(built_in, data_dir),
            (Some(built_in), Some(path)) => {
                let brand = AppConfig::from_json(built_in, data_dir.clone())?;
                let mut config = AppConfig::from_file(&path, data_dir)?;
                config.keeps_owner_of(&brand, &path)?;
                // The channel is the build's, like its tenant: the file may only repeat it.
                match config.update_channel {
                    Some(channel) if brand.update_channel != Some(channel) => {
                        return Err(AppError::configuration(format!(
                            "This app is built for the update channel {:?}, but the settings file {} names {:?}.",
                            brand.update_channel.map(ReleaseChannel::as_str),
                            path.display(),
                            channel.as_str()
                        )))
                    }
                    _ => config.update_channel = brand.update_channel,
                }
                Ok(config)
            }
            (None, Some(path)) => AppConfig::from_file(&path, data_dir),
            (None, None) => Err(AppError::configuration(format!(
                "This build has no brand settings: build it with WISP_BRAND_JSON, or name a settings file in {CONFIG_FILE_ENV}."
            ))),
        }
    }

    /// Settings from `path` may replace a brand's only for the same tenant and identifier.
    fn keeps_owner_of(&self, brand: &AppConfig, path: &Path) -> AppResult<()> {
        for (field, built, file) in
            [("tenantId", &brand.tenant_id, &self.tenant_id), ("identifier", &brand.identifier, &self.identifier)]
        {
            if built != file {
                return Err(AppError::configuration(format!(
                    "This app is built for {built:?} (`{field}`), but the settings file {} names {file:?}.",
                    path.display()
                )));
            }
        }
        Ok(())
    }

    pub fn from_file(path: &Path, data_dir: PathBuf) -> AppResult<AppConfig> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            AppError::configuration(format!("The app settings file {} cannot be read: {err}.", path.display()))
        })?;
        AppConfig::from_json(&text, data_dir)
    }

    pub fn from_json(json: &str, data_dir: PathBuf) -> AppResult<AppConfig> {
        let raw: RawConfig = serde_json::from_str(json)
            .map_err(|err| AppError::configuration(format!("The app settings are not valid: {err}.")))?;
        let config = AppConfig {
            product_name: required("productName", raw.product_name)?,
            identifier: identifier(raw.identifier)?,
            tenant_id: required("tenantId", raw.tenant_id)?,
            api_base_url: base_url("apiBaseUrl", &raw.api_base_url)?,
            firebase: raw.firebase.check()?,
            brand: raw.brand,
            update_channel: raw.update_channel,
            data_dir,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        if config.data_dir.as_os_str().is_empty() {
            return Err(AppError::configuration("The app has no folder to keep its data in."));
        }
        Ok(config)
    }

    /// `app_info()`: known before any network call.
    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            product_name: self.product_name.clone(),
            version: self.app_version.clone(),
            tenant_id: self.tenant_id.clone(),
            brand: self.brand.clone(),
        }
    }

    /// The provider's name as subscribers know it, for messages ("We couldn't reach …").
    pub fn company_name(&self) -> &str {
        let company = &self.brand.branding.company;
        [company.display_name.as_str(), company.name.as_str()]
            .into_iter()
            .find(|name| !name.trim().is_empty())
            .unwrap_or(&self.product_name)
    }
}

fn required(field: &str, value: String) -> AppResult<String> {
    let value = value.trim().to_string();
    if value.is_empty() {
        return Err(AppError::configuration(format!("The app setting `{field}` is empty.")));
    }
    Ok(value)
}

fn identifier(value: String) -> AppResult<String> {
    let value = required("identifier", value)?;
    let valid = value.split('.').count() >= 2
        && value
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    if !valid {
        return Err(AppError::configuration(format!(
            "The app setting `identifier` must be a reverse-DNS name such as com.example.portal, not {value:?}."
        )));
    }
    Ok(value)
}

/// An absolute http(s) URL without query or fragment, kept without a trailing slash so paths
/// join the same way whatever was written. Plain `http` only for this computer (the emulator
/// and a local server in development). `field` names the setting in the error.
pub fn base_url(field: &str, value: &str) -> AppResult<Url> {
    let invalid = |why: &str| AppError::configuration(format!("The app setting `{field}` ({value:?}) {why}."));
    let url = Url::parse(value.trim()).map_err(|_| invalid("is not a URL"))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(invalid("must use https (plain http is only for this computer)")),
        _ => return Err(invalid("must be an https URL")),
    }
    if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
        return Err(invalid("must not have a query or fragment"));
    }
    let trimmed = url.as_str().trim_end_matches('/').to_string();
    Url::parse(&trimmed).map_err(|_| invalid("is not a URL"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub fn sample_json() -> serde_json::Value {
        json!({
            "productName": "Ridgeline Support",
            "identifier": "net.ridgeline.portal",
            "tenantId": "ridgeline",
            "apiBaseUrl": "https://support.ridgeline.example/",
            "firebase": {
                "apiKey": "demo-api-key",
                "projectId": "demo-ridgeline",
                "identityToolkitUrl": "http://127.0.0.1:9099/identitytoolkit.googleapis.com",
                "secureTokenUrl": "http://127.0.0.1:9099/securetoken.googleapis.com"
            },
            "brand": {"branding": {"company": {"displayName": "Ridgeline Wireless"}}},
            "deepLinkScheme": "ridgeline-portal"
        })
    }

    fn load(value: serde_json::Value) -> AppResult<AppConfig> {
        AppConfig::from_json(&value.to_string(), PathBuf::from("/tmp/wisp-app-test"))
    }

    #[test]
    fn a_complete_brand_loads_and_ignores_build_only_settings() {
        let config = load(sample_json()).unwrap();
        assert_eq!(config.tenant_id, "ridgeline");
        assert_eq!(config.api_base_url.as_str(), "https://support.ridgeline.example/");
        assert_eq!(config.company_name(), "Ridgeline Wireless");
        assert_eq!(config.firebase.secure_token_url.path(), "/securetoken.googleapis.com");
    }

    #[test]
    fn a_missing_or_empty_setting_is_named() {
        let mut missing = sample_json();
        missing["firebase"].as_object_mut().unwrap().remove("secureTokenUrl");
        let err = load(missing).unwrap_err();
        assert_eq!(err.code, crate::AppErrorCode::Configuration);
        assert!(err.message.contains("secureTokenUrl"), "{}", err.message);

        let mut empty = sample_json();
        empty["tenantId"] = json!("  ");
        assert!(load(empty).unwrap_err().message.contains("tenantId"));
    }

    #[test]
    fn plain_http_is_refused_except_on_this_computer() {
        let mut remote = sample_json();
        remote["apiBaseUrl"] = json!("http://support.ridgeline.example");
        assert!(load(remote).unwrap_err().message.contains("https"));

        let mut local = sample_json();
        local["apiBaseUrl"] = json!("http://127.0.0.1:8080");
        assert!(load(local).is_ok());

        let mut odd = sample_json();
        odd["identifier"] = json!("portal");
        assert!(load(odd).unwrap_err().message.contains("reverse-DNS"));
    }

    #[test]
    fn a_settings_file_cannot_change_whose_app_a_branded_build_is() {
        let dir = tempfile::tempdir().unwrap();
        let brand = sample_json().to_string();
        let write = |value: serde_json::Value| {
            let path = dir.path().join("settings.json");
            std::fs::write(&path, value.to_string()).unwrap();
            path
        };
        let data_dir = PathBuf::from("/tmp/wisp-app-test");
        let mut moved = sample_json();
        moved["apiBaseUrl"] = json!("http://127.0.0.1:8080");
        let path = write(moved);
        let config = AppConfig::from_file(&path, data_dir.clone()).unwrap();
        config.keeps_owner_of(&AppConfig::from_json(&brand, data_dir.clone()).unwrap(), &path).unwrap();

        let mut other_tenant = sample_json();
        other_tenant["tenantId"] = json!("prairie-sky");
        let path = write(other_tenant);
        let config = AppConfig::from_file(&path, data_dir.clone()).unwrap();
        let err = config.keeps_owner_of(&AppConfig::from_json(&brand, data_dir).unwrap(), &path).unwrap_err();
        assert!(err.message.contains("\"ridgeline\"") && err.message.contains("prairie-sky"), "{}", err.message);
    }
}
