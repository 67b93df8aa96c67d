//! Thumbnails: every image uploaded under `images/` gets a PNG of at most 128×128 under `thumbnails/`.

use lambdaform::prelude::*;
use serde::Serialize;

use crate::aws;
use crate::resources::Uploads;

pub const MAX_EDGE: u32 = 128;

#[derive(Debug, thiserror::Error, FunctionError)]
pub enum ThumbnailError {
    #[error("the bucket is not configured: {0}")]
    Config(#[from] ResourceError),
    #[error("cannot read s3://{bucket}/{key}: {reason}")]
    Download { bucket: String, key: String, reason: String },
    #[error("s3://{bucket}/{key} is not an image: {reason}")]
    NotAnImage { bucket: String, key: String, reason: String },
    #[error("cannot write the thumbnail: {0}")]
    Upload(String),
}

/// `images/2026/cat.jpg` → `thumbnails/2026/cat.png`.
pub fn thumbnail_key(key: &str) -> Option<String> {
    let rest = key.strip_prefix("images/")?;
    if rest.is_empty() || rest.ends_with('/') {
        return None;
    }
    let stem = match rest.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') && !stem.is_empty() => stem,
        _ => rest,
    };
    Some(format!("thumbnails/{stem}.png"))
}

/// S3 event notifications carry keys form-encoded: `holiday+2026/caf%C3%A9.png` is `holiday 2026/café.png`.
pub fn decode_key(key: &str) -> String {
    percent_encoding::percent_decode_str(&key.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Scales the image to fit `MAX_EDGE` × `MAX_EDGE`, keeping its aspect ratio, as PNG.
pub fn thumbnail(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let image = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let small = image.thumbnail(MAX_EDGE, MAX_EDGE);
    let mut out = std::io::Cursor::new(Vec::new());
    small.write_to(&mut out, image::ImageFormat::Png).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

#[derive(Debug, Serialize)]
pub struct Made {
    pub thumbnails: Vec<String>,
}

#[function(memory = 1024, timeout = 60, uses(Uploads: read_write))]
#[s3(bucket = Uploads, events = [ObjectCreated], prefix = "images/")]
pub async fn make_thumbnail(event: S3Event) -> Result<Made, ThumbnailError> {
    let s3 = aws::s3().await;
    let mut thumbnails = Vec::new();
    for record in &event.records {
        let bucket = record.s3.bucket.name.clone().unwrap_or(Uploads::name()?);
        let Some(key) = record.s3.object.key.as_deref().map(decode_key) else { continue };
        let Some(target) = thumbnail_key(&key) else { continue };
        let download = |reason: String| ThumbnailError::Download { bucket: bucket.clone(), key: key.clone(), reason };
        let object = s3.get_object().bucket(&bucket).key(&key).send().await.map_err(|e| download(e.to_string()))?;
        let bytes = object.body.collect().await.map_err(|e| download(e.to_string()))?.into_bytes();
        let png = thumbnail(&bytes).map_err(|reason| ThumbnailError::NotAnImage {
            bucket: bucket.clone(),
            key: key.clone(),
            reason,
        })?;
        s3.put_object()
            .bucket(&bucket)
            .key(&target)
            .content_type("image/png")
            .body(png.into())
            .send()
            .await
            .map_err(|e| ThumbnailError::Upload(e.to_string()))?;
        thumbnails.push(target);
    }
    Ok(Made { thumbnails })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(thumbnail_key("images/cat.jpg").as_deref(), Some("thumbnails/cat.png"));
        assert_eq!(thumbnail_key("images/2026/a.b.jpeg").as_deref(), Some("thumbnails/2026/a.b.png"));
        assert_eq!(thumbnail_key("images/noext").as_deref(), Some("thumbnails/noext.png"));
        assert_eq!(thumbnail_key("images/dir/.hidden").as_deref(), Some("thumbnails/dir/.hidden.png"));
        assert_eq!(thumbnail_key("other/cat.jpg"), None);
        assert_eq!(thumbnail_key("images/"), None);
    }

    #[test]
    fn event_keys_are_form_decoded() {
        assert_eq!(decode_key("images/holiday+2026/caf%C3%A9.png"), "images/holiday 2026/café.png");
        assert_eq!(decode_key("images/a%2Bb.png"), "images/a+b.png");
    }

    #[test]
    fn scales_down_keeping_the_aspect_ratio() {
        let big = image::RgbImage::from_pixel(512, 256, image::Rgb([200, 10, 10]));
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(big).write_to(&mut png, image::ImageFormat::Png).unwrap();
        let small = image::load_from_memory(&thumbnail(png.get_ref()).unwrap()).unwrap();
        assert_eq!((small.width(), small.height()), (128, 64));
    }

    #[test]
    fn refuses_non_images() {
        assert!(thumbnail(b"not an image").is_err());
    }
}
