//! The error body every non-2xx answer carries, and the closed set of codes in it.

use serde::{Deserialize, Serialize};
use strum::{AsRefStr, EnumIter, IntoStaticStr};

/// What went wrong, for a client to branch on. The server only ever sends these; a client reading
/// a code from a newer server gets `Unrecognized` and falls back to the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, AsRefStr, IntoStaticStr, EnumIter)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    // 401: no valid sign-in.
    Unauthenticated,
    // 403: signed in, but not allowed.
    Forbidden,
    NotACustomer,
    NotStaff,
    WrongTenant,
    AccountDisabled,
    InsufficientRole,
    NotReporter,
    // 404
    NotFound,
    NoRoute,
    // 405
    MethodNotAllowed,
    // 400: the request cannot be read.
    MissingTenant,
    InvalidBody,
    InvalidJson,
    InvalidQuery,
    InvalidPath,
    InvalidMultipart,
    InvalidCursor,
    /// An update check without a usable `X-Bundle-Type` or `X-Installation-Id`.
    InvalidUpdateRequest,
    VerificationFailed,
    AccessCodeExpired,
    LinkTicketInvalid,
    // 422: readable, but some fields are wrong (see `fields`).
    ValidationFailed,
    // 409: the request conflicts with the current state.
    VersionConflict,
    CustomerNumberTaken,
    AlreadyLinked,
    AlreadyLinkedElsewhere,
    CannotLink,
    AlreadyResolved,
    NotResolved,
    TicketClosed,
    ReopenWindowPassed,
    /// An `Idempotency-Key` sent again with a different request.
    IdempotencyKeyReused,
    /// A release of this version already exists for the channel, target, arch and bundle type.
    ReleaseExists,
    // Limits.
    RateLimited,
    PayloadTooLarge,
    UnsupportedMediaType,
    /// 413: the customer's files already take up all the space their account may use.
    StorageQuotaExceeded,
    /// 413: the provider's storage for attachments is full (nothing the customer did).
    TenantStorageFull,
    // 5xx
    Unavailable,
    /// 503: the server is receiving as many uploads as it takes at once; retry after `Retry-After`.
    UploadsBusy,
    Internal,
    /// A code this build does not know (sent by a newer server). Never sent by the server.
    #[serde(other)]
    Unrecognized,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The body of every non-2xx answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// Stable code a client can branch on.
    pub code: ErrorCode,
    /// Human-readable explanation, safe to show to the user.
    pub message: String,
    /// Per-field problems for `validation_failed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, export_to = "api/"))]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_on_the_wire() {
        for code in <ErrorCode as strum::IntoEnumIterator>::iter() {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
        }
        assert_eq!(ErrorCode::ReopenWindowPassed.as_str(), "reopen_window_passed");
    }

    #[test]
    fn a_code_from_a_newer_server_is_unrecognized_not_an_error() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"brand_new_code","message":"Something new."}}"#).unwrap();
        assert_eq!(body.error.code, ErrorCode::Unrecognized);
        assert_eq!(body.error.message, "Something new.");
    }
}
