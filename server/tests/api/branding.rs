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

/// The sanitiser decodes escapes as browsers do, so `\75 rl(` is `url(`: refused, with the
/// reason and the number of parts in the field error.
#[tokio::test]
async fn css_that_loads_anything_is_refused_however_it_is_written() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/tenant/{TENANT_A}/branding");
    for css in [
        ".card { background: \\75 rl(https://evil.example/t.png) }",
        ".card { background: u\\rl(https://evil.example/t.png); color: red; position: fixed }",
        "@\\69mport 'https://evil.example/x.css';",
        "@media print { @import url(https://evil.example/x.css); }",
        ":root { --logo: url(https://evil.example/t.png) }",
        "</style><script>alert(1)</script>",
    ] {
        let reply = app
            .send_json(
                reqwest::Method::PUT,
                &path,
                &world.owner.caller,
                json!({"baseVersion": 1, "branding": branding("#0b5d3b", "#111827", css)}),
            )
            .await;
        assert_eq!(reply.invalid_fields(), ["portal.customCss"], "{css}");
        let message = reply.json()["error"]["fields"][0]["message"].as_str().unwrap().to_string();
        assert!(message.contains("of the custom CSS cannot be used. The first, `"), "{css}: {message}");
    }
    let reply = app
        .send_json(
            reqwest::Method::PUT,
            &path,
            &world.owner.caller,
            json!({"baseVersion": 1, "branding": branding("#0b5d3b", "#111827", ".card { background: \\75 rl(x); position: fixed }")}),
        )
        .await;
    let message = reply.json()["error"]["fields"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message.starts_with(
            "2 parts of the custom CSS cannot be used. The first, `background: \\75 rl(x);`: `url()` loads"
        ),
        "{message}"
    );
    let live = app.get(&path, &Caller::anonymous()).await.expect(200);
    assert_eq!(live["version"], 1, "nothing was published");

    // Clean CSS is published as the sanitiser writes it: what apps get is what was checked.
    let published = app
        .send_json(
            reqwest::Method::PUT,
            &path,
            &world.owner.caller,
            json!({"baseVersion": 1, "branding": branding("#0b5d3b", "#111827", "/* Ridgeline */\n.card{border-radius:12px;box-shadow:0 1px 2px rgba(0,0,0,.2)}\n@media (max-width: 600px) { :root { --brand-radius: 4px } }")}),
        )
        .await
        .expect(200);
    let stored = ".card {\n  border-radius: 12px;\n  box-shadow: 0 1px 2px rgba(0,0,0,0.2);\n}\n@media (max-width: 600px) {\n  :root {\n    --brand-radius: 4px;\n  }\n}\n";
    assert_eq!(published["branding"]["portal"]["customCss"], stored);
    let live = app.get(&path, &Caller::anonymous()).await.expect(200);
    assert_eq!(live["branding"]["portal"]["customCss"], stored);
    assert_eq!(brand_css::sanitize(stored).css, stored, "the studio's preview of it is the same");
}

/// A version published under older, looser rules is checked again before it is brought back.
#[tokio::test]
async fn a_version_that_no_longer_passes_is_not_reverted_to() {
    let world = World::build().await;
    let app = &world.app;
    let mut old = portal_api::Branding::default();
    old.company.name = "Ridgeline Wireless".into();
    old.portal.custom_css = ".card { background: url(https://evil.example/t.png) }".into();
    sqlx::query("INSERT INTO branding_versions (tenant_id, version, branding, published_at) VALUES ($1, 0, $2, 0)")
        .bind(TENANT_A)
        .bind(serde_json::to_string(&old).unwrap())
        .execute(app.db())
        .await
        .unwrap();
    let reply = app
        .post(
            &format!("/api/tenant/{TENANT_A}/branding/revert"),
            &world.owner.caller,
            json!({"version": 0, "baseVersion": 1}),
        )
        .await;
    assert_eq!(reply.invalid_fields(), ["portal.customCss"]);
    let live = app.get(&format!("/api/tenant/{TENANT_A}/branding"), &Caller::anonymous()).await.expect(200);
    assert_eq!(live["version"], 1);
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
