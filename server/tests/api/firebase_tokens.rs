//! ID-token verification as real Firebase projects use it: no emulator, tokens signed with RS256
//! by keys the server fetches from a JWKS endpoint. A local stand-in for Google's key endpoint
//! serves keys generated here (and counts its fetches), so every check of the production path
//! can be exercised: signature, `kid`, algorithm, each claim, the key cache and outages.
//!
//! These tests build their own configuration, so they do not need the Auth emulator.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

use crate::helpers::*;

const ISSUER_PREFIX: &str = "https://securetoken.google.com/";
const TENANT: &str = "ridgeline";
/// The `kid` the key endpoint publishes the main signing key under.
const KID: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
/// The `kid` of a second published key (Google publishes two while rotating).
const SECOND_KID: &str = "0f9e8d7c6b5a49382716051f2e3d4c5b6a798012";
/// Long enough that the keys never go stale during a test.
const LONG_MAX_AGE: u64 = 3600;

// ---------------------------------------------------------------------------------------------
// Keys

/// An RSA key pair and its `jsonwebtoken` signing key. Generating 2048-bit keys is slow in debug
/// builds, so each key is made once per test process.
struct KeyPair {
    private: RsaPrivateKey,
    encoding: EncodingKey,
}

impl KeyPair {
    fn generate() -> KeyPair {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("an RSA key pair");
        let der = private.to_pkcs1_der().expect("a PKCS#1 private key");
        let encoding = EncodingKey::from_rsa_der(der.as_bytes());
        KeyPair { private, encoding }
    }

    /// The public half as a JWK, the way Google publishes it.
    fn jwk(&self, kid: &str) -> Value {
        let public = self.private.to_public_key();
        let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        json!({
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": kid,
            "n": b64(public.n().to_bytes_be()),
            "e": b64(public.e().to_bytes_be()),
        })
    }
}

/// The key the key endpoint publishes: "Google's".
fn google_key() -> &'static KeyPair {
    static KEY: OnceLock<KeyPair> = OnceLock::new();
    KEY.get_or_init(KeyPair::generate)
}

/// Another key: unpublished in most tests (a forger's), published as the second key in one.
fn other_key() -> &'static KeyPair {
    static KEY: OnceLock<KeyPair> = OnceLock::new();
    KEY.get_or_init(KeyPair::generate)
}

// ---------------------------------------------------------------------------------------------
// The key endpoint

struct KeyEndpointState {
    document: Value,
    cache_control: String,
    fetches: AtomicUsize,
    /// Answer 503, as during an outage at Google.
    down: std::sync::atomic::AtomicBool,
}

/// A stand-in for Google's JWKS endpoint on 127.0.0.1.
struct KeyEndpoint {
    url: String,
    state: Arc<KeyEndpointState>,
}

impl KeyEndpoint {
    async fn serve(keys: Vec<Value>, max_age_secs: u64) -> KeyEndpoint {
        async fn jwks(State(state): State<Arc<KeyEndpointState>>) -> axum::response::Response {
            state.fetches.fetch_add(1, Ordering::SeqCst);
            if state.down.load(Ordering::SeqCst) {
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            ([(header::CACHE_CONTROL, state.cache_control.clone())], axum::Json(state.document.clone())).into_response()
        }
        let state = Arc::new(KeyEndpointState {
            document: json!({ "keys": keys }),
            cache_control: format!("public, max-age={max_age_secs}, must-revalidate, no-transform"),
            fetches: AtomicUsize::new(0),
            down: Default::default(),
        });
        let router = axum::Router::new().route("/jwks", axum::routing::get(jwks)).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port for the key endpoint");
        let url = format!("http://{}/jwks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.expect("the key endpoint runs") });
        KeyEndpoint { url, state }
    }

    /// Google's key endpoint publishing the main key under `KID`.
    async fn google(max_age_secs: u64) -> KeyEndpoint {
        KeyEndpoint::serve(vec![google_key().jwk(KID)], max_age_secs).await
    }

    fn fetches(&self) -> usize {
        self.state.fetches.load(Ordering::SeqCst)
    }
}

/// A URL on 127.0.0.1 that accepts connections and never answers.
async fn hanging_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{address}/jwks")
}

/// A URL on 127.0.0.1 where nothing listens.
async fn closed_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}/jwks")
}

// ---------------------------------------------------------------------------------------------
// The server, configured for production verification

/// Starts the real server verifying tokens against `jwks_url`, with no emulator configured.
async fn spawn_production(jwks_url: &str) -> TestApp {
    let app = TestApp::spawn_with(|config| {
        config.firebase.emulator_host = None;
        config.firebase.jwks_url = jwks_url.into();
    })
    .await;
    assert!(!app.state.tokens.is_emulator(), "these tests are about the production verifier");
    app
}

