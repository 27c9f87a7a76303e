// Words for the branding history.
import { formatDateTime } from '$lib/format';
import type { BrandingVersion } from '$lib/generated/api/BrandingVersion';

/** Who published a version, as the signed-in staff member reads it; null for the first one. */
export function publisher(version: BrandingVersion, myStaffId: string): string | null {
  if (version.publishedBy === null) return null;
  return version.publishedBy === myStaffId ? 'you' : `staff member ${version.publishedBy}`;
}

/** "Published by you", or how the first version came to be. */
export function publishedBy(version: BrandingVersion, myStaffId: string): string {
  const who = publisher(version, myStaffId);
  return who ? `Published by ${who}` : 'Set up with the provider';
}

export function publishedWhen(version: BrandingVersion): string {
  return formatDateTime(version.publishedAt);
}
