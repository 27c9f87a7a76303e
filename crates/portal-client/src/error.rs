//! Every way a call can fail, as one type, and the sentence a subscriber reads for each.

use std::time::Duration;

use portal_api::{ErrorCode, ErrorDetail};
use reqwest::StatusCode;

/// A failed call. Whatever a server (or anything pretending to be one) answers becomes one of
/// these; the client never panics on an answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    /// The client was built with an unusable setting (base URL, tenant id).
    #[error("the portal client is misconfigured: {0}")]
    Config(String),
    /// No connection, or the connection broke before a whole answer arrived.
    #[error("cannot reach the server: {0}")]
    Offline(String),
    /// The server did not answer within the configured time.
    #[error("the server did not answer in time")]
    Timeout,
    /// There is no session to call with, or it can no longer be refreshed: sign in again.
    #[error("not signed in")]
    SignedOut,
    /// The session could not produce a token (for example, the sign-in service is unreachable).
    #[error("could not get a sign-in token: {0}")]
    TokenUnavailable(String),
    /// The server refused the call with its `{ "error": { code, message, fields } }` body.
    #[error("{status}: {} ({})", error.message, error.code)]
    Api {
        status: StatusCode,
        error: ErrorDetail,
        /// From `Retry-After` on `429` and `503`.
        retry_after: Option<Duration>,
    },
    /// A status without the API's error body: a proxy's error page, a captive portal's redirect.
    #[error("unexpected answer from the server: {status}")]
    UnexpectedStatus { status: StatusCode },
    /// A success status with a body that is not what the API promises.
    #[error("the server's answer could not be read: {0}")]
    InvalidBody(String),
    /// The answer was larger than the client reads.
    #[error("the server's answer is larger than {limit} bytes")]
    BodyTooLarge { limit: usize },
}

impl ClientError {
    /// The API's error code, when the server answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { error, .. } => Some(error.code),
            _ => None,
        }
    }

    /// The HTTP status the server answered with, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Api { status, .. } | ClientError::UnexpectedStatus { status } => Some(*status),
            _ => None,
        }
    }

    /// True when sending the same request later may succeed: the network, a timeout, an
    /// overloaded or failing server. False when the request itself was refused and sending it
    /// again unchanged cannot help (an outbox then stops and shows the message).
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Offline(_) | ClientError::Timeout | ClientError::TokenUnavailable(_) => true,
            ClientError::Api { status, .. } | ClientError::UnexpectedStatus { status } => {
                status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS || status.is_redirection()
            }
            ClientError::Config(_)
            | ClientError::SignedOut
            | ClientError::InvalidBody(_)
            | ClientError::BodyTooLarge { .. } => false,
        }
    }

    /// True when the subscriber must sign in again.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, ClientError::SignedOut) || self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// A sentence for the subscriber, naming their provider (`company_name`, e.g. "Ridgeline
    /// Wireless"). Never a status code, an error code or a technical term.
    pub fn user_message(&self, company_name: &str) -> String {
        let company = company_name;
        match self {
            ClientError::Config(_) => {
                format!("This app is not set up correctly. Please contact {company} for help.")
            }
            ClientError::Offline(_) => {
                format!("We couldn't reach {company}. Check your internet connection and try again.")
            }
            ClientError::Timeout => {
                format!("{company} is taking too long to answer. Please try again in a moment.")
            }
            ClientError::SignedOut => "You're signed out. Please sign in again.".into(),
            ClientError::TokenUnavailable(_) => {
                "We couldn't confirm your sign-in right now. Check your internet connection and try again.".into()
            }
            ClientError::Api { status, error, .. } => api_message(*status, error, company),
            ClientError::UnexpectedStatus { status } if status.is_redirection() => format!(
                "We couldn't reach {company}. If you're on a public Wi-Fi network, open a web page to sign in to \
                 it, then try again."
            ),
            ClientError::UnexpectedStatus { status } if status.is_server_error() => unavailable(company),
            ClientError::UnexpectedStatus { .. } | ClientError::InvalidBody(_) | ClientError::BodyTooLarge { .. } => {
                format!(
                    "We got an answer from {company} that this app doesn't understand. Please try again later, or \
                     check for an app update."
                )
            }
        }
    }
}

fn unavailable(company: &str) -> String {
    format!("{company}'s support portal is temporarily unavailable. Please try again in a few minutes.")
}

