//! Work orders: the maintain module's tickets. Staff and customers reach the same records through
//! this one service; the customer view (`crate::portal`) only narrows what is visible.

pub mod http;

use portal_api::ErrorCode;
use portal_api::{
    AffectedCustomer, AuthorKind, ContactInfo, CustomerRelation, Diagnostics, EventKind, Priority, StaffComment,
    Visibility, WorkOrder, WorkOrderKind, WorkOrderStatus,
};

use crate::db::{decode_cursor, encode_cursor, flag, new_id, now_ms, to_time, SqlBuilder, Tx};
use crate::error::{ApiError, ApiResult};
use crate::events::{self, HeadAdvance, NewEvent};
use crate::idempotency::Claim;
use crate::state::AppState;
use crate::validate::Checker;

/// Every column of `work_orders`, in the order [`WorkOrderRow`] reads them.
pub const COLUMNS: &str = "w.id, w.tenant_id, w.number, w.title, w.description, w.kind, w.priority, w.status, \
    w.customer_reported, w.reported_by_customer_id, w.contact_name, w.contact_email, w.contact_phone, w.site, \
    w.assigned_to, w.diagnostics, w.created_at, w.updated_at, w.resolved_at, w.version";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkOrderRow {
    pub id: String,
    pub tenant_id: String,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub priority: String,
    pub status: String,
    pub customer_reported: i64,
    pub reported_by_customer_id: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub site: Option<String>,
    pub assigned_to: Option<String>,
    pub diagnostics: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub version: i64,
}

impl WorkOrderRow {
    pub fn kind(&self) -> WorkOrderKind {
        self.kind.parse().unwrap_or(WorkOrderKind::Support)
    }
    pub fn priority(&self) -> Priority {
        self.priority.parse().unwrap_or(Priority::Normal)
    }
    pub fn status(&self) -> WorkOrderStatus {
        self.status.parse().unwrap_or(WorkOrderStatus::Open)
    }

    pub fn into_api(self, affected_customer_count: i64) -> WorkOrder {
        WorkOrder {
            kind: self.kind(),
            priority: self.priority(),
            status: self.status(),
            id: self.id,
            number: self.number,
            title: self.title,
            description: self.description,
            customer_reported: self.customer_reported != 0,
            reported_by_customer_id: self.reported_by_customer_id,
            contact: ContactInfo { name: self.contact_name, email: self.contact_email, phone: self.contact_phone },
            site: self.site,
            assigned_to: self.assigned_to,
            diagnostics: self.diagnostics.and_then(|d| serde_json::from_str::<Diagnostics>(&d).ok()),
            affected_customer_count,
            created_at: to_time(self.created_at),
            updated_at: to_time(self.updated_at),
            resolved_at: self.resolved_at.map(to_time),
            version: self.version,
        }
    }
}

/// Who made a change, for comments and events.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: AuthorKind,
    pub id: String,
    pub name: String,
}

pub struct NewWorkOrder {
    pub title: String,
    pub description: String,
    pub kind: WorkOrderKind,
    pub priority: Priority,
    pub site: Option<String>,
    pub assigned_to: Option<String>,
    pub contact: ContactInfo,
    /// Set when a customer opened it from the portal.
    pub reported_by: Option<String>,
    pub affected: Vec<String>,
    pub diagnostics: Option<Diagnostics>,
}

pub fn check_title_and_description(checker: &mut Checker, title: &str, description: &str) {
    checker.length("title", title, 3, 160);
    checker.length("description", description, 0, 10_000);
}

/// Runs a `SELECT {COLUMNS} FROM … work_orders w …` query (without ORDER BY) as one page, newest
/// first, continuing after `cursor`. `order` names the columns holding the work order's creation
/// time and id, so a query can sort on the ones its index provides.
pub async fn fetch_page(
    state: &AppState,
    mut query: SqlBuilder,
    order: (&str, &str),
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<(Vec<WorkOrderRow>, Option<String>)> {
    let (created_at, id_column) = order;
    if let Some(cursor) = cursor {
        let (at, id) = decode_cursor(cursor).ok_or_else(|| ApiError::field("cursor", "This cursor is not valid."))?;
        query.push(&format!(" AND ({created_at} < ")).bind_int(at);
        query.push(&format!(" OR ({created_at} = ")).bind_int(at);
        query.push(&format!(" AND {id_column} < ")).bind_text(id).push("))");
    }
    query.push(&format!(" ORDER BY {created_at} DESC, {id_column} DESC LIMIT {}", limit + 1));
    let mut rows: Vec<WorkOrderRow> = query.build_as().fetch_all(state.db.pool()).await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(r.created_at, &r.id))
    } else {
        None
    };
    Ok((rows, next_cursor))
}

