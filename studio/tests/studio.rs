//! The studio's core as staff use it, against the real server (in-process, fresh database), the
//! real Firebase Auth emulator and the real keychain (Secret Service: `scripts/test.sh` runs the
//! tests inside a D-Bus session with gnome-keyring).

use std::path::{Path, PathBuf};

use app_core::{AppErrorCode, Sensitive};
use brand_kit::BrandKit;
use portal_api::{PublishedBranding, StaffRole};
use portal_client::{ClientConfig, PortalClient};
use serde_json::json;
use wisp_studio::config::StudioConfig;
use wisp_studio::studio::NOT_STAFF;
use wisp_studio::Studio;
use wisp_test_support::*;

/// The studio as it starts on a computer: its own keychain service (one per test, so tests
/// running at once never share an entry) and data folder.
struct Computer {
    keychain_service: String,
    data: tempfile::TempDir,
}

impl Computer {
    fn new() -> Computer {
        Computer {
            keychain_service: format!("net.wisp-test.studio.{}", unique("s")),
            data: tempfile::tempdir().unwrap(),
        }
    }

    /// The studio started (again) on this computer against `server`.
    fn studio(&self, server: &TestServer) -> Studio {
        let emulator = emulator_host();
        let settings = json!({
            "apiBaseUrl": server.base,
            "firebase": {
                "apiKey": "test-api-key",
                "projectId": project_id(),
                "identityToolkitUrl": format!("http://{emulator}/identitytoolkit.googleapis.com"),
                "secureTokenUrl": format!("http://{emulator}/securetoken.googleapis.com"),
            }
        });
        let config = StudioConfig::from_json(&settings.to_string(), &self.keychain_service, self.data.path().into())
            .expect("test settings are valid");
        Studio::new(config).unwrap()
    }

    /// Every file in the studio's data folder, as text.
    fn stored_text(&self) -> String {
        let mut text = String::new();
        for entry in std::fs::read_dir(self.data.path()).unwrap().flatten() {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()));
        }
        text
    }
}

fn password() -> Sensitive<String> {
    Sensitive::new(PASSWORD.to_string())
}

/// The tenant's branding as the subscriber app reads it (the public endpoint).
async fn subscriber_branding(server: &TestServer) -> PublishedBranding {
    PortalClient::new(ClientConfig::new(server.base.clone(), TENANT)).unwrap().branding().await.unwrap()
}

#[tokio::test]
async fn staff_sign_in_is_kept_in_the_keychain_restored_at_start_and_deleted_on_sign_out() {
    let server = TestServer::spawn().await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    assert!(studio.session().await.unwrap().is_none(), "nobody is signed in at first");

    let me = studio.sign_in(&server.owner.email, &password()).await.unwrap();
    assert_eq!(me.uid, server.owner.uid);
    let memberships: Vec<_> = me.memberships.iter().map(|m| (m.tenant_id.as_str(), m.role)).collect();
    assert_eq!(memberships, [(TENANT, StaffRole::Owner)]);
    let keychain = studio.credentials().keychain();
    assert_eq!(keychain.service(), computer.keychain_service);
    let refresh_token = keychain.load(&server.owner.uid).unwrap().expect("the refresh token is in the keychain");
    assert!(!computer.stored_text().contains(refresh_token.expose().as_str()), "never on disk");

    // The studio starts again: the keychain entry brings the staff member back.
    drop(studio);
    let restarted = computer.studio(&server);
    let restored = restarted.session().await.unwrap().expect("restored from the keychain");
    assert_eq!(restored.uid, server.owner.uid);
    // A fresh ID token from the secure-token endpoint is accepted by the server.
    restarted.credentials().token_source().refresh().await.unwrap();
    assert!(!restarted.branding_versions(TENANT).await.unwrap().is_empty());

    restarted.sign_out().await.unwrap();
    assert!(restarted.credentials().keychain().load(&server.owner.uid).unwrap().is_none(), "the entry is deleted");
    assert_eq!(restarted.branding_versions(TENANT).await.unwrap_err().code, AppErrorCode::SignedOut);
    assert!(computer.studio(&server).session().await.unwrap().is_none());
}

