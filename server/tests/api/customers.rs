//! Customer records as staff keep them.

use serde_json::json;

use crate::world::*;

#[tokio::test]
async fn a_customer_is_checked_field_by_field_and_numbers_are_unique_per_tenant() {
    let world = World::build().await;
    let app = &world.app;
    let mut body = customer_body("RW-2001", "", "call me maybe");
    body["email"] = json!("not-an-address");
    body["plan"]["monthlyPriceCents"] = json!(-1);
    let reply = app.post("/api/customers", &world.owner.caller, body).await;
    assert_eq!(reply.invalid_fields(), ["name", "email", "phone", "plan.monthlyPriceCents"]);

    let taken = app
        .post("/api/customers", &world.owner.caller, customer_body("RW-1001", "Another Alice", "+1 555 010 0111"))
        .await;
    assert_eq!(taken.error(409), "customer_number_taken");
    // The same number is free in another tenant.
    app.post("/api/customers", &world.other_owner.caller, customer_body("RW-1001", "Prairie Alice", "+1 555 010 0112"))
        .await
        .expect(201);
}

#[tokio::test]
async fn staff_find_customers_by_name_number_email_or_phone_in_their_own_tenant_only() {
    let world = World::build().await;
    let app = &world.app;
    let names = |body: serde_json::Value| -> Vec<String> {
        body["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(app.get("/api/customers?q=ali", &world.owner.caller).await.expect(200)), ["Alice"]);
    assert_eq!(names(app.get("/api/customers?q=rw-1002", &world.owner.caller).await.expect(200)), ["Bob"]);
    assert_eq!(names(app.get("/api/customers?q=5550100004", &world.owner.caller).await.expect(200)), ["Dave Example"]);
    assert_eq!(names(app.get("/api/customers", &world.other_owner.caller).await.expect(200)), ["Carol"]);
    let page = app.get("/api/customers?limit=2", &world.owner.caller).await.expect(200);
    assert_eq!(names(page.clone()), ["Alice", "Bob"]);
    let next = app
        .get(&format!("/api/customers?limit=2&cursor={}", page["nextCursor"].as_str().unwrap()), &world.owner.caller)
        .await
        .expect(200);
    assert_eq!(names(next), ["Dave Example"]);
}

#[tokio::test]
async fn service_details_reach_the_customer_in_plain_words() {
    let world = World::build().await;
    let app = &world.app;
    app.post(
        &format!("/api/customers/{}/equipment", world.alice.id),
        &world.owner.caller,
        json!({"kind": "radio", "make": "Cambium", "model": "ePMP Force 300", "signalDbm": -80.0}),
    )
    .await
    .expect(201);
    world
        .update_customer(
            &world.alice.id,
            &world.support.caller,
            json!({"plan": {"name": "Premium 100/20", "downMbps": 100.0, "upMbps": 20.0, "monthlyPriceCents": 8999}}),
        )
        .await
        .expect(200);
    let me = app.get("/api/portal/me", &world.alice.caller).await.expect(200);
    assert_eq!(me["plan"]["name"], "Premium 100/20");
    let quality: Vec<&str> =
        me["equipment"].as_array().unwrap().iter().map(|e| e["signalQuality"].as_str().unwrap()).collect();
    assert_eq!(quality, ["fair", "poor"]);
    assert_eq!(me["serviceHistory"][0]["summary"], "Installed on the barn roof");
    let bad = app
        .post(
            &format!("/api/customers/{}/equipment", world.alice.id),
            &world.owner.caller,
            json!({"kind": "radio", "make": "X", "model": "Y", "signalDbm": 12.0}),
        )
        .await;
    assert_eq!(bad.error(422), "validation_failed");
}

#[tokio::test]
async fn deleting_a_customer_ends_their_portal_access() {
    let world = World::build().await;
    let app = &world.app;
    app.get("/api/portal/me", &world.bob.caller).await.expect(200);
    app.request(reqwest::Method::DELETE, &format!("/api/customers/{}", world.bob.id), &world.admin.caller)
        .send()
        .await
        .unwrap();
    assert_eq!(app.get("/api/portal/me", &world.bob.caller).await.error(403), "not_a_customer");
}

#[tokio::test]
async fn a_customer_update_based_on_a_stale_version_is_refused() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/customers/{}", world.alice.id);
    let seen = app.get(&path, &world.owner.caller).await.expect(200);
    let version = seen["version"].as_i64().expect("a customer has a version");

    // The admin saves first; the owner's edit, based on what they saw before, must not win silently.
    let saved = app.patch(&path, &world.admin.caller, json!({"version": version, "name": "Alice Admin-Edit"})).await;
    assert_eq!(saved.expect(200)["version"], version + 1);
    let stale = app.patch(&path, &world.owner.caller, json!({"version": version, "name": "Alice Owner-Edit"})).await;
    assert_eq!(stale.error(409), "version_conflict");
    assert_eq!(app.get(&path, &world.owner.caller).await.expect(200)["name"], "Alice Admin-Edit");

    // Issuing portal access changes the record too (it turns portal access on).
    let dave = format!("/api/customers/{}", world.dave_id);
    let before = app.get(&dave, &world.owner.caller).await.expect(200)["version"].clone();
    app.post(&format!("{dave}/portal-access"), &world.owner.caller, json!({})).await.expect(201);
    let reply = app.patch(&dave, &world.owner.caller, json!({"version": before, "portalEnabled": false})).await;
    assert_eq!(reply.error(409), "version_conflict");
    // An update without a version is refused rather than applied blindly.
    assert_eq!(app.patch(&dave, &world.owner.caller, json!({"name": "No Version"})).await.error(400), "invalid_body");
}

#[tokio::test]
async fn concurrent_creates_of_one_customer_number_make_one_customer_and_conflicts() {
    let world = World::build().await;
    let app = &world.app;
    let attempts = (0..8).map(|i| {
        app.post(
            "/api/customers",
            &world.owner.caller,
            customer_body("RW-5000", &format!("Twin {i}"), "+1 555 010 0500"),
        )
    });
    let replies = futures::future::join_all(attempts).await;
    let mut statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409], "answers: {replies:?}");
    for reply in replies.iter().filter(|r| r.status.as_u16() == 409) {
        assert_eq!(reply.error(409), "customer_number_taken");
    }
    let found = app.get("/api/customers?q=rw-5000", &world.owner.caller).await.expect(200);
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_staff_customer_list_refuses_cursors_it_did_not_hand_out() {
    let world = World::build().await;
    let app = &world.app;
    for cursor in ["-1", "-9223372036854775808", "abc", "99999999999999999999"] {
        let reply = app.get(&format!("/api/customers?cursor={cursor}"), &world.owner.caller).await;
        assert_eq!(reply.error(400), "invalid_cursor", "cursor {cursor}");
    }
    for path in ["/api/work-orders?cursor=-1", "/api/work-orders?cursor=nonsense"] {
        assert_eq!(app.get(path, &world.owner.caller).await.error(400), "invalid_cursor", "{path}");
    }
    assert_eq!(app.get("/api/portal/tickets?cursor=-1", &world.alice.caller).await.error(400), "invalid_cursor");
}
