import { describe, expect, it } from 'vitest';
import { createSampleBackend } from '.';

const now = new Date('2026-11-26T10:00:00Z');

describe('sample backend states', () => {
  it('serves fresh data normally, with an outage that affects the subscriber', async () => {
    const b = createSampleBackend({ latencyMs: 0, now });
    const status = await b.getStatus();
    expect(status.fromCache).toBe(false);
    expect(status.data.openOutages).toHaveLength(1);
    const open = await b.listTickets(['open', 'assigned', 'in_progress', 'waiting_on_customer'], null);
    expect(open.data.items.every((t) => !['resolved', 'closed'].includes(t.status))).toBe(true);
  });

  it('has nothing to list in the empty state', async () => {
    const b = createSampleBackend({ state: 'empty', latencyMs: 0, now });
    expect((await b.listTickets(null, null)).data.items).toEqual([]);
    expect((await b.getStatus()).data.openOutages).toEqual([]);
    expect((await b.getProfile()).data.equipment).toEqual([]);
  });

  it('fails reads with a plain sentence in the error state', async () => {
    const b = createSampleBackend({ state: 'error', latencyMs: 0, now });
    await expect(b.getProfile()).rejects.toMatchObject({ code: 'server_unavailable' });
    await expect(b.getProfile()).rejects.not.toMatchObject({ message: expect.stringMatching(/\d{3}/) });
  });

  it('shows cached data and queues what is written in the offline state', async () => {
    const b = createSampleBackend({ state: 'offline', latencyMs: 0, now });
    const profile = await b.getProfile();
    expect(profile.fromCache).toBe(true);
    expect(Date.parse(profile.fetchedAt)).toBeLessThan(now.getTime());
    const before = (await b.pendingItems()).length;
    const outcome = await b.createTicket({ title: 'No internet', description: 'Since noon', kind: 'repair', attachmentIds: [], includeDiagnostics: false });
    expect(outcome.outcome).toBe('queued');
    expect(await b.pendingItems()).toHaveLength(before + 1);
  });

  it('never answers in the loading state, so skeletons can be looked at', async () => {
    const b = createSampleBackend({ state: 'loading', latencyMs: 0, now });
    const result = await Promise.race([b.getProfile().then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 50))]);
    expect(result).toBe('waiting');
  });
});
