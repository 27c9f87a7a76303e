//! `TestApp::spawn()` starts the real server on a random port with its own fresh database
//! (SQLite, or PostgreSQL when `WISP_TEST_DATABASE=postgres`) and talks to it over HTTP. Users
//! are real Firebase Auth emulator accounts.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use wisp_server::config::{FirebaseConfig, Limits};
use wisp_server::secrets::LinkKeys;
use wisp_server::{Config, Server};

pub const PASSWORD: &str = "test-password-1";

/// The Firebase Auth emulator that `scripts/test.sh` starts for the run.
pub fn emulator_host() -> String {
    std::env::var("FIREBASE_AUTH_EMULATOR_HOST").expect(
        "FIREBASE_AUTH_EMULATOR_HOST is not set: run the tests through scripts/test.sh, which starts the Firebase Auth emulator",
    )
}

pub fn project_id() -> String {
    std::env::var("FIREBASE_PROJECT_ID").unwrap_or_else(|_| "demo-wisp-test".into())
}

pub enum TestDatabase {
    Sqlite,
    Postgres { admin_url: String },
}

pub fn test_database() -> TestDatabase {
    match std::env::var("WISP_TEST_DATABASE").as_deref() {
        Ok("postgres") => TestDatabase::Postgres {
            admin_url: std::env::var("WISP_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        },
        Ok("sqlite") | Err(_) => TestDatabase::Sqlite,
        Ok(other) => panic!("WISP_TEST_DATABASE={other:?}: use sqlite or postgres"),
    }
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database_url(data_dir: &std::path::Path) -> String {
    match test_database() {
        TestDatabase::Sqlite => format!("sqlite://{}?mode=rwc", data_dir.join("test.db").display()),
        TestDatabase::Postgres { admin_url } => {
            use sqlx::Connection;
            let name = format!("wisp_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|err| {
                panic!("PostgreSQL was asked for (WISP_TEST_DATABASE=postgres) but cannot be reached at {admin_url}: {err}")
            });
            sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create a test database");
            let (base, _) = admin_url.rsplit_once('/').expect("a database URL with a path");
            format!("{base}/{name}")
        }
    }
}

/// A fresh random link key (64 hex digits), as `openssl rand -hex 32` makes one.
pub fn random_link_key() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

pub fn test_config(data_dir: &std::path::Path, database_url: String) -> Config {
    Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: data_dir.to_path_buf(),
        database_url: database_url.into(),
        firebase: FirebaseConfig {
            project_id: project_id(),
            // Tests of the production path replace this with `None` and a local key endpoint.
            emulator_host: std::env::var("FIREBASE_AUTH_EMULATOR_HOST").ok(),
            // scripts/test.sh runs the emulator for a demo- project; these servers opt in.
            allow_emulator: true,
            jwks_url: String::new(),
        },
        poll_interval: Duration::from_secs(60),
        // Tests talk to the server over loopback, standing in for a proxy: `X-Forwarded-For`
        // names the client a test plays.
        trust_forwarded_for: true,
        trusted_proxies: wisp_server::config::trusted_proxies("127.0.0.1, ::1").unwrap(),
        link_keys: Some(LinkKeys::from_hex(&random_link_key(), None).unwrap()),
        // `TestApp` replaces it with the address it serves at once it has its port.
        public_url: "http://127.0.0.1".into(),
        // Small files suffice, and keep the size-limit tests quick.
        limits: Limits {
            max_upload_bytes: 2 * 1024 * 1024,
            max_release_bytes: 4 * 1024 * 1024,
            ..Limits::roomy_for_tests()
        },
    }
}

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub state: wisp_server::state::AppState,
    /// Shared by every instance started on the same database.
    pub data_dir: std::sync::Arc<tempfile::TempDir>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("a temporary directory");
        let url = fresh_database_url(data_dir.path()).await;
        let mut config = test_config(data_dir.path(), url);
        adjust(&mut config);
        Self::start(config, std::sync::Arc::new(data_dir)).await
    }

    async fn start(mut config: Config, data_dir: std::sync::Arc<tempfile::TempDir>) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        config.public_url = base.clone();
        let server = Server::build(config).await.expect("the server starts");
        let state = server.state.clone();
        tokio::spawn(server.serve(listener, std::future::pending()));
        TestApp { base, http: reqwest::Client::new(), state, data_dir }
    }

    /// A second server process-alike on the same database and data directory, as when several
    /// instances run behind one load balancer.
    pub async fn another_instance(&self) -> TestApp {
        Self::start(self.state.config.clone(), self.data_dir.clone()).await
    }

    pub fn db(&self) -> &sqlx::AnyPool {
        self.state.db.pool()
    }

    pub fn request(&self, method: Method, path: &str, caller: &Caller) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(token) = &caller.token {
            request = request.bearer_auth(token);
        }
        if let Some(tenant) = &caller.tenant {
            request = request.header("X-Tenant-Id", tenant);
        }
        request
    }

    pub async fn get(&self, path: &str, caller: &Caller) -> Reply {
        Reply::from(self.request(Method::GET, path, caller).send().await.expect("the server answers")).await
    }

    pub async fn send_json(&self, method: Method, path: &str, caller: &Caller, body: Value) -> Reply {
        Reply::from(self.request(method, path, caller).json(&body).send().await.expect("the server answers")).await
    }

    pub async fn post(&self, path: &str, caller: &Caller, body: Value) -> Reply {
        self.send_json(Method::POST, path, caller, body).await
    }

    pub async fn patch(&self, path: &str, caller: &Caller, body: Value) -> Reply {
        self.send_json(Method::PATCH, path, caller, body).await
    }

    pub async fn upload(&self, path: &str, caller: &Caller, file_name: &str, bytes: Vec<u8>) -> Reply {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string());
        let form = reqwest::multipart::Form::new().part("file", part);
        Reply::from(self.request(Method::POST, path, caller).multipart(form).send().await.expect("the server answers"))
            .await
    }

    /// Creates a tenant the way an operator does (`wisp-server add-tenant`).
    pub async fn insert_tenant(&self, id: &str, name: &str) {
        let mut branding = portal_api::Branding::default();
        branding.company.name = name.into();
        branding.company.display_name = name.into();
        branding.company.support_phone = "+1 555 010 0100".into();
        let settings =
            wisp_server::tenants::TenantSettings { deep_link_scheme: format!("{id}-portal"), ..Default::default() };
        wisp_server::provisioning::add_tenant(&self.state.db, id, name, &branding, &settings)
            .await
            .expect("create a tenant");
    }

    /// Adds a staff member the way an operator does (`wisp-server add-staff`).
    pub async fn insert_staff(&self, tenant: &str, user: &EmulatorUser, role: &str) -> String {
        wisp_server::provisioning::add_staff(
            &self.state.db,
            tenant,
            &user.uid,
            &user.email,
            &format!("{role} of {tenant}"),
            role.parse().unwrap(),
        )
        .await
        .expect("add a staff member")
    }

    /// Runs `sql` with the CHECK constraints of `table` out of the way, to store a value the schema
    /// refuses, as a newer server version or a hand edit could leave it.
    pub async fn execute_unchecked(&self, table: &str, sql: &str) {
        match test_database() {
            TestDatabase::Sqlite => {
                // A connection-level switch: run everything on one connection.
                let mut conn = self.db().acquire().await.expect("a connection");
                sqlx::query("PRAGMA ignore_check_constraints = ON").execute(&mut *conn).await.unwrap();
                sqlx::query(sql).execute(&mut *conn).await.expect("the unchecked write");
                sqlx::query("PRAGMA ignore_check_constraints = OFF").execute(&mut *conn).await.unwrap();
            }
            TestDatabase::Postgres { .. } => {
                let checks: Vec<String> = sqlx::query_scalar(
                    "SELECT conname::text FROM pg_constraint WHERE conrelid = CAST($1 AS regclass) AND contype = 'c'",
                )
                .bind(table)
                .fetch_all(self.db())
                .await
                .unwrap();
                for check in checks {
                    sqlx::query(&format!("ALTER TABLE {table} DROP CONSTRAINT {check}"))
                        .execute(self.db())
                        .await
                        .unwrap();
                }
                sqlx::query(sql).execute(self.db()).await.expect("the unchecked write");
            }
        }
    }

    /// Links a customer record to a Firebase user directly, for tests that are not about linking.
    pub async fn link_directly(&self, customer_id: &str, user: &EmulatorUser) {
        sqlx::query(
            "UPDATE customers SET firebase_uid = $1, login_email = $2, account_status = 'active' WHERE id = $3",
        )
        .bind(&user.uid)
        .bind(&user.email)
        .bind(customer_id)
        .execute(self.db())
        .await
        .expect("link a customer");
    }
}

