//! The typed HTTP client of the wisp-portal API, built on the contract types of `portal-api`:
//! [`PortalClient`] for the customer API (and its public branding and sign-up routes), and
//! [`StaffClient`] for the staff routes the studio uses. Both share one transport:
//!
//! - A customer's calls send the tenant the app was built for (`X-Tenant-Id`); a staff member's
//!   name the tenant per call. Where the route needs a signed-in user, the call carries the ID
//!   token from the session's [`TokenSource`].
//! - A `401` makes the client ask the source for a fresh token once and send the request once
//!   more; a second `401` is returned as an error, never retried again.
//! - Whatever comes back becomes a value or a [`ClientError`]: bodies are read up to a limit,
//!   anything that is not what the contract promises is an error, never a panic.
//! - TLS is rustls with the webpki roots: the app needs no OpenSSL.

mod changes;
mod error;
mod staff;
mod tokens;
mod transport;
mod upload;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use portal_api::{
    AttachmentId, AttachmentInfo, CreateComment, CreatePortalTicket, CustomerProfile, FaqEntry, Health, IdempotencyKey,
    Page, PortalStatus, PortalTicket, PortalTicketSummary, PublicComment, PublishedBranding, ReopenTicket,
    ResolveTicket, SignupLinkRequest, SignupVerifyRequest, SignupVerifyResponse, TicketId, WorkOrderStatus,
    IDEMPOTENCY_KEY_HEADER, POLL_INTERVAL_HEADER, TENANT_HEADER,
};
use reqwest::header::{HeaderMap, HeaderValue, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;

pub use changes::ChangePoll;
pub use error::ClientError;
pub use staff::StaffClient;
pub use tokens::{TokenError, TokenSource};
use transport::{successful, Auth, Transport};
pub use upload::UploadProgress;

/// Where the API is and how patient to be with it.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://portal.example.net` (a path prefix is kept: `https://example.net/portal`).
    pub base_url: String,
    /// The tenant the app was built for, sent as `X-Tenant-Id`.
    pub tenant_id: String,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long one ordinary call may take, answer included.
    pub request_timeout: Duration,
    /// How long an attachment upload or download may take.
    pub transfer_timeout: Duration,
    /// The largest JSON answer the client reads.
    pub max_response_bytes: usize,
    /// The largest attachment the client downloads.
    pub max_download_bytes: usize,
}

