//! Every route, called by everyone who might try it. The expected status for each caller is a row
//! in one table, so the access rules can be read (and reviewed) in one place. Every answer's
//! status must be one the OpenAPI document lists for the route. Customer answers are searched for
//! internal text, and what another tenant's staff and customers (and another customer) get back
//! for a `200` is searched for this tenant's (or that customer's) data.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::json;

use crate::helpers::*;
use crate::releases::{registered, ReleaseForm};
use crate::world::*;

/// The callers, in the order of the columns below.
const CALLERS: [&str; 13] = [
    "anonymous",
    "garbage token",
    "expired token",
    "alice (the customer)",
    "bob (same tenant)",
    "carol (other tenant)",
    "alice via tenant B's app",
    "owner",
    "admin",
    "technician",
    "support",
    "tenant B owner",
    "tenant B owner claiming tenant A",
];

enum Body {
    None,
    Json(&'static str),
    Upload,
    /// A new release (multipart form with a bundle) of a version no other case used.
    Release,
    /// No body; the headers of an installed app's update check.
    UpdateCheck,
}

struct Case {
    /// The route as the OpenAPI document names it.
    route: &'static str,
    /// The concrete path, with `{placeholders}` filled from the world.
    path: &'static str,
    body: Body,
    expect: [u16; 13],
}

const fn case(route: &'static str, path: &'static str, body: Body, expect: [u16; 13]) -> Case {
    Case { route, path, body, expect }
}

//                                   anon bad  exp  alice bob carol a@B  own  adm  tech sup  B    B@A
const CUSTOMER_READ: [u16; 13] = [401, 401, 401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403];
const CUSTOMER_CREATE: [u16; 13] = [401, 401, 401, 201, 201, 201, 403, 403, 403, 403, 403, 403, 403];
const ALICE_ONLY_READ: [u16; 13] = [401, 401, 401, 200, 404, 404, 403, 403, 403, 403, 403, 403, 403];
const ALICE_ONLY_CREATE: [u16; 13] = [401, 401, 401, 201, 404, 404, 403, 403, 403, 403, 403, 403, 403];
const NOBODY_CUSTOMER: [u16; 13] = [401, 401, 401, 404, 404, 404, 403, 403, 403, 403, 403, 403, 403];
const STAFF_READ: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 200, 200, 200, 200, 200, 403];
const STAFF_A_READ: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 200, 200, 200, 200, 404, 403];
const STAFF_A_WRITE: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 201, 201, 201, 201, 404, 403];
const MANAGERS_A_UPDATE: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 200, 200, 403, 200, 404, 403];
const MANAGERS_A_CREATE: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 201, 201, 403, 201, 404, 403];
const OWNER_ADMIN_READ: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 200, 200, 403, 403, 403, 403];
const OWNER_ADMIN_CREATE: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 201, 201, 403, 403, 403, 403];
const MANAGERS_CREATE: [u16; 13] = [401, 401, 401, 403, 403, 403, 403, 201, 201, 403, 201, 201, 403];

