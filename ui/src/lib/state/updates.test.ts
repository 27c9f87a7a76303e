import { describe, expect, it } from 'vitest';
import { createSampleBackend } from '../backend/sample';
import type { Backend } from '../backend/backend';
import { Updates } from './updates.svelte';

const UPDATE = { version: '0.2.0', currentVersion: '0.1.0', notes: 'Faster ticket list.', publishedAt: null };

describe('app updates', () => {
  it('offers a found update until the subscriber says later, and again for a newer one', async () => {
    const updates = new Updates(createSampleBackend({ latencyMs: 0, update: UPDATE }));
    await updates.start();
    expect(updates.phase).toEqual({ kind: 'available', update: UPDATE });
    expect(updates.bannerVisible).toBe(true);
    updates.later();
    expect(updates.bannerVisible).toBe(false);
    updates.offer({ ...UPDATE, version: '0.3.0' });
    expect(updates.bannerVisible).toBe(true);
  });

  it('installs only when asked, shows the download and ends installed', async () => {
    const sample = createSampleBackend({ latencyMs: 0, update: UPDATE });
    let progress: ((p: { downloadedBytes: number; totalBytes: number | null }) => void) | null = null;
    let installs = 0;
    let duringDownload: unknown = null;
    const backend: Backend = {
      ...sample,
      on: (event, handler) => {
        if (event === 'update-progress') progress = handler as typeof progress;
        return sample.on(event, handler);
      },
      installUpdate: async () => {
        installs++;
        progress!({ downloadedBytes: 512, totalBytes: 1024 });
        duringDownload = { ...updates.phase };
      },
    };
    const updates = new Updates(backend);
    await updates.start();
    expect(installs).toBe(0);
    await updates.install();
    expect(installs).toBe(1);
    expect(duringDownload).toEqual({ kind: 'installing', update: UPDATE, downloaded: 512, total: 1024 });
    expect(updates.phase).toEqual({ kind: 'installed', update: UPDATE });
    // A later check does not take back an installed update.
    updates.offer({ ...UPDATE, version: '0.3.0' });
    expect(updates.phase.kind).toBe('installed');
  });

  it('keeps the offer and says why when the update is refused', async () => {
    const sample = createSampleBackend({ latencyMs: 0, update: UPDATE });
    const refusal = { code: 'file_refused', message: 'Version 0.2.0 could not be verified as coming from Ridgeline Wireless.', fields: [] };
    const backend: Backend = { ...sample, installUpdate: () => Promise.reject(refusal) };
    const updates = new Updates(backend);
    await updates.start();
    await updates.install();
    expect(updates.phase).toEqual({ kind: 'failed', update: UPDATE, message: refusal.message, retry: false });
    // Refused for good: dismissing it keeps it away until a newer version comes.
    updates.later();
    expect(updates.bannerVisible).toBe(false);
  });

  it('says nothing when this is the newest version', async () => {
    const updates = new Updates(createSampleBackend({ latencyMs: 0 }));
    await updates.start();
    expect(await updates.check()).toBeNull();
    expect(updates.bannerVisible).toBe(false);
  });
});