impl ClientConfig {
    /// Defaults that suit a subscriber's connection: a fixed-wireless link can be slow, but a
    /// server that has not answered an ordinary call in 30 s is not going to.
    pub fn new(base_url: impl Into<String>, tenant_id: impl Into<String>) -> ClientConfig {
        ClientConfig {
            base_url: base_url.into(),
            tenant_id: tenant_id.into(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            transfer_timeout: Duration::from_secs(10 * 60),
            max_response_bytes: 8 * 1024 * 1024,
            max_download_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Filters for [`PortalClient::tickets`].
#[derive(Debug, Clone, Default)]
pub struct TicketQuery {
    /// Only tickets in these statuses (all when empty).
    pub statuses: Vec<WorkOrderStatus>,
    /// Only tickets that are not resolved or closed.
    pub active_only: bool,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size (the server allows 1 to 100, 25 by default).
    pub limit: Option<u32>,
}

/// A downloaded attachment.
#[derive(Debug, Clone)]
pub struct Download {
    /// As the server stored it (sniffed from the bytes at upload).
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// The client. Cheap to clone; clones share connections and the token source.
#[derive(Clone)]
pub struct PortalClient {
    transport: Transport,
    tenant_id: String,
}

impl std::fmt::Debug for PortalClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalClient")
            .field("base", &self.transport.base().as_str())
            .field("tenant_id", &self.tenant_id)
            .field("signed_in", &self.transport.signed_in())
            .finish()
    }
}

impl PortalClient {
    /// A client without a session: public routes only until [`PortalClient::with_tokens`].
    pub fn new(config: ClientConfig) -> Result<PortalClient, ClientError> {
        let tenant_id = config.tenant_id.trim().to_string();
        let tenant_header = HeaderValue::from_str(&tenant_id)
            .ok()
            .filter(|_| !tenant_id.is_empty())
            .ok_or_else(|| ClientError::Config(format!("the tenant id {:?} is not usable", config.tenant_id)))?;
        let mut headers = HeaderMap::new();
        headers.insert(TENANT_HEADER, tenant_header);
        Ok(PortalClient { transport: Transport::new(&config, headers)?, tenant_id })
    }

    /// The same client, calling as the session `tokens` belongs to.
    pub fn with_tokens(mut self, tokens: Arc<dyn TokenSource>) -> PortalClient {
        self.transport = self.transport.with_tokens(tokens);
        self
    }

    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    // -----------------------------------------------------------------------------------------
    // Public routes
    // -----------------------------------------------------------------------------------------

    /// Whether the server is up and reaches its database.
    pub async fn health(&self) -> Result<Health, ClientError> {
        let url = self.transport.url(&["api", "health"]);
        self.transport.call(Auth::None, || self.transport.http.get(url.clone())).await
    }

    /// The tenant's published branding; shown before anyone signs in.
    pub async fn branding(&self) -> Result<PublishedBranding, ClientError> {
        let url = self.transport.url(&["api", "tenant", &self.tenant_id, "branding"]);
        self.transport.call(Auth::None, || self.transport.http.get(url.clone())).await
    }

    /// Sign-up, step 1: prove to be a customer; answers a short-lived link ticket.
    pub async fn signup_verify(&self, request: &SignupVerifyRequest) -> Result<SignupVerifyResponse, ClientError> {
        let url = self.transport.url(&["api", "portal", "signup", "verify"]);
        self.transport.call(Auth::None, || self.transport.http.post(url.clone()).json(request)).await
    }

    /// Sign-up, step 2: bind the Firebase account just created (its ID token) to the customer.
    pub async fn signup_link(
        &self,
        new_account_token: &str,
        link_ticket: &str,
    ) -> Result<CustomerProfile, ClientError> {
        let url = self.transport.url(&["api", "portal", "signup", "link"]);
        let request = SignupLinkRequest { link_ticket: link_ticket.to_string() };
        self.transport
            .call(Auth::Bearer(new_account_token), || self.transport.http.post(url.clone()).json(&request))
            .await
    }

    // -----------------------------------------------------------------------------------------
    // The signed-in customer
    // -----------------------------------------------------------------------------------------

    /// Profile, plan, service status, equipment and installation history.
    pub async fn me(&self) -> Result<CustomerProfile, ClientError> {
        let url = self.transport.url(&["api", "portal", "me"]);
        self.transport.call(Auth::Session, || self.transport.http.get(url.clone())).await
    }

    /// One page of the customer's tickets, newest first.
    pub async fn tickets(&self, query: &TicketQuery) -> Result<Page<PortalTicketSummary>, ClientError> {
        let mut url = self.transport.url(&["api", "portal", "tickets"]);
        {
            let mut pairs = url.query_pairs_mut();
            if !query.statuses.is_empty() {
                let statuses: Vec<&str> = query.statuses.iter().map(|s| s.as_str()).collect();
                pairs.append_pair("status", &statuses.join(","));
            }
            if query.active_only {
                pairs.append_pair("active", "true");
            }
            if let Some(cursor) = &query.cursor {
                pairs.append_pair("cursor", cursor);
            }
            if let Some(limit) = query.limit {
                pairs.append_pair("limit", &limit.to_string());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        self.transport.call(Auth::Session, || self.transport.http.get(url.clone())).await
    }

    /// One ticket with its public thread, attachments and status timeline.
    pub async fn ticket(&self, id: &TicketId) -> Result<PortalTicket, ClientError> {
        let url = self.transport.url(&["api", "portal", "tickets", id.as_str()]);
        self.transport.call(Auth::Session, || self.transport.http.get(url.clone())).await
    }

    /// Opens a ticket. Sending the same `key` again (after a lost answer) answers the ticket the
    /// first request created instead of opening a second one.
    pub async fn create_ticket(
        &self,
        input: &CreatePortalTicket,
        key: &IdempotencyKey,
    ) -> Result<PortalTicket, ClientError> {
        let url = self.transport.url(&["api", "portal", "tickets"]);
        self.transport
            .call(Auth::Session, || {
                self.transport.http.post(url.clone()).header(IDEMPOTENCY_KEY_HEADER, key.as_str()).json(input)
            })
            .await
    }

    /// Adds the customer's reply to their ticket; `key` works as for [`PortalClient::create_ticket`].
    pub async fn add_comment(
        &self,
        ticket_id: &TicketId,
        input: &CreateComment,
        key: &IdempotencyKey,
    ) -> Result<PublicComment, ClientError> {
        let url = self.transport.url(&["api", "portal", "tickets", ticket_id.as_str(), "comments"]);
        self.transport
            .call(Auth::Session, || {
                self.transport.http.post(url.clone()).header(IDEMPOTENCY_KEY_HEADER, key.as_str()).json(input)
            })
            .await
    }

    /// The customer says their ticket is fixed.
    pub async fn resolve_ticket(&self, id: &TicketId, input: &ResolveTicket) -> Result<PortalTicket, ClientError> {
        let url = self.transport.url(&["api", "portal", "tickets", id.as_str(), "resolve"]);
        self.transport.call(Auth::Session, || self.transport.http.post(url.clone()).json(input)).await
    }

    /// The customer reopens a resolved ticket, within the provider's reopen window.
    pub async fn reopen_ticket(&self, id: &TicketId, input: &ReopenTicket) -> Result<PortalTicket, ClientError> {
        let url = self.transport.url(&["api", "portal", "tickets", id.as_str(), "reopen"]);
        self.transport.call(Auth::Session, || self.transport.http.post(url.clone()).json(input)).await
    }

    /// Attaches a file to the customer's ticket, calling `progress` as the bytes go out. The
    /// server decides the file's type from its bytes.
    pub async fn upload_attachment(
        &self,
        ticket_id: &TicketId,
        file_name: &str,
        bytes: Bytes,
        progress: UploadProgress,
    ) -> Result<AttachmentInfo, ClientError> {
        let url = self.transport.url(&["api", "portal", "tickets", ticket_id.as_str(), "attachments"]);
        let length = bytes.len() as u64;
        self.transport
            .call(Auth::Session, || {
                let body = reqwest::Body::wrap(upload::ProgressBody::new(bytes.clone(), progress.clone()));
                let part = reqwest::multipart::Part::stream_with_length(body, length).file_name(file_name.to_string());
                let form = reqwest::multipart::Form::new().part("file", part);
                self.transport.http.post(url.clone()).timeout(self.transport.transfer_timeout).multipart(form)
            })
            .await
    }

    /// Downloads an attachment of one of the customer's tickets.
    pub async fn download_attachment(&self, id: &AttachmentId) -> Result<Download, ClientError> {
        let url = self.transport.url(&["api", "portal", "attachments", id.as_str()]);
        self.transport.download(Auth::Session, || self.transport.http.get(url.clone())).await
    }

    /// Asks what changed on the customer's tickets since `since` (a cursor from an earlier
    /// answer; `None` on a first poll, which answers only the cursor to start from). `etag` is the
    /// one the last answer carried.
    pub async fn changes(&self, since: Option<i64>, etag: Option<&str>) -> Result<ChangePoll, ClientError> {
        let mut url = self.transport.url(&["api", "portal", "changes"]);
        if let Some(since) = since {
            url.query_pairs_mut().append_pair("since", &since.to_string());
        }
        let response = self
            .transport
            .send(Auth::Session, || {
                let request = self.transport.http.get(url.clone());
                match etag {
                    Some(etag) => request.header(IF_NONE_MATCH, etag),
                    None => request,
                }
            })
            .await?;
        let response =
            if response.status() == StatusCode::NOT_MODIFIED { response } else { successful(response).await? };
        let headers = response.headers();
        let etag = headers.get(ETAG).and_then(|v| v.to_str().ok()).map(str::to_string);
        let poll_interval = match headers.get(POLL_INTERVAL_HEADER) {
            None => None,
            Some(value) => Some(changes::parse_poll_interval(value)?),
        };
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(ChangePoll::NotModified { etag, poll_interval });
        }
        let changes = self.transport.read_json(response).await?;
        Ok(ChangePoll::Changes { changes, etag, poll_interval })
    }

    /// The customer's service status and the open outages that affect them.
    pub async fn status(&self) -> Result<PortalStatus, ClientError> {
        let url = self.transport.url(&["api", "portal", "status"]);
        self.transport.call(Auth::Session, || self.transport.http.get(url.clone())).await
    }

    /// The provider's FAQ, optionally only entries mentioning `search`.
    pub async fn faq(&self, search: Option<&str>) -> Result<Vec<FaqEntry>, ClientError> {
        let mut url = self.transport.url(&["api", "portal", "faq"]);
        if let Some(search) = search.map(str::trim).filter(|s| !s.is_empty()) {
            url.query_pairs_mut().append_pair("q", search);
        }
        self.transport.call(Auth::Session, || self.transport.http.get(url.clone())).await
    }
}
