//! The HTTP application: routes, the OpenAPI document generated from the same declarations, and
//! the middleware every request passes through.

use std::any::Any;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use secrecy::ExposeSecret;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use portal_api::ErrorCode;
use portal_api::Health;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::attachments;
use crate::config::Config;
use crate::customers;
use crate::db::Db;
use crate::error::{error_response, extract::Json};
use crate::faq;
use crate::linking;
use crate::portal;
use crate::releases;
use crate::secrets::Secrets;
use crate::staff;
use crate::state::AppState;
use crate::tenants;
use crate::work_orders;

#[derive(OpenApi)]
#[openapi(
    info(title = "wisp-portal API", description = "The system of record behind a WISP's branded customer portal."),
    modifiers(&FirebaseBearer),
    components(schemas(portal_api::ErrorBody)),
    tags(
        (name = "portal", description = "The signed-in customer's own data"),
        (name = "account linking", description = "Customer sign-up"),
        (name = "customers", description = "Staff: customer records"),
        (name = "work orders", description = "Staff: the maintain module's tickets"),
        (name = "branding", description = "Tenant branding"),
        (name = "faq", description = "Staff: FAQ entries"),
        (name = "releases", description = "Signed app updates: releases (owners and admins), the updater's check and downloads"),
        (name = "staff", description = "Staff identity"),
        (name = "system", description = "Health")
    )
)]
struct ApiDoc;

struct FirebaseBearer;

impl Modify for FirebaseBearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "firebase",
            SecurityScheme::Http(
                Http::builder().scheme(HttpAuthScheme::Bearer).bearer_format("Firebase ID token").build(),
            ),
        );
    }
}

/// Who a route serves, read from its path and security: each kind of caller passes through the
/// same extractors and so can meet the same errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    Public,
    /// Signed in with Firebase, not (yet) a customer or staff member: account linking.
    NewAccount,
    Customer,
    Staff,
}

fn audience(path: &str, operation: &Operation) -> Audience {
    if operation.security.is_none() {
        Audience::Public
    } else if path.starts_with("/api/portal/signup/") {
        Audience::NewAccount
    } else if path.starts_with("/api/portal/") || path.starts_with("/api/work-orders/customer/") {
        Audience::Customer
    } else {
        Audience::Staff
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
}

/// Every signed-in route reads `X-Tenant-Id`: customers' apps must send the tenant they were built
/// for; staff name the tenant they act for when they belong to several. Added once the routes are
/// known (modifiers run before `routes!` adds the paths).
fn document_tenant_header(openapi: &mut utoipa::openapi::OpenApi) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        for operation in operations(item) {
            let required = match audience(path, operation) {
                Audience::Customer => true,
                // `GET /api/staff/me` lists every tenant of the caller.
                Audience::Staff if path != "/api/staff/me" => false,
                _ => continue,
            };
            let description = if required {
                "The tenant the app was built for; it must be the customer's own."
            } else {
                "The tenant to act for; needed when the staff member belongs to several."
            };
            let parameter = ParameterBuilder::new()
                .name(portal_api::TENANT_HEADER)
                .parameter_in(ParameterIn::Header)
                .required(if required { Required::True } else { Required::False })
                .description(Some(description))
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .build();
            operation.parameters.get_or_insert_with(Vec::new).push(parameter);
        }
    }
}

/// The errors every route of a kind can answer, documented once as shared responses (with the
/// `ErrorBody` schema) and listed on each route from what it takes: who may call it, its path,
/// query and body. Route-specific answers (`409`, `429`, `304`…) stay on the route itself.
const SHARED_ERRORS: &[(u16, &str, &str)] = &[
    (400, "BadRequest", "The request is malformed: JSON that does not parse or has the wrong shape, a query string or path that cannot be read, an unknown cursor, or a missing `X-Tenant-Id`."),
    (401, "Unauthenticated", "No ID token, or one that is not valid or has expired: sign in again."),
    (403, "Forbidden", "Signed in, but not allowed here: another tenant, a role without this permission, or a disabled portal account."),
    (404, "NotFound", "There is no such record, or the caller may not see it."),
    (413, "PayloadTooLarge", "The request body is larger than the server accepts."),
    (415, "UnsupportedMediaType", "The body is not sent in the content type this route takes, or a file is of a kind that cannot be attached."),
    (422, "ValidationFailed", "Some fields are not valid (including text with control characters); `error.fields` names each one."),
    (500, "Internal", "Something went wrong on the server; it is logged, and the message says nothing more."),
    (503, "SignInUnavailable", "The keys that verify ID tokens cannot be fetched right now; try again shortly."),
];

fn document_error_responses(openapi: &mut utoipa::openapi::OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    for (_, name, description) in SHARED_ERRORS {
        let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
        let response = ResponseBuilder::new().description(*description).content("application/json", body).build();
        components.responses.insert(name.to_string(), RefOr::T(response));
    }
    for (path, item) in openapi.paths.paths.iter_mut() {
        for operation in operations(item) {
            let audience = audience(path, operation);
            let takes = |location: ParameterIn| {
                operation.parameters.iter().flatten().any(|parameter| parameter.parameter_in == location)
            };
            let mut statuses = vec![500];
            if audience != Audience::Public {
                statuses.extend([401, 503]);
            }
            if matches!(audience, Audience::Customer | Audience::Staff) {
                statuses.push(403);
            }
            if takes(ParameterIn::Header) {
                statuses.push(400);
            }
            if takes(ParameterIn::Path) {
                statuses.extend([400, 404, 422]);
            }
            if takes(ParameterIn::Query) {
                statuses.extend([400, 422]);
            }
            if operation.request_body.is_some() {
                statuses.extend([400, 413, 415, 422]);
            }
            for status in statuses {
                let (_, name, _) = SHARED_ERRORS.iter().find(|(code, _, _)| *code == status).expect("a shared error");
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
            }
        }
    }
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/api/health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let reachable = state.db.ping().await;
    let health = Health {
        status: if reachable { "ok" } else { "degraded" }.into(),
        database: if reachable { state.db.engine().name().to_string() } else { "unreachable".into() },
        version: env!("CARGO_PKG_VERSION").into(),
    };
    (if reachable { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }, Json(health))
}

