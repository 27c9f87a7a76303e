//! Who is calling. Handlers name the principal they need as an extractor (`FirebaseUser`,
//! `CustomerAuth`, `StaffAuth`, or `Staff<can::…>` for a permission): the token is verified, the
//! principal looked up and the role checked before the handler runs and before the body is read,
//! so a handler cannot forget the check. Identity always comes from the verified
//! token; the tenant of a customer always comes from their record.

pub mod tokens;

use std::marker::PhantomData;
use std::ops::Deref;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use portal_api::ErrorCode;
use portal_api::{AccountStatus, StaffRole, TENANT_HEADER};

use crate::error::ApiError;
use crate::state::AppState;
pub use tokens::{TokenVerifier, VerifiedUser};

/// Any signed-in Firebase user, linked or not (used by account linking).
pub struct FirebaseUser(pub VerifiedUser);

impl FromRequestParts<AppState> for FirebaseUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ApiError::Unauthenticated("Sign in to continue.".into()))?;
        let token =
            header.strip_prefix("Bearer ").map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| {
                ApiError::Unauthenticated("Send the ID token as `Authorization: Bearer <token>`.".into())
            })?;
        match state.tokens.verify(token).await {
            Ok(user) => Ok(FirebaseUser(user)),
            Err(tokens::TokenError::KeysUnavailable) => Err(ApiError::Unavailable(
                "The sign-in service cannot be reached right now. Please try again in a minute.".into(),
            )),
            Err(tokens::TokenError::Expired) => {
                Err(ApiError::Unauthenticated("Your session has expired. Sign in again.".into()))
            }
            Err(err) => {
                tracing::debug!(error = %err, "token refused");
                Err(ApiError::Unauthenticated("Your sign-in is not valid. Sign in again.".into()))
            }
        }
    }
}

/// The tenant an app was built for, from `X-Tenant-Id`.
fn tenant_header(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get(TENANT_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A signed-in customer whose Firebase account is linked to a customer record.
#[derive(Debug, Clone)]
pub struct CustomerAuth {
    pub uid: String,
    pub customer_id: String,
    pub tenant_id: String,
}

#[derive(Debug, Clone)]
pub struct LinkedCustomer {
    pub customer_id: String,
    pub tenant_id: String,
    pub account_status: AccountStatus,
    pub portal_enabled: bool,
}

impl FromRequestParts<AppState> for CustomerAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let FirebaseUser(user) = FirebaseUser::from_request_parts(parts, state).await?;
        let linked = state.linked_customer(&user.uid).await?.ok_or_else(|| ApiError::Forbidden {
            code: ErrorCode::NotACustomer,
            message: "This sign-in is not linked to a customer account. Sign up with your customer number first."
                .into(),
        })?;
        let Some(app_tenant) = tenant_header(parts) else {
            return Err(ApiError::bad_request(
                ErrorCode::MissingTenant,
                format!("Send the tenant the app was built for in the `{TENANT_HEADER}` header."),
            ));
        };
        if app_tenant != linked.tenant_id {
            return Err(ApiError::Forbidden {
                code: ErrorCode::WrongTenant,
                message: "This account belongs to another provider. Use your own provider's app.".into(),
            });
        }
        if !linked.portal_enabled || matches!(linked.account_status, AccountStatus::Suspended | AccountStatus::Locked) {
            return Err(ApiError::Forbidden {
                code: ErrorCode::AccountDisabled,
                message: "Portal access for this account is turned off. Please contact your provider's support.".into(),
            });
        }
        Ok(CustomerAuth { uid: user.uid, customer_id: linked.customer_id, tenant_id: linked.tenant_id })
    }
}

