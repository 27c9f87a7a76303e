//! The client against a tiny HTTP server on loopback that answers what a real server, a proxy or
//! a broken network might: garbage, empty and cut-short bodies, HTML pages, endless bodies,
//! silence, redirects, and `401`s. Each answer must become a typed error, never a panic or a
//! hang. (The client against the real API server is tested in the server's HTTP tests.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use portal_api::{AttachmentId, CreateComment, ErrorCode, IdempotencyKey, TicketId};
use portal_client::{ChangePoll, ClientConfig, ClientError, PortalClient, TokenError, TokenSource};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server saw of one request.
#[derive(Debug, Clone, Default)]
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body_len: usize,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// How the server answers one request.
enum Answer {
    /// These bytes, then close.
    Raw(Vec<u8>),
    /// Never answer (the connection stays open until the test ends).
    Silence,
    /// A `200` head without a length, then body bytes until the client hangs up.
    Endless,
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    Answer::Raw(bytes)
}

fn json(status: &str, body: &str) -> Answer {
    response(status, &[("Content-Type", "application/json")], body.as_bytes())
}

type Responder = Arc<dyn Fn(usize, &Seen) -> Answer + Send + Sync>;

struct HostileServer {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl HostileServer {
    /// Answers the n-th request (from 0) with `respond(n, request)`.
    async fn start(respond: impl Fn(usize, &Seen) -> Answer + Send + Sync + 'static) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let respond: Responder = Arc::new(respond);
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (respond, log) = (respond.clone(), log.clone());
                tokio::spawn(async move { serve_one(stream, respond, log).await });
            }
        });
        HostileServer { base, seen }
    }

    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn client(&self) -> PortalClient {
        self.client_with(|_| {})
    }

    fn client_with(&self, adjust: impl FnOnce(&mut ClientConfig)) -> PortalClient {
        let mut config = ClientConfig::new(&self.base, "ridgeline");
        adjust(&mut config);
        PortalClient::new(config).unwrap()
    }

    fn signed_in(&self, tokens: Arc<CountingTokens>) -> PortalClient {
        self.client().with_tokens(tokens)
    }
}

async fn serve_one(mut stream: TcpStream, respond: Responder, log: Arc<Mutex<Vec<Seen>>>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut seen = Seen { request_line: lines.next().unwrap_or_default().to_string(), ..Seen::default() };
    for line in lines.filter(|l| !l.is_empty()) {
        if let Some((name, value)) = line.split_once(':') {
            seen.headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let length: usize = seen.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body_len = buffer.len() - head_end;
    while body_len < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body_len += n,
        }
    }
    seen.body_len = body_len;
    let answer = {
        let mut log = log.lock().unwrap();
        let answer = respond(log.len(), &seen);
        log.push(seen);
        answer
    };
    match answer {
        Answer::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Answer::Silence => tokio::time::sleep(Duration::from_secs(3600)).await,
        Answer::Endless => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n").await;
            let block = vec![b' '; 64 * 1024];
            while stream.write_all(&block).await.is_ok() {}
        }
    }
}

/// A session whose token is `token-1` until refreshed, then `token-2`, `token-3`…
struct CountingTokens {
    refreshes: AtomicUsize,
    refresh_fails: bool,
}

impl CountingTokens {
    fn new() -> Arc<CountingTokens> {
        Arc::new(CountingTokens { refreshes: AtomicUsize::new(0), refresh_fails: false })
    }

    fn revoked() -> Arc<CountingTokens> {
        Arc::new(CountingTokens { refreshes: AtomicUsize::new(0), refresh_fails: true })
    }