const CASES: &[Case] = &[
    case("GET /api/health", "/api/health", Body::None, [200; 13]),
    case("GET /api/tenant/{tenant_id}/branding", "/api/tenant/{A}/branding", Body::None, [200; 13]),
    case(
        "PUT /api/tenant/{tenant_id}/branding",
        "/api/tenant/{A}/branding",
        Body::Json(r#"{"baseVersion": {branding_version}, "branding": {"company": {"name": "Ridgeline Wireless"}}}"#),
        [401, 401, 401, 403, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    ),
    case(
        "GET /api/tenant/{tenant_id}/branding/versions",
        "/api/tenant/{A}/branding/versions",
        Body::None,
        [401, 401, 401, 403, 403, 403, 403, 200, 200, 200, 200, 403, 403],
    ),
    case(
        "POST /api/tenant/{tenant_id}/branding/revert",
        "/api/tenant/{A}/branding/revert",
        Body::Json(r#"{"version": 1, "baseVersion": {branding_version}}"#),
        [401, 401, 401, 403, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    ),
    case(
        "POST /api/tenant/{tenant_id}/branding/logo",
        "/api/tenant/{A}/branding/logo",
        Body::Upload,
        OWNER_ADMIN_CREATE,
    ),
    case(
        "GET /api/tenant/{tenant_id}/branding/logo/{file}",
        "/api/tenant/{A}/branding/logo/{logo_a}",
        Body::None,
        [200; 13],
    ),
    case(
        "GET /api/tenant/{tenant_id}/branding/logo/{file}",
        "/api/tenant/{A}/branding/logo/{logo_b}",
        Body::None,
        [404; 13],
    ),
    case(
        "POST /api/portal/signup/verify",
        "/api/portal/signup/verify",
        Body::Json(r#"{"tenantId": "{A}", "customerNumber": "RW-9999", "phone": "+1 555 010 0999"}"#),
        [400; 13],
    ),
    case(
        "POST /api/portal/signup/link",
        "/api/portal/signup/link",
        Body::Json(r#"{"linkTicket": "not-a-real-ticket"}"#),
        [401, 401, 401, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
    ),
    case("GET /api/portal/me", "/api/portal/me", Body::None, CUSTOMER_READ),
    case("GET /api/portal/tickets", "/api/portal/tickets", Body::None, CUSTOMER_READ),
    case(
        "POST /api/portal/tickets",
        "/api/portal/tickets",
        Body::Json(r#"{"title": "Router light is red", "description": "Since this morning."}"#),
        CUSTOMER_CREATE,
    ),
    case("GET /api/portal/tickets/{id}", "/api/portal/tickets/{alice_ticket}", Body::None, ALICE_ONLY_READ),
    case(
        "GET /api/portal/tickets/{id}",
        "/api/portal/tickets/{carol_ticket}",
        Body::None,
        [401, 401, 401, 404, 404, 200, 403, 403, 403, 403, 403, 403, 403],
    ),
    case(
        "GET /api/portal/tickets/{id}",
        "/api/portal/tickets/{outage}",
        Body::None,
        [401, 401, 401, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403],
    ),
    case("GET /api/portal/tickets/{id}", "/api/portal/tickets/no-such-ticket", Body::None, NOBODY_CUSTOMER),
    case(
        "POST /api/portal/tickets/{id}/comments",
        "/api/portal/tickets/{alice_ticket}/comments",
        Body::Json(r#"{"body": "Still slow tonight."}"#),
        ALICE_ONLY_CREATE,
    ),
    case(
        "POST /api/portal/tickets/{id}/resolve",
        "/api/portal/tickets/{alice_ticket}/resolve",
        Body::Json(r#"{"note": "Works now"}"#),
        [401, 401, 401, 200, 404, 404, 403, 403, 403, 403, 403, 403, 403],
    ),
    case(
        "POST /api/portal/tickets/{id}/resolve",
        "/api/portal/tickets/{outage}/resolve",
        Body::Json("{}"),
        [401, 401, 401, 403, 403, 404, 403, 403, 403, 403, 403, 403, 403],
    ),
    case(
        "POST /api/portal/tickets/{id}/reopen",
        "/api/portal/tickets/{alice_ticket}/reopen",
        Body::Json(r#"{"reason": "Slow again"}"#),
        [401, 401, 401, 200, 404, 404, 403, 403, 403, 403, 403, 403, 403],
    ),
    case(
        "POST /api/portal/tickets/{id}/comments",
        "/api/portal/tickets/{outage}/comments",
        Body::Json(r#"{"body": "Mine too"}"#),
        [401, 401, 401, 403, 403, 404, 403, 403, 403, 403, 403, 403, 403],
    ),
    case(
        "POST /api/portal/tickets/{id}/attachments",
        "/api/portal/tickets/{alice_ticket}/attachments",
        Body::Upload,
        ALICE_ONLY_CREATE,
    ),
    case(
        "POST /api/portal/tickets/{id}/attachments",
        "/api/portal/tickets/{outage}/attachments",
        Body::Upload,
        [401, 401, 401, 403, 403, 404, 403, 403, 403, 403, 403, 403, 403],
    ),
    case(
        "GET /api/portal/attachments/{id}",
        "/api/portal/attachments/{public_attachment}",
        Body::None,
        ALICE_ONLY_READ,
    ),
    case(
        "GET /api/portal/attachments/{id}",
        "/api/portal/attachments/{internal_attachment}",
        Body::None,
        NOBODY_CUSTOMER,
    ),
    case(
        "GET /api/portal/attachments/{id}",
        "/api/portal/attachments/{carol_attachment}",
        Body::None,
        [401, 401, 401, 404, 404, 200, 403, 403, 403, 403, 403, 403, 403],
    ),
    case("GET /api/portal/changes", "/api/portal/changes", Body::None, CUSTOMER_READ),
    case("GET /api/portal/status", "/api/portal/status", Body::None, CUSTOMER_READ),
    case("GET /api/portal/faq", "/api/portal/faq", Body::None, CUSTOMER_READ),
    case(
        "GET /api/work-orders/customer/{customer_id}",
        "/api/work-orders/customer/{alice_id}",
        Body::None,
        [401, 401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    case(
        "GET /api/staff/me",
        "/api/staff/me",
        Body::None,
        [401, 401, 401, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200],
    ),
    case("GET /api/customers", "/api/customers", Body::None, STAFF_READ),
    case(
        "POST /api/customers",
        "/api/customers",
        Body::Json(
            r#"{"customerNumber": "N-{unique}", "name": "New Customer",
        "plan": {"name": "Basic", "downMbps": 25, "upMbps": 5, "monthlyPriceCents": 4999}, "serviceStatus": "pending_install"}"#,
        ),
        MANAGERS_CREATE,
    ),
    case("GET /api/customers/{id}", "/api/customers/{alice_id}", Body::None, STAFF_A_READ),
    case(
        "GET /api/customers/{id}",
        "/api/customers/no-such-customer",
        Body::None,
        [401, 401, 401, 403, 403, 403, 403, 404, 404, 404, 404, 404, 403],
    ),
    case(
        "PATCH /api/customers/{id}",
        "/api/customers/{alice_id}",
        Body::Json(r#"{"version": {alice_version}, "serviceAddress": "14 Test Road"}"#),
        MANAGERS_A_UPDATE,
    ),
    case(
        "DELETE /api/customers/{id}",
        "/api/customers/{throwaway_customer}",
        Body::None,
        [401, 401, 401, 403, 403, 403, 403, 204, 204, 403, 403, 404, 403],
    ),
    case(
        "POST /api/customers/{id}/equipment",
        "/api/customers/{alice_id}/equipment",
        Body::Json(r#"{"kind": "router", "make": "TP-Link", "model": "Archer AX55"}"#),
        MANAGERS_A_CREATE,
    ),
    case(
        "POST /api/customers/{id}/service-events",
        "/api/customers/{alice_id}/service-events",
        Body::Json(r#"{"at": "2025-01-10T10:00:00Z", "kind": "repair", "summary": "Replaced the PoE injector"}"#),
        MANAGERS_A_CREATE,
    ),
    case(
        "POST /api/customers/{id}/portal-access",
        "/api/customers/{dave_id}/portal-access",
        Body::None,
        MANAGERS_A_CREATE,
    ),
    case("GET /api/work-orders", "/api/work-orders", Body::None, STAFF_READ),
    case(
        "POST /api/work-orders",
        "/api/work-orders",
        Body::Json(r#"{"title": "Replace tower 2 UPS", "kind": "maintenance"}"#),
        [401, 401, 401, 403, 403, 403, 403, 201, 201, 201, 201, 201, 403],
    ),
    case("GET /api/work-orders/{id}", "/api/work-orders/{alice_ticket}", Body::None, STAFF_A_READ),
    case(
        "GET /api/work-orders/{id}",
        "/api/work-orders/{carol_ticket}",
        Body::None,
        [401, 401, 401, 403, 403, 403, 403, 404, 404, 404, 404, 200, 403],
    ),
    case(
        "PATCH /api/work-orders/{id}",
        "/api/work-orders/{alice_ticket}",
        Body::Json(r#"{"version": {alice_ticket_version}, "site": "Tower 3"}"#),
        [401, 401, 401, 403, 403, 403, 403, 200, 200, 200, 200, 404, 403],
    ),
    case(
        "POST /api/work-orders/{id}/comments",
        "/api/work-orders/{alice_ticket}/comments",
        Body::Json(r#"{"body": "Scheduling a visit.", "visibility": "public"}"#),
        STAFF_A_WRITE,
    ),
    case(
        "POST /api/work-orders/{id}/customers",
        "/api/work-orders/{outage}/customers",
        Body::Json(r#"{"add": ["{dave_id}"]}"#),
        [401, 401, 401, 403, 403, 403, 403, 200, 200, 200, 200, 404, 403],
    ),
    case(
        "POST /api/work-orders/{id}/attachments",
        "/api/work-orders/{alice_ticket}/attachments",
        Body::Upload,
        STAFF_A_WRITE,
    ),
    case("GET /api/attachments/{id}", "/api/attachments/{internal_attachment}", Body::None, STAFF_A_READ),
    case(
        "GET /api/attachments/{id}",
        "/api/attachments/{carol_attachment}",
        Body::None,
        [401, 401, 401, 403, 403, 403, 403, 404, 404, 404, 404, 200, 403],
    ),
    case("GET /api/faq", "/api/faq", Body::None, STAFF_READ),
    case(
        "POST /api/faq",
        "/api/faq",
        Body::Json(r#"{"question": "Why is it slow when it rains?", "answer": "Rain fade."}"#),
        MANAGERS_CREATE,
    ),
    case(
        "PUT /api/faq/{id}",
        "/api/faq/{faq_a}",
        Body::Json(r#"{"question": "How do I restart my router?", "answer": "Unplug it for 30 seconds."}"#),
        MANAGERS_A_UPDATE,
    ),
    case(
        "DELETE /api/faq/{id}",
        "/api/faq/{throwaway_faq}",
        Body::None,
        [401, 401, 401, 403, 403, 403, 403, 204, 204, 403, 204, 404, 403],
    ),
    case("GET /api/tenant/{tenant_id}/app/releases", "/api/tenant/{A}/app/releases", Body::None, OWNER_ADMIN_READ),
    case(
        "POST /api/tenant/{tenant_id}/app/releases",
        "/api/tenant/{A}/app/releases",
        Body::Release,
        OWNER_ADMIN_CREATE,
    ),
    case(
        "PATCH /api/tenant/{tenant_id}/app/releases/{id}",
        "/api/tenant/{A}/app/releases/{release_a}",
        Body::Json(r#"{"version": {release_a_version}, "rolloutPercent": 100}"#),
        OWNER_ADMIN_READ,
    ),
    case(
        "GET /api/tenant/{tenant_id}/app/artifacts/{id}",
        "/api/tenant/{A}/app/artifacts/{release_a}",
        Body::None,
        [200; 13],
    ),
    case(
        "GET /api/tenant/{tenant_id}/app/update/{target}/{arch}/{current_version}",
        "/api/tenant/{A}/app/update/linux/x86_64/0.9.0?channel=stable",
        Body::UpdateCheck,
        [200; 13],
    ),
];

struct Fixture {
    world: World,
    faq_a: String,
    release_a: String,
    /// The file names of a logo of tenant A and of one of tenant B.
    logo_a: String,
    logo_b: String,
    callers: Vec<Caller>,
    unique: std::sync::atomic::AtomicU64,
    /// Text that identifies tenant A's records: none of it may reach tenant B's callers.
    tenant_a_data: Vec<String>,
    /// Text that identifies Alice and her own ticket: none of it may reach Bob.
    alice_data: Vec<String>,
}

impl Fixture {
    async fn new() -> Fixture {
        let world = World::build().await;
        let faq_a = world
            .app
            .post("/api/faq", &world.owner.caller, json!({"question": "How do I restart?", "answer": "Unplug it."}))
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_string();
        let release_a = registered(&world.app, &world.owner.caller, TENANT_A, &ReleaseForm::new("1.0.0")).await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let logo = |tenant: &'static str, caller: Caller, pixel: u8| {
            let app = &world.app;
            let mut png = Vec::new();
            image::RgbImage::from_pixel(2, 2, image::Rgb([pixel, 0, 0]))
                .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                .unwrap();
            async move {
                let uploaded =
                    app.upload(&format!("/api/tenant/{tenant}/branding/logo"), &caller, "logo.png", png).await;
                uploaded.expect(201)["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string()
            }
        };
        let logo_a = logo(TENANT_A, world.owner.caller.clone(), 10).await;
        // Another picture: the same one would have the same name under both tenants.
        let logo_b = logo(TENANT_B, world.other_owner.caller.clone(), 20).await;
        let garbage = Caller { token: Some("not-a-token".into()), tenant: Some(TENANT_A.into()) };
        let expired = Caller { token: Some(expired_token(&world.alice.user.uid)), tenant: Some(TENANT_A.into()) };
        let alice_via_b = Caller { token: world.alice.caller.token.clone(), tenant: Some(TENANT_B.into()) };
        let b_claiming_a = Caller { token: world.other_owner.caller.token.clone(), tenant: Some(TENANT_A.into()) };
        let callers = vec![
            Caller::anonymous(),
            garbage,
            expired,
            world.alice.caller.clone(),
            world.bob.caller.clone(),
            world.carol.caller.clone(),
            alice_via_b,
            world.owner.caller.clone(),
            world.admin.caller.clone(),
            world.technician.caller.clone(),
            world.support.caller.clone(),
            world.other_owner.caller.clone(),
            b_claiming_a,
        ];
        let w = &world;
        let alice_data = vec![
            w.alice.id.clone(),
            w.alice.user.email.clone(),
            "RW-1001".to_string(),
            w.alice_ticket.clone(),
            "Slow in the evening".to_string(),
            w.public_attachment.clone(),
        ];
        let mut tenant_a_data = alice_data.clone();
        tenant_a_data.extend([
            TENANT_A.to_string(),
            "Ridgeline Wireless".to_string(),
            w.bob.id.clone(),
            w.bob.user.email.clone(),
            w.dave_id.clone(),
            "RW-100".to_string(),
            w.outage.clone(),
            "Tower 3 backhaul".to_string(),
            w.internal_attachment.clone(),
            faq_a.clone(),
            w.owner.id.clone(),
            w.support.id.clone(),
            INTERNAL_MARKER.to_string(),
        ]);
        Fixture {
            world,
            faq_a,
            release_a,
            logo_a,
            logo_b,
            callers,
            unique: Default::default(),
            tenant_a_data,
            alice_data,
        }
    }

    /// Fills `{placeholders}`; some create a fresh resource or read the current version.
    async fn fill(&self, template: &str) -> String {
        let w = &self.world;
        let mut text = template
            .replace("{A}", TENANT_A)
            .replace("{alice_id}", &w.alice.id)
            .replace("{dave_id}", &w.dave_id)
            .replace("{alice_ticket}", &w.alice_ticket)
            .replace("{carol_ticket}", &w.carol_ticket)
            .replace("{outage}", &w.outage)
            .replace("{public_attachment}", &w.public_attachment)
            .replace("{internal_attachment}", &w.internal_attachment)
            .replace("{carol_attachment}", &w.carol_attachment)
            .replace("{faq_a}", &self.faq_a)
            .replace("{release_a}", &self.release_a)
            .replace("{logo_a}", &self.logo_a)
            .replace("{logo_b}", &self.logo_b);
        if text.contains("{unique}") {
            let n = self.unique.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            text = text.replace("{unique}", &n.to_string());
        }
        if text.contains("{throwaway_customer}") {
            let n = self.unique.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let id =
                create_customer(&w.app, &w.owner.caller, &format!("TMP-{n}"), "Throwaway", "+1 555 010 0199").await;
            text = text.replace("{throwaway_customer}", &id);
        }
        if text.contains("{throwaway_faq}") {
            let id = w
                .app
                .post("/api/faq", &w.owner.caller, json!({"question": "Temporary?", "answer": "Yes."}))
                .await
                .expect(201)["id"]
                .as_str()
                .unwrap()
                .to_string();
            text = text.replace("{throwaway_faq}", &id);
        }
        if text.contains("{branding_version}") {
            let version =
                w.app.get(&format!("/api/tenant/{TENANT_A}/branding"), &Caller::anonymous()).await.expect(200)
                    ["version"]
                    .clone();
            text = text.replace("{branding_version}", &version.to_string());
        }
        if text.contains("{alice_version}") {
            let customer = w.app.get(&format!("/api/customers/{}", w.alice.id), &w.owner.caller).await.expect(200);
            text = text.replace("{alice_version}", &customer["version"].to_string());
        }
        if text.contains("{release_a_version}") {
            let releases =
                w.app.get(&format!("/api/tenant/{TENANT_A}/app/releases"), &w.owner.caller).await.expect(200);
            let release = releases.as_array().unwrap().iter().find(|r| r["id"] == self.release_a.as_str()).unwrap();
            text = text.replace("{release_a_version}", &release["version"].to_string());
        }
        if text.contains("{alice_ticket_version}") {
            let ticket = w.app.get(&format!("/api/work-orders/{}", w.alice_ticket), &w.owner.caller).await.expect(200);
            text = text.replace("{alice_ticket_version}", &ticket["version"].to_string());
        }
        text
    }
}

#[tokio::test]
async fn every_route_answers_each_caller_as_the_table_says() {
    let fixture = Fixture::new().await;
    let app = &fixture.world.app;
    let spec = app.get("/api/openapi.json", &Caller::anonymous()).await.expect(200);
    let mut failures = Vec::new();
    for case in CASES {
        let (method, route_path) = case.route.split_once(' ').unwrap();
        let documented = &spec["paths"][route_path][method.to_lowercase()];
        let public = documented["security"].is_null();
        let method: Method = method.parse().unwrap();
        for (column, caller) in fixture.callers.iter().enumerate() {
            let path = fixture.fill(case.path).await;
            let request = app.request(method.clone(), &path, caller);
            let request = match &case.body {
                Body::None => request,
                Body::Json(template) => {
                    let body = fixture.fill(template).await;
                    request.header("content-type", "application/json").body(body)
                }
                Body::Upload => {
                    let part = reqwest::multipart::Part::bytes(tiny_png()).file_name("photo.png");
                    request.multipart(reqwest::multipart::Form::new().part("file", part))
                }
                Body::Release => {
                    let version = fixture.fill("3.0.{unique}").await;
                    request.multipart(ReleaseForm::new(&version).multipart())
                }
                Body::UpdateCheck => request
                    .header(portal_api::BUNDLE_TYPE_HEADER, "deb")
                    .header(portal_api::INSTALLATION_ID_HEADER, uuid::Uuid::new_v4().to_string()),
            };
            let reply = Reply::from(request.send().await.unwrap()).await;
            if documented["responses"][reply.status.as_str()].is_null() {
                failures.push(format!(
                    "{method} {path} as {}: answered {}, which the OpenAPI document does not list for {}",
                    CALLERS[column], reply.status, case.route
                ));
            }
            let expected = case.expect[column];
            if reply.status.as_u16() != expected {
                failures.push(format!(
                    "{} {path} as {}: expected {expected}, got {} {}",
                    method, CALLERS[column], reply.status, reply.text
                ));
                continue;
            }
            if !reply.status.is_success() {
                let body = reply.json();
                assert!(
                    body["error"]["code"].is_string() && body["error"]["message"].is_string(),
                    "error body: {}",
                    reply.text
                );
            }
            let foreign: &[String] = match column {
                4 => &fixture.alice_data,
                5 | 6 | 11 | 12 => &fixture.tenant_a_data,
                _ => &[],
            };
            if reply.status.is_success() && !public {
                if let Some(leak) = foreign.iter().find(|data| reply.text.contains(data.as_str())) {
                    failures.push(format!(
                        "{method} {path} as {}: the answer holds {leak:?}, which is not theirs: {}",
                        CALLERS[column], reply.text
                    ));
                }
            }
            if (3..=6).contains(&column) {
                assert!(
                    !reply.text.contains(INTERNAL_MARKER),
                    "internal text reached a customer: {method} {path} as {}: {}",
                    CALLERS[column],
                    reply.text
                );
            }
        }
    }
    assert!(failures.is_empty(), "{} unexpected answers:\n{}", failures.len(), failures.join("\n"));
}

/// Who may not do something is told so whatever the body says: a malformed body gets the same
/// `401` or `403` the table gives the caller with a good one, and a customer gets the same `404`
/// or `403` for a ticket that is not theirs. Their role, tenant and ticket are checked before the
/// body is read (an upload to someone else's ticket stores nothing).
#[tokio::test]
async fn a_caller_who_may_not_is_refused_before_the_body_is_read() {
    let fixture = Fixture::new().await;
    let app = &fixture.world.app;
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in CASES {
        let (method, route_path) = case.route.split_once(' ').unwrap();
        let method: Method = method.parse().unwrap();
        for (column, caller) in fixture.callers.iter().enumerate() {
            let expected = case.expect[column];
            let refused_by_who = matches!(expected, 401 | 403);
            let not_their_ticket = expected == 404 && route_path.starts_with("/api/portal/tickets/{id}/");
            if matches!(case.body, Body::None) || !(refused_by_who || not_their_ticket) {
                continue;
            }
            let path = fixture.fill(case.path).await;
            let request = app.request(method.clone(), &path, caller);
            let request = match case.body {
                Body::Upload => request.header("content-type", "multipart/form-data; boundary=x").body("not multipart"),
                _ => request.header("content-type", "application/json").body(r#"{"version": "#),
            };
            let reply = Reply::from(request.send().await.unwrap()).await;
            checked += 1;
            if reply.status.as_u16() != expected {
                failures.push(format!(
                    "{method} {path} as {} with a malformed body: expected {expected}, got {} {}",
                    CALLERS[column], reply.status, reply.text
                ));
            }
        }
    }
    assert!(checked > 100, "only {checked} requests were checked");
    assert!(failures.is_empty(), "{} answers depended on the body:\n{}", failures.len(), failures.join("\n"));
}

/// The OpenAPI document lists exactly the routes the server serves, and the table above covers
/// every one of them.
#[tokio::test]
async fn the_openapi_document_matches_the_real_routes() {
    let app = TestApp::spawn().await;
    let spec = app.get("/api/openapi.json", &Caller::anonymous()).await.expect(200);
    let mut documented = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    let covered: BTreeSet<String> = CASES.iter().map(|c| c.route.to_string()).collect();
    assert_eq!(documented, covered, "the documented routes and the authorization table differ");

    // Every documented route exists on the server: the router's own 404/405 never answers.
    for route in &documented {
        let (method, path) = route.split_once(' ').unwrap();
        let concrete = path
            .replace("{tenant_id}", TENANT_A)
            .replace("{id}", "x")
            .replace("{customer_id}", "x")
            .replace("{target}", "linux")
            .replace("{arch}", "x86_64")
            .replace("{current_version}", "1.0.0");
        let reply =
            Reply::from(app.request(method.parse().unwrap(), &concrete, &Caller::anonymous()).send().await.unwrap())
                .await;
        assert_ne!(reply.status.as_u16(), 405, "{route} is documented but not served");
        if reply.status.as_u16() == 404 {
            assert_ne!(reply.json()["error"]["code"], "no_route", "{route} is documented but not served");
        }
    }
    // Customer routes document the tenant header the app must send.
    let parameters = spec["paths"]["/api/portal/me"]["get"]["parameters"].as_array().expect("parameters");
    assert!(parameters.iter().any(|p| p["name"] == "X-Tenant-Id" && p["in"] == "header" && p["required"] == true));

    // And a route that is not documented does not exist.
    let reply = app.get("/api/not-a-route", &Caller::anonymous()).await;
    assert_eq!(reply.error(404), "no_route");
}

/// Every error a route documents carries the error body, and the errors each kind of route can
/// meet are listed on every route of that kind.
#[tokio::test]
async fn every_route_documents_its_errors_with_the_error_body() {
    let app = TestApp::spawn().await;
    let spec = app.get("/api/openapi.json", &Caller::anonymous()).await.expect(200);
    let shared = &spec["components"]["responses"];
    let mut problems = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let route = format!("{} {path}", method.to_uppercase());
            let responses = operation["responses"].as_object().unwrap();
            let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
            let takes = |location: &str| parameters.iter().any(|p| p["in"] == location);
            let mut required = vec!["500"];
            if !operation["security"].is_null() {
                required.extend(["401", "503"]);
            }
            if takes("path") {
                required.extend(["400", "404", "422"]);
            }
            if takes("query") {
                required.extend(["400", "422"]);
            }
            if !operation["requestBody"].is_null() {
                required.extend(["400", "413", "415", "422"]);
            }
            for status in required {
                if !responses.contains_key(status) {
                    problems.push(format!("{route} does not list {status}"));
                }
            }
            for (status, response) in responses {
                if !status.starts_with('4') && !status.starts_with('5') || route == "GET /api/health" {
                    continue;
                }
                let response = match response["$ref"].as_str() {
                    Some(reference) => &shared[reference.trim_start_matches("#/components/responses/")],
                    None => response,
                };
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                if schema != "#/components/schemas/ErrorBody" {
                    problems.push(format!("{route} {status} has no ErrorBody: {response}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