pub async fn find(state: &AppState, tenant_id: &str, id: &str) -> ApiResult<WorkOrderRow> {
    sqlx::query_as::<_, WorkOrderRow>(&format!(
        "SELECT {COLUMNS} FROM work_orders w WHERE w.id = $1 AND w.tenant_id = $2"
    ))
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(state.db.pool())
    .await?
    .ok_or_else(|| ApiError::not_found("The work order"))
}

async fn check_assignee(tx: &mut Tx, tenant_id: &str, staff_id: &str) -> ApiResult<()> {
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM staff_members WHERE id = $1 AND tenant_id = $2")
        .bind(staff_id)
        .bind(tenant_id)
        .fetch_optional(&mut **tx)
        .await?;
    exists.map(|_| ()).ok_or_else(|| ApiError::field("assignedTo", "No staff member of this tenant has that id."))
}

/// Adds customers to a work order, a few hundred per statement (an outage may list thousands).
/// Every id must be a customer of the same tenant: one foreign id refuses the whole change.
async fn attach_customers(
    tx: &mut Tx,
    tenant_id: &str,
    work_order_id: &str,
    customer_ids: &[String],
    relation: CustomerRelation,
) -> ApiResult<usize> {
    let mut added = 0;
    for chunk in customer_ids.chunks(500) {
        let mut known = SqlBuilder::new("SELECT id FROM customers WHERE tenant_id = ");
        known.bind_text(tenant_id);
        known.and_in("id", chunk.iter().map(String::as_str));
        let known: Vec<(String,)> = known.build_as().fetch_all(&mut **tx).await?;
        if let Some(unknown) = chunk.iter().find(|id| !known.iter().any(|(k,)| k == *id)) {
            return Err(ApiError::field(
                "affectedCustomers",
                format!("No customer of this tenant has the id {unknown:?}."),
            ));
        }
        let mut insert = SqlBuilder::new(
            "INSERT INTO work_order_customers (work_order_id, customer_id, tenant_id, relation, work_order_created_at)
             SELECT w.id, c.id, c.tenant_id, ",
        );
        insert.bind_text(relation.as_str());
        insert.push(", w.created_at FROM work_orders w CROSS JOIN customers c WHERE w.id = ").bind_text(work_order_id);
        insert.push(" AND c.tenant_id = ").bind_text(tenant_id);
        insert.and_in("c.id", chunk.iter().map(String::as_str));
        insert.push(" ON CONFLICT (work_order_id, customer_id) DO NOTHING");
        added += insert.build().execute(&mut **tx).await?.rows_affected() as usize;
    }
    Ok(added)
}

/// Creates a work order. With `once`, a request whose key already created one answers that one
/// instead (see [`crate::idempotency`]).
pub async fn create(
    state: &AppState,
    tenant_id: &str,
    actor: &Actor,
    input: NewWorkOrder,
    once: Option<&Claim>,
) -> ApiResult<WorkOrderRow> {
    let mut tx = state.db.begin().await?;
    let number: i64 = sqlx::query_scalar(
        "UPDATE tenants SET work_order_seq = work_order_seq + 1 WHERE id = $1 RETURNING work_order_seq",
    )
    .bind(tenant_id)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(staff_id) = &input.assigned_to {
        check_assignee(&mut tx, tenant_id, staff_id).await?;
    }
    let id = new_id();
    let now = now_ms();
    let status = if input.assigned_to.is_some() { WorkOrderStatus::Assigned } else { WorkOrderStatus::Open };
    sqlx::query(
        "INSERT INTO work_orders (id, tenant_id, number, title, description, kind, priority, status,
            customer_reported, reported_by_customer_id, contact_name, contact_email, contact_phone, site, assigned_to,
            diagnostics, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, 1)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(number)
    .bind(input.title.trim())
    .bind(input.description.trim())
    .bind(input.kind.as_str())
    .bind(input.priority.as_str())
    .bind(status.as_str())
    .bind(flag(input.reported_by.is_some()))
    .bind(&input.reported_by)
    .bind(&input.contact.name)
    .bind(&input.contact.email)
    .bind(&input.contact.phone)
    .bind(&input.site)
    .bind(&input.assigned_to)
    .bind(input.diagnostics.as_ref().map(|d| serde_json::to_string(d).unwrap_or_default()))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(reporter) = &input.reported_by {
        attach_customers(&mut tx, tenant_id, &id, std::slice::from_ref(reporter), CustomerRelation::Reporter).await?;
    }
    attach_customers(&mut tx, tenant_id, &id, &input.affected, CustomerRelation::Affected).await?;
    if let Some(claim) = once {
        if let Some(earlier) = claim.record(&mut tx, &id).await? {
            return find(state, tenant_id, &earlier).await;
        }
    }
    let summary = format!("Ticket #{number} opened: {}", input.title.trim());
    let advance = events::record(
        &mut tx,
        NewEvent {
            tenant_id,
            work_order_id: &id,
            kind: EventKind::Created,
            visibility: Visibility::Public,
            actor: actor.kind,
            summary,
        },
    )
    .await?;
    tx.commit().await?;
    advance.publish(state).await;
    find(state, tenant_id, &id).await
}

