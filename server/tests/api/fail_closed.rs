//! A value the server does not recognise is an error, never a default that could pass a check;
//! services that change a work order keep to the tenant they are given, whoever calls them.

use portal_api::AuthorKind;
use serde_json::json;
use wisp_server::error::ApiError;
use wisp_server::work_orders::{self, Actor};

use crate::helpers::*;
use crate::world::*;

/// The generic answer to a stored value the server cannot read: nothing about the value leaks.
#[track_caller]
fn assert_internal_error(reply: &Reply, value: &str) {
    assert_eq!(reply.error(500), "internal", "answer: {}", reply.text);
    assert!(!reply.text.contains(value), "the stored value leaked: {}", reply.text);
}

#[tokio::test]
async fn an_unknown_account_status_locks_the_customer_out_loudly() {
    let world = World::build().await;
    let app = &world.app;
    app.get("/api/portal/me", &world.alice.caller).await.expect(200);
    app.execute_unchecked(
        "customers",
        &format!("UPDATE customers SET account_status = 'frozen' WHERE id = '{}'", world.alice.id),
    )
    .await;
    app.state.forget_linked_customer(&world.alice.user.uid).await;
    // Before, an unknown status read as `pending`, which may use the portal.
    for path in ["/api/portal/me", "/api/portal/tickets", "/api/portal/status"] {
        assert_internal_error(&app.get(path, &world.alice.caller).await, "frozen");
    }
    // Staff reading the record get the same loud error, not a guess.
    let staff_view = app.get(&format!("/api/customers/{}", world.alice.id), &world.owner.caller).await;
    assert_internal_error(&staff_view, "frozen");
    // Bob's record is fine and so is his access.
    app.get("/api/portal/me", &world.bob.caller).await.expect(200);
}

#[tokio::test]
async fn an_unknown_staff_role_is_an_error_not_a_missing_membership() {
    let world = World::build().await;
    let app = &world.app;
    app.execute_unchecked(
        "staff_members",
        &format!("UPDATE staff_members SET role = 'superuser' WHERE id = '{}'", world.admin.id),
    )
    .await;
    assert_internal_error(&app.get("/api/customers", &world.admin.caller).await, "superuser");
    assert_internal_error(&app.get("/api/staff/me", &world.admin.caller).await, "superuser");
    app.get("/api/customers", &world.owner.caller).await.expect(200);
}

#[tokio::test]
async fn unknown_service_and_work_order_statuses_are_errors() {
    let world = World::build().await;
    let app = &world.app;
    app.execute_unchecked(
        "customers",
        &format!("UPDATE customers SET service_status = 'paused' WHERE id = '{}'", world.bob.id),
    )
    .await;
    // Before, an unknown service status read as `active`.
    assert_internal_error(&app.get("/api/portal/status", &world.bob.caller).await, "paused");

    app.execute_unchecked(
        "work_orders",
        &format!("UPDATE work_orders SET status = 'escalated' WHERE id = '{}'", world.alice_ticket),
    )
    .await;
    // Before, an unknown work order status read as `open`.
    let staff_view = app.get(&format!("/api/work-orders/{}", world.alice_ticket), &world.owner.caller).await;
    assert_internal_error(&staff_view, "escalated");
    assert_internal_error(&app.get("/api/work-orders", &world.owner.caller).await, "escalated");
    assert_internal_error(&app.get("/api/portal/tickets", &world.alice.caller).await, "escalated");
}

#[tokio::test]
async fn tenant_settings_that_cannot_be_read_are_an_error_not_the_defaults() {
    let world = World::build().await;
    let app = &world.app;
    let create = || app.post("/api/customers", &world.owner.caller, customer_body("RW-3001", "Erin", "555 010 3001"));
    for settings in [
        "not json",
        // A field missing: before, the default country code silently stood in.
        r#"{"deepLinkScheme":"ridgeline-portal","accessCodeDays":14,"reopenWindowDays":14}"#,
        // A field this build does not know, perhaps written by a newer one.
        r#"{"defaultCountryCode":"1","deepLinkScheme":"ridgeline-portal","accessCodeDays":14,"reopenWindowDays":14,"reopenWindowHours":2}"#,
    ] {
        sqlx::query("UPDATE tenants SET settings = $1 WHERE id = $2")
            .bind(settings)
            .bind(TENANT_A)
            .execute(app.db())
            .await
            .unwrap();
        assert_internal_error(&create().await, "reopenWindowHours");
        let grant = format!("/api/customers/{}/portal-access", world.dave_id);
        assert_internal_error(&app.post(&grant, &world.owner.caller, json!({})).await, "ridgeline-portal");
    }
    // Sign-up for this tenant fails loudly too, instead of reading phone numbers in a guessed country.
    let verify = app
        .post(
            "/api/portal/signup/verify",
            &Caller::anonymous(),
            json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "555 010 0004"}),
        )
        .await;
    assert_internal_error(&verify, "ridgeline-portal");
    // The other tenant is untouched.
    app.post("/api/customers", &world.other_owner.caller, customer_body("PS-3001", "Finn", "555 010 3002"))
        .await
        .expect(201);
}

#[tokio::test]
async fn stored_branding_that_cannot_be_read_is_an_error_not_the_default_look() {
    let world = World::build().await;
    let app = &world.app;
    sqlx::query("UPDATE tenants SET branding = '{\"colors\": 7}' WHERE id = $1")
        .bind(TENANT_A)
        .execute(app.db())
        .await
        .unwrap();
    assert_internal_error(&app.get(&format!("/api/tenant/{TENANT_A}/branding"), &Caller::anonymous()).await, "colors");
    app.get(&format!("/api/tenant/{TENANT_B}/branding"), &Caller::anonymous()).await.expect(200);
}

fn staff_actor(world: &World) -> Actor {
    Actor { kind: AuthorKind::Staff, id: world.other_owner.id.clone(), name: "Tenant B owner".into() }
}

#[tokio::test]
async fn changing_a_work_orders_customers_keeps_to_the_tenant_given() {
    let world = World::build().await;
    let app = &world.app;
    // Tenant B's context names tenant A's outage: the service itself refuses, whatever its caller checked.
    let outcome = work_orders::change_customers(
        &app.state,
        TENANT_B,
        &world.outage,
        &staff_actor(&world),
        std::slice::from_ref(&world.carol.id),
        std::slice::from_ref(&world.alice.id),
    )
    .await;
    assert!(matches!(outcome, Err(ApiError::NotFound(_))), "{outcome:?}");
    let outage = app.get(&format!("/api/work-orders/{}", world.outage), &world.owner.caller).await.expect(200);
    let listed: Vec<&str> =
        outage["customers"].as_array().unwrap().iter().map(|c| c["customerId"].as_str().unwrap()).collect();
    assert!(listed.contains(&world.alice.id.as_str()), "alice is still affected: {listed:?}");
    assert!(!listed.contains(&world.carol.id.as_str()), "carol was not added: {listed:?}");

    let comment = work_orders::add_comment(
        &app.state,
        TENANT_B,
        &world.alice_ticket,
        &staff_actor(&world),
        "Written from the wrong tenant",
        portal_api::Visibility::Public,
        None,
    )
    .await;
    assert!(matches!(comment, Err(ApiError::NotFound(_))), "{:?}", comment.map(|c| c.id));
    let ticket = app.get(&format!("/api/portal/tickets/{}", world.alice_ticket), &world.alice.caller).await.expect(200);
    assert!(!ticket.to_string().contains("wrong tenant"));
}
