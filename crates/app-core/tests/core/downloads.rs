//! Files of a ticket's thread, fetched when the subscriber looks at them: a photo shown, any file
//! saved to Downloads, only from their own tickets, still there offline, gone at sign-out.

use std::sync::Arc;

use app_core::ui_types::{AttachmentRequest, PrepareAttachmentBytesRequest, SendOutcome, TicketDraft};
use app_core::{AppErrorCode, PortalApp};
use base64::Engine as _;

use crate::helpers::*;
use crate::photos;

/// A subscriber's ticket with a photo and a text file; returns the ticket id and both attachments.
async fn ticket_with_files(app: &PortalApp) -> (String, Vec<portal_api::AttachmentInfo>) {
    let mut ids = Vec::new();
    for (name, bytes) in
        [("IMG_2041.jpg", photos::jpeg_with_gps(3000, 2000)), ("modem-log.txt", b"link down 07:02\n".to_vec())]
    {
        let prepared =
            app.prepare_attachment_bytes(PrepareAttachmentBytesRequest { name: name.into(), bytes }).await.unwrap();
        ids.push(prepared.id);
    }
    let draft = TicketDraft {
        title: "No signal after the storm".into(),
        description: "The dish moved, I think.".into(),
        attachment_ids: ids,
        ..Default::default()
    };
    let SendOutcome::Sent { ticket_id, .. } = app.create_ticket(draft).await.unwrap() else { panic!("sent") };
    let ticket = app.get_ticket(ticket_id.clone()).await.unwrap().data;
    assert_eq!(ticket.attachments.len(), 2, "{:?}", ticket.attachments);
    (ticket_id, ticket.attachments)
}

fn request(ticket_id: &str, file: &portal_api::AttachmentInfo) -> AttachmentRequest {
    AttachmentRequest { ticket_id: ticket_id.into(), attachment_id: file.id.to_string() }
}

#[tokio::test]
async fn a_subscriber_sees_their_photos_and_saves_their_files_and_nobody_else_can() {
    let mut server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let app =
        PortalApp::new(server.app_config(data.path(), &test_identifier()), Arc::new(Recorder::default())).unwrap();
    app.start().await;
    sign_up_with_access_code(&server, &app, "RW-3101", "+1 555 010 6161").await;
    let (ticket_id, files) = ticket_with_files(&app).await;
    let photo = files.iter().find(|f| f.content_type == "image/jpeg").unwrap();
    let text = files.iter().find(|f| f.content_type.starts_with("text/plain")).unwrap();

    // The photo, shown at most 1600 px wide, decoded from what the core answers.
    let url = app.attachment_photo(request(&ticket_id, photo)).await.unwrap();
    let encoded = url.strip_prefix("data:image/jpeg;base64,").expect("a JPEG data URL");
    let shown = image::load_from_memory(&base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()).unwrap();
    assert_eq!(shown.width(), 1600, "the long edge of a 3000 × 2000 photo, shown");
    assert!((1066..=1067).contains(&shown.height()), "{}", shown.height());
    let refused = app.attachment_photo(request(&ticket_id, text)).await.unwrap_err();
    assert_eq!(refused.code, AppErrorCode::FileRefused, "{refused:?}");

    // Saved twice: the same bytes the server keeps, the second under a new name.
    let downloads = tempfile::tempdir().unwrap();
    let first = app.save_attachment(request(&ticket_id, photo), downloads.path()).await.unwrap();
    let second = app.save_attachment(request(&ticket_id, photo), downloads.path()).await.unwrap();
    assert_eq!((first.file_name.as_str(), second.file_name.as_str()), ("IMG_2041.jpg", "IMG_2041 (1).jpg"));
    let stored = server.staff_download(photo.id.as_str()).await;
    assert_eq!(std::fs::read(&first.path).unwrap(), stored);
    assert_eq!(std::fs::read(&second.path).unwrap(), stored);
    let saved_text = app.save_attachment(request(&ticket_id, text), downloads.path()).await.unwrap();
    assert_eq!(std::fs::read(&saved_text.path).unwrap(), b"link down 07:02\n");

    // Another subscriber of the same provider: neither through A's ticket nor through their own.
    let other_data = tempfile::tempdir().unwrap();
    let other = PortalApp::new(server.app_config(other_data.path(), &test_identifier()), Arc::new(Recorder::default()))
        .unwrap();
    other.start().await;
    sign_up_with_access_code(&server, &other, "RW-3102", "+1 555 010 6262").await;
    let (own_ticket, _) = ticket_with_files(&other).await;
    let through_theirs = other.save_attachment(request(&ticket_id, photo), downloads.path()).await.unwrap_err();
    assert_eq!(through_theirs.code, AppErrorCode::NotFound, "{through_theirs:?}");
    let through_own = other.attachment_photo(request(&own_ticket, photo)).await.unwrap_err();
    assert_eq!(through_own.code, AppErrorCode::NotFound, "{through_own:?}");
    assert_eq!(std::fs::read_dir(downloads.path()).unwrap().count(), 3, "nothing else was saved");

    // Offline, a photo seen before is still shown; one never fetched says the server is out of reach.
    server.stop().await;
    assert!(app.attachment_photo(request(&ticket_id, photo)).await.is_ok());
    let other_files = other.get_ticket(own_ticket.clone()).await.unwrap().data.attachments;
    let never_fetched = other_files.iter().find(|f| f.content_type == "image/jpeg").unwrap();
    let offline = other.attachment_photo(request(&own_ticket, never_fetched)).await.unwrap_err();
    assert_eq!(offline.code, AppErrorCode::Offline, "{offline:?}");

    // Sign-out forgets the fetched files.
    app.sign_out().await.unwrap();
    let accounts = std::fs::read_dir(data.path().join("accounts")).unwrap();
    for account in accounts {
        assert!(!account.unwrap().path().join("downloads").exists(), "fetched files are deleted at sign-out");
    }
}
