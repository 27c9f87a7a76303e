//! Kit validation: every bad value is refused under its field, with why.

mod common;

use brand_kit::check::readable_text_colour;
use brand_kit::BrandKit;
use common::{demo_kit, problems_after, test_updater_pubkey};
use portal_api::contrast_ratio;
use serde_json::{json, Value};

#[test]
fn the_demo_kits_are_valid() {
    for slug in ["ridgeline", "prairie-sky"] {
        let kit = BrandKit::load(&demo_kit(slug)).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(kit.slug(), slug);
    }
}

/// (JSON pointer, bad value, field named, words of the reason)
fn bad_values() -> Vec<(&'static str, Value, &'static str, &'static str)> {
    vec![
        ("/colors/primary", json!("#12345"), "colors.primary", "\"#12345\" is not a #rrggbb colour"),
        ("/colors/background", json!("white"), "colors.background", "is not a #rrggbb colour"),
        ("/colors/text", json!("#aaaaaa"), "colors.text", "WCAG AA needs 4.5:1 (try \"#"),
        ("/identifier", json!("ridgeline"), "identifier", "reverse-DNS"),
        ("/identifier", json!("example.ridgeline_support"), "identifier", "reverse-DNS"),
        ("/identifier", json!("example.ridgeline.app"), "identifier", "must not end in .app"),
        ("/productName", json!("Ridgeline/Support"), "productName", "letters, digits, spaces"),
        ("/tenantId", json!("Ridgeline"), "tenantId", "is not a tenant id"),
        ("/apiBaseUrl", json!("http://portal.ridgeline.example"), "apiBaseUrl", "must use https"),
        ("/apiBaseUrl", json!("portal.ridgeline.example"), "apiBaseUrl", "is not an absolute URL"),
        ("/apiBaseUrl", json!("https://portal.ridgeline.example/?tenant=x"), "apiBaseUrl", "query"),
        ("/firebase/secureTokenUrl", json!("ftp://securetoken.example"), "firebase.secureTokenUrl", "https"),
        ("/firebase/apiKey", json!("  "), "firebase.apiKey", "is empty"),
        ("/deepLinkScheme", json!("https"), "deepLinkScheme", "is reserved"),
        ("/deepLinkScheme", json!("wisp-portal"), "deepLinkScheme", "is reserved"),
        ("/deepLinkScheme", json!("Ridge Line"), "deepLinkScheme", "is not a URL scheme"),
        ("/company/supportEmail", json!("support"), "company.supportEmail", "is not an e-mail address"),
        ("/company/supportPhone", json!("call us"), "company.supportPhone", "has no digits"),
        ("/company/website", json!("http://ridgeline.example"), "company.website", "must be an https URL"),
        ("/portal/welcomeMessage", json!(""), "portal.welcomeMessage", "is empty"),
        ("/logo/altText", json!(""), "logo.altText", "is empty"),
        ("/logo/file", json!("../ridgeline/logo.svg"), "logo.file", "in the kit's folder"),
        ("/logo/file", json!("missing.svg"), "logo.file", "cannot be read"),
        (
            "/updater",
            json!({ "channel": "stable", "pubkey": "c2VjcmV0" }),
            "updater.pubkey",
            "is not a minisign public key",
        ),
        ("/updater", json!({ "channel": "nightly", "pubkey": test_updater_pubkey() }), "updater.channel", "nightly"),
    ]
}

#[test]
fn each_bad_value_is_named_with_why() {
    for (pointer, value, field, why) in bad_values() {
        let problems = problems_after(|json| {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            json.pointer_mut(if parent.is_empty() { "" } else { parent }).unwrap()[key] = value.clone();
        });
        assert!(
            problems.iter().any(|p| p.field == field && p.why.contains(why)),
            "{pointer} = {value}: expected `{field}: …{why}…`, got {problems:?}"
        );
        assert_eq!(problems.len(), 1, "{pointer} = {value}: only that field is wrong, got {problems:?}");
    }
}

