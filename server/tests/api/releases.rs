//! Owners and admins register signed releases of their app, list them and change their rollout.
//! Also the helpers the update tests register releases with.

use base64::Engine as _;
use serde_json::json;

use crate::helpers::*;
use crate::world::*;

/// The tenant's releases route.
pub fn releases_path(tenant: &str) -> String {
    format!("/api/tenant/{tenant}/app/releases")
}

/// A signature in the form `tauri signer sign --app-version VERSION` writes, but from no real key:
/// the server reads its form and signed version, and never verifies it (the app does).
pub fn fake_signature(version: &str) -> String {
    let engine = base64::engine::general_purpose::STANDARD;
    let mut signature = b"ED".to_vec();
    signature.extend([7u8; 72]);
    let text = format!(
        "untrusted comment: signature from tauri secret key\n{}\ntrusted comment: timestamp:1795690549\tfile:app.deb\tversion:{version}\n{}\n",
        engine.encode(signature),
        engine.encode([9u8; 64])
    );
    engine.encode(text)
}

/// The multipart form of a release, with the defaults of a stable Linux x86_64 `.deb` offered to
/// everyone.
#[derive(Clone)]
pub struct ReleaseForm {
    fields: Vec<(String, String)>,
    file: Option<(String, Vec<u8>)>,
}

impl ReleaseForm {
    pub fn new(version: &str) -> ReleaseForm {
        let fields = [
            ("appVersion", version.to_string()),
            ("channel", "stable".into()),
            ("target", "linux".into()),
            ("arch", "x86_64".into()),
            ("bundleType", "deb".into()),
            ("notes", format!("What is new in {version}:\n- faster ticket list")),
            ("signature", fake_signature(version)),
            ("rolloutPercent", "100".into()),
        ];
        ReleaseForm {
            fields: fields.into_iter().map(|(name, value)| (name.to_string(), value)).collect(),
            file: Some((format!("wisp-portal_{version}_amd64.deb"), bundle_bytes(version))),
        }
    }

    /// Sets a text part (added when the form has none of that name).
    pub fn set(mut self, name: &str, value: &str) -> ReleaseForm {
        match self.fields.iter_mut().find(|(field, _)| field == name) {
            Some(field) => field.1 = value.to_string(),
            None => self.fields.push((name.to_string(), value.to_string())),
        }
        self
    }

    pub fn without(mut self, name: &str) -> ReleaseForm {
        self.fields.retain(|(field, _)| field != name);
        if name == "file" {
            self.file = None;
        }
        self
    }

    pub fn file(mut self, name: &str, bytes: Vec<u8>) -> ReleaseForm {
        self.file = Some((name.to_string(), bytes));
        self
    }

    pub fn multipart(&self) -> reqwest::multipart::Form {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.fields {
            form = form.text(name.clone(), value.clone());
        }
        if let Some((name, bytes)) = &self.file {
            form = form.part("file", reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.clone()));
        }
        form
    }
}

/// Bytes standing in for a bundle, different for each version.
pub fn bundle_bytes(version: &str) -> Vec<u8> {
    let mut bytes = format!("!<arch>\nbundle of {version}\n").into_bytes();
    bytes.extend((0..50_000u32).map(|i| (i % 251) as u8));
    bytes
}

pub async fn register(app: &TestApp, caller: &Caller, tenant: &str, form: &ReleaseForm) -> Reply {
    let request = app.request(reqwest::Method::POST, &releases_path(tenant), caller).multipart(form.multipart());
    Reply::from(request.send().await.expect("the server answers")).await
}

/// Registers a release as the tenant's owner; its JSON.
pub async fn registered(app: &TestApp, owner: &Caller, tenant: &str, form: &ReleaseForm) -> serde_json::Value {
    register(app, owner, tenant, form).await.expect(201)
}

/// Changes a release's rollout share as `caller`, from its current version.
pub async fn set_rollout(
    app: &TestApp,
    caller: &Caller,
    tenant: &str,
    release: &serde_json::Value,
    percent: i64,
) -> Reply {
    let path = format!("{}/{}", releases_path(tenant), release["id"].as_str().unwrap());
    let current = app.get(&releases_path(tenant), caller).await.expect(200);
    let version = current.as_array().unwrap().iter().find(|r| r["id"] == release["id"]).unwrap()["version"].clone();
    app.patch(&path, caller, json!({"version": version, "rolloutPercent": percent})).await
}

