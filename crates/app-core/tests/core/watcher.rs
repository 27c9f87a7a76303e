//! The watcher announces a staff reply once and only once, also across a restart.

use app_core::watcher::Watcher;
use portal_api::{CreatePortalTicket, EventKind, IdempotencyKey};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_staff_reply_is_announced_once_and_not_again_after_a_restart() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = signed_up(&server, data.path(), &test_identifier()).await;
    let position = data.path().join("watcher.json");
    let ticket = app
        .api
        .create_ticket(
            &CreatePortalTicket {
                title: "Slow in the evening".into(),
                description: "Speeds drop after 7pm.".into(),
                kind: None,
                diagnostics: None,
            },
            &IdempotencyKey::generate(),
        )
        .await
        .unwrap();
    let ticket_id = ticket.summary.id.to_string();

    let watcher = Watcher::new(app.api.clone(), position.clone());
    let first = watcher.poll_once().await.unwrap();
    assert!(first.notices.is_empty(), "a fresh install announces nothing old: {:?}", first.notices);

    server
        .staff(
            reqwest::Method::POST,
            &format!("/api/work-orders/{ticket_id}/comments"),
            Some(json!({"body": "A technician is on the way.", "visibility": "public"})),
            201,
        )
        .await;
    server
        .staff(
            reqwest::Method::POST,
            &format!("/api/work-orders/{ticket_id}/comments"),
            Some(json!({"body": "INTERNAL: check the billing first", "visibility": "internal"})),
            201,
        )
        .await;

    let found = watcher.poll_once().await.unwrap();
    assert_eq!(found.notices.len(), 1, "{:?}", found.notices);
    let notice = &found.notices[0];
    assert_eq!((notice.ticket_id.as_str(), notice.kind), (ticket_id.as_str(), EventKind::Commented));
    assert_eq!(notice.ticket_number, ticket.summary.number);
    assert!(!notice.summary.contains("INTERNAL"));
    assert_eq!(found.changed_tickets, vec![ticket_id.clone()]);
    assert!(watcher.poll_once().await.unwrap().notices.is_empty(), "announced only once");

    // The app restarts: the persisted cursor keeps the reply from being announced again.
    drop(watcher);
    let restarted = Watcher::new(app.api.clone(), position);
    assert!(restarted.poll_once().await.unwrap().notices.is_empty(), "not announced again after a restart");
}
