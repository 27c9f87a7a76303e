//! Staff members and their roles per tenant.

use axum::extract::State;
use portal_api::ErrorCode;
use portal_api::{StaffMe, StaffMembership, StaffRole};

use crate::auth::FirebaseUser;
use crate::db::Db;
use crate::error::{extract::Json, ApiResult};
use crate::state::AppState;

pub struct Membership {
    pub staff_id: String,
    pub tenant_id: String,
    pub tenant_name: String,
    pub role: StaffRole,
    pub display_name: String,
}

pub async fn memberships(db: &Db, uid: &str) -> sqlx::Result<Vec<Membership>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.tenant_id, t.name, s.role, s.display_name
         FROM staff_members s JOIN tenants t ON t.id = s.tenant_id
         WHERE s.firebase_uid = $1 ORDER BY t.name",
    )
    .bind(uid)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(staff_id, tenant_id, tenant_name, role, display_name)| {
            Some(Membership { staff_id, tenant_id, tenant_name, role: role.parse().ok()?, display_name })
        })
        .collect())
}

/// The signed-in staff member's tenants and role in each.
#[utoipa::path(get, path = "/api/staff/me", tag = "staff",
    responses((status = 200, body = StaffMe), (status = 401, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn me(State(state): State<AppState>, FirebaseUser(user): FirebaseUser) -> ApiResult<Json<StaffMe>> {
    let memberships = memberships(&state.db, &user.uid).await?;
    if memberships.is_empty() {
        return Err(crate::error::ApiError::Forbidden {
            code: ErrorCode::NotStaff,
            message: "This account is not a staff member of any tenant.".into(),
        });
    }
    Ok(Json(StaffMe {
        uid: user.uid,
        email: user.email,
        memberships: memberships
            .into_iter()
            .map(|m| StaffMembership {
                tenant_id: m.tenant_id,
                tenant_name: m.tenant_name,
                staff_id: m.staff_id,
                role: m.role,
            })
            .collect(),
    }))
}
