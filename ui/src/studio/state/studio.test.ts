import { describe, expect, it, vi } from 'vitest';
import { createSampleStudioBackend, SAMPLE_STAFF_EMAIL, SAMPLE_STAFF_PASSWORD } from '../backend/sample';
import { memoryStore } from '../branding/testing';
import { StudioState } from './studio.svelte';

const backend = (signedIn = false) => createSampleStudioBackend({ latencyMs: 0, signedIn });

describe('studio session', () => {
  it('comes back to the provider worked on last time, while it is still one of theirs', async () => {
    const store = memoryStore();
    const first = new StudioState(backend(), { sample: null, store });
    await first.signIn(SAMPLE_STAFF_EMAIL, SAMPLE_STAFF_PASSWORD);
    expect(first.membership?.tenantId).toBe('ridgeline');
    first.selectTenant('prairie');
    expect(first.membership?.role).toBe('technician');
    expect(() => first.selectTenant('elsewhere')).toThrow();

    const restarted = new StudioState(backend(true), { sample: null, store });
    await restarted.start();
    expect(restarted.membership?.tenantId).toBe('prairie');

    store.setItem('wisp-studio:tenant', 'gone');
    const again = new StudioState(backend(true), { sample: null, store });
    await again.start();
    expect(again.membership?.tenantId).toBe('ridgeline');
  });

  it('lets no one in without a membership, even if the core did', async () => {
    const sample = backend();
    const signOut = vi.spyOn(sample, 'signOut');
    const state = new StudioState(
      { ...sample, signIn: async () => ({ uid: 'uid_x', email: 'x@example.com', memberships: [] }) },
      { sample: null, store: memoryStore() },
    );
    await expect(state.signIn('x@example.com', 'pw')).rejects.toMatchObject({ code: 'forbidden' });
    expect(state.me).toBeNull();
    expect(signOut).toHaveBeenCalled();
  });

  it('signs out', async () => {
    const state = new StudioState(backend(true), { sample: null, store: memoryStore() });
    await state.start();
    expect(state.me?.email).toBe(SAMPLE_STAFF_EMAIL);
    await state.signOut();
    expect(state.me).toBeNull();
    expect(await state.backend.session()).toBeNull();
  });
});
