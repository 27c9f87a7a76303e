//! Customer sign-up: verify → link ticket → link, and everything that should stop it.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::*;
use crate::world::*;

async fn verify(app: &TestApp, body: serde_json::Value) -> Reply {
    app.post("/api/portal/signup/verify", &Caller::anonymous(), body).await
}

async fn link(app: &TestApp, user: &EmulatorUser, ticket: &str) -> Reply {
    app.post(
        "/api/portal/signup/link",
        &Caller { token: Some(user.id_token.clone()), tenant: None },
        json!({"linkTicket": ticket}),
    )
    .await
}

#[tokio::test]
async fn a_customer_signs_up_with_customer_number_and_phone() {
    let world = World::build().await;
    let app = &world.app;
    // Dave's phone is on file as (555) 010-0004; he types it differently.
    let reply = verify(app, json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "555.010.0004"})).await;
    let body = reply.expect(200);
    assert_eq!(body["greetingName"], "Dave");
    let ticket = body["linkTicket"].as_str().unwrap();

    let dave = new_user("dave").await;
    let profile = link(app, &dave, ticket).await.expect(200);
    assert_eq!(profile["id"], world.dave_id.as_str());
    assert_eq!(profile["accountStatus"], "active");

    let me = app.get("/api/portal/me", &Caller::with_token(&dave.id_token, TENANT_A)).await.expect(200);
    assert_eq!(me["customerNumber"], "RW-1003");
    assert_eq!(me["equipment"][0]["signalQuality"], "fair", "-71 dBm reads as fair");

    // Linking again with the same ticket and user is harmless; another user cannot use it.
    link(app, &dave, ticket).await.expect(200);
    let intruder = new_user("intruder").await;
    assert_eq!(link(app, &intruder, ticket).await.error(400), "link_ticket_invalid");

    // The customer is now linked: a second sign-up is told to sign in instead.
    let again = verify(app, json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "5550100004"})).await;
    assert_eq!(again.error(409), "already_linked");
}

#[tokio::test]
async fn unknown_customers_and_wrong_phones_get_the_same_answer_in_the_same_time() {
    let world = World::build().await;
    let app = &world.app;
    let mut unknown_times = Vec::new();
    let mut wrong_phone_times = Vec::new();
    let mut bodies = Vec::new();
    for i in 0..6 {
        let started = Instant::now();
        let unknown = verify(
            app,
            json!({"tenantId": TENANT_A, "customerNumber": format!("RW-{}", 5000 + i), "phone": "+1 555 010 0004"}),
        )
        .await;
        unknown_times.push(started.elapsed());
        let started = Instant::now();
        let wrong = verify(
            app,
            json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": format!("+1 555 010 09{i:02}")}),
        )
        .await;
        wrong_phone_times.push(started.elapsed());
        assert_eq!(unknown.status, wrong.status);
        bodies.push((unknown.text, wrong.text));
    }
    for (unknown, wrong) in &bodies {
        assert_eq!(unknown, wrong, "the answers must not tell an unknown customer from a wrong phone");
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (unknown, wrong) = (median(&mut unknown_times), median(&mut wrong_phone_times));
    assert!(unknown >= Duration::from_millis(350) && wrong >= Duration::from_millis(350));
    let gap = unknown.abs_diff(wrong);
    assert!(gap < Duration::from_millis(150), "timing differs: unknown {unknown:?}, wrong phone {wrong:?}");
}

#[tokio::test]
async fn repeated_failures_lock_phone_sign_up_until_staff_send_an_access_code() {
    let world = World::build().await;
    let app = &world.app;
    for i in 0..5 {
        let reply = verify(
            app,
            json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": format!("+1 555 010 08{i:02}")}),
        )
        .await;
        assert_eq!(reply.error(400), "verification_failed");
    }
    // The right phone no longer works, and the answer is still the generic one.
    let locked =
        verify(app, json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "+1 555 010 0004"})).await;
    assert_eq!(locked.error(400), "verification_failed");

    let grant = app
        .post(&format!("/api/customers/{}/portal-access", world.dave_id), &world.support.caller, json!({}))
        .await
        .expect(201);
    let code = grant["accessCode"].as_str().unwrap();
    let invite = grant["inviteLink"].as_str().unwrap();
    assert!(invite.starts_with("ridgeline-portal://invite?code="), "{invite}");
    assert!(invite.contains(code));

    // Codes are stored as keyed hashes, never as typed.
    let stored: String = sqlx::query_scalar("SELECT access_code_hash FROM customers WHERE id = $1")
        .bind(&world.dave_id)
        .fetch_one(app.db())
        .await
        .unwrap();
    assert!(!stored.contains(&code.replace('-', "")) && stored.len() == 64);

    // Typed in lower case with spaces, the code still works, and it lifted the lock.
    let typed = code.to_lowercase().replace('-', " ");
    let ticket = verify(app, json!({"tenantId": TENANT_A, "accessCode": typed})).await.expect(200)["linkTicket"]
        .as_str()
        .unwrap()
        .to_string();
    let dave = new_user("dave").await;
    link(app, &dave, &ticket).await.expect(200);

    // One time only.
    let reused = verify(app, json!({"tenantId": TENANT_A, "accessCode": code})).await;
    assert_eq!(reused.error(400), "verification_failed");
}