    fn refreshes(&self) -> usize {
        self.refreshes.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl TokenSource for CountingTokens {
    async fn id_token(&self) -> Result<String, TokenError> {
        Ok(format!("token-{}", self.refreshes() + 1))
    }

    async fn refresh(&self) -> Result<String, TokenError> {
        if self.refresh_fails {
            return Err(TokenError::SignedOut);
        }
        let n = self.refreshes.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(format!("token-{}", n + 1))
    }
}

const STATUS_BODY: &str = r#"{"serviceStatus":"active","openOutages":[]}"#;
const UNAUTHENTICATED: &str =
    r#"{"error":{"code":"unauthenticated","message":"Your session has expired. Sign in again."}}"#;

#[tokio::test]
async fn bytes_that_are_not_http_are_an_error() {
    let server = HostileServer::start(|_, _| Answer::Raw(b"\x00\x01\x02 garbage \xff\xfe\r\n\r\n".to_vec())).await;
    let error = server.client().health().await.unwrap_err();
    assert!(matches!(error, ClientError::Offline(_)), "{error:?}");
}

#[tokio::test]
async fn an_empty_or_wrongly_shaped_success_body_is_an_invalid_body() {
    let server = HostileServer::start(|n, _| match n {
        0 => response("200 OK", &[], b""),
        1 => json("200 OK", r#"{"status": 42}"#),
        _ => json("200 OK", r#"{"status":"ok","database":"sqlite","version":"1"} trailing"#),
    })
    .await;
    for _ in 0..3 {
        let error = server.client().health().await.unwrap_err();
        assert!(matches!(error, ClientError::InvalidBody(_)), "{error:?}");
    }
}

#[tokio::test]
async fn an_html_page_is_never_taken_for_data() {
    let page = b"<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = HostileServer::start(move |n, _| {
        let status = if n == 0 { "200 OK" } else { "502 Bad Gateway" };
        response(status, &[("Content-Type", "text/html")], page)
    })
    .await;
    let error = server.client().health().await.unwrap_err();
    assert!(matches!(error, ClientError::InvalidBody(_)), "{error:?}");

    let error = server.client().health().await.unwrap_err();
    assert!(matches!(error, ClientError::UnexpectedStatus { status: StatusCode::BAD_GATEWAY }), "{error:?}");
    assert!(error.is_transient());
    assert_eq!(
        error.user_message("Ridgeline Wireless"),
        "Ridgeline Wireless's support portal is temporarily unavailable. Please try again in a few minutes."
    );
}

#[tokio::test]
async fn a_huge_answer_is_refused_at_the_limit_without_reading_it_all() {
    let server = HostileServer::start(|n, _| match n {
        // Announces 10 GB and sends none of it.
        0 => Answer::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n".to_vec()),
        // Announces nothing and never ends.
        _ => Answer::Endless,
    })
    .await;
    let client = server.client_with(|config| config.max_response_bytes = 1024 * 1024);
    for _ in 0..2 {
        let error = client.health().await.unwrap_err();
        assert!(matches!(error, ClientError::BodyTooLarge { limit: 1_048_576 }), "{error:?}");
    }
}

#[tokio::test]
async fn a_huge_error_page_is_an_unexpected_status() {
    let page = vec![b'x'; 200 * 1024];
    let server = HostileServer::start(move |_, _| response("500 Internal Server Error", &[], &page)).await;
    let error = server.client().health().await.unwrap_err();
    assert!(matches!(error, ClientError::UnexpectedStatus { status: StatusCode::INTERNAL_SERVER_ERROR }), "{error:?}");
}

#[tokio::test]
async fn an_answer_cut_short_is_an_error() {
    let server = HostileServer::start(|_, _| {
        Answer::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"status\":".to_vec())
    })
    .await;
    let error = server.client().health().await.unwrap_err();
    assert!(matches!(error, ClientError::Offline(_)), "{error:?}");
    assert!(error.is_transient());
}

#[tokio::test]
async fn the_servers_error_body_keeps_its_code_message_and_retry_hint() {
    let server = HostileServer::start(|n, _| match n {
        0 => json(
            "409 Conflict",
            r#"{"error":{"code":"ticket_closed","message":"This ticket is closed. Open a new ticket if you still need help."}}"#,
        ),
        _ => response(
            "429 Too Many Requests",
            &[("Retry-After", "30"), ("Content-Type", "application/json")],
            br#"{"error":{"code":"rate_limited","message":"Too many attempts."}}"#,
        ),
    })
    .await;
    let client = server.signed_in(CountingTokens::new());
    let error = client
        .add_comment(
            &TicketId("some-ticket".into()),
            &CreateComment { body: "Hello?".into() },
            &IdempotencyKey::generate(),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::TicketClosed));
    assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    assert!(!error.is_transient(), "sending the same comment again cannot help");

