//! The shape of `brand.json`. These types are the single source of the kit's format: serde
//! reads kits with them and the JSON Schema (`brands/brand.schema.json`) is generated from
//! them, so the schema an editor checks against and what the build accepts cannot drift.
//! The schema covers the shape and the simple formats; what it cannot express (contrast, a
//! logo that decodes, reserved schemes) is checked in [`crate::check`].
//!
//! Every field is required and unknown fields are refused: a typo is an error that names the
//! field, never a silently ignored setting. That is why the colours, company and portal texts
//! have their own types here instead of `portal_api::Branding`'s, which fill a missing field
//! with a default (right for stored branding, wrong for a kit).

use portal_api::ReleaseChannel;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A `#rrggbb` colour (the schema and [`crate::check`] agree on this pattern).
pub const COLOUR_PATTERN: &str = "^#[0-9a-fA-F]{6}$";

/// A WISP's brand kit: who the app belongs to, where it connects, and how it looks.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "wisp-portal brand kit (brands/<slug>/brand.json)")]
pub struct BrandJson {
    /// The schema this file follows, for editors (`../brand.schema.json`).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The app's name as subscribers see it: window title, menu entry, installer. Letters,
    /// digits, spaces, dots and hyphens; the Linux package is named after it
    /// ("Ridgeline Support" → `ridgeline-support`).
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9 .\-]{0,62}[A-Za-z0-9]$"))]
    pub product_name: String,
    /// Reverse-DNS bundle identifier, unique per WISP (`example.ridgeline.support`). It also
    /// keys the app's data folder and keychain entries, so two brands on one computer never
    /// share them.
    #[schemars(regex(pattern = r"^[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$"))]
    pub identifier: String,
    /// The tenant this app belongs to on the portal server; compiled in and sent with every
    /// request (`X-Tenant-Id`).
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9\-]{0,62}$"))]
    pub tenant_id: String,
    /// The portal API (`https://portal.ridgeline.example`). https, except on this computer.
    #[schemars(extend("format" = "uri"))]
    pub api_base_url: String,
    pub firebase: FirebaseJson,
    /// Update channel of the app. Leave it out for a build without updates (the demo kits: a
    /// key pair is made per WISP with `tauri signer generate`, and only the public key goes
    /// here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updater: Option<UpdaterJson>,
    /// The URL scheme of invite links (`ridgeline-portal://invite?...`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9+.\-]{1,39}$"))]
    pub deep_link_scheme: String,
    pub logo: LogoJson,
    pub colors: ColorsJson,
    pub company: CompanyJson,
    pub portal: PortalJson,
}

/// Firebase's web configuration of the WISP's project. The API key is public by design.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FirebaseJson {
    #[schemars(length(min = 1))]
    pub api_key: String,
    #[schemars(length(min = 1))]
    pub project_id: String,
    /// `https://identitytoolkit.googleapis.com` (or the Auth emulator on this computer).
    #[schemars(extend("format" = "uri"))]
    pub identity_toolkit_url: String,
    /// `https://securetoken.googleapis.com` (or the Auth emulator on this computer).
    #[schemars(extend("format" = "uri"))]
    pub secure_token_url: String,
}

/// tauri-plugin-updater's settings: the channel the app follows and the key its updates are
/// signed with. The app asks the portal server at `apiBaseUrl` for updates
/// (`portal_api::update_endpoint`), so there is no second address to keep in step.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdaterJson {
    /// `stable`, or `beta` for a build that gets releases before everyone else.
    #[schemars(with = "String", extend("enum" = ["stable", "beta"]))]
    pub channel: ReleaseChannel,
    /// The public key printed by `tauri signer generate` (base64). Never the private key.
    #[schemars(length(min = 1))]
    pub pubkey: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogoJson {
    /// The logo file in the kit's folder: an SVG (text converted to paths) or a PNG at least
    /// 512 pixels on its longer side. Transparent or non-square logos are centred on the
    /// background colour for the app icons.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]+\.(svg|png)$"))]
    pub file: String,
    /// What a screen reader says for the logo.
    #[schemars(length(min = 1))]
    pub alt_text: String,
}

/// The brand colours, each `#rrggbb`. Text must be readable on the background (WCAG AA, 4.5:1).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ColorsJson {
    #[schemars(regex(pattern = COLOUR_PATTERN))]
    pub primary: String,
    #[schemars(regex(pattern = COLOUR_PATTERN))]
    pub secondary: String,
    #[schemars(regex(pattern = COLOUR_PATTERN))]
    pub accent: String,
    /// Also the background of the app icons behind a transparent or non-square logo.
    #[schemars(regex(pattern = COLOUR_PATTERN))]
    pub background: String,
    #[schemars(regex(pattern = COLOUR_PATTERN))]
    pub text: String,
}

/// The WISP as a company, and how subscribers reach its support.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompanyJson {
    /// Legal name: the installers' publisher and copyright holder.
    #[schemars(length(min = 1, max = 120))]
    pub name: String,
    /// The name subscribers know.
    #[schemars(length(min = 1, max = 120))]
    pub display_name: String,
    #[schemars(email)]
    pub support_email: String,
    #[schemars(length(min = 1))]
    pub support_phone: String,
    #[schemars(length(min = 1))]
    pub support_hours: String,
    #[schemars(extend("format" = "uri"))]
    pub website: String,
}

/// Texts of the portal's screens.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PortalJson {
    /// Shown on the first screen, before sign-in.
    #[schemars(length(min = 1, max = 500))]
    pub welcome_message: String,
    #[schemars(length(min = 1, max = 200))]
    pub footer_text: String,
}

/// The JSON Schema (draft 2020-12) of `brand.json`, as committed in `brands/brand.schema.json`.
pub fn brand_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<BrandJson>();
    serde_json::to_value(schema).expect("a schema is JSON")
}
