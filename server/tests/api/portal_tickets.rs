//! A customer's tickets: create, list, read, comment; only their own, only public content.
//! Customers call through `portal-client`, as the app does; staff through the staff API.

use bytes::Bytes;
use portal_api::{
    AuthorKind, CreateComment, CreatePortalTicket, Diagnostics, ErrorCode, IdempotencyKey, ReopenTicket, ResolveTicket,
    WorkOrderKind, WorkOrderStatus,
};
use portal_client::{ChangePoll, TicketQuery};
use serde_json::json;

use crate::helpers::*;
use crate::world::*;

fn new_ticket(title: &str, description: &str) -> CreatePortalTicket {
    CreatePortalTicket { title: title.into(), description: description.into(), kind: None, diagnostics: None }
}

fn comment(body: &str) -> CreateComment {
    CreateComment { body: body.into() }
}

#[tokio::test]
async fn a_customer_ticket_lands_in_the_staff_queue_with_their_contact_details() {
    let world = World::build().await;
    let app = &world.app;
    let bob = app.portal(&world.bob.user, TENANT_A);
    let created = bob
        .create_ticket(
            &CreatePortalTicket {
                kind: Some(WorkOrderKind::Repair),
                diagnostics: Some(Diagnostics {
                    app_version: "1.0.0".into(),
                    os: "Debian 12".into(),
                    server_reachable: true,
                    server_latency_ms: Some(42),
                    last_sync_at: None,
                }),
                ..new_ticket("Router keeps rebooting", "Every hour or so.")
            },
            &IdempotencyKey::generate(),
        )
        .await
        .unwrap();
    assert_eq!(created.summary.status, WorkOrderStatus::Open);
    assert!(created.timeline[0].summary.contains("opened"));

    let queue = app.get("/api/work-orders?status=open&q=rebooting", &world.technician.caller).await.expect(200);
    let staff_view = &queue["items"][0];
    assert_eq!(staff_view["id"], created.summary.id.as_str());
    assert_eq!(staff_view["customerReported"], true);
    assert_eq!(staff_view["reportedByCustomerId"], world.bob.id.as_str());
    assert_eq!(staff_view["contact"]["name"], "Bob");
    assert_eq!(staff_view["contact"]["phone"], "+15550100002");
    assert_eq!(staff_view["diagnostics"]["serverLatencyMs"], 42);
    assert_eq!(staff_view["kind"], "repair");
}

#[tokio::test]
async fn a_new_ticket_is_checked_field_by_field() {
    let world = World::build().await;
    let alice = world.app.portal(&world.alice.user, TENANT_A);
    let outage = CreatePortalTicket { kind: Some(WorkOrderKind::Outage), ..new_ticket("x", "") };
    let refused = alice.create_ticket(&outage, &IdempotencyKey::generate()).await;
    assert_eq!(invalid_fields(refused), ["title", "description", "kind"]);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM work_orders").fetch_one(world.app.db()).await.unwrap();
    assert_eq!(count, 3, "nothing was written");
}

