// Everything the screens share: the backend, who is signed in, the branding, the connection,
// pending items and toasts. One instance per rendered portal (the app has one; a preview may
// show several), handed down through Svelte context.
import { getContext, setContext } from 'svelte';
import type { Backend, Unsubscribe } from '../backend/backend';
import type { AppInfo, Branding, PendingItem, SessionState } from '../types';
import { toProblem, type Problem } from '../errors';
import { Router } from './router.svelte';
import { Toasts } from './toasts.svelte';
import { Updates } from './updates.svelte';

export type ColorSchemeChoice = 'auto' | 'light' | 'dark';

export class PortalState {
  readonly backend: Backend;
  readonly router: Router;
  readonly toasts = new Toasts();
  readonly updates: Updates;
  info: AppInfo | null = $state(null);
  branding: Branding | null = $state(null);
  session: SessionState | null = $state(null);
  /** Failure before the first screen could be shown. */
  startProblem: Problem | null = $state(null);
  online = $state(true);
  pending: PendingItem[] = $state([]);
  /** An access code from an invite link, for the sign-up screen. */
  inviteCode: string | null = $state(null);
  /** Tickets the watcher reported as changed; screens showing them reload. */
  changedTickets: { ids: string[]; at: number } = $state({ ids: [], at: 0 });
  /** Counts reconnections: screens showing cached data reload when it moves. */
  reconnections = $state(0);
  #stops: Unsubscribe[] = [];

  constructor(backend: Backend, router: Router) {
    this.backend = backend;
    this.router = router;
    this.updates = new Updates(backend);
  }

  get companyName(): string {
    const company = this.branding?.company;
    return company?.displayName || company?.name || this.info?.productName || '';
  }

  async start(): Promise<void> {
    const b = this.backend;
    this.#stops.push(
      b.on('connection-changed', ({ online }) => {
        const wasOffline = !this.online;
        this.online = online;
        if (online && wasOffline) {
          this.toasts.show("You're back online.", 'success');
          this.reconnections++;
          void this.refreshPending();
        }
      }),
      b.on('branding-changed', () => void this.refreshBranding()),
      b.on('tickets-changed', ({ ticketIds }) => {
        this.changedTickets = { ids: ticketIds, at: Date.now() };
        void this.refreshPending();
      }),
      b.on('invite', ({ code }) => this.acceptInvite(code)),
    );
    try {
      // Asked together: the first screen waits for both, and each is a round trip to the core.
      const [info, session] = await Promise.all([b.appInfo(), b.sessionState()]);
      this.info = info;
      // The built-in brand shows at once; the server's copy replaces it when it arrives.
      this.branding = info.brand.branding;
      void this.refreshBranding();
      this.session = session;
      const invite = await b.takeInvite();
      if (invite) this.acceptInvite(invite.code);
      await this.refreshPending();
      this.#stops.push(...(await this.updates.start()));
    } catch (error) {
      this.startProblem = toProblem(error);
    }
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  acceptInvite(code: string): void {
    this.inviteCode = code;
    if (!this.session?.signedIn) this.router.navigate('/signup');
  }

  async refreshBranding(): Promise<void> {
    try {
      this.branding = await this.backend.getBranding();
    } catch {
      // The built-in or last cached branding stays; nothing the subscriber must act on.
    }
  }

  async refreshPending(): Promise<void> {
    try {
      this.pending = await this.backend.pendingItems();
    } catch {
      // Pending items are shown when they can be read; the outbox itself is unaffected.
    }
  }

  signedIn(session: SessionState): void {
    this.session = session;
    this.router.navigate('/', { replace: true });
  }

  /** The core said the session is over (e.g. the password was changed elsewhere). */
  sessionEnded(): void {
    this.session = { signedIn: false, email: null, keychainAvailable: this.session?.keychainAvailable ?? true };
    this.router.navigate('/login', { replace: true });
  }

  async signOut(): Promise<void> {
    await this.backend.signOut();
    this.session = { signedIn: false, email: null, keychainAvailable: this.session?.keychainAvailable ?? true };
    this.router.navigate('/login', { replace: true });
  }
}

const KEY = Symbol('portal');

export function providePortal(state: PortalState): void {
  setContext(KEY, state);
}

export function usePortal(): PortalState {
  const state = findPortal();
  if (!state) throw new Error('usePortal() outside a <Portal>');
  return state;
}

/** The portal around a component that may also be used outside one (the staff studio's buttons). */
export function findPortal(): PortalState | undefined {
  return getContext<PortalState | undefined>(KEY);
}
