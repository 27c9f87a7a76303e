//! Several server instances on one database behave as one for everything kept in the database:
//! sign-up rate limits and lockouts, work-order numbers and change-feed cursors.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::*;
use crate::world::*;

#[tokio::test]
async fn rate_limits_and_lockouts_count_across_instances() {
    let world = World::build().await;
    let first = &world.app;
    let second = first.another_instance().await;
    let wrong_phone =
        |i: u32| json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": format!("+1 555 010 08{i:02}")});
    // Five failures, spread over both instances, lock Dave's phone sign-up on both.
    for i in 0..5 {
        let instance = if i % 2 == 0 { first } else { &second };
        let reply = instance.post("/api/portal/signup/verify", &Caller::anonymous(), wrong_phone(i)).await;
        assert_eq!(reply.error(400), "verification_failed");
    }
    let right_phone = json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "+1 555 010 0004"});
    for instance in [first, &second] {
        let reply = instance.post("/api/portal/signup/verify", &Caller::anonymous(), right_phone.clone()).await;
        assert_eq!(reply.error(400), "verification_failed", "locked on every instance");
    }

    let limited = TestApp::spawn_with(|config| config.limits.signup_attempts_per_source = 2).await;
    limited.insert_tenant(TENANT_A, "Ridgeline Wireless").await;
    let other = limited.another_instance().await;
    let attempt = json!({"tenantId": TENANT_A, "customerNumber": "RW-1", "phone": "+1 555 010 0001"});
    assert_eq!(
        limited.post("/api/portal/signup/verify", &Caller::anonymous(), attempt.clone()).await.error(400),
        "verification_failed"
    );
    assert_eq!(
        other.post("/api/portal/signup/verify", &Caller::anonymous(), attempt.clone()).await.error(400),
        "verification_failed"
    );
    assert_eq!(
        limited.post("/api/portal/signup/verify", &Caller::anonymous(), attempt).await.error(429),
        "rate_limited"
    );
}

#[tokio::test]
async fn numbers_and_cursors_are_shared_by_all_instances() {
    let world = World::build().await;
    let first = &world.app;
    let second = first.another_instance().await;
    let body = |i: usize| json!({"title": format!("Job {i}"), "kind": "maintenance"});
    let (a, b) = tokio::join!(
        futures::future::join_all((0..6).map(|i| first.post("/api/work-orders", &world.owner.caller, body(i)))),
        futures::future::join_all((6..12).map(|i| second.post("/api/work-orders", &world.owner.caller, body(i)))),
    );
    let mut numbers: Vec<i64> = a.iter().chain(&b).map(|r| r.expect(201)["number"].as_i64().unwrap()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 12, "no number was handed out twice");

    // A reply written through one instance is in the feed read through the other.
    let cursor = first.get("/api/portal/changes", &world.alice.caller).await.expect(200)["cursor"].as_i64().unwrap();
    first
        .post(
            &format!("/api/work-orders/{}/comments", world.alice_ticket),
            &world.owner.caller,
            json!({"body": "Technician booked for Tuesday.", "visibility": "public"}),
        )
        .await
        .expect(201);
    let feed = second.get(&format!("/api/portal/changes?since={cursor}"), &world.alice.caller).await;
    // The cursor came from the first instance; the second has not cached this customer's head
    // and finds the reply in the database.
    assert_eq!(feed.expect(200)["events"][0]["kind"], "commented");
}

/// The README promises that a change made through one instance reaches apps polling another
/// within 2 seconds, also when that instance already answered "nothing new" from memory.
#[tokio::test]
async fn a_reply_through_one_instance_reaches_a_poller_of_another_within_two_seconds() {
    let world = World::build().await;
    let writer = &world.app;
    let reader = writer.another_instance().await;
    let alice = &world.alice.caller;
    let cursor = reader.get("/api/portal/changes", alice).await.expect(200)["cursor"].as_i64().unwrap();
    // The reader now holds Alice's head in memory.
    reader.get(&format!("/api/portal/changes?since={cursor}"), alice).await.expect(304);

    writer
        .post(
            &format!("/api/work-orders/{}/comments", world.alice_ticket),
            &world.support.caller,
            json!({"body": "A technician is on the way.", "visibility": "public"}),
        )
        .await
        .expect(201);
    let deadline = Instant::now() + Duration::from_secs(2);
    let feed = loop {
        let reply = reader.get(&format!("/api/portal/changes?since={cursor}"), alice).await;
        if reply.status != 304 || Instant::now() >= deadline {
            break reply;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let body = feed.expect(200);
    assert_eq!(body["events"][0]["kind"], "commented");
    assert!(body["cursor"].as_i64().unwrap() > cursor);
}
