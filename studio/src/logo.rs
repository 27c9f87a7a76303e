//! Logo files on their way to the server and back: a picked file read (within a size cap, and
//! only if its bytes are an image the server takes), and a stored logo turned into a `data:` URL
//! for the preview, which loads nothing remote.

use std::io::Read;
use std::path::Path;

use app_core::{AppError, AppResult};
use base64::Engine;
use bytes::Bytes;

/// The largest file the studio reads for a logo. The server checks, re-encodes and limits what
/// it stores; this only keeps a mistaken pick (a video, a disk image) out of memory.
pub const MAX_LOGO_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// What the picker offers and the studio sends: the server takes these.
pub const LOGO_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "webp"];
const LOGO_TYPES: &[&str] = &["image/png", "image/jpeg", "image/webp"];

/// A logo file as it goes to the server.
#[derive(Debug, Clone)]
pub struct LogoFile {
    pub name: String,
    pub bytes: Bytes,
}

/// Reads the file at `path`: refused (code `file_refused`) when it is too large or its bytes
/// are not a PNG, JPEG or WebP image, whatever its name says.
pub fn read(path: &Path) -> AppResult<LogoFile> {
    let unreadable = |err: std::io::Error| {
        tracing::info!(error = %err, path = %path.display(), "a picked logo cannot be read");
        AppError::file_refused("That file can't be opened. Check that it is still there and try again.")
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    // One byte more than allowed: reading it proves the file too large without reading it all.
    file.take(MAX_LOGO_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_LOGO_FILE_BYTES {
        return Err(AppError::file_refused(format!(
            "That file is larger than {} MB. Choose a smaller logo image.",
            MAX_LOGO_FILE_BYTES / (1024 * 1024)
        )));
    }
    image_type(&bytes).ok_or_else(|| {
        AppError::file_refused("That file is not a PNG, JPEG or WebP image. Choose a logo in one of those.")
    })?;
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "logo".into());
    Ok(LogoFile { name, bytes: Bytes::from(bytes) })
}

/// `data:<type>;base64,…` for an image the server stored; anything that is not a PNG, JPEG or
/// WebP image by its bytes is refused rather than handed to the webview.
pub fn data_url(bytes: &[u8]) -> AppResult<String> {
    let mime = image_type(bytes).ok_or_else(|| {
        AppError::new(
            app_core::AppErrorCode::Unexpected,
            "The logo on the portal server is not an image the studio can show.",
        )
    })?;
    Ok(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// The image type the bytes are, if it is one the server takes.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    infer::get(bytes).map(|kind| kind.mime_type()).filter(|mime| LOGO_TYPES.contains(mime))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest PNG: one transparent pixel.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
        0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d,
        0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn an_image_is_read_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("our-logo.png");
        std::fs::write(&path, PNG).unwrap();
        let logo = read(&path).unwrap();
        assert_eq!(logo.name, "our-logo.png");
        assert_eq!(&logo.bytes[..], PNG);
        assert!(data_url(&logo.bytes).unwrap().starts_with("data:image/png;base64,iVBORw0KGgo"));
    }

    #[test]
    fn a_file_that_is_not_an_image_or_too_large_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let svg = dir.path().join("logo.png");
        std::fs::write(&svg, "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>").unwrap();
        assert_eq!(read(&svg).unwrap_err().code, app_core::AppErrorCode::FileRefused);
        assert!(data_url(&std::fs::read(&svg).unwrap()).is_err(), "only images become data: URLs");

        let huge = dir.path().join("huge.png");
        let mut bytes = PNG.to_vec();
        bytes.resize(MAX_LOGO_FILE_BYTES as usize + 1, 0);
        std::fs::write(&huge, bytes).unwrap();
        let err = read(&huge).unwrap_err();
        assert_eq!(err.code, app_core::AppErrorCode::FileRefused);
        assert!(err.message.contains("10 MB"), "{}", err.message);

        assert_eq!(read(&dir.path().join("gone.png")).unwrap_err().code, app_core::AppErrorCode::FileRefused);
    }
}
