//! A brand kit as a build uses it: `brand.json` read and checked, its logo decoded.

use std::path::{Path, PathBuf};

use heck::ToKebabCase;
use portal_api::parse_hex_colour;

use crate::error::{KitError, Problem};
use crate::logo::Logo;
use crate::manifest::{BrandJson, UpdaterJson};
use crate::{check, BRAND_FILE};

#[derive(Debug, Clone)]
pub struct BrandKit {
    /// The kit's folder; its name is the brand's slug.
    pub dir: PathBuf,
    pub brand: BrandJson,
    pub logo: Logo,
}

impl BrandKit {
    /// Reads `dir/brand.json` and the logo it names. A kit with any bad value is refused with
    /// every problem listed, each under its field.
    pub fn load(dir: &Path) -> Result<BrandKit, KitError> {
        let path = dir.join(BRAND_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| KitError::Read { path: path.clone(), source })?;
        let brand = parse(&path, &text)?;
        let mut problems = check::brand(&brand);
        let logo = match logo_path(dir, &brand.logo.file) {
            Ok(logo_path) => Logo::load(&logo_path).map_err(|why| problems.push(Problem::new("logo.file", why))).ok(),
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        match logo {
            Some(logo) if problems.is_empty() => Ok(BrandKit { dir: dir.to_path_buf(), brand, logo }),
            _ => Err(KitError::Invalid { path, problems }),
        }
    }

    /// The folder's name (`brands/ridgeline` → `ridgeline`).
    /// The kit with an update channel given at build time: the demo kits' keys are made when
    /// the demo or the tests run, so they cannot be in brand.json. A kit that names another key
    /// already is refused rather than silently overridden.
    pub fn with_updater(mut self, updater: UpdaterJson) -> Result<BrandKit, KitError> {
        let path = self.dir.join(BRAND_FILE);
        let invalid =
            |why: String| KitError::Invalid { path: path.clone(), problems: vec![Problem::new("updater", why)] };
        if let Some(existing) = &self.brand.updater {
            if existing.pubkey != updater.pubkey {
                return Err(invalid("brand.json names another updater key than the one given to this build".into()));
            }
        }
        if let Err(why) = check::updater_public_key(&updater.pubkey) {
            return Err(invalid(format!("the updater key given to this build {why}")));
        }
        self.brand.updater = Some(updater);
        Ok(self)
    }

    pub fn slug(&self) -> String {
        self.dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// The installed binary's name, and the Linux package's: the product name in kebab case,
    /// as the Tauri bundler names the package ("Ridgeline Support" → `ridgeline-support`), so
    /// two brands install side by side without sharing a file.
    pub fn package_name(&self) -> String {
        self.brand.product_name.to_kebab_case()
    }

    /// The background colour (checked when the kit was loaded).
    pub fn background(&self) -> [u8; 3] {
        parse_hex_colour(&self.brand.colors.background).expect("checked by BrandKit::load")
    }
}

/// brand.json into its types; a mistake names the field (`firebase.apiKey: missing`).
fn parse(path: &Path, text: &str) -> Result<BrandJson, KitError> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let at = err.path().to_string();
        let message = err.inner().to_string();
        // serde reports a missing field at its parent; name the field itself.
        let (field, message) = match message.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')) {
            Some((name, _)) if at == "." => (name.to_string(), "is missing".to_string()),
            Some((name, _)) => (format!("{at}.{name}"), "is missing".to_string()),
            None if at == "." => ("(brand.json)".to_string(), message),
            None => (at, message),
        };
        KitError::Malformed { path: path.to_path_buf(), field, message }
    })
}

/// The logo must be a file of the kit itself: a plain name, no path.
fn logo_path(dir: &Path, file: &str) -> Result<PathBuf, Problem> {
    let plain = !file.is_empty()
        && file.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !file.starts_with('.');
    if !plain || !(file.ends_with(".svg") || file.ends_with(".png")) {
        return Err(Problem::new(
            "logo.file",
            format!("{file:?} must be the name of an .svg or .png file in the kit's folder"),
        ));
    }
    Ok(dir.join(file))
}
