//! A brand kit (`brand.json` and the logo, as under `brands/<slug>/`) written from what the
//! studio knows, so a WISP can build its branded app from the branding it published.
//!
//! The studio knows the tenant, the server and Firebase project it signs in to, and the
//! branding. A kit needs more: the app's name, identifier and invite-link scheme, and optionally
//! its update channel. Those come from the kit already in the chosen folder when there is one;
//! otherwise they are written as values marked `EDIT ME`, which `wisp-brand validate` refuses,
//! naming each field, until the WISP fills them in. Branding fields left empty are filled from
//! the existing kit the same way.

use std::path::{Path, PathBuf};

use app_core::config::FirebaseWebConfig;
use app_core::storage::write_atomically;
use app_core::{AppError, AppResult};
use brand_kit::manifest::{BrandJson, ColorsJson, CompanyJson, FirebaseJson, LogoJson, PortalJson};
use brand_kit::BRAND_FILE;
use portal_api::Branding;
use url::Url;

/// The file the logo is written to: the server stores logos as PNG.
pub const LOGO_FILE: &str = "logo.png";

/// Marks a value the WISP must fill in. Each carries a character the kit's format refuses, so
/// `wisp-brand validate` names the field until it is edited.
const PRODUCT_NAME_TO_EDIT: &str = "EDIT ME: the app's name, such as Ridgeline Support";
const IDENTIFIER_TO_EDIT: &str = "EDIT ME: a reverse-DNS identifier, such as net.ridgeline.support";
const SCHEME_TO_EDIT: &str = "EDIT ME: the invite-link scheme, such as ridgeline-portal";

/// What the studio knows about the tenant whose kit it writes.
pub struct KitSource<'a> {
    pub tenant_id: &'a str,
    pub api_base_url: &'a Url,
    pub firebase: &'a FirebaseWebConfig,
    pub branding: &'a Branding,
    /// The published logo (a PNG), when the branding has one.
    pub logo_png: Option<&'a [u8]>,
}

/// Writes the kit into `folder` (which must exist) and returns the folder. A `brand.json`
/// already there supplies what the studio does not know; one that cannot be read as a kit is
/// an error, never silently replaced.
pub fn export(folder: &Path, source: &KitSource) -> AppResult<PathBuf> {
    if !folder.is_dir() {
        return Err(AppError::validation(format!(
            "{} is not a folder. Choose a folder for the brand kit.",
            folder.display()
        )));
    }
    let brand_file = folder.join(BRAND_FILE);
    let existing = read_existing(&brand_file)?;
    let brand = kit(source, existing.as_ref());
    if let Some(png) = source.logo_png {
        write_atomically(&folder.join(LOGO_FILE), png, "the brand kit's logo")?;
    }
    let mut json = serde_json::to_string_pretty(&brand).map_err(AppError::unexpected)?;
    json.push('\n');
    write_atomically(&brand_file, json.as_bytes(), "the brand kit")?;
    Ok(folder.to_path_buf())
}

fn read_existing(brand_file: &Path) -> AppResult<Option<BrandJson>> {
    let text = match std::fs::read_to_string(brand_file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(AppError::storage("the brand kit", format!("{}: {err}", brand_file.display()))),
    };
    serde_json::from_str(&text).map(Some).map_err(|err| {
        AppError::validation(format!(
            "The {BRAND_FILE} already in this folder is not a brand kit the studio can update ({err}). Fix it, move it \
             away, or choose another folder."
        ))
    })
}

/// The kit: the studio's knowledge first, then the existing kit's, then `EDIT ME`.
fn kit(source: &KitSource, existing: Option<&BrandJson>) -> BrandJson {
    let branding = source.branding;
    let kept = |pick: fn(&BrandJson) -> &String| existing.map(|kit| pick(kit).clone());
    let known = |value: &str, pick: fn(&BrandJson) -> &String| {
        if value.trim().is_empty() {
            kept(pick).unwrap_or_default()
        } else {
            value.trim().to_string()
        }
    };
    let logo_file = match (source.logo_png, existing) {
        (Some(_), _) => LOGO_FILE.to_string(),
        (None, Some(kit)) => kit.logo.file.clone(),
        // No logo anywhere: validation says the file is missing.
        (None, None) => LOGO_FILE.to_string(),
    };
    let company = &branding.company;
    let colours = &branding.colors;
    BrandJson {
        schema: existing.and_then(|kit| kit.schema.clone()),
        product_name: kept(|kit| &kit.product_name).unwrap_or_else(|| PRODUCT_NAME_TO_EDIT.into()),
        identifier: kept(|kit| &kit.identifier).unwrap_or_else(|| IDENTIFIER_TO_EDIT.into()),
        tenant_id: source.tenant_id.to_string(),
        api_base_url: without_trailing_slash(source.api_base_url),
        firebase: FirebaseJson {
            api_key: source.firebase.api_key.clone(),
            project_id: source.firebase.project_id.clone(),
            identity_toolkit_url: without_trailing_slash(&source.firebase.identity_toolkit_url),
            secure_token_url: without_trailing_slash(&source.firebase.secure_token_url),
        },
        updater: existing.and_then(|kit| kit.updater.clone()),
        deep_link_scheme: kept(|kit| &kit.deep_link_scheme).unwrap_or_else(|| SCHEME_TO_EDIT.into()),
        logo: LogoJson { file: logo_file, alt_text: known(&branding.logo.alt_text, |kit| &kit.logo.alt_text) },
        colors: ColorsJson {
            primary: colours.primary.clone(),
            secondary: colours.secondary.clone(),
            accent: colours.accent.clone(),
            background: colours.background.clone(),
            text: colours.text.clone(),
        },
        company: CompanyJson {
            name: known(&company.name, |kit| &kit.company.name),
            display_name: known(&company.display_name, |kit| &kit.company.display_name),
            support_email: known(&company.support_email, |kit| &kit.company.support_email),
            support_phone: known(&company.support_phone, |kit| &kit.company.support_phone),
            support_hours: known(&company.support_hours, |kit| &kit.company.support_hours),
            website: known(&company.website, |kit| &kit.company.website),
        },
        portal: PortalJson {
            welcome_message: known(&branding.portal.welcome_message, |kit| &kit.portal.welcome_message),
            footer_text: known(&branding.portal.footer_text, |kit| &kit.portal.footer_text),
        },
    }
}

/// `https://portal.example.net/` as kits write it: `https://portal.example.net`.
fn without_trailing_slash(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}