#[test]
fn every_problem_is_listed_at_once() {
    let problems = problems_after(|json| {
        json["colors"]["accent"] = json!("orange");
        json["tenantId"] = json!("Ridge Line");
    });
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["tenantId", "colors.accent"]);

    let problems = problems_after(|json| {
        json["colors"]["primary"] = json!("#12345");
        json["colors"]["text"] = json!("#aaaaaa");
    });
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            r##"colors.primary: "#12345" is not a #rrggbb colour"##,
            r##"colors.text: "#aaaaaa" on the background "#ffffff" has a contrast of 2.32:1; WCAG AA needs 4.5:1 (try "#757575")"##
        ]
    );
}

#[test]
fn a_missing_unknown_or_mistyped_field_is_named() {
    let missing = problems_after(|json| {
        json["firebase"].as_object_mut().unwrap().remove("apiKey");
    });
    assert_eq!(missing[0].to_string(), "firebase.apiKey: is missing");

    let top_level = problems_after(|json| {
        json.as_object_mut().unwrap().remove("tenantId");
    });
    assert_eq!(top_level[0].to_string(), "tenantId: is missing");

    let unknown = problems_after(|json| json["colors"]["primry"] = json!("#1f5f3f"));
    assert!(unknown[0].field.starts_with("colors") && unknown[0].why.contains("unknown field `primry`"), "{unknown:?}");

    let mistyped = problems_after(|json| json["colors"]["primary"] = json!(12));
    assert_eq!(mistyped[0].field, "colors.primary");
    assert!(mistyped[0].why.contains("expected a string"), "{mistyped:?}");
}

#[test]
fn an_updater_with_a_public_key_is_accepted_and_a_private_key_refused() {
    assert!(problems_after(|json| json["updater"] = json!({ "channel": "stable", "pubkey": test_updater_pubkey() }))
        .is_empty());

    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let private = b64.encode("untrusted comment: rsign encrypted secret key\nRWRTY0Iy...\n");
    let problems = problems_after(|json| json["updater"] = json!({ "channel": "stable", "pubkey": private }));
    assert_eq!(problems[0].field, "updater.pubkey");
    assert!(problems[0].why.contains("is a private key"), "{problems:?}");
}

#[test]
fn plain_http_is_allowed_only_on_this_computer() {
    assert!(problems_after(|json| {
        json["apiBaseUrl"] = json!("http://127.0.0.1:8080");
        json["firebase"]["identityToolkitUrl"] = json!("http://localhost:9099/identitytoolkit.googleapis.com");
    })
    .is_empty());
}

#[test]
fn the_suggested_text_colour_is_readable() {
    for (text, background) in [("#aaaaaa", "#ffffff"), ("#333333", "#1c1917"), ("#1d4ed8", "#1e3a8a")] {
        let suggestion = readable_text_colour(text, background).unwrap();
        assert!(contrast_ratio(&suggestion, background).unwrap() >= 4.5, "{suggestion} on {background}");
    }
}

#[test]
fn a_logo_that_does_not_decode_or_is_too_small_is_refused() {
    let (_temp, dir) = common::edited_kit("prairie-sky", |_| {});
    std::fs::write(dir.join("logo.png"), b"not a png").unwrap();
    let problems = BrandKit::load(&dir).unwrap_err().problems();
    assert_eq!(problems[0].field, "logo.file");
    assert!(problems[0].why.contains("is not a PNG that can be decoded"), "{problems:?}");

    image::RgbaImage::from_pixel(300, 200, image::Rgba([1, 2, 3, 255])).save(dir.join("logo.png")).unwrap();
    let problems = BrandKit::load(&dir).unwrap_err().problems();
    assert!(problems[0].why.contains("at least 512"), "{problems:?}");

    let (_temp, dir) = common::edited_kit("ridgeline", |_| {});
    std::fs::write(
        dir.join("logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text x="1" y="5">R</text></svg>"#,
    )
    .unwrap();
    let problems = BrandKit::load(&dir).unwrap_err().problems();
    assert!(problems[0].why.contains("convert the text to paths"), "{problems:?}");

    std::fs::write(dir.join("logo.svg"), r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>"#)
        .unwrap();
    let problems = BrandKit::load(&dir).unwrap_err().problems();
    assert!(problems[0].why.contains("draws nothing"), "{problems:?}");
}
