//! The change watcher: a tokio task that polls `/api/portal/changes` with the cursor and ETag,
//! honours `X-Poll-Interval`, backs off with jitter while offline or while the server fails,
//! and announces staff replies and status changes as [`ChangeNotice`]s.
//!
//! The cursor is persisted before anything is announced, so a restart never announces the same
//! change twice. Sleeping is measured against the wall clock in short steps, so after the
//! computer wakes from sleep the next poll comes promptly instead of after the whole interval.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use portal_api::{ChangeEvent, EventKind};
use portal_client::{ChangePoll, ClientError, PortalClient};
use rand::Rng;
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};

use crate::storage::JsonFile;
use crate::ui_types::ChangeNotice;

/// Used until the server has said how often to poll.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
/// The quickest the watcher polls, whatever a server answers.
const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// The longest wait between polls after repeated failures.
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// How often a sleeping watcher checks the wall clock.
const CLOCK_STEP: Duration = Duration::from_secs(5);

/// What the watcher tells the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchEvent {
    /// A staff reply or status change: a native notification, and the open screen refreshes.
    Notice(ChangeNotice),
    /// These tickets changed in any way (`tickets-changed`).
    TicketsChanged(Vec<String>),
    /// The server became reachable or unreachable (`connection-changed`).
    Connection { online: bool },
    /// A poll went through: the app is up to date as of this time (diagnostics).
    Synced(DateTime<Utc>),
}

/// Where the watcher left off. Persisted under the data folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Position {
    cursor: Option<i64>,
    etag: Option<String>,
}

/// What one poll found.
#[derive(Debug, Default)]
pub struct PollOutcome {
    pub notices: Vec<ChangeNotice>,
    pub changed_tickets: Vec<String>,
    /// How long to wait before the next poll.
    pub wait: Duration,
}

pub struct Watcher {
    api: PortalClient,
    position: JsonFile,
}

impl Watcher {
    /// `position_file` should be per signed-in account, so one account's cursor never hides
    /// another's changes.
    pub fn new(api: PortalClient, position_file: std::path::PathBuf) -> Watcher {
        Watcher { api, position: JsonFile::new(position_file, "where the app left off checking for replies") }
    }

    /// One poll. The first poll of a fresh install only learns the current cursor: old changes
    /// are not news.
    pub async fn poll_once(&self) -> Result<PollOutcome, PollError> {
        let position: Position = self.position.read().map_err(PollError::Storage)?.unwrap_or_default();
        let answer = self.api.changes(position.cursor, position.etag.as_deref()).await.map_err(PollError::Api)?;
        let interval = answer.poll_interval().unwrap_or(DEFAULT_INTERVAL).max(MIN_INTERVAL);
        let ChangePoll::Changes { changes, etag, .. } = answer else {
            return Ok(PollOutcome { wait: interval, ..Default::default() });
        };
        let announce = position.cursor.is_some();
        self.position.write(&Position { cursor: Some(changes.cursor), etag }).map_err(PollError::Storage)?;
        let mut outcome = PollOutcome {
            // More waits past this page: fetch it at once.
            wait: if changes.has_more { Duration::ZERO } else { interval },
            ..Default::default()
        };
        if announce {
            for event in changes.events {
                let ticket_id = event.ticket_id.to_string();
                if !outcome.changed_tickets.contains(&ticket_id) {
                    outcome.changed_tickets.push(ticket_id);
                }
                if let Some(notice) = notice(event) {
                    outcome.notices.push(notice);
                }
            }
        }
        Ok(outcome)
    }

    /// Polls until `stop` turns true (or its sender is dropped), sending what it finds.
    pub async fn run(self, events: mpsc::Sender<WatchEvent>, mut stop: watch::Receiver<bool>) {
        let mut failures: u32 = 0;
        let mut online: Option<bool> = None;
        loop {
            let wait = match self.poll_once().await {
                Ok(outcome) => {
                    failures = 0;
                    if online != Some(true) {
                        online = Some(true);
                        let _ = events.send(WatchEvent::Connection { online: true }).await;
                    }
                    if !outcome.changed_tickets.is_empty() {
                        let _ = events.send(WatchEvent::TicketsChanged(outcome.changed_tickets)).await;
                    }
                    for notice in outcome.notices {
                        let _ = events.send(WatchEvent::Notice(notice)).await;
                    }
                    let _ = events.send(WatchEvent::Synced(Utc::now())).await;
                    outcome.wait
                }
                Err(err) => {
                    failures = failures.saturating_add(1);
                    let reachable = matches!(&err, PollError::Api(api) if !api.is_transient());
                    if online != Some(reachable) {
                        online = Some(reachable);
                        let _ = events.send(WatchEvent::Connection { online: reachable }).await;
                    }
                    tracing::info!(error = %err, failures, "polling for changes failed");
                    backoff(failures)
                }
            };
            if sleep_or_stop(wait, &mut stop).await {
                return;
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error(transparent)]
    Api(ClientError),
    #[error("{}", .0.message)]
    Storage(crate::AppError),
}

/// The events a subscriber hears about; the rest only refresh the screen.
fn notice(event: ChangeEvent) -> Option<ChangeNotice> {
    matches!(event.kind, EventKind::Commented | EventKind::StatusChanged).then(|| ChangeNotice {
        ticket_id: event.ticket_id.to_string(),
        ticket_number: event.ticket_number,
        ticket_title: event.ticket_title,
        kind: event.kind,
        summary: event.summary,
        status: event.status,
        at: event.at,
    })
}

/// 5 s, 10 s, 20 s, … up to five minutes, each ±20 % so many apps do not retry in step.
fn backoff(failures: u32) -> Duration {
    let base = Duration::from_secs(5).saturating_mul(1 << failures.saturating_sub(1).min(6)).min(MAX_BACKOFF);
    base.mul_f64(rand::thread_rng().gen_range(0.8..1.2))
}

/// Waits `wait` of wall-clock time in short steps, so a computer that slept through the wait
/// polls right after waking. True when asked to stop.
pub(crate) async fn sleep_or_stop(wait: Duration, stop: &mut watch::Receiver<bool>) -> bool {
    let until = SystemTime::now() + wait;
    loop {
        if *stop.borrow() {
            return true;
        }
        let left = match until.duration_since(SystemTime::now()) {
            Ok(left) if !left.is_zero() => left,
            _ => return false,
        };
        tokio::select! {
            _ = tokio::time::sleep(left.min(CLOCK_STEP)) => {}
            changed = stop.changed() => if changed.is_err() { return true; },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_five_minutes_with_jitter() {
        let first = backoff(1);
        assert!(first >= Duration::from_secs(4) && first <= Duration::from_secs(6), "{first:?}");
        let third = backoff(3);
        assert!(third >= Duration::from_secs(16) && third <= Duration::from_secs(24), "{third:?}");
        for failures in [9, 50, u32::MAX] {
            assert!(backoff(failures) <= MAX_BACKOFF.mul_f64(1.2));
        }
    }
}
