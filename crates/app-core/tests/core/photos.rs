//! Photos made in code for the tests: a JPEG, and the same JPEG with an EXIF block holding a
//! camera make and a GPS position, as phones write it. Shared by the unit tests of
//! `uploads.rs`, the end-to-end upload test and the server's logo tests.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};

/// A photo-like JPEG of the given size (a gradient, so it compresses like a photo).
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]));
    let mut out = Vec::new();
    image.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90)).unwrap();
    out
}

/// An EXIF block (APP1) with camera make and a GPS position, as phones write it.
pub fn exif_with_gps() -> Vec<u8> {
    // Little-endian TIFF: IFD0 with Make and a GPS IFD pointer; the GPS IFD with latitude.
    let mut tiff: Vec<u8> = Vec::new();
    tiff.extend_from_slice(b"II\x2a\x00");
    // IFD0 at offset 8, with 2 entries.
    tiff.extend_from_slice(&8u32.to_le_bytes());
    let ifd0_entries = 2u16;
    let ifd0_size = 2 + 12 * ifd0_entries as u32 + 4;
    let make_offset = 8 + ifd0_size; // "PhoneCam\0" (9 bytes) after IFD0
    let gps_ifd_offset = make_offset + 10;
    tiff.extend_from_slice(&ifd0_entries.to_le_bytes());
    // Make (0x010f), ASCII (2), count 9, offset
    tiff.extend_from_slice(&0x010fu16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&9u32.to_le_bytes());
    tiff.extend_from_slice(&make_offset.to_le_bytes());
    // GPSInfo (0x8825), LONG (4), count 1, value = offset of GPS IFD
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&gps_ifd_offset.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    tiff.extend_from_slice(b"PhoneCam\0\0"); // padded to an even length
                                             // GPS IFD: GPSLatitudeRef 'N' and GPSLatitude 45/1 30/1 0/1
    let gps_entries = 2u16;
    let latitude_offset = gps_ifd_offset + 2 + 12 * gps_entries as u32 + 4;
    tiff.extend_from_slice(&gps_entries.to_le_bytes());
    tiff.extend_from_slice(&0x0001u16.to_le_bytes()); // GPSLatitudeRef, ASCII, 2, inline "N\0"
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&0x0002u16.to_le_bytes()); // GPSLatitude, RATIONAL (5), 3
    tiff.extend_from_slice(&5u16.to_le_bytes());
    tiff.extend_from_slice(&3u32.to_le_bytes());
    tiff.extend_from_slice(&latitude_offset.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (num, den) in [(45u32, 1u32), (30, 1), (0, 1)] {
        tiff.extend_from_slice(&num.to_le_bytes());
        tiff.extend_from_slice(&den.to_le_bytes());
    }
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    app1
}

/// A JPEG photo with a GPS position in its EXIF block, right after the start marker.
pub fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&exif_with_gps());
    out.extend_from_slice(&plain[2..]);
    out
}

/// The GPS latitude in a file's EXIF block, if it has one.
pub fn gps_latitude(bytes: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok()?;
    exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).map(|field| field.display_value().to_string())
}
