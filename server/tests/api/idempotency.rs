//! Idempotency keys: the app's outbox resends a ticket or comment after a lost answer, and the
//! server creates it exactly once and answers the original result.

use portal_api::{CreateComment, CreatePortalTicket, ErrorCode, IdempotencyKey, WorkOrderStatus};
use serde_json::json;

use crate::helpers::*;
use crate::world::*;

fn ticket(title: &str) -> CreatePortalTicket {
    CreatePortalTicket {
        title: title.into(),
        description: "The light on the radio blinks red.".into(),
        kind: None,
        diagnostics: None,
    }
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar(sql).bind(bind).fetch_one(app.db()).await.unwrap()
}

#[tokio::test]
async fn a_resent_ticket_is_created_once_and_answers_the_first_result() {
    let world = World::build().await;
    let alice = world.app.portal(&world.alice.user, TENANT_A);
    let key = IdempotencyKey::generate();
    let first = alice.create_ticket(&ticket("Radio blinks red"), &key).await.unwrap();
    let resent = alice.create_ticket(&ticket("Radio blinks red"), &key).await.unwrap();
    assert_eq!(resent.summary.id, first.summary.id);
    assert_eq!(resent.summary.number, first.summary.number);
    assert_eq!(count(&world.app, "SELECT COUNT(*) FROM work_orders WHERE title = $1", "Radio blinks red").await, 1);

    // It is listed once too.
    let mine = alice.tickets(&Default::default()).await.unwrap();
    assert_eq!(mine.items.iter().filter(|t| t.title == "Radio blinks red").count(), 1);
}

#[tokio::test]
async fn a_key_used_again_for_a_different_request_is_refused() {
    let world = World::build().await;
    let alice = world.app.portal(&world.alice.user, TENANT_A);
    let key = IdempotencyKey::generate();
    let first = alice.create_ticket(&ticket("Radio blinks red"), &key).await.unwrap();

    let other_ticket = alice.create_ticket(&ticket("Router is hot"), &key).await;
    assert_eq!(error_code(other_ticket), ErrorCode::IdempotencyKeyReused);
    assert_eq!(count(&world.app, "SELECT COUNT(*) FROM work_orders WHERE title = $1", "Router is hot").await, 0);

    // Nor can the key of a ticket add a comment.
    let comment = alice.add_comment(&first.summary.id, &CreateComment { body: "Still red.".into() }, &key).await;
    assert_eq!(error_code(comment), ErrorCode::IdempotencyKeyReused);
    assert_eq!(count(&world.app, "SELECT COUNT(*) FROM comments WHERE body = $1", "Still red.").await, 0);
}

#[tokio::test]
async fn another_customers_same_key_is_their_own() {
    let world = World::build().await;
    let key = IdempotencyKey::generate();
    let alices = world.app.portal(&world.alice.user, TENANT_A).create_ticket(&ticket("No signal"), &key).await.unwrap();
    let bobs = world.app.portal(&world.bob.user, TENANT_A).create_ticket(&ticket("No signal"), &key).await.unwrap();
    let carols = world.app.portal(&world.carol.user, TENANT_B).create_ticket(&ticket("No signal"), &key).await.unwrap();
    assert_ne!(alices.summary.id, bobs.summary.id);
    assert_ne!(alices.summary.id, carols.summary.id);
    assert_eq!(count(&world.app, "SELECT COUNT(*) FROM work_orders WHERE title = $1", "No signal").await, 3);
}

#[tokio::test]
async fn a_resent_comment_is_added_once_even_after_the_ticket_was_closed() {
    let world = World::build().await;
    let alice = world.app.portal(&world.alice.user, TENANT_A);
    let key = IdempotencyKey::generate();
    let reply = CreateComment { body: "It happens around 8pm.".into() };
    let first = alice.add_comment(&ticket_id(&world.alice_ticket), &reply, &key).await.unwrap();
    let resent = alice.add_comment(&ticket_id(&world.alice_ticket), &reply, &key).await.unwrap();
    assert_eq!(resent.id, first.id);
    assert_eq!(resent.body, "It happens around 8pm.");

    // Staff close the ticket before the outbox hears back: the resend still gets its answer.
    world.set_status(&world.alice_ticket, "closed").await;
    let late = alice.add_comment(&ticket_id(&world.alice_ticket), &reply, &key).await.unwrap();
    assert_eq!(late.id, first.id);
    let new_words = alice.add_comment(&ticket_id(&world.alice_ticket), &reply, &IdempotencyKey::generate()).await;
    assert_eq!(error_code(new_words), ErrorCode::TicketClosed);

    let thread = alice.ticket(&ticket_id(&world.alice_ticket)).await.unwrap();
    assert_eq!(thread.summary.status, WorkOrderStatus::Closed);
    assert_eq!(thread.comments.iter().filter(|c| c.body == "It happens around 8pm.").count(), 1);
}

#[tokio::test]
async fn the_same_request_sent_twice_at_once_creates_one_ticket() {
    let world = World::build().await;
    let alice = world.app.portal(&world.alice.user, TENANT_A);
    let key = IdempotencyKey::generate();
    let input = ticket("Both at once");
    let (one, two) = tokio::join!(alice.create_ticket(&input, &key), alice.create_ticket(&input, &key));
    assert_eq!(one.unwrap().summary.id, two.unwrap().summary.id);
    assert_eq!(count(&world.app, "SELECT COUNT(*) FROM work_orders WHERE title = $1", "Both at once").await, 1);
}

#[tokio::test]
async fn a_malformed_key_is_refused_before_anything_is_written() {
    let world = World::build().await;
    let app = &world.app;
    let reply = Reply::from(
        app.request(reqwest::Method::POST, "/api/portal/tickets", &world.alice.caller)
            .header("Idempotency-Key", "two words")
            .json(&json!({"title": "Spaces in keys", "description": "Details."}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(reply.invalid_fields(), ["Idempotency-Key"]);
    assert_eq!(count(app, "SELECT COUNT(*) FROM work_orders WHERE title = $1", "Spaces in keys").await, 0);
}