#[tokio::test]
async fn the_thread_shows_public_replies_and_attachments_only() {
    let world = World::build().await;
    let app = &world.app;
    let ticket = app.portal(&world.alice.user, TENANT_A).ticket(&ticket_id(&world.alice_ticket)).await.unwrap();
    let bodies: Vec<&str> = ticket.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, ["We are looking into it."]);
    let files: Vec<&str> = ticket.attachments.iter().map(|a| a.file_name.as_str()).collect();
    assert_eq!(files, ["speedtest.png"]);

    // The customer's types have no such fields; this checks that the wire has none either.
    let raw = app.get(&format!("/api/portal/tickets/{}", world.alice_ticket), &world.alice.caller).await.expect(200);
    assert!(raw["comments"][0].get("visibility").is_none(), "customers never see a visibility field");
    assert!(raw.get("priority").is_none() && raw.get("assignedTo").is_none(), "staff triage stays with staff");

    // Staff see everything.
    let staff = app.get(&format!("/api/work-orders/{}", world.alice_ticket), &world.owner.caller).await.expect(200);
    assert_eq!(staff["comments"].as_array().unwrap().len(), 2);
    assert_eq!(staff["attachments"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn tickets_are_listed_newest_first_in_pages_and_filtered_by_status() {
    let world = World::build().await;
    let app = &world.app;
    let alice = app.portal(&world.alice.user, TENANT_A);
    for i in 0..5 {
        alice
            .create_ticket(&new_ticket(&format!("Issue number {i}"), "Details."), &IdempotencyKey::generate())
            .await
            .unwrap();
    }
    let mut titles = Vec::new();
    let mut query = TicketQuery { limit: Some(3), ..TicketQuery::default() };
    loop {
        let page = alice.tickets(&query).await.unwrap();
        titles.extend(page.items.into_iter().map(|t| t.title));
        match page.next_cursor {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    // Her 5 new tickets (newest first), the outage, then her first ticket.
    assert_eq!(titles[..5], ["Issue number 4", "Issue number 3", "Issue number 2", "Issue number 1", "Issue number 0"]);
    assert_eq!(titles[5..], ["Tower 3 backhaul down", "Slow in the evening"]);

    let resolved = alice
        .tickets(&TicketQuery { statuses: vec![WorkOrderStatus::Resolved], ..TicketQuery::default() })
        .await
        .unwrap();
    assert!(resolved.items.is_empty());
    // A status no client type can name, as another client might send it.
    let bad = app.get("/api/portal/tickets?status=finished", &world.alice.caller).await;
    assert_eq!(bad.error(422), "validation_failed");

    // The seed's compatibility route answers the same.
    let compat = app
        .get(&format!("/api/work-orders/customer/{}?limit=100", world.alice.id), &world.alice.caller)
        .await
        .expect(200);
    let direct = alice.tickets(&TicketQuery { limit: Some(100), ..TicketQuery::default() }).await.unwrap();
    let compat_ids: Vec<&str> = compat["items"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    let direct_ids: Vec<&str> = direct.items.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(compat_ids, direct_ids);
}

#[tokio::test]
async fn an_open_outage_shows_on_the_status_page_of_affected_customers_only() {
    let world = World::build().await;
    let app = &world.app;
    let alice = app.portal(&world.alice.user, TENANT_A);
    let bob = app.portal(&world.bob.user, TENANT_A);
    let status = alice.status().await.unwrap();
    assert_eq!(status.open_outages[0].title, "Tower 3 backhaul down");
    let carol = app.portal(&world.carol.user, TENANT_B).status().await.unwrap();
    assert!(carol.open_outages.is_empty());
    let dave_view =
        app.get(&format!("/api/work-orders?customer={}", world.dave_id), &world.owner.caller).await.expect(200);
    assert_eq!(dave_view["items"], json!([]));

    let resolved = world.set_status(&world.outage, "resolved").await;
    assert!(resolved["resolvedAt"].is_string());
    assert!(bob.status().await.unwrap().open_outages.is_empty());
    let ticket = bob.ticket(&ticket_id(&world.outage)).await.unwrap();
    assert!(ticket.summary.is_outage);
    assert_eq!(ticket.timeline.last().unwrap().summary, "Status changed to Resolved");
}

#[tokio::test]
async fn a_closed_ticket_takes_no_more_comments() {
    let world = World::build().await;
    let alice = world.app.portal(&world.alice.user, TENANT_A);
    world.set_status(&world.alice_ticket, "closed").await;
    let active = alice.tickets(&TicketQuery { active_only: true, ..TicketQuery::default() }).await.unwrap();
    let titles: Vec<&str> = active.items.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Tower 3 backhaul down"], "a closed ticket is not active");
    let reply =
        alice.add_comment(&ticket_id(&world.alice_ticket), &comment("Hello?"), &IdempotencyKey::generate()).await;
    assert_eq!(error_code(reply), ErrorCode::TicketClosed);
}

#[tokio::test]
async fn a_suspended_portal_account_is_refused() {
    let world = World::build().await;
    let app = &world.app;
    let bob = app.portal(&world.bob.user, TENANT_A);
    bob.me().await.unwrap();
    world.update_customer(&world.bob.id, &world.owner.caller, json!({"accountStatus": "suspended"})).await.expect(200);
    assert_eq!(error_code(bob.me().await), ErrorCode::AccountDisabled);
    // The client always names its tenant; another client might not.
    assert_eq!(
        app.get("/api/portal/me", &Caller { token: world.alice.caller.token.clone(), tenant: None }).await.error(400),
        "missing_tenant"
    );
}

#[tokio::test]
async fn a_customer_marks_a_ticket_fixed_and_reopens_it_within_the_window() {
    let world = World::build().await;
    let app = &world.app;
    let alice = app.portal(&world.alice.user, TENANT_A);
    let ticket = &ticket_id(&world.alice_ticket);
    let resolved = alice
        .resolve_ticket(ticket, &ResolveTicket { note: Some("Fast again after the reboot".into()) })
        .await
        .unwrap();
    assert_eq!(resolved.summary.status, WorkOrderStatus::Resolved);
    assert_eq!(resolved.comments.last().unwrap().body, "Marked as fixed: Fast again after the reboot");
    // The screen can say until when it may be reopened: the default 14 days after resolving.
    let resolved_at = resolved.resolved_at.expect("resolved");
    assert_eq!(resolved.reopen_until, Some(resolved_at + chrono::Duration::days(14)));
    assert_eq!(error_code(alice.resolve_ticket(ticket, &ResolveTicket::default()).await), ErrorCode::AlreadyResolved);

    // Staff see who did it.
    let staff = app.get(&format!("/api/work-orders/{ticket}"), &world.owner.caller).await.expect(200);
    let last = staff["comments"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["authorKind"].as_str(), last["authorName"].as_str()), (Some("customer"), Some("Alice")));

    assert_eq!(
        error_code(alice.reopen_ticket(ticket, &ReopenTicket { reason: "".into() }).await),
        ErrorCode::ValidationFailed
    );
    let reopened = alice.reopen_ticket(ticket, &ReopenTicket { reason: "Slow again tonight".into() }).await.unwrap();
    assert_eq!(reopened.summary.status, WorkOrderStatus::Open);
    assert!(reopened.resolved_at.is_none());
    assert!(reopened.reopen_until.is_none(), "an open ticket has nothing to reopen");
    assert_eq!(reopened.comments.last().unwrap().author_kind, AuthorKind::Customer);

    // Resolved 15 days ago: past the default 14-day window.
    alice.resolve_ticket(ticket, &ResolveTicket::default()).await.unwrap();
    let long_ago = chrono::Utc::now().timestamp_millis() - 15 * 24 * 3600 * 1000;
    sqlx::query("UPDATE work_orders SET resolved_at = $1 WHERE id = $2")
        .bind(long_ago)
        .bind(ticket.as_str())
        .execute(app.db())
        .await
        .unwrap();
    let late = alice.reopen_ticket(ticket, &ReopenTicket { reason: "It broke again".into() }).await;
    assert_eq!(error_code(late), ErrorCode::ReopenWindowPassed);

    // An outage is not the customer's to close.
    let bob = app.portal(&world.bob.user, TENANT_A);
    assert_eq!(
        error_code(bob.resolve_ticket(&ticket_id(&world.outage), &ResolveTicket::default()).await),
        ErrorCode::NotReporter
    );
}

#[tokio::test]
async fn customers_on_the_same_ticket_never_see_each_others_words_or_files() {
    let world = World::build().await;
    let app = &world.app;
    let alice = app.portal(&world.alice.user, TENANT_A);
    let bob = app.portal(&world.bob.user, TENANT_A);
    let ticket = &ticket_id(&world.alice_ticket);
    alice.add_comment(ticket, &comment("My neighbour's too, I think"), &IdempotencyKey::generate()).await.unwrap();
    let alice_file = alice
        .upload_attachment(ticket, "my-router.png", Bytes::from(tiny_png()), std::sync::Arc::new(|_, _| {}))
        .await
        .unwrap();
    let bob_cursor = match bob.changes(None, None).await.unwrap() {
        ChangePoll::Changes { changes, .. } => changes.cursor,
        other => panic!("a first poll answers the cursor, got {other:?}"),
    };

    // Staff attach Bob to Alice's ticket; Bob now sees it, with staff's replies only.
    app.post(&format!("/api/work-orders/{ticket}/customers"), &world.owner.caller, json!({"add": [world.bob.id]}))
        .await
        .expect(200);
    let bob_view = bob.ticket(ticket).await.unwrap();
    let bodies: Vec<&str> = bob_view.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, ["We are looking into it."]);
    let files: Vec<&str> = bob_view.attachments.iter().map(|a| a.file_name.as_str()).collect();
    assert_eq!(files, ["speedtest.png"]);
    assert_eq!(alice.download_attachment(&alice_file.id).await.unwrap().bytes, tiny_png());
    assert_eq!(error_code(bob.download_attachment(&alice_file.id).await), ErrorCode::NotFound);

    // Bob may not write on a ticket he did not open, and Alice's later words are not his news.
    let reply = bob.add_comment(ticket, &comment("Me too"), &IdempotencyKey::generate()).await;
    assert_eq!(error_code(reply), ErrorCode::NotReporter);
    let bob_now = match bob.changes(Some(bob_cursor), None).await.unwrap() {
        ChangePoll::Changes { changes, .. } => changes.cursor,
        other => panic!("being added to a ticket is news, got {other:?}"),
    };
    alice.add_comment(ticket, &comment("Any news?"), &IdempotencyKey::generate()).await.unwrap();
    let quiet = bob.changes(Some(bob_now), None).await.unwrap();
    assert!(matches!(quiet, ChangePoll::NotModified { .. }), "{quiet:?}");
}