pub struct WorkOrderChanges {
    pub version: i64,
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<WorkOrderStatus>,
    pub priority: Option<Priority>,
    pub site: Option<String>,
    pub assigned_to: Option<Option<String>>,
    /// A public comment written in the same transaction, e.g. the reason a customer reopened.
    pub public_note: Option<String>,
}

/// Applies staff changes with optimistic concurrency: the update only lands on the version the
/// editor saw, so two people editing at once cannot silently overwrite each other.
pub async fn update(
    state: &AppState,
    tenant_id: &str,
    actor: &Actor,
    id: &str,
    changes: WorkOrderChanges,
) -> ApiResult<WorkOrderRow> {
    let current = find(state, tenant_id, id).await?;
    if current.version != changes.version {
        return Err(version_conflict(current.version));
    }
    let mut tx = state.db.begin().await?;
    if let Some(Some(staff_id)) = &changes.assigned_to {
        check_assignee(&mut tx, tenant_id, staff_id).await?;
    }
    let title = changes.title.as_deref().map(str::trim).unwrap_or(&current.title).to_string();
    let description = changes.description.as_deref().map(str::trim).unwrap_or(&current.description).to_string();
    let priority = changes.priority.unwrap_or(current.priority());
    let site = changes.site.clone().or(current.site.clone());
    let assigned_to = changes.assigned_to.clone().unwrap_or(current.assigned_to.clone());
    let old_status = current.status();
    let status = changes.status.unwrap_or(old_status);
    let now = now_ms();
    let resolved_at = match (old_status.is_open(), status.is_open()) {
        (true, false) => Some(now),
        (_, true) => None,
        (false, false) => current.resolved_at,
    };
    let updated = sqlx::query(
        "UPDATE work_orders SET title = $1, description = $2, priority = $3, status = $4, site = $5,
            assigned_to = $6, resolved_at = $7, updated_at = $8, version = version + 1
         WHERE id = $9 AND tenant_id = $10 AND version = $11",
    )
    .bind(&title)
    .bind(&description)
    .bind(priority.as_str())
    .bind(status.as_str())
    .bind(&site)
    .bind(&assigned_to)
    .bind(resolved_at)
    .bind(now)
    .bind(id)
    .bind(tenant_id)
    .bind(changes.version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(version_conflict(changes.version + 1));
    }
    let mut happened = Vec::new();
    if status != old_status {
        happened.push((EventKind::StatusChanged, Visibility::Public, format!("Status changed to {}", status.label())));
    }
    if title != current.title || description != current.description {
        happened.push((EventKind::Updated, Visibility::Public, "The ticket's details were updated".to_string()));
    }
    if priority != current.priority() || assigned_to != current.assigned_to || site != current.site {
        let summary = format!("Priority {priority}, assignee {}", assigned_to.as_deref().unwrap_or("none"));
        happened.push((EventKind::Updated, Visibility::Internal, summary));
    }
    let mut advance = HeadAdvance::default();
    for (kind, visibility, summary) in happened {
        let event = NewEvent { tenant_id, work_order_id: id, kind, visibility, actor: actor.kind, summary };
        advance.merge(events::record(&mut tx, event).await?);
    }
    if let Some(note) = changes.public_note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let (_, commented) = insert_comment(&mut tx, tenant_id, id, actor, note, Visibility::Public).await?;
        advance.merge(commented);
    }
    tx.commit().await?;
    advance.publish(state).await;
    find(state, tenant_id, id).await
}

fn version_conflict(current: i64) -> ApiError {
    ApiError::conflict(
        ErrorCode::VersionConflict,
        format!("Someone else changed this work order first (it is now at version {current}). Reload it and apply your change again."),
    )
}

/// Adds a comment. With `once`, a request whose key already added one answers that one instead
/// (see [`crate::idempotency`]).
pub async fn add_comment(
    state: &AppState,
    tenant_id: &str,
    work_order_id: &str,
    actor: &Actor,
    body: &str,
    visibility: Visibility,
    once: Option<&Claim>,
) -> ApiResult<StaffComment> {
    let mut checker = Checker::default();
    checker.length("body", body, 1, 10_000);
    checker.finish()?;
    let mut tx = state.db.begin().await?;
    let (comment, advance) = insert_comment(&mut tx, tenant_id, work_order_id, actor, body, visibility).await?;
    if let Some(claim) = once {
        if let Some(earlier) = claim.record(&mut tx, &comment.id).await? {
            return find_comment(state, tenant_id, &earlier).await;
        }
    }
    tx.commit().await?;
    advance.publish(state).await;
    Ok(comment)
}