/// A production server and a staff member who can call `GET /api/staff/me`.
struct Production {
    app: TestApp,
    staff: EmulatorUser,
}

impl Production {
    async fn start(jwks_url: &str) -> Production {
        let app = spawn_production(jwks_url).await;
        app.insert_tenant(TENANT, "Ridgeline Wireless").await;
        // Shaped like a Firebase uid: 28 characters.
        let uid = uuid::Uuid::new_v4().simple().to_string()[..28].to_string();
        let email = format!("owner.{uid}@example.com");
        let id_token = sign_rs256(google_key(), KID, &claims_for(&uid));
        let staff = EmulatorUser { uid, email, id_token };
        app.insert_staff(TENANT, &staff, "owner").await;
        Production { app, staff }
    }

    /// Valid claims for the staff member.
    fn claims(&self) -> Value {
        claims_for(&self.staff.uid)
    }

    async fn staff_me(&self, token: &str) -> Reply {
        self.app.get("/api/staff/me", &Caller { token: Some(token.into()), tenant: None }).await
    }

    /// Sends a token that must be accepted as the staff member.
    async fn accepted(&self, token: &str) {
        let reply = self.staff_me(token).await;
        let body = reply.expect(200);
        assert_eq!(body["uid"], self.staff.uid.as_str(), "the uid comes from the token: {body}");
    }

    /// Sends a token that must be refused as unauthenticated.
    async fn refused(&self, token: &str) {
        let reply = self.staff_me(token).await;
        assert_unauthenticated(&reply);
    }
}

/// Every refusal is a 401 with the JSON error body and a Bearer challenge.
#[track_caller]
fn assert_unauthenticated(reply: &Reply) {
    assert_eq!(reply.error(401), "unauthenticated", "body: {}", reply.text);
    let body = reply.json();
    assert!(body["error"]["message"].is_string(), "an error has a message: {body}");
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"), "a 401 carries a Bearer challenge");
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// Claims of a valid Firebase ID token for `uid`, as Firebase issues them.
fn claims_for(uid: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    let project = project_id();
    json!({
        "iss": format!("{ISSUER_PREFIX}{project}"),
        "aud": project,
        "auth_time": now - 120,
        "user_id": uid,
        "sub": uid,
        "iat": now - 60,
        "exp": now + 3540,
        "email": format!("{uid}@example.com"),
        "email_verified": false,
        "firebase": {"identities": {"email": [format!("{uid}@example.com")]}, "sign_in_provider": "password"},
    })
}

fn sign_rs256(key: &KeyPair, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.into());
    jsonwebtoken::encode(&header, claims, &key.encoding).expect("a signed token")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

// ---------------------------------------------------------------------------------------------
// Accepted tokens

#[tokio::test]
async fn a_token_signed_by_google_keys_is_accepted() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let body = prod.staff_me(&prod.staff.id_token).await.expect(200);
    assert_eq!(body["uid"], prod.staff.uid.as_str());
    assert_eq!(body["email"], format!("{}@example.com", prod.staff.uid).as_str(), "the email comes from the token");
    assert_eq!(body["memberships"][0]["tenantId"], TENANT);
    assert_eq!(keys.fetches(), 1);
}

#[tokio::test]
async fn a_token_signed_by_any_published_key_is_accepted_by_its_kid() {
    let keys = KeyEndpoint::serve(vec![google_key().jwk(KID), other_key().jwk(SECOND_KID)], LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    prod.accepted(&sign_rs256(google_key(), KID, &prod.claims())).await;
    prod.accepted(&sign_rs256(other_key(), SECOND_KID, &prod.claims())).await;
    // Each key only verifies under its own kid.
    let mut claims = prod.claims();
    claims["iat"] = json!(now() - 30);
    prod.refused(&sign_rs256(other_key(), KID, &claims)).await;
    prod.refused(&sign_rs256(google_key(), SECOND_KID, &claims)).await;
}

#[tokio::test]
async fn a_token_issued_within_the_clock_skew_leeway_is_accepted() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let mut claims = prod.claims();
    claims["iat"] = json!(now() + 30);
    claims["auth_time"] = json!(now() + 30);
    prod.accepted(&sign_rs256(google_key(), KID, &claims)).await;
}

// ---------------------------------------------------------------------------------------------
// Refused tokens

#[tokio::test]
async fn a_token_signed_by_another_key_under_a_published_kid_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    prod.refused(&sign_rs256(other_key(), KID, &prod.claims())).await;
    prod.accepted(&prod.staff.id_token).await;
}

