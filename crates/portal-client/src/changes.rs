//! The answer to a change-feed poll.

use std::time::Duration;

use portal_api::Changes;
use reqwest::header::HeaderValue;

use crate::ClientError;

/// What one poll of `/api/portal/changes` found.
#[derive(Debug, Clone)]
pub enum ChangePoll {
    /// Nothing new since the cursor (`304`).
    NotModified {
        etag: Option<String>,
        /// How long the server asks the app to wait before the next poll (`X-Poll-Interval`).
        poll_interval: Option<Duration>,
    },
    /// Something changed: the events, and the cursor to poll from next.
    Changes { changes: Changes, etag: Option<String>, poll_interval: Option<Duration> },
}

impl ChangePoll {
    pub fn etag(&self) -> Option<&str> {
        match self {
            ChangePoll::NotModified { etag, .. } | ChangePoll::Changes { etag, .. } => etag.as_deref(),
        }
    }

    pub fn poll_interval(&self) -> Option<Duration> {
        match self {
            ChangePoll::NotModified { poll_interval, .. } | ChangePoll::Changes { poll_interval, .. } => *poll_interval,
        }
    }
}

/// `X-Poll-Interval` is whole seconds. A value that is not is refused rather than guessed at:
/// polling faster than the server asks is what the header exists to prevent.
pub(crate) fn parse_poll_interval(value: &HeaderValue) -> Result<Duration, ClientError> {
    value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .ok_or_else(|| ClientError::InvalidBody(format!("X-Poll-Interval {value:?} is not a number of seconds")))
}
