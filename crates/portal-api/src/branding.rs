//! A tenant's published branding (DESIGN §4). Public: it contains nothing secret.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase", default)]
pub struct Branding {
    pub logo: BrandLogo,
    pub colors: BrandColors,
    pub company: BrandCompany,
    pub portal: BrandPortal,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase", default)]
pub struct BrandLogo {
    pub url: Option<String>,
    pub alt_text: String,
    pub favicon: Option<String>,
}

/// Colours as `#rrggbb`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase", default)]
pub struct BrandColors {
    pub primary: String,
    pub secondary: String,
    pub accent: String,
    pub background: String,
    pub text: String,
}

impl Default for BrandColors {
    fn default() -> Self {
        BrandColors {
            primary: "#1d4ed8".into(),
            secondary: "#475569".into(),
            accent: "#0f766e".into(),
            background: "#ffffff".into(),
            text: "#0f172a".into(),
        }
    }
}

/// The contrast WCAG 2 level AA asks of normal text against its background.
pub const WCAG_AA_TEXT_CONTRAST: f64 = 4.5;

/// The red, green and blue channels of a `#rrggbb` colour; `None` for anything else.
pub fn parse_hex_colour(value: &str) -> Option<[u8; 3]> {
    let hex = value.strip_prefix('#').filter(|hex| hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))?;
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// WCAG 2 contrast ratio between two `#rrggbb` colours; `None` when either is not one.
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (relative_luminance(parse_hex_colour(a)?), relative_luminance(parse_hex_colour(b)?));
    Some((la.max(lb) + 0.05) / (la.min(lb) + 0.05))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase", default)]
pub struct BrandCompany {
    pub name: String,
    pub display_name: String,
    pub support_email: String,
    pub support_phone: String,
    pub support_hours: String,
    pub website: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase", default)]
pub struct BrandPortal {
    pub welcome_message: String,
    pub footer_text: String,
    pub custom_css: String,
    pub custom_domain: Option<String>,
}

/// `GET /api/tenant/:tenantId/branding`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PublishedBranding {
    pub tenant_id: String,
    pub version: i64,
    pub branding: Branding,
}

/// `PUT /api/tenant/:tenantId/branding`: `baseVersion` is the version the edit started from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct PublishBranding {
    pub base_version: i64,
    pub branding: Branding,
}

/// One published version, as `GET /api/tenant/:tenantId/branding/versions` lists them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct BrandingVersion {
    pub version: i64,
    pub branding: Branding,
    /// Staff member id; absent for the version the tenant was created with.
    pub published_by: Option<String>,
    pub published_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/tenant/:tenantId/branding/revert`: publish an earlier version again.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct RevertBranding {
    /// The version to bring back.
    pub version: i64,
    /// The live version the staff member saw, as for publishing.
    pub base_version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rrggbb_is_a_colour() {
        assert_eq!(parse_hex_colour("#1f5F3f"), Some([0x1f, 0x5f, 0x3f]));
        for bad in ["#12345", "1f5f3f", "#1f5f3g", "#1f5f3f0", "", "#é12345"] {
            assert_eq!(parse_hex_colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast_ratio("#000000", "#ffffff").unwrap() - 21.0).abs() < 0.01);
        assert!(contrast_ratio("#777777", "#ffffff").unwrap() < WCAG_AA_TEXT_CONTRAST);
        assert!(contrast_ratio("#595959", "#ffffff").unwrap() >= WCAG_AA_TEXT_CONTRAST);
        assert_eq!(contrast_ratio("#595959", "white"), None);
    }
}

/// Custom CSS after sanitising: what is kept, and each part that was removed with the reason,
/// so the staff preview can show them. The server refuses CSS that sanitising would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct SanitizedCss {
    pub css: String,
    pub removed: Vec<CssRemoval>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct CssRemoval {
    /// The removed text, shortened to a line.
    pub excerpt: String,
    /// Why, in words staff understand.
    pub reason: String,
}

/// `POST /api/tenant/:tenantId/branding/logo`: the logo as the server re-encoded and stored it.
/// `url` is what `logo.url` of a published branding may point at.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct UploadedLogo {
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// Size of the stored PNG.
    pub bytes: u32,
}
