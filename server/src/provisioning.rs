//! Operator tasks that have no public API on purpose: creating a tenant and naming its staff.
//! A WISP's owner account is set up once by whoever runs the server (`wisp-server add-tenant`,
//! `wisp-server add-staff`); everything after that happens through the staff API. The demo
//! seeder writes its tenants and staff through the same inserts, inside its own transaction.

use anyhow::{bail, Context};
use portal_api::{Branding, StaffRole};

use crate::db::{new_id, now_ms, Db, Tx};
use crate::tenants::TenantSettings;

pub struct NewTenant<'a> {
    /// Stable id the tenant's app is built with, e.g. `ridgeline`.
    pub id: &'a str,
    pub name: &'a str,
    pub branding: &'a Branding,
    pub settings: &'a TenantSettings,
    pub created_at: i64,
}

pub struct NewStaff<'a> {
    /// Used when the person is not yet staff of the tenant.
    pub id: &'a str,
    pub tenant_id: &'a str,
    pub firebase_uid: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: StaffRole,
    pub created_at: i64,
}

pub async fn add_tenant(
    db: &Db,
    id: &str,
    name: &str,
    branding: &Branding,
    settings: &TenantSettings,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    insert_tenant(&mut tx, &NewTenant { id, name, branding, settings, created_at: now_ms() }).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes the tenant and its branding as version 1 of the branding history.
pub async fn insert_tenant(tx: &mut Tx, tenant: &NewTenant<'_>) -> anyhow::Result<()> {
    let id = tenant.id;
    let valid_id = !id.is_empty()
        && id.len() <= 40
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_id {
        bail!("a tenant id is 1 to 40 lower-case letters, digits and dashes, such as `ridgeline`");
    }
    let branding = serde_json::to_string(tenant.branding)?;
    sqlx::query("INSERT INTO tenants (id, slug, name, branding, settings, created_at) VALUES ($1, $1, $2, $3, $4, $5)")
        .bind(id)
        .bind(tenant.name)
        .bind(&branding)
        .bind(serde_json::to_string(tenant.settings)?)
        .bind(tenant.created_at)
        .execute(&mut **tx)
        .await
        .with_context(|| format!("cannot create tenant {id:?} (does it exist already?)"))?;
    sqlx::query("INSERT INTO branding_versions (tenant_id, version, branding, published_at) VALUES ($1, 1, $2, $3)")
        .bind(id)
        .bind(&branding)
        .bind(tenant.created_at)
        .execute(&mut **tx)
        .await?;
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
    let mut tx = db.begin().await?;
    let staff = NewStaff { id: &new_id(), tenant_id, firebase_uid, email, display_name, role, created_at: now_ms() };
    let id = insert_staff(&mut tx, &staff).await?;
    tx.commit().await?;
    Ok(id)
}

/// Inserts the staff member, or updates the role, e-mail and name of one already there.
pub async fn insert_staff(tx: &mut Tx, staff: &NewStaff<'_>) -> anyhow::Result<String> {
    let stored: String = sqlx::query_scalar(
        "INSERT INTO staff_members (id, tenant_id, firebase_uid, email, display_name, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, firebase_uid) DO UPDATE SET role = excluded.role, email = excluded.email,
            display_name = excluded.display_name
         RETURNING id",
    )
    .bind(staff.id)
    .bind(staff.tenant_id)
    .bind(staff.firebase_uid)
    .bind(staff.email)
    .bind(staff.display_name)
    .bind(staff.role.as_str())
    .bind(staff.created_at)
    .fetch_one(&mut **tx)
    .await
    .with_context(|| format!("cannot add staff to tenant {:?} (does the tenant exist?)", staff.tenant_id))?;
    Ok(stored)
}
