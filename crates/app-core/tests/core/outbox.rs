//! A ticket written while the server is down is kept on disk and sent exactly once when the
//! server is back, also when the app restarted in between.

use std::path::Path;
use std::sync::Arc;

use app_core::attachments::PreparedFiles;
use app_core::outbox::Outbox;
use app_core::ui_types::{PendingKind, SendOutcome};
use app_core::AppEvent;
use portal_api::CreatePortalTicket;
use portal_client::PortalClient;

use crate::helpers::*;
use crate::photos;

fn ticket(title: &str) -> CreatePortalTicket {
    CreatePortalTicket {
        title: title.into(),
        description: "No internet since the storm.".into(),
        kind: None,
        diagnostics: None,
    }
}

fn outbox(api: &PortalClient, data: &Path, events: Arc<Recorder>) -> Outbox {
    let files = PreparedFiles::new(data.join("attachments"));
    Outbox::new(api.clone(), data.join("outbox.json"), files, events, "Ridgeline Wireless")
}

#[tokio::test]
async fn a_ticket_written_during_an_outage_survives_a_restart_and_is_sent_exactly_once() {
    let mut server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = signed_up(&server, data.path(), &test_identifier()).await;
    // The session has a fresh ID token, so the outage is the portal server's alone.
    app.api.me().await.unwrap();

    server.stop().await;
    let outbox = outbox(&app.api, data.path(), Arc::default());
    let outcome = outbox.create_ticket(ticket("Dish knocked over by the storm"), vec![]).await.unwrap();
    let SendOutcome::Queued { message, .. } = outcome else { panic!("queued while the server is down: {outcome:?}") };
    assert_eq!(
        message,
        "We couldn't reach Ridgeline Wireless. Your message is saved and will be sent when you're back online."
    );
    let pending = outbox.pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].kind, pending[0].title.as_str()), (PendingKind::Ticket, "Dish knocked over by the storm"));
    assert!(outbox.flush().await.unwrap().is_empty(), "still down: nothing sent");
    assert_eq!(outbox.pending().unwrap()[0].attempts, 2);

    // The app restarts and the server comes back.
    drop(outbox);
    server.start_again().await;
    let outbox = self::outbox(&app.api, data.path(), Arc::default());
    assert_eq!(outbox.pending().unwrap().len(), 1, "the draft survived the restart");
    let sent = outbox.flush().await.unwrap();
    assert!(matches!(sent.as_slice(), [SendOutcome::Sent { ticket_number: Some(_), .. }]), "{sent:?}");
    assert!(outbox.pending().unwrap().is_empty());
    assert!(outbox.flush().await.unwrap().is_empty(), "nothing is sent twice");

    let tickets = app.api.tickets(&Default::default()).await.unwrap();
    let matching = tickets.items.iter().filter(|t| t.title == "Dish knocked over by the storm").count();
    assert_eq!(matching, 1, "exactly one ticket on the server");
}

#[tokio::test]
async fn a_ticket_the_server_refuses_is_not_kept_and_says_why() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = signed_up(&server, data.path(), &test_identifier()).await;
    let outbox = outbox(&app.api, data.path(), Arc::default());
    let err = outbox.create_ticket(ticket(""), vec![]).await.unwrap_err();
    assert_eq!(err.code, app_core::AppErrorCode::Validation);
    assert!(err.fields.iter().any(|f| f.field == "title"), "{err:?}");
    assert!(outbox.pending().unwrap().is_empty());
}

#[tokio::test]
async fn a_ticket_with_a_photo_written_offline_is_sent_with_its_photo_later() {
    let mut server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = signed_up(&server, data.path(), &test_identifier()).await;
    app.api.me().await.unwrap();
    let events = Arc::new(Recorder::default());
    let outbox = outbox(&app.api, data.path(), events.clone());
    let files = PreparedFiles::new(data.path().join("attachments"));
    let photo = files.prepare("IMG_0007.jpg".into(), photos::jpeg_with_gps(800, 600)).await.unwrap();

    server.stop().await;
    let outcome = outbox.create_ticket(ticket("Cable chewed through"), vec![photo.id.clone()]).await.unwrap();
    assert!(matches!(outcome, SendOutcome::Queued { .. }), "{outcome:?}");
    assert!(files.load(&photo.id).unwrap().is_some(), "the photo waits on disk with the ticket");

    server.start_again().await;
    let sent = outbox.flush().await.unwrap();
    let [SendOutcome::Sent { ticket_id, .. }] = sent.as_slice() else { panic!("sent once: {sent:?}") };
    let on_server = app.api.ticket(&portal_api::TicketId(ticket_id.clone())).await.unwrap();
    assert_eq!(on_server.attachments.len(), 1, "the photo went with the ticket");
    assert_eq!(on_server.attachments[0].content_type, "image/jpeg");
    assert!(files.load(&photo.id).unwrap().is_none(), "the sent photo's file is deleted");
    assert!(events.events().iter().any(|event| matches!(event,
        AppEvent::UploadProgress(p) if p.attachment_id == photo.id && p.sent_bytes == p.total_bytes)));
    assert!(outbox.flush().await.unwrap().is_empty(), "nothing is sent twice");
}

#[tokio::test]
async fn an_attachment_that_is_no_longer_there_is_refused_before_anything_is_sent() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = signed_up(&server, data.path(), &test_identifier()).await;
    let outbox = outbox(&app.api, data.path(), Arc::default());
    let gone = uuid::Uuid::new_v4().to_string();
    let err = outbox.create_ticket(ticket("Lights off"), vec![gone]).await.unwrap_err();
    assert_eq!(err.code, app_core::AppErrorCode::NotFound);
    assert!(outbox.pending().unwrap().is_empty());
    assert!(app.api.tickets(&Default::default()).await.unwrap().items.is_empty(), "no ticket without its photo");
}
