//! The maintain module's queue as staff use it.

use serde_json::json;

use crate::world::*;

#[tokio::test]
async fn two_people_editing_at_once_cannot_overwrite_each_other() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/work-orders/{}", world.alice_ticket);
    let seen = app.get(&path, &world.owner.caller).await.expect(200)["version"].clone();
    let first = app.patch(&path, &world.owner.caller, json!({"version": seen, "priority": "high"})).await.expect(200);
    assert_eq!(first["version"], seen.as_i64().unwrap() + 1);
    let second = app.patch(&path, &world.technician.caller, json!({"version": seen, "priority": "low"})).await;
    assert_eq!(second.error(409), "version_conflict");
    assert_eq!(app.get(&path, &world.owner.caller).await.expect(200)["priority"], "high");
}

#[tokio::test]
async fn the_queue_filters_by_status_priority_assignee_customer_and_words() {
    let world = World::build().await;
    let app = &world.app;
    let technician = &world.technician.id;
    let created = app
        .post(
            "/api/work-orders",
            &world.owner.caller,
            json!({"title": "Realign dish at the Miller farm", "kind": "repair", "priority": "high",
            "assignedTo": technician, "affectedCustomers": [world.bob.id]}),
        )
        .await
        .expect(201);
    assert_eq!(created["status"], "assigned");
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["items"].as_array().unwrap().iter().map(|w| w["id"].as_str().unwrap().to_string()).collect()
    };
    let id = created["id"].as_str().unwrap().to_string();
    let owner = &world.owner.caller;
    assert_eq!(ids(app.get("/api/work-orders?status=assigned", owner).await.expect(200)), std::slice::from_ref(&id));
    assert_eq!(
        ids(app.get("/api/work-orders?priority=high,urgent&kind=repair", owner).await.expect(200)),
        std::slice::from_ref(&id)
    );
    assert_eq!(
        ids(app.get(&format!("/api/work-orders?assignee={technician}"), owner).await.expect(200)),
        std::slice::from_ref(&id)
    );
    assert_eq!(ids(app.get("/api/work-orders?q=MILLER", owner).await.expect(200)), std::slice::from_ref(&id));
    let bob_tickets = ids(app.get(&format!("/api/work-orders?customer={}", world.bob.id), owner).await.expect(200));
    assert_eq!(bob_tickets, [id.clone(), world.outage.clone()]);
    assert_eq!(app.get("/api/work-orders?assignee=none&status=assigned", owner).await.expect(200)["items"], json!([]));
    assert_eq!(app.get("/api/work-orders?priority=whenever", owner).await.error(422), "validation_failed");

    // Paging walks the whole queue once.
    let mut seen = Vec::new();
    let mut path = "/api/work-orders?limit=1".to_string();
    loop {
        let page = app.get(&path, owner).await.expect(200);
        seen.extend(ids(page.clone()));
        match page["nextCursor"].as_str() {
            Some(cursor) => path = format!("/api/work-orders?limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0], id, "newest first");
}

#[tokio::test]
async fn a_work_order_cannot_name_people_of_another_tenant_and_nothing_is_half_written() {
    let world = World::build().await;
    let app = &world.app;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM work_orders").fetch_one(app.db()).await.unwrap();
    let foreign_customer = app
        .post("/api/work-orders", &world.owner.caller, json!({"title": "Sector 2 outage", "kind": "outage", "affectedCustomers": [world.alice.id, world.carol.id]}))
        .await;
    assert_eq!(foreign_customer.error(422), "validation_failed");
    let foreign_staff = app
        .post(
            "/api/work-orders",
            &world.owner.caller,
            json!({"title": "Sector 2 outage", "kind": "outage", "assignedTo": world.other_owner.id}),
        )
        .await;
    assert_eq!(foreign_staff.error(422), "validation_failed");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM work_orders").fetch_one(app.db()).await.unwrap();
    assert_eq!(before, after);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM work_order_customers WHERE customer_id = $1")
        .bind(&world.carol.id)
        .fetch_one(app.db())
        .await
        .unwrap();
    assert_eq!(rows, 1, "carol is only on her own ticket");
}

#[tokio::test]
async fn an_outage_can_list_thousands_of_customers_and_the_reporter_stays_on_their_ticket() {
    let world = World::build().await;
    let app = &world.app;
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(
            create_customer(app, &world.owner.caller, &format!("RW-3{i:03}"), "Neighbour", "+1 555 010 0150").await,
        );
    }
    let outage = app
        .post(
            "/api/work-orders",
            &world.owner.caller,
            json!({"title": "North sector down", "kind": "outage", "affectedCustomers": ids}),
        )
        .await
        .expect(201);
    assert_eq!(outage["affectedCustomerCount"], 40);
    let path = format!("/api/work-orders/{}/customers", world.alice_ticket);
    let detail = app.post(&path, &world.owner.caller, json!({"remove": [world.alice.id]})).await.expect(200);
    assert_eq!(detail["customers"][0]["relation"], "reporter");
    app.get(&format!("/api/portal/tickets/{}", world.alice_ticket), &world.alice.caller).await.expect(200);
}

#[tokio::test]
async fn resolving_and_reopening_keeps_resolved_at_honest() {
    let world = World::build().await;
    let app = &world.app;
    let path = format!("/api/work-orders/{}", world.alice_ticket);
    let v = app.get(&path, &world.owner.caller).await.expect(200)["version"].clone();
    let resolved = app.patch(&path, &world.owner.caller, json!({"version": v, "status": "resolved"})).await.expect(200);
    assert!(resolved["resolvedAt"].is_string());
    let reopened = app
        .patch(&path, &world.owner.caller, json!({"version": resolved["version"], "status": "in_progress"}))
        .await
        .expect(200);
    assert!(reopened["resolvedAt"].is_null());
}

#[tokio::test]
async fn concurrent_writes_get_distinct_numbers_and_gap_free_cursors() {
    let world = World::build().await;
    let app = &world.app;
    let before: i64 = sqlx::query_scalar("SELECT event_seq FROM tenants WHERE id = $1")
        .bind(TENANT_A)
        .fetch_one(app.db())
        .await
        .unwrap();
    let creations = (0..12).map(|i| {
        app.post(
            "/api/work-orders",
            &world.technician.caller,
            json!({"title": format!("Parallel job {i}"), "kind": "maintenance"}),
        )
    });
    let comment_path = format!("/api/work-orders/{}/comments", world.alice_ticket);
    let comments = (0..12).map(|i| {
        let body = json!({"body": format!("Parallel note {i}"), "visibility": "public"});
        app.post(&comment_path, &world.support.caller, body)
    });
    let (created, commented) = tokio::join!(futures::future::join_all(creations), futures::future::join_all(comments));
    let mut numbers: Vec<i64> = created.iter().map(|r| r.expect(201)["number"].as_i64().unwrap()).collect();
    commented.iter().for_each(|r| assert_eq!(r.status, 201, "{}", r.text));
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 12, "every work order got its own number");

    let seqs: Vec<i64> =
        sqlx::query_scalar("SELECT seq FROM ticket_events WHERE tenant_id = $1 AND seq > $2 ORDER BY seq")
            .bind(TENANT_A)
            .bind(before)
            .fetch_all(app.db())
            .await
            .unwrap();
    assert_eq!(seqs, ((before + 1)..=(before + 24)).collect::<Vec<_>>(), "one event each, numbered without gaps");
}