#[tokio::test]
async fn an_owner_registers_a_release_and_its_bundle_is_served_by_the_server() {
    let world = World::build().await;
    let app = &world.app;
    let form = ReleaseForm::new("1.4.0");
    let release = registered(app, &world.owner.caller, TENANT_A, &form).await;
    assert_eq!(release["appVersion"], "1.4.0");
    assert_eq!(release["channel"], "stable");
    assert_eq!(release["bundleType"], "deb");
    assert_eq!(release["rolloutPercent"], 100);
    assert_eq!(release["withdrawn"], false);
    assert_eq!(release["signature"], fake_signature("1.4.0"));
    assert_eq!(release["fileName"], "wisp-portal_1.4.0_amd64.deb");
    assert_eq!(release["publishedBy"], world.owner.id.as_str());
    let bytes = bundle_bytes("1.4.0");
    assert_eq!(release["sizeBytes"], bytes.len());
    use sha2::Digest as _;
    assert_eq!(release["sha256"], hex::encode(sha2::Sha256::digest(&bytes)));

    // The download address is this server's own, and it serves the bytes as they were sent.
    let url = release["url"].as_str().unwrap();
    assert_eq!(url, format!("{}/api/tenant/{TENANT_A}/app/artifacts/{}", app.base, release["id"].as_str().unwrap()));
    let download = reqwest::get(url).await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-length"], bytes.len().to_string().as_str());
    assert_eq!(download.headers()["content-type"], "application/octet-stream");
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.bytes().await.unwrap().to_vec(), bytes);

    // An admin may register too, and the list is newest first.
    registered(app, &world.admin.caller, TENANT_A, &ReleaseForm::new("1.5.0")).await;
    let list = app.get(&releases_path(TENANT_A), &world.owner.caller).await.expect(200);
    let versions: Vec<_> = list.as_array().unwrap().iter().map(|r| r["appVersion"].as_str().unwrap()).collect();
    assert_eq!(versions, ["1.5.0", "1.4.0"]);
    // Another tenant's list does not hold them.
    let other = app.get(&releases_path(TENANT_B), &world.other_owner.caller).await.expect(200);
    assert_eq!(other, json!([]));
}

#[tokio::test]
async fn a_release_can_name_an_external_download_address_instead_of_a_file() {
    let world = World::build().await;
    let form = ReleaseForm::new("2.0.0").without("file").set("url", "https://downloads.ridgeline.example/2.0.0.deb");
    let release = registered(&world.app, &world.owner.caller, TENANT_A, &form).await;
    assert_eq!(release["url"], "https://downloads.ridgeline.example/2.0.0.deb");
    assert!(release["sizeBytes"].is_null() && release["fileName"].is_null());
    // Nothing is stored, so nothing is served here.
    let artifact = format!("/api/tenant/{TENANT_A}/app/artifacts/{}", release["id"].as_str().unwrap());
    assert_eq!(world.app.get(&artifact, &Caller::anonymous()).await.error(404), "not_found");

    let both = ReleaseForm::new("2.0.1").set("url", "https://downloads.ridgeline.example/2.0.1.deb");
    assert_eq!(register(&world.app, &world.owner.caller, TENANT_A, &both).await.invalid_fields(), ["url"]);
    let plain_http = ReleaseForm::new("2.0.1").without("file").set("url", "http://downloads.ridgeline.example/x.deb");
    assert_eq!(register(&world.app, &world.owner.caller, TENANT_A, &plain_http).await.invalid_fields(), ["url"]);
    let neither = ReleaseForm::new("2.0.1").without("file");
    assert_eq!(register(&world.app, &world.owner.caller, TENANT_A, &neither).await.invalid_fields(), ["file"]);
}

#[tokio::test]
async fn the_same_version_cannot_be_registered_twice_for_the_same_bundle() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.4.0")).await;
    let again = register(app, owner, TENANT_A, &ReleaseForm::new("1.4.0")).await;
    assert_eq!(again.error(409), "release_exists");
    assert!(again.text.contains("1.4.0"), "{}", again.text);
    // Its bundle was not kept: only the first release's file is in storage.
    let stored = std::fs::read_dir(app.data_dir.path().join("releases").join(TENANT_A)).unwrap().count();
    assert_eq!(stored, 1);

    // The same version for another channel, bundle type, arch or tenant is another release.
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.4.0").set("channel", "beta")).await;
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.4.0").set("bundleType", "rpm")).await;
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.4.0").set("arch", "aarch64")).await;
    registered(app, &world.other_owner.caller, TENANT_B, &ReleaseForm::new("1.4.0")).await;
}

