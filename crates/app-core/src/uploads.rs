//! Preparing a picked file for upload, before anything leaves the computer.
//!
//! Photos are decoded under [`image::Limits`] (a decompression bomb is refused before its pixels
//! are allocated), turned upright, downscaled to a [`MAX_LONG_EDGE`] long edge and re-encoded
//! (PNG stays PNG, everything else becomes JPEG). Re-encoding writes only pixels, so no EXIF
//! block, GPS position or camera serial survives. PDFs and plain text pass as they are within
//! [`MAX_ATTACHMENT_BYTES`]. A file whose bytes are not what its name says is refused.

use std::io::Cursor;
use std::path::Path;

use base64::Engine as _;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::error::{AppError, AppResult};
use crate::ui_types::AttachmentKind;

/// Long edge of a prepared photo, in pixels.
pub const MAX_LONG_EDGE: u32 = 2560;
/// Largest file sent to the server (the server's default upload limit).
pub const MAX_ATTACHMENT_BYTES: usize = 15 * 1024 * 1024;
/// Largest photo accepted for preparing; it shrinks well below the upload limit.
pub const MAX_PHOTO_INPUT_BYTES: usize = 60 * 1024 * 1024;
/// Largest width or height decoded. Real camera photos stay well below it.
const MAX_DECODED_EDGE: u32 = 16_384;
/// Largest memory a decoded photo may take (a 50-megapixel RGB photo takes 150 MB).
const MAX_DECODE_ALLOC: u64 = 400 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;
const PREVIEW_EDGE: u32 = 320;

/// A file ready to send.
#[derive(Clone, PartialEq)]
pub struct PreparedFile {
    /// The name to send: the picked name without folders, with the extension of what is sent.
    pub name: String,
    pub kind: AttachmentKind,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    /// `data:image/jpeg;base64,…` for photos.
    pub preview_data_url: Option<String>,
}

impl std::fmt::Debug for PreparedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedFile")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("content_type", &self.content_type)
            .field("size", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// What the file's name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    Photo(ImageFormat),
    Pdf,
    Text,
}

impl Declared {
    fn from_name(name: &str) -> AppResult<Declared> {
        let extension = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        Ok(match extension.as_str() {
            "jpg" | "jpeg" => Declared::Photo(ImageFormat::Jpeg),
            "png" => Declared::Photo(ImageFormat::Png),
            "webp" => Declared::Photo(ImageFormat::WebP),
            "gif" => Declared::Photo(ImageFormat::Gif),
            "pdf" => Declared::Pdf,
            "txt" | "log" | "text" => Declared::Text,
            "heic" | "heif" => {
                return Err(AppError::file_refused(format!(
                    "“{name}” is a HEIC photo, which this app can't prepare. Save it as JPEG and attach it again."
                )))
            }
            _ => {
                return Err(AppError::file_refused(format!(
                    "“{name}” can't be attached. You can send photos (JPEG, PNG, WebP, GIF), PDFs and plain-text files."
                )))
            }
        })
    }

    fn label(self) -> &'static str {
        match self {
            Declared::Photo(ImageFormat::Jpeg) => "a JPEG photo",
            Declared::Photo(ImageFormat::Png) => "a PNG picture",
            Declared::Photo(ImageFormat::WebP) => "a WebP picture",
            Declared::Photo(_) => "a GIF picture",
            Declared::Pdf => "a PDF",
            Declared::Text => "a text file",
        }
    }

    /// Whether the file's bytes are what the name says.
    fn matches(self, bytes: &[u8]) -> bool {
        let sniffed = infer::get(bytes).map(|kind| kind.mime_type());
        match self {
            Declared::Photo(format) => sniffed == Some(format.to_mime_type()),
            Declared::Pdf => sniffed == Some("application/pdf"),
            // Plain text has no magic number: UTF-8 without control bytes other than whitespace
            // (the server applies the same rule).
            Declared::Text => {
                sniffed.is_none()
                    && std::str::from_utf8(bytes)
                        .is_ok_and(|text| text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')))
            }
        }
    }
}

