//! Sign-up with linking and its rollback, sign-in, wrong password, refresh, password reset,
//! restore from the keychain at start, and sign-out deleting the keychain entry.

use std::sync::{Arc, Mutex};

use app_core::ui_types::SignupCheckRequest;
use app_core::{AppErrorCode, Sensitive};

use crate::helpers::*;

#[tokio::test]
async fn signing_up_with_customer_number_and_phone_links_the_account_and_keeps_it_in_the_keychain() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let number = "RW-2001".to_string();
    server.customer(&number, "+1 555 010 4242").await;
    let app = start(&server, data.path(), &test_identifier());

    let check = app.session.signup_verify(&phone_check(&number, "(555) 010-4242")).await.unwrap();
    assert_eq!(check.greeting_name, "Casey");
    let email = format!("{}@example.com", unique("casey."));
    let state = app.session.signup_complete(&email, &password()).await.unwrap();
    assert!(state.signed_in && state.keychain_available, "{state:?}");
    assert_eq!(state.email.as_deref(), Some(email.as_str()));

    let me = app.api.me().await.expect("the linked customer reads their profile");
    assert_eq!(me.customer_number, number);
    let uid = app.session.uid().await.unwrap();
    let stored = app.session.keychain().load(&uid).unwrap();
    assert!(stored.is_some_and(|token| !token.expose().is_empty()), "the refresh token is in the keychain");
}

#[tokio::test]
async fn signing_up_with_an_access_code_links_the_account() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let customer = server.customer("RW-2002", "+1 555 010 4343").await;
    let code = server.access_code(&customer).await;
    let app = start(&server, data.path(), &test_identifier());

    let check =
        app.session.signup_verify(&SignupCheckRequest { access_code: Some(code), ..Default::default() }).await.unwrap();
    assert_eq!(check.greeting_name, "Casey");
    app.session.signup_complete(&format!("{}@example.com", unique("code.")), &password()).await.unwrap();
    assert_eq!(app.api.me().await.unwrap().id.to_string(), customer);
}

#[tokio::test]
async fn when_linking_fails_the_new_firebase_account_is_deleted() {
    let server = TestServer::spawn().await;
    let number = "RW-2001".to_string();
    server.customer(&number, "+1 555 010 4444").await;
    let (first_data, second_data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = start(&server, first_data.path(), &test_identifier());
    let second = start(&server, second_data.path(), &test_identifier());
    // Both verify while the customer has no login yet; the first one to finish wins.
    first.session.signup_verify(&phone_check(&number, "+15550104444")).await.unwrap();
    second.session.signup_verify(&phone_check(&number, "+15550104444")).await.unwrap();
    let first_email = format!("{}@example.com", unique("first."));
    first.session.signup_complete(&first_email, &password()).await.unwrap();

    let second_email = format!("{}@example.com", unique("second."));
    let err = second.session.signup_complete(&second_email, &password()).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::Conflict, "{err:?}");
    assert!(err.message.contains("already has a sign-in"), "{}", err.message);
    assert!(!emulator_has_account(&second_email).await, "the rolled-back Firebase account is gone");
    assert!(emulator_has_account(&first_email).await);
    assert!(!second.session.state().await.signed_in);
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_plain_words() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, email) = signed_up(&server, data.path(), &test_identifier()).await;
    app.session.sign_out().await.unwrap();

    for (email, password) in [(email.as_str(), "not-the-password"), ("nobody.here@example.com", PASSWORD)] {
        let err = app.session.sign_in(email, &Sensitive::new(password.to_string())).await.unwrap_err();
        assert_eq!(err.code, AppErrorCode::InvalidCredentials);
        assert_eq!(
            err.message,
            "That e-mail address and password don't match. Check them and try again, or reset your password."
        );
    }
    assert!(!app.session.state().await.signed_in);
    let state = app.session.sign_in(&email, &password()).await.unwrap();
    assert!(state.signed_in);
}

