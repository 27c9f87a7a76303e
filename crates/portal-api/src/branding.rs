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
