//! Attachments: the type comes from the bytes, limits hold, downloads are safe, and a refused
//! upload leaves nothing behind.

use crate::helpers::*;
use crate::world::*;

fn stored_files(app: &TestApp) -> usize {
    let root = app.data_dir.path().join("attachments");
    walk(&root)
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum()
}

async fn attachment_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM attachments").fetch_one(app.db()).await.unwrap()
}

#[tokio::test]
async fn a_photo_round_trips_as_a_safe_download() {
    let world = World::build().await;
    let app = &world.app;
    // Named .txt, but the bytes are a PNG: the bytes win, the name's extension included.
    let info = app
        .upload(
            &format!("/api/portal/tickets/{}/attachments", world.alice_ticket),
            &world.alice.caller,
            "../../dish photo \"1\".txt",
            tiny_png(),
        )
        .await
        .expect(201);
    assert_eq!(info["contentType"], "image/png");
    assert_eq!(info["fileName"], "dish photo 1.png");
    let id = info["id"].as_str().unwrap();

    let download = app.get(&format!("/api/portal/attachments/{id}"), &world.alice.caller).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.header("content-type"), Some("image/png"));
    assert_eq!(download.header("x-content-type-options"), Some("nosniff"));
    let disposition = download.header("content-disposition").unwrap();
    assert!(disposition.starts_with("attachment; filename=\"dish photo 1.png\""), "{disposition}");
    let bytes = app
        .request(reqwest::Method::GET, &format!("/api/portal/attachments/{id}"), &world.alice.caller)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), tiny_png().as_slice());

    // Staff download it too, and see it on the work order.
    assert_eq!(app.get(&format!("/api/attachments/{id}"), &world.technician.caller).await.status, 200);
}

#[tokio::test]
async fn a_file_that_lies_about_its_type_is_refused_and_nothing_is_kept() {
    let world = World::build().await;
    let app = &world.app;
    let (rows, files) = (attachment_rows(app).await, stored_files(app));
    let mut fake_jpeg = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
    fake_jpeg.extend(std::iter::repeat_n(0u8, 200));
    let reply = app
        .upload(
            &format!("/api/portal/tickets/{}/attachments", world.alice_ticket),
            &world.alice.caller,
            "photo.jpg",
            fake_jpeg,
        )
        .await;
    assert_eq!(reply.error(415), "unsupported_media_type");
    let unknown_binary = app
        .upload(
            &format!("/api/portal/tickets/{}/attachments", world.alice_ticket),
            &world.alice.caller,
            "x.png",
            vec![0xff, 0xfe, 0x00, 0x3c],
        )
        .await;
    assert_eq!(unknown_binary.error(415), "unsupported_media_type");
    assert_eq!((attachment_rows(app).await, stored_files(app)), (rows, files));
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_a_clear_message() {
    let world = World::build().await;
    let app = &world.app;
    let (rows, files) = (attachment_rows(app).await, stored_files(app));
    let mut big = tiny_png();
    big.resize(3 * 1024 * 1024, 0);
    let reply = app
        .upload(
            &format!("/api/portal/tickets/{}/attachments", world.alice_ticket),
            &world.alice.caller,
            "huge.png",
            big,
        )
        .await;
    assert_eq!(reply.error(413), "payload_too_large");
    assert!(reply.json()["error"]["message"].as_str().unwrap().contains("MB"));
    assert_eq!((attachment_rows(app).await, stored_files(app)), (rows, files));
}

#[tokio::test]
async fn an_empty_or_missing_file_is_explained() {
    let world = World::build().await;
    let app = &world.app;
    let empty = app
        .upload(
            &format!("/api/portal/tickets/{}/attachments", world.alice_ticket),
            &world.alice.caller,
            "a.png",
            vec![],
        )
        .await;
    assert_eq!(empty.error(422), "validation_failed");
    let form = reqwest::multipart::Form::new().text("note", "no file here");
    let missing = Reply::from(
        app.request(
            reqwest::Method::POST,
            &format!("/api/portal/tickets/{}/attachments", world.alice_ticket),
            &world.alice.caller,
        )
        .multipart(form)
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(missing.error(422), "validation_failed");
}

/// The name a file is stored and served under ends in the type found in its bytes, and keeps no
/// character that hides what the name really says.
#[tokio::test]
async fn disguised_names_are_stored_with_the_detected_type_and_without_invisible_characters() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/portal/tickets/{}/attachments", world.alice_ticket);
    let text = b"The dish moved in the storm.\n".to_vec();
    for (sent, bytes, stored) in [
        // A right-to-left override makes "invoice\u{202e}txt.exe" read as "invoiceexe.txt".
        ("invoice\u{202e}txt.exe", text.clone(), "invoicetxt.txt"),
        ("re\u{200b}adme\u{200d}.hta", text.clone(), "readme.txt"),
        ("update.js", text.clone(), "update.txt"),
        ("run.cmd", text.clone(), "run.txt"),
        ("\u{2067}photo\u{2069}.jpg", tiny_png(), "photo.png"),
    ] {
        let info = app.upload(&path, &world.alice.caller, sent, bytes).await.expect(201);
        assert_eq!(info["fileName"], stored, "sent as {sent:?}");
        let download =
            app.get(&format!("/api/portal/attachments/{}", info["id"].as_str().unwrap()), &world.alice.caller).await;
        let disposition = download.header("content-disposition").unwrap().to_string();
        assert!(disposition.starts_with(&format!("attachment; filename=\"{stored}\"")), "{disposition}");
        // No format character survives in the UTF-8 name either (U+200B, U+202E, U+2067… all start E2 80/81).
        assert!(!disposition.contains("%E2%80") && !disposition.contains("%E2%81"), "{disposition}");
        // Staff see the same name on the work order.
        let order = app.get(&format!("/api/work-orders/{}", world.alice_ticket), &world.owner.caller).await.expect(200);
        assert!(order["attachments"].as_array().unwrap().iter().any(|a| a["fileName"] == stored));
    }
}