/// Checks a picked file and makes it ready to send. `name` may be a path; only its last part is
/// kept.
pub fn prepare(name: &str, bytes: &[u8]) -> AppResult<PreparedFile> {
    let name = Path::new(name).file_name().and_then(|n| n.to_str()).unwrap_or("").trim().to_string();
    if name.is_empty() {
        return Err(AppError::file_refused("This file has no name, so it can't be attached."));
    }
    if bytes.is_empty() {
        return Err(AppError::file_refused(format!("“{name}” is empty.")));
    }
    let declared = Declared::from_name(&name)?;
    let limit = if matches!(declared, Declared::Photo(_)) { MAX_PHOTO_INPUT_BYTES } else { MAX_ATTACHMENT_BYTES };
    if bytes.len() > limit {
        return Err(too_large(&name, limit));
    }
    if !declared.matches(bytes) {
        return Err(AppError::file_refused(format!(
            "“{name}” is named like {} but its contents are something else, so it can't be sent. It may be damaged or renamed.",
            declared.label()
        )));
    }
    match declared {
        Declared::Photo(format) => prepare_photo(&name, bytes, format),
        Declared::Pdf => Ok(PreparedFile {
            name,
            kind: AttachmentKind::Pdf,
            content_type: "application/pdf",
            bytes: bytes.to_vec(),
            preview_data_url: None,
        }),
        Declared::Text => Ok(PreparedFile {
            name,
            kind: AttachmentKind::Text,
            content_type: "text/plain",
            bytes: bytes.to_vec(),
            preview_data_url: None,
        }),
    }
}

fn prepare_photo(name: &str, bytes: &[u8], format: ImageFormat) -> AppResult<PreparedFile> {
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(damaged(name));
    }
    let photo = downscale(decode(name, bytes, format)?);
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or("photo");
    let (bytes, content_type, extension) = if format == ImageFormat::Png {
        (encode_png(&photo)?, "image/png", "png")
    } else {
        (encode_jpeg(&photo)?, "image/jpeg", "jpg")
    };
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_large(name, MAX_ATTACHMENT_BYTES));
    }
    let preview = encode_jpeg(&photo.thumbnail(PREVIEW_EDGE, PREVIEW_EDGE))?;
    Ok(PreparedFile {
        name: format!("{stem}.{extension}"),
        kind: AttachmentKind::Photo,
        content_type,
        bytes,
        preview_data_url: Some(format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(preview)
        )),
    })
}

/// A photo of a ticket, as the thread shows it: decoded under the same limits as a picked photo
/// and re-encoded as a JPEG no larger than `long_edge`, as a `data:` URL (the window loads no
/// remote content).
pub fn photo_view_data_url(name: &str, bytes: &[u8], content_type: &str, long_edge: u32) -> AppResult<String> {
    let format = ImageFormat::from_mime_type(content_type)
        .ok_or_else(|| AppError::file_refused(format!("“{name}” is not a photo the app can show.")))?;
    let photo = decode(name, bytes, format)?;
    let view =
        if photo.width().max(photo.height()) > long_edge { photo.thumbnail(long_edge, long_edge) } else { photo };
    Ok(format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(encode_jpeg(&view)?)))
}

/// Down to [`MAX_LONG_EDGE`] on the long edge. Far above it (phone cameras: 4000 px and more),
/// area averaging (`thumbnail`) looks as good as a filter and is twice as fast on a 12 MP photo;
/// close to it, where area averaging aliases, a Triangle filter.
fn downscale(photo: DynamicImage) -> DynamicImage {
    let long_edge = photo.width().max(photo.height());
    if long_edge <= MAX_LONG_EDGE {
        photo
    } else if long_edge >= MAX_LONG_EDGE * 3 / 2 {
        photo.thumbnail(MAX_LONG_EDGE, MAX_LONG_EDGE)
    } else {
        photo.resize(MAX_LONG_EDGE, MAX_LONG_EDGE, FilterType::Triangle)
    }
}