/// Words for the codes a subscriber can meet. Codes only staff or a broken request can cause get
/// a general sentence; a code this build does not know (a newer server) gets the server's own
/// message, which the API promises is fit to show.
fn api_message(status: StatusCode, error: &ErrorDetail, company: &str) -> String {
    let general = || {
        format!("Something went wrong with that request. Please try again, or contact {company} if it keeps happening.")
    };
    match error.code {
        ErrorCode::Unauthenticated => "Your session has ended. Please sign in again.".into(),
        ErrorCode::ValidationFailed => {
            let problems: Vec<String> =
                error.fields.iter().map(|f| format!("{}: {}", field_label(&f.field), f.message)).collect();
            if problems.is_empty() {
                "Some details are missing or not valid. Please check what you entered.".into()
            } else {
                format!("Please check what you entered. {}", problems.join(" "))
            }
        }
        ErrorCode::NotFound => "We couldn't find that. It may have been removed, or it isn't yours to see.".into(),
        ErrorCode::RateLimited => "Too many attempts in a short time. Please wait a few minutes and try again.".into(),
        ErrorCode::PayloadTooLarge => "That file is too large to send. Try a smaller photo or document.".into(),
        ErrorCode::UnsupportedMediaType => {
            "That kind of file can't be attached. Send a photo, a PDF or a plain-text file.".into()
        }
        ErrorCode::StorageQuotaExceeded => format!(
            "Your account has no room for more files. Describe the problem in a comment instead, or contact {company}."
        ),
        ErrorCode::TenantStorageFull => format!(
            "{company}'s portal can't take new files right now. Describe the problem in a comment instead, or try \
             again later."
        ),
        ErrorCode::UploadsBusy => "Many files are being sent right now. Please try again in a moment.".into(),
        ErrorCode::AccountDisabled => format!("Your portal account is not active. Please contact {company}."),
        ErrorCode::NotACustomer => {
            format!("This sign-in isn't linked to a {company} account yet. Finish signing up, or contact {company}.")
        }
        ErrorCode::WrongTenant => format!("This sign-in belongs to another provider's app, not {company}'s."),
        ErrorCode::NotReporter => "Only the person who opened this ticket can change it.".into(),
        ErrorCode::TicketClosed => "This ticket is closed. Open a new ticket if you still need help.".into(),
        ErrorCode::AlreadyResolved => "This ticket is already marked as fixed.".into(),
        ErrorCode::NotResolved => "This ticket is still open.".into(),
        ErrorCode::ReopenWindowPassed => {
            "This ticket was resolved too long ago to reopen. Please open a new ticket instead.".into()
        }
        ErrorCode::IdempotencyKeyReused => {
            "This message clashes with one you sent earlier. Please copy your text and send it again.".into()
        }
        ErrorCode::VerificationFailed => format!(
            "We couldn't match those details to a {company} account. Check your customer number and phone number."
        ),
        ErrorCode::AccessCodeExpired => format!("This access code has expired. Ask {company} for a new one."),
        ErrorCode::LinkTicketInvalid => "This sign-up took too long or was already used. Please start again.".into(),
        ErrorCode::AlreadyLinked | ErrorCode::AlreadyLinkedElsewhere | ErrorCode::CannotLink => format!(
            "This account already has a sign-in. Sign in, or reset your password; if that doesn't work, contact \
             {company}."
        ),
        ErrorCode::Unavailable | ErrorCode::Internal => unavailable(company),
        // Staff routes, or a request this app should never send: nothing the subscriber can fix.
        ErrorCode::Forbidden
        | ErrorCode::NotStaff
        | ErrorCode::InsufficientRole
        | ErrorCode::NoRoute
        | ErrorCode::MethodNotAllowed
        | ErrorCode::MissingTenant
        | ErrorCode::InvalidBody
        | ErrorCode::InvalidJson
        | ErrorCode::InvalidQuery
        | ErrorCode::InvalidPath
        | ErrorCode::InvalidMultipart
        | ErrorCode::InvalidCursor
        | ErrorCode::VersionConflict
        | ErrorCode::CustomerNumberTaken
        | ErrorCode::InvalidUpdateRequest
        | ErrorCode::ReleaseExists => general(),
        ErrorCode::Unrecognized if status.is_server_error() => unavailable(company),
        ErrorCode::Unrecognized => {
            let message = error.message.trim();
            if message.is_empty() || message.chars().count() > 300 {
                general()
            } else {
                message.to_string()
            }
        }
    }
}

