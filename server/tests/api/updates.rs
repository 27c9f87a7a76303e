//! The update check an installed app makes through tauri-plugin-updater: the newest release that
//! applies to this installation, never a downgrade, never another tenant's, channel's or bundle
//! type's release, with staged rollouts decided stably per installation.

use serde_json::Value;

use crate::helpers::*;
use crate::releases::*;
use crate::world::*;

/// What the app's updater sends: its target, arch and version in the path, its channel in the
/// query, its bundle type and installation id in headers.
pub struct Install {
    pub tenant: &'static str,
    pub channel: &'static str,
    pub bundle_type: &'static str,
    pub arch: &'static str,
    pub version: &'static str,
    pub id: uuid::Uuid,
}

impl Install {
    pub fn deb(tenant: &'static str, version: &'static str) -> Install {
        Install { tenant, channel: "stable", bundle_type: "deb", arch: "x86_64", version, id: uuid::Uuid::new_v4() }
    }

    /// The endpoint as brand kits and the app build it, filled in as the updater fills it.
    pub fn url(&self, app: &TestApp) -> String {
        let channel = self.channel.parse().expect("a release channel");
        portal_api::update_endpoint(&app.base, self.tenant, channel)
            .replace("{{target}}", "linux")
            .replace("{{arch}}", self.arch)
            .replace("{{current_version}}", self.version)
    }

    pub async fn check(&self, app: &TestApp) -> Reply {
        let request = app
            .http
            .get(self.url(app))
            .header(portal_api::BUNDLE_TYPE_HEADER, self.bundle_type)
            .header(portal_api::INSTALLATION_ID_HEADER, self.id.to_string())
            .header("accept", "application/json");
        Reply::from(request.send().await.expect("the server answers")).await
    }

    /// The version offered, or `None` for `204`.
    pub async fn offered(&self, app: &TestApp) -> Option<String> {
        let reply = self.check(app).await;
        match reply.status.as_u16() {
            204 => {
                assert!(reply.text.is_empty());
                None
            }
            200 => Some(reply.json()["version"].as_str().expect("a version").to_string()),
            _ => panic!("unexpected answer {}: {}", reply.status, reply.text),
        }
    }
}

#[tokio::test]
async fn nothing_newer_is_a_204_and_never_a_downgrade() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    assert_eq!(Install::deb(TENANT_A, "1.0.0").offered(app).await, None, "no release at all");

    for version in ["1.2.0", "1.3.0", "1.3.1-beta.1"] {
        registered(app, owner, TENANT_A, &ReleaseForm::new(version)).await;
    }
    let reply = Install::deb(TENANT_A, "1.0.0").check(app).await;
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.expect(200)["version"], "1.3.1-beta.1", "the newest by semver precedence");
    assert_eq!(Install::deb(TENANT_A, "1.3.0").offered(app).await.as_deref(), Some("1.3.1-beta.1"));
    // The app's own version, and anything older than it, is not offered.
    assert_eq!(Install::deb(TENANT_A, "1.3.1-beta.1").offered(app).await, None);
    assert_eq!(Install::deb(TENANT_A, "1.3.1").offered(app).await, None, "1.3.1 is newer than its pre-release");
    assert_eq!(Install::deb(TENANT_A, "2.0.0").offered(app).await, None);
    // Version 1.10.0 is newer than 1.9.0, though not as text.
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.10.0")).await;
    assert_eq!(Install::deb(TENANT_A, "1.9.0").offered(app).await.as_deref(), Some("1.10.0"));
}

#[tokio::test]
async fn the_manifest_is_what_the_updater_reads_and_its_bundle_downloads_byte_identical() {
    let world = World::build().await;
    let app = &world.app;
    let form = ReleaseForm::new("1.4.0");
    let release = registered(app, &world.owner.caller, TENANT_A, &form).await;

    let manifest = Install::deb(TENANT_A, "1.3.0").check(app).await.expect(200);
    let fields: Vec<_> = manifest.as_object().unwrap().keys().cloned().collect();
    assert_eq!(fields, ["notes", "pub_date", "signature", "url", "version"]);
    assert_eq!(manifest["version"], "1.4.0");
    assert_eq!(manifest["notes"], "What is new in 1.4.0:\n- faster ticket list");
    assert_eq!(manifest["signature"], fake_signature("1.4.0"), "exactly the signature registered");
    assert_eq!(manifest["url"], release["url"]);
    // The plugin reads `pub_date` as RFC 3339.
    chrono::DateTime::parse_from_rfc3339(manifest["pub_date"].as_str().unwrap()).expect("an RFC 3339 date");

    // Downloaded as the updater does: with its headers, accepting octet-stream.
    let download = app
        .http
        .get(manifest["url"].as_str().unwrap())
        .header("accept", "application/octet-stream")
        .header(portal_api::BUNDLE_TYPE_HEADER, "deb")
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().to_vec(), bundle_bytes("1.4.0"));
}

