//! Shared state handed to every handler.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;
use portal_api::AccountStatus;
use tokio::sync::Semaphore;

use crate::attachments::storage::BlobStore;
use crate::auth::{LinkedCustomer, TokenVerifier};
use crate::change_heads::ChangeHeads;
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
    /// `WISP_MAX_CONCURRENT_UPLOADS` slots (`attachments::upload_slot`).
    pub upload_slots: Semaphore,
    /// uid → linked customer. Saves a query on every customer request.
    linked_customers: Cache<String, Option<LinkedCustomer>>,
    /// The newest change cursor each customer can see: the `304` path of the change feed answers
    /// from here without touching the database.
    pub change_heads: ChangeHeads,
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
        // cache can live long. PostgreSQL may have several instances writing: keep entries short
        // so another instance's change to a link is seen within seconds. (Change heads are kept
        // current across instances by their own refresh.)
        let ttl = match db.engine() {
            Engine::Sqlite => Duration::from_secs(600),
            Engine::Postgres => Duration::from_secs(5),
        };
        let tokens = TokenVerifier::new(config.firebase.clone());
        let upload_slots = Semaphore::new(config.limits.max_concurrent_uploads);
        AppState(Arc::new(Inner {
            db,
            config,
            tokens,
            blobs,
            release_blobs,
            secrets,
            upload_slots,
            linked_customers: Cache::builder().max_capacity(200_000).time_to_live(ttl).build(),
            change_heads: ChangeHeads::new(),
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
        Ok(self.change_heads.head(&self.db, customer_id).await?)
    }

    /// Call after the transaction that produced a customer-visible event has committed.
    pub async fn advance_change_heads(&self, customer_ids: &[String], cursor: i64) {
        self.change_heads.publish(customer_ids, cursor).await;
    }
}
