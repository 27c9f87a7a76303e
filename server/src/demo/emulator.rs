//! Creating (or replacing) the demo users in the Firebase Auth emulator.

use std::time::Duration;

use anyhow::{bail, Context};
use serde_json::{json, Value};

use super::generate::DemoTenant;
use super::DEMO_PASSWORD;

pub(super) struct DemoLogin {
    pub(super) tenant_id: &'static str,
    pub(super) role: &'static str,
    uid: String,
    pub(super) email: String,
    pub(super) name: String,
}

pub(super) fn demo_logins(tenants: &[DemoTenant]) -> Vec<DemoLogin> {
    let mut logins = Vec::new();
    for t in tenants {
        for s in &t.staff {
            logins.push(DemoLogin {
                tenant_id: t.profile.id,
                role: s.role.as_str(),
                uid: s.uid.clone(),
                email: s.email.clone(),
                name: s.name.to_string(),
            });
        }
        for c in &t.customers {
            if let Some(login) = &c.login {
                logins.push(DemoLogin {
                    tenant_id: t.profile.id,
                    role: "customer",
                    uid: login.uid.clone(),
                    email: login.email.clone(),
                    name: format!("{} ({})", c.name, c.number),
                });
            }
        }
    }
    logins
}

/// The emulator's admin REST API. With the `Bearer owner` token it accepts a chosen uid, so the
/// database rows and the users agree without reading anything back.
pub(super) struct AuthEmulator {
    http: reqwest::Client,
    host: String,
    base: String,
}

impl AuthEmulator {
    pub(super) fn new(host: &str, project_id: &str) -> AuthEmulator {
        let host = host.trim_start_matches("http://").trim_end_matches('/').to_string();
        AuthEmulator {
            http: reqwest::Client::builder().timeout(Duration::from_secs(15)).build().unwrap_or_default(),
            base: format!("http://{host}/identitytoolkit.googleapis.com/v1/projects/{project_id}"),
            host,
        }
    }

    async fn call(&self, method: &str, body: Value) -> anyhow::Result<Value> {
        let response = self
            .http
            .post(format!("{}/{method}", self.base))
            .bearer_auth("owner")
            .json(&body)
            .send()
            .await
            .with_context(|| format!("cannot reach the Firebase Auth emulator at {}: is it running?", self.host))?;
        let status = response.status();
        let answer: Value =
            response.json().await.with_context(|| format!("the Auth emulator's answer to {method} is not JSON"))?;
        if !status.is_success() {
            bail!("the Auth emulator refused {method} ({status}): {}", answer["error"]["message"]);
        }
        Ok(answer)
    }

    /// Removes whatever holds the demo uids or e-mails (an earlier run, or a sign-up made during a
    /// demo), then creates the users afresh, so running the seed again always works.
    pub(super) async fn replace_users(&self, logins: &[DemoLogin]) -> anyhow::Result<()> {
        let emails: Vec<&str> = logins.iter().map(|l| l.email.as_str()).collect();
        let existing = self.call("accounts:lookup", json!({ "email": emails })).await?;
        let mut stale: Vec<String> = existing["users"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|user| user["localId"].as_str().map(String::from))
            .chain(logins.iter().map(|l| l.uid.clone()))
            .collect();
        stale.sort();
        stale.dedup();
        self.call("accounts:batchDelete", json!({ "localIds": stale, "force": true })).await?;
        for login in logins {
            self.call(
                "accounts",
                json!({
                    "localId": login.uid,
                    "email": login.email,
                    "password": DEMO_PASSWORD,
                    "displayName": login.name,
                    "emailVerified": true,
                }),
            )
            .await
            .with_context(|| format!("cannot create the demo user {}", login.email))?;
        }
        Ok(())
    }
}
