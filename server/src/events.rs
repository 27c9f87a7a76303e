//! Ticket events: the per-tenant change feed behind polling and notifications.
//!
//! Each event takes the next number from `tenants.event_seq` inside the transaction that made the
//! change, so cursors are gap-free per tenant and commit with the change or not at all. A public
//! event also stamps `customers.change_cursor` of every customer on the work order: "has anything
//! changed for me since N?" is then one comparison, answered from memory on the hot path.

use portal_api::{AuthorKind, EventKind, Visibility};

use crate::db::{now_ms, Tx};
use crate::state::AppState;

pub struct NewEvent<'a> {
    pub tenant_id: &'a str,
    pub work_order_id: &'a str,
    pub kind: EventKind,
    pub visibility: Visibility,
    pub actor: AuthorKind,
    /// Shown to customers for public events: never put internal text here.
    pub summary: String,
}

/// Customers whose change cursor moved; apply with [`HeadAdvance::publish`] after commit.
#[must_use = "publish the advance after the transaction commits"]
#[derive(Debug, Default)]
pub struct HeadAdvance {
    customers: Vec<String>,
    cursor: i64,
}

impl HeadAdvance {
    pub fn merge(&mut self, other: HeadAdvance) {
        self.cursor = self.cursor.max(other.cursor);
        self.customers.extend(other.customers);
    }

    pub async fn publish(mut self, state: &AppState) {
        // Several events of one change list the same customers (an outage lists thousands).
        self.customers.sort_unstable();
        self.customers.dedup();
        state.advance_change_heads(&self.customers, self.cursor).await;
    }
}

pub fn visibility_for(actor: AuthorKind, content: Visibility) -> Visibility {
    if actor == AuthorKind::Customer {
        Visibility::Internal
    } else {
        content
    }
}

pub async fn record(tx: &mut Tx, event: NewEvent<'_>) -> sqlx::Result<HeadAdvance> {
    let seq: i64 = sqlx::query_scalar("UPDATE tenants SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq")
        .bind(event.tenant_id)
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO ticket_events (tenant_id, seq, work_order_id, kind, visibility, actor_kind, summary, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(event.tenant_id)
    .bind(seq)
    .bind(event.work_order_id)
    .bind(event.kind.as_str())
    .bind(event.visibility.as_str())
    .bind(event.actor.as_str())
    .bind(&event.summary)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    if event.visibility == Visibility::Internal {
        return Ok(HeadAdvance::default());
    }
    let customers: Vec<String> =
        sqlx::query_scalar("SELECT customer_id FROM work_order_customers WHERE work_order_id = $1 AND tenant_id = $2")
            .bind(event.work_order_id)
            .bind(event.tenant_id)
            .fetch_all(&mut **tx)
            .await?;
    sqlx::query(
        "UPDATE customers SET change_cursor = $1
         WHERE tenant_id = $3 AND id IN (SELECT customer_id FROM work_order_customers WHERE work_order_id = $2 AND tenant_id = $3)",
    )
    .bind(seq)
    .bind(event.work_order_id)
    .bind(event.tenant_id)
    .execute(&mut **tx)
    .await?;
    Ok(HeadAdvance { customers, cursor: seq })
}