#[tokio::test]
async fn a_customer_account_is_refused_and_nothing_of_it_is_kept() {
    let server = TestServer::spawn().await;
    let customer = server.customer_login("RW-3001", "+1 555 010 3001").await;
    let computer = Computer::new();
    let studio = computer.studio(&server);

    let err = studio.sign_in(&customer.email, &password()).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Forbidden);
    assert_eq!(err.message, NOT_STAFF);
    assert!(studio.credentials().keychain().load(&customer.uid).unwrap().is_none(), "no keychain entry");
    assert_eq!(computer.stored_text(), "", "nothing in the data folder");
    assert_eq!(studio.credentials().uid().await, None);
    assert!(studio.session().await.unwrap().is_none());
    assert_eq!(studio.branding_versions(TENANT).await.unwrap_err().code, AppErrorCode::SignedOut);

    let wrong = studio.sign_in(&server.owner.email, &Sensitive::new("not-the-password".into())).await.unwrap_err();
    assert_eq!(wrong.code, AppErrorCode::InvalidCredentials);
}

#[tokio::test]
async fn an_owner_publishes_and_a_publish_from_a_stale_version_is_a_conflict() {
    let server = TestServer::spawn().await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    studio.sign_in(&server.owner.email, &password()).await.unwrap();

    let live = studio.branding(TENANT).await.unwrap();
    let mut draft = live.branding.clone();
    draft.colors.primary = "#1f5f3f".into();
    let published = studio.publish(TENANT, live.version, draft.clone()).await.unwrap();
    assert_eq!(published.version, live.version + 1);
    let seen = subscriber_branding(&server).await;
    assert_eq!((seen.version, seen.branding.colors.primary.as_str()), (published.version, "#1f5f3f"));

    // A second editor who started from the same version is told, and nothing changes.
    let mut stale = live.branding.clone();
    stale.colors.primary = "#7c2d12".into();
    let err = studio.publish(TENANT, live.version, stale).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Conflict);
    assert!(err.message.contains("Someone published branding after you started editing"), "{}", err.message);
    assert_eq!(subscriber_branding(&server).await.version, published.version);

    let versions: Vec<i64> = studio.branding_versions(TENANT).await.unwrap().iter().map(|v| v.version).collect();
    assert_eq!(versions, [published.version, live.version], "newest first");

    // What the server refuses comes back per field.
    let mut unreadable = draft;
    unreadable.colors.text = "#fefefe".into();
    let err = studio.publish(TENANT, published.version, unreadable).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Validation);
    assert_eq!(err.fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["colors.text"]);
}

#[tokio::test]
async fn revert_publishes_an_earlier_version_again() {
    let server = TestServer::spawn().await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    studio.sign_in(&server.owner.email, &password()).await.unwrap();
    let first = studio.branding(TENANT).await.unwrap();
    let mut changed = first.branding.clone();
    changed.portal.welcome_message = "Storm season: check outages first.".into();
    let second = studio.publish(TENANT, first.version, changed).await.unwrap();

    let reverted = studio.revert(TENANT, first.version, second.version).await.unwrap();
    assert_eq!(reverted.version, second.version + 1);
    assert_eq!(reverted.branding, first.branding);
    assert_eq!(subscriber_branding(&server).await.branding, first.branding);

    let err = studio.revert(TENANT, second.version, second.version).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Conflict, "reverting from a stale version");
    let err = studio.revert(TENANT, 999, reverted.version).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::NotFound);
}

#[tokio::test]
async fn a_technician_previews_but_may_not_publish_or_revert() {
    let server = TestServer::spawn().await;
    let technician = server.staff_member(StaffRole::Technician).await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    let me = studio.sign_in(&technician.email, &password()).await.unwrap();
    assert_eq!(me.memberships[0].role, StaffRole::Technician);

    let live = studio.branding(TENANT).await.unwrap();
    assert_eq!(studio.branding_versions(TENANT).await.unwrap().len(), 1);
    let mut draft = live.branding.clone();
    draft.colors.primary = "#1f5f3f".into();
    let err = studio.publish(TENANT, live.version, draft).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Forbidden);
    assert!(err.message.contains("technician"), "{}", err.message);
    assert_eq!(studio.revert(TENANT, live.version, live.version).await.unwrap_err().code, AppErrorCode::Forbidden);
    assert_eq!(subscriber_branding(&server).await.version, live.version);
}

