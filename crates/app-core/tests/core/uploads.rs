//! A photo prepared by the app reaches the server without its GPS position.

use std::sync::Arc;

use app_core::uploads;
use portal_api::{CreatePortalTicket, IdempotencyKey};

use crate::helpers::*;
use crate::photos;

#[tokio::test]
async fn the_server_stores_the_photo_without_gps() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = signed_up(&server, data.path(), &test_identifier()).await;
    let ticket = app
        .api
        .create_ticket(
            &CreatePortalTicket {
                title: "Router lights".into(),
                description: "Amber light.".into(),
                kind: None,
                diagnostics: None,
            },
            &IdempotencyKey::generate(),
        )
        .await
        .unwrap();

    let original = photos::jpeg_with_gps(1200, 900);
    assert!(photos::gps_latitude(&original).is_some(), "the fixture carries a GPS position");
    let prepared = uploads::prepare("IMG_2041.jpg", &original).unwrap();
    let progress = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = progress.clone();
    let info = app
        .api
        .upload_attachment(
            &ticket.summary.id,
            &prepared.name,
            prepared.bytes.clone().into(),
            Arc::new(move |sent, total| seen.lock().unwrap().push((sent, total))),
        )
        .await
        .unwrap();
    assert_eq!(info.content_type, "image/jpeg");
    assert_eq!(
        progress.lock().unwrap().last().copied(),
        Some((prepared.bytes.len() as u64, prepared.bytes.len() as u64))
    );

    let stored = app.api.download_attachment(&info.id).await.unwrap();
    assert_eq!(stored.bytes.as_ref(), prepared.bytes.as_slice());
    assert_eq!(photos::gps_latitude(&stored.bytes), None, "the server received no GPS position");
    assert!(!stored.bytes.windows(4).any(|w| w == b"Exif"));
}