/// Who makes a request: a bearer token (or none) and the `X-Tenant-Id` the app sends.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub token: Option<String>,
    pub tenant: Option<String>,
}

impl Caller {
    pub fn anonymous() -> Caller {
        Caller::default()
    }

    pub fn with_token(token: &str, tenant: &str) -> Caller {
        Caller { token: Some(token.into()), tenant: Some(tenant.into()) }
    }
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub async fn from(response: reqwest::Response) -> Reply {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Reply { status, headers, text }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|_| panic!("expected JSON, got {}: {}", self.status, self.text))
    }

    /// The JSON body, after checking the status.
    #[track_caller]
    pub fn expect(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text);
        if self.text.is_empty() {
            Value::Null
        } else {
            self.json()
        }
    }

    /// The error code of a JSON error body, after checking the status.
    #[track_caller]
    pub fn error(&self, status: u16) -> String {
        let body = self.expect(status);
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "an error has a message: {}", self.text);
        body["error"]["code"].as_str().expect("an error code").to_string()
    }

    /// The fields a `422 validation_failed` answer names, in order.
    #[track_caller]
    pub fn invalid_fields(&self) -> Vec<String> {
        assert_eq!(self.error(422), "validation_failed");
        let body = self.json();
        body["error"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A user in the Firebase Auth emulator.
#[derive(Debug, Clone)]
pub struct EmulatorUser {
    pub uid: String,
    pub email: String,
    pub id_token: String,
}

static USER_COUNTER: AtomicU64 = AtomicU64::new(0);

fn identity_url(action: &str) -> String {
    format!("http://{}/identitytoolkit.googleapis.com/v1/accounts:{action}?key=test-api-key", emulator_host())
}

/// Creates a new emulator user with a unique address.
pub async fn new_user(label: &str) -> EmulatorUser {
    let n = USER_COUNTER.fetch_add(1, Ordering::Relaxed);
    let email = format!("{label}.{n}.{}@example.com", uuid::Uuid::new_v4().simple());
    let body: Value = reqwest::Client::new()
        .post(identity_url("signUp"))
        .json(&json!({"email": email, "password": PASSWORD, "returnSecureToken": true}))
        .send()
        .await
        .expect("the Firebase Auth emulator answers")
        .json()
        .await
        .expect("a sign-up answer");
    EmulatorUser {
        uid: body["localId"].as_str().unwrap_or_else(|| panic!("sign-up failed: {body}")).into(),
        email,
        id_token: body["idToken"].as_str().expect("an ID token").into(),
    }
}

/// A new emulator user whose e-mail address is verified, with a token that says so.
pub async fn new_verified_user(label: &str) -> EmulatorUser {
    let user = new_user(label).await;
    let http = reqwest::Client::new();
    let update = format!(
        "http://{}/identitytoolkit.googleapis.com/v1/projects/{}/accounts:update",
        emulator_host(),
        project_id()
    );
    let updated = http
        .post(update)
        .bearer_auth("owner")
        .json(&json!({"localId": user.uid, "emailVerified": true}))
        .send()
        .await
        .expect("the Firebase Auth emulator answers");
    assert!(updated.status().is_success(), "cannot verify the e-mail: {}", updated.text().await.unwrap_or_default());
    let body: Value = http
        .post(identity_url("signInWithPassword"))
        .json(&json!({"email": user.email, "password": PASSWORD, "returnSecureToken": true}))
        .send()
        .await
        .expect("the Firebase Auth emulator answers")
        .json()
        .await
        .expect("a sign-in answer");
    EmulatorUser {
        id_token: body["idToken"].as_str().unwrap_or_else(|| panic!("sign-in failed: {body}")).into(),
        ..user
    }
}

/// A token that is well-formed but expired, for the given user (emulator-style, unsigned).
pub fn expired_token(uid: &str) -> String {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let now = chrono::Utc::now().timestamp();
    let header = engine.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let claims = json!({
        "iss": format!("https://securetoken.google.com/{}", project_id()),
        "aud": project_id(), "sub": uid, "user_id": uid,
        "iat": now - 7200, "exp": now - 3600, "auth_time": now - 7200,
    });
    format!("{header}.{}.", engine.encode(claims.to_string()))
}

// ---------------------------------------------------------------------------------------------
// The customer portal API through `portal-client`, as the app calls it
// ---------------------------------------------------------------------------------------------

/// How a [`TestSession`] gets a new token when the client asks for one.
enum Refresh {
    /// Signs in to the emulator again with the user's password, as a real session refreshes.
    SignIn { email: String },
    /// Hands out this token (for tokens the server will refuse).
    Fixed(String),
}

/// A signed-in session for `portal-client`: an emulator user's ID token, refreshed for real.
pub struct TestSession {
    token: std::sync::Mutex<String>,
    refresh: Refresh,
    refreshes: AtomicU64,
}

impl TestSession {
    /// The user's current token; a refresh signs in again.
    pub fn of(user: &EmulatorUser) -> std::sync::Arc<TestSession> {
        Self::starting_with(user, &user.id_token)
    }

    /// Starts with `token` (e.g. an expired one); a refresh signs `user` in again.
    pub fn starting_with(user: &EmulatorUser, token: &str) -> std::sync::Arc<TestSession> {
        std::sync::Arc::new(TestSession {
            token: std::sync::Mutex::new(token.to_string()),
            refresh: Refresh::SignIn { email: user.email.clone() },
            refreshes: AtomicU64::new(0),
        })
    }

    /// Starts with `token`, and a refresh yields `refreshed` whatever happens.
    pub fn fixed(token: &str, refreshed: &str) -> std::sync::Arc<TestSession> {
        std::sync::Arc::new(TestSession {
            token: std::sync::Mutex::new(token.to_string()),
            refresh: Refresh::Fixed(refreshed.to_string()),
            refreshes: AtomicU64::new(0),
        })
    }

    pub fn refreshes(&self) -> u64 {
        self.refreshes.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl portal_client::TokenSource for TestSession {
    async fn id_token(&self) -> Result<String, portal_client::TokenError> {
        Ok(self.token.lock().unwrap().clone())
    }

    async fn refresh(&self) -> Result<String, portal_client::TokenError> {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        let token = match &self.refresh {
            Refresh::Fixed(token) => token.clone(),
            Refresh::SignIn { email } => sign_in(email).await.ok_or(portal_client::TokenError::SignedOut)?,
        };
        *self.token.lock().unwrap() = token.clone();
        Ok(token)
    }
}

/// A fresh ID token for an emulator user, or `None` when the emulator refuses the sign-in.
pub async fn sign_in(email: &str) -> Option<String> {
    let body: Value = reqwest::Client::new()
        .post(identity_url("signInWithPassword"))
        .json(&json!({"email": email, "password": PASSWORD, "returnSecureToken": true}))
        .send()
        .await
        .expect("the Firebase Auth emulator answers")
        .json()
        .await
        .expect("a sign-in answer");
    body["idToken"].as_str().map(str::to_string)
}

/// Deletes an emulator user, as when their account is removed in Firebase.
pub async fn delete_user(user: &EmulatorUser) {
    reqwest::Client::new()
        .post(identity_url("delete"))
        .json(&json!({"idToken": user.id_token}))
        .send()
        .await
        .expect("the Firebase Auth emulator answers")
        .error_for_status()
        .expect("the user is deleted");
}

impl TestApp {
    /// The client as the app of `tenant` builds it, before anyone signs in.
    pub fn portal_client(&self, tenant: &str) -> portal_client::PortalClient {
        portal_client::PortalClient::new(portal_client::ClientConfig::new(&self.base, tenant))
            .expect("a usable client configuration")
    }

    /// The client signed in as `user`, through the app of `tenant`.
    pub fn portal(&self, user: &EmulatorUser, tenant: &str) -> portal_client::PortalClient {
        self.portal_client(tenant).with_tokens(TestSession::of(user))
    }
}

/// The API error code of a call that must have failed.
#[track_caller]
pub fn error_code<T: std::fmt::Debug>(result: Result<T, portal_client::ClientError>) -> portal_api::ErrorCode {
    let error = result.expect_err("the call fails");
    error.code().unwrap_or_else(|| panic!("expected the server's error body, got {error:?}"))
}

/// The fields a `422 validation_failed` names, in order.
#[track_caller]
pub fn invalid_fields<T: std::fmt::Debug>(result: Result<T, portal_client::ClientError>) -> Vec<String> {
    match result.expect_err("the call fails") {
        portal_client::ClientError::Api { error, .. } if error.code == portal_api::ErrorCode::ValidationFailed => {
            error.fields.into_iter().map(|f| f.field).collect()
        }
        other => panic!("expected validation_failed, got {other:?}"),
    }
}

/// A ticket id from the world's plain strings, for the client's typed calls.
pub fn ticket_id(id: &str) -> portal_api::TicketId {
    portal_api::TicketId(id.to_string())
}
