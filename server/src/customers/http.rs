//! Staff routes for customers.

use axum::extract::State;
use axum::http::StatusCode;
use portal_api::ErrorCode;
use portal_api::{
    CreateCustomer, Customer, CustomerDetail, NewEquipment, NewServiceEvent, Page, PortalAccessGrant, UpdateCustomer,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{check_equipment, check_phone, check_plan, CustomerRow, COLUMNS};
use crate::auth::{can, Staff};
use crate::db::{flag, new_id, now_ms, SqlBuilder};
use crate::error::extract::{Json, Path, Query};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate::{like_pattern, Checker};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerSearch {
    /// Part of a name, customer number, e-mail address or phone number.
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/customers", tag = "customers", params(CustomerSearch),
    responses((status = 200, body = Page<Customer>)), security(("firebase" = [])))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff<can::ViewCustomers>,
    Query(search): Query<CustomerSearch>,
) -> ApiResult<Json<Page<Customer>>> {
    let limit = search.limit.unwrap_or(50).clamp(1, 200);
    // The cursor is an offset this server handed out: a count, never negative.
    let offset = match &search.cursor {
        Some(cursor) => i64::from(cursor.parse::<u32>().map_err(|_| ApiError::invalid_cursor())?),
        None => 0,
    };
    let mut query = SqlBuilder::new(&format!("SELECT {COLUMNS} FROM customers WHERE tenant_id = "));
    query.bind_text(&staff.tenant_id);
    if let Some(pattern) = like_pattern(search.q.as_deref()) {
        query.push(" AND (LOWER(name) LIKE ").bind_text(&pattern);
        let n = query.arg_count();
        query.push(&format!(" OR LOWER(customer_number) LIKE ${n} OR LOWER(COALESCE(email, '')) LIKE ${n} OR COALESCE(phone, '') LIKE ${n})"));
    }
    query.push(&format!(" ORDER BY name, id LIMIT {} OFFSET {offset}", limit + 1));
    let mut rows: Vec<CustomerRow> = query.build_as().fetch_all(state.db.pool()).await?;
    let next_cursor = (rows.len() as i64 > limit).then(|| (offset + limit).to_string());
    rows.truncate(limit as usize);
    Ok(Json(Page { items: rows.into_iter().map(CustomerRow::into_api).collect(), next_cursor }))
}

#[utoipa::path(post, path = "/api/customers", tag = "customers", request_body = CreateCustomer,
    responses((status = 201, body = CustomerDetail), (status = 409, body = portal_api::ErrorBody), (status = 422, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff<can::EditCustomers>,
    Json(input): Json<CreateCustomer>,
) -> ApiResult<(StatusCode, Json<CustomerDetail>)> {
    let settings = crate::tenants::settings(&state, &staff.tenant_id).await?;
    let mut checker = Checker::default();
    checker.length("customerNumber", &input.customer_number, 1, 32);
    checker.length("name", &input.name, 1, 120);
    if let Some(email) = input.email.as_deref().filter(|e| !e.trim().is_empty()) {
        checker.email("email", email);
    }
    let phone = check_phone(&mut checker, input.phone.as_deref(), &settings.default_country_code);
    check_plan(&mut checker, &input.plan);
    check_equipment(&mut checker, &input.equipment);
    checker.finish()?;
    let id = new_id();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO customers (id, tenant_id, customer_number, name, email, phone, service_address, plan_name, plan_down_mbps,
            plan_up_mbps, plan_monthly_price_cents, service_status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(&id)
    .bind(&staff.tenant_id)
    .bind(input.customer_number.trim())
    .bind(input.name.trim())
    .bind(input.email.as_deref().map(str::trim).filter(|e| !e.is_empty()))
    .bind(&phone)
    .bind(input.service_address.trim())
    .bind(input.plan.name.trim())
    .bind(input.plan.down_mbps)
    .bind(input.plan.up_mbps)
    .bind(input.plan.monthly_price_cents)
    .bind(input.service_status.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(number_taken)?;
    super::insert_equipment(&mut tx, &staff.tenant_id, &id, &input.equipment).await?;
    super::insert_service_events(&mut tx, &staff.tenant_id, &id, &input.service_history).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &staff.tenant_id, &id).await?)))
}

/// The unique index on (tenant, customer number) decides, so two staff members creating the same
/// number at once get one record and one `409`, not a race. The new id is fresh, so that index is
/// the only unique one this insert can hit.
fn number_taken(err: sqlx::Error) -> ApiError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            ApiError::conflict(ErrorCode::CustomerNumberTaken, "Another customer already has this customer number.")
        }
        _ => err.into(),
    }
}

fn version_conflict(current: i64) -> ApiError {
    ApiError::conflict(
        ErrorCode::VersionConflict,
        format!("Someone else changed this customer first (it is now at version {current}). Reload it and apply your change again."),
    )
}

async fn detail(state: &AppState, tenant_id: &str, id: &str) -> ApiResult<CustomerDetail> {
    let row = super::find(state, tenant_id, id).await?;
    Ok(CustomerDetail {
        equipment: super::equipment(state, tenant_id, id).await?,
        service_history: super::service_history(state, tenant_id, id).await?,
        customer: row.into_api(),
    })
}

#[utoipa::path(get, path = "/api/customers/{id}", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = CustomerDetail), (status = 404, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn get(
    State(state): State<AppState>,
    staff: Staff<can::ViewCustomers>,
    Path(id): Path<String>,
) -> ApiResult<Json<CustomerDetail>> {
    Ok(Json(detail(&state, &staff.tenant_id, &id).await?))
}