#[tokio::test]
async fn staff_of_two_tenants_work_on_each_and_on_no_other() {
    let server = TestServer::spawn().await;
    server.add_tenant("prairie-sky", "Prairie Sky Net").await;
    server.add_tenant("hilltop", "Hilltop Broadband").await;
    server.add_staff("prairie-sky", &server.owner, "Olive Owner", StaffRole::Admin).await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    let me = studio.sign_in(&server.owner.email, &password()).await.unwrap();
    let mut tenants: Vec<&str> = me.memberships.iter().map(|m| m.tenant_id.as_str()).collect();
    tenants.sort();
    assert_eq!(tenants, ["prairie-sky", TENANT]);

    for tenant in ["prairie-sky", TENANT] {
        let live = studio.branding(tenant).await.unwrap();
        let mut draft = live.branding.clone();
        draft.colors.accent = "#c2410c".into();
        let published = studio.publish(tenant, live.version, draft).await.unwrap();
        assert_eq!((published.tenant_id.as_str(), published.version), (tenant, live.version + 1));
    }
    let other = studio.branding("hilltop").await.unwrap();
    let err = studio.publish("hilltop", other.version, other.branding).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Forbidden, "not their tenant");
    assert_eq!(studio.branding_versions("hilltop").await.unwrap_err().code, AppErrorCode::Forbidden);
}

/// A copy of a demo kit (`brands/<slug>`) in a new folder.
fn copy_of_demo_kit(slug: &str) -> tempfile::TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../brands").join(slug);
    let folder = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&source).unwrap().flatten() {
        std::fs::copy(entry.path(), folder.path().join(entry.file_name())).unwrap();
    }
    folder
}

fn brand_json(folder: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(folder.join("brand.json")).unwrap()).unwrap()
}

fn schema_errors(kit: &serde_json::Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../brands/brand.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap();
    validator.iter_errors(kit).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[tokio::test]
async fn an_exported_kit_takes_the_published_branding_and_keeps_what_only_the_kit_knows() {
    let server = TestServer::spawn().await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    studio.sign_in(&server.owner.email, &password()).await.unwrap();
    let live = studio.branding(TENANT).await.unwrap();
    let mut branding = live.branding.clone();
    branding.colors.primary = "#1f5f3f".into();
    branding.company.support_phone = "+1 555 010 0199".into();
    let published = studio.publish(TENANT, live.version, branding).await.unwrap();

    let folder = copy_of_demo_kit("ridgeline");
    let written = studio.export_kit(TENANT, &published.branding, folder.path()).await.unwrap();
    assert_eq!(written, PathBuf::from(folder.path()));

    let kit = BrandKit::load(folder.path()).expect("wisp-brand validate accepts the exported kit");
    assert_eq!(kit.brand.tenant_id, TENANT);
    assert_eq!(kit.brand.api_base_url, server.base);
    assert_eq!(
        kit.brand.firebase.identity_toolkit_url,
        format!("http://{}/identitytoolkit.googleapis.com", emulator_host())
    );
    assert_eq!(kit.brand.colors.primary, "#1f5f3f");
    assert_eq!(kit.brand.company.support_phone, "+1 555 010 0199");
    // What the server's branding lacks stays as the kit had it.
    assert_eq!(kit.brand.product_name, "Ridgeline Support");
    assert_eq!(kit.brand.identifier, "example.ridgeline.support");
    assert_eq!(kit.brand.deep_link_scheme, "ridgeline-portal");
    assert_eq!(kit.brand.logo.file, "logo.svg");
    assert_eq!(kit.brand.company.support_email, "support@ridgeline.example");
    assert_eq!(schema_errors(&brand_json(folder.path())), Vec::<String>::new());
}

#[tokio::test]
async fn a_kit_exported_into_an_empty_folder_marks_what_the_wisp_must_fill_in() {
    let server = TestServer::spawn().await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    studio.sign_in(&server.owner.email, &password()).await.unwrap();
    let live = studio.branding(TENANT).await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    studio.export_kit(TENANT, &live.branding, folder.path()).await.unwrap();

    let json = brand_json(folder.path());
    for field in ["productName", "identifier", "deepLinkScheme"] {
        assert!(json[field].as_str().unwrap().starts_with("EDIT ME"), "{field}: {}", json[field]);
    }
    let problems = BrandKit::load(folder.path()).unwrap_err().problems();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    for field in ["productName", "identifier", "deepLinkScheme", "logo.file"] {
        assert!(fields.contains(&field), "validation names {field}: {problems:?}");
    }
    assert!(!fields.contains(&"colors.primary") && !fields.contains(&"tenantId"), "{problems:?}");
}

#[tokio::test]
async fn a_folder_whose_brand_json_is_not_a_kit_is_left_alone() {
    let server = TestServer::spawn().await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    studio.sign_in(&server.owner.email, &password()).await.unwrap();
    let live = studio.branding(TENANT).await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("brand.json"), "{\"productName\": \"Half written\"").unwrap();

    let err = studio.export_kit(TENANT, &live.branding, folder.path()).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Validation);
    assert!(err.message.contains("brand.json"), "{}", err.message);
    assert_eq!(
        std::fs::read_to_string(folder.path().join("brand.json")).unwrap(),
        "{\"productName\": \"Half written\""
    );
}

