//! `wisp-server seed-demo` empties the database it seeds, so it must never take someone's data.

use crate::helpers::*;

#[tokio::test]
async fn seed_demo_refuses_a_database_with_data_it_did_not_write() {
    let data_dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(data_dir.path()).await;
    let config = test_config(data_dir.path(), url.clone());
    let db = wisp_server::db::Db::connect(&url).await.unwrap();
    let branding = portal_api::Branding::default();
    let settings = wisp_server::tenants::TenantSettings::default();
    wisp_server::provisioning::add_tenant(&db, "acme-wireless", "Acme Wireless", &branding, &settings).await.unwrap();
    db.pool().close().await;
    let tenants = || async {
        let db = wisp_server::db::Db::connect(&url).await.unwrap();
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT id FROM tenants ORDER BY id").fetch_all(db.pool()).await.unwrap();
        db.pool().close().await;
        ids
    };

    let refusal = wisp_server::demo::seed(config.clone(), false).await.unwrap_err().to_string();
    assert!(refusal.contains("acme-wireless") && refusal.contains("--wipe-existing-data"), "{refusal}");
    assert_eq!(tenants().await, ["acme-wireless"], "nothing was touched");

    // Told explicitly, it replaces the data; seeding its own data again needs no flag.
    wisp_server::demo::seed(config.clone(), true).await.unwrap();
    let demo = tenants().await;
    assert!(!demo.is_empty() && !demo.contains(&"acme-wireless".to_string()), "{demo:?}");
    wisp_server::demo::seed(config, false).await.unwrap();
    assert_eq!(tenants().await, demo);
}
