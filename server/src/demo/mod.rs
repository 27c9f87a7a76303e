//! `wisp-server seed-demo`: resets the database to a fixed demo data set (two WISPs with
//! customers, equipment, tickets and FAQ) and creates the matching sign-ins in the Firebase Auth
//! emulator.
//!
//! Everything is generated in memory first, from a seeded RNG so the data is the same on every
//! run, and then written with one transaction per tenant. Times are relative to now, so the demo
//! always shows recent activity.

mod content;
mod emulator;
mod generate;
mod store;

use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::config::Config;
use crate::db::{now_ms, Engine};

use content::{prairie_sky, ridgeline};
use emulator::{demo_logins, AuthEmulator, DemoLogin};
use generate::{generate, DemoTenant};
use store::{refuse_foreign_data, reset_database, write_tenant};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "demo-password-1";

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const YEAR: i64 = 365 * DAY;

/// Seeds the demo. A database holding tenants that an earlier seed did not write is left alone
/// unless `wipe_existing_data` says to empty it anyway.
pub async fn seed(config: Config, wipe_existing_data: bool) -> anyhow::Result<()> {
    config.firebase.validate()?;
    let Some(emulator_host) = config.firebase.emulator_host.clone() else {
        bail!(
            "seed-demo creates users with a published password, so it only runs against the Firebase Auth emulator: \
             set FIREBASE_AUTH_EMULATOR_HOST (for example by running it inside `firebase emulators:exec --only auth`)"
        );
    };
    let started = Instant::now();
    let now = now_ms();
    let tenants = [generate(ridgeline(), now), generate(prairie_sky(), now)];

    if !wipe_existing_data {
        refuse_foreign_data(&config).await?;
    }
    // Users next: if the emulator is not reachable, the database is left as it was.
    let emulator = AuthEmulator::new(&emulator_host, &config.firebase.project_id);
    let logins = demo_logins(&tenants);
    emulator.replace_users(&logins).await?;

    let db = reset_database(&config).await?;
    for tenant in &tenants {
        write_tenant(&db, tenant)
            .await
            .with_context(|| format!("cannot write the demo tenant {}", tenant.profile.id))?;
    }
    print_summary(&tenants, &logins, db.engine(), started.elapsed());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

fn print_summary(tenants: &[DemoTenant], logins: &[DemoLogin], engine: Engine, took: Duration) {
    println!();
    println!("Demo data ready on {} in {:.2} s.", engine.name(), took.as_secs_f64());
    println!();
    println!("Sign in (every password is {DEMO_PASSWORD}):");
    println!("  {:<12} {:<11} {:<30} name", "tenant", "role", "e-mail");
    for l in logins {
        println!("  {:<12} {:<11} {:<30} {}", l.tenant_id, l.role, l.email, l.name);
    }
    println!();
    println!("Sign up (no account yet; verify with customer number and phone):");
    println!("  {:<12} {:<11} {:<16} name", "tenant", "customer", "phone");
    for t in tenants {
        let c = t.signup_customer();
        println!("  {:<12} {:<11} {:<16} {}", t.profile.id, c.number, c.phone, c.name);
    }
    println!();
    println!("  {:<12} {:>9} {:>11} {:>8} {:>7}", "tenant", "customers", "work orders", "comments", "events");
    for t in tenants {
        println!(
            "  {:<12} {:>9} {:>11} {:>8} {:>7}",
            t.profile.id,
            t.customers.len(),
            t.work_orders.len(),
            t.comment_count(),
            t.event_seq
        );
    }
}
