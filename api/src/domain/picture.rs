//! Pictures: a mission's image and an organisation's logo.
//!
//! An upload is judged by its bytes, never its name or declared type:
//! JPEG, PNG or WebP only. Its dimensions are read from its header and
//! bounded before anything is decoded, so a small file that claims a
//! gigapixel (a decompression bomb) costs nothing; decoding itself runs
//! under an allocation limit. What is kept is re-encoded from the pixels
//! alone (JPEG, or PNG when it has transparency), so no metadata survives:
//! not the camera's GPS position, not the author's name. Phones' rotation
//! is applied first, since it goes with the metadata.
//!
//! Each picture is kept at two widths (never enlarged), named after a hash
//! of its content: a name is never reused for other bytes, so it can be
//! cached for ever.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use super::validation::{invalid, Invalid};

/// The largest upload read.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most pixels decoded (a 24 Mpx photo passes; a bomb does not).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longest side decoded.
pub const MAX_SIDE: u32 = 12_000;
/// What the decoder may allocate, beyond the pixels' own buffer.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Quality of the JPEGs written: photos look as uploaded at a third of
/// the size of a camera's.
const JPEG_QUALITY: u8 = 82;

/// What a picture is for: it decides the widths kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    MissionImage,
    OrganizationLogo,
}

impl Kind {
    /// The large and the small width.
    pub fn widths(self) -> [u32; 2] {
        match self {
            Kind::MissionImage => [1200, 480],
            Kind::OrganizationLogo => [512, 128],
        }
    }
}

/// One width of a picture, ready to store and serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    /// `{hash}.{ext}`: the hash of these bytes.
    pub name: String,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// A picture accepted: its large and small renditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub large: Rendition,
    pub small: Rendition,
}

/// Judges, bounds, decodes and re-encodes an upload. Errors say what a
/// person can fix: `unsupported_type`, `too_large`, `too_many_pixels`,
/// `unreadable`.
pub fn prepare(bytes: &[u8], kind: Kind) -> Result<Prepared, Invalid> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    let format = image::guess_format(bytes).map_err(|_| unsupported())?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(unsupported());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(judged)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(unreadable());
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width.max(height) > MAX_SIDE {
        return Err(too_many_pixels());
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(judged)?;
    pixels.apply_orientation(orientation);
    let [large, small] = kind.widths();
    let large = rendition(&pixels, large)?;
    let small = rendition(&pixels, small)?;
    Ok(Prepared { large, small })
}

/// The picture at `width` (or its own, if narrower), re-encoded.
fn rendition(pixels: &DynamicImage, width: u32) -> Result<Rendition, Invalid> {
    let resized = if pixels.width() > width {
        let height = (u64::from(pixels.height()) * u64::from(width) / u64::from(pixels.width()))
            .max(1) as u32;
        pixels.resize_exact(width, height, image::imageops::FilterType::CatmullRom)
    } else {
        pixels.clone()
    };
    let mut bytes = Vec::new();
    let (content_type, ext) = if resized.color().has_alpha() {
        resized
            .to_rgba8()
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(|_| unreadable())?;
        ("image/png", "png")
    } else {
        let rgb = resized.to_rgb8();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
        rgb.write_with_encoder(encoder).map_err(|_| unreadable())?;
        ("image/jpeg", "jpg")
    };
    let hash = hex::encode(&Sha256::digest(&bytes)[..16]);
    Ok(Rendition {
        name: format!("{hash}.{ext}"),
        content_type,
        width: resized.width(),
        height: resized.height(),
        bytes,
    })
}

/// Whether `name` can be a rendition's: 32 hex digits and a known
/// extension. Anything else is not looked up.
pub fn is_name(name: &str) -> bool {
    let Some((hash, ext)) = name.split_once('.') else {
        return false;
    };
    hash.len() == 32
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && matches!(ext, "jpg" | "png")
}

/// The content type a rendition's name says.
pub fn content_type_of(name: &str) -> &'static str {
    if name.ends_with(".png") {
        "image/png"
    } else {
        "image/jpeg"
    }
}

fn judged(e: image::ImageError) -> Invalid {
    match e {
        image::ImageError::Limits(_) => too_many_pixels(),
        image::ImageError::Unsupported(_) => unsupported(),
        _ => unreadable(),
    }
}

fn unsupported() -> Invalid {
    invalid("unsupported_type", "a JPEG, PNG or WebP picture")
}

fn too_large() -> Invalid {
    invalid(
        "too_large",
        format!("at most {} MiB", MAX_BYTES / (1024 * 1024)),
    )
}

fn too_many_pixels() -> Invalid {
    invalid(
        "too_many_pixels",
        format!("at most {MAX_PIXELS} pixels and {MAX_SIDE} on a side"),
    )
}

fn unreadable() -> Invalid {
    invalid("unreadable", "the picture is damaged or cut short")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let img = if alpha {
            DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
                width,
                height,
                image::Rgba([10, 120, 200, 128]),
            ))
        } else {
            DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
                image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
            }))
        };
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_photo_becomes_two_jpeg_widths_never_enlarged_named_by_content() {
        let p = prepare(&png(2000, 1000, false), Kind::MissionImage).unwrap();
        assert_eq!((p.large.width, p.large.height), (1200, 600));
        assert_eq!((p.small.width, p.small.height), (480, 240));
        assert_eq!(p.large.content_type, "image/jpeg");
        assert!(p.large.bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
        assert!(is_name(&p.large.name) && p.large.name.ends_with(".jpg"));
        assert_ne!(p.large.name, p.small.name);
        // Small ones stay their size; the same upload, the same names.
        let q = prepare(&png(300, 200, false), Kind::MissionImage).unwrap();
        assert_eq!((q.large.width, q.small.width), (300, 300));
        assert_eq!(
            q,
            prepare(&png(300, 200, false), Kind::MissionImage).unwrap()
        );
    }

    #[test]
    fn a_logo_with_transparency_stays_png() {
        let p = prepare(&png(600, 600, true), Kind::OrganizationLogo).unwrap();
        assert_eq!(p.large.content_type, "image/png");
        assert_eq!((p.large.width, p.small.width), (512, 128));
    }

    #[test]
    fn bad_uploads_are_named_for_what_is_wrong() {
        let code = |bytes: &[u8]| prepare(bytes, Kind::MissionImage).unwrap_err().code;
        assert_eq!(code(b"GIF89a\x01\x00\x01\x00"), "unsupported_type");
        assert_eq!(
            code(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "unsupported_type"
        );
        let whole = png(64, 64, false);
        assert_eq!(code(&whole[..whole.len() / 2]), "unreadable");
        assert_eq!(code(&vec![0xFF; MAX_BYTES + 1]), "too_large");
        assert!(!is_name("../../etc/passwd.jpg") && !is_name("abc.gif"));
    }
}
