//! The customer-scoped API. Every query here is narrowed by `work_order_customers` for the
//! signed-in customer and reads only public comments, attachments and events: a work order the
//! customer may not see answers `404`, exactly like one that does not exist.
//!
//! Lists are written `work_order_customers wc CROSS JOIN …`: SQLite then starts from the
//! customer's few rows instead of scanning the tenant's work orders; PostgreSQL plans it like any
//! inner join.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::ErrorCode;
use portal_api::{
    AttachmentInfo, AuthorKind, ChangeEvent, Changes, ContactInfo, CreateComment, CreatePortalTicket, CustomerProfile,
    EventKind, Outage, Page, PortalStatus, PortalTicket, PortalTicketSummary, PublicComment, ReopenTicket,
    ResolveTicket, ServiceStatus, StaffComment, StatusChange, Visibility, WorkOrderKind, WorkOrderStatus,
    POLL_INTERVAL_HEADER,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::CustomerAuth;
use crate::db::{now_ms, to_time, SqlBuilder};
use crate::error::extract::{Json, Multipart, Path, Query};
use crate::error::{ApiError, ApiResult};
use crate::idempotency::{self, Claim, KeyHeader};
use crate::quotas::{self, CustomerAction};
use crate::state::AppState;
use crate::stored::Stored;
use crate::validate::Checker;
use crate::work_orders::{self, Actor, NewWorkOrder, WorkOrderChanges, WorkOrderRow, COLUMNS};

const RATE_DOC: &str = "This customer has sent as many of these in the last hour as the server takes \
    (`rate_limited`): wait `Retry-After` seconds.";

const IDEMPOTENCY_KEY_DOC: &str = "Makes the request safe to resend: a request with a key this customer already \
    used answers what the first request created. 1 to 255 visible ASCII characters, e.g. a UUID; the same key with a \
    different body is refused with `409 idempotency_key_reused`.";

/// The most change events one poll returns; `hasMore` tells the client to poll again at once.
const CHANGES_PAGE: i64 = 100;

impl CustomerAuth {
    async fn actor(&self, state: &AppState) -> ApiResult<Actor> {
        let name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = $1")
            .bind(&self.customer_id)
            .fetch_one(state.db.pool())
            .await?;
        Ok(Actor { kind: AuthorKind::Customer, id: self.customer_id.clone(), name })
    }
}

fn summary(row: WorkOrderRow) -> PortalTicketSummary {
    PortalTicketSummary {
        kind: row.kind(),
        status: row.status(),
        is_outage: row.kind().is_outage(),
        id: row.id.into(),
        number: row.number,
        title: row.title,
        created_at: to_time(row.created_at),
        updated_at: to_time(row.updated_at),
    }
}

/// The ticket named by the path's `{id}`, if the signed-in customer may see it; `404` otherwise.
/// An extractor, so the check is made before any body is read: put the body extractor after it.
pub struct VisibleTicket {
    pub customer: CustomerAuth,
    pub row: WorkOrderRow,
}

impl FromRequestParts<AppState> for VisibleTicket {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let customer = CustomerAuth::from_request_parts(parts, state).await?;
        let Path(id) = Path::<String>::from_request_parts(parts, state).await?;
        let row = visible_ticket(state, &customer, &id).await?;
        Ok(VisibleTicket { customer, row })
    }
}

/// A ticket the signed-in customer opened: [`VisibleTicket`], and `403 not_reporter` for one they
/// may see but did not open (an outage lists many customers). Checked before any body is read, so
/// a customer uploading to someone else's ticket is refused before a byte is stored.
pub struct OwnTicket {
    pub customer: CustomerAuth,
    pub row: WorkOrderRow,
}

impl FromRequestParts<AppState> for OwnTicket {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let VisibleTicket { customer, row } = VisibleTicket::from_request_parts(parts, state).await?;
        require_reporter(&customer, &row)?;
        Ok(OwnTicket { customer, row })
    }
}

