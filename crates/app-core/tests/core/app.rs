//! The app as a subscriber uses it: `PortalApp`, the core behind every command of the window,
//! against the real server, the Firebase Auth emulator and the real keychain.

use std::sync::Arc;
use std::time::Duration;

use app_core::secret::Keychain;
use app_core::ui_types::{
    AddCommentRequest, AttachmentKind, ListTicketsRequest, PrepareAttachmentBytesRequest, SendOutcome, SignInRequest,
    TicketDraft,
};
use app_core::{AppErrorCode, AppEvent, PortalApp};
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;
use crate::photos;

const INTERNAL_NOTE: &str = "INTERNAL: check their billing before we send anyone";

/// The one account folder under the data folder: its name is the Firebase uid.
fn account_uids(data: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(data.join("accounts")) else { return Vec::new() };
    let mut uids: Vec<String> = entries.map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
    uids.sort();
    uids
}

#[tokio::test]
async fn a_subscriber_signs_up_sends_a_photo_hears_the_reply_once_and_signs_out_leaving_nothing_to_the_next() {
    let mut server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let identifier = test_identifier();
    let events = Arc::new(Recorder::default());
    let app = PortalApp::new(server.app_config(data.path(), &identifier), events.clone()).unwrap();
    assert!(!app.start().await.signed_in, "nobody is signed in on a fresh install");
    assert_eq!(app.get_profile().await.unwrap_err().code, AppErrorCode::SignedOut);

    // Sign up with an access code, sign out, sign in again.
    let email = sign_up_with_access_code(&server, &app, "RW-3001", "+1 555 010 5151").await;
    app.sign_out().await.unwrap();
    let state = app.sign_in(SignInRequest { email: email.clone(), password: password() }).await.unwrap();
    assert_eq!((state.signed_in, state.email.as_deref()), (true, Some(email.as_str())));
    let [uid]: [String; 1] = account_uids(data.path()).try_into().expect("one account folder");
    assert!(Keychain::new(&identifier).load(&uid).unwrap().is_some(), "the refresh token is in the keychain");
    // The watcher's first poll: from here on, changes are news.
    events.wait_for_event("the watcher online", |e| matches!(e, AppEvent::ConnectionChanged(c) if c.online)).await;

    // A ticket with a photo that carries a GPS position.
    let original = photos::jpeg_with_gps(1200, 900);
    let photo = app
        .prepare_attachment_bytes(PrepareAttachmentBytesRequest { name: "IMG_2041.jpg".into(), bytes: original })
        .await
        .unwrap();
    assert_eq!(photo.kind, AttachmentKind::Photo);
    assert!(photo.preview_data_url.as_deref().is_some_and(|url| url.starts_with("data:image/jpeg;base64,")));
    let draft = TicketDraft {
        title: "Router lights amber".into(),
        description: "Since this morning the router shows an amber light.".into(),
        attachment_ids: vec![photo.id.clone()],
        include_diagnostics: true,
        ..Default::default()
    };
    app.save_draft(draft.clone()).await.unwrap();
    assert_eq!(app.get_draft().await.unwrap(), Some(draft.clone()));
    let outcome = app.create_ticket(draft).await.unwrap();
    let SendOutcome::Sent { ticket_id, ticket_number: Some(_) } = outcome else { panic!("sent: {outcome:?}") };
    assert!(events.events().iter().any(|e| matches!(e,
        AppEvent::UploadProgress(p) if p.attachment_id == photo.id && p.sent_bytes == p.total_bytes)));

    let ticket = app.get_ticket(ticket_id.clone()).await.unwrap();
    assert!(!ticket.from_cache);
    let [attachment] = ticket.data.attachments.as_slice() else { panic!("one photo: {:?}", ticket.data.attachments) };
    let stored = server.staff_download(attachment.id.as_str()).await;
    assert!(stored.starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert_eq!(photos::gps_latitude(&stored), None, "the server received no GPS position");
    let work_order = server.staff(Method::GET, &format!("/api/work-orders/{ticket_id}"), None, 200).await;
    let diagnostics = &work_order["diagnostics"];
    assert_eq!(diagnostics["appVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(diagnostics["serverReachable"], true);
    let listed = app.list_tickets(ListTicketsRequest::default()).await.unwrap();
    assert_eq!(listed.data.items.iter().map(|t| t.id.to_string()).collect::<Vec<_>>(), vec![ticket_id.clone()]);

    // Staff reply, and write an internal note.
    let comments = format!("/api/work-orders/{ticket_id}/comments");
    let reply = json!({"body": "A technician is on the way.", "visibility": "public"});
    server.staff(Method::POST, &comments, Some(reply), 201).await;
    server.staff(Method::POST, &comments, Some(json!({"body": INTERNAL_NOTE, "visibility": "internal"})), 201).await;

    events.wait_for_notifications(1).await;
    events
        .wait_for_event(
            "tickets-changed",
            |e| matches!(e, AppEvent::TicketsChanged(t) if t.ticket_ids == [ticket_id.clone()]),
        )
        .await;
    // Several polls later (the test server asks for one a second), still announced only once.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let notifications = events.notifications();
    assert_eq!(notifications.len(), 1, "{notifications:?}");
    assert!(notifications[0].title.ends_with(": Router lights amber"), "{:?}", notifications[0]);
    assert!(notifications[0].body.starts_with("New reply from"), "{:?}", notifications[0]);

    // The subscriber answers; their own reply is not announced back to them.
    let answer = AddCommentRequest { ticket_id: ticket_id.clone(), body: "Thanks!".into(), attachment_ids: vec![] };
    assert!(matches!(app.add_comment(answer).await.unwrap(), SendOutcome::Sent { .. }));
    let ticket = app.get_ticket(ticket_id.clone()).await.unwrap();
    let bodies: Vec<&str> = ticket.data.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, ["A technician is on the way.", "Thanks!"]);

    // The internal note is nowhere the subscriber could see it.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(events.notifications().len(), 1);
    let seen =
        format!("{} {:?} {:?}", serde_json::to_string(&ticket).unwrap(), events.events(), events.notifications());
    assert!(!seen.contains("INTERNAL"), "the internal note leaked: {seen}");

    // Sign-out: the keychain entry is gone and nothing is announced any more.
    app.sign_out().await.unwrap();
    assert!(Keychain::new(&identifier).load(&uid).unwrap().is_none(), "sign-out deletes the keychain entry");
    assert!(!app.session_state().await.signed_in);
    for err in [app.get_profile().await.unwrap_err(), app.get_draft().await.unwrap_err()] {
        assert_eq!(err.code, AppErrorCode::SignedOut);
    }
    let heard = (events.events().len(), events.notifications().len());
    let later = json!({"body": "Are you still there?", "visibility": "public"});
    server.staff(Method::POST, &comments, Some(later), 201).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!((events.events().len(), events.notifications().len()), heard, "the watcher stopped at sign-out");

    // A second subscriber on the same computer.
    let second_email = sign_up_with_access_code(&server, &app, "RW-3002", "+1 555 010 5252").await;
    assert_eq!(account_uids(data.path()).len(), 2, "each subscriber has a folder of their own");
    assert!(app.list_tickets(ListTicketsRequest::default()).await.unwrap().data.items.is_empty());
    assert_eq!(app.get_ticket(ticket_id.clone()).await.unwrap_err().code, AppErrorCode::NotFound);
    assert_eq!(app.get_draft().await.unwrap(), None, "the first subscriber's draft is theirs");
    drop(app);

    // Restarted while the server is down: the second subscriber is restored and sees only
    // their own offline copies.
    server.stop().await;
    let restarted = PortalApp::new(server.app_config(data.path(), &identifier), Arc::new(Recorder::default())).unwrap();
    let state = restarted.start().await;
    assert_eq!((state.signed_in, state.email.as_deref()), (true, Some(second_email.as_str())));
    let offline = restarted.list_tickets(ListTicketsRequest::default()).await.unwrap();
    assert!(offline.from_cache && offline.data.items.is_empty(), "{offline:?}");
    assert_eq!(restarted.get_ticket(ticket_id).await.unwrap_err().code, AppErrorCode::Offline);
    assert!(restarted.pending_items().await.unwrap().is_empty());
    let diagnostics = restarted.diagnostics_preview().await;
    assert!(!diagnostics.server_reachable && diagnostics.server_latency_ms.is_none(), "{diagnostics:?}");
}

#[tokio::test]
async fn a_login_that_is_no_subscriber_of_this_provider_is_refused_and_nothing_is_kept() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let identifier = test_identifier();
    let app = PortalApp::new(server.app_config(data.path(), &identifier), Arc::new(Recorder::default())).unwrap();
    app.start().await;
    // A real sign-in service account, linked to no customer of this tenant (another WISP's
    // subscriber looks the same to this tenant's server).
    let stranger = EmulatorUser::create("stranger").await;

    let err = app.sign_in(SignInRequest { email: stranger.email.clone(), password: password() }).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Forbidden);
    assert!(err.message.contains("has no Ridgeline Wireless account yet"), "{}", err.message);
    assert!(!app.session_state().await.signed_in, "the refused login stayed signed in");
    assert!(Keychain::new(&identifier).load(&stranger.uid).unwrap().is_none(), "the refused login is in the keychain");
    assert!(account_uids(data.path()).is_empty(), "the refused login got an account folder");
}
