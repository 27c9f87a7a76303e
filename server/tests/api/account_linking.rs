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
    let app = TestApp::spawn_with(|config| {
        config.limits.signup_attempts_per_source = 1;
        config.limits.signup_attempts_per_tenant = 2;
    })
    .await;
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

async fn verify_as(app: &TestApp, source: &str, body: serde_json::Value) -> Reply {
    let request = app
        .request(reqwest::Method::POST, "/api/portal/signup/verify", &Caller::anonymous())
        .header("X-Forwarded-For", source)
        .json(&body);
    Reply::from(request.send().await.unwrap()).await
}

fn dave_with(phone: &str) -> serde_json::Value {
    json!({"tenantId": TENANT_A, "customerNumber": "RW-1003", "phone": phone})
}

#[tokio::test]
async fn walking_customer_numbers_with_a_known_phone_locks_that_phone_not_the_customers_walked_past() {
    let world = World::build().await;
    let app = &world.app;
    let erin_id = create_customer(app, &world.owner.caller, "RW-1004", "Erin Example", "+1 555 010 0005").await;
    // Someone who knows Dave's phone tries the numbers around his, each from a new address.
    for (i, number) in ["RW-1000", "RW-1001", "RW-1002", "RW-1004", "RW-1005"].iter().enumerate() {
        let walk = json!({"tenantId": TENANT_A, "customerNumber": number, "phone": "555 010 0004"});
        assert_eq!(verify_as(app, &format!("198.51.100.{i}"), walk).await.error(400), "verification_failed");
    }
    // Dave's phone is now locked, whatever number comes with it, from wherever it comes.
    let right = verify_as(app, "203.0.113.50", dave_with("+1 555 010 0004")).await;
    assert_eq!(right.error(400), "verification_failed", "the walked phone is locked");
    // Erin, walked past, still signs up with her own phone.
    let erin = json!({"tenantId": TENANT_A, "customerNumber": "RW-1004", "phone": "+1 555 010 0005"});
    let ticket = verify_as(app, "203.0.113.51", erin).await.expect(200)["linkTicket"].as_str().unwrap().to_string();
    let user = new_user("erin").await;
    assert_eq!(link(app, &user, &ticket).await.expect(200)["id"], erin_id.as_str());
    // A staff-issued access code lifts the lock on Dave's phone.
    app.post(&format!("/api/customers/{}/portal-access", world.dave_id), &world.support.caller, json!({}))
        .await
        .expect(201);
    verify_as(app, "203.0.113.52", dave_with("+1 555 010 0004")).await.expect(200);
}

#[tokio::test]
async fn parallel_wrong_answers_are_each_counted_before_any_is_checked() {
    let world = World::build().await;
    let app = &world.app;
    let wrong = (0..12).map(|i| verify_as(app, "198.51.100.9", dave_with(&format!("+1 555 010 07{i:02}"))));
    let replies = futures::future::join_all(wrong).await;
    assert!(replies.iter().all(|r| r.error(400) == "verification_failed"));
    let right = verify_as(app, "203.0.113.9", dave_with("+1 555 010 0004")).await;
    assert_eq!(right.error(400), "verification_failed", "locked after the parallel failures");

    // The counter behind the lock: of parallel attempts, exactly as many as the limit are let
    // through to have their answer checked, however they interleave.
    let counts = (0..20).map(|_| wisp_server::ratelimit::count(&app.state, "test:parallel", 3600, 5));
    let hits = futures::future::join_all(counts).await;
    let mut seen: Vec<i64> = hits.iter().map(|h| h.as_ref().unwrap().current).collect();
    seen.sort_unstable();
    assert_eq!(seen, (1..=20).collect::<Vec<_>>(), "every attempt got its own count");
    assert_eq!(hits.iter().filter(|h| !h.as_ref().unwrap().is_over()).count(), 5);
}

#[tokio::test]
async fn a_new_window_still_counts_the_failures_just_before_it() {
    let world = World::build().await;
    let app = &world.app;
    let hour_ms = 3_600_000;
    let now = chrono::Utc::now().timestamp_millis();
    let this_hour = now - now % hour_ms;
    // A flood of failures in the previous hour, and one two hours back, as the database holds them.
    for (bucket, window_start) in
        [("test:last-hour", this_hour - hour_ms), ("test:two-hours-ago", this_hour - 2 * hour_ms)]
    {
        sqlx::query("INSERT INTO rate_limits (bucket, window_start, hits, previous_hits) VALUES ($1, $2, 1000000, 0)")
            .bind(bucket)
            .bind(window_start)
            .execute(app.state.db.pool())
            .await
            .unwrap();
    }
    // The first attempt of the new hour is judged with the hour before: a fixed window would let
    // it pass. (The flood is large enough that only its last few milliseconds would not count.)
    let hit = wisp_server::ratelimit::count(&app.state, "test:last-hour", 3600, 3).await.unwrap();
    assert_eq!(hit.current, 1, "the new hour starts its own count");
    assert!(hit.is_over(), "the previous hour's failures were forgotten at the boundary");
    let rest_of_hour_secs = ((hour_ms - now % hour_ms) / 1000) as u64;
    assert!(hit.retry_after_secs() + 1 >= rest_of_hour_secs, "told to wait until this hour ends");
    // What came before the previous hour no longer counts.
    let hit = wisp_server::ratelimit::count(&app.state, "test:two-hours-ago", 3600, 3).await.unwrap();
    assert!(!hit.is_over(), "failures from two hours ago still counted");
}

