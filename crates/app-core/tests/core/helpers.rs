//! The shared test support (`wisp-test-support`: the real server in-process with a fresh
//! database, Firebase Auth emulator users) and an app core configured against both.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use app_core::config::AppConfig;
use app_core::notices::Notification;
use app_core::session::Session;
use app_core::ui_types::{SignupCheckRequest, SignupCompleteRequest};
use app_core::{AppEvent, AppEvents, PortalApp, Sensitive};
use portal_client::{ClientConfig, PortalClient};
use serde_json::json;
pub use wisp_test_support::*;

pub fn password() -> Sensitive<String> {
    Sensitive::new(PASSWORD.to_string())
}

/// The app's settings for this server and the emulator, with a data folder of its own and a
/// keychain service no other test uses.
pub trait AppConfigFor {
    fn app_config(&self, data_dir: &Path, identifier: &str) -> AppConfig;
}

impl AppConfigFor for TestServer {
    fn app_config(&self, data_dir: &Path, identifier: &str) -> AppConfig {
        app_config(&self.base, data_dir, identifier)
    }
}

pub fn app_config(api_base: &str, data_dir: &Path, identifier: &str) -> AppConfig {
    let emulator = emulator_host();
    let json = json!({
        "productName": "Ridgeline Support",
        "identifier": identifier,
        "tenantId": TENANT,
        "apiBaseUrl": api_base,
        "firebase": {
            "apiKey": "test-api-key",
            "projectId": project_id(),
            "identityToolkitUrl": format!("http://{emulator}/identitytoolkit.googleapis.com"),
            "secureTokenUrl": format!("http://{emulator}/securetoken.googleapis.com"),
        },
        "brand": {"branding": {"company": {"displayName": "Ridgeline Wireless"}}}
    });
    AppConfig::from_json(&json.to_string(), data_dir.to_path_buf()).expect("test settings are valid")
}

/// A unique keychain service per test, so tests running at once never share an entry.
pub fn test_identifier() -> String {
    format!("net.wisp-test.{}", unique("t"))
}

// ---------------------------------------------------------------------------------------------
// The app core, signed in
// ---------------------------------------------------------------------------------------------

pub struct App {
    pub session: Session,
    pub api: PortalClient,
}

pub fn start(server: &TestServer, data: &std::path::Path, identifier: &str) -> App {
    let config = server.app_config(data, identifier);
    let public = PortalClient::new(ClientConfig::new(server.base.clone(), TENANT)).unwrap();
    let session = Session::new(&config, public.clone()).unwrap();
    let api = public.with_tokens(session.token_source());
    App { session, api }
}

pub fn phone_check(number: &str, phone: &str) -> SignupCheckRequest {
    SignupCheckRequest { customer_number: Some(number.into()), phone: Some(phone.into()), access_code: None }
}

/// A customer who signed up through the app; returns the app and the login e-mail.
pub async fn signed_up(server: &TestServer, data: &std::path::Path, identifier: &str) -> (App, String) {
    let number = "RW-2001".to_string();
    server.customer(&number, "+1 555 010 4242").await;
    let app = start(server, data, identifier);
    app.session.signup_verify(&phone_check(&number, "(555) 010-4242")).await.unwrap();
    let email = format!("{}@example.com", unique("casey."));
    app.session.signup_complete(&email, &password()).await.unwrap();
    (app, email)
}

// ---------------------------------------------------------------------------------------------
// What the core tells the window
// ---------------------------------------------------------------------------------------------

/// Records every event and notification, as the shell would show them.
#[derive(Default)]
pub struct Recorder {
    events: Mutex<Vec<AppEvent>>,
    notifications: Mutex<Vec<Notification>>,
}

impl AppEvents for Recorder {
    fn emit(&self, event: AppEvent) {
        self.events.lock().unwrap().push(event);
    }

    fn notify(&self, notification: Notification) {
        self.notifications.lock().unwrap().push(notification);
    }
}

impl Recorder {
    pub fn events(&self) -> Vec<AppEvent> {
        self.events.lock().unwrap().clone()
    }

    pub fn notifications(&self) -> Vec<Notification> {
        self.notifications.lock().unwrap().clone()
    }

    /// Waits (up to 20 s) until an event matching `wanted` has been emitted.
    pub async fn wait_for_event(&self, what: &str, wanted: impl Fn(&AppEvent) -> bool) {
        wait_until(what, || self.events().iter().any(&wanted)).await
    }

    /// Waits (up to 20 s) until `count` notifications have been shown.
    pub async fn wait_for_notifications(&self, count: usize) {
        wait_until(&format!("{count} notification(s)"), || self.notifications().len() >= count).await
    }
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Signs up the customer `number` with a staff-issued access code; returns the login e-mail.
pub async fn sign_up_with_access_code(server: &TestServer, app: &PortalApp, number: &str, phone: &str) -> String {
    let customer = server.customer(number, phone).await;
    let access_code = Some(server.access_code(&customer).await);
    let check = app.signup_verify(SignupCheckRequest { access_code, ..Default::default() }).await.unwrap();
    assert_eq!(check.greeting_name, "Casey");
    let email = format!("{}@example.com", unique("casey."));
    let state =
        app.signup_complete(SignupCompleteRequest { email: email.clone(), password: password() }).await.unwrap();
    assert!(state.signed_in && state.keychain_available, "{state:?}");
    email
}
