//! Routes for account linking.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use portal_api::{CustomerProfile, SignupLinkRequest, SignupVerifyRequest, SignupVerifyResponse};

use crate::auth::FirebaseUser;
use crate::client_address;
use crate::error::extract::Json;
use crate::error::ApiResult;
use crate::state::AppState;

/// Step 1 of sign-up: prove you are a customer. Same answer and timing for unknown customers.
#[utoipa::path(post, path = "/api/portal/signup/verify", tag = "account linking", request_body = SignupVerifyRequest,
    responses((status = 200, body = SignupVerifyResponse), (status = 400, body = portal_api::ErrorBody),
        (status = 409, body = portal_api::ErrorBody), (status = 429, body = portal_api::ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(request): Json<SignupVerifyRequest>,
) -> ApiResult<Json<SignupVerifyResponse>> {
    let source = client_address::source_key(&state.config, peer, &headers);
    Ok(Json(super::verify(&state, &source, request).await?))
}

/// Step 2: bind the new Firebase account (the bearer) to the customer the ticket names.
#[utoipa::path(post, path = "/api/portal/signup/link", tag = "account linking", request_body = SignupLinkRequest,
    responses((status = 200, body = CustomerProfile), (status = 400, body = portal_api::ErrorBody), (status = 409, body = portal_api::ErrorBody)),
    security(("firebase" = [])))]
pub async fn link(
    State(state): State<AppState>,
    FirebaseUser(user): FirebaseUser,
    Json(request): Json<SignupLinkRequest>,
) -> ApiResult<Json<CustomerProfile>> {
    // An address the user has not proven theirs is no login e-mail.
    let verified_email = user.email.as_deref().filter(|_| user.email_verified);
    Ok(Json(super::link(&state, &user.uid, verified_email, &request.link_ticket).await?))
}