#[tokio::test]
async fn the_client_address_is_the_right_most_hop_a_trusted_proxy_wrote() {
    let app = TestApp::spawn_with(|config| config.limits.signup_attempts_per_source = 3).await;
    app.insert_tenant(TENANT_A, "Ridgeline Wireless").await;
    let attempt = json!({"tenantId": TENANT_A, "customerNumber": "RW-1", "phone": "+1 555 010 0001"});
    // The client writes a new first entry every time; the proxy appends the real address.
    for i in 0..3 {
        let forwarded = format!("192.0.2.{i}, 198.51.100.7");
        assert_eq!(verify_as(&app, &forwarded, attempt.clone()).await.error(400), "verification_failed");
    }
    assert_eq!(verify_as(&app, "192.0.2.99, 198.51.100.7", attempt.clone()).await.error(429), "rate_limited");
    // One IPv6 host picks any address in its /64.
    for i in 1..=3 {
        let forwarded = format!("2001:db8:7:7::{i:x}");
        assert_eq!(verify_as(&app, &forwarded, attempt.clone()).await.error(400), "verification_failed");
    }
    assert_eq!(verify_as(&app, "2001:db8:7:7:ffff::1", attempt.clone()).await.error(429), "rate_limited");
    assert_eq!(verify_as(&app, "2001:db8:7:8::1", attempt.clone()).await.error(400), "verification_failed");

    // A peer that is no trusted proxy is the client, whatever it writes in the header.
    let direct = TestApp::spawn_with(|config| {
        config.limits.signup_attempts_per_source = 3;
        config.trusted_proxies = wisp_server::config::trusted_proxies("10.0.0.0/8").unwrap();
    })
    .await;
    direct.insert_tenant(TENANT_A, "Ridgeline Wireless").await;
    for i in 0..3 {
        let forwarded = format!("198.51.100.{i}");
        assert_eq!(verify_as(&direct, &forwarded, attempt.clone()).await.error(400), "verification_failed");
    }
    assert_eq!(verify_as(&direct, "198.51.100.200", attempt).await.error(429), "rate_limited");
}

#[tokio::test]
async fn requests_for_unknown_tenants_do_not_use_up_a_real_tenants_budget() {
    let app = TestApp::spawn_with(|config| config.limits.signup_attempts_per_source = 3).await;
    app.insert_tenant(TENANT_A, "Ridgeline Wireless").await;
    let unknown = json!({"tenantId": "no-such-wisp", "customerNumber": "RW-1", "phone": "+1 555 010 0001"});
    for _ in 0..3 {
        assert_eq!(verify_as(&app, "198.51.100.7", unknown.clone()).await.error(400), "verification_failed");
    }
    // Probing unknown tenants is limited too …
    assert_eq!(verify_as(&app, "198.51.100.7", unknown).await.error(429), "rate_limited");
    // … but the same address still has its budget for the real tenant.
    let real = json!({"tenantId": TENANT_A, "customerNumber": "RW-1", "phone": "+1 555 010 0001"});
    assert_eq!(verify_as(&app, "198.51.100.7", real).await.error(400), "verification_failed");
}

#[tokio::test]
async fn a_tenant_failure_budget_pauses_phone_sign_up_but_one_source_cannot_spend_it() {
    let world = World::build_with(|config| {
        config.limits.signup_failures_per_source = 2;
        config.limits.signup_failures_per_tenant = 4;
    })
    .await;
    let app = &world.app;
    let wrong = |i: u32| json!({"tenantId": TENANT_A, "customerNumber": format!("RW-{}", 7000 + i), "phone": "+1 555 010 0999"});
    // One source: two failures, then it is refused without touching the tenant's budget.
    for i in 0..2 {
        assert_eq!(verify_as(app, "198.51.100.1", wrong(i)).await.error(400), "verification_failed");
    }
    for i in 2..6 {
        assert_eq!(verify_as(app, "198.51.100.1", wrong(i)).await.error(429), "rate_limited");
    }
    let ticket = verify_as(app, "203.0.113.1", dave_with("+1 555 010 0004")).await.expect(200);
    assert!(ticket["linkTicket"].is_string(), "one source did not block the tenant");

    // Many sources together do use it up: phone sign-up pauses for the tenant …
    for source in ["198.51.100.2", "198.51.100.3"] {
        assert_eq!(verify_as(app, source, wrong(10)).await.error(400), "verification_failed");
    }
    assert_eq!(verify_as(app, "198.51.100.4", wrong(11)).await.error(429), "rate_limited");
    assert_eq!(verify_as(app, "203.0.113.2", dave_with("+1 555 010 0004")).await.error(429), "rate_limited");
    // … while staff-issued access codes still work.
    let grant = app
        .post(&format!("/api/customers/{}/portal-access", world.dave_id), &world.support.caller, json!({}))
        .await
        .expect(201);
    verify_as(app, "203.0.113.3", json!({"tenantId": TENANT_A, "accessCode": grant["accessCode"]})).await.expect(200);
}

