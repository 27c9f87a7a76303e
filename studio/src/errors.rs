//! A failed call to the portal API as the studio's staff read it: app-core's [`AppError`] codes
//! (what the UI branches on), with sentences for staff rather than the subscriber app's.

use app_core::{AppError, AppErrorCode};
use portal_api::ErrorCode;
use portal_client::ClientError;

/// The code is the one the subscriber app would get. The sentence is the server's own for a
/// request it refused (the API promises those are fit to show, and staff understand them:
/// "Someone published branding after you started editing…"), except where the client words it
/// better (an ended session, the list of invalid fields); for a failure on the way, the studio's.
pub fn from_client(err: &ClientError) -> AppError {
    let mut error = AppError::from_client(err, "the portal server");
    let server_words = match err {
        ClientError::Api { status, error: detail, .. }
            if status.is_client_error()
                && status.as_u16() != 401
                && detail.code != ErrorCode::ValidationFailed
                && !detail.message.trim().is_empty() =>
        {
            Some(detail.message.trim().to_string())
        }
        _ => None,
    };
    error.message = match (server_words, error.code) {
        (Some(words), _) => words,
        (None, AppErrorCode::Offline) => {
            "The studio couldn't reach the portal server. Check this computer's internet connection and try again."
                .into()
        }
        (None, AppErrorCode::ServerUnavailable) => {
            "The portal server isn't answering properly right now. Please try again in a few minutes.".into()
        }
        (None, AppErrorCode::Configuration) => {
            "The studio's settings don't work with the portal server: check `apiBaseUrl` in its settings file.".into()
        }
        (None, AppErrorCode::Unexpected) => {
            "The portal server gave an answer the studio doesn't understand. Check that the studio is up to date."
                .into()
        }
        (None, _) => error.message,
    };
    error
}

#[cfg(test)]
mod tests {
    use portal_api::{ErrorDetail, FieldError};

    use super::*;

    fn api(status: u16, code: ErrorCode, message: &str, fields: Vec<FieldError>) -> ClientError {
        ClientError::Api {
            status: status.try_into().unwrap(),
            error: ErrorDetail { code, message: message.into(), fields },
            retry_after: None,
        }
    }

    #[test]
    fn a_refused_request_keeps_the_servers_words_and_the_apps_code() {
        let conflict = from_client(&api(
            409,
            ErrorCode::VersionConflict,
            "Someone published branding after you started editing. Reload, compare, and publish again.",
            vec![],
        ));
        assert_eq!(conflict.code, AppErrorCode::Conflict);
        assert!(conflict.message.starts_with("Someone published branding"), "{}", conflict.message);

        let role =
            from_client(&api(403, ErrorCode::InsufficientRole, "Your role (technician) does not allow this.", vec![]));
        assert_eq!(
            (role.code, role.message.as_str()),
            (AppErrorCode::Forbidden, "Your role (technician) does not allow this.")
        );
    }

    #[test]
    fn invalid_fields_are_listed_and_an_ended_session_says_sign_in() {
        let invalid = from_client(&api(
            422,
            ErrorCode::ValidationFailed,
            "Some fields are not valid.",
            vec![FieldError {
                field: "colors.text".into(),
                message: "Text on the background has a contrast of 1.2:1.".into(),
            }],
        ));
        assert_eq!(invalid.code, AppErrorCode::Validation);
        assert!(invalid.message.contains("Text: Text on the background"), "{}", invalid.message);
        assert_eq!(invalid.fields.len(), 1);

        let ended =
            from_client(&api(401, ErrorCode::Unauthenticated, "Your session has expired. Sign in again.", vec![]));
        assert_eq!(ended.code, AppErrorCode::SignedOut);
    }

    #[test]
    fn failures_on_the_way_are_the_studios_sentences() {
        let offline = from_client(&ClientError::Offline("tcp connect error".into()));
        assert_eq!(offline.code, AppErrorCode::Offline);
        assert!(offline.message.contains("couldn't reach the portal server") && !offline.message.contains("tcp"));
        let proxy = from_client(&ClientError::UnexpectedStatus { status: 502u16.try_into().unwrap() });
        assert_eq!(proxy.code, AppErrorCode::ServerUnavailable);
        assert!(proxy.message.starts_with("The portal server isn't answering"), "{}", proxy.message);
    }
}