#[tokio::test]
async fn an_expired_access_code_says_so() {
    let world = World::build().await;
    let app = &world.app;
    let grant = app
        .post(&format!("/api/customers/{}/portal-access", world.dave_id), &world.owner.caller, json!({}))
        .await
        .expect(201);
    sqlx::query("UPDATE customers SET access_code_expires_at = 1 WHERE id = $1")
        .bind(&world.dave_id)
        .execute(app.db())
        .await
        .unwrap();
    let reply = verify(app, json!({"tenantId": TENANT_A, "accessCode": grant["accessCode"]})).await;
    assert_eq!(reply.error(400), "access_code_expired");
    // A code is only good in its own tenant.
    let elsewhere = verify(app, json!({"tenantId": TENANT_B, "accessCode": grant["accessCode"]})).await;
    assert_eq!(elsewhere.error(400), "verification_failed");
}

#[tokio::test]
async fn a_customer_number_from_another_tenant_does_not_match() {
    let world = World::build().await;
    let reply =
        verify(&world.app, json!({"tenantId": TENANT_B, "customerNumber": "RW-1003", "phone": "+1 555 010 0004"}))
            .await;
    assert_eq!(reply.error(400), "verification_failed");
}

#[tokio::test]
async fn a_sign_in_linked_to_one_customer_cannot_take_another() {
    let world = World::build().await;
    let app = &world.app;
    let ticket = verify(app, json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "+1 555 010 0004"}))
        .await
        .expect(200)["linkTicket"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(link(app, &world.alice.user, &ticket).await.error(409), "already_linked_elsewhere");
    let linked: Option<String> = sqlx::query_scalar("SELECT firebase_uid FROM customers WHERE id = $1")
        .bind(&world.dave_id)
        .fetch_one(app.db())
        .await
        .unwrap();
    assert_eq!(linked, None, "nothing was half-linked");
}

async fn verify_from(app: &TestApp, source: &str) -> Reply {
    let request = app
        .request(reqwest::Method::POST, "/api/portal/signup/verify", &Caller::anonymous())
        .header("X-Forwarded-For", source)
        .json(&json!({"tenantId": TENANT_A, "customerNumber": "RW-1", "phone": "+1 555 010 0001"}));
    Reply::from(request.send().await.unwrap()).await
}

#[tokio::test]
async fn verification_is_rate_limited_per_source() {
    let app = TestApp::spawn_with(|config| config.limits.signup_attempts_per_source = 3).await;
    app.insert_tenant(TENANT_A, "Ridgeline Wireless").await;
    for _ in 0..3 {
        assert_eq!(verify_from(&app, "198.51.100.7").await.error(400), "verification_failed");
    }
    let limited = verify_from(&app, "198.51.100.7").await;
    assert_eq!(limited.error(429), "rate_limited");
    assert!(limited.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 0));
    assert_eq!(
        verify_from(&app, "198.51.100.8").await.error(400),
        "verification_failed",
        "other addresses are not affected"
    );
}

#[tokio::test]
async fn verification_is_rate_limited_per_tenant() {
    let app = TestApp::spawn_with(|config| config.limits.signup_attempts_per_tenant = 2).await;
    app.insert_tenant(TENANT_A, "Ridgeline Wireless").await;
    assert_eq!(verify_from(&app, "198.51.100.1").await.error(400), "verification_failed");
    assert_eq!(verify_from(&app, "198.51.100.2").await.error(400), "verification_failed");
    assert_eq!(verify_from(&app, "198.51.100.3").await.error(429), "rate_limited");
}

#[tokio::test]
async fn verification_explains_what_is_missing() {
    let world = World::build().await;
    let reply = verify(&world.app, json!({"tenantId": TENANT_A, "customerNumber": "RW-1003"})).await;
    assert_eq!(reply.error(422), "validation_failed");
    assert_eq!(reply.json()["error"]["fields"][0]["field"], "customerNumber");
}

#[tokio::test]
async fn expired_rate_limit_windows_and_link_tickets_are_cleaned_up() {
    let world = World::build().await;
    let app = &world.app;
    verify(app, json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "+1 555 010 0004"}))
        .await
        .expect(200);
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.db()).await.unwrap()
    };
    assert!(count("rate_limits").await >= 2 && count("link_tickets").await == 1);
    // Nothing is due yet.
    wisp_server::housekeeping::run_once(&app.state).await.unwrap();
    assert_eq!(count("link_tickets").await, 1);
    // Two days later.
    sqlx::query("UPDATE rate_limits SET window_start = window_start - $1")
        .bind(2 * 86_400_000i64)
        .execute(app.db())
        .await
        .unwrap();
    sqlx::query("UPDATE link_tickets SET expires_at = expires_at - $1")
        .bind(2 * 86_400_000i64)
        .execute(app.db())
        .await
        .unwrap();
    wisp_server::housekeeping::run_once(&app.state).await.unwrap();
    assert_eq!((count("rate_limits").await, count("link_tickets").await), (0, 0));
}

#[tokio::test]
async fn a_suspended_customer_cannot_sign_up_even_midway() {
    let world = World::build().await;
    let app = &world.app;
    let dave = json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": "+1 555 010 0004"});
    // Verified first, then suspended before the app calls link.
    let ticket = verify(app, dave.clone()).await.expect(200)["linkTicket"].as_str().unwrap().to_string();
    world.update_customer(&world.dave_id, &world.owner.caller, json!({"accountStatus": "suspended"})).await.expect(200);
    let user = new_user("dave").await;
    assert_eq!(link(app, &user, &ticket).await.error(409), "cannot_link");
    let status: String = sqlx::query_scalar("SELECT account_status FROM customers WHERE id = $1")
        .bind(&world.dave_id)
        .fetch_one(app.db())
        .await
        .unwrap();
    assert_eq!(status, "suspended", "linking did not reactivate the account");
    assert_eq!(verify(app, dave).await.error(400), "verification_failed");
}
