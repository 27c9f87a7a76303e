//! `prepare`: the icon set (every size, decodable), padding of transparent or non-square logos,
//! the Tauri overlay, and app settings that the app itself loads.

mod common;

use std::path::Path;

use brand_kit::icons::{BUNDLE_ICONS, ICNS_FILE, ICNS_TYPES, ICO_FILE, ICO_SIZES, PNG_ICONS};
use brand_kit::logo::{Logo, ICON_MASTER_SIDE};
use brand_kit::{prepare, BrandKit};
use common::{base_config, demo_kit, edited_kit, test_updater_pubkey};
use image::{Rgba, RgbaImage};
use serde_json::{json, Value};

fn prepared(slug: &str) -> (tempfile::TempDir, BrandKit, brand_kit::Prepared) {
    let kit = BrandKit::load(&demo_kit(slug)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let prepared = prepare(&kit, &base_config(), out.path()).unwrap();
    (out, kit, prepared)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_icon_set_has_every_size_and_decodes() {
    // One kit with an SVG logo, one with a PNG logo.
    for slug in ["ridgeline", "prairie-sky"] {
        let (_out, _kit, prepared) = prepared(slug);
        for (name, side) in PNG_ICONS {
            let image = image::open(prepared.icons.join(name)).unwrap_or_else(|err| panic!("{slug} {name}: {err}"));
            assert_eq!((image.width(), image.height()), (*side, *side), "{slug} {name}");
        }

        let ico = ico::IconDir::read(std::fs::File::open(prepared.icons.join(ICO_FILE)).unwrap()).unwrap();
        let mut sides = Vec::new();
        for entry in ico.entries() {
            let image = entry.decode().unwrap();
            assert_eq!(image.width(), image.height());
            sides.push(image.width());
        }
        assert_eq!(sides, ICO_SIZES, "{slug} {ICO_FILE}");

        let icns = icns::IconFamily::read(std::fs::File::open(prepared.icons.join(ICNS_FILE)).unwrap()).unwrap();
        assert_eq!(icns.available_icons(), ICNS_TYPES, "{slug} {ICNS_FILE}");
        for icon_type in ICNS_TYPES {
            let image = icns.get_icon_with_type(*icon_type).unwrap();
            assert_eq!((image.width(), image.height()), (icon_type.pixel_width(), icon_type.pixel_width()));
        }
        for name in BUNDLE_ICONS {
            assert!(prepared.icons.join(name).is_file(), "{slug}: bundle icon {name} missing");
        }
    }
}

fn logo(image: RgbaImage) -> Logo {
    Logo::from_png(&brand_kit::logo::encode_png(&image)).unwrap()
}

const BACKGROUND: [u8; 3] = [0xff, 0xfb, 0xeb];
const RED: Rgba<u8> = Rgba([200, 0, 0, 255]);

#[test]
fn a_non_square_logo_is_centred_on_the_background() {
    let master = logo(RgbaImage::from_pixel(1000, 500, RED)).icon_master(BACKGROUND);
    assert_eq!(master.dimensions(), (ICON_MASTER_SIDE, ICON_MASTER_SIDE));
    let side = ICON_MASTER_SIDE;
    let background = Rgba([BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 255]);
    for (x, y) in [(5, 5), (side - 5, side - 5), (side / 2, 150), (side / 2, side - 150), (50, side / 2)] {
        assert_eq!(*master.get_pixel(x, y), background, "({x}, {y}) is padding");
    }
    for (x, y) in [(side / 2, side / 2), (side / 10 + 20, side / 2), (side / 2, side / 2 - 180)] {
        assert_eq!(*master.get_pixel(x, y), RED, "({x}, {y}) is logo");
    }
}

#[test]
fn a_transparent_logo_is_put_on_the_background_and_an_opaque_square_one_fills_the_icon() {
    let mut transparent = RgbaImage::from_pixel(600, 600, Rgba([0, 0, 0, 0]));
    for (x, y, pixel) in transparent.enumerate_pixels_mut() {
        if (200..400).contains(&x) && (200..400).contains(&y) {
            *pixel = RED;
        }
    }
    let master = logo(transparent).icon_master(BACKGROUND);
    assert!(master.pixels().all(|p| p[3] == 255), "every icon pixel is opaque");
    assert_eq!(*master.get_pixel(10, 10), Rgba([BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 255]));
    assert_eq!(*master.get_pixel(512, 512), RED);

    let master = logo(RgbaImage::from_pixel(600, 600, RED)).icon_master(BACKGROUND);
    assert_eq!(*master.get_pixel(1, 1), RED, "an opaque square logo is not padded");
}

#[test]
fn the_overlay_brands_the_app() {
    let (_out, kit, prepared) = prepared("ridgeline");
    let overlay = read_json(&prepared.overlay);
    assert_eq!(overlay["productName"], "Ridgeline Support");
    assert_eq!(overlay["identifier"], "example.ridgeline.support");
    assert_eq!(overlay["mainBinaryName"], "ridgeline-support");
    assert_eq!(prepared.package_name, "ridgeline-support");
    assert_eq!(overlay["plugins"]["deep-link"]["desktop"]["schemes"], json!(["ridgeline-portal"]));
    assert!(overlay["plugins"].get("updater").is_none(), "no update channel without one in the kit");
    assert_eq!(overlay["bundle"]["createUpdaterArtifacts"], false);
    assert_eq!(overlay["bundle"]["publisher"], "Ridgeline Wireless LLC");

    // Merge Patch replaces arrays: the whole window list comes along, retitled.
    let base = read_json(&base_config());
    let mut expected_windows = base["app"]["windows"].clone();
    expected_windows[0]["title"] = json!("Ridgeline Support");
    assert_eq!(overlay["app"]["windows"], expected_windows);
    let ui = Path::new(overlay["build"]["frontendDist"].as_str().unwrap());
    assert!(ui.is_absolute() && ui.ends_with("ui/dist"), "{ui:?}");

    let icons: Vec<&str> = overlay["bundle"]["icon"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(icons.len(), BUNDLE_ICONS.len());
    for icon in icons {
        assert!(Path::new(icon).is_absolute() && Path::new(icon).is_file(), "{icon}");
    }
    assert!(overlay["bundle"]["macOS"]["minimumSystemVersion"].is_string());
    let upgrade_code = overlay["bundle"]["windows"]["wix"]["upgradeCode"].as_str().unwrap();
    assert_ne!(upgrade_code, read_json(&prairie_overlay())["bundle"]["windows"]["wix"]["upgradeCode"]);
    assert_eq!(kit.slug(), "ridgeline");
}

fn prairie_overlay() -> std::path::PathBuf {
    let (out, _kit, prepared) = prepared("prairie-sky");
    let path = std::env::temp_dir().join(format!("prairie-overlay-{}.json", std::process::id()));
    std::fs::copy(&prepared.overlay, &path).unwrap();
    drop(out);
    path
}

#[test]
fn a_kit_with_an_update_channel_gets_the_updater_plugin() {
    let (_temp, dir) =
        edited_kit("ridgeline", |json| json["updater"] = json!({ "channel": "beta", "pubkey": test_updater_pubkey() }));
    let kit = BrandKit::load(&dir).unwrap();
    let out = tempfile::tempdir().unwrap();
    let prepared = prepare(&kit, &base_config(), out.path()).unwrap();
    let overlay = read_json(&prepared.overlay);
    let endpoint =
        "https://portal.ridgeline.example/api/tenant/ridgeline/app/update/{{target}}/{{arch}}/{{current_version}}?channel=beta";
    assert_eq!(
        overlay["plugins"]["updater"],
        json!({ "endpoints": [endpoint], "pubkey": test_updater_pubkey(), "requireSignedVersion": true })
    );
    assert_eq!(overlay["bundle"]["createUpdaterArtifacts"], true);
    let settings = std::fs::read_to_string(&prepared.app_settings).unwrap();
    let config = app_core::config::AppConfig::from_json(&settings, "/tmp/brand-kit-test".into()).unwrap();
    assert_eq!(config.update_channel, Some(portal_api::ReleaseChannel::Beta));
}

#[test]
fn the_app_loads_the_prepared_settings() {
    for (slug, tenant, primary) in [("ridgeline", "ridgeline", "#1f5f3f"), ("prairie-sky", "prairie-sky", "#1d4ed8")] {
        let (_out, kit, prepared) = prepared(slug);
        let text = std::fs::read_to_string(&prepared.app_settings).unwrap();
        let config = app_core::config::AppConfig::from_json(&text, "/tmp/brand-kit-test".into())
            .unwrap_or_else(|err| panic!("{slug}: {err:?}"));
        assert_eq!(config.tenant_id, tenant);
        assert_eq!(config.identifier, kit.brand.identifier);
        assert_eq!(config.product_name, kit.brand.product_name);
        let branding = &config.brand.branding;
        assert_eq!(branding.colors.primary, primary);
        assert_eq!(branding.portal.welcome_message, kit.brand.portal.welcome_message);
        let logo = branding.logo.url.as_deref().unwrap();
        assert!(logo.starts_with("data:image/png;base64,"), "{slug}: the logo is embedded");
    }
}