#[tokio::test]
async fn a_restart_restores_the_session_from_the_keychain_and_sign_out_deletes_the_entry() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let identifier = test_identifier();
    let (app, email) = signed_up(&server, data.path(), &identifier).await;
    let uid = app.session.uid().await.unwrap();
    drop(app);

    // The app starts again: nothing but the keychain entry and its pointer survived.
    let restarted = start(&server, data.path(), &identifier);
    assert!(!restarted.session.state().await.signed_in);
    let state = restarted.session.restore().await.unwrap();
    assert!(state.signed_in, "{state:?}");
    assert_eq!(state.email.as_deref(), Some(email.as_str()));
    restarted.api.me().await.expect("the restored session calls the API");

    // A refresh through the secure-token endpoint gives a token the server accepts.
    let refreshed = restarted.session.token_source().refresh().await.unwrap();
    assert!(!refreshed.is_empty());
    restarted.api.me().await.expect("the refreshed token is accepted");

    restarted.session.sign_out().await.unwrap();
    assert!(restarted.session.keychain().load(&uid).unwrap().is_none(), "sign-out deletes the keychain entry");
    let err = restarted.api.me().await.unwrap_err();
    assert!(err.needs_sign_in(), "{err:?}");

    let again = start(&server, data.path(), &identifier);
    assert!(!again.session.restore().await.unwrap().signed_in);
}

#[tokio::test]
async fn a_password_reset_email_carries_a_working_code() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, email) = signed_up(&server, data.path(), &test_identifier()).await;
    app.session.sign_out().await.unwrap();

    app.session.send_password_reset(&email).await.unwrap();
    let code = oob_code(&email, "PASSWORD_RESET").await.expect("the emulator sent a reset e-mail");
    // What the link in the e-mail does: set a new password with the code.
    let reset = reqwest::Client::new()
        .post(format!("http://{}/identitytoolkit.googleapis.com/v1/accounts:resetPassword?key=k", emulator_host()))
        .json(&serde_json::json!({"oobCode": code, "newPassword": "a-brand-new-password"}))
        .send()
        .await
        .unwrap();
    assert!(reset.status().is_success());
    let err = app.session.sign_in(&email, &password()).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::InvalidCredentials);
    assert!(app.session.sign_in(&email, &Sensitive::new("a-brand-new-password".into())).await.unwrap().signed_in);
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one() {
    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let (app, email) = signed_up(&server, data.path(), &test_identifier()).await;
    let err = app
        .session
        .change_password(&Sensitive::new("wrong-current".into()), &Sensitive::new("next-password-2".into()))
        .await
        .unwrap_err();
    assert_eq!(err.code, AppErrorCode::InvalidCredentials);
    assert_eq!(err.message, "Your current password isn't right. Please try again.");

    app.session.change_password(&password(), &Sensitive::new("next-password-2".into())).await.unwrap();
    app.api.me().await.expect("still signed in after the change");
    app.session.sign_out().await.unwrap();
    assert!(app.session.sign_in(&email, &Sensitive::new("next-password-2".into())).await.unwrap().signed_in);
}

/// Everything the core logs while signing up, restoring and refreshing, at every level.
#[tokio::test]
async fn the_refresh_token_never_reaches_logs_or_debug_output() {
    let logs = Arc::new(Mutex::new(Vec::<u8>::new()));
    let sink = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || LogSink(sink.clone()))
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::spawn().await;
    let data = tempfile::tempdir().unwrap();
    let identifier = test_identifier();
    let (app, _) = signed_up(&server, data.path(), &identifier).await;
    let uid = app.session.uid().await.unwrap();
    let refresh_token = app.session.keychain().load(&uid).unwrap().unwrap();
    let restarted = start(&server, data.path(), &identifier);
    restarted.session.restore().await.unwrap();
    restarted.session.token_source().refresh().await.unwrap();
    let err = restarted.session.sign_in("x@example.com", &Sensitive::new("wrong-password".into())).await.unwrap_err();

    let mut shown = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(!shown.is_empty(), "logs were captured");
    shown.push_str(&format!("{:?} {:?} {:?} {:?}", app.session, restarted.session, err, refresh_token));
    shown.push_str(&serde_json::to_string(&restarted.session.state().await).unwrap());
    for file in walk(data.path()) {
        shown.push_str(&String::from_utf8_lossy(&std::fs::read(file).unwrap()));
    }
    assert!(!shown.contains(refresh_token.expose().as_str()), "the refresh token leaked");
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every file under a folder (the app's data folder: nothing in it may hold the token).
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