/// The work order if this customer may see it; `404` otherwise.
async fn visible_ticket(state: &AppState, customer: &CustomerAuth, id: &str) -> ApiResult<WorkOrderRow> {
    sqlx::query_as::<_, WorkOrderRow>(&format!(
        "SELECT {COLUMNS} FROM work_orders w
         JOIN work_order_customers wc ON wc.work_order_id = w.id AND wc.customer_id = $1
         WHERE w.id = $2 AND w.tenant_id = $3"
    ))
    .bind(&customer.customer_id)
    .bind(id)
    .bind(&customer.tenant_id)
    .fetch_optional(state.db.pool())
    .await?
    .ok_or_else(|| ApiError::not_found("The ticket"))
}

#[utoipa::path(get, path = "/api/portal/me", tag = "portal",
    responses((status = 200, body = CustomerProfile), (status = 401, body = portal_api::ErrorBody), (status = 403, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn me(State(state): State<AppState>, customer: CustomerAuth) -> ApiResult<Json<CustomerProfile>> {
    sqlx::query("UPDATE customers SET last_login_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(&customer.customer_id)
        .execute(state.db.pool())
        .await?;
    Ok(Json(crate::customers::profile(&state, &customer.tenant_id, &customer.customer_id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketFilter {
    /// Comma-separated statuses, e.g. `resolved,closed`.
    pub status: Option<String>,
    /// `true`: only tickets that are not resolved or closed.
    pub active: Option<bool>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

async fn list_tickets(
    state: &AppState,
    customer: &CustomerAuth,
    filter: &TicketFilter,
) -> ApiResult<Page<PortalTicketSummary>> {
    let limit = filter.limit.unwrap_or(25).clamp(1, 100);
    let mut query = SqlBuilder::new(&format!(
        "SELECT {COLUMNS} FROM work_order_customers wc CROSS JOIN work_orders w
         WHERE w.id = wc.work_order_id AND wc.customer_id = "
    ));
    query.bind_text(&customer.customer_id).push(" AND w.tenant_id = ").bind_text(&customer.tenant_id);
    let mut statuses: Vec<WorkOrderStatus> = Vec::new();
    for part in filter.status.as_deref().unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()) {
        statuses
            .push(part.parse().map_err(|_| ApiError::field("status", format!("{part:?} is not a ticket status.")))?);
    }
    if filter.active == Some(true) {
        statuses.extend([
            WorkOrderStatus::Open,
            WorkOrderStatus::Assigned,
            WorkOrderStatus::InProgress,
            WorkOrderStatus::WaitingOnCustomer,
        ]);
    }
    if !statuses.is_empty() {
        query.and_in("w.status", statuses.iter().map(|s| s.as_str()));
    }
    let (rows, next_cursor) = work_orders::fetch_page(
        state,
        query,
        ("wc.work_order_created_at", "wc.work_order_id"),
        filter.cursor.as_deref(),
        limit,
    )
    .await?;
    Ok(Page { items: rows.into_iter().map(summary).collect(), next_cursor })
}

/// This customer's tickets, newest first.
#[utoipa::path(get, path = "/api/portal/tickets", tag = "portal", params(TicketFilter),
    responses((status = 200, body = Page<PortalTicketSummary>)), security(("firebase" = [])))]
pub async fn tickets(
    State(state): State<AppState>,
    customer: CustomerAuth,
    Query(filter): Query<TicketFilter>,
) -> ApiResult<Json<Page<PortalTicketSummary>>> {
    Ok(Json(list_tickets(&state, &customer, &filter).await?))
}

/// The seed's route, kept for compatibility: the caller's own tickets, `403` for anyone else's id.
#[utoipa::path(get, path = "/api/work-orders/customer/{customer_id}", tag = "portal", params(("customer_id" = String, Path), TicketFilter),
    responses((status = 200, body = Page<PortalTicketSummary>), (status = 403, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn tickets_by_customer_id(
    State(state): State<AppState>,
    customer: CustomerAuth,
    Path(customer_id): Path<String>,
    Query(filter): Query<TicketFilter>,
) -> ApiResult<Json<Page<PortalTicketSummary>>> {
    if customer_id != customer.customer_id {
        return Err(ApiError::forbidden("You can only see your own tickets."));
    }
    Ok(Json(list_tickets(&state, &customer, &filter).await?))
}

/// Opens a customer-reported work order in the maintain module. With an `Idempotency-Key`, a
/// resend answers the ticket the first request opened.
#[utoipa::path(post, path = "/api/portal/tickets", tag = "portal", request_body = CreatePortalTicket,
    params(("Idempotency-Key" = Option<String>, Header, description = IDEMPOTENCY_KEY_DOC)),
    responses((status = 201, body = PortalTicket), (status = 409, body = portal_api::ErrorBody),
        (status = 422, body = portal_api::ErrorBody),
        (status = 429, body = portal_api::ErrorBody, description = RATE_DOC, headers(("Retry-After" = u64)))),
    security(("firebase" = [])))]
pub async fn create_ticket(
    State(state): State<AppState>,
    customer: CustomerAuth,
    KeyHeader(key): KeyHeader,
    Json(input): Json<CreatePortalTicket>,
) -> ApiResult<(StatusCode, Json<PortalTicket>)> {
    let once = key.map(|key| Claim::new(&customer, key, "open a ticket", &input));
    if let Some(earlier) = idempotency::earlier(state.db.pool(), once.as_ref()).await? {
        let row = visible_ticket(&state, &customer, &earlier).await?;
        return Ok((StatusCode::CREATED, Json(ticket_detail(&state, &customer, row).await?)));
    }
    let kind = input.kind.unwrap_or(WorkOrderKind::Support);
    let mut checker = Checker::default();
    work_orders::check_title_and_description(&mut checker, &input.title, &input.description);
    checker.length("description", &input.description, 1, 10_000);
    if kind.is_outage() {
        checker.add("kind", "Choose support, repair or installation.");
    }
    if let Some(d) = &input.diagnostics {
        checker.length("diagnostics.appVersion", &d.app_version, 0, 40);
        checker.length("diagnostics.os", &d.os, 0, 80);
    }
    checker.finish()?;
    quotas::count(&state, &customer, CustomerAction::OpenTicket).await?;
    let profile = crate::customers::find(&state, &customer.tenant_id, &customer.customer_id).await?;
    let actor = Actor { kind: AuthorKind::Customer, id: customer.customer_id.clone(), name: profile.name.clone() };
    let row = work_orders::create(
        &state,
        &customer.tenant_id,
        &actor,
        NewWorkOrder {
            title: input.title,
            description: input.description,
            kind,
            priority: portal_api::Priority::Normal,
            site: None,
            assigned_to: None,
            contact: ContactInfo {
                name: Some(profile.name),
                email: profile.login_email.or(profile.email),
                phone: profile.phone,
            },
            reported_by: Some(customer.customer_id.clone()),
            affected: vec![],
            diagnostics: input.diagnostics,
        },
        once.as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(ticket_detail(&state, &customer, row).await?)))
}

/// The last moment (ms) a resolved or closed ticket may be reopened: the tenant's window after it
/// was resolved (or last changed, for one closed without being resolved).
fn reopen_deadline(row: &WorkOrderRow, window_days: i64) -> i64 {
    row.resolved_at.unwrap_or(row.updated_at) + window_days * 24 * 60 * 60 * 1000
}

/// What one customer sees of a ticket: staff's public replies and files, and their own words and
/// files, never another customer's (an outage lists many customers).
async fn ticket_detail(state: &AppState, customer: &CustomerAuth, row: WorkOrderRow) -> ApiResult<PortalTicket> {
    let comments: Vec<(String, Stored<AuthorKind>, String, String, i64)> = sqlx::query_as(
        "SELECT id, author_kind, author_name, body, created_at FROM comments
         WHERE work_order_id = $1 AND tenant_id = $2 AND visibility = 'public' AND (author_kind <> 'customer' OR author_id = $3)
         ORDER BY created_at, id",
    )
    .bind(&row.id)
    .bind(&customer.tenant_id)
    .bind(&customer.customer_id)
    .fetch_all(state.db.pool())
    .await?;
    let timeline: Vec<(i64, String)> = sqlx::query_as(
        "SELECT at, summary FROM ticket_events
         WHERE work_order_id = $1 AND tenant_id = $2 AND visibility = 'public' AND kind IN ('created', 'status_changed')
         ORDER BY seq",
    )
    .bind(&row.id)
    .bind(&customer.tenant_id)
    .fetch_all(state.db.pool())
    .await?;
    let attachments = crate::attachments::list(state, &customer.tenant_id, &row.id, Some(Visibility::Public)).await?;
    let attachments = attachments
        .into_iter()
        .filter(|(_, (kind, id), _)| *kind != AuthorKind::Customer || *id == customer.customer_id)
        .map(|(info, _, _)| info)
        .collect();
    let reopen_until = if row.status().is_open() {
        None
    } else {
        let window_days = crate::tenants::settings(state, &customer.tenant_id).await?.reopen_window_days;
        Some(to_time(reopen_deadline(&row, window_days)))
    };
    Ok(PortalTicket {
        description: row.description.clone(),
        resolved_at: row.resolved_at.map(to_time),
        reopen_until,
        comments: comments
            .into_iter()
            .map(|(id, Stored(author_kind), author_name, body, created_at)| PublicComment {
                id,
                author_kind,
                author_name,
                body,
                created_at: to_time(created_at),
            })
            .collect(),
        attachments,
        timeline: timeline.into_iter().map(|(at, summary)| StatusChange { at: to_time(at), summary }).collect(),
        summary: summary(row),
    })
}

/// One ticket with its public thread. `404` for anything this customer may not see.
#[utoipa::path(get, path = "/api/portal/tickets/{id}", tag = "portal", params(("id" = String, Path)),
    responses((status = 200, body = PortalTicket), (status = 404, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn ticket(
    State(state): State<AppState>,
    VisibleTicket { customer, row }: VisibleTicket,
) -> ApiResult<Json<PortalTicket>> {
    Ok(Json(ticket_detail(&state, &customer, row).await?))
}

/// The customer's reply on their ticket. With an `Idempotency-Key`, a resend answers the comment
/// the first request added, even if the ticket has been closed since.
#[utoipa::path(post, path = "/api/portal/tickets/{id}/comments", tag = "portal",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = IDEMPOTENCY_KEY_DOC)),
    request_body = CreateComment,
    responses((status = 201, body = PublicComment), (status = 404, body = portal_api::ErrorBody), (status = 409, body = portal_api::ErrorBody),
        (status = 429, body = portal_api::ErrorBody, description = RATE_DOC, headers(("Retry-After" = u64)))),
    security(("firebase" = [])))]
pub async fn comment(
    State(state): State<AppState>,
    OwnTicket { customer, row }: OwnTicket,
    KeyHeader(key): KeyHeader,
    Json(input): Json<CreateComment>,
) -> ApiResult<(StatusCode, Json<PublicComment>)> {
    let id = &row.id;
    let once = key.map(|key| Claim::new(&customer, key, &format!("comment on {id}"), &input));
    if let Some(earlier) = idempotency::earlier(state.db.pool(), once.as_ref()).await? {
        let comment = work_orders::find_comment(&state, &customer.tenant_id, &earlier).await?;
        return Ok((StatusCode::CREATED, Json(public_comment(comment))));
    }
    if row.status() == WorkOrderStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::TicketClosed,
            "This ticket is closed. Open a new ticket if you still need help.",
        ));
    }
    quotas::count(&state, &customer, CustomerAction::Comment).await?;
    let actor = customer.actor(&state).await?;
    let comment = work_orders::add_comment(
        &state,
        &customer.tenant_id,
        id,
        &actor,
        &input.body,
        Visibility::Public,
        once.as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(public_comment(comment))))
}

