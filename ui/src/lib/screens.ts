// Small pieces of screen logic that are worth a test of their own.
import type { PortalTicket } from './types';

/** The oldest `fetchedAt` among resources that came from the offline cache, if any did. */
export function oldestCachedAt(resources: readonly { fromCache: boolean; fetchedAt: string | null }[]): string | null {
  const cached = resources
    .filter((r) => r.fromCache && r.fetchedAt !== null)
    .map((r) => r.fetchedAt!)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return cached[0] ?? null;
}

/** What the provider last said on a ticket (an outage's latest update), if anything. */
export function latestStaffWords(ticket: Pick<PortalTicket, 'comments'> | null): string | null {
  if (!ticket) return null;
  const staff = ticket.comments.filter((c) => c.authorKind === 'staff');
  return staff.at(-1)?.body ?? null;
}
