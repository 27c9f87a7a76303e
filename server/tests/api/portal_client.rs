//! `portal-client` against the real server and the Firebase Auth emulator: the token refresh on
//! `401`, the server's error codes as typed errors and subscriber sentences, the change feed's
//! `304`, and uploads with progress.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use portal_api::{CreateComment, CreatePortalTicket, ErrorCode, IdempotencyKey, WorkOrderKind};
use portal_client::{ChangePoll, ClientError};
use serde_json::json;

use crate::helpers::*;
use crate::world::*;

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_call_goes_through() {
    let world = World::build().await;
    let user = &world.alice.user;
    let session = TestSession::starting_with(user, &expired_token(&user.uid));
    let alice = world.app.portal_client(TENANT_A).with_tokens(session.clone());
    let me = alice.me().await.unwrap();
    assert_eq!(me.customer_number, "RW-1001");
    assert_eq!(session.refreshes(), 1);
    // The fresh token is kept: the next call needs no refresh.
    alice.status().await.unwrap();
    assert_eq!(session.refreshes(), 1);
}

#[tokio::test]
async fn a_token_refused_again_after_the_refresh_is_an_error_not_a_loop() {
    let world = World::build().await;
    let uid = &world.alice.user.uid;
    let session = TestSession::fixed(&expired_token(uid), &expired_token(uid));
    let alice = world.app.portal_client(TENANT_A).with_tokens(session.clone());
    let error = alice.me().await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::Unauthenticated));
    assert!(error.needs_sign_in());
    assert_eq!(session.refreshes(), 1, "one refresh, one retry, then the error");
    assert_eq!(error.user_message("Ridgeline Wireless"), "Your session has ended. Please sign in again.");
}

#[tokio::test]
async fn a_deleted_account_cannot_refresh_and_is_signed_out() {
    let world = World::build().await;
    let user = new_user("leaving").await;
    delete_user(&user).await;
    let session = TestSession::starting_with(&user, &expired_token(&user.uid));
    let error = world.app.portal_client(TENANT_A).with_tokens(session.clone()).me().await.unwrap_err();
    assert!(matches!(error, ClientError::SignedOut), "{error:?}");
    assert_eq!(session.refreshes(), 1);
}

