//! The app settings a branded build compiles in (`WISP_BRAND_JSON`, read by app-core's
//! `AppConfig`): whose app it is, where it connects, and the brand it shows before the
//! server's published branding arrives (and when it cannot be fetched).

use base64::Engine;
use portal_api::{BrandColors, BrandCompany, BrandLogo, BrandPortal, Branding, ReleaseChannel};
use serde::Serialize;

use crate::kit::BrandKit;
use crate::manifest::FirebaseJson;

/// The JSON shape app-core reads (camelCase; see `crates/app-core/src/config.rs`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppSettings {
    pub product_name: String,
    pub identifier: String,
    pub tenant_id: String,
    pub api_base_url: String,
    pub firebase: FirebaseJson,
    /// The update channel, when the kit has an updater key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_channel: Option<ReleaseChannel>,
    pub brand: BrandDefaults,
}

#[derive(Debug, Serialize)]
pub struct BrandDefaults {
    pub branding: Branding,
}

pub fn app_settings(kit: &BrandKit) -> AppSettings {
    let brand = &kit.brand;
    let logo_png = base64::engine::general_purpose::STANDARD.encode(kit.logo.screen_png());
    AppSettings {
        product_name: brand.product_name.clone(),
        identifier: brand.identifier.clone(),
        tenant_id: brand.tenant_id.clone(),
        api_base_url: brand.api_base_url.clone(),
        firebase: brand.firebase.clone(),
        update_channel: brand.updater.as_ref().map(|updater| updater.channel),
        brand: BrandDefaults {
            branding: Branding {
                // Embedded: the window's CSP shows no remote images, and the logo must show
                // before (and without) the network.
                logo: BrandLogo {
                    url: Some(format!("data:image/png;base64,{logo_png}")),
                    alt_text: brand.logo.alt_text.clone(),
                    favicon: None,
                },
                colors: BrandColors {
                    primary: brand.colors.primary.clone(),
                    secondary: brand.colors.secondary.clone(),
                    accent: brand.colors.accent.clone(),
                    background: brand.colors.background.clone(),
                    text: brand.colors.text.clone(),
                },
                company: BrandCompany {
                    name: brand.company.name.clone(),
                    display_name: brand.company.display_name.clone(),
                    support_email: brand.company.support_email.clone(),
                    support_phone: brand.company.support_phone.clone(),
                    support_hours: brand.company.support_hours.clone(),
                    website: brand.company.website.clone(),
                },
                portal: BrandPortal {
                    welcome_message: brand.portal.welcome_message.clone(),
                    footer_text: brand.portal.footer_text.clone(),
                    custom_css: String::new(),
                    custom_domain: None,
                },
            },
        },
    }
}
