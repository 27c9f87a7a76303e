//! FAQ entries: customers read them in the portal, staff edit them.

use axum::extract::State;
use axum::http::StatusCode;
use portal_api::{FaqEntry, UpsertFaqEntry};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{can, CustomerAuth, Staff, StaffAuth};
use crate::db::{new_id, now_ms};
use crate::error::extract::{Json, Path, Query};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate::{like_pattern, Checker};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FaqSearch {
    /// Words to look for in questions and answers.
    pub q: Option<String>,
}

async fn entries(state: &AppState, tenant_id: &str, q: Option<&str>) -> ApiResult<Vec<FaqEntry>> {
    let pattern = like_pattern(q);
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, question, answer, category, position FROM faq_entries
         WHERE tenant_id = $1 AND ($2 = '' OR LOWER(question) LIKE $2 OR LOWER(answer) LIKE $2)
         ORDER BY position, question",
    )
    .bind(tenant_id)
    .bind(pattern.unwrap_or_default())
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, question, answer, category, position)| FaqEntry { id, question, answer, category, position })
        .collect())
}

fn check(input: &UpsertFaqEntry) -> Result<(), ApiError> {
    let mut checker = Checker::default();
    checker.length("question", &input.question, 1, 300);
    checker.length("answer", &input.answer, 1, 5_000);
    checker.length("category", &input.category, 0, 60);
    checker.finish()
}

#[utoipa::path(get, path = "/api/portal/faq", tag = "portal", params(FaqSearch),
    responses((status = 200, body = Vec<FaqEntry>)), security(("firebase" = [])))]
pub async fn portal_list(
    State(state): State<AppState>,
    customer: CustomerAuth,
    Query(search): Query<FaqSearch>,
) -> ApiResult<Json<Vec<FaqEntry>>> {
    Ok(Json(entries(&state, &customer.tenant_id, search.q.as_deref()).await?))
}

#[utoipa::path(get, path = "/api/faq", tag = "faq", params(FaqSearch),
    responses((status = 200, body = Vec<FaqEntry>)), security(("firebase" = [])))]
pub async fn staff_list(
    State(state): State<AppState>,
    staff: StaffAuth,
    Query(search): Query<FaqSearch>,
) -> ApiResult<Json<Vec<FaqEntry>>> {
    Ok(Json(entries(&state, &staff.tenant_id, search.q.as_deref()).await?))
}

#[utoipa::path(post, path = "/api/faq", tag = "faq", request_body = UpsertFaqEntry,
    responses((status = 201, body = FaqEntry)), security(("firebase" = [])))]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff<can::EditFaq>,
    Json(input): Json<UpsertFaqEntry>,
) -> ApiResult<(StatusCode, Json<FaqEntry>)> {
    check(&input)?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO faq_entries (id, tenant_id, question, answer, category, position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(&staff.tenant_id)
    .bind(input.question.trim())
    .bind(input.answer.trim())
    .bind(input.category.trim())
    .bind(input.position)
    .bind(now_ms())
    .execute(state.db.pool())
    .await?;
    let entry = FaqEntry {
        id,
        question: input.question.trim().into(),
        answer: input.answer.trim().into(),
        category: input.category.trim().into(),
        position: input.position,
    };
    Ok((StatusCode::CREATED, Json(entry)))
}

#[utoipa::path(put, path = "/api/faq/{id}", tag = "faq", params(("id" = String, Path)), request_body = UpsertFaqEntry,
    responses((status = 200, body = FaqEntry), (status = 404, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn update(
    State(state): State<AppState>,
    staff: Staff<can::EditFaq>,
    Path(id): Path<String>,
    Json(input): Json<UpsertFaqEntry>,
) -> ApiResult<Json<FaqEntry>> {
    check(&input)?;
    let updated = sqlx::query(
        "UPDATE faq_entries SET question = $1, answer = $2, category = $3, position = $4, updated_at = $5 WHERE id = $6 AND tenant_id = $7",
    )
    .bind(input.question.trim())
    .bind(input.answer.trim())
    .bind(input.category.trim())
    .bind(input.position)
    .bind(now_ms())
    .bind(&id)
    .bind(&staff.tenant_id)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::not_found("The FAQ entry"));
    }
    Ok(Json(FaqEntry {
        id,
        question: input.question.trim().into(),
        answer: input.answer.trim().into(),
        category: input.category.trim().into(),
        position: input.position,
    }))
}

#[utoipa::path(delete, path = "/api/faq/{id}", tag = "faq", params(("id" = String, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = portal_api::ErrorBody)), security(("firebase" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff<can::EditFaq>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let deleted = sqlx::query("DELETE FROM faq_entries WHERE id = $1 AND tenant_id = $2")
        .bind(&id)
        .bind(&staff.tenant_id)
        .execute(state.db.pool())
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(ApiError::not_found("The FAQ entry"));
    }
    Ok(StatusCode::NO_CONTENT)
}
