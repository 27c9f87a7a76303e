//! Idempotency keys: a customer's "open a ticket" and "add a comment" can be sent again safely.
//!
//! The app sends each such request with an `Idempotency-Key` header and keeps sending it with the
//! same key and body until it gets an answer. The first request records the key with what it
//! created, in the transaction that creates it; a later request with that key and the same body
//! creates nothing and answers the original result; the same key with a different body is refused
//! (`409 idempotency_key_reused`). Keys belong to one customer: another customer's same key is
//! unrelated. Two requests with one key racing each other are serialised by the key's primary
//! key: the second waits for the first to commit, then answers what the first created.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portal_api::{ErrorCode, IdempotencyKey, IDEMPOTENCY_KEY_HEADER};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Any;

use crate::auth::CustomerAuth;
use crate::db::{now_ms, Tx};
use crate::error::{ApiError, ApiResult};

/// The `Idempotency-Key` header, when the request has one. A malformed key is refused.
pub struct KeyHeader(pub Option<IdempotencyKey>);

impl<S: Send + Sync> FromRequestParts<S> for KeyHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<KeyHeader, ApiError> {
        let Some(value) = parts.headers.get(IDEMPOTENCY_KEY_HEADER) else {
            return Ok(KeyHeader(None));
        };
        let key = value.to_str().ok().and_then(|v| v.parse::<IdempotencyKey>().ok()).ok_or_else(|| {
            ApiError::field(
                IDEMPOTENCY_KEY_HEADER,
                "Send 1 to 255 visible ASCII characters (letters, digits, punctuation), such as a UUID.",
            )
        })?;
        Ok(KeyHeader(Some(key)))
    }
}

/// One keyed request of one customer, and what it asks for.
pub struct Claim {
    customer_id: String,
    tenant_id: String,
    key: IdempotencyKey,
    /// Hash of the operation, its target and the body: "the same request" means the same hash.
    fingerprint: String,
}

impl Claim {
    /// `operation` names what the request does and to what, e.g. `comment on <ticket id>`.
    pub fn new(customer: &CustomerAuth, key: IdempotencyKey, operation: &str, body: &impl Serialize) -> Claim {
        let mut hash = Sha256::new();
        hash.update(operation.as_bytes());
        hash.update(b"\n");
        // The parsed body, serialised again: the same fields in any order or spacing are the
        // same request.
        hash.update(serde_json::to_vec(body).unwrap_or_default());
        Claim {
            customer_id: customer.customer_id.clone(),
            tenant_id: customer.tenant_id.clone(),
            key,
            fingerprint: hex::encode(hash.finalize()),
        }
    }

    /// What an earlier request with this key created, if there was one. `409` when that request
    /// asked for something else.
    pub async fn earlier<'e, E>(&self, db: E) -> ApiResult<Option<String>>
    where
        E: sqlx::Executor<'e, Database = Any>,
    {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT fingerprint, resource_id FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2",
        )
        .bind(&self.customer_id)
        .bind(self.key.as_str())
        .fetch_optional(db)
        .await?;
        match row {
            None => Ok(None),
            Some((fingerprint, resource_id)) if fingerprint == self.fingerprint => Ok(Some(resource_id)),
            Some(_) => Err(ApiError::conflict(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
            )),
        }
    }

    /// Records that this request creates `resource_id`, inside the creating transaction. When
    /// another request with the key got there first, answers what that one created: the caller
    /// then drops its transaction, so nothing it wrote is kept.
    pub async fn record(&self, tx: &mut Tx, resource_id: &str) -> ApiResult<Option<String>> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (customer_id, idempotency_key, tenant_id, fingerprint, resource_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (customer_id, idempotency_key) DO NOTHING",
        )
        .bind(&self.customer_id)
        .bind(self.key.as_str())
        .bind(&self.tenant_id)
        .bind(&self.fingerprint)
        .bind(resource_id)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(None);
        }
        let earlier = self.earlier(&mut **tx).await?;
        earlier.map(Some).ok_or_else(|| anyhow::anyhow!("an idempotency key conflicted but cannot be read").into())
    }
}

/// What an earlier request with `claim`'s key created (nothing when there is no key).
pub async fn earlier(pool: &sqlx::AnyPool, claim: Option<&Claim>) -> ApiResult<Option<String>> {
    match claim {
        Some(claim) => claim.earlier(pool).await,
        None => Ok(None),
    }
}
