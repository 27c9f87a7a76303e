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
    app.patch(
        &format!("/api/customers/{}", world.alice.id),
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
