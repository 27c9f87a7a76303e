//! Staff routes for work orders.

use axum::extract::State;
use axum::http::StatusCode;
use portal_api::{
    AffectedCustomersChange, AuthorKind, CreateStaffComment, CreateWorkOrder, Page, Priority, StaffAttachment,
    StaffComment, UpdateWorkOrder, Visibility, WorkOrder, WorkOrderDetail, WorkOrderKind, WorkOrderStatus,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{Actor, NewWorkOrder, WorkOrderChanges, COLUMNS};
use crate::auth::{can, Staff, StaffAuth};
use crate::db::{to_time, SqlBuilder};
use crate::error::extract::{Json, Path, Query};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::stored::Stored;
use crate::validate::{like_pattern, Checker};

impl StaffAuth {
    pub fn actor(&self) -> Actor {
        Actor { kind: AuthorKind::Staff, id: self.staff_id.clone(), name: self.display_name.clone() }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct QueueFilter {
    /// Comma-separated statuses, e.g. `open,assigned`.
    pub status: Option<String>,
    /// Comma-separated priorities.
    pub priority: Option<String>,
    pub kind: Option<WorkOrderKind>,
    /// Work orders that list this customer id.
    pub customer: Option<String>,
    /// A staff member id, or `none` for unassigned work.
    pub assignee: Option<String>,
    /// Words in the title or description.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// At most 100; 50 by default.
    pub limit: Option<i64>,
}

fn parse_list<T: std::str::FromStr>(field: &str, raw: &Option<String>) -> ApiResult<Vec<T>> {
    let Some(raw) = raw else { return Ok(vec![]) };
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<T>().map_err(|_| ApiError::field(field, format!("{s:?} is not a known value."))))
        .collect()
}

/// The tenant's queue, newest first, with filters.
#[utoipa::path(get, path = "/api/work-orders", tag = "work orders", params(QueueFilter),
    responses((status = 200, body = Page<WorkOrder>)), security(("firebase" = [])))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff<can::ViewWorkOrders>,
    Query(filter): Query<QueueFilter>,
) -> ApiResult<Json<Page<WorkOrder>>> {
    let statuses: Vec<WorkOrderStatus> = parse_list("status", &filter.status)?;
    let priorities: Vec<Priority> = parse_list("priority", &filter.priority)?;
    let limit = filter.limit.unwrap_or(50).clamp(1, 100);
    let mut query = SqlBuilder::new(&format!("SELECT {COLUMNS} FROM work_orders w WHERE w.tenant_id = "));
    query.bind_text(&staff.tenant_id);
    if !statuses.is_empty() {
        query.and_in("w.status", statuses.iter().map(|s| s.as_str()));
    }
    if !priorities.is_empty() {
        query.and_in("w.priority", priorities.iter().map(|p| p.as_str()));
    }
    if let Some(kind) = filter.kind {
        query.push(" AND w.kind = ").bind_text(kind.as_str());
    }
    if let Some(customer) = &filter.customer {
        query
            .push(" AND w.id IN (SELECT work_order_id FROM work_order_customers WHERE customer_id = ")
            .bind_text(customer)
            .push(")");
    }
    match filter.assignee.as_deref() {
        Some("none") => {
            query.push(" AND w.assigned_to IS NULL");
        }
        Some(staff_id) => {
            query.push(" AND w.assigned_to = ").bind_text(staff_id);
        }
        None => {}
    }
    if let Some(pattern) = like_pattern(filter.q.as_deref()) {
        query.push(" AND (LOWER(w.title) LIKE ").bind_text(&pattern);
        let placeholder = format!(" OR LOWER(w.description) LIKE ${})", query.arg_count());
        query.push(&placeholder);
    }
    let (rows, next_cursor) =
        super::fetch_page(&state, query, ("w.created_at", "w.id"), filter.cursor.as_deref(), limit).await?;
    let items = super::with_customer_counts(&state, &staff.tenant_id, rows).await?;
    Ok(Json(Page { items, next_cursor }))
}

#[utoipa::path(post, path = "/api/work-orders", tag = "work orders", request_body = CreateWorkOrder,
    responses((status = 201, body = WorkOrder), (status = 422, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff<can::EditWorkOrders>,
    Json(input): Json<CreateWorkOrder>,
) -> ApiResult<(StatusCode, Json<WorkOrder>)> {
    let mut checker = Checker::default();
    super::check_title_and_description(&mut checker, &input.title, &input.description);
    if let Some(email) = &input.contact.email {
        checker.email("contact.email", email);
    }
    checker.finish()?;
    let row = super::create(
        &state,
        &staff.tenant_id,
        &staff.actor(),
        NewWorkOrder {
            title: input.title,
            description: input.description,
            kind: input.kind,
            priority: input.priority.unwrap_or(Priority::Normal),
            site: input.site,
            assigned_to: input.assigned_to.filter(|a| !a.is_empty()),
            contact: input.contact,
            reported_by: None,
            affected: input.affected_customers,
            diagnostics: None,
        },
        None,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(super::with_customer_count(&state, &staff.tenant_id, row).await?)))
}

