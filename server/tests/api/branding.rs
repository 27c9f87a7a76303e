//! Published branding: anyone reads it, owners and admins publish it, nobody overwrites a newer
//! version by accident, and nothing unsafe gets in.

use serde_json::json;

use crate::helpers::*;
use crate::world::*;

fn branding(primary: &str, text: &str, css: &str) -> serde_json::Value {
    json!({
        "colors": {"primary": primary, "secondary": "#475569", "accent": "#c2410c", "background": "#ffffff", "text": text},
        "company": {"name": "Ridgeline Wireless", "displayName": "Ridgeline", "supportPhone": "+1 555 010 0100"},
        "portal": {"welcomeMessage": "Welcome back", "customCss": css}
    })
}

#[tokio::test]
async fn publishing_is_versioned_and_a_stale_edit_is_refused() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/tenant/{TENANT_A}/branding");
    let current = app.get(&path, &Caller::anonymous()).await.expect(200);
    let base = current["version"].as_i64().unwrap();
    let published = app
        .send_json(
            reqwest::Method::PUT,
            &path,
            &world.admin.caller,
            json!({"baseVersion": base, "branding": branding("#0b5d3b", "#111827", ".card { border-radius: 12px; }")}),
        )
        .await
        .expect(200);
    assert_eq!(published["version"], base + 1);
    let read = app.get(&path, &Caller::anonymous()).await.expect(200);
    assert_eq!(read["branding"]["colors"]["primary"], "#0b5d3b");
    assert_eq!(read["branding"]["portal"]["welcomeMessage"], "Welcome back");

    let stale = app
        .send_json(
            reqwest::Method::PUT,
            &path,
            &world.owner.caller,
            json!({"baseVersion": base, "branding": branding("#000000", "#111827", "")}),
        )
        .await;
    assert_eq!(stale.error(409), "version_conflict");
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM branding_versions WHERE tenant_id = $1")
        .bind(TENANT_A)
        .fetch_one(app.db())
        .await
        .unwrap();
    assert_eq!(kept, 2, "every published version is kept, the first included");
    // The other tenant's branding is untouched.
    let other = app.get(&format!("/api/tenant/{TENANT_B}/branding"), &Caller::anonymous()).await.expect(200);
    assert_eq!(other["branding"]["company"]["name"], "Prairie Sky Net");
    assert_eq!(app.get("/api/tenant/nobody/branding", &Caller::anonymous()).await.error(404), "not_found");
}

#[tokio::test]
async fn unreadable_colours_and_unsafe_css_are_refused_with_reasons() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/tenant/{TENANT_A}/branding");
    let reply = app
        .send_json(reqwest::Method::PUT, &path, &world.owner.caller, json!({"baseVersion": 1, "branding": branding("green", "#dddddd", "@import url(https://evil.example/x.css);")}))
        .await;
    assert_eq!(reply.invalid_fields(), ["colors.primary", "colors.text", "portal.customCss"]);
    assert!(reply.text.contains("4.5:1"));
}

#[tokio::test]
async fn staff_see_every_version_and_revert_in_one_step() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/tenant/{TENANT_A}/branding");
    app.send_json(
        reqwest::Method::PUT,
        &path,
        &world.owner.caller,
        json!({"baseVersion": 1, "branding": branding("#0b5d3b", "#111827", "")}),
    )
    .await
    .expect(200);
    app.send_json(
        reqwest::Method::PUT,
        &path,
        &world.owner.caller,
        json!({"baseVersion": 2, "branding": branding("#7c2d12", "#111827", "")}),
    )
    .await
    .expect(200);
    let versions = app.get(&format!("{path}/versions"), &world.support.caller).await.expect(200);
    let listed: Vec<(i64, &str)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["branding"]["colors"]["primary"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, [(3, "#7c2d12"), (2, "#0b5d3b"), (1, "#1d4ed8")]);
    assert_eq!(versions[0]["publishedBy"], world.owner.id.as_str());

    // Back to version 2, as version 4; a stale base is refused like any publish.
    let stale = app.post(&format!("{path}/revert"), &world.admin.caller, json!({"version": 2, "baseVersion": 2})).await;
    assert_eq!(stale.error(409), "version_conflict");
    let reverted = app
        .post(&format!("{path}/revert"), &world.admin.caller, json!({"version": 2, "baseVersion": 3}))
        .await
        .expect(200);
    assert_eq!(
        (reverted["version"].as_i64(), reverted["branding"]["colors"]["primary"].as_str()),
        (Some(4), Some("#0b5d3b"))
    );
    let live = app.get(&path, &Caller::anonymous()).await.expect(200);
    assert_eq!(live["branding"]["colors"]["primary"], "#0b5d3b");
    let missing =
        app.post(&format!("{path}/revert"), &world.admin.caller, json!({"version": 99, "baseVersion": 4})).await;
    assert_eq!(missing.error(404), "not_found");
}