pub async fn find_comment(state: &AppState, tenant_id: &str, id: &str) -> ApiResult<StaffComment> {
    let row: Option<(String, String, Option<String>, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, author_kind, author_id, author_name, body, visibility, created_at FROM comments
         WHERE id = $1 AND tenant_id = $2",
    )
    .bind(id)
    .bind(tenant_id)
    .fetch_optional(state.db.pool())
    .await?;
    let (id, author_kind, author_id, author_name, body, visibility, created_at) =
        row.ok_or_else(|| ApiError::not_found("The comment"))?;
    Ok(StaffComment {
        id,
        author_kind: author_kind.parse().map_err(|_| stored_value("comments.author_kind", &author_kind))?,
        author_id,
        author_name,
        body,
        visibility: visibility.parse().map_err(|_| stored_value("comments.visibility", &visibility))?,
        created_at: to_time(created_at),
    })
}

fn stored_value(column: &str, value: &str) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("unknown value {value:?} in {column}"))
}

/// Writes a comment and its event inside the caller's transaction.
async fn insert_comment(
    tx: &mut Tx,
    tenant_id: &str,
    work_order_id: &str,
    actor: &Actor,
    body: &str,
    visibility: Visibility,
) -> ApiResult<(StaffComment, HeadAdvance)> {
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO comments (id, tenant_id, work_order_id, author_kind, author_id, author_name, body, visibility, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(work_order_id)
    .bind(actor.kind.as_str())
    .bind(&actor.id)
    .bind(&actor.name)
    .bind(body.trim())
    .bind(visibility.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if visibility == Visibility::Public {
        // Internal notes leave the customer-visible "last updated" time alone.
        sqlx::query("UPDATE work_orders SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(work_order_id)
            .execute(&mut **tx)
            .await?;
    }
    let summary = match actor.kind {
        AuthorKind::Customer => format!("{} commented", actor.name),
        _ => format!("New reply from {}", actor.name),
    };
    let event_visibility = events::visibility_for(actor.kind, visibility);
    let advance = events::record(
        tx,
        NewEvent {
            tenant_id,
            work_order_id,
            kind: EventKind::Commented,
            visibility: event_visibility,
            actor: actor.kind,
            summary,
        },
    )
    .await?;
    let comment = StaffComment {
        id,
        author_kind: actor.kind,
        author_id: Some(actor.id.clone()),
        author_name: actor.name.clone(),
        body: body.trim().to_string(),
        visibility,
        created_at: to_time(now),
    };
    Ok((comment, advance))
}

pub async fn change_customers(
    state: &AppState,
    tenant_id: &str,
    work_order_id: &str,
    actor: &Actor,
    add: &[String],
    remove: &[String],
) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let added = attach_customers(&mut tx, tenant_id, work_order_id, add, CustomerRelation::Affected).await?;
    for customer_id in remove {
        // The reporter stays: removing them would hide their own ticket from them.
        sqlx::query(
            "DELETE FROM work_order_customers WHERE work_order_id = $1 AND customer_id = $2 AND relation = 'affected'",
        )
        .bind(work_order_id)
        .bind(customer_id)
        .execute(&mut *tx)
        .await?;
    }
    let mut advance = HeadAdvance::default();
    if added > 0 {
        let summary = "This ticket now lists your service".to_string();
        advance.merge(
            events::record(
                &mut tx,
                NewEvent {
                    tenant_id,
                    work_order_id,
                    kind: EventKind::CustomerAdded,
                    visibility: Visibility::Public,
                    actor: actor.kind,
                    summary,
                },
            )
            .await?,
        );
    }
    tx.commit().await?;
    advance.publish(state).await;
    Ok(())
}

pub async fn customer_count(state: &AppState, work_order_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM work_order_customers WHERE work_order_id = $1")
        .bind(work_order_id)
        .fetch_one(state.db.pool())
        .await
}

pub async fn customers(state: &AppState, work_order_id: &str) -> sqlx::Result<Vec<AffectedCustomer>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.id, c.customer_number, c.name, wc.relation FROM work_order_customers wc
         JOIN customers c ON c.id = wc.customer_id WHERE wc.work_order_id = $1
         ORDER BY wc.relation DESC, c.customer_number LIMIT 200",
    )
    .bind(work_order_id)
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(customer_id, customer_number, name, relation)| AffectedCustomer {
            customer_id,
            customer_number,
            name,
            relation: relation.parse().unwrap_or(CustomerRelation::Affected),
        })
        .collect())
}
