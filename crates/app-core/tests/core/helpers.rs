//! The real server in-process on a random port with a fresh database (SQLite, or PostgreSQL when
//! `WISP_TEST_DATABASE=postgres`), the Firebase Auth emulator that `scripts/test.sh` starts, and
//! an app core configured against both. Staff arrange things through the staff API, as in the
//! server's own tests.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app_core::config::AppConfig;
use app_core::notices::Notification;
use app_core::session::Session;
use app_core::ui_types::{SignupCheckRequest, SignupCompleteRequest};
use app_core::{AppEvent, AppEvents, PortalApp, Sensitive};
use portal_client::{ClientConfig, PortalClient};
use serde_json::{json, Value};
use wisp_server::config::{FirebaseConfig, Limits};
use wisp_server::secrets::LinkKeys;
use wisp_server::{Config, Server};

pub const TENANT: &str = "ridgeline";
pub const PASSWORD: &str = "test-password-1";

pub fn emulator_host() -> String {
    std::env::var("FIREBASE_AUTH_EMULATOR_HOST").expect(
        "FIREBASE_AUTH_EMULATOR_HOST is not set: run the tests through scripts/test.sh, which starts the Firebase Auth emulator",
    )
}

pub fn project_id() -> String {
    std::env::var("FIREBASE_PROJECT_ID").unwrap_or_else(|_| "demo-wisp-test".into())
}

pub fn unique(label: &str) -> String {
    format!("{label}{}", uuid::Uuid::new_v4().simple())
}

pub fn password() -> Sensitive<String> {
    Sensitive::new(PASSWORD.to_string())
}

