//! Keys the server generates for itself on first start. They live in the database so that every
//! instance sharing it uses the same ones, with nothing to configure.

use anyhow::Context;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::db::Db;

#[derive(Clone)]
pub struct Secrets {
    code_key: Vec<u8>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

impl Secrets {
    pub async fn load_or_create(db: &Db) -> anyhow::Result<Secrets> {
        let mut fresh = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut fresh);
        sqlx::query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind("code_hmac_key")
            .bind(hex::encode(fresh))
            .execute(db.pool())
            .await
            .context("cannot store the server key")?;
        let stored: String = sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind("code_hmac_key")
            .fetch_one(db.pool())
            .await
            .context("cannot read the server key")?;
        Ok(Secrets { code_key: hex::decode(stored).context("the stored server key is corrupt")? })
    }

    /// Keyed hash for access codes and link tickets: a stolen database does not let anyone try
    /// codes offline.
    pub fn code_hash(&self, purpose: &str, value: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.code_key).expect("HMAC accepts any key length");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}
