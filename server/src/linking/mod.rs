//! Account linking: a new portal sign-up proves it is a customer (customer number and phone, or a
//! staff-issued access code), receives a short-lived link ticket, creates its Firebase account,
//! and binds it with the ticket.
//!
//! Verification answers in the same shape and after the same minimum time whether the customer
//! exists or not, so it cannot be used to find out who is a customer. It is rate-limited per
//! source address and per tenant. Failed phone sign-ups are counted per customer number typed,
//! per phone number typed, per source and per tenant, so neither half of the pair can be searched
//! with the other: walking customer numbers with a known phone locks that phone, not the
//! customers walked past. A staff-issued access code still works and lifts the locks.

pub mod http;

use std::time::Duration;

use chrono::Utc;
use portal_api::{CustomerProfile, ErrorCode, PortalAccessGrant, SignupVerifyRequest, SignupVerifyResponse};
use rand::Rng;

use crate::db::{now_ms, to_time, SqlBuilder};
use crate::error::{ApiError, ApiResult};
use crate::ratelimit::{self, Hit};
use crate::state::AppState;
use crate::stored::StoredJson;
use crate::validate::normalize_phone;

/// Every verification takes at least this long, hiding how far the checks got.
pub const VERIFY_MIN_DURATION: Duration = Duration::from_millis(350);
const LINK_TICKET_TTL_MS: i64 = 15 * 60 * 1000;
/// Attempts are counted in 15-minute windows, failures in hourly ones.
const RATE_WINDOW_SECS: i64 = 15 * 60;
const FAILURE_WINDOW_SECS: i64 = 60 * 60;
/// Access codes avoid letters and digits that read alike (0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const UNKNOWN_SUPPORT: &str = "your provider's support team";

fn generic_failure(support: &str) -> ApiError {
    ApiError::bad_request(
        ErrorCode::VerificationFailed,
        format!(
            "We could not match those details to an account. Check your customer number and the phone number on your \
             account (or the access code), and try again. After several failed attempts sign-up is paused for up to an \
             hour; {support} can send you an access code."
        ),
    )
}

fn link_ticket_invalid() -> ApiError {
    ApiError::bad_request(
        ErrorCode::LinkTicketInvalid,
        "This sign-up has expired or was already used. Start the sign-up again.",
    )
}