#[tokio::test]
async fn a_token_with_an_unknown_kid_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    prod.refused(&sign_rs256(google_key(), "no-such-key", &prod.claims())).await;
    let mut header = Header::new(Algorithm::RS256);
    header.kid = None;
    let without_kid = jsonwebtoken::encode(&header, &prod.claims(), &google_key().encoding).unwrap();
    prod.refused(&without_kid).await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let mut claims = prod.claims();
    claims["iat"] = json!(now() - 7200);
    claims["auth_time"] = json!(now() - 7200);
    claims["exp"] = json!(now() - 3600);
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
}

#[tokio::test]
async fn a_token_for_another_project_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let mut claims = prod.claims();
    claims["aud"] = json!("someone-elses-project");
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
    // Both `aud` and `iss` naming the other project.
    claims["iss"] = json!(format!("{ISSUER_PREFIX}someone-elses-project"));
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    for issuer in [
        format!("https://accounts.google.com/{}", project_id()),
        format!("https://securetoken.google.com/{}/", project_id()),
        "https://securetoken.google.com/".to_string(),
        "https://accounts.google.com".to_string(),
    ] {
        let mut claims = prod.claims();
        claims["iss"] = json!(issuer);
        prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
    }
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let mut claims = prod.claims();
    claims["iat"] = json!(now() + 300);
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
}

#[tokio::test]
async fn a_token_whose_sign_in_is_in_the_future_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let mut claims = prod.claims();
    claims["auth_time"] = json!(now() + 300);
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
}

#[tokio::test]
async fn a_token_without_auth_time_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let mut claims = prod.claims();
    claims.as_object_mut().unwrap().remove("auth_time");
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
}

#[tokio::test]
async fn a_token_without_a_subject_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    // Were it accepted, an empty `sub` would reach the staff lookup and answer 403, not 401.
    let mut claims = prod.claims();
    claims["sub"] = json!("");
    claims["user_id"] = json!("");
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
    claims.as_object_mut().unwrap().remove("sub");
    prod.refused(&sign_rs256(google_key(), KID, &claims)).await;
}

#[tokio::test]
async fn a_token_with_a_subject_longer_than_a_firebase_uid_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let long_uid = "u".repeat(129);
    prod.refused(&sign_rs256(google_key(), KID, &claims_for(&long_uid))).await;
}

#[tokio::test]
async fn an_unsigned_emulator_token_is_refused_in_production() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = engine.encode(prod.claims().to_string());
    for header in [json!({"alg": "none", "typ": "JWT"}), json!({"alg": "none", "typ": "JWT", "kid": KID})] {
        let unsigned = format!("{}.{payload}.", engine.encode(header.to_string()));
        prod.refused(&unsigned).await;
        prod.refused(unsigned.trim_end_matches('.')).await;
    }
}

#[tokio::test]
async fn an_hs256_token_keyed_with_the_public_key_is_refused() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let public = google_key().private.to_public_key();
    let secrets: Vec<Vec<u8>> = vec![
        public.to_public_key_pem(LineEnding::LF).unwrap().into_bytes(),
        public.to_pkcs1_pem(LineEnding::LF).unwrap().into_bytes(),
        public.to_pkcs1_der().unwrap().as_bytes().to_vec(),
    ];
    for secret in secrets {
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            let mut header = Header::new(alg);
            header.kid = Some(KID.into());
            let forged = jsonwebtoken::encode(&header, &prod.claims(), &EncodingKey::from_secret(&secret)).unwrap();
            prod.refused(&forged).await;
        }
    }
}

#[tokio::test]
async fn every_refusal_is_a_json_unauthenticated_error_with_a_bearer_challenge() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let expired = {
        let mut claims = prod.claims();
        claims["exp"] = json!(now() - 3600);
        sign_rs256(google_key(), KID, &claims)
    };
    let tokens = [
        "garbage".to_string(),
        "a.b.c".to_string(),
        expired,
        sign_rs256(other_key(), KID, &prod.claims()),
        sign_rs256(google_key(), "no-such-key", &prod.claims()),
    ];
    for token in &tokens {
        assert_unauthenticated(&prod.staff_me(token).await);
    }
    // No token at all, and a token sent under another scheme.
    let url = format!("{}/api/staff/me", prod.app.base);
    assert_unauthenticated(&Reply::from(prod.app.http.get(&url).send().await.unwrap()).await);
    let basic = prod.app.http.get(&url).header("Authorization", format!("Basic {}", prod.staff.id_token));
    assert_unauthenticated(&Reply::from(basic.send().await.unwrap()).await);
}

