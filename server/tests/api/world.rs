//! A small but complete world: two tenants, staff of every role, customers on both sides, a
//! customer's ticket with a public reply, an internal note and attachments of both visibilities,
//! and an outage. Arranged through the staff API wherever an API exists.

use serde_json::{json, Value};

use crate::helpers::*;

pub const TENANT_A: &str = "ridgeline";
pub const TENANT_B: &str = "prairie";
/// Text that only ever appears in internal notes and internal attachments.
pub const INTERNAL_MARKER: &str = "INTERNAL-ONLY-7f3a";

pub struct Person {
    pub user: EmulatorUser,
    pub caller: Caller,
    /// Customer id or staff member id.
    pub id: String,
}

pub struct World {
    pub app: TestApp,
    pub owner: Person,
    pub admin: Person,
    pub technician: Person,
    pub support: Person,
    pub other_owner: Person,
    pub alice: Person,
    pub bob: Person,
    pub carol: Person,
    /// A customer of tenant A without a portal account.
    pub dave_id: String,
    pub alice_ticket: String,
    pub carol_ticket: String,
    pub outage: String,
    pub public_attachment: String,
    pub internal_attachment: String,
    pub carol_attachment: String,
}

pub fn customer_body(number: &str, name: &str, phone: &str) -> Value {
    json!({
        "customerNumber": number,
        "name": name,
        "email": format!("{}@example.net", number.to_lowercase()),
        "phone": phone,
        "serviceAddress": "12 Test Road",
        "plan": {"name": "Standard 50/10", "downMbps": 50.0, "upMbps": 10.0, "monthlyPriceCents": 6999},
        "serviceStatus": "active",
        "equipment": [{"kind": "radio", "make": "Ubiquiti", "model": "LiteBeam 5AC", "signalDbm": -71.0}],
        "serviceHistory": [{"at": "2024-05-02T15:00:00Z", "kind": "install", "summary": "Installed on the barn roof", "technician": "T. Tester"}]
    })
}

async fn staff(app: &TestApp, tenant: &str, role: &str) -> Person {
    let user = new_user(role).await;
    let id = app.insert_staff(tenant, &user, role).await;
    Person { caller: Caller::with_token(&user.id_token, tenant), user, id }
}

pub async fn create_customer(app: &TestApp, staff: &Caller, number: &str, name: &str, phone: &str) -> String {
    let body = app.post("/api/customers", staff, customer_body(number, name, phone)).await.expect(201);
    body["id"].as_str().unwrap().to_string()
}

async fn customer(app: &TestApp, staff: &Caller, tenant: &str, number: &str, name: &str, phone: &str) -> Person {
    let id = create_customer(app, staff, number, name, phone).await;
    let user = new_user(&name.to_lowercase()).await;
    app.link_directly(&id, &user).await;
    Person { caller: Caller::with_token(&user.id_token, tenant), user, id }
}

/// A 1×1 PNG.
pub fn tiny_png() -> Vec<u8> {
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
        0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff,
        0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    PNG.to_vec()
}

impl World {
    /// Moves a work order to `status` as the owner, from whatever version it is at.
    pub async fn set_status(&self, work_order: &str, status: &str) -> Value {
        let path = format!("/api/work-orders/{work_order}");
        let current = self.app.get(&path, &self.owner.caller).await.expect(200);
        self.app
            .patch(&path, &self.owner.caller, json!({"version": current["version"], "status": status}))
            .await
            .expect(200)
    }

    pub async fn build() -> World {
        Self::build_with(|_| {}).await
    }

    /// The same world on a server with adjusted settings.
    pub async fn build_with(adjust: impl FnOnce(&mut wisp_server::Config)) -> World {
        let app = TestApp::spawn_with(adjust).await;
        app.insert_tenant(TENANT_A, "Ridgeline Wireless").await;
        app.insert_tenant(TENANT_B, "Prairie Sky Net").await;
        let owner = staff(&app, TENANT_A, "owner").await;
        let admin = staff(&app, TENANT_A, "admin").await;
        let technician = staff(&app, TENANT_A, "technician").await;
        let support = staff(&app, TENANT_A, "support").await;
        let other_owner = staff(&app, TENANT_B, "owner").await;

        let alice = customer(&app, &owner.caller, TENANT_A, "RW-1001", "Alice", "+1 555 010 0001").await;
        let bob = customer(&app, &owner.caller, TENANT_A, "RW-1002", "Bob", "+1 555 010 0002").await;
        let carol = customer(&app, &other_owner.caller, TENANT_B, "PS-2001", "Carol", "+1 555 010 0003").await;
        let dave_id = create_customer(&app, &owner.caller, "RW-1003", "Dave Example", "(555) 010-0004").await;

        let ticket = app
            .post(
                "/api/portal/tickets",
                &alice.caller,
                json!({"title": "Slow in the evening", "description": "Speeds drop after 7pm."}),
            )
            .await
            .expect(201);
        let alice_ticket = ticket["id"].as_str().unwrap().to_string();
        let on_ticket = format!("/api/work-orders/{alice_ticket}");
        app.post(
            &format!("{on_ticket}/comments"),
            &owner.caller,
            json!({"body": "We are looking into it.", "visibility": "public"}),
        )
        .await
        .expect(201);
        app.post(
            &format!("{on_ticket}/comments"),
            &owner.caller,
            json!({"body": format!("{INTERNAL_MARKER}: legacy plan, check billing first"), "visibility": "internal"}),
        )
        .await
        .expect(201);
        let public_attachment = app
            .upload(&format!("{on_ticket}/attachments"), &owner.caller, "speedtest.png", tiny_png())
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_string();
        let internal_attachment = app
            .upload(
                &format!("{on_ticket}/attachments?visibility=internal"),
                &owner.caller,
                &format!("{INTERNAL_MARKER}-billing.txt"),
                b"internal billing notes".to_vec(),
            )
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_string();

        let carol_ticket = app
            .post(
                "/api/portal/tickets",
                &carol.caller,
                json!({"title": "No connection", "description": "Nothing since the storm."}),
            )
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_string();
        let carol_attachment = app
            .upload(&format!("/api/portal/tickets/{carol_ticket}/attachments"), &carol.caller, "dish.png", tiny_png())
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_string();

        let outage = app
            .post(
                "/api/work-orders",
                &owner.caller,
                json!({"title": "Tower 3 backhaul down", "kind": "outage", "priority": "urgent", "affectedCustomers": [alice.id, bob.id]}),
            )
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_string();

        World {
            app,
            owner,
            admin,
            technician,
            support,
            other_owner,
            alice,
            bob,
            carol,
            dave_id,
            alice_ticket,
            carol_ticket,
            outage,
            public_attachment,
            internal_attachment,
            carol_attachment,
        }
    }
}
