//! Updates with real signatures: keys made by the pinned Tauri CLI, a real `.deb` signed with it,
//! registered with and served by the real server, and checked the way tauri-plugin-updater checks
//! a download before it installs it. The verified `.deb` then installs with `dpkg`.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;

use crate::helpers::*;
use crate::releases::*;
use crate::updates::Install;
use crate::world::*;

const KEY_PASSWORD: &str = "test-key-password";

/// The Tauri CLI that `scripts/setup.sh` installs from `tools/tauri-cli`.
fn tauri_cli() -> PathBuf {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/tauri-cli/node_modules/.bin/tauri");
    assert!(
        cli.exists(),
        "The pinned Tauri CLI is not installed at {}: run scripts/setup.sh (scripts/test.sh does), \
         which installs tools/tauri-cli. These tests sign real bundles with it.",
        cli.display()
    );
    cli
}

#[track_caller]
fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|err| panic!("cannot run {command:?}: {err}"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A tenant's updater key pair; the public key as the app's configuration holds it (the content
/// of the `.pub` file).
struct KeyPair {
    private_key: PathBuf,
    public_key: String,
}

fn generate_key(dir: &Path, tenant: &str) -> KeyPair {
    let private_key = dir.join(format!("{tenant}.key"));
    // The CLI prints the new private key: keep its output out of the test log.
    run(Command::new(tauri_cli())
        .args(["signer", "generate", "--ci", "-p", KEY_PASSWORD, "-w"])
        .arg(&private_key)
        .env_remove("TAURI_SIGNING_PRIVATE_KEY"));
    let public_key = std::fs::read_to_string(dir.join(format!("{tenant}.key.pub"))).expect("the public key");
    KeyPair { private_key, public_key: public_key.trim().to_string() }
}

/// `tauri signer sign`, as the release command runs it; the `.sig` file's content.
fn sign(bundle: &Path, key: &KeyPair, version: &str) -> String {
    run(Command::new(tauri_cli())
        .args(["signer", "sign", "-p", KEY_PASSWORD, "--app-version", version, "-f"])
        .arg(&key.private_key)
        .arg(bundle)
        .env_remove("TAURI_SIGNING_PRIVATE_KEY")
        .env_remove("TAURI_SIGNING_PRIVATE_KEY_PASSWORD"));
    let signature = bundle.with_file_name(format!("{}.sig", bundle.file_name().unwrap().to_string_lossy()));
    std::fs::read_to_string(signature).expect("the .sig file")
}

/// A small real Debian package of the app.
fn build_deb(dir: &Path, version: &str) -> PathBuf {
    let tree = dir.join(format!("tree-{version}"));
    std::fs::create_dir_all(tree.join("DEBIAN")).unwrap();
    std::fs::create_dir_all(tree.join("usr/share/ridgeline-portal")).unwrap();
    std::fs::write(
        tree.join("DEBIAN/control"),
        format!(
            "Package: ridgeline-portal\nVersion: {version}\nArchitecture: all\nMaintainer: Ridgeline Wireless <apps@ridgeline.example>\nDescription: Ridgeline Wireless support portal (test build)\n"
        ),
    )
    .unwrap();
    std::fs::write(tree.join("usr/share/ridgeline-portal/VERSION"), format!("{version}\n")).unwrap();
    let deb = dir.join(format!("ridgeline-portal_{version}_amd64.deb"));
    run(Command::new("dpkg-deb").args(["--build", "--root-owner-group"]).arg(&tree).arg(&deb));
    deb
}

/// What tauri-plugin-updater does before it installs a download (`verify_signature`, with
/// `requireSignedVersion`): the key and signature are base64 of minisign's text forms; the
/// signature must verify with the app's key, and the version signed must be the one announced.
fn verify_like_the_updater(bytes: &[u8], signature: &str, public_key: &str, announced: &str) -> Result<(), String> {
    let text = |b64: &str| {
        let decoded = base64::engine::general_purpose::STANDARD.decode(b64).map_err(|e| format!("not base64: {e}"))?;
        String::from_utf8(decoded).map_err(|e| format!("not UTF-8: {e}"))
    };
    let key = minisign_verify::PublicKey::decode(&text(public_key)?).map_err(|e| format!("public key: {e}"))?;
    let signature = minisign_verify::Signature::decode(&text(signature)?).map_err(|e| format!("signature: {e}"))?;
    key.verify(bytes, &signature, true).map_err(|e| format!("refused: {e}"))?;
    let signed = signature.trusted_comment().split('\t').find_map(|field| field.strip_prefix("version:"));
    match signed {
        Some(signed) if signed == announced => Ok(()),
        other => Err(format!("signed for {other:?}, announced {announced}")),
    }
}

/// `dpkg -i` into a throwaway root with its own database.
fn dpkg_install(root: &Path, deb: &Path) -> String {
    let admin = root.join("var/lib/dpkg");
    std::fs::create_dir_all(admin.join("updates")).unwrap();
    std::fs::create_dir_all(admin.join("info")).unwrap();
    std::fs::write(admin.join("status"), "").unwrap();
    let dpkg = |args: &[&str]| {
        run(Command::new("dpkg")
            .arg(format!("--root={}", root.display()))
            .arg(format!("--admindir={}", admin.display()))
            .args(["--force-not-root", "--log=/dev/null"])
            .args(args))
    };
    dpkg(&["-i", deb.to_str().unwrap()]);
    dpkg(&["-s", "ridgeline-portal"])
}

async fn download(app: &TestApp, url: &str) -> Vec<u8> {
    let response = app.http.get(url).header("accept", "application/octet-stream").send().await.unwrap();
    assert_eq!(response.status(), 200, "downloading {url}");
    response.bytes().await.unwrap().to_vec()
}

/// A signed bundle, registered for Ridgeline.
struct Published {
    release: serde_json::Value,
    deb: PathBuf,
    bytes: Vec<u8>,
    signature: String,
}

/// Builds a `.deb` of `version`, signs it with `key` and registers it for Ridgeline.
async fn publish(world: &World, work: &Path, version: &str, key: &KeyPair) -> Published {
    let deb = build_deb(work, version);
    let signature = sign(&deb, key, version).trim().to_string();
    let bytes = std::fs::read(&deb).unwrap();
    let form = ReleaseForm::new(version)
        .set("signature", &signature)
        .file(&format!("ridgeline-portal_{version}_amd64.deb"), bytes.clone());
    let release = registered(&world.app, &world.owner.caller, TENANT_A, &form).await;
    Published { release, deb, bytes, signature }
}

#[tokio::test]
async fn a_really_signed_deb_is_found_downloaded_verified_and_installs() {
    let world = World::build().await;
    let app = &world.app;
    let work = tempfile::tempdir().unwrap();
    let ridgeline = generate_key(work.path(), TENANT_A);
    let prairie = generate_key(work.path(), TENANT_B);

    let Published { bytes, signature, .. } = publish(&world, work.path(), "1.1.0", &ridgeline).await;

    // The installed 1.0.0 asks, as the updater does.
    let manifest = Install::deb(TENANT_A, "1.0.0").check(app).await.expect(200);
    assert_eq!(manifest["version"], "1.1.0");
    assert_eq!(manifest["signature"], signature.as_str());
    let downloaded = download(app, manifest["url"].as_str().unwrap()).await;
    assert_eq!(downloaded, bytes, "the bundle comes back byte for byte");
    let signature = manifest["signature"].as_str().unwrap();
    verify_like_the_updater(&downloaded, signature, &ridgeline.public_key, "1.1.0").expect("a valid update");

    // Prairie Sky's app, with its own key built in, refuses Ridgeline's bundle.
    let refused = verify_like_the_updater(&downloaded, signature, &prairie.public_key, "1.1.0").unwrap_err();
    assert!(refused.contains("created with a different key"), "{refused}");
    // A manifest announcing another version over this signed bundle is refused too.
    assert!(verify_like_the_updater(&downloaded, signature, &ridgeline.public_key, "1.2.0").is_err());

    // Verified: it installs.
    let verified = work.path().join("verified.deb");
    std::fs::write(&verified, &downloaded).unwrap();
    let root = work.path().join("root");
    let status = dpkg_install(&root, &verified);
    assert!(status.contains("Status: install ok installed") && status.contains("Version: 1.1.0"), "{status}");
    assert_eq!(std::fs::read_to_string(root.join("usr/share/ridgeline-portal/VERSION")).unwrap(), "1.1.0\n");
}

#[tokio::test]
async fn a_tampered_bundle_and_one_signed_with_another_tenants_key_are_refused() {
    let world = World::build().await;
    let app = &world.app;
    let work = tempfile::tempdir().unwrap();
    let ridgeline = generate_key(work.path(), TENANT_A);
    let prairie = generate_key(work.path(), TENANT_B);

    // Tampered after signing, in the server's storage: the bytes served are not the ones signed.
    let Published { release, .. } = publish(&world, work.path(), "1.1.0", &ridgeline).await;
    let stored = app.data_dir.path().join("releases").join(TENANT_A).join(release["id"].as_str().unwrap());
    let mut bytes = std::fs::read(&stored).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&stored, &bytes).unwrap();
    let manifest = Install::deb(TENANT_A, "1.0.0").check(app).await.expect(200);
    let downloaded = download(app, manifest["url"].as_str().unwrap()).await;
    let refused =
        verify_like_the_updater(&downloaded, manifest["signature"].as_str().unwrap(), &ridgeline.public_key, "1.1.0")
            .unwrap_err();
    assert!(refused.contains("signature verification failed"), "{refused}");

    // Signed with Prairie Sky's key by mistake, and registered for Ridgeline: Ridgeline's app
    // finds it, downloads it and refuses it.
    let Published { deb, signature, .. } = publish(&world, work.path(), "1.2.0", &prairie).await;
    let manifest = Install::deb(TENANT_A, "1.1.0").check(app).await.expect(200);
    assert_eq!(manifest["version"], "1.2.0");
    let downloaded = download(app, manifest["url"].as_str().unwrap()).await;
    let refused =
        verify_like_the_updater(&downloaded, manifest["signature"].as_str().unwrap(), &ridgeline.public_key, "1.2.0")
            .unwrap_err();
    assert!(refused.contains("created with a different key"), "{refused}");
    // With the right key the same bytes verify: it is the key that is wrong, not the bundle.
    verify_like_the_updater(&downloaded, manifest["signature"].as_str().unwrap(), &prairie.public_key, "1.2.0")
        .unwrap();

    // A real signature made for another version is caught when the release is registered.
    let mislabelled =
        ReleaseForm::new("1.3.0").set("signature", &signature).file("app.deb", std::fs::read(&deb).unwrap());
    assert_eq!(register(app, &world.owner.caller, TENANT_A, &mislabelled).await.invalid_fields(), ["signature"]);
}
