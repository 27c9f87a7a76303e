//! Branding logos: owners and admins upload them, the server keeps only their pixels as a small
//! PNG, anyone can fetch them, and published branding can point at no other picture.

use std::io::Cursor;

use reqwest::Method;
use serde_json::json;

use crate::helpers::*;
use crate::photos::{gps_latitude, jpeg_with_gps};
use crate::world::*;

fn logo_path(tenant: &str) -> String {
    format!("/api/tenant/{tenant}/branding/logo")
}

async fn logo_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM branding_logos").fetch_one(app.db()).await.unwrap()
}

/// A PNG of the given size, transparent at the corners.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, if x == 0 && y == 0 { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    image.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// A real 1×1 PNG whose header claims `width` × `height`: a decompression bomb as far as any
/// decoder that trusts the header is concerned.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bomb = png(1, 1);
    // The signature (8 bytes), then IHDR: length (4), type (4), width (4), height (4), … and CRC.
    bomb[16..20].copy_from_slice(&width.to_be_bytes());
    bomb[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    bomb
}

/// Sets `logo` (url and favicon) on the tenant's branding as `caller`, from the live version.
async fn publish_logo(app: &TestApp, caller: &Caller, url: Option<&str>, favicon: Option<&str>) -> Reply {
    let path = format!("/api/tenant/{TENANT_A}/branding");
    let live = app.get(&path, &Caller::anonymous()).await.expect(200);
    let mut branding = live["branding"].clone();
    branding["logo"] = json!({"url": url, "altText": "Ridgeline logo", "favicon": favicon});
    app.send_json(Method::PUT, &path, caller, json!({"baseVersion": live["version"], "branding": branding})).await
}

#[tokio::test]
async fn an_uploaded_logo_is_a_small_png_without_metadata_served_to_anyone() {
    let world = World::build().await;
    let app = &world.app;
    let photo = jpeg_with_gps(1200, 600);
    assert!(gps_latitude(&photo).is_some(), "the upload carries a GPS position");

    let uploaded = app.upload(&logo_path(TENANT_A), &world.owner.caller, "logo.jpg", photo).await.expect(201);
    let url = uploaded["url"].as_str().unwrap();
    let prefix = format!("{}/api/tenant/{TENANT_A}/branding/logo/", app.base);
    assert!(url.starts_with(&prefix) && url.ends_with(".png"), "{url}");
    assert_eq!((uploaded["width"].as_u64(), uploaded["height"].as_u64()), (Some(512), Some(256)));

    // Served without a sign-in, as the app shows it before anyone signs in.
    let served = app.http.get(url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    let header = |name: &str| served.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(header("content-type").as_deref(), Some("image/png"));
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header("cache-control").as_deref(), Some("public, max-age=31536000, immutable"));
    let bytes = served.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, uploaded["bytes"].as_u64().unwrap());
    let decoded = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (512, 256));
    assert_eq!(gps_latitude(&bytes), None, "no GPS position survives");
    assert!(!bytes.windows(4).any(|w| w == b"Exif" || w == b"eXIf"), "no EXIF block at all");

    // The same logo again is the same file.
    let again = app
        .upload(&logo_path(TENANT_A), &world.admin.caller, "logo-copy.jpg", jpeg_with_gps(1200, 600))
        .await
        .expect(201);
    assert_eq!(again["url"], uploaded["url"]);
    assert_eq!(logo_rows(app).await, 1);

    // A logo smaller than the limit keeps its size, and its transparency.
    let small = app.upload(&logo_path(TENANT_A), &world.owner.caller, "small.png", png(120, 40)).await.expect(201);
    assert_eq!((small["width"].as_u64(), small["height"].as_u64()), (Some(120), Some(40)));
    let bytes = app.http.get(small["url"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
    let decoded = image::load_from_memory(&bytes).unwrap().to_rgba8();
    assert_eq!(decoded.get_pixel(0, 0).0[3], 0);

    // WebP is taken too.
    let mut webp = Vec::new();
    image::RgbImage::from_pixel(700, 700, image::Rgb([11, 93, 59]))
        .write_to(&mut Cursor::new(&mut webp), image::ImageFormat::WebP)
        .unwrap();
    let from_webp = app.upload(&logo_path(TENANT_A), &world.owner.caller, "logo.webp", webp).await.expect(201);
    assert_eq!((from_webp["width"].as_u64(), from_webp["height"].as_u64()), (Some(512), Some(512)));
}

#[tokio::test]
async fn what_is_not_a_usable_image_is_refused_and_nothing_is_kept() {
    let world = World::build_with(|config| config.limits.max_logo_bytes = 64 * 1024).await;
    let app = &world.app;
    let path = logo_path(TENANT_A);
    let owner = &world.owner.caller;

    let started = std::time::Instant::now();
    let bomb = app.upload(&path, owner, "bomb.png", png_claiming(40_000, 40_000)).await;
    assert_eq!(bomb.invalid_fields(), ["file"]);
    assert!(bomb.text.contains("too many pixels"), "{}", bomb.text);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "refused before decoding: {:?}", started.elapsed());

    let text = app.upload(&path, owner, "logo.png", b"This is not a picture at all.\n".to_vec()).await;
    assert_eq!(text.error(415), "unsupported_media_type");

    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
    let svg = app.upload(&path, owner, "logo.svg", svg.to_vec()).await;
    assert_eq!(svg.error(415), "unsupported_media_type");
    assert!(svg.text.contains("export the logo as a PNG"), "{}", svg.text);

    let mut damaged = png(64, 64);
    damaged.truncate(60);
    assert_eq!(app.upload(&path, owner, "damaged.png", damaged).await.invalid_fields(), ["file"]);

    // Over WISP_MAX_LOGO_KB (64 KB here), just over and far over.
    let mut just_over = png(8, 8);
    just_over.resize(64 * 1024 + 1, 0);
    let reply = app.upload(&path, owner, "big.png", just_over).await;
    assert_eq!(reply.error(413), "payload_too_large");
    assert!(reply.text.contains("64 KB"), "{}", reply.text);
    let mut far_over = png(8, 8);
    far_over.resize(1024 * 1024, 0);
    assert_eq!(app.upload(&path, owner, "huge.png", far_over).await.error(413), "payload_too_large");

    let empty = app.upload(&path, owner, "empty.png", Vec::new()).await;
    assert_eq!(empty.invalid_fields(), ["file"]);

    assert_eq!(logo_rows(app).await, 0);
}