/// A square PNG logo, `size` pixels wide, in a new folder.
fn png_logo(size: u32) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("our logo.png");
    image::RgbaImage::from_fn(size, size, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 120, 255]))
        .save(&path)
        .unwrap();
    (folder, path)
}

#[tokio::test]
async fn a_chosen_logo_is_uploaded_shown_as_a_data_url_and_exported_with_the_kit() {
    let server = TestServer::spawn().await;
    let computer = Computer::new();
    let studio = computer.studio(&server);
    studio.sign_in(&server.owner.email, &password()).await.unwrap();
    let (_source, logo) = png_logo(600);

    let uploaded = studio.upload_logo(TENANT, &logo).await.unwrap();
    assert!(uploaded.width > 0 && uploaded.height > 0 && uploaded.bytes > 0, "{uploaded:?}");
    let data = studio.logo_data(&uploaded.url).await.unwrap();
    assert!(data.starts_with("data:image/png;base64,iVBORw0KGgo"), "{}", &data[..40.min(data.len())]);

    let live = studio.branding(TENANT).await.unwrap();
    let mut branding = live.branding.clone();
    branding.logo.url = Some(uploaded.url.clone());
    branding.logo.alt_text = "Ridgeline Wireless logo".into();
    let published = studio.publish(TENANT, live.version, branding).await.unwrap();
    let folder = copy_of_demo_kit("ridgeline");
    studio.export_kit(TENANT, &published.branding, folder.path()).await.unwrap();
    let kit = BrandKit::load(folder.path()).expect("the kit with the uploaded logo is valid");
    assert_eq!(kit.brand.logo.file, "logo.png");

    // A file that is not an image never leaves the computer.
    let text = _source.path().join("notes.png");
    std::fs::write(&text, "not an image").unwrap();
    assert_eq!(studio.upload_logo(TENANT, &text).await.unwrap_err().code, AppErrorCode::FileRefused);
}

#[tokio::test]
async fn logos_are_fetched_only_from_the_portal_server() {
    let server = TestServer::spawn().await;
    let studio = Computer::new().studio(&server);
    for foreign in
        ["https://evil.example/logo.png", "http://127.0.0.1:9/logo.png", "file:///etc/passwd", "//evil.example/x"]
    {
        let err = studio.logo_data(foreign).await.unwrap_err();
        assert_eq!(err.code, AppErrorCode::Validation, "{foreign}");
    }
    // On the server, but not an image: refused rather than shown.
    let err = studio.logo_data(&format!("{}/api/health", server.base)).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Unexpected);
}

#[tokio::test]
async fn the_preview_sanitises_css_as_the_server_does_on_publish() {
    let server = TestServer::spawn().await;
    let studio = Computer::new().studio(&server);
    studio.sign_in(&server.owner.email, &password()).await.unwrap();
    let live = studio.branding(TENANT).await.unwrap();
    let css = ".card { border-radius: 12px; } body { background: url(https://tracker.example/p.png); }";

    let checked = studio.sanitize_css(css);
    assert!(!checked.removed.is_empty(), "the remote image is removed: {checked:?}");
    assert!(checked.css.contains("border-radius") && !checked.css.contains("tracker"), "{}", checked.css);

    let mut draft = live.branding.clone();
    draft.portal.custom_css = css.into();
    let err = studio.publish(TENANT, live.version, draft.clone()).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Validation, "what the preview removes, the server refuses");
    draft.portal.custom_css = checked.css.clone();
    let published = studio.publish(TENANT, live.version, draft).await.unwrap();
    assert_eq!(published.branding.portal.custom_css, checked.css);
}
