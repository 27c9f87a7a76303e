//! Receiving an upload. The multipart `file` part is written chunk by chunk to a staged file,
//! hashed and sniffed as it passes, and refused as soon as it passes the size limit: no upload is
//! ever held in memory whole, and a refused or broken one leaves no file behind.

use anyhow::Context;
use axum::extract::multipart::MultipartError;
use axum::extract::Multipart;
use axum::http::StatusCode;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::storage::Staged;
use super::ALLOWED;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Enough of the start of a file for every magic number of the types we accept.
const HEAD_BYTES: usize = 8 * 1024;

/// A complete upload, staged and not yet stored.
pub struct Received {
    /// The name the client sent, as sent (see `names::stored_name` for what is kept of it).
    pub sent_name: String,
    pub content_type: &'static str,
    pub size_bytes: i64,
    pub sha256: String,
    pub staged: Staged,
}

/// Reads the single `file` part of a multipart upload into a staged file.
pub async fn receive(state: &AppState, mut multipart: Multipart) -> ApiResult<Received> {
    let limit = state.config.limits.max_upload_bytes;
    let too_large = || {
        ApiError::PayloadTooLarge(format!(
            "The file is larger than {} MB. Send a smaller photo or document.",
            limit / (1024 * 1024)
        ))
    };
    let read_error = |err: MultipartError| {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::from(err)
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(read_error)? {
        if field.name() != Some("file") {
            continue;
        }
        let sent_name = field.file_name().unwrap_or_default().to_string();
        let (mut file, staged) = state.blobs.stage().await?;
        let mut sniffer = Sniffer::default();
        let mut hasher = Sha256::new();
        let mut size = 0usize;
        // Any early return drops `staged`, which removes the file.
        while let Some(chunk) = field.chunk().await.map_err(read_error)? {
            size += chunk.len();
            if size > limit {
                return Err(too_large());
            }
            hasher.update(&chunk);
            sniffer.feed(&chunk);
            file.write_all(&chunk).await.context("cannot write an upload")?;
        }
        file.flush().await.context("cannot write an upload")?;
        if size == 0 {
            return Err(ApiError::field("file", "The file is empty."));
        }
        let content_type = sniffer.content_type().ok_or_else(|| {
            ApiError::UnsupportedMediaType(
                "This kind of file cannot be attached. Send a photo (JPEG, PNG, WebP, GIF, HEIC), a PDF or a plain-text file.".into(),
            )
        })?;
        return Ok(Received {
            sent_name,
            content_type,
            size_bytes: size as i64,
            sha256: hex::encode(hasher.finalize()),
            staged,
        });
    }
    Err(ApiError::field("file", "Send the file in a multipart field named `file`."))
}

/// Decides the type from the bytes as they stream past: the magic number from the first bytes,
/// and whether the whole file is plain text (which has no magic number).
#[derive(Default)]
struct Sniffer {
    head: Vec<u8>,
    text: TextCheck,
}

impl Sniffer {
    fn feed(&mut self, chunk: &[u8]) {
        let room = HEAD_BYTES.saturating_sub(self.head.len());
        self.head.extend_from_slice(&chunk[..room.min(chunk.len())]);
        self.text.feed(chunk);
    }

    /// The content type, or `None` when it is not one we accept.
    fn content_type(&self) -> Option<&'static str> {
        if let Some(kind) = infer::get(&self.head) {
            return ALLOWED.iter().find(|allowed| **allowed == kind.mime_type()).copied();
        }
        (!self.head.is_empty() && self.text.is_text()).then_some("text/plain")
    }
}

/// UTF-8 without control characters other than line breaks and tabs, checked chunk by chunk (a
/// character may be split between two chunks).
#[derive(Default)]
struct TextCheck {
    /// The start of a character cut off at the end of the last chunk (at most 3 bytes).
    carry: Vec<u8>,
    failed: bool,
}

impl TextCheck {
    fn feed(&mut self, chunk: &[u8]) {
        if self.failed {
            return;
        }
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(chunk);
        let valid_up_to = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            // Cut off at the end: keep the start for the next chunk.
            Err(err) if err.error_len().is_none() => err.valid_up_to(),
            Err(_) => {
                self.failed = true;
                return;
            }
        };
        let text = std::str::from_utf8(&bytes[..valid_up_to]).expect("checked above");
        if !text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')) {
            self.failed = true;
            return;
        }
        self.carry = bytes[valid_up_to..].to_vec();
    }

    fn is_text(&self) -> bool {
        !self.failed && self.carry.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff_in_chunks(bytes: &[u8], chunk: usize) -> Option<&'static str> {
        let mut sniffer = Sniffer::default();
        for part in bytes.chunks(chunk) {
            sniffer.feed(part);
        }
        sniffer.content_type()
    }

    fn sniff(bytes: &[u8]) -> Option<&'static str> {
        sniff_in_chunks(bytes, bytes.len().max(1))
    }

    #[test]
    fn type_comes_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"My dish points the wrong way.\n"), Some("text/plain"));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0"), None, "a Windows executable is refused");
        assert_eq!(sniff(&[0, 1, 2, 3, 0xff]), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn text_split_inside_a_character_is_still_text() {
        let text = "Signal: −71 dBm, Schüssel 📡 ausgerichtet.\n".repeat(50);
        for chunk in [1, 2, 3, 5, 7, 64] {
            assert_eq!(sniff_in_chunks(text.as_bytes(), chunk), Some("text/plain"), "chunks of {chunk}");
        }
    }

    #[test]
    fn text_with_binary_after_the_first_bytes_is_refused() {
        let mut bytes = "plain words ".repeat(2_000).into_bytes();
        assert!(bytes.len() > HEAD_BYTES);
        bytes.extend_from_slice(b"\0\x01\x02");
        assert_eq!(sniff_in_chunks(&bytes, 4096), None);
        // Cut off in the middle of a character at the very end: not text.
        let truncated = &"é".as_bytes()[..1];
        assert_eq!(sniff(&[b"ok ".as_slice(), truncated].concat()), None);
        assert_eq!(sniff(b"escape \x1b[31m red"), None);
    }
}
