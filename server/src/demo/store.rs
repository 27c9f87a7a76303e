//! Writing to the database: resetting it, then writing each tenant in one transaction.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use portal_api::AuthorKind;
use secrecy::ExposeSecret;

use crate::config::Config;
use crate::db::{flag, new_id, Db, Engine, Tx};
use crate::provisioning::{self, NewStaff, NewTenant};

use super::content::{branding, faq, settings};
use super::generate::{Author, Customer, DemoTenant, Staff, WorkOrder};
use super::{DAY, HOUR};

/// Refuses a database with tenants that seed-demo did not write: it may be someone's real data,
/// and seeding empties every table.
pub(super) async fn refuse_foreign_data(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(config.database_url.expose_secret()).await?;
    let foreign: Vec<String> =
        sqlx::query_scalar("SELECT id FROM tenants WHERE id NOT IN (SELECT tenant_id FROM demo_tenants) ORDER BY id")
            .fetch_all(db.pool())
            .await
            .context("cannot check what the database holds")?;
    db.pool().close().await;
    if foreign.is_empty() {
        return Ok(());
    }
    let shown = foreign.iter().take(5).map(String::as_str).collect::<Vec<_>>().join(", ");
    let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
    bail!(
        "Refusing to seed: the database that DATABASE_URL names holds tenants that seed-demo did not create ({shown}{more}), \
         and seeding empties every table. Point DATABASE_URL at a database for the demo (scripts/demo.sh uses its own), \
         or pass --wipe-existing-data to empty this one anyway."
    )
}

/// Starts from an empty, migrated database.
pub(super) async fn reset_database(config: &Config) -> anyhow::Result<Db> {
    let database_url = config.database_url.expose_secret();
    delete_if_present(&config.data_dir.join("attachments"))?;
    if let Some(file) = sqlite_file(database_url) {
        for path in [suffixed(&file, "-wal"), suffixed(&file, "-shm"), file] {
            delete_if_present(&path)?;
        }
        return Db::connect(database_url).await;
    }
    let db = Db::connect(database_url).await?;
    if db.engine() == Engine::Postgres {
        empty_postgres(&db).await?;
    }
    Ok(db)
}

