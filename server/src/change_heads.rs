//! The newest change cursor each customer can see, kept in memory so the quiet poll of the change
//! feed (`304`) needs no database.
//!
//! A head only ever moves forward: a publish that arrives late, or a value read from the database
//! before a newer event committed, can never lower it, so a poller is never told "nothing new"
//! about an event it has not seen. Other instances on the same database write events too: every
//! [`REFRESH_EVERY`] each instance reads which tenants' event counters moved and raises the heads
//! of their customers that changed, so a change made anywhere reaches every instance's pollers
//! within 2 seconds.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use moka::future::Cache;

use crate::db::Db;

/// How often each instance looks for events other instances wrote. The README and the OpenAPI
/// document of `/api/portal/changes` promise 2 seconds: one interval plus the queries, with room.
pub const REFRESH_EVERY: Duration = Duration::from_millis(500);

/// One customer's head. Created empty and loaded from the database on first use; whatever is
/// published meanwhile is kept, since loading only ever raises it.
#[derive(Debug, Default)]
struct Head {
    cursor: AtomicI64,
    loaded: AtomicBool,
}

impl Head {
    fn raise(&self, cursor: i64) {
        self.cursor.fetch_max(cursor, Ordering::AcqRel);
    }
}

pub struct ChangeHeads {
    heads: Cache<String, Arc<Head>>,
    /// tenant id → the event counter this instance has caught up with.
    seen: Mutex<HashMap<String, i64>>,
}

impl ChangeHeads {
    pub fn new() -> ChangeHeads {
        ChangeHeads {
            // Correct for as long as they are kept (the refresh keeps them current); the idle
            // limit only bounds memory.
            heads: Cache::builder().max_capacity(500_000).time_to_idle(Duration::from_secs(30 * 60)).build(),
            seen: Mutex::new(HashMap::new()),
        }
    }

    async fn entry(&self, customer_id: &str) -> Arc<Head> {
        self.heads.get_with_by_ref(customer_id, async { Arc::new(Head::default()) }).await
    }

    /// The customer's head, from memory once it has been read.
    pub async fn head(&self, db: &Db, customer_id: &str) -> sqlx::Result<i64> {
        let head = self.entry(customer_id).await;
        if !head.loaded.load(Ordering::Acquire) {
            // The entry exists before the read starts, so a publish during the read is kept.
            let stored: Option<i64> = sqlx::query_scalar("SELECT change_cursor FROM customers WHERE id = $1")
                .bind(customer_id)
                .fetch_optional(db.pool())
                .await?;
            head.raise(stored.unwrap_or(0));
            head.loaded.store(true, Ordering::Release);
        }
        Ok(head.cursor.load(Ordering::Acquire))
    }

    /// Raises the heads of customers who can see an event numbered `cursor` (after its commit).
    pub async fn publish(&self, customer_ids: &[String], cursor: i64) {
        for id in customer_ids {
            self.entry(id).await.raise(cursor);
        }
    }

    /// Raises heads already in memory; a customer not in memory is read from the database when
    /// they next poll.
    async fn raise_known(&self, customer_id: &str, cursor: i64) {
        if let Some(head) = self.heads.get(customer_id).await {
            head.raise(cursor);
        }
    }

    /// Catches up with events written by any instance: the tenants whose counter moved since the
    /// last call, then their customers whose cursor passed what this instance had seen. The
    /// counter is read first, so a change committed between the two reads is found again on the
    /// next call.
    pub async fn refresh(&self, db: &Db) -> sqlx::Result<()> {
        let counters: Vec<(String, i64)> =
            sqlx::query_as("SELECT id, event_seq FROM tenants").fetch_all(db.pool()).await?;
        for (tenant_id, counter) in counters {
            // A tenant added after start was seen at 0: its few customers are read once.
            let seen = self.seen.lock().expect("not poisoned").get(&tenant_id).copied().unwrap_or(0);
            if counter <= seen {
                continue;
            }
            let changed: Vec<(String, i64)> =
                sqlx::query_as("SELECT id, change_cursor FROM customers WHERE tenant_id = $1 AND change_cursor > $2")
                    .bind(&tenant_id)
                    .bind(seen)
                    .fetch_all(db.pool())
                    .await?;
            for (customer_id, cursor) in changed {
                self.raise_known(&customer_id, cursor).await;
            }
            self.seen.lock().expect("not poisoned").insert(tenant_id, counter);
        }
        Ok(())
    }

    /// Starts from the counters as they are: nothing is in memory yet, so nothing is behind.
    pub async fn start_from_now(&self, db: &Db) -> sqlx::Result<()> {
        let counters: Vec<(String, i64)> =
            sqlx::query_as("SELECT id, event_seq FROM tenants").fetch_all(db.pool()).await?;
        self.seen.lock().expect("not poisoned").extend(counters);
        Ok(())
    }
}

impl Default for ChangeHeads {
    fn default() -> Self {
        ChangeHeads::new()
    }
}

/// Runs [`ChangeHeads::refresh`] every [`REFRESH_EVERY`] for as long as the server runs.
pub fn spawn_refresh(state: crate::state::AppState) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(REFRESH_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut failing = false;
        loop {
            ticker.tick().await;
            match state.change_heads.refresh(&state.db).await {
                Ok(()) => failing = false,
                // Logged once per outage, not twice a second.
                Err(err) if !failing => {
                    failing = true;
                    tracing::warn!(error = %err, "cannot read other instances' changes; will keep trying");
                }
                Err(_) => {}
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_late_publish_never_moves_a_head_back() {
        let heads = ChangeHeads::new();
        let alice = vec!["alice".to_string()];
        heads.publish(&alice, 7).await;
        heads.publish(&alice, 5).await;
        heads.publish(&alice, 6).await;
        assert_eq!(heads.entry("alice").await.cursor.load(Ordering::Acquire), 7);
        heads.publish(&alice, 9).await;
        assert_eq!(heads.entry("alice").await.cursor.load(Ordering::Acquire), 9);
    }

    #[tokio::test]
    async fn an_older_database_value_never_lowers_what_was_published() {
        let heads = ChangeHeads::new();
        heads.publish(&["bob".to_string()], 12).await;
        // A read that started before event 12 committed comes back with 11.
        heads.entry("bob").await.raise(11);
        assert_eq!(heads.entry("bob").await.cursor.load(Ordering::Acquire), 12);
    }

    #[tokio::test]
    async fn concurrent_out_of_order_publishes_end_at_the_newest() {
        let heads = Arc::new(ChangeHeads::new());
        let carol = vec!["carol".to_string()];
        let tasks: Vec<_> = (1..=200)
            .rev()
            .map(|cursor| {
                let (heads, carol) = (heads.clone(), carol.clone());
                tokio::spawn(async move { heads.publish(&carol, cursor).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(heads.entry("carol").await.cursor.load(Ordering::Acquire), 200);
    }

    #[tokio::test]
    async fn refresh_raises_only_heads_in_memory() {
        let heads = ChangeHeads::new();
        heads.publish(&["dave".to_string()], 3).await;
        heads.raise_known("dave", 8).await;
        heads.raise_known("erin", 8).await;
        assert_eq!(heads.entry("dave").await.cursor.load(Ordering::Acquire), 8);
        assert!(heads.heads.get("erin").await.is_none(), "erin is read from the database when she polls");
    }
}
