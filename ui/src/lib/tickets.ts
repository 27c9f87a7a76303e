// What the screens say about tickets: status words, the list filter, and when a ticket can be
// marked fixed or reopened.
import type { PortalTicketSummary, WorkOrderKind, WorkOrderStatus } from './types';

export type StatusTone = 'open' | 'progress' | 'waiting' | 'resolved' | 'closed';

/** The words and colour group of each status. Colour is never the only signal: the word is shown. */
export function statusLabel(status: WorkOrderStatus): { label: string; tone: StatusTone } {
  switch (status) {
    case 'open':
      return { label: 'Open', tone: 'open' };
    case 'assigned':
      return { label: 'Assigned', tone: 'progress' };
    case 'in_progress':
      return { label: 'In progress', tone: 'progress' };
    case 'waiting_on_customer':
      return { label: 'Waiting on you', tone: 'waiting' };
    case 'resolved':
      return { label: 'Resolved', tone: 'resolved' };
    case 'closed':
      return { label: 'Closed', tone: 'closed' };
  }
}

export function isOpen(status: WorkOrderStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

/** The tabs above the ticket list. */
export const STATUS_FILTERS = [
  { id: 'active', label: 'Open', statuses: ['open', 'assigned', 'in_progress', 'waiting_on_customer'] },
  { id: 'waiting', label: 'Waiting on you', statuses: ['waiting_on_customer'] },
  { id: 'done', label: 'Resolved', statuses: ['resolved', 'closed'] },
  { id: 'all', label: 'All', statuses: null },
] as const satisfies readonly { id: string; label: string; statuses: readonly WorkOrderStatus[] | null }[];

export type StatusFilterId = (typeof STATUS_FILTERS)[number]['id'];

export function parseStatusFilter(value: string | null | undefined): StatusFilterId {
  const found = STATUS_FILTERS.find((f) => f.id === value);
  return found ? found.id : 'active';
}

export function statusesFor(filter: StatusFilterId): readonly WorkOrderStatus[] | null {
  return STATUS_FILTERS.find((f) => f.id === filter)!.statuses;
}

export function matchesFilter(ticket: Pick<PortalTicketSummary, 'status'>, filter: StatusFilterId): boolean {
  const statuses = statusesFor(filter);
  return statuses === null || statuses.includes(ticket.status);
}

/** Open tickets for the home screen: the most recently updated first, at most `limit`. */
export function openTicketsForHome<T extends Pick<PortalTicketSummary, 'status' | 'updatedAt'>>(
  tickets: readonly T[],
  limit = 3,
): T[] {
  return tickets
    .filter((t) => isOpen(t.status))
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .slice(0, limit);
}

/** Categories a subscriber picks from when opening a ticket, in their words. */
export const TICKET_CATEGORIES: readonly { kind: WorkOrderKind; label: string; hint: string }[] = [
  { kind: 'repair', label: 'Internet is down or slow', hint: 'No connection, drops, slow speeds' },
  { kind: 'support', label: 'Question or account', hint: 'Billing, plan, anything else' },
  { kind: 'installation', label: 'Equipment or moving', hint: 'New equipment, relocation, installation' },
];

export function categoryLabel(kind: WorkOrderKind): string {
  const found = TICKET_CATEGORIES.find((c) => c.kind === kind);
  if (found) return found.label;
  return kind === 'outage' ? 'Outage' : 'Maintenance';
}

export type ReopenAvailability =
  | { canReopen: true; until: Date | null }
  | { canReopen: false; reason: 'still-open' | 'window-passed'; until?: Date };

/**
 * A resolved or closed ticket can be reopened until `reopenUntil`, which the server works out from
 * the tenant's reopen window and enforces. Without it (an older server) the button is offered and
 * the server's answer says whether it is still possible.
 */
export function reopenAvailability(
  ticket: { status: WorkOrderStatus; reopenUntil: string | null },
  now: Date,
): ReopenAvailability {
  if (isOpen(ticket.status)) return { canReopen: false, reason: 'still-open' };
  if (ticket.reopenUntil === null) return { canReopen: true, until: null };
  const until = new Date(ticket.reopenUntil);
  if (now.getTime() > until.getTime()) return { canReopen: false, reason: 'window-passed', until };
  return { canReopen: true, until };
}

/** What an empty list says, for each filter. */
export function emptyListText(filter: StatusFilterId): { title: string; body: string } {
  switch (filter) {
    case 'active':
      return { title: 'No open tickets', body: "Nothing is waiting. If something isn't working, open a ticket and we'll help." };
    case 'waiting':
      return { title: 'Nothing needs your reply', body: "When we need something from you, it shows up here." };
    case 'done':
      return { title: 'No resolved tickets yet', body: 'Tickets we have fixed together will be listed here.' };
    case 'all':
      return { title: 'No tickets yet', body: "When you ask us something or report a problem, you'll follow it here." };
  }
}
