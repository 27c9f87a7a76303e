//! A customer's tickets: create, list, read, comment; only their own, only public content.

use serde_json::json;

use crate::helpers::*;
use crate::world::*;

#[tokio::test]
async fn a_customer_ticket_lands_in_the_staff_queue_with_their_contact_details() {
    let world = World::build().await;
    let app = &world.app;
    let created = app
        .post(
            "/api/portal/tickets",
            &world.bob.caller,
            json!({"title": "Router keeps rebooting", "description": "Every hour or so.", "kind": "repair",
                   "diagnostics": {"appVersion": "1.0.0", "os": "Debian 12", "serverReachable": true, "serverLatencyMs": 42, "lastSyncAt": null}}),
        )
        .await
        .expect(201);
    assert_eq!(created["status"], "open");
    assert!(created["timeline"][0]["summary"].as_str().unwrap().contains("opened"));

    let queue = app.get("/api/work-orders?status=open&q=rebooting", &world.technician.caller).await.expect(200);
    let staff_view = &queue["items"][0];
    assert_eq!(staff_view["id"], created["id"]);
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
    let reply = world
        .app
        .post("/api/portal/tickets", &world.alice.caller, json!({"title": "x", "description": "", "kind": "outage"}))
        .await;
    assert_eq!(reply.invalid_fields(), ["title", "description", "kind"]);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM work_orders").fetch_one(world.app.db()).await.unwrap();
    assert_eq!(count, 3, "nothing was written");
}