fn cannot_link() -> ApiError {
    ApiError::conflict(
        ErrorCode::CannotLink,
        "This account cannot be linked now: it already has a portal sign-in, or its portal access is turned off. Please contact support.",
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

/// Who to ask for help, from the tenant's branding; unknown tenants get the generic words, so the
/// answer does not tell which tenants exist.
async fn support_contact(state: &AppState, tenant_id: &str) -> ApiResult<String> {
    let branding: Option<StoredJson<portal_api::Branding>> =
        sqlx::query_scalar("SELECT branding FROM tenants WHERE id = $1")
            .bind(tenant_id)
            .fetch_optional(state.db.pool())
            .await?;
    let branding = branding.map(|StoredJson(branding)| branding).unwrap_or_default();
    Ok(match (branding.company.display_name.is_empty(), branding.company.support_phone.is_empty()) {
        (false, false) => format!("{} support ({})", branding.company.display_name, branding.company.support_phone),
        (false, true) => format!("{} support", branding.company.display_name),
        _ => UNKNOWN_SUPPORT.into(),
    })
}

/// The failure counters of a customer number and of a phone number in a tenant. Keyed hashes, so
/// the counters hold no phone numbers.
fn number_bucket(state: &AppState, tenant_id: &str, number: &str) -> String {
    format!("signup:failures:number:{}", state.secrets.code_hash("signup-number", &format!("{tenant_id}\0{number}")))
}

fn phone_bucket(state: &AppState, tenant_id: &str, phone: &str) -> String {
    format!("signup:failures:phone:{}", state.secrets.code_hash("signup-phone", &format!("{tenant_id}\0{phone}")))
}

/// What a link ticket was issued against: once staff change the phone or issue a new access
/// code, the fingerprint changes and the ticket no longer links.
fn credentials(phone: Option<&str>, access_code_hash: Option<&str>) -> String {
    format!("{}\0{}", phone.unwrap_or_default(), access_code_hash.unwrap_or_default())
}

/// Failures counted before the answer is checked, and given back when it was right. Counting
/// first is what makes the lock hold against parallel attempts: each attempt's count and check
/// is one statement, so of many parallel wrong answers only as many as the limit are checked.
#[derive(Default)]
struct Failures(Vec<Hit>);

impl Failures {
    /// Counts a failure on `bucket`; `Err(hit)` when it is over `limit`.
    async fn count(&mut self, state: &AppState, bucket: &str, limit: i64) -> ApiResult<Result<(), Hit>> {
        let hit = ratelimit::count(state, bucket, FAILURE_WINDOW_SECS, limit).await?;
        if hit.is_over() {
            return Ok(Err(hit));
        }
        self.0.push(hit);
        Ok(Ok(()))
    }

    /// The answer was right: none of this was a failure.
    async fn refund(self, state: &AppState) -> ApiResult<()> {
        for hit in &self.0 {
            ratelimit::refund(state, hit).await?;
        }
        Ok(())
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

/// How a sign-up proves it is a customer.
enum Proof<'a> {
    AccessCode(&'a str),
    Phone { number: &'a str, phone: &'a str },
}

struct Candidate {
    id: String,
    customer_number: String,
    name: String,
    phone: Option<String>,
    firebase_uid: Option<String>,
    may_sign_up: bool,
    access_code_hash: Option<String>,
    access_code_expires_at: Option<i64>,
}

type CandidateRow = (String, String, String, Option<String>, Option<String>, i64, Option<String>, Option<i64>);
/// `may_sign_up`: portal access is on and the account is in a state that may sign up (named, so
/// an account status this build does not know never may).
const CANDIDATE_COLUMNS: &str = "id, customer_number, name, phone, firebase_uid,
    CAST(CASE WHEN portal_enabled = 1 AND account_status IN ('pending', 'active') THEN 1 ELSE 0 END AS BIGINT),
    access_code_hash, access_code_expires_at";

fn candidate(row: CandidateRow) -> Candidate {
    let (id, customer_number, name, phone, firebase_uid, may_sign_up, access_code_hash, access_code_expires_at) = row;
    Candidate {
        id,
        customer_number,
        name,
        phone,
        firebase_uid,
        may_sign_up: may_sign_up != 0,
        access_code_hash,
        access_code_expires_at,
    }
}

async fn verify_inner(
    state: &AppState,
    source: &str,
    request: &SignupVerifyRequest,
) -> ApiResult<SignupVerifyResponse> {
    let limits = &state.config.limits;
    let tenant_id = request.tenant_id.trim();
    // A source's budget is kept per tenant, and requests for tenants that do not exist have one of
    // their own: they never use up what the source (often a whole neighbourhood behind one
    // address) may spend signing up with a real provider.
    let tenant_known = crate::tenants::exists(state, tenant_id).await?;
    let scope = if tenant_known { format!("tenant:{tenant_id}") } else { "unknown-tenant".into() };
    ratelimit::hit(state, &format!("signup:ip:{source}:{scope}"), RATE_WINDOW_SECS, limits.signup_attempts_per_source)
        .await?;
    if !tenant_known {
        return Err(generic_failure(UNKNOWN_SUPPORT));
    }
    ratelimit::hit(state, &format!("signup:tenant:{tenant_id}"), RATE_WINDOW_SECS, limits.signup_attempts_per_tenant)
        .await?;
    let support = support_contact(state, tenant_id).await?;
    let settings = crate::tenants::settings(state, tenant_id).await?;
    let now = now_ms();
    let customer_number = request.customer_number.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let access_code = request.access_code.as_deref().filter(|c| !c.trim().is_empty());
    let proof = match (access_code, customer_number, request.phone.as_deref()) {
        (Some(code), _, _) => Proof::AccessCode(code),
        (None, Some(number), Some(phone)) => Proof::Phone { number, phone },
        _ => {
            return Err(ApiError::Validation(vec![portal_api::FieldError {
                field: "customerNumber".into(),
                message: "Enter your customer number and phone number, or an access code.".into(),
            }]))
        }
    };

    let mut failures = Failures::default();
    let source_bucket = format!("signup:failures:ip:{source}:{scope}");
    if let Err(hit) = failures.count(state, &source_bucket, limits.signup_failures_per_source).await? {
        return Err(hit.refusal(|minutes| {
            format!("Too many failed attempts from your network. Please wait {minutes} minutes, or ask {support} for an access code.")
        }));
    }

    let (customer, method) = match proof {
        Proof::AccessCode(code) => {
            // Codes are long and random: only the source's failures are counted for them, so a
            // tenant whose phone sign-up is paused can still let customers in with codes.
            let mut query = SqlBuilder::new(&format!("SELECT {CANDIDATE_COLUMNS} FROM customers WHERE tenant_id = "));
            query.bind_text(tenant_id);
            query.and_in("access_code_hash", state.secrets.code_hashes("access-code", &normalize_code(code)));
            let row: Option<CandidateRow> = query.build_as().fetch_optional(state.db.pool()).await?;
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
        }
        Proof::Phone { number, phone } => {
            let tenant_bucket = format!("signup:failures:tenant:{tenant_id}");
            if let Err(hit) = failures.count(state, &tenant_bucket, limits.signup_failures_per_tenant).await? {
                return Err(hit.refusal(|minutes| {
                    format!(
                        "Sign-up with a customer number is paused for {minutes} minutes after many failed attempts. \
                     Try again later, or ask {support} for an access code."
                    )
                }));
            }
            let typed_phone = normalize_phone(phone, &settings.default_country_code);
            let lock = limits.signup_failures_before_lock;
            let mut locked = failures.count(state, &number_bucket(state, tenant_id, number), lock).await?.is_err();
            if let Some(typed) = &typed_phone {
                locked |= failures.count(state, &phone_bucket(state, tenant_id, typed), lock).await?.is_err();
            }
            if locked {
                return Err(generic_failure(&support));
            }
            let row: Option<CandidateRow> = sqlx::query_as(&format!(
                "SELECT {CANDIDATE_COLUMNS} FROM customers WHERE tenant_id = $1 AND customer_number = $2"
            ))
            .bind(tenant_id)
            .bind(number)
            .fetch_optional(state.db.pool())
            .await?;
            let customer = row.map(candidate).ok_or_else(|| generic_failure(&support))?;
            if typed_phone.is_none() || typed_phone != customer.phone {
                return Err(generic_failure(&support));
            }
            (customer, "phone")
        }
    };

    // The answer was right: nothing counted above was a failure.
    failures.refund(state).await?;
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
    let fingerprint = state
        .secrets
        .code_hash("link-credentials", &credentials(customer.phone.as_deref(), customer.access_code_hash.as_deref()));
    sqlx::query(
        "INSERT INTO link_tickets (token_hash, tenant_id, customer_id, method, expires_at, created_at, credentials_fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(state.secrets.code_hash("link-ticket", &ticket))
    .bind(tenant_id)
    .bind(&customer.id)
    .bind(method)
    .bind(expires_at)
    .bind(now)
    .bind(fingerprint)
    .execute(state.db.pool())
    .await?;
    Ok(SignupVerifyResponse {
        link_ticket: ticket,
        expires_at: to_time(expires_at),
        greeting_name: customer.name.split_whitespace().next().unwrap_or_default().to_string(),
    })
}

type TicketRow = (String, String, String, String, i64, Option<String>, Option<String>);
/// The customer as linking sees it: phone, access code hash, link, and whether they may sign up.
type LinkTargetRow = (Option<String>, Option<String>, Option<String>, i64);

/// `POST /api/portal/signup/link`: binds the signed-in Firebase user to the ticket's customer.
/// `verified_email` is the token's e-mail only when the token says it is verified: it becomes
/// the customer's login e-mail. Idempotent for the same user and ticket while the link stands.
pub async fn link(
    state: &AppState,
    uid: &str,
    verified_email: Option<&str>,
    ticket: &str,
) -> ApiResult<CustomerProfile> {
    let now = now_ms();
    let mut query = SqlBuilder::new(
        "SELECT token_hash, tenant_id, customer_id, method, expires_at, used_by_uid, credentials_fingerprint
         FROM link_tickets WHERE 1 = 1",
    );
    query.and_in("token_hash", state.secrets.code_hashes("link-ticket", ticket.trim()));
    let row: Option<TicketRow> = query.build_as().fetch_optional(state.db.pool()).await?;
    let (token_hash, tenant_id, customer_id, method, expires_at, used_by, fingerprint) =
        row.ok_or_else(link_ticket_invalid)?;
    let target: Option<LinkTargetRow> = sqlx::query_as(
        "SELECT phone, access_code_hash, firebase_uid,
            CAST(CASE WHEN portal_enabled = 1 AND account_status IN ('pending', 'active') THEN 1 ELSE 0 END AS BIGINT)
         FROM customers WHERE id = $1 AND tenant_id = $2",
    )
    .bind(&customer_id)
    .bind(&tenant_id)
    .fetch_optional(state.db.pool())
    .await?;
    let (phone, access_code_hash, linked_uid, may_sign_up) = target.ok_or_else(link_ticket_invalid)?;
    match used_by.as_deref() {
        // A retry after a lost answer gets the profile, but only while the link it made stands
        // and the account may still use the portal.
        Some(previous) if previous == uid => {
            if linked_uid.as_deref() != Some(uid) || may_sign_up == 0 {
                return Err(cannot_link());
            }
            return crate::customers::profile(state, &tenant_id, &customer_id).await;
        }
        Some(_) => return Err(link_ticket_invalid()),
        None if expires_at < now => return Err(link_ticket_invalid()),
        None => {}
    }
    let current = credentials(phone.as_deref(), access_code_hash.as_deref());
    if !fingerprint.is_some_and(|f| state.secrets.code_hashes("link-credentials", &current).contains(&f)) {
        return Err(link_ticket_invalid());
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
    // The phone and code are matched again here, so a change committed since the check above
    // still stops the link.
    let updated = sqlx::query(
        "UPDATE customers SET firebase_uid = $1, login_email = $2, account_created_at = COALESCE(account_created_at, $3),
            account_status = 'active',
            access_code_hash = CASE WHEN $4 = 1 THEN NULL ELSE access_code_hash END,
            access_code_expires_at = CASE WHEN $4 = 1 THEN NULL ELSE access_code_expires_at END,
            updated_at = $3, version = version + 1
         WHERE id = $5 AND (firebase_uid IS NULL OR firebase_uid = $1)
           AND portal_enabled = 1 AND account_status IN ('pending', 'active')
           AND COALESCE(phone, '') = $6 AND COALESCE(access_code_hash, '') = $7",
    )
    .bind(uid)
    .bind(verified_email)
    .bind(now)
    .bind(i64::from(clear_code))
    .bind(&customer_id)
    .bind(phone.unwrap_or_default())
    .bind(access_code_hash.unwrap_or_default())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(cannot_link());
    }
    let claimed = sqlx::query("UPDATE link_tickets SET used_by_uid = $1 WHERE token_hash = $2 AND used_by_uid IS NULL")
        .bind(uid)
        .bind(&token_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Err(link_ticket_invalid());
    }
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
        "UPDATE customers SET access_code_hash = $1, access_code_expires_at = $2, portal_enabled = 1, updated_at = $3, version = version + 1
         WHERE id = $4 AND tenant_id = $5",
    )
    .bind(state.secrets.code_hash("access-code", &normalize_code(&code)))
    .bind(expires_at.timestamp_millis())
    .bind(now_ms())
    .bind(customer_id)
    .bind(tenant_id)
    .execute(state.db.pool())
    .await?;
    // The code lifts the locks on this customer's number and phone.
    let mut locks = vec![number_bucket(state, tenant_id, &customer.customer_number)];
    locks.extend(customer.phone.as_deref().map(|phone| phone_bucket(state, tenant_id, phone)));
    ratelimit::clear(state, &locks).await?;
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
