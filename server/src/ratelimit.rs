//! Fixed-window counters kept in the database, so every server instance on it counts together.

use crate::db::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Counts one hit on `bucket`; refuses once `limit` hits fell in the current window.
pub async fn hit(state: &AppState, bucket: &str, window_secs: i64, limit: i64) -> ApiResult<()> {
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
    if hits > limit {
        let retry_after_secs = ((window_start + window_ms - now) / 1000).max(1) as u64;
        return Err(ApiError::RateLimited {
            message: format!("Too many attempts. Please wait {} minutes and try again.", retry_after_secs.div_ceil(60)),
            retry_after_secs,
        });
    }
    Ok(())
}
