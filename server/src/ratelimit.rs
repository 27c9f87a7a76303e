//! Rate limits counted in the database, so every server instance on it counts together.
//!
//! Each bucket keeps the hits of the current fixed window and of the one before, and a hit is
//! judged by the sliding-window estimate: this window's hits plus the previous window's, weighted
//! by how much of it still lies within one window length of now. Plain fixed windows forget
//! everything at each boundary (twice the limit fits around one); the estimate does not, and it
//! needs no row per hit. Counting and reading the count is one statement: concurrent callers each
//! get a different count, so no more than the limit of them can ever pass.

use crate::db::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// One hit, counted in its window.
#[derive(Debug)]
pub struct Hit {
    bucket: String,
    window_start: i64,
    window_ms: i64,
    at: i64,
    limit: i64,
    /// Hits in this window, this one included.
    pub current: i64,
    /// Hits in the window before.
    previous: i64,
}

impl Hit {
    /// The sliding-window count at the moment of the hit, rounded up (a limit errs on the safe side).
    fn estimate(&self) -> i64 {
        self.current + weighted(self.previous, self.window_ms - (self.at - self.window_start), self.window_ms)
    }

    pub fn is_over(&self) -> bool {
        self.estimate() > self.limit
    }

    /// Seconds until the next hit would pass: the previous window's weight has to fall far
    /// enough, or, when this window alone is at the limit, the next window has to carry it down.
    pub fn retry_after_secs(&self) -> u64 {
        let (w, elapsed) = (self.window_ms, self.at - self.window_start);
        // The next hit passes when (current + 1) + previous × (W − e) / W ≤ limit.
        let room = self.limit - self.current - 1;
        let wait_ms = if room >= 0 {
            (w - room * w / self.previous.max(1)) - elapsed
        } else {
            // In the next window: 1 + current × (W − e′) / W ≤ limit.
            (w - elapsed) + (w - (self.limit - 1).max(0) * w / self.current.max(1))
        };
        (wait_ms.max(0) as u64).div_ceil(1000).max(1)
    }

    /// The `429` for a hit over its limit.
    pub fn refusal(&self, message: impl FnOnce(u64) -> String) -> ApiError {
        let retry_after_secs = self.retry_after_secs();
        ApiError::RateLimited { message: message(retry_after_secs.div_ceil(60)), retry_after_secs }
    }
}

/// `hits × part / whole`, rounded up.
fn weighted(hits: i64, part: i64, whole: i64) -> i64 {
    // Both are non-negative (`i64::div_ceil` is not stable).
    (hits * part.clamp(0, whole) + whole - 1) / whole
}

/// Counts one hit on `bucket` in the current window; [`Hit::is_over`] says whether it is over
/// `limit` hits per `window_secs`.
pub async fn count(state: &AppState, bucket: &str, window_secs: i64, limit: i64) -> ApiResult<Hit> {
    let at = now_ms();
    let window_ms = window_secs * 1000;
    let window_start = at - at % window_ms;
    // In `DO UPDATE`, `rate_limits.*` is the row as it was: the window it counted becomes the
    // previous one when it is the window just before, and is forgotten when it is older.
    let (current, previous): (i64, i64) = sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits, previous_hits) VALUES ($1, $2, 1, 0)
         ON CONFLICT (bucket) DO UPDATE SET
            hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
            previous_hits = CASE
                WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.previous_hits
                WHEN rate_limits.window_start = excluded.window_start - $3 THEN rate_limits.hits
                ELSE 0 END,
            window_start = excluded.window_start
         RETURNING hits, previous_hits",
    )
    .bind(bucket)
    .bind(window_start)
    .bind(window_ms)
    .fetch_one(state.db.pool())
    .await?;
    Ok(Hit { bucket: bucket.to_string(), window_start, window_ms, at, limit, current, previous })
}

/// Counts one hit on `bucket`; refuses once `limit` hits fell in the current window.
pub async fn hit(state: &AppState, bucket: &str, window_secs: i64, limit: i64) -> ApiResult<()> {
    let hit = count(state, bucket, window_secs, limit).await?;
    if hit.is_over() {
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

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    fn hit(elapsed: i64, current: i64, previous: i64, limit: i64) -> Hit {
        Hit { bucket: "b".into(), window_start: 0, window_ms: HOUR, at: elapsed, limit, current, previous }
    }

    #[test]
    fn a_new_window_still_counts_what_came_just_before() {
        // Three hits at the end of one window and the first of the next: the limit of three holds.
        assert!(hit(1_000, 1, 3, 3).is_over());
        // Halfway through, half of the previous window's hits still count.
        assert!(!hit(HOUR / 2, 1, 3, 3).is_over());
        assert!(hit(HOUR / 2, 2, 3, 3).is_over());
    }

    #[test]
    fn retry_after_is_when_the_estimate_falls_under_the_limit() {
        // 1 now + 4 before, limit 3: the next hit passes once 4 × (W − e) / W ≤ 1, at ¾ of the window.
        assert_eq!(hit(0, 1, 4, 3).retry_after_secs(), 2_700);
        // This window alone is over: wait for its end and then until 4 × (W − e′) / W ≤ 2, half of the next.
        assert_eq!(hit(HOUR / 2, 4, 0, 3).retry_after_secs(), 1_800 + 1_800);
    }
}