#[tokio::test]
async fn only_owners_and_admins_of_the_tenant_upload_logos() {
    let world = World::build().await;
    let app = &world.app;
    let path = logo_path(TENANT_A);
    let b_owner_claiming_a = Caller { token: world.other_owner.caller.token.clone(), tenant: Some(TENANT_A.into()) };
    for (caller, status) in [
        (&Caller::anonymous(), 401),
        (&world.alice.caller, 403),
        (&world.technician.caller, 403),
        (&world.support.caller, 403),
        (&world.other_owner.caller, 403),
        (&b_owner_claiming_a, 403),
    ] {
        let reply = app.upload(&path, caller, "logo.png", png(10, 10)).await;
        assert_eq!(reply.status.as_u16(), status, "{caller:?}: {}", reply.text);
    }
    assert_eq!(logo_rows(app).await, 0);
    app.upload(&path, &world.admin.caller, "logo.png", png(10, 10)).await.expect(201);
}

#[tokio::test]
async fn a_logo_is_found_only_under_its_own_tenant_and_exact_name() {
    let world = World::build().await;
    let app = &world.app;
    let theirs = app.upload(&logo_path(TENANT_B), &world.other_owner.caller, "logo.png", png(10, 10)).await.expect(201);
    let file = theirs["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    assert_eq!(app.get(&format!("{}/{file}", logo_path(TENANT_B)), &Caller::anonymous()).await.status, 200);

    let sha256 = file.trim_end_matches(".png");
    for wrong in [
        format!("{}/{file}", logo_path(TENANT_A)),
        format!("{}/{}.png", logo_path(TENANT_B), "0".repeat(64)),
        format!("{}/{}.png", logo_path(TENANT_B), sha256.to_uppercase()),
        format!("{}/{sha256}.PNG", logo_path(TENANT_B)),
        format!("{}/{sha256}", logo_path(TENANT_B)),
        format!("{}/..%2F{file}", logo_path(TENANT_B)),
        format!("{}/{file}", logo_path("nobody")),
    ] {
        let reply = app.get(&wrong, &Caller::anonymous()).await;
        assert_eq!(reply.error(404), "not_found", "{wrong}");
    }
}

#[tokio::test]
async fn published_branding_points_only_at_logos_uploaded_for_the_tenant() {
    let world = World::build().await;
    let app = &world.app;
    let owner = &world.owner.caller;
    let ours = app.upload(&logo_path(TENANT_A), owner, "logo.png", png(10, 10)).await.expect(201);
    let ours = ours["url"].as_str().unwrap();
    let theirs = app.upload(&logo_path(TENANT_B), &world.other_owner.caller, "logo.png", png(12, 12)).await.expect(201);
    let theirs = theirs["url"].as_str().unwrap();
    let file = ours.rsplit('/').next().unwrap();

    for (url, favicon, refused) in [
        (Some(theirs), None, vec!["logo.url"]),
        (Some("https://evil.example/logo.png"), None, vec!["logo.url"]),
        (Some(&*format!("https://evil.example/api/tenant/{TENANT_A}/branding/logo/{file}")), None, vec!["logo.url"]),
        (Some(&*format!("{ours}?v=2")), None, vec!["logo.url"]),
        (Some(&*format!("{}/{}.png", logo_path(TENANT_A), "0".repeat(64))), None, vec!["logo.url"]),
        (Some(ours), Some("https://evil.example/favicon.ico"), vec!["logo.favicon"]),
    ] {
        let reply = publish_logo(app, owner, url, favicon).await;
        assert_eq!(reply.invalid_fields(), refused, "{url:?} {favicon:?}");
    }

    let published = publish_logo(app, owner, Some(ours), Some(ours)).await.expect(200);
    assert_eq!(published["branding"]["logo"]["url"], ours);
    let live = app.get(&format!("/api/tenant/{TENANT_A}/branding"), &Caller::anonymous()).await.expect(200);
    assert_eq!(live["branding"]["logo"]["favicon"], ours);
    publish_logo(app, owner, None, None).await.expect(200);
}