#[tokio::test]
async fn each_channel_bundle_type_and_arch_gets_only_its_own_releases() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    registered(app, owner, TENANT_A, &ReleaseForm::new("2.0.0-beta.1").set("channel", "beta")).await;
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.5.0").set("bundleType", "rpm")).await;
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.6.0").set("arch", "aarch64")).await;
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.4.0")).await;

    assert_eq!(Install::deb(TENANT_A, "1.0.0").offered(app).await.as_deref(), Some("1.4.0"));
    let beta = Install { channel: "beta", ..Install::deb(TENANT_A, "1.0.0") };
    assert_eq!(beta.offered(app).await.as_deref(), Some("2.0.0-beta.1"));
    let rpm = Install { bundle_type: "rpm", ..Install::deb(TENANT_A, "1.0.0") };
    assert_eq!(rpm.offered(app).await.as_deref(), Some("1.5.0"));
    let arm = Install { arch: "aarch64", ..Install::deb(TENANT_A, "1.0.0") };
    assert_eq!(arm.offered(app).await.as_deref(), Some("1.6.0"));
    let appimage = Install { bundle_type: "appimage", ..Install::deb(TENANT_A, "1.0.0") };
    assert_eq!(appimage.offered(app).await, None);
}

#[tokio::test]
async fn one_tenants_apps_never_see_another_tenants_releases() {
    let world = World::build().await;
    let app = &world.app;
    let b_release = registered(app, &world.other_owner.caller, TENANT_B, &ReleaseForm::new("9.0.0")).await;
    assert_eq!(Install::deb(TENANT_A, "1.0.0").offered(app).await, None);
    assert_eq!(Install::deb(TENANT_B, "1.0.0").offered(app).await.as_deref(), Some("9.0.0"));
    registered(app, &world.owner.caller, TENANT_A, &ReleaseForm::new("1.1.0")).await;
    let manifest = Install::deb(TENANT_A, "1.0.0").check(app).await.expect(200);
    assert_eq!(manifest["version"], "1.1.0");
    assert!(manifest["url"].as_str().unwrap().contains(&format!("/api/tenant/{TENANT_A}/")));
    // B's bundle is not served through A's path.
    let through_a = format!("/api/tenant/{TENANT_A}/app/artifacts/{}", b_release["id"].as_str().unwrap());
    assert_eq!(app.get(&through_a, &Caller::anonymous()).await.error(404), "not_found");
    // An unknown tenant is not a silent "no update".
    assert_eq!(Install::deb("no-such-wisp", "1.0.0").check(app).await.error(404), "not_found");
}

#[tokio::test]
async fn a_staged_rollout_is_stable_per_installation_proportional_and_only_grows() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.1.0")).await;
    let staged = registered(app, owner, TENANT_A, &ReleaseForm::new("1.2.0").set("rolloutPercent", "20")).await;
    let installs: Vec<Install> = (0..2000).map(|_| Install::deb(TENANT_A, "1.0.0")).collect();

    async fn staged_ones(app: &TestApp, installs: &[Install]) -> Vec<bool> {
        let mut reached = Vec::with_capacity(installs.len());
        for install in installs {
            // Those the staged release does not reach still get the fully rolled-out one.
            let offered = install.offered(app).await.expect("an update");
            reached.push(offered == "1.2.0");
        }
        reached
    }
    let at_20 = staged_ones(app, &installs).await;
    let count = at_20.iter().filter(|r| **r).count();
    // 20 % of 2,000 is 400; the binomial standard deviation is about 18.
    assert!((320..=480).contains(&count), "{count} of 2000 at a 20 % share");
    assert_eq!(staged_ones(app, &installs).await, at_20, "the same installations get the same answer");
    let second = app.another_instance().await;
    assert_eq!(staged_ones(&second, &installs[..300]).await, at_20[..300], "and the same on another instance");

    set_rollout(app, owner, TENANT_A, &staged, 60).await.expect(200);
    let at_60 = staged_ones(app, &installs).await;
    let count = at_60.iter().filter(|r| **r).count();
    assert!((1080..=1320).contains(&count), "{count} of 2000 at a 60 % share");
    assert!(at_20.iter().zip(&at_60).all(|(before, after)| !before || *after), "raising the share took an update away");

    set_rollout(app, owner, TENANT_A, &staged, 0).await.expect(200);
    assert!(staged_ones(app, &installs[..200]).await.iter().all(|r| !r), "a 0 % share reaches nobody");
    set_rollout(app, owner, TENANT_A, &staged, 100).await.expect(200);
    assert!(staged_ones(app, &installs[..200]).await.iter().all(|r| *r), "a 100 % share reaches everyone");
}

