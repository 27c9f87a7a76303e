// Words for the branding history.
import { formatDateTime } from '$lib/format';
import type { BrandingVersion } from '$lib/generated/api/BrandingVersion';

/** Who published a version, as the signed-in staff member reads it. */
export function publishedBy(version: BrandingVersion, myStaffId: string): string {
  if (version.publishedBy === null) return 'Set up with the provider';
  if (version.publishedBy === myStaffId) return 'Published by you';
  return `Published by staff member ${version.publishedBy}`;
}

export function publishedWhen(version: BrandingVersion): string {
  return formatDateTime(version.publishedAt);
}
