//! Pictures: a member's upload becomes two clean renditions served for
//! ever; a stranger gets nothing; a hostile or broken file gets 422 naming
//! the field and changes nothing; a new image is a material edit.

use std::io::Cursor;

use reqwest::Method;
use serde_json::Value;

use crate::common::{problem, Session, TestApp};

const BOUNDARY: &str = "renfort-test-boundary-7d1f";

/// A browser's form with the file in `part` (as `name`).
pub fn form(part: &str, filename: &str, content_type: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub async fn upload(app: &TestApp, who: &Session, path: &str, body: Vec<u8>) -> reqwest::Response {
    app.client
        .put(app.url(path))
        .bearer_auth(&who.access)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

/// A photo as a phone writes it: a JPEG with an EXIF block holding where
/// it was taken.
pub fn photo_with_location(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, 120])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    // An APP1 segment right after the start-of-image marker.
    let exif = b"Exif\0\0GPS 45.7640N 4.8357E home of the photographer";
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut checked = kind.to_vec();
    checked.extend_from_slice(data);
    out.extend_from_slice(&crc32(&checked).to_be_bytes());
    out
}

/// A decompression bomb: a valid PNG a few dozen bytes long whose header
/// claims 60,000 × 60,000 pixels (10 GiB once decoded).
fn bomb() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    // A zlib stream of a few zero bytes: what a bomb compresses to.
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    png
}

