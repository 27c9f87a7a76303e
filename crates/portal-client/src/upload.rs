//! The body of an attachment upload: the file's bytes, handed to the connection in chunks, with
//! a callback after each chunk so the app can show progress.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

/// Called with (bytes sent, total bytes) as an upload goes out. The last call has
/// `sent == total`. If the client has to send the file again (after refreshing the sign-in),
/// the count starts again from zero.
pub type UploadProgress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Small enough for smooth progress on a slow uplink, large enough not to matter on a fast one.
const CHUNK: usize = 64 * 1024;

pub(crate) struct ProgressBody {
    bytes: Bytes,
    sent: usize,
    progress: UploadProgress,
}

impl ProgressBody {
    pub(crate) fn new(bytes: Bytes, progress: UploadProgress) -> ProgressBody {
        ProgressBody { bytes, sent: 0, progress }
    }
}

impl Body for ProgressBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let total = self.bytes.len();
        if self.sent >= total {
            return Poll::Ready(None);
        }
        let end = (self.sent + CHUNK).min(total);
        let chunk = self.bytes.slice(self.sent..end);
        self.sent = end;
        (self.progress)(end as u64, total as u64);
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.sent >= self.bytes.len()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact((self.bytes.len() - self.sent) as u64)
    }
}
