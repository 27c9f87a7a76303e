//! Polling `/api/portal/changes`: `304` when nothing changed for this customer, the events when
//! something did, never internal ones, and no database work on the quiet path.

use serde_json::{json, Value};

use crate::helpers::*;
use crate::world::*;

async fn poll(app: &TestApp, caller: &Caller, since: i64) -> Reply {
    app.get(&format!("/api/portal/changes?since={since}"), caller).await
}

async fn start_cursor(app: &TestApp, caller: &Caller) -> i64 {
    let body = app.get("/api/portal/changes", caller).await.expect(200);
    assert_eq!(body["events"], json!([]), "a first poll announces no old news");
    body["cursor"].as_i64().unwrap()
}

fn kinds(body: &Value) -> Vec<String> {
    body["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_staff_reply_is_announced_once_and_internal_notes_never() {
    let world = World::build().await;
    let app = &world.app;
    let alice = &world.alice.caller;
    let cursor = start_cursor(app, alice).await;

    let quiet = poll(app, alice, cursor).await;
    quiet.expect(304);
    assert_eq!(quiet.header("etag"), Some(format!("\"{cursor}\"").as_str()));
    assert_eq!(quiet.header("x-poll-interval"), Some("60"));

    let ticket = format!("/api/work-orders/{}", world.alice_ticket);
    app.post(
        &format!("{ticket}/comments"),
        &world.technician.caller,
        json!({"body": "note", "visibility": "internal"}),
    )
    .await
    .expect(201);
    poll(app, alice, cursor).await.expect(304);

    app.post(
        &format!("{ticket}/comments"),
        &world.technician.caller,
        json!({"body": "On my way.", "visibility": "public"}),
    )
    .await
    .expect(201);
    let changed = poll(app, alice, cursor).await;
    let body = changed.expect(200);
    assert_eq!(kinds(&body), ["commented"]);
    assert_eq!(body["events"][0]["ticketId"], world.alice_ticket.as_str());
    assert!(body["events"][0]["summary"].as_str().unwrap().starts_with("New reply from"));
    let next = body["cursor"].as_i64().unwrap();
    assert!(next > cursor);
    assert_eq!(changed.header("etag"), Some(format!("\"{next}\"").as_str()));

    // Once seen, it is not announced again.
    poll(app, alice, next).await.expect(304);
    let with_etag = app
        .request(reqwest::Method::GET, "/api/portal/changes", alice)
        .header("If-None-Match", format!("\"{next}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(with_etag.status(), 304);
}

#[tokio::test]
async fn status_changes_reach_every_customer_on_the_work_order_and_nobody_else() {
    let world = World::build().await;
    let app = &world.app;
    let alice_start = start_cursor(app, &world.alice.caller).await;
    let bob_start = start_cursor(app, &world.bob.caller).await;
    let carol_start = start_cursor(app, &world.carol.caller).await;

    world.set_status(&world.outage, "in_progress").await;

    for (caller, since) in [(&world.alice.caller, alice_start), (&world.bob.caller, bob_start)] {
        let body = poll(app, caller, since).await.expect(200);
        assert_eq!(kinds(&body), ["status_changed"]);
        assert_eq!(body["events"][0]["status"], "in_progress");
        assert_eq!(body["events"][0]["summary"], "Status changed to In progress");
    }
    poll(app, &world.carol.caller, carol_start).await.expect(304);

    // Alice's own ticket changing is not Bob's news.
    let bob_now = start_cursor(app, &world.bob.caller).await;
    app.post(
        &format!("/api/work-orders/{}/comments", world.alice_ticket),
        &world.owner.caller,
        json!({"body": "Fixed?", "visibility": "public"}),
    )
    .await
    .expect(201);
    poll(app, &world.bob.caller, bob_now).await.expect(304);
}

#[tokio::test]
async fn a_quiet_poll_needs_no_database() {
    let world = World::build().await;
    let app = &world.app;
    let cursor = start_cursor(app, &world.alice.caller).await;
    poll(app, &world.alice.caller, cursor).await.expect(304);
    // With the database gone, a poll that finds nothing new still answers from memory.
    app.db().close().await;
    poll(app, &world.alice.caller, cursor).await.expect(304);
    // Anything that needs the database says so instead of failing silently.
    let reply = app.get("/api/portal/tickets", &world.alice.caller).await;
    assert_eq!(reply.error(500), "internal");
    assert!(
        !reply.text.to_lowercase().contains("pool") && !reply.text.contains("sqlx"),
        "no internals in errors: {}",
        reply.text
    );
}

#[tokio::test]
async fn a_long_backlog_comes_in_pages() {
    let world = World::build().await;
    let app = &world.app;
    let mut cursor = start_cursor(app, &world.alice.caller).await;
    for i in 0..105 {
        app.post(
            &format!("/api/work-orders/{}/comments", world.alice_ticket),
            &world.support.caller,
            json!({"body": format!("Update {i}"), "visibility": "public"}),
        )
        .await
        .expect(201);
    }
    let first = poll(app, &world.alice.caller, cursor).await.expect(200);
    assert_eq!(first["events"].as_array().unwrap().len(), 100);
    assert_eq!(first["hasMore"], true);
    cursor = first["cursor"].as_i64().unwrap();
    let second = poll(app, &world.alice.caller, cursor).await.expect(200);
    assert_eq!(second["events"].as_array().unwrap().len(), 5);
    assert_eq!(second["hasMore"], false);
    let cursors: Vec<i64> = first["events"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["events"].as_array().unwrap())
        .map(|e| e["cursor"].as_i64().unwrap())
        .collect();
    assert!(cursors.windows(2).all(|w| w[0] < w[1]), "events arrive in order, each once");
    poll(app, &world.alice.caller, second["cursor"].as_i64().unwrap()).await.expect(304);
}
