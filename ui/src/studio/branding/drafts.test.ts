import { describe, expect, it } from 'vitest';
import { SAMPLE_BRANDING } from '$lib/backend/sample/data';
import { DraftStore } from './drafts';
import { memoryStore } from './testing';

const draft = { baseVersion: 3, branding: { ...SAMPLE_BRANDING, colors: { ...SAMPLE_BRANDING.colors, primary: '#7c3aed' } }, savedAt: '2026-11-26T10:00:00.000Z' };

describe('drafts kept on this computer', () => {
  it('come back as saved, per staff member and provider', () => {
    const store = memoryStore();
    new DraftStore(store, 'uid_a', 'ridgeline').save(draft);
    expect(new DraftStore(store, 'uid_a', 'ridgeline').load()).toEqual({ kind: 'draft', draft });
    expect(new DraftStore(store, 'uid_a', 'prairie').load()).toEqual({ kind: 'none' });
    expect(new DraftStore(store, 'uid_b', 'ridgeline').load()).toEqual({ kind: 'none' });
    new DraftStore(store, 'uid_a', 'ridgeline').clear();
    expect(store.keys()).toEqual([]);
  });

  it('are unreadable when what is stored is not a whole draft', () => {
    const store = memoryStore();
    const drafts = new DraftStore(store, 'uid_a', 'ridgeline');
    drafts.save(draft);
    const [key] = store.keys();
    for (const bad of ['{not json', JSON.stringify({ ...draft, baseVersion: '3' }), JSON.stringify({ ...draft, branding: { colors: {} } })]) {
      store.setItem(key!, bad);
      expect(drafts.load()).toEqual({ kind: 'unreadable' });
    }
  });
});
