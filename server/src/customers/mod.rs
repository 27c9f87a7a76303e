//! Customers of a tenant: service plan, status, equipment and installation history.

pub mod http;

use portal_api::{
    AccountStatus, Customer, CustomerProfile, Equipment, NewEquipment, NewServiceEvent, ServiceEvent, ServicePlan,
    ServiceStatus, SignalQuality,
};

use crate::db::{new_id, to_ms, to_time, Tx};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate::{normalize_phone, Checker};

pub const COLUMNS: &str = "id, tenant_id, customer_number, name, email, phone, service_address, plan_name, plan_down_mbps, \
    plan_up_mbps, plan_monthly_price_cents, service_status, firebase_uid, login_email, account_created_at, last_login_at, \
    account_status, portal_enabled, created_at, updated_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerRow {
    pub id: String,
    pub tenant_id: String,
    pub customer_number: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub service_address: String,
    pub plan_name: String,
    pub plan_down_mbps: f64,
    pub plan_up_mbps: f64,
    pub plan_monthly_price_cents: i64,
    pub service_status: String,
    pub firebase_uid: Option<String>,
    pub login_email: Option<String>,
    pub account_created_at: Option<i64>,
    pub last_login_at: Option<i64>,
    pub account_status: String,
    pub portal_enabled: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl CustomerRow {
    pub fn plan(&self) -> ServicePlan {
        ServicePlan {
            name: self.plan_name.clone(),
            down_mbps: self.plan_down_mbps,
            up_mbps: self.plan_up_mbps,
            monthly_price_cents: self.plan_monthly_price_cents,
        }
    }

    pub fn service_status(&self) -> ServiceStatus {
        self.service_status.parse().unwrap_or(ServiceStatus::Active)
    }

    pub fn account_status(&self) -> AccountStatus {
        self.account_status.parse().unwrap_or(AccountStatus::Pending)
    }

    pub fn into_api(self) -> Customer {
        Customer {
            plan: self.plan(),
            service_status: self.service_status(),
            account_status: self.account_status(),
            portal_linked: self.firebase_uid.is_some(),
            portal_enabled: self.portal_enabled != 0,
            id: self.id,
            tenant_id: self.tenant_id,
            customer_number: self.customer_number,
            name: self.name,
            email: self.email,
            phone: self.phone,
            service_address: self.service_address,
            login_email: self.login_email,
            account_created_at: self.account_created_at.map(to_time),
            last_login_at: self.last_login_at.map(to_time),
            created_at: to_time(self.created_at),
            updated_at: to_time(self.updated_at),
        }
    }
}

pub async fn find(state: &AppState, tenant_id: &str, id: &str) -> ApiResult<CustomerRow> {
    sqlx::query_as::<_, CustomerRow>(&format!("SELECT {COLUMNS} FROM customers WHERE id = $1 AND tenant_id = $2"))
        .bind(id)
        .bind(tenant_id)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(|| ApiError::not_found("The customer"))
}

pub async fn equipment(state: &AppState, customer_id: &str) -> sqlx::Result<Vec<Equipment>> {
    type Row = (String, String, String, String, String, String, String, Option<f64>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, make, model, serial, mac, management_ip, signal_dbm, installed_at FROM equipment
         WHERE customer_id = $1 ORDER BY installed_at, id",
    )
    .bind(customer_id)
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, make, model, serial, mac, management_ip, signal_dbm, installed_at)| Equipment {
            id,
            kind,
            make,
            model,
            serial,
            mac,
            management_ip,
            signal_quality: signal_dbm.map(SignalQuality::from_dbm),
            signal_dbm,
            installed_at: installed_at.map(to_time),
        })
        .collect())
}

pub async fn service_history(state: &AppState, customer_id: &str) -> sqlx::Result<Vec<ServiceEvent>> {
    let rows: Vec<(String, i64, String, String, String)> = sqlx::query_as(
        "SELECT id, at, kind, summary, technician FROM service_events WHERE customer_id = $1 ORDER BY at DESC, id",
    )
    .bind(customer_id)
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, kind, summary, technician)| ServiceEvent { id, at: to_time(at), kind, summary, technician })
        .collect())
}

/// The customer's own view of their account.
pub async fn profile(state: &AppState, tenant_id: &str, customer_id: &str) -> ApiResult<CustomerProfile> {
    let row = find(state, tenant_id, customer_id).await?;
    Ok(CustomerProfile {
        equipment: equipment(state, customer_id).await?.into_iter().map(Into::into).collect(),
        service_history: service_history(state, customer_id).await?,
        plan: row.plan(),
        service_status: row.service_status(),
        account_status: row.account_status(),
        id: row.id.into(),
        tenant_id: row.tenant_id.into(),
        customer_number: row.customer_number,
        name: row.name,
        email: row.email,
        phone: row.phone,
        service_address: row.service_address,
    })
}

pub fn check_plan(checker: &mut Checker, plan: &ServicePlan) {
    checker.length("plan.name", &plan.name, 1, 80);
    if !(0.0..=100_000.0).contains(&plan.down_mbps) || !(0.0..=100_000.0).contains(&plan.up_mbps) {
        checker.add("plan", "Speeds must be between 0 and 100,000 Mbps.");
    }
    if plan.monthly_price_cents < 0 {
        checker.add("plan.monthlyPriceCents", "The price cannot be negative.");
    }
}

/// Checks and normalises a phone number, recording a field error when it cannot be read.
pub fn check_phone(checker: &mut Checker, raw: Option<&str>, country_code: &str) -> Option<String> {
    let raw = raw.map(str::trim).filter(|p| !p.is_empty())?;
    let normalized = normalize_phone(raw, country_code);
    if normalized.is_none() {
        checker.add("phone", "Enter a phone number with its area code, such as (555) 010-0100 or +1 555 010 0100.");
    }
    normalized
}

pub fn check_equipment(checker: &mut Checker, items: &[NewEquipment]) {
    for (i, item) in items.iter().enumerate() {
        checker.length(&format!("equipment[{i}].kind"), &item.kind, 1, 40);
        checker.length(&format!("equipment[{i}].model"), &item.model, 1, 80);
        if item.signal_dbm.is_some_and(|s| !(-120.0..=0.0).contains(&s)) {
            checker.add(&format!("equipment[{i}].signalDbm"), "Signal is a level between -120 and 0 dBm.");
        }
    }
}

pub async fn insert_equipment(
    tx: &mut Tx,
    tenant_id: &str,
    customer_id: &str,
    items: &[NewEquipment],
) -> sqlx::Result<()> {
    for item in items {
        sqlx::query(
            "INSERT INTO equipment (id, tenant_id, customer_id, kind, make, model, serial, mac, management_ip, signal_dbm, installed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(customer_id)
        .bind(item.kind.trim())
        .bind(item.make.trim())
        .bind(item.model.trim())
        .bind(item.serial.trim())
        .bind(item.mac.trim())
        .bind(item.management_ip.trim())
        .bind(item.signal_dbm)
        .bind(item.installed_at.map(to_ms))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn insert_service_events(
    tx: &mut Tx,
    tenant_id: &str,
    customer_id: &str,
    items: &[NewServiceEvent],
) -> sqlx::Result<()> {
    for item in items {
        sqlx::query(
            "INSERT INTO service_events (id, tenant_id, customer_id, at, kind, summary, technician) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(customer_id)
        .bind(to_ms(item.at))
        .bind(item.kind.trim())
        .bind(item.summary.trim())
        .bind(item.technician.trim())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
