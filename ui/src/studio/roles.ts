// What each staff role may do in the studio. The server enforces it; the studio shows staff
// who may only preview why the publishing controls are not there.
import type { StaffMembership } from '$lib/generated/api/StaffMembership';
import type { StaffRole } from '$lib/generated/api/StaffRole';

/** Every role the server knows, in words (a role added on the Rust side fails the type check here). */
export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  technician: 'Technician',
  support: 'Support',
};

const PUBLISHERS: readonly StaffRole[] = ['owner', 'admin'];

/** May publish and revert branding and upload logos. */
export function canPublish(role: StaffRole): boolean {
  return PUBLISHERS.includes(role);
}

/** Why a preview-only member sees no Publish button. */
export function previewOnlyNotice(membership: StaffMembership): string {
  return (
    `Your role at ${membership.tenantName} is ${ROLE_LABELS[membership.role]}: you can try changes here and export a brand kit. ` +
    'Only an owner or admin can publish branding, revert to an earlier version or upload a logo.'
  );
}
