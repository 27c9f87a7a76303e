//! What a kit's values must be beyond their shape: the checks the JSON Schema cannot express
//! (reverse-DNS identifiers, https URLs with a loopback exception, reserved URL schemes,
//! readable text colours, a real updater public key). Every problem is collected, so one run
//! lists all that is wrong with a kit.

use base64::Engine;
use portal_api::{contrast_ratio, parse_hex_colour, WCAG_AA_TEXT_CONTRAST};
use url::Url;

use crate::error::Problem;
use crate::manifest::BrandJson;

/// URL schemes a brand may not claim for its invite links: the web's own, and the ones the
/// operating system or the webview already handle.
const RESERVED_SCHEMES: &[&str] = &[
    "about",
    "asset",
    "blob",
    "data",
    "file",
    "ftp",
    "http",
    "https",
    "ipc",
    "javascript",
    "mailto",
    "sms",
    "tauri",
    "tel",
    "ws",
    "wss",
    // The unbranded app's own scheme (root tauri.conf.json).
    "wisp-portal",
];

/// Collects problems, each under the field it concerns.
#[derive(Default)]
struct Checker(Vec<Problem>);

impl Checker {
    fn fail(&mut self, field: &str, why: impl Into<String>) {
        self.0.push(Problem::new(field, why));
    }

    fn text(&mut self, field: &str, value: &str, max_chars: usize) {
        let length = value.trim().chars().count();
        if length == 0 {
            self.fail(field, "is empty");
        } else if length > max_chars {
            self.fail(field, format!("is {length} characters long; at most {max_chars} fit"));
        }
    }

    /// An absolute URL without query or fragment. Plain http only for this computer when
    /// `loopback_http` (the Auth emulator and a local server in development) — the same rule
    /// app-core applies when it loads the settings (checked by a test of this crate).
    fn url(&mut self, field: &str, value: &str, loopback_http: bool) -> Option<Url> {
        let Ok(url) = Url::parse(value) else {
            self.fail(field, format!("{value:?} is not an absolute URL"));
            return None;
        };
        let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        match url.scheme() {
            "https" => {}
            "http" if loopback_http && loopback => {}
            "http" if loopback_http => {
                self.fail(field, format!("{value:?} must use https (plain http is only for localhost)"));
                return None;
            }
            _ => {
                self.fail(field, format!("{value:?} must be an https URL"));
                return None;
            }
        }
        if url.query().is_some() || url.fragment().is_some() {
            self.fail(field, format!("{value:?} must not have a query or fragment"));
            return None;
        }
        Some(url)
    }

    fn colour(&mut self, field: &str, value: &str) -> bool {
        let valid = parse_hex_colour(value).is_some();
        if !valid {
            self.fail(field, format!("{value:?} is not a #rrggbb colour"));
        }
        valid
    }
}

/// Every problem of `brand`'s values (the logo file itself is checked when it is loaded).
pub fn brand(brand: &BrandJson) -> Vec<Problem> {
    let mut check = Checker::default();

    product_name(&mut check, &brand.product_name);
    identifier(&mut check, &brand.identifier);
    tenant_id(&mut check, &brand.tenant_id);
    check.url("apiBaseUrl", &brand.api_base_url, true);

    let firebase = &brand.firebase;
    check.text("firebase.apiKey", &firebase.api_key, 200);
    check.text("firebase.projectId", &firebase.project_id, 100);
    check.url("firebase.identityToolkitUrl", &firebase.identity_toolkit_url, true);
    check.url("firebase.secureTokenUrl", &firebase.secure_token_url, true);

    if let Some(updater) = &brand.updater {
        if let Err(why) = updater_public_key(&updater.pubkey) {
            check.fail("updater.pubkey", why);
        }
    }

    deep_link_scheme(&mut check, &brand.deep_link_scheme);
    check.text("logo.altText", &brand.logo.alt_text, 200);

    let colours = &brand.colors;
    for (field, value) in [
        ("colors.primary", &colours.primary),
        ("colors.secondary", &colours.secondary),
        ("colors.accent", &colours.accent),
    ] {
        check.colour(field, value);
    }
    let background_valid = check.colour("colors.background", &colours.background);
    let text_valid = check.colour("colors.text", &colours.text);
    if background_valid && text_valid {
        text_contrast(&mut check, &colours.text, &colours.background);
    }

    let company = &brand.company;
    check.text("company.name", &company.name, 120);
    check.text("company.displayName", &company.display_name, 120);
    email(&mut check, "company.supportEmail", &company.support_email);
    check.text("company.supportPhone", &company.support_phone, 40);
    if !company.support_phone.chars().any(|c| c.is_ascii_digit()) {
        check.fail("company.supportPhone", format!("{:?} has no digits", company.support_phone));
    }
    check.text("company.supportHours", &company.support_hours, 200);
    check.url("company.website", &company.website, false);

    check.text("portal.welcomeMessage", &brand.portal.welcome_message, 500);
    check.text("portal.footerText", &brand.portal.footer_text, 200);
    check.0
}

