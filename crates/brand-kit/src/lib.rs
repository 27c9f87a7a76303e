//! Brand kits: one folder per WISP under `brands/<slug>/` (`brand.json` and a logo), checked
//! here and turned into what a branded build needs: the Tauri configuration overlay merged over
//! the root `tauri.conf.json`, the icon set generated from the logo, and the app settings
//! compiled into the app (`WISP_BRAND_JSON`). `scripts/brand.sh` runs the build itself.

pub mod check;
pub mod error;
pub mod icons;
pub mod kit;
pub mod logo;
pub mod manifest;
pub mod overlay;
pub mod prepare;
pub mod settings;

pub use error::{KitError, Problem};
pub use kit::BrandKit;
pub use manifest::BrandJson;
pub use prepare::{prepare, Prepared};

/// The kit's settings file inside `brands/<slug>/`.
pub const BRAND_FILE: &str = "brand.json";
/// The JSON Schema of [`BRAND_FILE`], beside the kits (`brands/brand.schema.json`).
pub const SCHEMA_FILE: &str = "brand.schema.json";