#[tokio::test]
async fn a_release_form_with_wrong_fields_names_each_one() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    let wrong = ReleaseForm::new("1.4.0")
        .set("channel", "nightly")
        .set("target", "beos")
        .set("arch", "sparc")
        .set("bundleType", "snap")
        .set("rolloutPercent", "half");
    assert_eq!(
        register(app, owner, TENANT_A, &wrong).await.invalid_fields(),
        ["channel", "target", "arch", "bundleType", "rolloutPercent"]
    );
    let cases = [
        (ReleaseForm::new("1.4.0").set("appVersion", "v1.4"), "appVersion"),
        (ReleaseForm::new("1.4.0").set("appVersion", "1.4.0+build.7"), "appVersion"),
        (ReleaseForm::new("1.4.0").set("rolloutPercent", "101"), "rolloutPercent"),
        (ReleaseForm::new("1.4.0").set("rolloutPercent", "-1"), "rolloutPercent"),
        (ReleaseForm::new("1.4.0").set("signature", "not a signature"), "signature"),
        // A signature made for another version is a mistake the server can see.
        (ReleaseForm::new("1.4.0").set("signature", &fake_signature("1.3.0")), "signature"),
        (ReleaseForm::new("1.4.0").without("signature"), "signature"),
        (ReleaseForm::new("1.4.0").set("notes", "x".repeat(20_001).as_str()), "notes"),
        (ReleaseForm::new("1.4.0").set("channel", "stable\u{0}"), "channel"),
        (ReleaseForm::new("1.4.0").set("releaseName", "Autumn"), "releaseName"),
        (ReleaseForm::new("1.4.0").file("empty.deb", Vec::new()), "file"),
    ];
    for (form, field) in cases {
        assert_eq!(register(app, owner, TENANT_A, &form).await.invalid_fields(), [field]);
    }
    // Nothing of these was kept.
    assert_eq!(app.get(&releases_path(TENANT_A), owner).await.expect(200), json!([]));
    assert!(
        !app.data_dir.path().join("releases").join(TENANT_A).exists()
            || std::fs::read_dir(app.data_dir.path().join("releases").join(TENANT_A)).unwrap().count() == 0
    );

    // A pre-release is a version like any other.
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.5.0-beta.2").set("channel", "beta")).await;
}

#[tokio::test]
async fn a_bundle_larger_than_the_limit_is_refused_and_not_kept() {
    let world = World::build_with(|config| config.limits.max_release_bytes = 64 * 1024).await;
    let form = ReleaseForm::new("1.4.0").file("big.deb", vec![7; 100 * 1024]);
    let reply = register(&world.app, &world.owner.caller, TENANT_A, &form).await;
    assert_eq!(reply.error(413), "payload_too_large");
    let dir = world.app.data_dir.path().join("releases").join(TENANT_A);
    assert!(!dir.exists() || std::fs::read_dir(dir).unwrap().count() == 0, "a partial bundle was left behind");
}

#[tokio::test]
async fn the_rollout_share_changes_with_the_version_it_was_based_on_and_a_release_can_be_withdrawn() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    let release = registered(app, owner, TENANT_A, &ReleaseForm::new("1.4.0").set("rolloutPercent", "10")).await;
    let path = format!("{}/{}", releases_path(TENANT_A), release["id"].as_str().unwrap());

    let raised =
        app.patch(&path, owner, json!({"version": release["version"], "rolloutPercent": 50})).await.expect(200);
    assert_eq!(raised["rolloutPercent"], 50);
    assert_eq!(raised["version"], 2);
    // A change based on the old version is refused.
    let stale = app.patch(&path, &world.admin.caller, json!({"version": release["version"], "withdrawn": true})).await;
    assert_eq!(stale.error(409), "version_conflict");
    assert_eq!(
        app.patch(&path, owner, json!({"version": raised["version"], "rolloutPercent": 101})).await.invalid_fields(),
        ["rolloutPercent"]
    );

    let withdrawn = app.patch(&path, owner, json!({"version": raised["version"], "withdrawn": true})).await.expect(200);
    assert_eq!(withdrawn["withdrawn"], true);
    assert_eq!(withdrawn["rolloutPercent"], 50);
    // A withdrawn release's bundle is no longer served.
    let artifact = format!("/api/tenant/{TENANT_A}/app/artifacts/{}", release["id"].as_str().unwrap());
    assert_eq!(app.get(&artifact, &Caller::anonymous()).await.error(404), "not_found");
    let restored =
        app.patch(&path, owner, json!({"version": withdrawn["version"], "withdrawn": false})).await.expect(200);
    assert_eq!(restored["withdrawn"], false);
    assert_eq!(app.get(&artifact, &Caller::anonymous()).await.status, 200);

    // Another tenant's staff cannot reach it, even through their own tenant's path.
    let foreign = format!("{}/{}", releases_path(TENANT_B), release["id"].as_str().unwrap());
    let reply = app
        .patch(&foreign, &world.other_owner.caller, json!({"version": restored["version"], "rolloutPercent": 0}))
        .await;
    assert_eq!(reply.error(404), "not_found");
    let foreign_artifact = format!("/api/tenant/{TENANT_B}/app/artifacts/{}", release["id"].as_str().unwrap());
    assert_eq!(app.get(&foreign_artifact, &Caller::anonymous()).await.error(404), "not_found");
}