/// A field name of the API as words.
fn field_label(field: &str) -> String {
    let last = field.rsplit('.').next().unwrap_or(field);
    let mut words = String::new();
    for (i, c) in last.chars().enumerate() {
        if c.is_uppercase() {
            words.push(' ');
            words.extend(c.to_lowercase());
        } else if i == 0 {
            words.extend(c.to_uppercase());
        } else {
            words.push(c);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use portal_api::FieldError;

    use super::*;

    fn api(status: u16, code: ErrorCode, fields: Vec<FieldError>) -> ClientError {
        ClientError::Api {
            status: StatusCode::from_u16(status).unwrap(),
            error: ErrorDetail { code, message: "server text".into(), fields },
            retry_after: None,
        }
    }

    #[test]
    fn messages_are_plain_words_that_name_the_provider() {
        let cases = [
            ClientError::Offline("tcp connect error: Connection refused (os error 111)".into()),
            ClientError::Timeout,
            api(503, ErrorCode::Unavailable, vec![]),
            api(500, ErrorCode::Internal, vec![]),
            ClientError::UnexpectedStatus { status: StatusCode::BAD_GATEWAY },
            ClientError::UnexpectedStatus { status: StatusCode::FOUND },
            api(403, ErrorCode::AccountDisabled, vec![]),
            api(413, ErrorCode::StorageQuotaExceeded, vec![]),
            api(413, ErrorCode::TenantStorageFull, vec![]),
        ];
        for error in cases {
            let message = error.user_message("Ridgeline Wireless");
            assert!(message.contains("Ridgeline Wireless"), "{error:?}: {message}");
            for jargon in ["502", "503", "500", "os error", "tcp", "_", "HTTP", "server text"] {
                assert!(!message.contains(jargon), "{error:?} shows {jargon:?}: {message}");
            }
        }
    }

    #[test]
    fn validation_problems_are_listed_by_field() {
        let error = api(
            422,
            ErrorCode::ValidationFailed,
            vec![
                FieldError { field: "title".into(), message: "Use at least 3 characters.".into() },
                FieldError { field: "diagnostics.appVersion".into(), message: "Use at most 40 characters.".into() },
            ],
        );
        assert_eq!(
            error.user_message("Ridgeline Wireless"),
            "Please check what you entered. Title: Use at least 3 characters. App version: Use at most 40 characters."
        );
    }

    #[test]
    fn a_code_from_a_newer_server_shows_the_servers_message() {
        let newer = ClientError::Api {
            status: StatusCode::CONFLICT,
            error: ErrorDetail {
                code: ErrorCode::Unrecognized,
                message: "This ticket is waiting for a technician's visit.".into(),
                fields: vec![],
            },
            retry_after: None,
        };
        assert_eq!(newer.user_message("Prairie Sky Net"), "This ticket is waiting for a technician's visit.");
        assert_eq!(api(502, ErrorCode::Unrecognized, vec![]).user_message("X"), unavailable("X"));
    }

    #[test]
    fn a_request_the_subscriber_cannot_fix_gets_a_general_sentence_not_the_servers_text() {
        let message = api(400, ErrorCode::InvalidBody, vec![]).user_message("Prairie Sky Net");
        assert!(message.starts_with("Something went wrong") && message.contains("Prairie Sky Net"), "{message}");
        assert!(!message.contains("server text"));
    }

    #[test]
    fn only_failures_that_may_pass_later_are_transient() {
        assert!(ClientError::Offline("reset".into()).is_transient());
        assert!(ClientError::Timeout.is_transient());
        assert!(api(503, ErrorCode::Unavailable, vec![]).is_transient());
        assert!(api(429, ErrorCode::RateLimited, vec![]).is_transient());
        assert!(ClientError::UnexpectedStatus { status: StatusCode::BAD_GATEWAY }.is_transient());
        assert!(!api(422, ErrorCode::ValidationFailed, vec![]).is_transient());
        assert!(!api(409, ErrorCode::TicketClosed, vec![]).is_transient());
        assert!(!ClientError::InvalidBody("eof".into()).is_transient());
        assert!(!ClientError::SignedOut.is_transient());
        assert!(api(401, ErrorCode::Unauthenticated, vec![]).needs_sign_in());
        assert!(ClientError::SignedOut.needs_sign_in());
        assert!(!ClientError::Timeout.needs_sign_in());
    }
}