#[tokio::test]
async fn the_thread_shows_public_replies_and_attachments_only() {
    let world = World::build().await;
    let app = &world.app;
    let ticket = app.get(&format!("/api/portal/tickets/{}", world.alice_ticket), &world.alice.caller).await.expect(200);
    let bodies: Vec<&str> =
        ticket["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["We are looking into it."]);
    assert!(ticket["comments"][0].get("visibility").is_none(), "customers never see a visibility field");
    assert!(ticket.get("priority").is_none() && ticket.get("assignedTo").is_none(), "staff triage stays with staff");
    let files: Vec<&str> =
        ticket["attachments"].as_array().unwrap().iter().map(|a| a["fileName"].as_str().unwrap()).collect();
    assert_eq!(files, ["speedtest.png"]);

    // Staff see everything.
    let staff = app.get(&format!("/api/work-orders/{}", world.alice_ticket), &world.owner.caller).await.expect(200);
    assert_eq!(staff["comments"].as_array().unwrap().len(), 2);
    assert_eq!(staff["attachments"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn tickets_are_listed_newest_first_in_pages_and_filtered_by_status() {
    let world = World::build().await;
    let app = &world.app;
    for i in 0..5 {
        app.post(
            "/api/portal/tickets",
            &world.alice.caller,
            json!({"title": format!("Issue number {i}"), "description": "Details."}),
        )
        .await
        .expect(201);
    }
    let mut titles = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/portal/tickets?limit=3&cursor={c}"),
            None => "/api/portal/tickets?limit=3".to_string(),
        };
        let page = app.get(&path, &world.alice.caller).await.expect(200);
        titles.extend(page["items"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_string()));
        match page["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    // Her 5 new tickets (newest first), the outage, then her first ticket.
    assert_eq!(titles[..5], ["Issue number 4", "Issue number 3", "Issue number 2", "Issue number 1", "Issue number 0"]);
    assert_eq!(titles[5..], ["Tower 3 backhaul down", "Slow in the evening"]);

    let resolved = app.get("/api/portal/tickets?status=resolved", &world.alice.caller).await.expect(200);
    assert_eq!(resolved["items"], json!([]));
    let bad = app.get("/api/portal/tickets?status=finished", &world.alice.caller).await;
    assert_eq!(bad.error(422), "validation_failed");

    // The seed's compatibility route answers the same.
    let compat = app
        .get(&format!("/api/work-orders/customer/{}?limit=100", world.alice.id), &world.alice.caller)
        .await
        .expect(200);
    let direct = app.get("/api/portal/tickets?limit=100", &world.alice.caller).await.expect(200);
    assert_eq!(compat, direct);
}

#[tokio::test]
async fn an_open_outage_shows_on_the_status_page_of_affected_customers_only() {
    let world = World::build().await;
    let app = &world.app;
    let status = app.get("/api/portal/status", &world.alice.caller).await.expect(200);
    assert_eq!(status["openOutages"][0]["title"], "Tower 3 backhaul down");
    let carol = app.get("/api/portal/status", &world.carol.caller).await.expect(200);
    assert_eq!(carol["openOutages"], json!([]));
    let dave_view =
        app.get(&format!("/api/work-orders?customer={}", world.dave_id), &world.owner.caller).await.expect(200);
    assert_eq!(dave_view["items"], json!([]));

    let resolved = world.set_status(&world.outage, "resolved").await;
    assert!(resolved["resolvedAt"].is_string());
    let status = app.get("/api/portal/status", &world.bob.caller).await.expect(200);
    assert_eq!(status["openOutages"], json!([]));
    let ticket = app.get(&format!("/api/portal/tickets/{}", world.outage), &world.bob.caller).await.expect(200);
    assert_eq!(ticket["isOutage"], true);
    assert_eq!(ticket["timeline"].as_array().unwrap().last().unwrap()["summary"], "Status changed to Resolved");
}

#[tokio::test]
async fn a_closed_ticket_takes_no_more_comments() {
    let world = World::build().await;
    let app = &world.app;
    world.set_status(&world.alice_ticket, "closed").await;
    let active = app.get("/api/portal/tickets?active=true", &world.alice.caller).await.expect(200);
    let titles: Vec<&str> = active["items"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Tower 3 backhaul down"], "a closed ticket is not active");
    let reply = app
        .post(
            &format!("/api/portal/tickets/{}/comments", world.alice_ticket),
            &world.alice.caller,
            json!({"body": "Hello?"}),
        )
        .await;
    assert_eq!(reply.error(409), "ticket_closed");
}

#[tokio::test]
async fn a_suspended_portal_account_is_refused() {
    let world = World::build().await;
    let app = &world.app;
    app.get("/api/portal/me", &world.bob.caller).await.expect(200);
    world.update_customer(&world.bob.id, &world.owner.caller, json!({"accountStatus": "suspended"})).await.expect(200);
    assert_eq!(app.get("/api/portal/me", &world.bob.caller).await.error(403), "account_disabled");
    assert_eq!(
        app.get("/api/portal/me", &Caller { token: world.alice.caller.token.clone(), tenant: None }).await.error(400),
        "missing_tenant"
    );
}

#[tokio::test]
async fn a_customer_marks_a_ticket_fixed_and_reopens_it_within_the_window() {
    let world = World::build().await;
    let app = &world.app;
    let ticket = format!("/api/portal/tickets/{}", world.alice_ticket);
    let resolved = app
        .post(&format!("{ticket}/resolve"), &world.alice.caller, json!({"note": "Fast again after the reboot"}))
        .await
        .expect(200);
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(
        resolved["comments"].as_array().unwrap().last().unwrap()["body"],
        "Marked as fixed: Fast again after the reboot"
    );
    assert_eq!(
        app.post(&format!("{ticket}/resolve"), &world.alice.caller, json!({})).await.error(409),
        "already_resolved"
    );

    // Staff see who did it.
    let staff = app.get(&format!("/api/work-orders/{}", world.alice_ticket), &world.owner.caller).await.expect(200);
    let last = staff["comments"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["authorKind"].as_str(), last["authorName"].as_str()), (Some("customer"), Some("Alice")));

    assert_eq!(
        app.post(&format!("{ticket}/reopen"), &world.alice.caller, json!({"reason": ""})).await.error(422),
        "validation_failed"
    );
    let reopened = app
        .post(&format!("{ticket}/reopen"), &world.alice.caller, json!({"reason": "Slow again tonight"}))
        .await
        .expect(200);
    assert_eq!(reopened["status"], "open");
    assert!(reopened["resolvedAt"].is_null());

    // Resolved 15 days ago: past the default 14-day window.
    app.post(&format!("{ticket}/resolve"), &world.alice.caller, json!({})).await.expect(200);
    let long_ago = chrono::Utc::now().timestamp_millis() - 15 * 24 * 3600 * 1000;
    sqlx::query("UPDATE work_orders SET resolved_at = $1 WHERE id = $2")
        .bind(long_ago)
        .bind(&world.alice_ticket)
        .execute(app.db())
        .await
        .unwrap();
    let late = app.post(&format!("{ticket}/reopen"), &world.alice.caller, json!({"reason": "It broke again"})).await;
    assert_eq!(late.error(409), "reopen_window_passed");

    // An outage is not the customer's to close.
    let outage = app.post(&format!("/api/portal/tickets/{}/resolve", world.outage), &world.bob.caller, json!({})).await;
    assert_eq!(outage.error(403), "not_reporter");
}

#[tokio::test]
async fn customers_on_the_same_ticket_never_see_each_others_words_or_files() {
    let world = World::build().await;
    let app = &world.app;
    let ticket = format!("/api/portal/tickets/{}", world.alice_ticket);
    app.post(&format!("{ticket}/comments"), &world.alice.caller, json!({"body": "My neighbour's too, I think"}))
        .await
        .expect(201);
    app.upload(&format!("{ticket}/attachments"), &world.alice.caller, "my-router.png", tiny_png()).await.expect(201);
    let bob_cursor = app.get("/api/portal/changes", &world.bob.caller).await.expect(200)["cursor"].as_i64().unwrap();

    // Staff attach Bob to Alice's ticket; Bob now sees it, with staff's replies only.
    app.post(
        &format!("/api/work-orders/{}/customers", world.alice_ticket),
        &world.owner.caller,
        json!({"add": [world.bob.id]}),
    )
    .await
    .expect(200);
    let bob_view = app.get(&ticket, &world.bob.caller).await.expect(200);
    let bodies: Vec<&str> =
        bob_view["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["We are looking into it."]);
    let files: Vec<&str> =
        bob_view["attachments"].as_array().unwrap().iter().map(|a| a["fileName"].as_str().unwrap()).collect();
    assert_eq!(files, ["speedtest.png"]);
    let alice_file =
        app.get(&ticket, &world.alice.caller).await.expect(200)["attachments"][1]["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.get(&format!("/api/portal/attachments/{alice_file}"), &world.bob.caller).await.error(404),
        "not_found"
    );

    // Bob may not write on a ticket he did not open, and Alice's later words are not his news.
    let reply = app.post(&format!("{ticket}/comments"), &world.bob.caller, json!({"body": "Me too"})).await;
    assert_eq!(reply.error(403), "not_reporter");
    let after_add = app.get(&format!("/api/portal/changes?since={bob_cursor}"), &world.bob.caller).await.expect(200);
    let bob_now = after_add["cursor"].as_i64().unwrap();
    app.post(&format!("{ticket}/comments"), &world.alice.caller, json!({"body": "Any news?"})).await.expect(201);
    let quiet = app.get(&format!("/api/portal/changes?since={bob_now}"), &world.bob.caller).await;
    assert_eq!(quiet.status, 304);
}