/// Declares [`Permission`] and, for each, a marker type in [`can`] for [`Staff`], from one list.
macro_rules! permissions {
    ($($(#[$doc:meta])* $permission:ident),* $(,)?) => {
        /// What each staff role may do. Kept in one table so the authorization matrix test and the
        /// code read the same rules.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Permission {
            $($(#[$doc])* $permission,)*
        }

        /// Permissions as types, for [`Staff`]: `Staff<can::PublishBranding>`.
        pub mod can {
            use super::Permission;

            pub trait Grant {
                const PERMISSION: Permission;
            }

            $(
                pub struct $permission;
                impl Grant for $permission {
                    const PERMISSION: Permission = Permission::$permission;
                }
            )*
        }
    };
}

permissions!(
    ViewCustomers,
    EditCustomers,
    DeleteCustomers,
    IssuePortalAccess,
    ViewWorkOrders,
    EditWorkOrders,
    EditFaq,
    PublishBranding,
    /// Register, list and change the app's releases.
    ManageReleases,
);

pub fn role_allows(role: StaffRole, permission: Permission) -> bool {
    use Permission::*;
    match role {
        StaffRole::Owner | StaffRole::Admin => true,
        StaffRole::Support => !matches!(permission, DeleteCustomers | PublishBranding | ManageReleases),
        StaffRole::Technician => matches!(permission, ViewCustomers | ViewWorkOrders | EditWorkOrders),
    }
}

/// A staff member whose role allows `P`. The role comes from the verified token and the
/// membership, and is checked before any later extractor runs: put the body extractor after it,
/// and a caller without the permission gets `403` whatever the body holds.
pub struct Staff<P>(pub StaffAuth, PhantomData<fn() -> P>);

impl<P> Deref for Staff<P> {
    type Target = StaffAuth;
    fn deref(&self) -> &StaffAuth {
        &self.0
    }
}

impl<P: can::Grant> FromRequestParts<AppState> for Staff<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let staff = StaffAuth::from_request_parts(parts, state).await?;
        staff.require(P::PERMISSION)?;
        Ok(Staff(staff, PhantomData))
    }
}

/// A staff member acting for one tenant: the one named in `X-Tenant-Id`, or their only tenant.
/// A route that names a tenant in its path (`{tenant_id}`) serves only that tenant's staff.
#[derive(Debug, Clone)]
pub struct StaffAuth {
    pub uid: String,
    pub staff_id: String,
    pub tenant_id: String,
    pub role: StaffRole,
    pub display_name: String,
}

impl StaffAuth {
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if role_allows(self.role, permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden {
                code: ErrorCode::InsufficientRole,
                message: format!("Your role ({}) does not allow this.", self.role),
            })
        }
    }
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let FirebaseUser(user) = FirebaseUser::from_request_parts(parts, state).await?;
        let memberships = crate::staff::memberships(&state.db, &user.uid).await?;
        let not_staff = || ApiError::Forbidden {
            code: ErrorCode::NotStaff,
            message: "This account is not a staff member of this tenant.".into(),
        };
        let membership = match tenant_header(parts) {
            Some(tenant) => memberships.into_iter().find(|m| m.tenant_id == tenant).ok_or_else(not_staff)?,
            None if memberships.len() == 1 => memberships.into_iter().next().ok_or_else(not_staff)?,
            None if memberships.is_empty() => return Err(not_staff()),
            None => {
                return Err(ApiError::bad_request(
                    ErrorCode::MissingTenant,
                    format!("You are staff of several tenants: name one in the `{TENANT_HEADER}` header."),
                ))
            }
        };
        // Checked here, not in the handler, so it also comes before the body is read.
        let path = RawPathParams::from_request_parts(parts, state).await.ok();
        let path_tenant = path.as_ref().and_then(|params| params.iter().find(|(name, _)| *name == "tenant_id"));
        if path_tenant.is_some_and(|(_, tenant)| tenant != membership.tenant_id) {
            return Err(ApiError::forbidden("You are not staff of this tenant."));
        }
        Ok(StaffAuth {
            uid: user.uid,
            staff_id: membership.staff_id,
            tenant_id: membership.tenant_id,
            role: membership.role,
            display_name: membership.display_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technicians_cannot_manage_customers_or_branding() {
        assert!(role_allows(StaffRole::Technician, Permission::EditWorkOrders));
        assert!(!role_allows(StaffRole::Technician, Permission::EditCustomers));
        assert!(!role_allows(StaffRole::Technician, Permission::IssuePortalAccess));
        assert!(!role_allows(StaffRole::Support, Permission::PublishBranding));
        assert!(role_allows(StaffRole::Admin, Permission::PublishBranding));
        assert!(!role_allows(StaffRole::Support, Permission::ManageReleases));
        assert!(!role_allows(StaffRole::Technician, Permission::ManageReleases));
        assert!(role_allows(StaffRole::Owner, Permission::ManageReleases));
    }
}
