//! What the desktop cores' integration tests stand on: the real server in-process on a random
//! port with a fresh database (SQLite, or PostgreSQL when `WISP_TEST_DATABASE=postgres`) holding
//! one tenant and its owner, and real Firebase Auth emulator users (the emulator that
//! `scripts/test.sh` starts). Staff arrange things through the staff API, as in the server's own
//! tests. Used by `crates/app-core/tests` and `studio/tests`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use portal_api::StaffRole;
use serde_json::{json, Value};
use wisp_server::config::{FirebaseConfig, Limits};
use wisp_server::db::Db;
use wisp_server::secrets::LinkKeys;
use wisp_server::{Config, Server};

/// The tenant every [`TestServer`] starts with.
pub const TENANT: &str = "ridgeline";
pub const TENANT_NAME: &str = "Ridgeline Wireless";
/// Every emulator user's password.
pub const PASSWORD: &str = "test-password-1";

pub fn emulator_host() -> String {
    std::env::var("FIREBASE_AUTH_EMULATOR_HOST").expect(
        "FIREBASE_AUTH_EMULATOR_HOST is not set: run the tests through scripts/test.sh, which starts the Firebase Auth emulator",
    )
}

pub fn project_id() -> String {
    std::env::var("FIREBASE_PROJECT_ID").unwrap_or_else(|_| "demo-wisp-test".into())
}

/// `label` followed by a fresh random suffix: names no other test uses.
pub fn unique(label: &str) -> String {
    format!("{label}{}", uuid::Uuid::new_v4().simple())
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
) -> (Db, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
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

/// The real server, with the tenant [`TENANT`] and its owner.
pub struct TestServer {
    pub base: String,
    pub owner: EmulatorUser,
    db: Db,
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
        let server = TestServer {
            base,
            owner: EmulatorUser::create("owner").await,
            db,
            http: reqwest::Client::new(),
            config,
            stop: Some(stop),
            serving: Some(serving),
            _data: Arc::new(data),
        };
        server.add_tenant(TENANT, TENANT_NAME).await;
        server.add_staff(TENANT, &server.owner, "Olive Owner", StaffRole::Owner).await;
        server
    }

    /// Another tenant, with the branding a new tenant starts with (its company named `name`).
    pub async fn add_tenant(&self, id: &str, name: &str) {
        let mut branding = portal_api::Branding::default();
        branding.company.name = name.into();
        branding.company.display_name = name.into();
        let settings =
            wisp_server::tenants::TenantSettings { deep_link_scheme: format!("{id}-portal"), ..Default::default() };
        wisp_server::provisioning::add_tenant(&self.db, id, name, &branding, &settings).await.unwrap();
    }

    /// Makes `user` a staff member of `tenant` in `role`.
    pub async fn add_staff(&self, tenant: &str, user: &EmulatorUser, display_name: &str, role: StaffRole) {
        wisp_server::provisioning::add_staff(&self.db, tenant, &user.uid, &user.email, display_name, role)
            .await
            .unwrap();
    }

    /// A new emulator user on the staff of [`TENANT`] in `role`.
    pub async fn staff_member(&self, role: StaffRole) -> EmulatorUser {
        let user = EmulatorUser::create(role.as_str()).await;
        self.add_staff(TENANT, &user, &format!("Test {role}"), role).await;
        user
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
            .bearer_auth(&self.owner.id_token)
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
            .bearer_auth(&self.owner.id_token)
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

    /// A customer of [`TENANT`] with a portal login (signed up with an access code, as the app
    /// does it): an emulator user who is a customer and nothing else.
    pub async fn customer_login(&self, number: &str, phone: &str) -> EmulatorUser {
        let customer = self.customer(number, phone).await;
        let access_code = self.access_code(&customer).await;
        let verified: Value = self
            .http
            .post(format!("{}/api/portal/signup/verify", self.base))
            .json(&json!({"tenantId": TENANT, "accessCode": access_code}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let link_ticket = verified["linkTicket"].as_str().unwrap_or_else(|| panic!("verify failed: {verified}"));
        let user = EmulatorUser::create("customer").await;
        let linked = self
            .http
            .post(format!("{}/api/portal/signup/link", self.base))
            .bearer_auth(&user.id_token)
            .json(&json!({"linkTicket": link_ticket}))
            .send()
            .await
            .unwrap();
        assert!(linked.status().is_success(), "link: {}", linked.text().await.unwrap());
        user
    }
}

/// A Firebase Auth emulator user.
#[derive(Debug, Clone)]
pub struct EmulatorUser {
    pub uid: String,
    pub email: String,
    pub id_token: String,
}

impl EmulatorUser {
    /// A new account with [`PASSWORD`], its e-mail address starting with `label`.
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
