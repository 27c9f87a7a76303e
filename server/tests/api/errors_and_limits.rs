//! Bad input gets a clear JSON error, never a stack trace or SQL.

use serde_json::json;

use crate::helpers::*;
use crate::world::*;

#[tokio::test]
async fn malformed_and_oversized_bodies_are_explained() {
    let world = World::build().await;
    let app = &world.app;
    let caller = &world.alice.caller;
    let syntax = Reply::from(
        app.request(reqwest::Method::POST, "/api/portal/tickets", caller)
            .header("content-type", "application/json")
            .body("{\"title\": ")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(syntax.error(400), "invalid_json");
    let wrong_shape = app.post("/api/portal/tickets", caller, json!({"title": 42})).await;
    assert_eq!(wrong_shape.error(400), "invalid_body");
    let not_json = Reply::from(
        app.request(reqwest::Method::POST, "/api/portal/tickets", caller).body("title=hi").send().await.unwrap(),
    )
    .await;
    assert_eq!(not_json.error(415), "unsupported_media_type");
    let huge =
        app.post("/api/portal/tickets", caller, json!({"title": "Big", "description": "x".repeat(100 * 1024)})).await;
    assert_eq!(huge.error(413), "payload_too_large");
    let long =
        app.post("/api/portal/tickets", caller, json!({"title": "Long", "description": "x".repeat(10_001)})).await;
    assert_eq!(long.error(422), "validation_failed");
    assert_eq!(long.json()["error"]["fields"][0]["message"], "Use at most 10000 characters.");
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_refused_and_changes_nothing() {
    let world = World::build().await;
    let app = &world.app;
    let caller = &world.alice.caller;
    let created = app.post("/api/portal/tickets", caller, json!({"title": "Router keeps rebooting"})).await.expect(201);
    let path = format!("/api/portal/tickets/{}", created["id"].as_str().unwrap());
    // serde reads a struct from an array of its fields too; the API must not.
    for body in [json!([null]), json!(["fixed now"]), json!(null), json!("fixed")] {
        let reply = app.post(&format!("{path}/resolve"), caller, body.clone()).await;
        assert_eq!(reply.error(400), "invalid_body", "{body}");
    }
    assert_eq!(app.get(&path, caller).await.expect(200)["status"], "new");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_json() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/api/nope", &Caller::anonymous()).await.error(404), "no_route");
    let wrong_method =
        Reply::from(app.request(reqwest::Method::DELETE, "/api/health", &Caller::anonymous()).send().await.unwrap())
            .await;
    assert_eq!(wrong_method.error(405), "method_not_allowed");
}

#[tokio::test]
async fn hostile_input_is_stored_as_text_and_never_leaks_internals() {
    let world = World::build().await;
    let app = &world.app;
    let hostile = "'; DROP TABLE work_orders; -- <script>alert(1)</script>";
    let created = app
        .post("/api/portal/tickets", &world.alice.caller, json!({"title": hostile, "description": hostile}))
        .await
        .expect(201);
    let read = app
        .get(&format!("/api/portal/tickets/{}", created["id"].as_str().unwrap()), &world.alice.caller)
        .await
        .expect(200);
    assert_eq!(read["title"], hostile);
    let search = app.get("/api/work-orders?q=%27%3B%20DROP", &world.owner.caller).await.expect(200);
    assert_eq!(search["items"][0]["title"], hostile);
    let cursor = app.get("/api/portal/tickets?cursor=%27%20OR%201%3D1", &world.alice.caller).await;
    assert_eq!(cursor.error(400), "invalid_cursor");
    assert!(!cursor.text.to_lowercase().contains("select"));
}

#[tokio::test]
async fn health_reports_the_database_engine() {
    let app = TestApp::spawn().await;
    let health = app.get("/api/health", &Caller::anonymous()).await.expect(200);
    let expected = match test_database() {
        TestDatabase::Sqlite => "sqlite",
        TestDatabase::Postgres { .. } => "postgres",
    };
    assert_eq!(health["database"], expected);
    assert_eq!(health["status"], "ok");
    assert!(app.get("/api/health", &Caller::anonymous()).await.header("x-request-id").is_some());
}

/// PostgreSQL text cannot hold NUL, and no field has a use for control characters: they are refused
/// with a field error wherever text comes in (body, query string, path), on every engine alike.
#[tokio::test]
async fn control_characters_are_refused_field_by_field() {
    let world = World::build().await;
    let app = &world.app;
    let alice = &world.alice.caller;

    let faq = app.get("/api/portal/faq?q=router%00", alice).await;
    assert_eq!(faq.invalid_fields(), ["q"]);
    let search = app.get("/api/customers?q=%1b%5b31m", &world.owner.caller).await;
    assert_eq!(search.invalid_fields(), ["q"]);
    let path = app.get("/api/portal/tickets/abc%00", alice).await;
    assert_eq!(path.invalid_fields(), ["id"]);

    let ticket = |title: &str, description: &str| {
        app.post("/api/portal/tickets", alice, json!({"title": title, "description": description}))
    };
    let nul_title = ticket("No\u{0}signal", "Since this morning.").await;
    assert_eq!(nul_title.invalid_fields(), ["title"]);
    assert!(nul_title.json()["error"]["fields"][0]["message"].as_str().unwrap().contains("U+0000"));
    assert_eq!(ticket("No signal", "Since\u{0} this morning.").await.invalid_fields(), ["description"]);
    assert_eq!(ticket("Two\nlines", "A title is one line.").await.invalid_fields(), ["title"]);
    assert_eq!(ticket("Carriage", "Windows line\r\nends").await.invalid_fields(), ["description"]);
    // Multi-line text keeps its line feeds and tabs.
    let kept = ticket("Slow upload", "Line one\n\tindented line two").await.expect(201);
    assert_eq!(kept["description"], "Line one\n\tindented line two");

    // Nested fields are named the way the API names them; every offending field is listed.
    let mut customer = customer_body("RW-4001", "Gale\u{7}", "+1 555 010 4001");
    customer["equipment"][0]["model"] = json!("LiteBeam\u{9b}");
    let reply = app.post("/api/customers", &world.owner.caller, customer).await;
    assert_eq!(reply.invalid_fields(), ["equipment[0].model", "name"]);
    let change = app
        .post(&format!("/api/work-orders/{}/customers", world.outage), &world.owner.caller, json!({"add": ["\u{0}"]}))
        .await;
    assert_eq!(change.invalid_fields(), ["add[0]"]);
}

#[tokio::test]
async fn an_upload_that_is_not_multipart_is_an_unsupported_media_type() {
    let world = World::build().await;
    let reply = world
        .app
        .post(&format!("/api/portal/tickets/{}/attachments", world.alice_ticket), &world.alice.caller, json!({}))
        .await;
    assert_eq!(reply.error(415), "unsupported_media_type");
}
