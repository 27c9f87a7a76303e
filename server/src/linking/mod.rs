//! Account linking: a new portal sign-up proves it is a customer (customer number and phone, or a
//! staff-issued access code), receives a short-lived link ticket, creates its Firebase account,
//! and binds it with the ticket.
//!
//! Verification answers in the same shape and after the same minimum time whether the customer
//! exists or not, so it cannot be used to find out who is a customer. It is rate-limited per
//! source address and per tenant, and a customer's phone-based sign-up locks after repeated
//! failures (a staff-issued access code still works and lifts the lock).

pub mod http;

use std::time::Duration;

use chrono::Utc;
use portal_api::ErrorCode;
use portal_api::{CustomerProfile, PortalAccessGrant, SignupVerifyRequest, SignupVerifyResponse};
use rand::Rng;

use crate::db::{now_ms, to_time};
use crate::error::{ApiError, ApiResult};
use crate::ratelimit;
use crate::state::AppState;
use crate::validate::normalize_phone;

/// Every verification takes at least this long, hiding how far the checks got.
pub const VERIFY_MIN_DURATION: Duration = Duration::from_millis(350);
const LINK_TICKET_TTL_MS: i64 = 15 * 60 * 1000;
const SIGNUP_LOCK_MS: i64 = 60 * 60 * 1000;
const RATE_WINDOW_SECS: i64 = 15 * 60;
/// Access codes avoid letters and digits that read alike (0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

fn generic_failure(support: &str) -> ApiError {
    ApiError::bad_request(
        ErrorCode::VerificationFailed,
        format!(
            "We could not match those details to an account. Check your customer number and the phone number on your \
             account (or the access code), and try again. After several failed attempts sign-up is paused for an hour; \
             {support} can send you an access code."
        ),
    )
}

/// Normalises a typed code: case, spaces and dashes do not matter.
pub fn normalize_code(raw: &str) -> String {
    raw.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

pub fn new_access_code() -> String {
    let mut rng = rand::thread_rng();
    let raw: String = (0..10).map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char).collect();
    format!("{}-{}", &raw[..5], &raw[5..])
}

