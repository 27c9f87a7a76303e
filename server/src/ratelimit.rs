//! Fixed-window counters kept in the database, so every server instance on it counts together.
//!
//! Counting and reading the count is one statement: concurrent callers each get a different
//! count, so no more than `limit` of them can ever be under the limit.

use crate::db::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// One hit, counted in its window.
#[derive(Debug)]
pub struct Hit {
    bucket: String,
    window_start: i64,
    window_ms: i64,
    /// Hits in this window, this one included.
    pub hits: i64,
}

impl Hit {
    pub fn is_over(&self, limit: i64) -> bool {
        self.hits > limit
    }

    /// Seconds until the window ends.
    pub fn retry_after_secs(&self) -> u64 {
        ((self.window_start + self.window_ms - now_ms()) / 1000).max(1) as u64
    }

    /// The `429` for a hit over its limit.
    pub fn refusal(&self, message: impl FnOnce(u64) -> String) -> ApiError {
        let retry_after_secs = self.retry_after_secs();
        ApiError::RateLimited { message: message(retry_after_secs.div_ceil(60)), retry_after_secs }
    }
}

/// Counts one hit on `bucket` in the current window.
pub async fn count(state: &AppState, bucket: &str, window_secs: i64) -> ApiResult<Hit> {
    let now = now_ms();
    let window_ms = window_secs * 1000;
    let window_start = now - now % window_ms;
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket) DO UPDATE SET
            hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
            window_start = excluded.window_start
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(state.db.pool())
    .await?;
    Ok(Hit { bucket: bucket.to_string(), window_start, window_ms, hits })
}

/// Counts one hit on `bucket`; refuses once `limit` hits fell in the current window.
pub async fn hit(state: &AppState, bucket: &str, window_secs: i64, limit: i64) -> ApiResult<()> {
    let hit = count(state, bucket, window_secs).await?;
    if hit.is_over(limit) {
        return Err(hit.refusal(|minutes| format!("Too many attempts. Please wait {minutes} minutes and try again.")));
    }
    Ok(())
}

/// Takes a counted hit back, when what it was counted for turned out not to count (a sign-up
/// attempt that was counted as a failure before its answer was checked, and was right).
pub async fn refund(state: &AppState, hit: &Hit) -> ApiResult<()> {
    sqlx::query("UPDATE rate_limits SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0")
        .bind(&hit.bucket)
        .bind(hit.window_start)
        .execute(state.db.pool())
        .await?;
    Ok(())
}

/// Forgets every window of these buckets (staff lifting a sign-up lock).
pub async fn clear(state: &AppState, buckets: &[String]) -> ApiResult<()> {
    for bucket in buckets {
        sqlx::query("DELETE FROM rate_limits WHERE bucket = $1").bind(bucket).execute(state.db.pool()).await?;
    }
    Ok(())
}
