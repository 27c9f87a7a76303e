//! The server's one error type. Every failure leaves as `{ "error": { "code", "message" } }`;
//! database and internal errors are logged and answered with a generic message, so no SQL or
//! stack trace reaches a client.

use axum::extract::multipart::MultipartError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_api::{ErrorBody, ErrorCode, ErrorDetail, FieldError};

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{message}")]
    Forbidden { code: ErrorCode, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("some fields are not valid")]
    Validation(Vec<FieldError>),
    #[error("{message}")]
    BadRequest { code: ErrorCode, message: String },
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    #[error("{message}")]
    RateLimited { message: String, retry_after_secs: u64 },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A quota: the upload would pass the storage a customer or a tenant may use.
    #[error("{message}")]
    StorageFull { code: ErrorCode, message: String },
    #[error("{0}")]
    Unavailable(String),
    /// Full for now (`503` with `Retry-After`): the same request may pass in a moment.
    #[error("{message}")]
    Busy { code: ErrorCode, message: String, retry_after_secs: u64 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn not_found(what: &str) -> ApiError {
        ApiError::NotFound(format!("{what} was not found."))
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::Forbidden { code: ErrorCode::Forbidden, message: message.into() }
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::BadRequest { code, message: message.into() }
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::Conflict { code, message: message.into() }
    }

    /// A list's `cursor` that this server did not hand out.
    pub fn invalid_cursor() -> ApiError {
        ApiError::bad_request(
            ErrorCode::InvalidCursor,
            "This cursor is not valid: pass back the `nextCursor` of the previous page.",
        )
    }

    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Validation(vec![FieldError { field: field.into(), message: message.into() }])
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            ApiError::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            ApiError::Forbidden { code, .. } => (StatusCode::FORBIDDEN, *code),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            ApiError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ValidationFailed),
            ApiError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, *code),
            ApiError::Conflict { code, .. } => (StatusCode::CONFLICT, *code),
            ApiError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            ApiError::UnsupportedMediaType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedMediaType),
            ApiError::StorageFull { code, .. } => (StatusCode::PAYLOAD_TOO_LARGE, *code),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable),
            ApiError::Busy { code, .. } => (StatusCode::SERVICE_UNAVAILABLE, *code),
            ApiError::Database(_) | ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }
}

/// A JSON error response outside of `ApiError` (fallbacks, panics, middleware).
pub fn error_response(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let body = ErrorBody { error: ErrorDetail { code, message: message.into(), fields: vec![] } };
    (status, axum::Json(body)).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let (message, fields) = match &self {
            ApiError::Database(err) => {
                tracing::error!(error = %err, "database error");
                ("Something went wrong on our side. Please try again in a moment.".to_string(), vec![])
            }
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                ("Something went wrong on our side. Please try again in a moment.".to_string(), vec![])
            }
            ApiError::Validation(fields) => {
                ("Some fields are not valid: see `fields` for what to correct.".to_string(), fields.clone())
            }
            other => (other.to_string(), vec![]),
        };
        let body = ErrorBody { error: ErrorDetail { code, message, fields } };
        let mut response = (status, axum::Json(body)).into_response();
        match &self {
            ApiError::RateLimited { retry_after_secs, .. } | ApiError::Busy { retry_after_secs, .. } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            ApiError::Unauthenticated(_) => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        match rejection {
            JsonRejection::JsonDataError(err) => ApiError::bad_request(
                ErrorCode::InvalidBody,
                format!("The request body does not have the expected fields: {}", err.body_text()),
            ),
            JsonRejection::JsonSyntaxError(_) => {
                ApiError::bad_request(ErrorCode::InvalidJson, "The request body is not valid JSON.")
            }
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::UnsupportedMediaType("Send the body as JSON with `Content-Type: application/json`.".into())
            }
            JsonRejection::BytesRejection(_) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::PayloadTooLarge("The request body is too large.".into())
            }
            other => ApiError::bad_request(ErrorCode::InvalidBody, other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::bad_request(
            ErrorCode::InvalidQuery,
            format!("The query string is not valid: {}", rejection.body_text()),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::bad_request(ErrorCode::InvalidPath, rejection.body_text())
    }
}

impl From<MultipartError> for ApiError {
    fn from(err: MultipartError) -> ApiError {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge("The file is larger than this server accepts.".into())
        } else {
            ApiError::bad_request(
                ErrorCode::InvalidMultipart,
                format!("The upload could not be read: {}", err.body_text()),
            )
        }
    }
}

/// `Json`, `Query` and `Path` whose rejections are `ApiError`s, so malformed input gets the same
/// JSON error body as everything else. They are also the one place every text input passes
/// through: a control character in any field is refused here with a field error
/// (`crate::validate::check_body_text`), before any handler or query sees it.
pub mod extract {
    use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
    use axum::http::request::Parts;
    use axum::response::{IntoResponse, Response};
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use portal_api::ErrorCode;

    use super::ApiError;
    use crate::validate::{check_body_text, check_line_text};

    pub struct Json<T>(pub T);

    impl<T, S> FromRequest<S> for Json<T>
    where
        T: DeserializeOwned + Serialize,
        S: Send + Sync,
    {
        type Rejection = ApiError;

        async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
            let axum::Json(body) = axum::Json::<serde_json::Value>::from_request(request, state).await?;
            // Every request body is an object. serde would also read a struct from an array of
            // its fields in order (`[null]` as `{"note": null}`), which no client means to send.
            if !body.is_object() {
                return Err(ApiError::bad_request(ErrorCode::InvalidBody, "The request body must be a JSON object."));
            }
            let value = serde_json::from_value::<T>(body).map_err(|err| {
                ApiError::bad_request(
                    ErrorCode::InvalidBody,
                    format!("The request body does not have the expected fields: {err}"),
                )
            })?;
            // Checked as the server will keep it: fields it ignores are not refused.
            check_body_text(&serde_json::to_value(&value).map_err(anyhow::Error::from)?)?;
            Ok(Json(value))
        }
    }

    impl<T: Serialize> IntoResponse for Json<T> {
        fn into_response(self) -> Response {
            axum::Json(self.0).into_response()
        }
    }

    /// A multipart upload; a body that is not `multipart/form-data` is a `415` like any other
    /// wrong content type.
    pub struct Multipart(pub axum::extract::Multipart);

    impl<S: Send + Sync> FromRequest<S> for Multipart {
        type Rejection = ApiError;

        async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
            axum::extract::Multipart::from_request(request, state).await.map(Multipart).map_err(|_| {
                ApiError::UnsupportedMediaType(
                    "Send the file as `multipart/form-data` with a part named `file`.".into(),
                )
            })
        }
    }

    pub struct Query<T>(pub T);

    impl<T, S> FromRequestParts<S> for Query<T>
    where
        T: DeserializeOwned,
        S: Send + Sync,
    {
        type Rejection = ApiError;

        async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
            let axum::extract::Query(pairs) = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)?;
            check_line_text(pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())))?;
            let axum::extract::Query(value) = axum::extract::Query::<T>::try_from_uri(&parts.uri)?;
            Ok(Query(value))
        }
    }

    pub struct Path<T>(pub T);

    impl<T, S> FromRequestParts<S> for Path<T>
    where
        T: DeserializeOwned + Send,
        S: Send + Sync,
    {
        type Rejection = ApiError;

        async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
            let raw = RawPathParams::from_request_parts(parts, state)
                .await
                .map_err(|rejection| ApiError::bad_request(ErrorCode::InvalidPath, rejection.body_text()))?;
            check_line_text(&raw)?;
            let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
            Ok(Path(value))
        }
    }
}