async fn fresh_database_url(data_dir: &Path) -> String {
    match std::env::var("WISP_TEST_DATABASE").as_deref() {
        Ok("postgres") => {
            use sqlx::Connection;
            let admin_url = std::env::var("WISP_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = format!("wisp_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("PostgreSQL for the tests");
            sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
            let (base, _) = admin_url.rsplit_once('/').unwrap();
            format!("{base}/{name}")
        }
        Ok("sqlite") | Err(_) => format!("sqlite://{}?mode=rwc", data_dir.join("test.db").display()),
        Ok(other) => panic!("WISP_TEST_DATABASE={other:?}: use sqlite or postgres"),
    }
}

async fn serve(
    config: Config,
    listener: tokio::net::TcpListener,
) -> (wisp_server::db::Db, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let server = Server::build(config).await.expect("the server starts");
    let db = server.state.db.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(async move {
        let _ = server
            .serve(listener, async move {
                let _ = stopped.await;
            })
            .await;
    });
    (db, stop, serving)
}

/// The real server, with one tenant and its owner.
pub struct TestServer {
    pub base: String,
    pub owner_token: String,
    http: reqwest::Client,
    config: Config,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    serving: Option<tokio::task::JoinHandle<()>>,
    _data: Arc<tempfile::TempDir>,
}

impl TestServer {
    pub async fn spawn() -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        TestServer::spawn_on(listener).await
    }

    /// On a given listener: a test that starts the app while the server is down binds the port
    /// later.
    pub async fn spawn_on(listener: tokio::net::TcpListener) -> TestServer {
        let data = tempfile::tempdir().unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let config = Config {
            bind: "127.0.0.1:0".parse().unwrap(),
            data_dir: data.path().to_path_buf(),
            database_url: fresh_database_url(data.path()).await.into(),
            firebase: FirebaseConfig {
                project_id: project_id(),
                emulator_host: Some(emulator_host()),
                allow_emulator: true,
                jwks_url: String::new(),
            },
            poll_interval: Duration::from_secs(1),
            trust_forwarded_for: true,
            trusted_proxies: wisp_server::config::trusted_proxies("127.0.0.1, ::1").unwrap(),
            // A fresh random key (64 hex digits) for signing link tickets.
            link_keys: Some(
                LinkKeys::from_hex(
                    &format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple()),
                    None,
                )
                .unwrap(),
            ),
            public_url: base.clone(),
            limits: Limits::roomy_for_tests(),
        };
        let (db, stop, serving) = serve(config.clone(), listener).await;

        let mut branding = portal_api::Branding::default();
        branding.company.name = "Ridgeline Wireless".into();
        branding.company.display_name = "Ridgeline Wireless".into();
        let settings =
            wisp_server::tenants::TenantSettings { deep_link_scheme: "ridgeline-portal".into(), ..Default::default() };
        wisp_server::provisioning::add_tenant(&db, TENANT, "Ridgeline Wireless", &branding, &settings).await.unwrap();
        let owner = EmulatorUser::create("owner").await;
        wisp_server::provisioning::add_staff(
            &db,
            TENANT,
            &owner.uid,
            &owner.email,
            "Olive Owner",
            "owner".parse().unwrap(),
        )
        .await
        .unwrap();
        TestServer {
            base,
            owner_token: owner.id_token,
            http: reqwest::Client::new(),
            config,
            stop: Some(stop),
            serving: Some(serving),
            _data: Arc::new(data),
        }
    }

    /// The server goes down: its port refuses connections until [`TestServer::start_again`].
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(serving) = self.serving.take() {
            serving.await.unwrap();
        }
    }

    /// The same server (database, data folder, port) comes back.
    pub async fn start_again(&mut self) {
        let address = self.base.trim_start_matches("http://").to_string();
        let listener = tokio::net::TcpListener::bind(&address).await.expect("the port is free again");
        let (_, stop, serving) = serve(self.config.clone(), listener).await;
        self.stop = Some(stop);
        self.serving = Some(serving);
    }

    /// A staff call as the tenant's owner; panics unless the answer has `status`.
    pub async fn staff(&self, method: reqwest::Method, path: &str, body: Option<Value>, status: u16) -> Value {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.owner_token)
            .header("X-Tenant-Id", TENANT);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let got = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(got, status, "{path}: {text}");
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        }
    }

    /// A customer record without a login; returns its id.
    pub async fn customer(&self, number: &str, phone: &str) -> String {
        let body = json!({
            "customerNumber": number,
            "name": "Casey Example",
            "email": format!("{}@example.net", number.to_lowercase()),
            "phone": phone,
            "serviceAddress": "12 Test Road",
            "plan": {"name": "Standard 50/10", "downMbps": 50.0, "upMbps": 10.0, "monthlyPriceCents": 6999},
            "serviceStatus": "active"
        });
        self.staff(reqwest::Method::POST, "/api/customers", Some(body), 201).await["id"].as_str().unwrap().to_string()
    }

    /// A file as staff download it (`GET /api/attachments/{id}`).
    pub async fn staff_download(&self, attachment_id: &str) -> Vec<u8> {
        let response = self
            .http
            .get(format!("{}/api/attachments/{attachment_id}", self.base))
            .bearer_auth(&self.owner_token)
            .header("X-Tenant-Id", TENANT)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "download of {attachment_id}");
        response.bytes().await.unwrap().to_vec()
    }

    pub async fn access_code(&self, customer_id: &str) -> String {
        let grant =
            self.staff(reqwest::Method::POST, &format!("/api/customers/{customer_id}/portal-access"), None, 201).await;
        grant["accessCode"].as_str().unwrap().to_string()
    }

    /// The app's settings for this server and the emulator, with a data folder of its own and
    /// a keychain service no other test uses.
    pub fn app_config(&self, data_dir: &Path, identifier: &str) -> AppConfig {
        self.app_config_for(&self.base, data_dir, identifier)
    }

    pub fn app_config_for(&self, api_base: &str, data_dir: &Path, identifier: &str) -> AppConfig {
        app_config(api_base, data_dir, identifier)
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

/// A Firebase Auth emulator user.
pub struct EmulatorUser {
    pub uid: String,
    pub email: String,
    pub id_token: String,
}

impl EmulatorUser {
    pub async fn create(label: &str) -> EmulatorUser {
        let email = format!("{label}.{}@example.com", unique(""));
        let body: Value = reqwest::Client::new()
            .post(format!("http://{}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=k", emulator_host()))
            .json(&json!({"email": email, "password": PASSWORD, "returnSecureToken": true}))
            .send()
            .await
            .expect("the Firebase Auth emulator answers")
            .json()
            .await
            .unwrap();
        EmulatorUser {
            uid: body["localId"].as_str().unwrap_or_else(|| panic!("sign-up failed: {body}")).into(),
            email,
            id_token: body["idToken"].as_str().unwrap().into(),
        }
    }
}

/// Whether the emulator still has an account with this e-mail address.
pub async fn emulator_has_account(email: &str) -> bool {
    let body: Value = reqwest::Client::new()
        .post(format!(
            "http://{}/identitytoolkit.googleapis.com/v1/projects/{}/accounts:lookup",
            emulator_host(),
            project_id()
        ))
        .bearer_auth("owner")
        .json(&json!({"email": [email]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["users"].as_array().is_some_and(|users| !users.is_empty())
}

/// The newest out-of-band code (password reset, …) the emulator "sent" to this address.
pub async fn oob_code(email: &str, request_type: &str) -> Option<String> {
    let body: Value =
        reqwest::get(format!("http://{}/emulator/v1/projects/{}/oobCodes", emulator_host(), project_id()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    body["oobCodes"]
        .as_array()?
        .iter()
        .rev()
        .find(|code| code["email"] == email && code["requestType"] == request_type)
        .and_then(|code| code["oobCode"].as_str().map(String::from))
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
