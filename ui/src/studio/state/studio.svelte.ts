// What every studio screen shares: the core, the signed-in staff member, the provider they are
// working on (one sign-in for all their providers), the place, and toasts. One instance per
// window, handed down through Svelte context.
import { getContext, setContext } from 'svelte';
import { toProblem, type Problem } from '$lib/errors';
import type { AppError } from '$lib/generated/app/AppError';
import type { StaffMe } from '$lib/generated/api/StaffMe';
import type { StaffMembership } from '$lib/generated/api/StaffMembership';
import { Toasts } from '$lib/state/toasts.svelte';
import type { StudioBackend } from '../backend/backend';
import type { KeyValueStore } from '../branding/drafts';
import { StudioRouter } from './router.svelte';

const TENANT_KEY = 'wisp-studio:tenant';

/** What the studio says when it runs on sample data (only in development). */
export type SampleNotes = { signInHint: string };

export class StudioState {
  readonly backend: StudioBackend;
  /** Served by the in-memory sample backend (`npm run dev:studio`), with how to sign in to it. */
  readonly sample: SampleNotes | null;
  readonly store: KeyValueStore;
  readonly router = new StudioRouter();
  readonly toasts = new Toasts();
  /** Until the keychain has been asked whether someone is signed in. */
  restoring = $state(true);
  startProblem: Problem | null = $state(null);
  me: StaffMe | null = $state(null);
  tenantId: string | null = $state(null);
  readonly membership: StaffMembership | null = $derived(
    this.me?.memberships.find((m) => m.tenantId === this.tenantId) ?? null,
  );

  constructor(backend: StudioBackend, options: { sample: SampleNotes | null; store: KeyValueStore }) {
    this.backend = backend;
    this.sample = options.sample;
    this.store = options.store;
  }

  async start(): Promise<void> {
    this.restoring = true;
    this.startProblem = null;
    try {
      const me = await this.backend.session();
      if (me && isStaff(me)) this.#enter(me);
      else if (me) await this.backend.signOut();
    } catch (error) {
      this.startProblem = toProblem(error);
    } finally {
      this.restoring = false;
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    const me = await this.backend.signIn(email, password);
    // The core refuses accounts with no membership; one that got through is not let in either.
    if (!isStaff(me)) {
      await this.backend.signOut();
      const refused: AppError = { code: 'forbidden', message: 'This account is not on the staff of any provider.', fields: [] };
      throw refused;
    }
    this.#enter(me);
  }

  async signOut(): Promise<void> {
    await this.backend.signOut();
    this.me = null;
    this.tenantId = null;
  }

  /** Switches the provider being worked on (one of the staff member's memberships). */
  selectTenant(tenantId: string): void {
    if (!this.me?.memberships.some((m) => m.tenantId === tenantId)) {
      throw new Error(`Not a membership of the signed-in staff member: ${tenantId}`);
    }
    this.tenantId = tenantId;
    this.store.setItem(TENANT_KEY, tenantId);
  }

  #enter(me: StaffMe): void {
    this.me = me;
    // The provider worked on last time, while it is still one of theirs.
    const last = this.store.getItem(TENANT_KEY);
    this.tenantId = me.memberships.some((m) => m.tenantId === last) ? last : me.memberships[0]!.tenantId;
  }
}

function isStaff(me: StaffMe): boolean {
  return me.memberships.length > 0;
}

const KEY = Symbol('studio');

export function provideStudio(state: StudioState): void {
  setContext(KEY, state);
}

export function useStudio(): StudioState {
  const state = getContext<StudioState | undefined>(KEY);
  if (!state) throw new Error('useStudio() outside the studio');
  return state;
}