/// The customer's own comment as they see it.
fn public_comment(comment: StaffComment) -> PublicComment {
    PublicComment {
        id: comment.id,
        author_kind: comment.author_kind,
        author_name: comment.author_name,
        body: comment.body,
        created_at: comment.created_at,
    }
}

/// Attach a photo, PDF or text file (multipart field `file`) to one of this customer's tickets.
#[utoipa::path(post, path = "/api/portal/tickets/{id}/attachments", tag = "portal", params(("id" = String, Path)),
    request_body(content_type = "multipart/form-data", description = "A `file` part"),
    responses((status = 201, body = AttachmentInfo), (status = 404, body = portal_api::ErrorBody),
        (status = 413, body = portal_api::ErrorBody, description = "The file is larger than the server takes (`payload_too_large`), the customer's files \
            already use their storage (`storage_quota_exceeded`), or the tenant's storage is full (`tenant_storage_full`)."),
        (status = 415, body = portal_api::ErrorBody),
        (status = 429, body = portal_api::ErrorBody, description = RATE_DOC, headers(("Retry-After" = u64))),
        (status = 503, body = portal_api::ErrorBody, description = crate::attachments::BUSY_DOC, headers(("Retry-After" = u64)))),
    security(("firebase" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    OwnTicket { customer, row }: OwnTicket,
    Multipart(multipart): Multipart,
) -> ApiResult<(StatusCode, Json<AttachmentInfo>)> {
    // A slot first, so a busy answer costs none of the customer's hourly uploads.
    let _slot = crate::attachments::upload_slot(&state)?;
    quotas::count(&state, &customer, CustomerAction::Upload).await?;
    let upload = crate::attachments::receive(&state, multipart).await?;
    let actor = customer.actor(&state).await?;
    let info =
        crate::attachments::store(&state, &customer.tenant_id, &row.id, &actor, upload, Visibility::Public).await?;
    Ok((StatusCode::CREATED, Json(info)))
}

/// Download a public attachment of one of this customer's tickets.
#[utoipa::path(get, path = "/api/portal/attachments/{id}", tag = "portal", params(("id" = String, Path)),
    responses((status = 200, description = "The file, as a download"), (status = 404, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn attachment(
    State(state): State<AppState>,
    customer: CustomerAuth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT a.storage_key, a.file_name, a.content_type FROM attachments a
         JOIN work_order_customers wc ON wc.work_order_id = a.work_order_id AND wc.customer_id = $1
         WHERE a.id = $2 AND a.tenant_id = $3 AND a.visibility = 'public'
           AND (a.uploaded_by_kind <> 'customer' OR a.uploaded_by_id = $1)",
    )
    .bind(&customer.customer_id)
    .bind(&id)
    .bind(&customer.tenant_id)
    .fetch_optional(state.db.pool())
    .await?;
    let (key, name, content_type) = row.ok_or_else(|| ApiError::not_found("The attachment"))?;
    crate::attachments::download(&state, &key, &name, &content_type).await
}

/// Only the customer who opened a ticket may close or reopen it (not everyone an outage lists).
fn require_reporter(customer: &CustomerAuth, row: &WorkOrderRow) -> ApiResult<()> {
    if row.reported_by_customer_id.as_deref() == Some(customer.customer_id.as_str()) {
        Ok(())
    } else {
        Err(ApiError::Forbidden {
            code: ErrorCode::NotReporter,
            message: "Only the person who opened this ticket can do that.".into(),
        })
    }
}

async fn change_status(
    state: &AppState,
    customer: &CustomerAuth,
    row: &WorkOrderRow,
    status: WorkOrderStatus,
    note: Option<String>,
) -> ApiResult<PortalTicket> {
    let actor = customer.actor(state).await?;
    let changes = WorkOrderChanges {
        version: row.version,
        title: None,
        description: None,
        status: Some(status),
        priority: None,
        site: None,
        assigned_to: None,
        public_note: note,
    };
    let updated = work_orders::update(state, &customer.tenant_id, &actor, &row.id, changes).await?;
    ticket_detail(state, customer, updated).await
}

/// The customer marks their ticket as fixed.
#[utoipa::path(post, path = "/api/portal/tickets/{id}/resolve", tag = "portal", params(("id" = String, Path)), request_body = ResolveTicket,
    responses((status = 200, body = PortalTicket), (status = 403, body = portal_api::ErrorBody), (status = 404, body = portal_api::ErrorBody),
        (status = 409, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn resolve(
    State(state): State<AppState>,
    OwnTicket { customer, row }: OwnTicket,
    Json(input): Json<ResolveTicket>,
) -> ApiResult<Json<PortalTicket>> {
    if !row.status().is_open() {
        return Err(ApiError::conflict(ErrorCode::AlreadyResolved, "This ticket is already resolved."));
    }
    let mut checker = Checker::default();
    checker.length("note", input.note.as_deref().unwrap_or_default(), 0, 2_000);
    checker.finish()?;
    let note = input.note.filter(|n| !n.trim().is_empty()).map(|n| format!("Marked as fixed: {}", n.trim()));
    let note = note.or_else(|| Some("Marked as fixed.".into()));
    Ok(Json(change_status(&state, &customer, &row, WorkOrderStatus::Resolved, note).await?))
}

/// The customer reopens a resolved or closed ticket, within the tenant's reopen window.
#[utoipa::path(post, path = "/api/portal/tickets/{id}/reopen", tag = "portal", params(("id" = String, Path)), request_body = ReopenTicket,
    responses((status = 200, body = PortalTicket), (status = 403, body = portal_api::ErrorBody), (status = 404, body = portal_api::ErrorBody),
        (status = 409, body = portal_api::ErrorBody), (status = 422, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn reopen(
    State(state): State<AppState>,
    OwnTicket { customer, row }: OwnTicket,
    Json(input): Json<ReopenTicket>,
) -> ApiResult<Json<PortalTicket>> {
    if row.status().is_open() {
        return Err(ApiError::conflict(ErrorCode::NotResolved, "This ticket is still open."));
    }
    let mut checker = Checker::default();
    checker.length("reason", &input.reason, 3, 2_000);
    checker.finish()?;
    let window_days = crate::tenants::settings(&state, &customer.tenant_id).await?.reopen_window_days;
    if now_ms() > reopen_deadline(&row, window_days) {
        return Err(ApiError::conflict(
            ErrorCode::ReopenWindowPassed,
            format!("This ticket was resolved more than {window_days} days ago. Please open a new ticket instead."),
        ));
    }
    let note = Some(format!("Reopened: {}", input.reason.trim()));
    Ok(Json(change_status(&state, &customer, &row, WorkOrderStatus::Open, note).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `cursor` from the previous answer. Without it, the answer holds no events, only the
    /// cursor to start from, so a fresh install does not announce old news.
    pub since: Option<i64>,
}

/// Changes to this customer's tickets since a cursor: `304` when there are none. Honour
/// `X-Poll-Interval` before polling again. A change is announced within 2 seconds of being made,
/// whichever server instance made it and whichever one answers the poll.
#[utoipa::path(get, path = "/api/portal/changes", tag = "portal", params(ChangesQuery),
    responses((status = 200, body = Changes, headers(("ETag" = String), ("X-Poll-Interval" = i64))),
        (status = 304, description = "Nothing changed", headers(("ETag" = String), ("X-Poll-Interval" = i64)))),
    security(("firebase" = [])))]
pub async fn changes(
    State(state): State<AppState>,
    customer: CustomerAuth,
    Query(query): Query<ChangesQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let head = state.change_head(&customer.customer_id).await?;
    let etag = format!("\"{head}\"");
    let poll = HeaderValue::from(state.config.poll_interval.as_secs());
    let unchanged = query.since.is_some_and(|since| since >= head)
        || headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes());
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body = match query.since {
            None => Changes { cursor: head, events: vec![], has_more: false },
            Some(since) => change_events(&state, &customer, since, head).await?,
        };
        axum::Json(body).into_response()
    };
    let response_headers = response.headers_mut();
    response_headers.insert(header::ETAG, HeaderValue::from_str(&etag).map_err(anyhow::Error::from)?);
    response_headers.insert(POLL_INTERVAL_HEADER, poll);
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(response)
}

async fn change_events(state: &AppState, customer: &CustomerAuth, since: i64, head: i64) -> ApiResult<Changes> {
    type Row = (i64, String, i64, String, Stored<EventKind>, String, Stored<WorkOrderStatus>, i64);
    let mut rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT e.seq, w.id, w.number, w.title, e.kind, e.summary, w.status, e.at
         FROM work_order_customers wc CROSS JOIN ticket_events e CROSS JOIN work_orders w
         WHERE wc.customer_id = $1 AND e.work_order_id = wc.work_order_id AND w.id = e.work_order_id
           AND e.tenant_id = $2 AND e.seq > $3 AND e.seq <= $4 AND e.visibility = 'public'
         ORDER BY e.seq LIMIT {}",
        CHANGES_PAGE + 1
    ))
    .bind(&customer.customer_id)
    .bind(&customer.tenant_id)
    .bind(since)
    .bind(head)
    .fetch_all(state.db.pool())
    .await?;
    let has_more = rows.len() as i64 > CHANGES_PAGE;
    rows.truncate(CHANGES_PAGE as usize);
    let cursor = if has_more { rows.last().map(|r| r.0).unwrap_or(head) } else { head };
    Ok(Changes {
        cursor,
        has_more,
        events: rows
            .into_iter()
            .map(|(seq, ticket_id, ticket_number, ticket_title, Stored(kind), summary, Stored(status), at)| {
                ChangeEvent {
                    cursor: seq,
                    ticket_id: ticket_id.into(),
                    ticket_number,
                    ticket_title,
                    kind,
                    summary,
                    status,
                    at: to_time(at),
                }
            })
            .collect(),
    })
}

/// Service status and the open outages that affect this customer.
#[utoipa::path(get, path = "/api/portal/status", tag = "portal",
    responses((status = 200, body = PortalStatus)), security(("firebase" = [])))]
