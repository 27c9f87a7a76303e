//! What one customer may create per hour, what a customer and a tenant may store, and how many
//! uploads the server takes at once. Refusals are clear, counted on every instance alike, and
//! leave nothing stored.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::helpers::*;
use crate::world::*;

const MIB: usize = 1024 * 1024;

fn stored_files(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
        entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum()
    }
    walk(&app.data_dir.path().join("attachments"))
}

async fn attachment_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM attachments").fetch_one(app.db()).await.unwrap()
}

/// Plain text of `bytes` bytes.
fn text_of(bytes: usize) -> Vec<u8> {
    "Speed test log line.\n".bytes().cycle().take(bytes).collect()
}

#[tokio::test]
async fn a_customer_opening_tickets_too_fast_is_asked_to_wait_on_every_instance() {
    // The world opens one ticket for Alice.
    let world = World::build_with(|config| config.limits.customer_tickets_per_hour = 2).await;
    let (first, second) = (&world.app, world.app.another_instance().await);
    let ticket = |title: &str| json!({"title": title, "description": "The light is red."});
    first.post("/api/portal/tickets", &world.alice.caller, ticket("Second ticket")).await.expect(201);
    let refused = second.post("/api/portal/tickets", &world.alice.caller, ticket("Third ticket")).await;
    assert_eq!(refused.error(429), "rate_limited");
    assert!(refused.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 0));
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("opened 2 tickets in the last hour"));
    // Bob has his own allowance.
    first.post("/api/portal/tickets", &world.bob.caller, ticket("Bob's ticket")).await.expect(201);
}

#[tokio::test]
async fn a_resend_of_a_ticket_already_opened_is_not_counted_again() {
    let world = World::build_with(|config| config.limits.customer_tickets_per_hour = 2).await;
    let app = &world.app;
    let send = || {
        app.request(reqwest::Method::POST, "/api/portal/tickets", &world.alice.caller)
            .header("Idempotency-Key", "outbox-item-1")
            .json(&json!({"title": "Flaky connection", "description": "Drops every hour."}))
            .send()
    };
    let first = Reply::from(send().await.unwrap()).await.expect(201);
    let resent = Reply::from(send().await.unwrap()).await.expect(201);
    assert_eq!(first["id"], resent["id"]);
    let over =
        app.post("/api/portal/tickets", &world.alice.caller, json!({"title": "Another", "description": "x"})).await;
    assert_eq!(over.error(429), "rate_limited");
}

#[tokio::test]
async fn a_customer_commenting_too_fast_is_asked_to_wait() {
    let world = World::build_with(|config| config.limits.customer_comments_per_hour = 2).await;
    let (first, second) = (&world.app, world.app.another_instance().await);
    let path = format!("/api/portal/tickets/{}/comments", world.alice_ticket);
    first.post(&path, &world.alice.caller, json!({"body": "Still slow."})).await.expect(201);
    second.post(&path, &world.alice.caller, json!({"body": "Slower now."})).await.expect(201);
    let refused = first.post(&path, &world.alice.caller, json!({"body": "Hello?"})).await;
    assert_eq!(refused.error(429), "rate_limited");
    assert!(refused.header("retry-after").is_some());
    // Staff replies are not limited by it.
    first
        .post(
            &format!("/api/work-orders/{}/comments", world.alice_ticket),
            &world.support.caller,
            json!({"body": "We are on it.", "visibility": "public"}),
        )
        .await
        .expect(201);
}

#[tokio::test]
async fn a_customer_uploading_too_fast_is_asked_to_wait() {
    let world = World::build_with(|config| config.limits.customer_uploads_per_hour = 1).await;
    let app = &world.app;
    let path = format!("/api/portal/tickets/{}/attachments", world.alice_ticket);
    app.upload(&path, &world.alice.caller, "dish.png", tiny_png()).await.expect(201);
    let (rows, files) = (attachment_rows(app).await, stored_files(app));
    let refused = app.upload(&path, &world.alice.caller, "dish2.png", tiny_png()).await;
    assert_eq!(refused.error(429), "rate_limited");
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("sent 1 files"));
    assert_eq!((attachment_rows(app).await, stored_files(app)), (rows, files));
}