/// The database file of a `sqlite:` URL; `None` for other engines and in-memory databases.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn delete_if_present(path: &Path) -> anyhow::Result<()> {
    let outcome = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
    match outcome {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot delete {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Empties every table except the migration history.
async fn empty_postgres(db: &Db) -> anyhow::Result<()> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables
         WHERE schemaname = current_schema() AND tablename <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await?;
    if !tables.is_empty() {
        let list = tables.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
        sqlx::query(&format!("TRUNCATE {list} CASCADE"))
            .execute(db.pool())
            .await
            .context("cannot empty the database")?;
    }
    Ok(())
}

pub(super) async fn write_tenant(db: &Db, t: &DemoTenant) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    insert_tenant(&mut tx, t).await?;
    for staff in &t.staff {
        insert_staff(&mut tx, t, staff).await?;
    }
    for customer in &t.customers {
        insert_customer(&mut tx, t, customer).await?;
    }
    for wo in &t.work_orders {
        insert_work_order(&mut tx, t, wo).await?;
    }
    insert_faq(&mut tx, t).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_tenant(tx: &mut Tx, t: &DemoTenant) -> anyhow::Result<()> {
    let p = &t.profile;
    let (branding, settings) = (branding(p), settings(p));
    let tenant =
        NewTenant { id: p.id, name: p.name, branding: &branding, settings: &settings, created_at: t.created_at };
    provisioning::insert_tenant(tx, &tenant).await?;
    sqlx::query("INSERT INTO demo_tenants (tenant_id) VALUES ($1)").bind(p.id).execute(&mut **tx).await?;
    // The generated history already used these numbers; the server continues after them.
    sqlx::query("UPDATE tenants SET event_seq = $1, work_order_seq = $2 WHERE id = $3")
        .bind(t.event_seq)
        .bind(t.work_orders.len() as i64)
        .bind(p.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_staff(tx: &mut Tx, t: &DemoTenant, s: &Staff) -> anyhow::Result<()> {
    let staff = NewStaff {
        id: &s.id,
        tenant_id: t.profile.id,
        firebase_uid: &s.uid,
        email: &s.email,
        display_name: s.name,
        role: s.role,
        created_at: t.created_at,
    };
    provisioning::insert_staff(tx, &staff).await?;
    Ok(())
}

async fn insert_customer(tx: &mut Tx, t: &DemoTenant, c: &Customer) -> sqlx::Result<()> {
    let tenant_id = t.profile.id;
    // The linked customers created their portal account a while ago and use it.
    let signed_up = c.login.as_ref().map(|_| c.since + 30 * DAY);
    let last_login = c.login.as_ref().map(|_| t.generated_at - 20 * HOUR);
    let account_status = if c.login.is_some() { "active" } else { "pending" };
    sqlx::query(
        "INSERT INTO customers (id, tenant_id, customer_number, name, email, phone, service_address, plan_name,
            plan_down_mbps, plan_up_mbps, plan_monthly_price_cents, service_status, firebase_uid, login_email,
            account_created_at, last_login_at, account_status, portal_enabled, change_cursor, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
    )
    .bind(&c.id)
    .bind(tenant_id)
    .bind(&c.number)
    .bind(&c.name)
    .bind(c.email.as_deref())
    .bind(&c.phone)
    .bind(&c.address)
    .bind(c.plan.name)
    .bind(c.plan.down_mbps)
    .bind(c.plan.up_mbps)
    .bind(c.plan.monthly_price_cents)
    .bind(c.status.as_str())
    .bind(c.login.as_ref().map(|l| l.uid.as_str()))
    .bind(c.login.as_ref().map(|l| l.email.as_str()))
    .bind(signed_up)
    .bind(last_login)
    .bind(account_status)
    .bind(flag(true))
    .bind(c.change_cursor)
    .bind(c.since)
    .bind(c.history.last().map_or(c.since, |h| h.at))
    .execute(&mut **tx)
    .await?;
    for e in &c.equipment {
        sqlx::query(
            "INSERT INTO equipment (id, tenant_id, customer_id, kind, make, model, serial, mac, management_ip, signal_dbm, installed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(&c.id)
        .bind(e.kind)
        .bind(e.make)
        .bind(e.model)
        .bind(&e.serial)
        .bind(&e.mac)
        .bind(&e.management_ip)
        .bind(e.signal_dbm)
        .bind(e.installed_at)
        .execute(&mut **tx)
        .await?;
    }
    for h in &c.history {
        sqlx::query(
            "INSERT INTO service_events (id, tenant_id, customer_id, at, kind, summary, technician) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(&c.id)
        .bind(h.at)
        .bind(h.kind)
        .bind(&h.summary)
        .bind(h.technician)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_work_order(tx: &mut Tx, t: &DemoTenant, wo: &WorkOrder) -> sqlx::Result<()> {
    let tenant_id = t.profile.id;
    let draft = &wo.draft;
    let contact = draft.customer().map(|c| &t.customers[c]);
    sqlx::query(
        "INSERT INTO work_orders (id, tenant_id, number, title, description, kind, priority, status,
            customer_reported, reported_by_customer_id, contact_name, contact_email, contact_phone, site, assigned_to,
            created_at, updated_at, resolved_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(&wo.id)
    .bind(tenant_id)
    .bind(wo.number)
    .bind(draft.topic.title)
    .bind(draft.topic.description)
    .bind(draft.topic.kind.as_str())
    .bind(draft.priority.as_str())
    .bind(draft.status.as_str())
    .bind(flag(draft.reporter.is_some()))
    .bind(draft.reporter.map(|c| t.customers[c].id.as_str()))
    .bind(contact.map(|c| c.name.as_str()))
    .bind(contact.and_then(Customer::contact_email))
    .bind(contact.map(|c| c.phone.as_str()))
    .bind(draft.site.as_deref())
    .bind(wo.assigned_to.map(|s| t.staff[s].id.as_str()))
    .bind(draft.created_at)
    .bind(wo.updated_at)
    .bind(wo.resolved_at)
    .bind(wo.version)
    .execute(&mut **tx)
    .await?;
    for (c, relation) in wo.customers() {
        sqlx::query(
            "INSERT INTO work_order_customers (work_order_id, customer_id, tenant_id, relation, work_order_created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&wo.id)
        .bind(&t.customers[c].id)
        .bind(tenant_id)
        .bind(relation.as_str())
        .bind(draft.created_at)
        .execute(&mut **tx)
        .await?;
    }
    for comment in &wo.comments {
        let (kind, author_id, author_name) = match comment.author {
            Author::Staff(s) => (AuthorKind::Staff, &t.staff[s].id, t.staff[s].name),
            Author::Customer(c) => (AuthorKind::Customer, &t.customers[c].id, t.customers[c].name.as_str()),
        };
        sqlx::query(
            "INSERT INTO comments (id, tenant_id, work_order_id, author_kind, author_id, author_name, body, visibility, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(&wo.id)
        .bind(kind.as_str())
        .bind(author_id)
        .bind(author_name)
        .bind(comment.body)
        .bind(comment.visibility.as_str())
        .bind(comment.at)
        .execute(&mut **tx)
        .await?;
    }
    for e in &wo.events {
        sqlx::query(
            "INSERT INTO ticket_events (tenant_id, seq, work_order_id, kind, visibility, actor_kind, summary, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(tenant_id)
        .bind(e.seq)
        .bind(&wo.id)
        .bind(e.kind.as_str())
        .bind(e.visibility.as_str())
        .bind(e.actor.as_str())
        .bind(&e.summary)
        .bind(e.at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_faq(tx: &mut Tx, t: &DemoTenant) -> sqlx::Result<()> {
    for (position, (category, question, answer)) in faq(&t.profile).into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO faq_entries (id, tenant_id, question, answer, category, position, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(new_id())
        .bind(t.profile.id)
        .bind(question)
        .bind(&answer)
        .bind(category)
        .bind(position as i64 * 10)
        .bind(t.created_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
