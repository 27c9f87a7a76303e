// The draft is kept on this computer, per staff member and provider, so closing the studio (or
// a crash) loses nothing. It remembers the live version it started from: publishing sends that,
// and the server refuses it when someone published since.
import type { Branding } from '$lib/generated/api/Branding';
import { isBranding } from './fields';

export type StoredDraft = { baseVersion: number; branding: Branding; savedAt: string };

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type LoadedDraft = { kind: 'none' } | { kind: 'draft'; draft: StoredDraft } | { kind: 'unreadable' };

export class DraftStore {
  readonly #store: KeyValueStore;
  readonly #key: string;

  constructor(store: KeyValueStore, uid: string, tenantId: string) {
    this.#store = store;
    this.#key = `wisp-studio:branding-draft:${uid}:${tenantId}`;
  }

  /** The saved draft; `unreadable` when what is stored is not a draft this studio can use. */
  load(): LoadedDraft {
    const raw = this.#store.getItem(this.#key);
    if (raw === null) return { kind: 'none' };
    try {
      const value = JSON.parse(raw) as Partial<StoredDraft>;
      if (
        Number.isSafeInteger(value.baseVersion) &&
        typeof value.savedAt === 'string' &&
        !Number.isNaN(Date.parse(value.savedAt)) &&
        isBranding(value.branding)
      ) {
        return { kind: 'draft', draft: value as StoredDraft };
      }
    } catch {
      // Not JSON: told as unreadable below.
    }
    return { kind: 'unreadable' };
  }

  save(draft: StoredDraft): void {
    this.#store.setItem(this.#key, JSON.stringify(draft));
  }

  clear(): void {
    this.#store.removeItem(this.#key);
  }
}