/// The whole work order, internal notes included (staff only).
#[utoipa::path(get, path = "/api/work-orders/{id}", tag = "work orders", params(("id" = String, Path)),
    responses((status = 200, body = WorkOrderDetail), (status = 404, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn get(
    State(state): State<AppState>,
    staff: Staff<can::ViewWorkOrders>,
    Path(id): Path<String>,
) -> ApiResult<Json<WorkOrderDetail>> {
    Ok(Json(detail(&state, &staff.tenant_id, &id).await?))
}

async fn detail(state: &AppState, tenant_id: &str, id: &str) -> ApiResult<WorkOrderDetail> {
    let row = super::find(state, tenant_id, id).await?;
    type CommentRow = (String, Stored<AuthorKind>, Option<String>, String, String, Stored<Visibility>, i64);
    let comments: Vec<CommentRow> = sqlx::query_as(
        "SELECT id, author_kind, author_id, author_name, body, visibility, created_at FROM comments
         WHERE work_order_id = $1 AND tenant_id = $2 ORDER BY created_at, id",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_all(state.db.pool())
    .await?;
    let attachments = crate::attachments::list(state, tenant_id, id, None).await?;
    Ok(WorkOrderDetail {
        work_order: super::with_customer_count(state, tenant_id, row).await?,
        comments: comments
            .into_iter()
            .map(|(id, Stored(author_kind), author_id, author_name, body, Stored(visibility), created_at)| {
                StaffComment {
                    id,
                    author_kind,
                    author_id,
                    author_name,
                    body,
                    visibility,
                    created_at: to_time(created_at),
                }
            })
            .collect(),
        attachments: attachments
            .into_iter()
            .map(|(info, _, visibility)| StaffAttachment { info, visibility })
            .collect(),
        customers: super::customers(state, tenant_id, id).await?,
    })
}

#[utoipa::path(patch, path = "/api/work-orders/{id}", tag = "work orders", params(("id" = String, Path)), request_body = UpdateWorkOrder,
    responses((status = 200, body = WorkOrder), (status = 409, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff<can::EditWorkOrders>,
    Path(id): Path<String>,
    Json(input): Json<UpdateWorkOrder>,
) -> ApiResult<Json<WorkOrder>> {
    let mut checker = Checker::default();
    if let Some(title) = &input.title {
        checker.length("title", title, 3, 160);
    }
    if let Some(description) = &input.description {
        checker.length("description", description, 0, 10_000);
    }
    checker.finish()?;
    let changes = WorkOrderChanges {
        version: input.version,
        title: input.title,
        description: input.description,
        status: input.status,
        priority: input.priority,
        site: input.site,
        assigned_to: input.assigned_to.map(|a| Some(a).filter(|a| !a.is_empty())),
        public_note: None,
    };
    let row = super::update(&state, &staff.tenant_id, &staff.actor(), &id, changes).await?;
    Ok(Json(super::with_customer_count(&state, &staff.tenant_id, row).await?))
}

/// A public reply (the customer sees it) or an internal note (staff only).
#[utoipa::path(post, path = "/api/work-orders/{id}/comments", tag = "work orders", params(("id" = String, Path)), request_body = CreateStaffComment,
    responses((status = 201, body = StaffComment)), security(("firebase" = [])))]
pub async fn comment(
    State(state): State<AppState>,
    staff: Staff<can::EditWorkOrders>,
    Path(id): Path<String>,
    Json(input): Json<CreateStaffComment>,
) -> ApiResult<(StatusCode, Json<StaffComment>)> {
    let comment =
        super::add_comment(&state, &staff.tenant_id, &id, &staff.actor(), &input.body, input.visibility, None).await?;
    Ok((StatusCode::CREATED, Json(comment)))
}

#[utoipa::path(post, path = "/api/work-orders/{id}/customers", tag = "work orders", params(("id" = String, Path)), request_body = AffectedCustomersChange,
    responses((status = 200, body = WorkOrderDetail)), security(("firebase" = [])))]
pub async fn change_customers(
    State(state): State<AppState>,
    staff: Staff<can::EditWorkOrders>,
    Path(id): Path<String>,
    Json(input): Json<AffectedCustomersChange>,
) -> ApiResult<Json<WorkOrderDetail>> {
    if input.add.len() + input.remove.len() > 10_000 {
        return Err(ApiError::field("add", "Change at most 10,000 customers at once."));
    }
    super::change_customers(&state, &staff.tenant_id, &id, &staff.actor(), &input.add, &input.remove).await?;
    Ok(Json(detail(&state, &staff.tenant_id, &id).await?))
}
