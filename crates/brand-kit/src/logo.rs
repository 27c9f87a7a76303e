//! The kit's logo, decoded once: SVG rasterised with resvg, PNG decoded with the image crate
//! under limits. From it come the square icon master (padded onto the brand background when
//! the logo is transparent or not square) and the small PNG the app shows on its screens.

use std::io::Cursor;
use std::path::Path;

use image::imageops::{self, FilterType};
use image::{ImageFormat, ImageReader, Limits, Rgba, RgbaImage};

/// Side of the square every icon is scaled down from (the largest icon, macOS's 512@2x).
pub const ICON_MASTER_SIDE: u32 = 1024;
/// Share of an icon's side a padded logo takes: a margin of a tenth on each side, close to the
/// safe area of the platforms' icon grids.
const LOGO_SHARE: f64 = 0.8;
/// A PNG logo this small would be blurred in the larger icons.
pub const MIN_PNG_SIDE: u32 = 512;
/// Decoding limits: kits come from WISPs, so a decompression bomb is refused, not decoded.
const MAX_PNG_SIDE: u32 = 4096;
const MAX_LOGO_BYTES: u64 = 5 * 1024 * 1024;
/// Longer side of the logo compiled into the app for its screens.
const SCREEN_LOGO_SIDE: u32 = 512;

/// A decoded logo: straight (not premultiplied) RGBA.
#[derive(Debug, Clone)]
pub struct Logo {
    image: RgbaImage,
}

impl Logo {
    /// Reads and decodes `path` (`.svg` or `.png`); the error says why the file cannot be used.
    pub fn load(path: &Path) -> Result<Logo, String> {
        let size = std::fs::metadata(path).map_err(|err| format!("{} cannot be read: {err}", path.display()))?.len();
        if size > MAX_LOGO_BYTES {
            return Err(format!("{} is {size} bytes; a logo may have at most {MAX_LOGO_BYTES}", path.display()));
        }
        let bytes = std::fs::read(path).map_err(|err| format!("{} cannot be read: {err}", path.display()))?;
        match path.extension().and_then(|ext| ext.to_str()) {
            Some("svg") => Logo::from_svg(&bytes),
            Some("png") => Logo::from_png(&bytes),
            _ => Err(format!("{} is neither .svg nor .png", path.display())),
        }
        .map_err(|why| format!("{}: {why}", path.display()))
    }

    pub fn from_png(bytes: &[u8]) -> Result<Logo, String> {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Png);
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_PNG_SIDE);
        limits.max_image_height = Some(MAX_PNG_SIDE);
        limits.max_alloc = Some(u64::from(MAX_PNG_SIDE) * u64::from(MAX_PNG_SIDE) * 4);
        reader.limits(limits);
        let image = reader.decode().map_err(|err| format!("is not a PNG that can be decoded ({err})"))?.into_rgba8();
        let longer = image.width().max(image.height());
        if longer < MIN_PNG_SIDE {
            return Err(format!(
                "is {}x{} pixels; a PNG logo needs at least {MIN_PNG_SIDE} on its longer side (or use an SVG)",
                image.width(),
                image.height()
            ));
        }
        Logo::checked(image)
    }

    /// Rasterised so its longer side is [`ICON_MASTER_SIDE`] pixels.
    pub fn from_svg(bytes: &[u8]) -> Result<Logo, String> {
        // Text needs fonts, which resvg is built without (they would differ per machine); a
        // logo with text would silently lose it, so it is refused instead.
        if String::from_utf8_lossy(bytes).contains("<text") {
            return Err("has <text> elements: convert the text to paths (outlines) in the drawing program".into());
        }
        let tree = resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default())
            .map_err(|err| format!("is not an SVG that can be drawn ({err})"))?;
        let size = tree.size();
        let scale = ICON_MASTER_SIDE as f32 / size.width().max(size.height());
        let (width, height) = ((size.width() * scale).round() as u32, (size.height() * scale).round() as u32);
        let mut pixmap = resvg::tiny_skia::Pixmap::new(width.max(1), height.max(1))
            .ok_or_else(|| format!("has an unusable size ({}x{})", size.width(), size.height()))?;
        resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
        let straight: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|pixel| {
                let colour = pixel.demultiply();
                [colour.red(), colour.green(), colour.blue(), colour.alpha()]
            })
            .collect();
        let image = RgbaImage::from_raw(pixmap.width(), pixmap.height(), straight).expect("width × height × 4 bytes");
        Logo::checked(image)
    }

    fn checked(image: RgbaImage) -> Result<Logo, String> {
        if image.pixels().all(|pixel| pixel[3] == 0) {
            return Err("draws nothing (every pixel is transparent)".into());
        }
        Ok(Logo { image })
    }

    pub fn width(&self) -> u32 {
        self.image.width()
    }

    pub fn height(&self) -> u32 {
        self.image.height()
    }

    /// Square and without any transparent pixel: usable as an icon as it is.
    pub fn is_opaque_square(&self) -> bool {
        self.width() == self.height() && self.image.pixels().all(|pixel| pixel[3] == u8::MAX)
    }

    /// The [`ICON_MASTER_SIDE`]² image every icon is scaled from. A transparent or non-square
    /// logo is centred on `background`, taking [`LOGO_SHARE`] of the side. It is padded at its
    /// own resolution and scaled once, so transparent edges never blend with black.
    pub fn icon_master(&self, background: [u8; 3]) -> RgbaImage {
        let square = if self.is_opaque_square() {
            self.image.clone()
        } else {
            let longer = f64::from(self.width().max(self.height()));
            let side = (longer / LOGO_SHARE).ceil() as u32;
            let [r, g, b] = background;
            let mut canvas = RgbaImage::from_pixel(side, side, Rgba([r, g, b, u8::MAX]));
            let x = i64::from((side - self.width()) / 2);
            let y = i64::from((side - self.height()) / 2);
            imageops::overlay(&mut canvas, &self.image, x, y);
            canvas
        };
        imageops::resize(&square, ICON_MASTER_SIDE, ICON_MASTER_SIDE, FilterType::Lanczos3)
    }

    /// The logo for the app's screens: a PNG at most [`SCREEN_LOGO_SIDE`] pixels on its longer
    /// side, transparency kept (the screens draw it on the brand background themselves).
    pub fn screen_png(&self) -> Vec<u8> {
        let longer = self.width().max(self.height());
        let image = if longer > SCREEN_LOGO_SIDE {
            let scale = f64::from(SCREEN_LOGO_SIDE) / f64::from(longer);
            let width = (f64::from(self.width()) * scale).round().max(1.0) as u32;
            let height = (f64::from(self.height()) * scale).round().max(1.0) as u32;
            imageops::resize(&self.image, width, height, FilterType::Lanczos3)
        } else {
            self.image.clone()
        };
        encode_png(&image)
    }
}

pub fn encode_png(image: &RgbaImage) -> Vec<u8> {
    let mut png = Vec::new();
    image.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).expect("encoding a PNG in memory cannot fail");
    png
}