    let error = server.client().health().await.unwrap_err();
    match &error {
        ClientError::Api { retry_after, error, .. } => {
            assert_eq!(error.code, ErrorCode::RateLimited);
            assert_eq!(*retry_after, Some(Duration::from_secs(30)));
        }
        other => panic!("expected the server's error, got {other:?}"),
    }
    assert!(error.is_transient());
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once_and_the_call_sent_once_more() {
    let server = HostileServer::start(|n, _| match n {
        0 => json("401 Unauthorized", UNAUTHENTICATED),
        _ => json("200 OK", STATUS_BODY),
    })
    .await;
    let tokens = CountingTokens::new();
    let status = server.signed_in(tokens.clone()).status().await.unwrap();
    assert!(status.open_outages.is_empty());
    assert_eq!(tokens.refreshes(), 1);
    let requests = server.requests();
    let sent: Vec<_> = requests.iter().map(|r| r.header("authorization").unwrap_or_default()).collect();
    assert_eq!(sent, ["Bearer token-1", "Bearer token-2"]);
    assert!(requests.iter().all(|r| r.header("x-tenant-id") == Some("ridgeline")));
}

#[tokio::test]
async fn a_second_401_is_returned_as_an_error_not_retried() {
    let server = HostileServer::start(|_, _| json("401 Unauthorized", UNAUTHENTICATED)).await;
    let tokens = CountingTokens::new();
    let error = server.signed_in(tokens.clone()).status().await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::Unauthenticated));
    assert!(error.needs_sign_in());
    assert_eq!(tokens.refreshes(), 1, "one refresh");
    assert_eq!(server.requests().len(), 2, "the first try and one retry, nothing more");
}

#[tokio::test]
async fn a_session_that_cannot_be_refreshed_is_signed_out() {
    let server = HostileServer::start(|_, _| json("401 Unauthorized", UNAUTHENTICATED)).await;
    let error = server.signed_in(CountingTokens::revoked()).me().await.unwrap_err();
    assert!(matches!(error, ClientError::SignedOut), "{error:?}");
    assert_eq!(server.requests().len(), 1);

    let error = server.client().me().await.unwrap_err();
    assert!(matches!(error, ClientError::SignedOut), "no session: {error:?}");
    assert_eq!(server.requests().len(), 1, "nothing is sent without a session");
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = HostileServer::start(|_, _| Answer::Silence).await;
    let client = server.client_with(|config| config.request_timeout = Duration::from_millis(300));
    let error = client.health().await.unwrap_err();
    assert!(matches!(error, ClientError::Timeout), "{error:?}");
    assert!(error.user_message("Ridgeline Wireless").contains("taking too long"));
}

#[tokio::test]
async fn nobody_listening_is_offline() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = PortalClient::new(ClientConfig::new(base, "ridgeline")).unwrap();
    let error = client.branding().await.unwrap_err();
    assert!(matches!(error, ClientError::Offline(_)), "{error:?}");
    assert_eq!(
        error.user_message("Ridgeline Wireless"),
        "We couldn't reach Ridgeline Wireless. Check your internet connection and try again."
    );
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let server =
        HostileServer::start(|_, _| response("302 Found", &[("Location", "http://wifi-login.example/")], b"")).await;
    let error = server.signed_in(CountingTokens::new()).me().await.unwrap_err();
    assert!(matches!(error, ClientError::UnexpectedStatus { status: StatusCode::FOUND }), "{error:?}");
    assert_eq!(server.requests().len(), 1, "the token went nowhere else");
    assert!(error.user_message("Ridgeline Wireless").contains("public Wi-Fi"));
}

