import { describe, expect, it } from 'vitest';
import {
  isOpen,
  matchesFilter,
  openTicketsForHome,
  parseStatusFilter,
  reopenAvailability,
  statusesFor,
  statusLabel,
} from './tickets';
import type { WorkOrderStatus } from './types';

const ALL: WorkOrderStatus[] = ['open', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'];

describe('status words', () => {
  it('gives every status a word, never the raw code', () => {
    for (const status of ALL) {
      const { label } = statusLabel(status);
      expect(label).not.toContain('_');
      expect(label.length).toBeGreaterThan(2);
    }
    expect(statusLabel('waiting_on_customer').label).toBe('Waiting on you');
    expect(statusLabel('in_progress').label).toBe('In progress');
  });

  it('treats only resolved and closed as done', () => {
    expect(ALL.filter((s) => !isOpen(s))).toEqual(['resolved', 'closed']);
  });
});

describe('status filter', () => {
  it('falls back to open tickets for a missing or unknown filter', () => {
    expect(parseStatusFilter(null)).toBe('active');
    expect(parseStatusFilter('bogus')).toBe('active');
    expect(parseStatusFilter('done')).toBe('done');
  });

  it('matches each ticket to the tabs it belongs to', () => {
    const t = (status: WorkOrderStatus) => ({ status });
    expect(matchesFilter(t('waiting_on_customer'), 'active')).toBe(true);
    expect(matchesFilter(t('waiting_on_customer'), 'waiting')).toBe(true);
    expect(matchesFilter(t('in_progress'), 'waiting')).toBe(false);
    expect(matchesFilter(t('closed'), 'done')).toBe(true);
    expect(matchesFilter(t('closed'), 'active')).toBe(false);
    expect(ALL.every((s) => matchesFilter(t(s), 'all'))).toBe(true);
  });

  it('asks the core for no status at all on "All"', () => {
    expect(statusesFor('all')).toBeNull();
    expect(statusesFor('done')).toEqual(['resolved', 'closed']);
  });
});

describe('home screen tickets', () => {
  it('shows at most three open tickets, most recently updated first', () => {
    const tickets = [
      { id: 'a', status: 'open' as const, updatedAt: '2026-11-20T10:00:00Z' },
      { id: 'b', status: 'resolved' as const, updatedAt: '2026-11-25T10:00:00Z' },
      { id: 'c', status: 'waiting_on_customer' as const, updatedAt: '2026-11-24T10:00:00Z' },
      { id: 'd', status: 'in_progress' as const, updatedAt: '2026-11-22T10:00:00Z' },
      { id: 'e', status: 'assigned' as const, updatedAt: '2026-11-23T10:00:00Z' },
    ];
    expect(openTicketsForHome(tickets).map((t) => t.id)).toEqual(['c', 'e', 'd']);
  });
});

describe('reopen window', () => {
  const ticket = { status: 'resolved' as const, reopenUntil: '2026-11-24T12:00:00Z' };

  it('allows reopening until the time the server gave, and says until when', () => {
    const result = reopenAvailability(ticket, new Date('2026-11-20T12:00:00Z'));
    expect(result).toEqual({ canReopen: true, until: new Date('2026-11-24T12:00:00Z') });
  });

  it('refuses once that time has passed', () => {
    const result = reopenAvailability(ticket, new Date('2026-11-24T12:00:01Z'));
    expect(result.canReopen).toBe(false);
    expect(result.canReopen === false && result.reason).toBe('window-passed');
  });

  it('never offers reopening for a ticket that is still open', () => {
    const result = reopenAvailability({ status: 'in_progress', reopenUntil: null }, new Date('2026-11-11T00:00:00Z'));
    expect(result).toEqual({ canReopen: false, reason: 'still-open' });
  });

  it('leaves the decision to the server when it gave no time', () => {
    expect(reopenAvailability({ ...ticket, reopenUntil: null }, new Date('2027-01-01T00:00:00Z'))).toEqual({
      canReopen: true,
      until: null,
    });
  });
});
