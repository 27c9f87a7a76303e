//! What every call of every client in this crate goes through: one `reqwest` client with the
//! API's base URL, the credentials a call carries (refreshed once on `401`), and the reading of
//! answers into values or [`ClientError`]s within size limits.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use portal_api::ErrorBody;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{RequestBuilder, Response, StatusCode, Url};
use serde::de::DeserializeOwned;

use crate::{ClientConfig, ClientError, Download, TokenSource};

/// The most of an error answer the client reads: the API's error bodies are a few hundred bytes.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Which credentials a call carries.
#[derive(Clone, Copy)]
pub(crate) enum Auth<'a> {
    /// A public route.
    None,
    /// The session's token, refreshed once on `401`.
    Session,
    /// A token the caller holds (the new account during sign-up), sent as it is.
    Bearer(&'a str),
}

/// Cheap to clone; clones share connections and the token source.
#[derive(Clone)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    base: Url,
    tokens: Option<Arc<dyn TokenSource>>,
    pub(crate) transfer_timeout: Duration,
    max_response_bytes: usize,
    max_download_bytes: usize,
}

impl Transport {
    /// `headers` are sent with every call (besides `Accept: application/json`).
    pub(crate) fn new(config: &ClientConfig, mut headers: HeaderMap) -> Result<Transport, ClientError> {
        let base = Url::parse(config.base_url.trim()).map_err(|err| {
            ClientError::Config(format!("the API base URL {:?} is not a URL: {err}", config.base_url))
        })?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() || base.host().is_none() {
            return Err(ClientError::Config(format!(
                "the API base URL {:?} must be an http or https address",
                config.base_url
            )));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(ClientError::Config(format!(
                "the API base URL {:?} must not have a query or fragment",
                config.base_url
            )));
        }
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            // The API never redirects; a redirect is a captive portal or a misrouted proxy, and
            // following it would carry the user's token somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("wisp-portal-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| ClientError::Config(describe(&err)))?;
        Ok(Transport {
            http,
            base,
            tokens: None,
            transfer_timeout: config.transfer_timeout,
            max_response_bytes: config.max_response_bytes,
            max_download_bytes: config.max_download_bytes,
        })
    }

    pub(crate) fn with_tokens(mut self, tokens: Arc<dyn TokenSource>) -> Transport {
        self.tokens = Some(tokens);
        self
    }

    pub(crate) fn signed_in(&self) -> bool {
        self.tokens.is_some()
    }

    pub(crate) fn base(&self) -> &Url {
        &self.base
    }

    /// The API address with `segments` appended, each percent-encoded.
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut().expect("Transport::new accepts only base URLs").pop_if_empty().extend(segments);
        url
    }

    /// Sends the request `build` makes, with the credentials `auth` names. On `401` with the
    /// session's token it refreshes once and sends once more.
    pub(crate) async fn send(
        &self,
        auth: Auth<'_>,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<Response, ClientError> {
        match auth {
            Auth::None => build().send().await.map_err(transport),
            Auth::Bearer(token) => build().bearer_auth(token).send().await.map_err(transport),
            Auth::Session => {
                let tokens = self.tokens.as_ref().ok_or(ClientError::SignedOut)?;
                let token = tokens.id_token().await?;
                let response = build().bearer_auth(token).send().await.map_err(transport)?;
                if response.status() != StatusCode::UNAUTHORIZED {
                    return Ok(response);
                }
                drop(response);
                let token = tokens.refresh().await?;
                build().bearer_auth(token).send().await.map_err(transport)
            }
        }
    }

    /// Sends, then reads a JSON answer of type `T`.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        auth: Auth<'_>,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, ClientError> {
        let response = self.send(auth, build).await?;
        let body = read_limited(successful(response).await?, self.max_response_bytes).await?;
        serde_json::from_slice(&body).map_err(|err| ClientError::InvalidBody(err.to_string()))
    }

    /// Sends, then reads a file (its type as the server stated it), up to the download limit.
    pub(crate) async fn download(
        &self,
        auth: Auth<'_>,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<Download, ClientError> {
        let response = self.send(auth, || build().timeout(self.transfer_timeout)).await?;
        let response = successful(response).await?;
        let content_type = response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
        let bytes = read_limited(response, self.max_download_bytes).await?;
        Ok(Download { content_type, bytes })
    }

    /// The JSON answer of a response already known to be a success.
    pub(crate) async fn read_json<T: DeserializeOwned>(&self, response: Response) -> Result<T, ClientError> {
        let body = read_limited(response, self.max_response_bytes).await?;
        serde_json::from_slice(&body).map_err(|err| ClientError::InvalidBody(err.to_string()))
    }
}

/// The response if its status is a success; otherwise the error it stands for.
pub(crate) async fn successful(response: Response) -> Result<Response, ClientError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    match read_limited(response, ERROR_BODY_LIMIT).await {
        Ok(body) => match serde_json::from_slice::<ErrorBody>(&body) {
            Ok(ErrorBody { error }) => Err(ClientError::Api { status, error, retry_after }),
            Err(_) => Err(ClientError::UnexpectedStatus { status }),
        },
        Err(ClientError::BodyTooLarge { .. }) => Err(ClientError::UnexpectedStatus { status }),
        Err(other) => Err(other),
    }
}

/// The whole body, or [`ClientError::BodyTooLarge`] as soon as it passes `limit` bytes (before
/// reading it when the server announces its length).
async fn read_limited(mut response: Response, limit: usize) -> Result<Bytes, ClientError> {
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Err(ClientError::BodyTooLarge { limit });
    }
    let mut body = Vec::with_capacity(announced as usize);
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(ClientError::BodyTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

fn transport(error: reqwest::Error) -> ClientError {
    if error.is_timeout() {
        ClientError::Timeout
    } else if error.is_builder() {
        ClientError::Config(describe(&error))
    } else {
        ClientError::Offline(describe(&error))
    }
}

/// An error with its causes, for logs: reqwest's own message rarely says what went wrong.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
