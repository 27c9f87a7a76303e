//! A ticket written while the server is down is kept on disk and sent exactly once when the
//! server is back, also when the app restarted in between.

use app_core::outbox::Outbox;
use app_core::ui_types::{PendingKind, SendOutcome};
use portal_api::CreatePortalTicket;

use crate::helpers::*;

fn ticket(title: &str) -> CreatePortalTicket {
    CreatePortalTicket {
        title: title.into(),
        description: "No internet since the storm.".into(),
        kind: None,
        diagnostics: None,
    }
}

#[tokio::test]
async fn a_ticket_written_during_an_outage_survives_a_restart_and_is_sent_exactly_once() {
    let mut server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = signed_up(&server, data.path(), &test_identifier()).await;
    let outbox_file = data.path().join("outbox.json");
    // The session has a fresh ID token, so the outage is the portal server's alone.
    app.api.me().await.unwrap();

    server.stop().await;
    let outbox = Outbox::new(app.api.clone(), outbox_file.clone(), "Ridgeline Wireless");
    let outcome = outbox.create_ticket(ticket("Dish knocked over by the storm")).await.unwrap();
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
    let outbox = Outbox::new(app.api.clone(), outbox_file, "Ridgeline Wireless");
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
    let outbox = Outbox::new(app.api.clone(), data.path().join("outbox.json"), "Ridgeline Wireless");
    let err = outbox.create_ticket(ticket("")).await.unwrap_err();
    assert_eq!(err.code, app_core::AppErrorCode::Validation);
    assert!(err.fields.iter().any(|f| f.field == "title"), "{err:?}");
    assert!(outbox.pending().unwrap().is_empty());
}