#[tokio::test]
async fn a_link_ticket_stops_working_once_staff_issue_a_new_code_or_change_the_phone() {
    let world = World::build().await;
    let app = &world.app;
    let issue_code = || async {
        app.post(&format!("/api/customers/{}/portal-access", world.dave_id), &world.owner.caller, json!({}))
            .await
            .expect(201)["accessCode"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let ticket_of = |reply: Reply| reply.expect(200)["linkTicket"].as_str().unwrap().to_string();
    let user = new_user("dave").await;

    // Verified by phone; then staff send an access code.
    let by_phone = ticket_of(verify(app, dave_with("+1 555 010 0004")).await);
    let code = issue_code().await;
    assert_eq!(link(app, &user, &by_phone).await.error(400), "link_ticket_invalid");
    // Verified with that code; then staff send another one.
    let by_code = ticket_of(verify(app, json!({"tenantId": TENANT_A, "accessCode": code})).await);
    issue_code().await;
    assert_eq!(link(app, &user, &by_code).await.error(400), "link_ticket_invalid");
    // Verified by phone; then staff change the phone.
    let before_change = ticket_of(verify(app, dave_with("+1 555 010 0004")).await);
    let dave = format!("/api/customers/{}", world.dave_id);
    let version = app.get(&dave, &world.owner.caller).await.expect(200)["version"].clone();
    app.patch(&dave, &world.owner.caller, json!({"version": version, "phone": "+1 555 010 0044"})).await.expect(200);
    assert_eq!(link(app, &user, &before_change).await.error(400), "link_ticket_invalid");
    let linked: Option<String> = sqlx::query_scalar("SELECT firebase_uid FROM customers WHERE id = $1")
        .bind(&world.dave_id)
        .fetch_one(app.db())
        .await
        .unwrap();
    assert_eq!(linked, None);
    // A ticket for the details on file now works.
    let current = ticket_of(verify(app, dave_with("+1 555 010 0044")).await);
    link(app, &user, &current).await.expect(200);
}

#[tokio::test]
async fn replaying_a_used_ticket_checks_the_account_again() {
    let world = World::build().await;
    let app = &world.app;
    let ticket =
        verify(app, dave_with("+1 555 010 0004")).await.expect(200)["linkTicket"].as_str().unwrap().to_string();
    let dave = new_user("dave").await;
    link(app, &dave, &ticket).await.expect(200);
    link(app, &dave, &ticket).await.expect(200);
    let dave_path = format!("/api/customers/{}", world.dave_id);
    let version = app.get(&dave_path, &world.owner.caller).await.expect(200)["version"].clone();
    app.patch(&dave_path, &world.owner.caller, json!({"version": version, "accountStatus": "suspended"}))
        .await
        .expect(200);
    assert_eq!(link(app, &dave, &ticket).await.error(409), "cannot_link", "a suspended account gets no profile");
}

#[tokio::test]
async fn only_a_verified_email_is_stored_at_linking() {
    let world = World::build().await;
    let app = &world.app;
    let login_email = |id: String| async move {
        sqlx::query_scalar::<_, Option<String>>("SELECT login_email FROM customers WHERE id = $1")
            .bind(id)
            .fetch_one(app.db())
            .await
            .unwrap()
    };
    let unverified = new_user("dave").await;
    let ticket =
        verify(app, dave_with("+1 555 010 0004")).await.expect(200)["linkTicket"].as_str().unwrap().to_string();
    link(app, &unverified, &ticket).await.expect(200);
    assert_eq!(login_email(world.dave_id.clone()).await, None, "an unverified address is not stored");

    let erin_id = create_customer(app, &world.owner.caller, "RW-1004", "Erin Example", "+1 555 010 0005").await;
    let erin = json!({"tenantId": TENANT_A, "customerNumber": "RW-1004", "phone": "+1 555 010 0005"});
    let ticket = verify(app, erin).await.expect(200)["linkTicket"].as_str().unwrap().to_string();
    let verified = new_verified_user("erin").await;
    link(app, &verified, &ticket).await.expect(200);
    assert_eq!(login_email(erin_id).await, Some(verified.email));
}