/// Decodes under limits and applies the EXIF orientation to the pixels (the EXIF block itself
/// is not carried over, so the turn must be).
fn decode(name: &str, bytes: &[u8], format: ImageFormat) -> AppResult<DynamicImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_EDGE);
    limits.max_image_height = Some(MAX_DECODED_EDGE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let refused = |err: ImageError| {
        match err {
        ImageError::Limits(_) => AppError::file_refused(format!(
            "“{name}” has too many pixels to prepare safely. Take a screenshot of it or save a smaller copy, and attach that."
        )),
        ImageError::IoError(_) | ImageError::Decoding(_) | ImageError::Parameter(_) => damaged(name),
        other => {
            tracing::info!(error = %other, "photo cannot be decoded");
            damaged(name)
        }
    }
    };
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let orientation = decoder.orientation().map_err(refused)?;
    let mut photo = DynamicImage::from_decoder(decoder).map_err(refused)?;
    photo.apply_orientation(orientation);
    Ok(photo)
}

fn encode_jpeg(photo: &DynamicImage) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    // JPEG has no alpha: flatten to RGB.
    photo
        .to_rgb8()
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        .map_err(AppError::unexpected)?;
    Ok(out)
}

fn encode_png(photo: &DynamicImage) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    photo.write_with_encoder(PngEncoder::new(&mut out)).map_err(AppError::unexpected)?;
    Ok(out)
}

fn damaged(name: &str) -> AppError {
    AppError::file_refused(format!(
        "“{name}” is damaged or incomplete, so it can't be sent. Try saving or copying it again."
    ))
}

fn too_large(name: &str, limit: usize) -> AppError {
    AppError::file_refused(format!(
        "“{name}” is larger than {} MB, the most that can be attached.",
        limit / (1024 * 1024)
    ))
}

/// Whether a JPEG runs from its start marker through every segment and scan to its end marker.
/// The JPEG decoder fills a cut-off scan with grey instead of failing, so a truncated photo
/// would otherwise be sent half grey. Hand-written because it is a walk over the segment
/// lengths, which no JPEG crate exposes as a check.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    const SOI: [u8; 2] = [0xFF, 0xD8];
    const EOI: u8 = 0xD9;
    const SOS: u8 = 0xDA;
    if !bytes.starts_with(&SOI) {
        return false;
    }
    let mut at = 2;
    loop {
        // Markers may be preceded by fill bytes (0xFF).
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        at += 2;
        match marker {
            EOI => return true,
            0x01 | 0xD0..=0xD7 => continue, // markers without a length
            _ => {
                let Some(length) = bytes.get(at..at + 2).map(|l| u16::from_be_bytes([l[0], l[1]]) as usize) else {
                    return false;
                };
                if length < 2 || at + length > bytes.len() {
                    return false;
                }
                at += length;
                if marker == SOS {
                    // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF
                    // (0xFF 0x00) nor a restart marker.
                    loop {
                        match (bytes.get(at), bytes.get(at + 1)) {
                            (Some(0xFF), Some(0x00 | 0xD0..=0xD7 | 0xFF)) => at += 1,
                            (Some(0xFF), Some(_)) => break,
                            (Some(_), _) => at += 1,
                            (None, _) => return false,
                        }
                    }
                }
            }
        }
    }
}

/// Photo fixtures shared with the integration tests.
#[cfg(test)]
#[path = "../tests/core/photos.rs"]
mod photos;

#[cfg(test)]
mod tests {
    use super::photos::*;
    use super::*;
    use image::{Rgb, RgbImage};

    #[test]
    fn a_photo_loses_its_gps_position_and_shrinks_to_the_long_edge() {
        let original = jpeg_with_gps(2700, 600);
        assert!(gps_latitude(&original).is_some(), "the fixture carries a GPS position");

        let prepared = prepare("/home/someone/Pictures/IMG_0042.JPG", &original).unwrap();
        assert_eq!(prepared.kind, AttachmentKind::Photo);
        assert_eq!(prepared.name, "IMG_0042.jpg");
        assert_eq!(prepared.content_type, "image/jpeg");
        assert_eq!(gps_latitude(&prepared.bytes), None);
        assert!(!prepared.bytes.windows(4).any(|w| w == b"Exif"), "no EXIF block at all");
        assert!(!prepared.bytes.windows(8).any(|w| w == b"PhoneCam"), "no camera make");
        let decoded = image::load_from_memory(&prepared.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (2560, 569));
        assert!(prepared.preview_data_url.unwrap().starts_with("data:image/jpeg;base64,"));
    }

