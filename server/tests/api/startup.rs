//! What the server refuses to start with, and what it never prints. These run the real binary.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::*;

const PASSWORD_IN_URL: &str = "S3cret-db-pw";

/// `wisp-server serve` with only the given environment.
fn server(data_dir: &std::path::Path, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wisp-server"));
    command
        .arg("serve")
        .env_clear()
        .env("WISP_DATA_DIR", data_dir)
        .env("WISP_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "debug")
        .envs(vars.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Waits up to `limit` for the child to exit; kills it otherwise. Returns what it printed.
async fn finish(mut child: Child, limit: Duration) -> (Output, bool) {
    let deadline = Instant::now() + limit;
    let mut exited = false;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            exited = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !exited {
        child.kill().unwrap();
    }
    (child.wait_with_output().unwrap(), exited)
}

fn printed(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Runs a server that is expected to refuse to start; returns everything it printed.
async fn refused(vars: &[(&str, &str)]) -> String {
    let data_dir = tempfile::tempdir().unwrap();
    let (output, exited) = finish(server(data_dir.path(), vars).spawn().unwrap(), Duration::from_secs(60)).await;
    let printed = printed(&output);
    assert!(exited && !output.status.success(), "the server started: {printed}");
    printed
}

#[tokio::test]
async fn emulator_mode_needs_an_explicit_opt_in_and_a_demo_project() {
    let key = random_link_key();
    let host = "127.0.0.1:9";
    let no_opt_in = refused(&[
        ("FIREBASE_AUTH_EMULATOR_HOST", host),
        ("FIREBASE_PROJECT_ID", "demo-wisp-test"),
        ("WISP_LINK_KEY", &key),
    ])
    .await;
    assert!(no_opt_in.contains("WISP_ALLOW_AUTH_EMULATOR"), "{no_opt_in}");
    assert!(no_opt_in.contains("Refusing to start"), "{no_opt_in}");

    let real_project = refused(&[
        ("FIREBASE_AUTH_EMULATOR_HOST", host),
        ("WISP_ALLOW_AUTH_EMULATOR", "1"),
        ("FIREBASE_PROJECT_ID", "ridgeline-prod"),
        ("WISP_LINK_KEY", &key),
    ])
    .await;
    assert!(real_project.contains("\"demo-\""), "{real_project}");

    let unclear = refused(&[
        ("FIREBASE_AUTH_EMULATOR_HOST", host),
        ("WISP_ALLOW_AUTH_EMULATOR", "maybe"),
        ("FIREBASE_PROJECT_ID", "demo-wisp-test"),
        ("WISP_LINK_KEY", &key),
    ])
    .await;
    assert!(unclear.contains("WISP_ALLOW_AUTH_EMULATOR must be 1 or 0"), "{unclear}");
}

#[tokio::test]
async fn with_all_three_the_server_starts_on_the_emulator() {
    let data_dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let bind = format!("127.0.0.1:{port}");
    let key = random_link_key();
    let host = emulator_host();
    let mut child = server(
        data_dir.path(),
        &[
            ("FIREBASE_AUTH_EMULATOR_HOST", &host),
            ("WISP_ALLOW_AUTH_EMULATOR", "1"),
            ("FIREBASE_PROJECT_ID", "demo-wisp-test"),
            ("WISP_LINK_KEY", &key),
            ("WISP_BIND", &bind),
        ],
    )
    .spawn()
    .unwrap();
    let health = format!("http://{bind}/api/health");
    let mut up = false;
    for _ in 0..150 {
        if reqwest::get(&health).await.is_ok_and(|r| r.status().is_success()) {
            up = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (output, _) = finish(child, Duration::ZERO).await;
    let printed = printed(&output);
    assert!(up, "the server did not answer: {printed}");
    assert!(printed.contains("UNSIGNED"), "emulator mode is announced: {printed}");
    assert!(!printed.contains(&key), "the key is never printed");
}

#[tokio::test]
async fn the_link_key_comes_from_the_environment_or_a_file_and_is_required() {
    let missing = refused(&[("FIREBASE_PROJECT_ID", "ridgeline-prod")]).await;
    assert!(missing.contains("WISP_LINK_KEY or WISP_LINK_KEY_FILE must be set"), "{missing}");

    let key_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(key_file.path(), random_link_key()).unwrap();
    let path = key_file.path().to_str().unwrap();
    let both = refused(&[
        ("FIREBASE_PROJECT_ID", "ridgeline-prod"),
        ("WISP_LINK_KEY", &random_link_key()),
        ("WISP_LINK_KEY_FILE", path),
    ])
    .await;
    assert!(both.contains("not both"), "{both}");

    let short = "0011223344556677";
    let too_short = refused(&[("FIREBASE_PROJECT_ID", "ridgeline-prod"), ("WISP_LINK_KEY", short)]).await;
    assert!(too_short.contains("too short") && !too_short.contains(short), "{too_short}");
}

#[tokio::test]
async fn a_malformed_limit_is_a_startup_error_never_a_default() {
    let key = random_link_key();
    for (name, value, says) in [
        ("WISP_MAX_CONCURRENT_UPLOADS", "eight", "WISP_MAX_CONCURRENT_UPLOADS has an invalid value"),
        ("WISP_MAX_CONCURRENT_UPLOADS", "0", "WISP_MAX_CONCURRENT_UPLOADS must be at least 1"),
        ("WISP_CUSTOMER_TICKETS_PER_HOUR", "20/h", "WISP_CUSTOMER_TICKETS_PER_HOUR has an invalid value"),
        ("WISP_CUSTOMER_COMMENTS_PER_HOUR", "-1", "WISP_CUSTOMER_COMMENTS_PER_HOUR must be at least 1"),
        ("WISP_CUSTOMER_UPLOADS_PER_HOUR", "0", "WISP_CUSTOMER_UPLOADS_PER_HOUR must be at least 1"),
        ("WISP_CUSTOMER_STORAGE_MB", "200MB", "WISP_CUSTOMER_STORAGE_MB has an invalid value"),
        ("WISP_TENANT_STORAGE_MB", "100", "WISP_CUSTOMER_STORAGE_MB must not be larger than WISP_TENANT_STORAGE_MB"),
        ("WISP_MAX_LOGO_KB", "2MB", "WISP_MAX_LOGO_KB has an invalid value"),
        ("WISP_MAX_LOGO_KB", "0", "WISP_MAX_LOGO_KB must be at least 1"),
    ] {
        let printed =
            refused(&[("FIREBASE_PROJECT_ID", "ridgeline-prod"), ("WISP_LINK_KEY", &key), (name, value)]).await;
        assert!(printed.contains(says), "{name}={value}: {printed}");
    }
}

#[tokio::test]
async fn secrets_never_reach_the_logs_or_debug_output() {
    let key = random_link_key();
    let url = format!("postgres://wisp:{PASSWORD_IN_URL}@127.0.0.1:9/wisp");
    // Debug logging, and a database that cannot be reached: the error names neither secret.
    let printed =
        refused(&[("FIREBASE_PROJECT_ID", "ridgeline-prod"), ("WISP_LINK_KEY", &key), ("DATABASE_URL", &url)]).await;
    assert!(printed.contains("cannot connect to the postgres database"), "{printed}");
    assert!(!printed.contains(PASSWORD_IN_URL) && !printed.contains(&key), "{printed}");

    let data_dir = tempfile::tempdir().unwrap();
    let mut config = test_config(data_dir.path(), url);
    config.link_keys = Some(wisp_server::secrets::LinkKeys::from_hex(&key, None).unwrap());
    let shown = format!("{config:?}");
    assert!(shown.contains("project_id"), "Debug still shows the settings: {shown}");
    assert!(!shown.contains(PASSWORD_IN_URL) && !shown.contains(&key), "{shown}");
    let secrets = wisp_server::secrets::Secrets::new(config.link_keys.clone().unwrap());
    assert!(!format!("{secrets:?}").contains(&key[..8]));
}
