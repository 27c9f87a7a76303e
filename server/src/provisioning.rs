//! Operator tasks that have no public API on purpose: creating a tenant and naming its staff.
//! A WISP's owner account is set up once by whoever runs the server (`wisp-server add-tenant`,
//! `wisp-server add-staff`); everything after that happens through the staff API.

use anyhow::{bail, Context};
use portal_api::{Branding, StaffRole};

use crate::db::{new_id, now_ms, Db};
use crate::tenants::TenantSettings;

pub async fn add_tenant(
    db: &Db,
    id: &str,
    name: &str,
    branding: &Branding,
    settings: &TenantSettings,
) -> anyhow::Result<()> {
    let valid_id = !id.is_empty()
        && id.len() <= 40
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_id {
        bail!("a tenant id is 1 to 40 lower-case letters, digits and dashes, such as `ridgeline`");
    }
    let branding = serde_json::to_string(branding)?;
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO tenants (id, slug, name, branding, settings, created_at) VALUES ($1, $1, $2, $3, $4, $5)")
        .bind(id)
        .bind(name)
        .bind(&branding)
        .bind(serde_json::to_string(settings)?)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .with_context(|| format!("cannot create tenant {id:?} (does it exist already?)"))?;
    sqlx::query("INSERT INTO branding_versions (tenant_id, version, branding, published_at) VALUES ($1, 1, $2, $3)")
        .bind(id)
        .bind(&branding)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a Firebase user staff of a tenant, or changes their role there. Returns the staff id.
pub async fn add_staff(
    db: &Db,
    tenant_id: &str,
    firebase_uid: &str,
    email: &str,
    display_name: &str,
    role: StaffRole,
) -> anyhow::Result<String> {
    let id = new_id();
    let stored: String = sqlx::query_scalar(
        "INSERT INTO staff_members (id, tenant_id, firebase_uid, email, display_name, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, firebase_uid) DO UPDATE SET role = excluded.role, email = excluded.email,
            display_name = excluded.display_name
         RETURNING id",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(firebase_uid)
    .bind(email)
    .bind(display_name)
    .bind(role.as_str())
    .bind(now_ms())
    .fetch_one(db.pool())
    .await
    .with_context(|| format!("cannot add staff to tenant {tenant_id:?} (does the tenant exist?)"))?;
    Ok(stored)
}