    #[test]
    fn a_camera_sized_photo_shrinks_to_the_long_edge_keeping_its_shape() {
        // Far above the long edge: the area-averaging path.
        let prepared = prepare("IMG_0043.jpg", &jpeg_with_gps(4000, 1000)).unwrap();
        let decoded = image::load_from_memory(&prepared.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (2560, 640));
        assert_eq!(gps_latitude(&prepared.bytes), None);
    }

    #[test]
    fn small_photos_keep_their_size_and_pngs_stay_png() {
        let mut png = Vec::new();
        RgbImage::from_pixel(40, 30, Rgb([10, 200, 30]))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let prepared = prepare("router-lights.png", &png).unwrap();
        assert_eq!(prepared.content_type, "image/png");
        let decoded = image::load_from_memory(&prepared.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (40, 30));
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_decoding() {
        // A valid PNG header claiming 100000 × 100000 pixels: 30 GB once decoded.
        let mut png = Vec::new();
        png.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        png.extend_from_slice(&(ihdr.len() as u32).to_be_bytes());
        let mut chunk = b"IHDR".to_vec();
        chunk.extend_from_slice(&ihdr);
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
        let err = prepare("bomb.png", &png).unwrap_err();
        assert_eq!(err.code, crate::AppErrorCode::FileRefused);
        assert!(err.message.contains("too many pixels"), "{}", err.message);
    }

    #[test]
    fn a_truncated_photo_is_refused() {
        let whole = jpeg(800, 600);
        let cut = &whole[..whole.len() * 2 / 3];
        let err = prepare("cut.jpg", cut).unwrap_err();
        assert!(err.message.contains("damaged or incomplete"), "{}", err.message);

        let mut png = Vec::new();
        RgbImage::from_fn(300, 300, |x, y| Rgb([x as u8, y as u8, 7]))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let err = prepare("cut.png", &png[..png.len() / 2]).unwrap_err();
        assert!(err.message.contains("damaged or incomplete"), "{}", err.message);
    }

    #[test]
    fn a_file_that_lies_about_its_type_is_refused() {
        let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
        let err = prepare("holiday.jpg", pdf).unwrap_err();
        assert!(err.message.contains("named like a JPEG photo but its contents are something else"), "{}", err.message);
        let err = prepare("invoice.pdf", &jpeg(10, 10)).unwrap_err();
        assert!(err.message.contains("named like a PDF"), "{}", err.message);
        let err = prepare("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00binary").unwrap_err();
        assert!(err.message.contains("named like a text file"), "{}", err.message);
        let err = prepare("setup.exe", b"MZ\x90\x00").unwrap_err();
        assert!(err.message.contains("can't be attached"), "{}", err.message);
    }

    #[test]
    fn pdfs_and_text_pass_unchanged_within_the_size_limit() {
        let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
        let prepared = prepare("invoice.pdf", pdf).unwrap();
        assert_eq!(
            (prepared.kind, prepared.content_type, prepared.bytes.as_slice()),
            (AttachmentKind::Pdf, "application/pdf", &pdf[..])
        );
        let text = "Router lights: power green, internet blinking amber.\n";
        let prepared = prepare("lights.txt", text.as_bytes()).unwrap();
        assert_eq!(prepared.kind, AttachmentKind::Text);
        assert_eq!(prepared.bytes, text.as_bytes());

        let mut big = b"%PDF-1.4\n".to_vec();
        big.resize(MAX_ATTACHMENT_BYTES + 1, b' ');
        let err = prepare("manual.pdf", &big).unwrap_err();
        assert!(err.message.contains("larger than 15 MB"), "{}", err.message);
    }

    /// PNG chunk checksum, for the hand-made header above.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in data {
            crc ^= byte as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