pub async fn status(State(state): State<AppState>, customer: CustomerAuth) -> ApiResult<Json<PortalStatus>> {
    let Stored(service_status): Stored<ServiceStatus> =
        sqlx::query_scalar("SELECT service_status FROM customers WHERE id = $1 AND tenant_id = $2")
            .bind(&customer.customer_id)
            .bind(&customer.tenant_id)
            .fetch_one(state.db.pool())
            .await?;
    let outages: Vec<(String, i64, String, Stored<WorkOrderStatus>, i64, i64)> = sqlx::query_as(
        "SELECT w.id, w.number, w.title, w.status, w.created_at, w.updated_at
         FROM work_order_customers wc CROSS JOIN work_orders w
         WHERE w.id = wc.work_order_id AND wc.customer_id = $1 AND w.tenant_id = $2 AND w.kind IN ('outage', 'maintenance')
           AND w.status NOT IN ('resolved', 'closed')
         ORDER BY w.created_at DESC",
    )
    .bind(&customer.customer_id)
    .bind(&customer.tenant_id)
    .fetch_all(state.db.pool())
    .await?;
    Ok(Json(PortalStatus {
        service_status,
        open_outages: outages
            .into_iter()
            .map(|(id, number, title, Stored(status), created_at, updated_at)| Outage {
                id,
                number,
                title,
                status,
                started_at: to_time(created_at),
                updated_at: to_time(updated_at),
            })
            .collect(),
    }))
}