// ---------------------------------------------------------------------------------------------
// The key cache

#[tokio::test]
async fn signing_keys_are_fetched_once_while_their_max_age_lasts() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    let tokens: Vec<String> = (0..20)
        .map(|i| {
            let mut claims = prod.claims();
            claims["iat"] = json!(now() - 60 - i);
            sign_rs256(google_key(), KID, &claims)
        })
        .collect();
    // All at once, before any key is cached.
    let replies = futures::future::join_all(tokens.iter().map(|token| prod.staff_me(token))).await;
    for reply in &replies {
        assert_eq!(reply.expect(200)["uid"], prod.staff.uid.as_str());
    }
    assert_eq!(keys.fetches(), 1, "20 concurrent requests share one key fetch");
    // And one after the other, with tokens the server has not seen yet.
    for i in 0..20 {
        let mut claims = prod.claims();
        claims["auth_time"] = json!(now() - 600 - i);
        prod.accepted(&sign_rs256(google_key(), KID, &claims)).await;
    }
    assert_eq!(keys.fetches(), 1, "the keys stay cached for their max-age");
}

#[tokio::test]
async fn signing_keys_are_fetched_again_once_their_max_age_has_passed() {
    let keys = KeyEndpoint::google(1).await;
    let prod = Production::start(&keys.url).await;
    prod.accepted(&prod.staff.id_token).await;
    assert_eq!(keys.fetches(), 1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // A token the server has not verified before, so it needs the (now stale) keys.
    let mut claims = prod.claims();
    claims["iat"] = json!(now() - 61);
    prod.accepted(&sign_rs256(google_key(), KID, &claims)).await;
    assert_eq!(keys.fetches(), 2, "stale keys are fetched again");
}

#[tokio::test]
async fn tokens_with_unknown_kids_do_not_make_the_server_refetch_keys() {
    let keys = KeyEndpoint::google(LONG_MAX_AGE).await;
    let prod = Production::start(&keys.url).await;
    for i in 0..5 {
        prod.refused(&sign_rs256(google_key(), &format!("unknown-{i}"), &prod.claims())).await;
    }
    prod.accepted(&prod.staff.id_token).await;
    for i in 5..15 {
        prod.refused(&sign_rs256(other_key(), &format!("unknown-{i}"), &prod.claims())).await;
    }
    let fetches = keys.fetches();
    assert!(fetches <= 2, "15 forged kids within 30 s caused {fetches} key fetches");
    prod.accepted(&sign_rs256(google_key(), KID, &claims_for(&prod.staff.uid))).await;
}

#[tokio::test]
async fn when_the_key_endpoint_is_down_requests_are_unavailable_not_refused() {
    let prod = Production::start(&closed_url().await).await;
    let reply = prod.staff_me(&prod.staff.id_token).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "body: {}", reply.text);
    assert_eq!(reply.error(503), "unavailable");
    // Still unavailable on the next request (the outage is not cached as a refusal).
    assert_eq!(prod.staff_me(&prod.staff.id_token).await.error(503), "unavailable");
}

#[tokio::test]
async fn a_hanging_key_endpoint_does_not_queue_requests_behind_each_other() {
    let prod = Production::start(&hanging_url().await).await;
    let started = std::time::Instant::now();
    let tokens: Vec<String> = (0..3)
        .map(|i| {
            let mut claims = prod.claims();
            claims["iat"] = json!(now() - i);
            sign_rs256(google_key(), KID, &claims)
        })
        .collect();
    let replies = futures::future::join_all(tokens.iter().map(|t| prod.staff_me(t))).await;
    for reply in &replies {
        assert_eq!(reply.error(503), "unavailable");
    }
    // One fetch times out (10 s); the requests waiting on it fail at once instead of each
    // trying again in turn.
    assert!(started.elapsed() < Duration::from_secs(15), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn keys_already_held_keep_working_while_the_key_endpoint_is_down() {
    let keys = KeyEndpoint::google(1).await;
    let prod = Production::start(&keys.url).await;
    prod.accepted(&prod.staff.id_token).await;
    keys.state.down.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut claims = prod.claims();
    claims["iat"] = json!(now() - 5);
    prod.accepted(&sign_rs256(google_key(), KID, &claims)).await;
    assert_eq!(keys.fetches(), 2, "the server tried to refresh, then used the key it had");
    // A key it never had is still refused.
    let unknown = sign_rs256(other_key(), "kid-never-published", &prod.claims());
    assert_eq!(prod.staff_me(&unknown).await.error(503), "unavailable");
}
