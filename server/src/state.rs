//! Shared state handed to every handler.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;
use portal_api::AccountStatus;

use crate::attachments::storage::BlobStore;
use crate::auth::{LinkedCustomer, TokenVerifier};
use crate::config::Config;
use crate::db::{Db, Engine};
use crate::error::ApiResult;
use crate::secrets::Secrets;
use crate::stored::Stored;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub config: Config,
    pub tokens: TokenVerifier,
    pub blobs: Arc<dyn BlobStore>,
    /// Release bundles, kept apart from attachments.
    pub release_blobs: Arc<dyn BlobStore>,
    pub secrets: Secrets,
    /// uid → linked customer. Saves a query on every customer request.
    linked_customers: Cache<String, Option<LinkedCustomer>>,
    /// customer id → the newest change cursor they can see: the `304` path of the change feed
    /// answers from here without touching the database.
    change_heads: Cache<String, i64>,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        db: Db,
        config: Config,
        blobs: Arc<dyn BlobStore>,
        release_blobs: Arc<dyn BlobStore>,
        secrets: Secrets,
    ) -> AppState {
        // SQLite is served by one process, so what this process wrote is all there is and the
        // caches can live long. PostgreSQL may have several instances writing: keep entries short
        // so another instance's change is seen within seconds.
        let ttl = match db.engine() {
            Engine::Sqlite => Duration::from_secs(600),
            Engine::Postgres => Duration::from_secs(5),
        };
        let tokens = TokenVerifier::new(config.firebase.clone());
        AppState(Arc::new(Inner {
            db,
            config,
            tokens,
            blobs,
            release_blobs,
            secrets,
            linked_customers: Cache::builder().max_capacity(200_000).time_to_live(ttl).build(),
            change_heads: Cache::builder().max_capacity(500_000).time_to_live(ttl).build(),
        }))
    }

    pub async fn linked_customer(&self, uid: &str) -> ApiResult<Option<LinkedCustomer>> {
        if let Some(hit) = self.linked_customers.get(uid).await {
            return Ok(hit);
        }
        let row: Option<(String, String, Stored<AccountStatus>, i64)> = sqlx::query_as(
            "SELECT id, tenant_id, account_status, portal_enabled FROM customers WHERE firebase_uid = $1",
        )
        .bind(uid)
        .fetch_optional(self.db.pool())
        .await?;
        let linked = row.map(|(customer_id, tenant_id, status, enabled)| LinkedCustomer {
            customer_id,
            tenant_id,
            account_status: status.0,
            portal_enabled: enabled != 0,
        });
        self.linked_customers.insert(uid.to_string(), linked.clone()).await;
        Ok(linked)
    }

    /// Call after a change to a customer's link, status or portal access has committed.
    pub async fn forget_linked_customer(&self, uid: &str) {
        self.linked_customers.invalidate(uid).await;
    }

    pub async fn change_head(&self, customer_id: &str) -> ApiResult<i64> {
        if let Some(head) = self.change_heads.get(customer_id).await {
            return Ok(head);
        }
        let head: i64 = sqlx::query_scalar("SELECT change_cursor FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_optional(self.db.pool())
            .await?
            .unwrap_or(0);
        self.change_heads.insert(customer_id.to_string(), head).await;
        Ok(head)
    }

    /// Call after the transaction that produced a customer-visible event has committed.
    pub async fn advance_change_heads(&self, customer_ids: &[String], cursor: i64) {
        for id in customer_ids {
            self.change_heads.insert(id.clone(), cursor).await;
        }
    }
}