#[tokio::test]
async fn the_servers_refusals_arrive_as_codes_and_plain_sentences() {
    let world = World::build().await;
    let app = &world.app;
    let alice = app.portal(&world.alice.user, TENANT_A);

    let carols = alice.ticket(&ticket_id(&world.carol_ticket)).await.unwrap_err();
    assert_eq!(carols.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert_eq!(carols.code(), Some(ErrorCode::NotFound));

    let wrong_app = app.portal(&world.alice.user, TENANT_B).me().await.unwrap_err();
    assert_eq!(wrong_app.code(), Some(ErrorCode::WrongTenant));
    assert_eq!(
        wrong_app.user_message("Prairie Sky Net"),
        "This sign-in belongs to another provider's app, not Prairie Sky Net's."
    );

    let blank = CreatePortalTicket { title: "x".into(), description: "".into(), kind: None, diagnostics: None };
    let invalid = alice.create_ticket(&blank, &IdempotencyKey::generate()).await.unwrap_err();
    assert_eq!(invalid.code(), Some(ErrorCode::ValidationFailed));
    assert_eq!(
        invalid.user_message("Ridgeline Wireless"),
        "Please check what you entered. Title: Use at least 3 characters. Description: This field is required."
    );
    assert!(!invalid.is_transient(), "the outbox must not resend a refused ticket");

    world.set_status(&world.alice_ticket, "closed").await;
    let closed = alice
        .add_comment(
            &ticket_id(&world.alice_ticket),
            &CreateComment { body: "Hello?".into() },
            &IdempotencyKey::generate(),
        )
        .await
        .unwrap_err();
    assert_eq!(closed.code(), Some(ErrorCode::TicketClosed));
    assert_eq!(
        closed.user_message("Ridgeline Wireless"),
        "This ticket is closed. Open a new ticket if you still need help."
    );

    // An unlinked Firebase account is not a customer yet.
    let stranger = app.portal(&new_user("stranger").await, TENANT_A).me().await.unwrap_err();
    assert_eq!(stranger.code(), Some(ErrorCode::NotACustomer));
}

#[tokio::test]
async fn the_change_feed_is_not_modified_until_staff_reply() {
    let world = World::build().await;
    let app = &world.app;
    let alice = app.portal(&world.alice.user, TENANT_A);
    let (cursor, etag) = match alice.changes(None, None).await.unwrap() {
        ChangePoll::Changes { changes, etag, .. } => {
            assert!(changes.events.is_empty(), "a first poll announces no old news");
            (changes.cursor, etag)
        }
        other => panic!("a first poll answers the cursor, got {other:?}"),
    };
    let quiet = alice.changes(Some(cursor), etag.as_deref()).await.unwrap();
    assert!(matches!(quiet, ChangePoll::NotModified { .. }), "{quiet:?}");
    assert_eq!(quiet.poll_interval(), Some(Duration::from_secs(60)));

    app.post(
        &format!("/api/work-orders/{}/comments", world.alice_ticket),
        &world.technician.caller,
        json!({"body": "On my way.", "visibility": "public"}),
    )
    .await
    .expect(201);
    match alice.changes(Some(cursor), quiet.etag()).await.unwrap() {
        ChangePoll::Changes { changes, poll_interval, .. } => {
            assert_eq!(changes.events.len(), 1);
            assert_eq!(changes.events[0].ticket_id, ticket_id(&world.alice_ticket));
            assert!(changes.cursor > cursor);
            assert_eq!(poll_interval, Some(Duration::from_secs(60)));
        }
        other => panic!("the reply is news, got {other:?}"),
    }
}

#[tokio::test]
async fn an_upload_reports_progress_and_downloads_back_the_same_bytes() {
    let world = World::build().await;
    let alice = world.app.portal(&world.alice.user, TENANT_A);
    let ticket = alice
        .create_ticket(
            &CreatePortalTicket {
                title: "Speed test log".into(),
                description: "Attached.".into(),
                kind: Some(WorkOrderKind::Repair),
                diagnostics: None,
            },
            &IdempotencyKey::generate(),
        )
        .await
        .unwrap();
    let log: String = (0..6000).map(|i| format!("{i:05} down 48.2 up 9.7\n")).collect();
    let reports = Arc::new(Mutex::new(Vec::new()));
    let progress = reports.clone();
    let stored = alice
        .upload_attachment(
            &ticket.summary.id,
            "speedtest.txt",
            Bytes::from(log.clone()),
            Arc::new(move |sent, total| progress.lock().unwrap().push((sent, total))),
        )
        .await
        .unwrap();
    assert_eq!(stored.content_type, "text/plain");
    assert_eq!(stored.size_bytes as usize, log.len());
    let reports = reports.lock().unwrap().clone();
    assert!(reports.len() > 1, "progress in steps: {reports:?}");
    assert!(reports.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(reports.last(), Some(&(log.len() as u64, log.len() as u64)));

    let download = alice.download_attachment(&stored.id).await.unwrap();
    assert_eq!(download.bytes, log.as_bytes());
    assert_eq!(download.content_type.as_deref(), Some("text/plain"));
    let bob = world.app.portal(&world.bob.user, TENANT_A);
    assert_eq!(bob.download_attachment(&stored.id).await.unwrap_err().code(), Some(ErrorCode::NotFound));

    let refused = alice
        .upload_attachment(
            &ticket.summary.id,
            "tool.exe",
            Bytes::from_static(b"MZ\x90\0\x03\0\0\0"),
            Arc::new(|_, _| {}),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ErrorCode::UnsupportedMediaType));
    assert_eq!(
        refused.user_message("Ridgeline Wireless"),
        "That kind of file can't be attached. Send a photo, a PDF or a plain-text file."
    );
}

#[tokio::test]
async fn branding_and_health_need_no_sign_in() {
    let world = World::build().await;
    let public = world.app.portal_client(TENANT_A);
    let branding = public.branding().await.unwrap();
    assert_eq!(branding.branding.company.name, "Ridgeline Wireless");
    assert_eq!(public.health().await.unwrap().status, "ok");
    assert!(matches!(public.me().await.unwrap_err(), ClientError::SignedOut));
    let unknown = world.app.portal_client("no-such-wisp").branding().await.unwrap_err();
    assert_eq!(unknown.code(), Some(ErrorCode::NotFound));
}