fn product_name(check: &mut Checker, value: &str) {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-');
    let ends_well =
        value.starts_with(|c: char| c.is_ascii_alphanumeric()) && value.ends_with(|c: char| c.is_ascii_alphanumeric());
    if value.len() < 2 || value.len() > 64 || !ends_well || !value.chars().all(allowed) {
        check.fail(
            "productName",
            format!(
                "{value:?} must be 2 to 64 letters, digits, spaces, dots or hyphens, starting and ending with a letter or \
                 digit (it names the installed app and its Linux package)"
            ),
        );
    }
}

/// Tauri's rule (letters, digits, hyphens and dots), in at least two parts, and not ending in
/// `.app`, which macOS confuses with the bundle's extension.
fn identifier(check: &mut Checker, value: &str) {
    let parts: Vec<&str> = value.split('.').collect();
    let valid_part = |part: &&str| {
        !part.is_empty()
            && !part.starts_with('-')
            && !part.ends_with('-')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if parts.len() < 2 || !parts.iter().all(valid_part) {
        check.fail(
            "identifier",
            format!("{value:?} is not a reverse-DNS name such as example.ridgeline.support (letters, digits and hyphens between dots)"),
        );
    } else if value.to_ascii_lowercase().ends_with(".app") {
        check.fail("identifier", format!("{value:?} must not end in .app (macOS takes it for the bundle extension)"));
    }
}

fn tenant_id(check: &mut Checker, value: &str) {
    let valid = (1..=63).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        check.fail("tenantId", format!("{value:?} is not a tenant id (lower-case letters, digits and hyphens)"));
    }
}

/// RFC 3986 scheme syntax, lower case (desktops match schemes case-insensitively), and none of
/// the schemes that already mean something.
fn deep_link_scheme(check: &mut Checker, value: &str) {
    let valid = (2..=40).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_lowercase())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    if !valid {
        check.fail(
            "deepLinkScheme",
            format!("{value:?} is not a URL scheme (a lower-case letter, then lower-case letters, digits, +, - or .)"),
        );
    } else if RESERVED_SCHEMES.contains(&value) {
        check.fail(
            "deepLinkScheme",
            format!("{value:?} is reserved; use one of the WISP's own, such as ridgeline-portal"),
        );
    }
}

fn email(check: &mut Checker, field: &str, value: &str) {
    let valid = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    }) && !value.chars().any(|c| c.is_whitespace() || c == ',');
    if !valid {
        check.fail(field, format!("{value:?} is not an e-mail address"));
    }
}

/// WCAG AA for the body text; a failing kit is told the nearest colour that passes.
fn text_contrast(check: &mut Checker, text: &str, background: &str) {
    let Some(ratio) = contrast_ratio(text, background) else { return };
    if ratio >= WCAG_AA_TEXT_CONTRAST {
        return;
    }
    let mut why = format!(
        "{text:?} on the background {background:?} has a contrast of {ratio:.2}:1; WCAG AA needs {WCAG_AA_TEXT_CONTRAST}:1"
    );
    if let Some(suggestion) = readable_text_colour(text, background) {
        why.push_str(&format!(" (try {suggestion:?})"));
    }
    check.fail("colors.text", why);
}

/// The colour closest to `text` on its way to black or white (whichever contrasts more with
/// `background`) that is readable on `background`.
pub fn readable_text_colour(text: &str, background: &str) -> Option<String> {
    let from = parse_hex_colour(text)?;
    let towards = if contrast_ratio("#000000", background)? >= contrast_ratio("#ffffff", background)? {
        [0u8; 3]
    } else {
        [255u8; 3]
    };
    (1..=100).find_map(|step| {
        let t = f64::from(step) / 100.0;
        let mix = |i: usize| (f64::from(from[i]) * (1.0 - t) + f64::from(towards[i]) * t).round() as u8;
        let candidate = format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2));
        (contrast_ratio(&candidate, background)? >= WCAG_AA_TEXT_CONTRAST).then_some(candidate)
    })
}

/// A minisign public key as `tauri signer generate` prints it: base64 of two lines, an
/// "untrusted comment" and the base64 key ("Ed", an 8-byte key id and 32 key bytes).
pub fn updater_public_key(value: &str) -> Result<(), String> {
    let engine = base64::engine::general_purpose::STANDARD;
    let not_a_key = || "is not a minisign public key from `tauri signer generate` (base64)".to_string();
    let text =
        engine.decode(value.trim()).ok().and_then(|bytes| String::from_utf8(bytes).ok()).ok_or_else(not_a_key)?;
    let mut lines = text.lines();
    let comment = lines.next().unwrap_or_default();
    if comment.contains("secret key") {
        return Err(
            "is a private key: put only the public key in a kit, and keep the private key out of the repository".into(),
        );
    }
    let key = lines.next().and_then(|line| engine.decode(line.trim()).ok()).ok_or_else(not_a_key)?;
    if !comment.starts_with("untrusted comment:") || key.len() != 42 || !key.starts_with(b"Ed") {
        return Err(not_a_key());
    }
    Ok(())
}
