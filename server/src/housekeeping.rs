//! Periodic clean-up of rows that only matter for a short time: rate-limit windows that have
//! passed and sign-up link tickets that have expired. Without it both tables would grow with
//! every address and every sign-up attempt ever seen.

use std::time::Duration;

use crate::db::now_ms;
use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(10 * 60);
/// Two of the longest rate-limit window (an hour): a bucket's previous window still counts.
const RATE_WINDOW_KEEP_MS: i64 = 2 * 60 * 60 * 1000;
/// Expired link tickets are kept a day, which helps when investigating a failed sign-up.
const LINK_TICKET_KEEP_MS: i64 = 24 * 60 * 60 * 1000;

/// Deletes what has expired; returns how many rows went.
pub async fn run_once(state: &AppState) -> sqlx::Result<u64> {
    let now = now_ms();
    let windows = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(now - RATE_WINDOW_KEEP_MS)
        .execute(state.db.pool())
        .await?
        .rows_affected();
    let tickets = sqlx::query("DELETE FROM link_tickets WHERE expires_at < $1")
        .bind(now - LINK_TICKET_KEEP_MS)
        .execute(state.db.pool())
        .await?
        .rows_affected();
    Ok(windows + tickets)
}

/// Runs [`run_once`] every ten minutes for as long as the server runs. Several instances doing
/// the same deletes is harmless.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(EVERY);
        loop {
            ticker.tick().await;
            match run_once(&state).await {
                Ok(0) => {}
                Ok(removed) => tracing::debug!(removed, "expired rows removed"),
                Err(err) => tracing::warn!(error = %err, "housekeeping failed; will try again"),
            }
        }
    });
}
