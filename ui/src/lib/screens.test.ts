import { describe, expect, it } from 'vitest';
import { cachedAtLabel, formatRelative } from './format';
import { latestStaffWords, oldestCachedAt } from './screens';

describe('offline notice', () => {
  it('says the time of the oldest cached copy on the screen, and only when something is cached', () => {
    expect(
      oldestCachedAt([
        { fromCache: false, fetchedAt: '2026-11-26T09:00:00Z' },
        { fromCache: true, fetchedAt: '2026-11-26T08:42:00Z' },
        { fromCache: true, fetchedAt: '2026-11-26T08:50:00Z' },
      ]),
    ).toBe('2026-11-26T08:42:00Z');
    expect(oldestCachedAt([{ fromCache: false, fetchedAt: '2026-11-26T09:00:00Z' }, { fromCache: false, fetchedAt: null }])).toBeNull();
  });

  it('gives the time for a copy from today and the date for an older one', () => {
    const now = new Date(2026, 10, 26, 15, 0);
    expect(cachedAtLabel(new Date(2026, 10, 26, 10, 42).toISOString(), now, 'en-GB')).toBe('10:42');
    expect(cachedAtLabel(new Date(2026, 10, 24, 10, 42).toISOString(), now, 'en-GB')).toMatch(/24 Nov/);
  });

  it('writes recent times in words', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(formatRelative('2026-11-26T11:59:40Z', now, 'en')).toBe('just now');
    expect(formatRelative('2026-11-26T11:35:00Z', now, 'en')).toBe('25 minutes ago');
    expect(formatRelative('2026-11-25T12:00:00Z', now, 'en')).toBe('yesterday');
  });
});

describe('outage banner', () => {
  it('quotes what the provider said last, not the subscriber', () => {
    const comments = [
      { id: '1', authorKind: 'staff' as const, authorName: 'Dana', body: 'A crew is on the way.', createdAt: '2026-11-26T09:00:00Z' },
      { id: '2', authorKind: 'staff' as const, authorName: 'Dana', body: 'Power is back; radios are restarting.', createdAt: '2026-11-26T10:00:00Z' },
      { id: '3', authorKind: 'customer' as const, authorName: 'Alex', body: 'Still down here.', createdAt: '2026-11-26T10:05:00Z' },
    ];
    expect(latestStaffWords({ comments })).toBe('Power is back; radios are restarting.');
    expect(latestStaffWords({ comments: [] })).toBeNull();
    expect(latestStaffWords(null)).toBeNull();
  });
});
