//! Branding published by the provider's staff reaches an installed, running app: no reinstall,
//! no restart. The app asks at start, every ten minutes and whenever it is back online; here the
//! last, so the test does not wait ten minutes.

use std::sync::Arc;

use app_core::{AppEvent, PortalApp};
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn branding_published_by_staff_reaches_a_running_app() {
    let mut server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let events = Arc::new(Recorder::default());
    let app = PortalApp::new(server.app_config(data.path(), &test_identifier()), events.clone()).unwrap();
    app.start().await;
    sign_up_with_access_code(&server, &app, "RW-3201", "+1 555 010 7171").await;
    events.wait_for_event("the watcher online", |e| matches!(e, AppEvent::ConnectionChanged(c) if c.online)).await;
    let before = app.get_branding().await.unwrap();

    let path = format!("/api/tenant/{TENANT}/branding");
    let live = server.staff(Method::GET, &path, None, 200).await;
    let mut branding = live["branding"].clone();
    branding["colors"]["primary"] = json!("#7c2d12");
    branding["portal"]["welcomeMessage"] = json!("New look, same people.");
    let body = json!({ "baseVersion": live["version"], "branding": branding });
    server.staff(Method::PUT, &path, Some(body), 200).await;

    // A connection lost and found again, as after a laptop's sleep.
    server.stop().await;
    events.wait_for_event("the watcher offline", |e| matches!(e, AppEvent::ConnectionChanged(c) if !c.online)).await;
    let told = || events.events().iter().filter(|e| matches!(e, AppEvent::BrandingChanged)).count();
    let told_before = told();
    server.start_again().await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while told() == told_before {
        assert!(tokio::time::Instant::now() < deadline, "the window was never told to apply the new branding");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let after = app.get_branding().await.unwrap();
    assert_ne!(before.colors.primary, "#7c2d12");
    assert_eq!(after.colors.primary, "#7c2d12");
    assert_eq!(after.portal.welcome_message, "New look, same people.");
}