fn new_link_ticket() -> String {
    use base64::Engine as _;
    let bytes: [u8; 32] = rand::thread_rng().gen();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn support_contact(state: &AppState, tenant_id: &str) -> String {
    let branding: Option<String> = sqlx::query_scalar("SELECT branding FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(state.db.pool())
        .await
        .ok()
        .flatten();
    let branding: portal_api::Branding = branding.and_then(|b| serde_json::from_str(&b).ok()).unwrap_or_default();
    match (branding.company.display_name.is_empty(), branding.company.support_phone.is_empty()) {
        (false, false) => format!("{} support ({})", branding.company.display_name, branding.company.support_phone),
        (false, true) => format!("{} support", branding.company.display_name),
        _ => "your provider's support team".into(),
    }
}

/// `POST /api/portal/signup/verify`, padded to [`VERIFY_MIN_DURATION`].
pub async fn verify(state: &AppState, source: &str, request: SignupVerifyRequest) -> ApiResult<SignupVerifyResponse> {
    let started = tokio::time::Instant::now();
    let outcome = verify_inner(state, source, &request).await;
    // Rate limiting answers at once: it reveals nothing about the customer.
    if !matches!(outcome, Err(ApiError::RateLimited { .. })) {
        tokio::time::sleep_until(started + VERIFY_MIN_DURATION).await;
    }
    outcome
}

struct Candidate {
    id: String,
    customer_number: String,
    name: String,
    phone: Option<String>,
    firebase_uid: Option<String>,
    may_sign_up: bool,
    access_code_expires_at: Option<i64>,
    signup_locked_until: Option<i64>,
}

type CandidateRow = (String, String, String, Option<String>, Option<String>, i64, Option<i64>, Option<i64>);
/// `may_sign_up`: portal access is on and staff have not suspended or locked the account.
const CANDIDATE_COLUMNS: &str = "id, customer_number, name, phone, firebase_uid,
    CAST(CASE WHEN portal_enabled = 1 AND account_status NOT IN ('suspended', 'locked') THEN 1 ELSE 0 END AS BIGINT),
    access_code_expires_at, signup_locked_until";

fn candidate(row: CandidateRow) -> Candidate {
    let (id, customer_number, name, phone, firebase_uid, may_sign_up, access_code_expires_at, signup_locked_until) =
        row;
    Candidate {
        id,
        customer_number,
        name,
        phone,
        firebase_uid,
        may_sign_up: may_sign_up != 0,
        access_code_expires_at,
        signup_locked_until,
    }
}

async fn verify_inner(
    state: &AppState,
    source: &str,
    request: &SignupVerifyRequest,
) -> ApiResult<SignupVerifyResponse> {
    let limits = &state.config.limits;
    let tenant_id = request.tenant_id.trim();
    ratelimit::hit(state, &format!("signup:ip:{source}"), RATE_WINDOW_SECS, limits.signup_attempts_per_source).await?;
    ratelimit::hit(state, &format!("signup:tenant:{tenant_id}"), RATE_WINDOW_SECS, limits.signup_attempts_per_tenant)
        .await?;
    let support = support_contact(state, tenant_id).await;
    let settings = crate::tenants::settings(state, tenant_id).await.unwrap_or_default();
    let now = now_ms();
    let customer_number = request.customer_number.as_deref().map(str::trim).filter(|n| !n.is_empty());

    let (customer, method) = if let Some(code) = request.access_code.as_deref().filter(|c| !c.trim().is_empty()) {
        let hash = state.secrets.code_hash("access-code", &normalize_code(code));
        let row: Option<CandidateRow> = sqlx::query_as(&format!(
            "SELECT {CANDIDATE_COLUMNS} FROM customers WHERE tenant_id = $1 AND access_code_hash = $2"
        ))
        .bind(tenant_id)
        .bind(&hash)
        .fetch_optional(state.db.pool())
        .await?;
        let customer = row.map(candidate).ok_or_else(|| generic_failure(&support))?;
        if customer_number.is_some_and(|n| n != customer.customer_number) {
            return Err(generic_failure(&support));
        }
        if customer.access_code_expires_at.is_some_and(|at| at < now) {
            return Err(ApiError::bad_request(
                ErrorCode::AccessCodeExpired,
                format!("This access code has expired. Ask {support} for a new one."),
            ));
        }
        (customer, "access_code")
    } else {
        let (Some(number), Some(phone)) = (customer_number, request.phone.as_deref()) else {
            return Err(ApiError::Validation(vec![portal_api::FieldError {
                field: "customerNumber".into(),
                message: "Enter your customer number and phone number, or an access code.".into(),
            }]));
        };
        let typed_phone = normalize_phone(phone, &settings.default_country_code);
        let row: Option<CandidateRow> = sqlx::query_as(&format!(
            "SELECT {CANDIDATE_COLUMNS} FROM customers WHERE tenant_id = $1 AND customer_number = $2"
        ))
        .bind(tenant_id)
        .bind(number)
        .fetch_optional(state.db.pool())
        .await?;
        let customer = row.map(candidate).ok_or_else(|| generic_failure(&support))?;
        if customer.signup_locked_until.is_some_and(|until| until > now) {
            return Err(generic_failure(&support));
        }
        if typed_phone.is_none() || typed_phone != customer.phone {
            record_failure(state, &customer.id, now).await?;
            return Err(generic_failure(&support));
        }
        (customer, "phone")
    };

    if !customer.may_sign_up {
        return Err(generic_failure(&support));
    }
    if customer.firebase_uid.is_some() {
        return Err(ApiError::conflict(
            ErrorCode::AlreadyLinked,
            format!("This account already has a portal sign-in. Sign in, or reset your password; if you no longer have access, contact {support}."),
        ));
    }
    let ticket = new_link_ticket();
    let expires_at = now + LINK_TICKET_TTL_MS;
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE customers SET failed_link_attempts = 0, signup_locked_until = NULL WHERE id = $1")
        .bind(&customer.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO link_tickets (token_hash, tenant_id, customer_id, method, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(state.secrets.code_hash("link-ticket", &ticket))
    .bind(tenant_id)
    .bind(&customer.id)
    .bind(method)
    .bind(expires_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(SignupVerifyResponse {
        link_ticket: ticket,
        expires_at: to_time(expires_at),
        greeting_name: customer.name.split_whitespace().next().unwrap_or_default().to_string(),
    })
}

/// Counts a failed phone verification; enough of them lock phone sign-up for an hour.
async fn record_failure(state: &AppState, customer_id: &str, now: i64) -> ApiResult<()> {
    sqlx::query(
        "UPDATE customers SET failed_link_attempts = failed_link_attempts + 1,
            signup_locked_until = CASE WHEN failed_link_attempts + 1 >= $1 THEN $2 ELSE signup_locked_until END
         WHERE id = $3",
    )
    .bind(state.config.limits.signup_failures_before_lock)
    .bind(now + SIGNUP_LOCK_MS)
    .bind(customer_id)
    .execute(state.db.pool())
    .await?;
    Ok(())
}

/// `POST /api/portal/signup/link`: binds the signed-in Firebase user to the ticket's customer.
/// Idempotent for the same user and ticket.
pub async fn link(state: &AppState, uid: &str, email: Option<&str>, ticket: &str) -> ApiResult<CustomerProfile> {
    let now = now_ms();
    let hash = state.secrets.code_hash("link-ticket", ticket.trim());
    let row: Option<(String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT tenant_id, customer_id, method, expires_at, used_by_uid FROM link_tickets WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(state.db.pool())
    .await?;
    let invalid = || {
        ApiError::bad_request(
            ErrorCode::LinkTicketInvalid,
            "This sign-up has expired or was already used. Start the sign-up again.",
        )
    };
    let (tenant_id, customer_id, method, expires_at, used_by) = row.ok_or_else(invalid)?;
    match used_by.as_deref() {
        Some(previous) if previous == uid => return crate::customers::profile(state, &tenant_id, &customer_id).await,
        Some(_) => return Err(invalid()),
        None if expires_at < now => return Err(invalid()),
        None => {}
    }
    let mut tx = state.db.begin().await?;
    let linked_elsewhere: Option<String> = sqlx::query_scalar("SELECT id FROM customers WHERE firebase_uid = $1")
        .bind(uid)
        .fetch_optional(&mut *tx)
        .await?;
    if linked_elsewhere.is_some_and(|other| other != customer_id) {
        return Err(ApiError::conflict(
            ErrorCode::AlreadyLinkedElsewhere,
            "This sign-in is already linked to another customer account.",
        ));
    }
    let clear_code = method == "access_code";
    let updated = sqlx::query(
        "UPDATE customers SET firebase_uid = $1, login_email = $2, account_created_at = COALESCE(account_created_at, $3),
            account_status = 'active', failed_link_attempts = 0, signup_locked_until = NULL,
            access_code_hash = CASE WHEN $4 = 1 THEN NULL ELSE access_code_hash END,
            access_code_expires_at = CASE WHEN $4 = 1 THEN NULL ELSE access_code_expires_at END,
            updated_at = $3
         WHERE id = $5 AND (firebase_uid IS NULL OR firebase_uid = $1)
           AND portal_enabled = 1 AND account_status NOT IN ('suspended', 'locked')",
    )
    .bind(uid)
    .bind(email)
    .bind(now)
    .bind(i64::from(clear_code))
    .bind(&customer_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::conflict(
            ErrorCode::CannotLink,
            "This account cannot be linked now: it already has a portal sign-in, or its portal access is turned off. Please contact support.",
        ));
    }
    sqlx::query("UPDATE link_tickets SET used_by_uid = $1 WHERE token_hash = $2")
        .bind(uid)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    state.forget_linked_customer(uid).await;
    crate::customers::profile(state, &tenant_id, &customer_id).await
}

/// Creates a new one-time access code for a customer, replacing any earlier one.
pub async fn issue_access_code(state: &AppState, tenant_id: &str, customer_id: &str) -> ApiResult<PortalAccessGrant> {
    let customer = crate::customers::find(state, tenant_id, customer_id).await?;
    if customer.firebase_uid.is_some() {
        return Err(ApiError::conflict(ErrorCode::AlreadyLinked, "This customer already has a portal sign-in."));
    }
    let settings = crate::tenants::settings(state, tenant_id).await?;
    let code = new_access_code();
    let expires_at = Utc::now() + chrono::Duration::days(settings.access_code_days.max(1));
    sqlx::query(
        "UPDATE customers SET access_code_hash = $1, access_code_expires_at = $2, failed_link_attempts = 0,
            signup_locked_until = NULL, portal_enabled = 1, updated_at = $3
         WHERE id = $4 AND tenant_id = $5",
    )
    .bind(state.secrets.code_hash("access-code", &normalize_code(&code)))
    .bind(expires_at.timestamp_millis())
    .bind(now_ms())
    .bind(customer_id)
    .bind(tenant_id)
    .execute(state.db.pool())
    .await?;
    let invite_link = format!("{}://invite?code={}&tenant={}", settings.deep_link_scheme, code, urlencode(tenant_id));
    Ok(PortalAccessGrant { customer_id: customer_id.into(), access_code: code, expires_at, invite_link })
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_codes_are_readable_and_forgiving() {
        let code = new_access_code();
        assert_eq!(code.len(), 11);
        assert!(code.chars().all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))));
        assert_eq!(normalize_code(" abcde-23456 "), "ABCDE23456");
    }
}