#[tokio::test]
async fn a_withdrawn_release_is_offered_to_nobody() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    registered(app, owner, TENANT_A, &ReleaseForm::new("1.1.0")).await;
    let bad = registered(app, owner, TENANT_A, &ReleaseForm::new("1.2.0")).await;
    let path = format!("{}/{}", releases_path(TENANT_A), bad["id"].as_str().unwrap());
    app.patch(&path, owner, serde_json::json!({"version": bad["version"], "withdrawn": true})).await.expect(200);
    assert_eq!(Install::deb(TENANT_A, "1.0.0").offered(app).await.as_deref(), Some("1.1.0"));
    assert_eq!(Install::deb(TENANT_A, "1.1.0").offered(app).await, None);
}

#[tokio::test]
async fn an_update_check_without_what_the_server_needs_is_a_clear_400() {
    let world = World::build().await;
    let app = &world.app;
    let url = Install::deb(TENANT_A, "1.0.0").url(app);
    let id = uuid::Uuid::new_v4().to_string();
    let send = |headers: Vec<(&'static str, String)>, url: String| {
        let mut request = app.http.get(url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        async move { Reply::from(request.send().await.unwrap()).await }
    };
    let error = |reply: Reply| -> (String, String) {
        let body: Value = reply.expect(400);
        (body["error"]["code"].as_str().unwrap().into(), body["error"]["message"].as_str().unwrap().into())
    };

    let (code, message) = error(send(vec![("X-Installation-Id", id.clone())], url.clone()).await);
    assert_eq!(code, "invalid_update_request");
    assert!(message.contains("X-Bundle-Type") && message.contains("appimage"), "{message}");
    let (code, _) =
        error(send(vec![("X-Bundle-Type", "snap".into()), ("X-Installation-Id", id.clone())], url.clone()).await);
    assert_eq!(code, "invalid_update_request");
    let (code, message) = error(send(vec![("X-Bundle-Type", "deb".into())], url.clone()).await);
    assert_eq!(code, "invalid_update_request");
    assert!(message.contains("X-Installation-Id"), "{message}");
    let (code, _) = error(
        send(vec![("X-Bundle-Type", "deb".into()), ("X-Installation-Id", "not-a-uuid".into())], url.clone()).await,
    );
    assert_eq!(code, "invalid_update_request");

    let headers = || vec![("X-Bundle-Type", "deb".to_string()), ("X-Installation-Id", id.clone())];
    let (code, message) = error(send(headers(), url.replace("/1.0.0?", "/1.0?")).await);
    assert_eq!(code, "invalid_path");
    assert!(message.contains("semantic version"), "{message}");
    let (code, message) = error(send(headers(), url.replace("channel=stable", "channel=nightly")).await);
    assert_eq!(code, "invalid_query");
    assert!(message.contains("nightly"), "{message}");
    let (code, _) = error(send(headers(), url.replace("?channel=stable", "")).await);
    assert_eq!(code, "invalid_query");
    let (code, _) = error(send(headers(), url.replace("/linux/", "/beos/")).await);
    assert_eq!(code, "invalid_path");
    // The version as the updater encodes it (`+` as `%2B`) is read back.
    assert_eq!(send(headers(), url.replace("/1.0.0?", "/1.0.0%2Bbuild.5?")).await.status, 204);
}

#[tokio::test]
async fn a_stored_version_this_build_cannot_read_is_an_error_not_skipped() {
    let world = World::build().await;
    let (app, owner) = (&world.app, &world.owner.caller);
    let release = registered(app, owner, TENANT_A, &ReleaseForm::new("1.1.0")).await;
    sqlx::query("UPDATE app_releases SET app_version = 'one point two' WHERE id = $1")
        .bind(release["id"].as_str().unwrap())
        .execute(app.db())
        .await
        .unwrap();
    assert_eq!(Install::deb(TENANT_A, "1.0.0").check(app).await.error(500), "internal");
    assert_eq!(app.get(&releases_path(TENANT_A), owner).await.error(500), "internal");
}
