//! The icon set a Tauri bundle uses, as the Tauri CLI's `tauri icon` lays it out (the names in
//! the root `icons/` folder): PNGs for Linux and the window, the Windows Store tiles, a
//! multi-size `icon.ico` and a macOS `icon.icns`, all scaled from the logo's square master.

use std::fs;
use std::path::{Path, PathBuf};

use icns::{IconFamily, IconType, PixelFormat};
use image::codecs::ico::{IcoEncoder, IcoFrame};
use image::imageops::{self, FilterType};
use image::{ExtendedColorType, RgbaImage};

use crate::error::KitError;
use crate::logo::encode_png;

/// Every PNG of the set and its side in pixels.
pub const PNG_ICONS: &[(&str, u32)] = &[
    ("32x32.png", 32),
    ("64x64.png", 64),
    ("128x128.png", 128),
    ("128x128@2x.png", 256),
    ("icon.png", 512),
    ("Square30x30Logo.png", 30),
    ("Square44x44Logo.png", 44),
    ("Square71x71Logo.png", 71),
    ("Square89x89Logo.png", 89),
    ("Square107x107Logo.png", 107),
    ("Square142x142Logo.png", 142),
    ("Square150x150Logo.png", 150),
    ("Square284x284Logo.png", 284),
    ("Square310x310Logo.png", 310),
    ("StoreLogo.png", 50),
];
pub const ICO_FILE: &str = "icon.ico";
/// The sizes Windows picks from (title bar and taskbar to Explorer's large icons).
pub const ICO_SIZES: &[u32] = &[16, 24, 32, 48, 64, 256];
pub const ICNS_FILE: &str = "icon.icns";
/// The PNG-based entries of Apple's `iconutil` set, 16 to 512@2x.
pub const ICNS_TYPES: &[IconType] = &[
    IconType::RGBA32_16x16,
    IconType::RGBA32_16x16_2x,
    IconType::RGBA32_32x32,
    IconType::RGBA32_32x32_2x,
    IconType::RGBA32_128x128,
    IconType::RGBA32_128x128_2x,
    IconType::RGBA32_256x256,
    IconType::RGBA32_256x256_2x,
    IconType::RGBA32_512x512,
    IconType::RGBA32_512x512_2x,
];

/// The files `bundle.icon` lists, in order. Tauri takes the first PNG as the window and tray
/// icon on Linux (128 pixels: sharp on a high-density tray, small in the binary); the Linux
/// packages install every PNG under `usr/share/icons/hicolor/<size>/apps/`.
pub const BUNDLE_ICONS: &[&str] =
    &["128x128.png", "32x32.png", "64x64.png", "128x128@2x.png", "icon.png", ICNS_FILE, ICO_FILE];

/// Writes the whole set into `dir` (created; files of an earlier run are replaced).
pub fn write_icon_set(master: &RgbaImage, dir: &Path) -> Result<(), KitError> {
    fs::create_dir_all(dir).map_err(|source| KitError::Write { path: dir.to_path_buf(), source })?;
    let write = |name: &str, bytes: Vec<u8>| {
        let path = dir.join(name);
        fs::write(&path, bytes).map_err(|source| KitError::Write { path, source })
    };
    for (name, side) in PNG_ICONS {
        write(name, encode_png(&scaled(master, *side)))?;
    }
    write(ICO_FILE, ico(master)?)?;
    write(ICNS_FILE, icns(master)?)
}

/// The paths `bundle.icon` lists for a set written into `dir`.
pub fn bundle_icon_paths(dir: &Path) -> Vec<PathBuf> {
    BUNDLE_ICONS.iter().map(|name| dir.join(name)).collect()
}

fn scaled(master: &RgbaImage, side: u32) -> RgbaImage {
    if master.width() == side {
        master.clone()
    } else {
        imageops::resize(master, side, side, FilterType::Lanczos3)
    }
}

fn ico(master: &RgbaImage) -> Result<Vec<u8>, KitError> {
    let failed = |err: image::ImageError| KitError::Image { what: ICO_FILE.into(), why: err.to_string() };
    let frames = ICO_SIZES
        .iter()
        .map(|side| {
            let image = scaled(master, *side);
            IcoFrame::as_png(image.as_raw(), *side, *side, ExtendedColorType::Rgba8).map_err(failed)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut bytes = Vec::new();
    IcoEncoder::new(&mut bytes).encode_images(&frames).map_err(failed)?;
    Ok(bytes)
}

fn icns(master: &RgbaImage) -> Result<Vec<u8>, KitError> {
    let failed = |why: String| KitError::Image { what: ICNS_FILE.into(), why };
    let mut family = IconFamily::new();
    for icon_type in ICNS_TYPES {
        let side = icon_type.pixel_width();
        let image = scaled(master, side);
        let icon = icns::Image::from_data(PixelFormat::RGBA, side, side, image.into_raw())
            .map_err(|err| failed(err.to_string()))?;
        family.add_icon_with_type(&icon, *icon_type).map_err(|err| failed(err.to_string()))?;
    }
    let mut bytes = Vec::new();
    family.write(&mut bytes).map_err(|err| failed(err.to_string()))?;
    Ok(bytes)
}