#[tokio::test]
async fn a_customer_whose_files_fill_their_storage_is_told_so_and_nothing_is_kept() {
    let world = World::build_with(|config| config.limits.customer_storage_bytes = MIB as i64).await;
    let app = &world.app;
    let path = format!("/api/portal/tickets/{}/attachments", world.alice_ticket);
    app.upload(&path, &world.alice.caller, "log.txt", text_of(600 * 1024)).await.expect(201);
    let (rows, files) = (attachment_rows(app).await, stored_files(app));

    let refused = app.upload(&path, &world.alice.caller, "log2.txt", text_of(600 * 1024)).await;
    assert_eq!(refused.error(413), "storage_quota_exceeded");
    let message = refused.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("1 MB") && message.contains("Your files"), "{message}");
    assert_eq!((attachment_rows(app).await, stored_files(app)), (rows, files), "nothing of it is kept");

    // What still fits is taken; staff files and other customers' files count elsewhere.
    app.upload(&path, &world.alice.caller, "small.txt", text_of(100 * 1024)).await.expect(201);
    app.upload(
        &format!("/api/work-orders/{}/attachments", world.alice_ticket),
        &world.owner.caller,
        "big.txt",
        text_of(900 * 1024),
    )
    .await
    .expect(201);
    let bob_ticket = app
        .post("/api/portal/tickets", &world.bob.caller, json!({"title": "Slow", "description": "Evenings."}))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.upload(
        &format!("/api/portal/tickets/{bob_ticket}/attachments"),
        &world.bob.caller,
        "log.txt",
        text_of(900 * 1024),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn uploads_at_the_same_moment_never_pass_the_quota_together() {
    let world = World::build_with(|config| config.limits.customer_storage_bytes = MIB as i64).await;
    let app = &world.app;
    let second = app.another_instance().await;
    let path = format!("/api/portal/tickets/{}/attachments", world.alice_ticket);
    let uploads = (0..6).map(|i| {
        let instance = if i % 2 == 0 { app } else { &second };
        instance.upload(&path, &world.alice.caller, "part.txt", text_of(300 * 1024))
    });
    let replies = futures::future::join_all(uploads).await;
    let stored = replies.iter().filter(|r| r.status == 201).count();
    let refused = replies.iter().filter(|r| r.status == 413).count();
    assert_eq!((stored, refused), (3, 3), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    for reply in replies.iter().filter(|r| r.status == 413) {
        assert_eq!(reply.error(413), "storage_quota_exceeded");
    }
}

#[tokio::test]
async fn a_full_tenant_refuses_new_files_with_its_own_code() {
    let world = World::build_with(|config| {
        config.limits.tenant_storage_bytes = MIB as i64;
        config.limits.customer_storage_bytes = MIB as i64;
    })
    .await;
    let app = &world.app;
    let on_ticket = format!("/api/work-orders/{}/attachments", world.alice_ticket);
    app.upload(&on_ticket, &world.owner.caller, "map.txt", text_of(700 * 1024)).await.expect(201);
    let (rows, files) = (attachment_rows(app).await, stored_files(app));

    let refused = app
        .upload(
            &format!("/api/portal/tickets/{}/attachments", world.alice_ticket),
            &world.alice.caller,
            "log.txt",
            text_of(400 * 1024),
        )
        .await;
    assert_eq!(refused.error(413), "tenant_storage_full");
    let message = refused.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("not caused by your account"), "{message}");
    assert_eq!(
        app.upload(&on_ticket, &world.owner.caller, "more.txt", text_of(400 * 1024)).await.error(413),
        "tenant_storage_full"
    );
    assert_eq!((attachment_rows(app).await, stored_files(app)), (rows, files));

    // Another tenant's storage is its own.
    app.upload(
        &format!("/api/portal/tickets/{}/attachments", world.carol_ticket),
        &world.carol.caller,
        "log.txt",
        text_of(400 * 1024),
    )
    .await
    .expect(201);
}

/// An upload that stalls halfway, sent by hand: the headers and the start of the file, then
/// nothing until the connection is dropped.
async fn stalled_upload(app: &TestApp, path: &str, caller: &Caller) -> tokio::net::TcpStream {
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let start = "--stall\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.txt\"\r\n\
                 Content-Type: text/plain\r\n\r\nThe first words of a long log.\n";
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nX-Tenant-Id: {}\r\n\
         Content-Type: multipart/form-data; boundary=stall\r\nContent-Length: 500000\r\n\r\n{start}",
        caller.token.as_deref().unwrap(),
        caller.tenant.as_deref().unwrap(),
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

/// Files being received right now: uploads stream into `attachments/.incoming` first.
fn partial_uploads(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir.path().join("attachments").join(".incoming")).map_or(0, |dir| dir.count())
}

/// Polls `check` every 50 ms until it holds or 10 seconds have passed; returns whether it held.
async fn eventually(mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

#[tokio::test]
async fn uploads_past_the_concurrent_limit_are_asked_to_retry_and_a_dropped_one_leaves_nothing() {
    let world = World::build_with(|config| config.limits.max_concurrent_uploads = 1).await;
    let app = &world.app;
    let path = format!("/api/portal/tickets/{}/attachments", world.alice_ticket);
    let (rows, files) = (attachment_rows(app).await, stored_files(app));

    let stalled = stalled_upload(app, &path, &world.alice.caller).await;
    assert!(eventually(|| partial_uploads(app) == 1).await, "the stalled upload is being received");
    let busy = app.upload(&path, &world.alice.caller, "dish.png", tiny_png()).await;
    assert_eq!(busy.error(503), "uploads_busy");
    assert!(busy.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 0));

    // The client gives up: its partial file is removed and its slot is free again.
    drop(stalled);
    assert!(eventually(|| partial_uploads(app) == 0).await, "the partial upload is removed");
    assert_eq!((attachment_rows(app).await, stored_files(app)), (rows, files));
    let deadline = Instant::now() + Duration::from_secs(10);
    let stored = loop {
        let reply = app.upload(&path, &world.alice.caller, "dish.png", tiny_png()).await;
        if reply.status == 201 || Instant::now() >= deadline {
            break reply;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    stored.expect(201);
}