pub fn logo_png() -> Vec<u8> {
    let pixels =
        image::RgbaImage::from_fn(600, 300, |x, _| image::Rgba([200, 30, 60, (x % 256) as u8]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(pixels)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn get_json(app: &TestApp, who: &Session, path: &str) -> Value {
    app.send(Method::GET, path, who, None)
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_s_photo_is_served_clean_at_two_widths_and_sends_the_mission_to_review() {
    let app = crate::common::spawn_app().await;
    let (owner, referent, _admin, _org, mission) = app.published_mission(5).await;
    let stranger = app.volunteer("stranger").await;
    let path = format!("/v1/missions/{mission}/image");
    let photo = photo_with_location(1600, 900);
    assert!(
        photo.windows(8).any(|w| w == b"GPS 45.7"),
        "the fixture has its EXIF"
    );

    // A stranger may not, and nothing is decoded for them.
    problem(
        upload(
            &app,
            &stranger,
            &path,
            form("file", "p.jpg", "image/jpeg", &photo),
        )
        .await,
        404,
    )
    .await;

    let r = upload(
        &app,
        &owner,
        &path,
        form("file", "photo.jpg", "image/jpeg", &photo),
    )
    .await;
    assert_eq!(r.status(), 200);
    let view: Value = r.json().await.unwrap();
    // A new picture is a material edit: back to review.
    assert_eq!(view["state"], "pending_review");
    let url = view["image"]["url"].as_str().unwrap().to_owned();
    let small = view["image"]["small_url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/v1/pictures/") && url.ends_with(".jpg"),
        "{url}"
    );

    let r = app.client.get(app.url(&url)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let bytes = r.bytes().await.unwrap();
    // Metadata is gone: no EXIF segment, no position.
    assert!(!bytes.windows(4).any(|w| w == b"Exif"));
    assert!(!bytes.windows(8).any(|w| w == b"GPS 45.7"));
    let large = image::load_from_memory(&bytes).unwrap();
    assert_eq!((large.width(), large.height()), (1200, 675));
    let small_bytes = app
        .client
        .get(app.url(&small))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(image::load_from_memory(&small_bytes).unwrap().width(), 480);
    let again = app
        .client
        .get(app.url(&url))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let missing = app
        .client
        .get(app.url("/v1/pictures/00000000000000000000000000000000.jpg"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let traversal = app
        .client
        .get(app.url("/v1/pictures/..%2F..%2Fetc%2Fpasswd"))
        .send()
        .await
        .unwrap();
    assert_eq!(traversal.status(), 404);

    // Under review, the picture is frozen like the rest of the substance;
    // once the referent has published it again, it can be removed.
    let p = problem(app.send(Method::DELETE, &path, &owner, None).await, 409).await;
    assert_eq!(p["code"], "under_review");
    let other = form(
        "file",
        "other.jpg",
        "image/jpeg",
        &photo_with_location(64, 64),
    );
    let p = problem(upload(&app, &owner, &path, other).await, 409).await;
    assert_eq!(p["code"], "under_review", "refused before it is decoded");
    let transitions = format!("/v1/missions/{mission}/transitions");
    let r = app
        .transition(&referent, &transitions, "published", None)
        .await;
    assert_eq!(r.status(), 200);
    let public = get_json(&app, &stranger, &format!("/v1/missions/{mission}")).await;
    assert_eq!(public["image"]["url"], url.as_str());
    let r = app.send(Method::DELETE, &path, &owner, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["image"], Value::Null);
}

#[tokio::test]
async fn hostile_and_broken_files_get_422_naming_the_field_and_change_nothing() {
    let app = crate::common::spawn_app().await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let path = format!("/v1/missions/{mission}/image");
    let photo = photo_with_location(64, 64);
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a decompression bomb",
            form("file", "bomb.png", "image/png", &bomb()),
            "too_many_pixels",
        ),
        (
            "a GIF called a JPEG",
            form("file", "cat.jpg", "image/jpeg", gif),
            "unsupported_type",
        ),
        (
            "a script called a picture",
            form("file", "x.png", "image/png", b"<script>alert(1)</script>"),
            "unsupported_type",
        ),
        (
            "a truncated photo",
            form("file", "cut.jpg", "image/jpeg", &photo[..photo.len() / 2]),
            "unreadable",
        ),
        (
            "6 MiB",
            form(
                "file",
                "big.jpg",
                "image/jpeg",
                &vec![0xFF; 6 * 1024 * 1024],
            ),
            "too_large",
        ),
        (
            "no file part",
            form("picture", "p.jpg", "image/jpeg", &photo),
            "required",
        ),
    ];
    for (case, body, code) in cases {
        let p = problem(upload(&app, &owner, &path, body).await, 422).await;
        assert_eq!(p["errors"][0]["field"], "file", "{case}: {p}");
        assert_eq!(p["errors"][0]["code"], code, "{case}: {p}");
    }
    // Not a form at all.
    let r = app
        .client
        .put(app.url(&path))
        .bearer_auth(&owner.access)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    // Nothing changed: still public (so still published), without a picture.
    let view = get_json(&app, &owner, &format!("/v1/missions/{mission}")).await;
    assert!(view["published_at"].is_string(), "{view}");
    assert_eq!(view["image"], Value::Null);
}

#[tokio::test]
async fn a_logo_keeps_its_transparency_and_shows_on_the_public_page() {
    let app = crate::common::spawn_app().await;
    let (owner, _referent, _admin, org, _mission) = app.published_mission(5).await;
    let stranger = app.volunteer("stranger").await;
    let path = format!("/v1/organizations/{org}/logo");
    let body = || form("file", "logo.png", "image/png", &logo_png());
    problem(upload(&app, &stranger, &path, body()).await, 404).await;
    let r = upload(&app, &owner, &path, body()).await;
    assert_eq!(r.status(), 200);
    let view: Value = r.json().await.unwrap();
    assert_eq!(
        view["state"], "approved",
        "a logo is not who the organisation is"
    );
    let url = view["logo"]["url"].as_str().unwrap().to_owned();
    assert!(url.ends_with(".png"), "{url}");
    let bytes = app
        .client
        .get(app.url(&url))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let logo = image::load_from_memory(&bytes).unwrap();
    assert!(logo.color().has_alpha());
    assert_eq!(logo.width(), 512);
    let public = get_json(&app, &stranger, &format!("/v1/organizations/{org}")).await;
    assert_eq!(public["view"], "public");
    assert_eq!(public["logo"]["url"], url.as_str());
}

/// An S3-compatible server, as tests reach one: `RENFORT_TEST_S3_URL`
/// when set, else moto's (`pip install 'moto[server]'`), started here on a
/// free loopback port and stopped with the test.
struct S3Server {
    url: String,
    child: Option<std::process::Child>,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn s3_server() -> S3Server {
    if let Ok(url) = std::env::var("RENFORT_TEST_S3_URL") {
        return S3Server { url, child: None };
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("an S3 server: set RENFORT_TEST_S3_URL, or pip install 'moto[server]'");
    let server = S3Server {
        url: format!("http://127.0.0.1:{port}"),
        child: Some(child),
    };
    for _ in 0..100 {
        if reqwest::get(&server.url).await.is_ok() {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("moto_server did not answer on {}", server.url);
}

/// With `pictures.storage = "s3"`, renditions go to the bucket (signed
/// requests, path-style) and nothing to the database; the API serves them
/// from there as from the database.
#[tokio::test]
async fn with_a_bucket_pictures_are_kept_in_it_and_served_from_it() {
    let s3 = s3_server().await;
    let bucket = format!("renfort-{}", uuid::Uuid::now_v7().simple());
    let created = reqwest::Client::new()
        .put(format!("{}/{bucket}", s3.url))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    let app = crate::common::spawn_with(serde_json::json!({"pictures": {
        "storage": "s3", "s3_endpoint": s3.url, "s3_bucket": bucket,
        "s3_access_key": "renfort-test", "s3_secret_key": "renfort-test-secret",
    }}))
    .await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let photo = photo_with_location(900, 600);
    let r = upload(
        &app,
        &owner,
        &format!("/v1/missions/{mission}/image"),
        form("file", "photo.jpg", "image/jpeg", &photo),
    )
    .await;
    assert_eq!(r.status(), 200);
    let url = r.json::<Value>().await.unwrap()["image"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let name = url.rsplit('/').next().unwrap();
    let object = format!("{}/{bucket}/pictures/{name}", s3.url);
    // The bucket stays private: browsers reach pictures through the API.
    assert_eq!(reqwest::get(&object).await.unwrap().status(), 403);
    // Read back as another S3 client signs (curl's own SigV4).
    let read = std::process::Command::new("curl")
        .args([
            "-sS",
            "--fail",
            "-D",
            "-",
            "--aws-sigv4",
            "aws:amz:us-east-1:s3",
        ])
        .args(["--user", "renfort-test:renfort-test-secret", &object])
        .output()
        .expect("curl");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let split = read
        .stdout
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap();
    let head = String::from_utf8_lossy(&read.stdout[..split]).to_lowercase();
    assert!(head.contains("content-type: image/jpeg"), "{head}");
    let kept = read.stdout[split + 4..].to_vec();
    let served = app.client.get(app.url(&url)).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().to_vec(), kept);
    let mut conn = app.db.acquire().await.unwrap();
    let in_database: i64 =
        renfort::on_conn!(&mut conn, c => sqlx::query_scalar("SELECT COUNT(*) FROM pictures")
        .fetch_one(c)
        .await)
        .unwrap();
    assert_eq!(in_database, 0);
    let missing = app
        .client
        .get(app.url("/v1/pictures/00000000000000000000000000000000.jpg"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}