/// Changes a customer record with optimistic concurrency: `version` must be the one the editor saw.
#[utoipa::path(patch, path = "/api/customers/{id}", tag = "customers", params(("id" = String, Path)), request_body = UpdateCustomer,
    responses((status = 200, body = CustomerDetail), (status = 409, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff<can::EditCustomers>,
    Path(id): Path<String>,
    Json(input): Json<UpdateCustomer>,
) -> ApiResult<Json<CustomerDetail>> {
    let current = super::find(&state, &staff.tenant_id, &id).await?;
    let settings = crate::tenants::settings(&state, &staff.tenant_id).await?;
    let mut checker = Checker::default();
    if let Some(name) = &input.name {
        checker.length("name", name, 1, 120);
    }
    if let Some(email) = input.email.as_deref().filter(|e| !e.trim().is_empty()) {
        checker.email("email", email);
    }
    let phone = match &input.phone {
        Some(raw) => check_phone(&mut checker, Some(raw), &settings.default_country_code),
        None => current.phone.clone(),
    };
    if let Some(plan) = &input.plan {
        check_plan(&mut checker, plan);
    }
    checker.finish()?;
    if input.version != current.version {
        return Err(version_conflict(current.version));
    }
    let plan = input.plan.unwrap_or_else(|| current.plan());
    let email = match input.email {
        Some(email) => Some(email.trim().to_string()).filter(|e| !e.is_empty()),
        None => current.email.clone(),
    };
    let updated = sqlx::query(
        "UPDATE customers SET name = $1, email = $2, phone = $3, service_address = $4, plan_name = $5, plan_down_mbps = $6,
            plan_up_mbps = $7, plan_monthly_price_cents = $8, service_status = $9, account_status = $10, portal_enabled = $11,
            updated_at = $12, version = version + 1
         WHERE id = $13 AND tenant_id = $14 AND version = $15",
    )
    .bind(input.name.as_deref().map(str::trim).unwrap_or(&current.name))
    .bind(email)
    .bind(phone)
    .bind(input.service_address.as_deref().map(str::trim).unwrap_or(&current.service_address))
    .bind(plan.name.trim())
    .bind(plan.down_mbps)
    .bind(plan.up_mbps)
    .bind(plan.monthly_price_cents)
    .bind(input.service_status.unwrap_or(current.service_status()).as_str())
    .bind(input.account_status.unwrap_or(current.account_status()).as_str())
    .bind(flag(input.portal_enabled.unwrap_or(current.portal_enabled != 0)))
    .bind(now_ms())
    .bind(&id)
    .bind(&staff.tenant_id)
    .bind(current.version)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if updated == 0 {
        // Changed (or deleted) between the read above and this write.
        let latest = super::find(&state, &staff.tenant_id, &id).await?;
        return Err(version_conflict(latest.version));
    }
    if let Some(uid) = &current.firebase_uid {
        state.forget_linked_customer(uid).await;
    }
    Ok(Json(detail(&state, &staff.tenant_id, &id).await?))
}

#[utoipa::path(delete, path = "/api/customers/{id}", tag = "customers", params(("id" = String, Path)),
    responses((status = 204, description = "Deleted")), security(("firebase" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff<can::DeleteCustomers>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let current = super::find(&state, &staff.tenant_id, &id).await?;
    sqlx::query("DELETE FROM customers WHERE id = $1 AND tenant_id = $2")
        .bind(&id)
        .bind(&staff.tenant_id)
        .execute(state.db.pool())
        .await?;
    if let Some(uid) = &current.firebase_uid {
        state.forget_linked_customer(uid).await;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/customers/{id}/equipment", tag = "customers", params(("id" = String, Path)), request_body = NewEquipment,
    responses((status = 201, body = CustomerDetail)), security(("firebase" = [])))]
pub async fn add_equipment(
    State(state): State<AppState>,
    staff: Staff<can::EditCustomers>,
    Path(id): Path<String>,
    Json(input): Json<NewEquipment>,
) -> ApiResult<(StatusCode, Json<CustomerDetail>)> {
    super::find(&state, &staff.tenant_id, &id).await?;
    let items = [input];
    let mut checker = Checker::default();
    check_equipment(&mut checker, &items);
    checker.finish()?;
    let mut tx = state.db.begin().await?;
    super::insert_equipment(&mut tx, &staff.tenant_id, &id, &items).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &staff.tenant_id, &id).await?)))
}

#[utoipa::path(post, path = "/api/customers/{id}/service-events", tag = "customers", params(("id" = String, Path)), request_body = NewServiceEvent,
    responses((status = 201, body = CustomerDetail)), security(("firebase" = [])))]
pub async fn add_service_event(
    State(state): State<AppState>,
    staff: Staff<can::EditCustomers>,
    Path(id): Path<String>,
    Json(input): Json<NewServiceEvent>,
) -> ApiResult<(StatusCode, Json<CustomerDetail>)> {
    super::find(&state, &staff.tenant_id, &id).await?;
    let mut checker = Checker::default();
    checker.length("kind", &input.kind, 1, 40);
    checker.length("summary", &input.summary, 1, 500);
    checker.finish()?;
    let mut tx = state.db.begin().await?;
    super::insert_service_events(&mut tx, &staff.tenant_id, &id, &[input]).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &staff.tenant_id, &id).await?)))
}

/// Issues a one-time access code and invite link (the seed's CustomerPortalLink). Issuing a new
/// code replaces the previous one and lifts a sign-up lock.
#[utoipa::path(post, path = "/api/customers/{id}/portal-access", tag = "customers", params(("id" = String, Path)),
    responses((status = 201, body = PortalAccessGrant), (status = 409, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn issue_portal_access(
    State(state): State<AppState>,
    staff: Staff<can::IssuePortalAccess>,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<PortalAccessGrant>)> {
    let grant = crate::linking::issue_access_code(&state, &staff.tenant_id, &id).await?;
    Ok((StatusCode::CREATED, Json(grant)))
}