#[tokio::test]
async fn ids_cannot_escape_their_path_segment() {
    let server =
        HostileServer::start(|_, _| json("404 Not Found", r#"{"error":{"code":"not_found","message":"x"}}"#)).await;
    let error = server.signed_in(CountingTokens::new()).ticket(&TicketId("../../staff?x=1".into())).await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
    assert_eq!(server.requests()[0].request_line, "GET /api/portal/tickets/..%2F..%2Fstaff%3Fx=1 HTTP/1.1");
}

#[tokio::test]
async fn the_change_feed_tells_not_modified_from_changes_and_reads_the_poll_interval() {
    let server = HostileServer::start(|n, _| match n {
        0 => response("304 Not Modified", &[("ETag", "\"7\""), ("X-Poll-Interval", "45")], b""),
        1 => response(
            "200 OK",
            &[("ETag", "\"9\""), ("X-Poll-Interval", "60"), ("Content-Type", "application/json")],
            br#"{"cursor":9,"events":[],"hasMore":false}"#,
        ),
        _ => response("304 Not Modified", &[("X-Poll-Interval", "soon")], b""),
    })
    .await;
    let client = server.signed_in(CountingTokens::new());
    let quiet = client.changes(Some(7), Some("\"7\"")).await.unwrap();
    assert!(matches!(quiet, ChangePoll::NotModified { .. }), "{quiet:?}");
    assert_eq!(quiet.etag(), Some("\"7\""));
    assert_eq!(quiet.poll_interval(), Some(Duration::from_secs(45)));
    let first = &server.requests()[0];
    assert_eq!(first.request_line, "GET /api/portal/changes?since=7 HTTP/1.1");
    assert_eq!(first.header("if-none-match"), Some("\"7\""));

    match client.changes(Some(7), None).await.unwrap() {
        ChangePoll::Changes { changes, etag, poll_interval } => {
            assert_eq!(changes.cursor, 9);
            assert_eq!(etag.as_deref(), Some("\"9\""));
            assert_eq!(poll_interval, Some(Duration::from_secs(60)));
        }
        other => panic!("expected changes, got {other:?}"),
    }
    let error = client.changes(Some(9), None).await.unwrap_err();
    assert!(matches!(error, ClientError::InvalidBody(_)), "{error:?}");
}

#[tokio::test]
async fn an_upload_reports_progress_up_to_the_total() {
    let info = r#"{"id":"a1","fileName":"notes.txt","contentType":"text/plain","sizeBytes":300000,
        "sha256":"00","createdAt":"2026-01-01T00:00:00Z","commentId":null}"#;
    let server = HostileServer::start(move |_, _| json("201 Created", info)).await;
    let reports = Arc::new(Mutex::new(Vec::new()));
    let log = reports.clone();
    let file = Bytes::from(vec![b'a'; 300_000]);
    let stored = server
        .signed_in(CountingTokens::new())
        .upload_attachment(
            &TicketId("t1".into()),
            "notes.txt",
            file,
            Arc::new(move |sent, total| log.lock().unwrap().push((sent, total))),
        )
        .await
        .unwrap();
    assert_eq!(stored.id, AttachmentId("a1".into()));
    let reports = reports.lock().unwrap().clone();
    assert!(reports.len() > 1, "progress in steps: {reports:?}");
    assert!(reports.windows(2).all(|w| w[0].0 < w[1].0), "sent only grows: {reports:?}");
    assert!(reports.iter().all(|(_, total)| *total == 300_000));
    assert_eq!(reports.last(), Some(&(300_000, 300_000)));
    assert!(server.requests()[0].body_len > 300_000, "the file and its multipart framing arrived");
}

#[test]
fn an_unusable_setting_is_refused_when_the_client_is_built() {
    for (base, tenant) in [
        ("not a url", "ridgeline"),
        ("ftp://portal.example", "ridgeline"),
        ("https://portal.example/?x=1", "ridgeline"),
        ("https://portal.example", ""),
        ("https://portal.example", "bad\ntenant"),
    ] {
        let error = PortalClient::new(ClientConfig::new(base, tenant)).unwrap_err();
        assert!(matches!(error, ClientError::Config(_)), "{base} {tenant:?}: {error:?}");
    }
    assert!(PortalClient::new(ClientConfig::new("https://example.net/portal/", "ridgeline")).is_ok());
}