/// Every route with its OpenAPI description, from one list.
pub fn api_router(config: &Config) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    // Uploads get a larger body limit than JSON; this inner layer overrides the outer default.
    let uploads = OpenApiRouter::new()
        .routes(routes!(portal::upload))
        .routes(routes!(attachments::http::upload))
        .layer(DefaultBodyLimit::max(config.limits.max_upload_bytes + 64 * 1024));
    let logo_uploads = OpenApiRouter::new()
        .routes(routes!(tenants::logos::upload))
        .layer(DefaultBodyLimit::max(config.limits.max_logo_bytes + 64 * 1024));
    let release_uploads = OpenApiRouter::new()
        .routes(routes!(releases::http::list, releases::http::register))
        .layer(DefaultBodyLimit::max(config.limits.max_release_bytes + 64 * 1024));
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(tenants::branding::get, tenants::branding::publish))
        .routes(routes!(tenants::branding::versions))
        .routes(routes!(tenants::branding::revert))
        .routes(routes!(tenants::logos::serve))
        .routes(routes!(linking::http::verify))
        .routes(routes!(linking::http::link))
        .routes(routes!(portal::me))
        .routes(routes!(portal::tickets, portal::create_ticket))
        .routes(routes!(portal::ticket))
        .routes(routes!(portal::comment))
        .routes(routes!(portal::resolve))
        .routes(routes!(portal::reopen))
        .routes(routes!(portal::attachment))
        .routes(routes!(portal::changes))
        .routes(routes!(portal::status))
        .routes(routes!(faq::portal_list))
        .routes(routes!(portal::tickets_by_customer_id))
        .routes(routes!(staff::me))
        .routes(routes!(customers::http::list, customers::http::create))
        .routes(routes!(customers::http::get, customers::http::update, customers::http::delete))
        .routes(routes!(customers::http::add_equipment))
        .routes(routes!(customers::http::add_service_event))
        .routes(routes!(customers::http::issue_portal_access))
        .routes(routes!(work_orders::http::list, work_orders::http::create))
        .routes(routes!(work_orders::http::get, work_orders::http::update))
        .routes(routes!(work_orders::http::comment))
        .routes(routes!(work_orders::http::change_customers))
        .routes(routes!(attachments::http::download))
        .routes(routes!(faq::staff_list, faq::create))
        .routes(routes!(faq::update, faq::delete))
        .routes(routes!(releases::http::update))
        .routes(routes!(releases::http::check))
        .routes(routes!(releases::http::artifact))
        .merge(uploads)
        .merge(release_uploads)
        .merge(logo_uploads)
        .split_for_parts();
    document_tenant_header(&mut openapi);
    document_error_responses(&mut openapi);
    (router, openapi)
}

pub fn router(state: AppState) -> Router {
    let (api, openapi) = api_router(&state.config);
    let openapi = Arc::new(openapi);
    let request_id = HeaderName::from_static("x-request-id");
    api.route("/api/openapi.json", axum::routing::get(move || async move { axum::Json(openapi.as_ref().clone()) }))
        .fallback(|| async { error_response(StatusCode::NOT_FOUND, ErrorCode::NoRoute, "There is no such API route.") })
        .method_not_allowed_fallback(|| async {
            error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "This route does not accept that method.",
            )
        })
        .layer(DefaultBodyLimit::max(state.config.limits.max_json_bytes))
        .with_state(state)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<axum::body::Body>| {
            let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id)
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal,
        "Something went wrong on our side. Please try again in a moment.",
    )
    .into_response()
}

/// A configured server, ready to serve on a listener.
pub struct Server {
    pub state: AppState,
}

impl Server {
    pub async fn build(config: Config) -> anyhow::Result<Server> {
        config.validate()?;
        let link_keys = config.link_keys.clone().context(
            "WISP_LINK_KEY or WISP_LINK_KEY_FILE must be set: the key (64 hex digits, e.g. from `openssl rand -hex 32`) \
             that hashes access codes and link tickets. Keep it out of the database; see the README for rotation.",
        )?;
        if let Some(host) = &config.firebase.emulator_host {
            tracing::warn!(
                "FIREBASE_AUTH_EMULATOR_HOST={host}: accepting UNSIGNED Firebase Auth emulator tokens. \
                 This is for development and tests only; never set it in production."
            );
        }
        let db = Db::connect(config.database_url.expose_secret()).await?;
        tracing::info!(engine = db.engine().name(), "database ready");
        let secrets = Secrets::new(link_keys);
        let blobs = Arc::new(attachments::storage::LocalDiskStore::new(config.data_dir.join("attachments")));
        let release_blobs = Arc::new(attachments::storage::LocalDiskStore::new(config.data_dir.join("releases")));
        let state = AppState::new(db, config, blobs, release_blobs, secrets);
        state.change_heads.start_from_now(&state.db).await?;
        Ok(Server { state })
    }

    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        crate::housekeeping::spawn(self.state.clone());
        crate::change_heads::spawn_refresh(self.state.clone());
        let app = router(self.state);
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok(())
    }
}
