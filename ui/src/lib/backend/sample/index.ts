// A backend that serves sample data, for looking at the screens in a plain browser and for the
// staff branding preview. Its `state` switches what every read does, so each screen's empty,
// loading, error and offline faces can be shown on demand.
import type { Backend, BackendEventName, BackendEvents, Unsubscribe } from '../backend';
import type {
  AppError,
  AvailableUpdate,
  Branding,
  Cached,
  PendingItem,
  PortalTicket,
  PreparedAttachment,
  SendOutcome,
  SessionState,
  TicketDraft,
} from '../../types';
import { REOPEN_WINDOW_DAYS, SAMPLE_BRANDING, sampleWorld, summaryOf } from './data';

export type SampleState = 'normal' | 'empty' | 'loading' | 'error' | 'offline';

export const SAMPLE_STATES: readonly SampleState[] = ['normal', 'empty', 'loading', 'error', 'offline'];

export type SampleOptions = {
  state?: SampleState;
  signedIn?: boolean;
  branding?: Branding;
  /** Fixed "now" so previews and screenshots are stable. */
  now?: Date;
  /** Delay of every answer, so loading skeletons can be seen; 0 in tests. */
  latencyMs?: number;
  /** A newer version the provider offers. */
  update?: AvailableUpdate;
};

/** A drawn stand-in for a subscriber's photo: a roof-mounted radio under a sky. */
const SAMPLE_PHOTO =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">' +
      '<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7fb2e5"/><stop offset="1" stop-color="#dcecf8"/></linearGradient></defs>' +
      '<rect width="640" height="480" fill="url(#s)"/><rect y="360" width="640" height="120" fill="#6b7b5a"/>' +
      '<rect x="300" y="150" width="12" height="220" fill="#5b6470"/><rect x="270" y="120" width="72" height="56" rx="6" fill="#e8ebef" stroke="#5b6470" stroke-width="4"/>' +
      '<circle cx="290" cy="160" r="5" fill="#2fb344"/><circle cx="306" cy="160" r="5" fill="#f0a020"/></svg>',
  );

export function parseSampleState(value: string | null): SampleState {
  return SAMPLE_STATES.find((s) => s === value) ?? 'normal';
}

function appError(code: AppError['code'], message: string): AppError {
  return { code, message, fields: [] };
}

/** The sample backend; `setBranding` swaps the branding it serves (the staff preview's draft). */
export type SampleBackend = Backend & { setBranding(branding: Branding): void };

export function createSampleBackend(options: SampleOptions = {}): SampleBackend {
  const state = options.state ?? 'normal';
  const now = options.now ?? new Date();
  const latency = options.latencyMs ?? 250;
  let branding = options.branding ?? SAMPLE_BRANDING;
  const world = sampleWorld(now, state === 'empty');
  const company = () => branding.company.displayName || branding.company.name;
  let signedIn = options.signedIn ?? true;
  let draft: TicketDraft | null = null;
  const pending: PendingItem[] =
    state === 'offline'
      ? [
          {
            id: 'pending_1',
            kind: 'comment',
            ticketId: 'tk_1',
            title: 'It happens in dry weather too, mostly around 7 pm.',
            createdAt: new Date(now.getTime() - 12 * 60_000).toISOString(),
            attempts: 2,
            lastError: `We couldn't reach ${company()}.`,
          },
        ]
      : [];
  const listeners = new Map<BackendEventName, Set<(payload: never) => void>>();
  let nextId = 1;

  const emit = <E extends BackendEventName>(event: E, payload: BackendEvents[E]) => {
    for (const handler of listeners.get(event) ?? []) (handler as (p: BackendEvents[E]) => void)(payload);
  };

  const wait = <T>(value: () => T): Promise<T> =>
    new Promise((resolve, reject) => {
      if (state === 'loading') return; // Stays pending: the screens show their skeletons.
      setTimeout(() => {
        try {
          resolve(value());
        } catch (e) {
          reject(e);
        }
      }, latency);
    });

  /** A read: fresh, from the cache (offline), or failing (error). */
  const read = <T>(value: () => T): Promise<Cached<T>> =>
    wait(() => {
      if (state === 'error') {
        throw appError(
          'server_unavailable',
          `${company()}'s support service is not answering right now. Please try again in a few minutes.`,
        );
      }
      const fromCache = state === 'offline';
      const fetchedAt = new Date(now.getTime() - (fromCache ? 47 * 60_000 : 0)).toISOString();
      return { data: value(), fetchedAt, fromCache };
    });

  const session = (): SessionState => ({
    signedIn,
    email: signedIn ? world.profile.email : null,
    keychainAvailable: true,
  });

  const ticket = (id: string): PortalTicket => {
    const found = world.tickets.find((t) => t.id === id);
    if (!found) throw appError('not_found', 'This ticket does not exist, or it is not yours to see.');
    return found;
  };
  const attachment = (ticketId: string, attachmentId: string) => {
    const found = ticket(ticketId).attachments.find((a) => a.id === attachmentId);
    if (!found) throw appError('not_found', 'This file is no longer part of the ticket.');
    return found;
  };

  /** A write: queued when offline, sent otherwise. */
  const send = (title: string, ticketId: string | null, apply: () => SendOutcome): Promise<SendOutcome> =>
    wait(() => {
      if (state === 'offline') {
        const item: PendingItem = {
          id: `pending_${nextId++}`,
          kind: ticketId ? 'comment' : 'ticket',
          ticketId,
          title,
          createdAt: new Date().toISOString(),
          attempts: 1,
          lastError: `We couldn't reach ${company()}.`,
        };
        pending.push(item);
        return {
          outcome: 'queued',
          pendingId: item.id,
          message: `We couldn't reach ${company()}. Your message is saved and will be sent when you're back online.`,
        };
      }
      if (state === 'error') {
        throw appError('server_unavailable', `${company()}'s support service is not answering right now.`);
      }
      return apply();
    });

  const backend: SampleBackend = {
    setBranding(next) {
      branding = next;
      emit('branding-changed', null);
    },
    appInfo: () =>
      Promise.resolve({
        productName: company(),
        version: '0.1.0',
        tenantId: 'ridgeline',
        brand: { branding },
      }),
    sessionState: () => Promise.resolve(session()),
    signIn: (email, password) =>
      wait(() => {
        if (password !== 'demo-password-1') {
          throw appError('invalid_credentials', 'That e-mail address and password do not match. Please try again.');
        }
        signedIn = true;
        return { ...session(), email };
      }),
    signupVerify: (request) =>
      wait(() => {
        if (!request.accessCode && request.customerNumber?.trim().toUpperCase() !== 'RW-1003') {
          throw appError(
            'signup_not_matched',
            "We couldn't match those details to an account. Check the customer number on your bill and the phone number we have for you.",
          );
        }
        return { greetingName: 'Casey', expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString() };
      }),
    signupComplete: (email) =>
      wait(() => {
        signedIn = true;
        return { ...session(), email };
      }),
    sendPasswordReset: () => wait(() => undefined),
    changePassword: (current) =>
      wait(() => {
        if (current !== 'demo-password-1') {
          throw appError('invalid_credentials', 'Your current password is not right. Please try again.');
        }
      }),
    signOut: () =>
      wait(() => {
        signedIn = false;
      }),
    takeInvite: () => Promise.resolve(null),

    getProfile: () => read(() => world.profile),
    listTickets: (statuses) =>
      read(() => ({
        items: world.tickets
          .filter((t) => !statuses || statuses.includes(t.status))
          .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
          .map(summaryOf),
        nextCursor: null,
      })),
    getTicket: (id) => read(() => ticket(id)),
    getStatus: () => read(() => world.status),
    getFaq: (query) =>
      read(() => {
        const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        return world.faq.filter((f) =>
          words.every((w) => `${f.question} ${f.answer} ${f.category}`.toLowerCase().includes(w)),
        );
      }),
    getBranding: () => Promise.resolve(branding),

    createTicket: (d) =>
      send(d.title, null, () => {
        const number = 62 + world.tickets.length;
        const at = new Date().toISOString();
        world.tickets.unshift({
          id: `tk_new_${number}`,
          number,
          title: d.title,
          kind: d.kind ?? 'support',
          status: 'open',
          createdAt: at,
          updatedAt: at,
          isOutage: false,
          description: d.description,
          resolvedAt: null,
          reopenUntil: null,
          comments: [],
          attachments: [],
          timeline: [{ at, summary: 'Opened' }],
        });
        draft = null;
        return { outcome: 'sent', ticketId: `tk_new_${number}`, ticketNumber: number };
      }),
    addComment: (ticketId, body) =>
      send(body.slice(0, 80), ticketId, () => {
        const t = ticket(ticketId);
        const at = new Date().toISOString();
        t.comments.push({ id: `c_new_${nextId++}`, authorKind: 'customer', authorName: world.profile.name, body, createdAt: at });
        t.updatedAt = at;
        return { outcome: 'sent', ticketId, ticketNumber: t.number };
      }),
    prepareAttachmentBytes: (name, bytes) =>
      wait((): PreparedAttachment => {
        const lower = name.toLowerCase();
        const kind = /\.(jpe?g|png|webp|gif|heic)$/.test(lower) ? 'photo' : lower.endsWith('.pdf') ? 'pdf' : 'text';
        if (bytes.length > 15 * 1024 * 1024) {
          throw appError('file_refused', `${name} is larger than 15 MB. Please pick a smaller file.`);
        }
        return { id: `att_${nextId++}`, name, kind, sizeBytes: bytes.length, previewDataUrl: null };
      }),
    discardAttachment: () => Promise.resolve(),
    attachmentPhoto: (ticketId, attachmentId) =>
      wait(() => {
        attachment(ticketId, attachmentId);
        return SAMPLE_PHOTO;
      }),
    saveAttachment: (ticketId, attachmentId) =>
      wait(() => {
        const file = attachment(ticketId, attachmentId);
        return { path: `~/Downloads/${file.fileName}`, fileName: file.fileName };
      }),
    resolveTicket: (id) =>
      wait(() => {
        const t = ticket(id);
        const at = new Date().toISOString();
        t.status = 'resolved';
        t.resolvedAt = at;
        t.reopenUntil = new Date(Date.now() + REOPEN_WINDOW_DAYS * 24 * 60 * 60 * 1000).toISOString();
        t.updatedAt = at;
        t.timeline.push({ at, summary: 'Status: Resolved' });
      }),
    reopenTicket: (id, reason) =>
      wait(() => {
        const t = ticket(id);
        const at = new Date().toISOString();
        t.status = 'open';
        t.reopenUntil = null;
        t.updatedAt = at;
        t.comments.push({ id: `c_new_${nextId++}`, authorKind: 'customer', authorName: world.profile.name, body: `Reopened: ${reason}`, createdAt: at });
        t.timeline.push({ at, summary: 'Status: Open' });
      }),
    pendingItems: () => Promise.resolve([...pending]),
    getDraft: () => Promise.resolve(draft),
    saveDraft: (d) => {
      draft = d;
      return Promise.resolve();
    },
    firstPaint: () => Promise.resolve(),
    updateStatus: () => Promise.resolve(options.update ?? null),
    checkForUpdate: () => wait(() => options.update ?? null),
    installUpdate: () =>
      wait(() => {
        if (!options.update) throw appError('not_found', 'There is no update to install. Check for updates first.');
        const total = 6_815_744;
        for (const downloadedBytes of [total / 4, total / 2, total]) {
          for (const handler of listeners.get('update-progress') ?? []) handler({ downloadedBytes, totalBytes: total } as never);
        }
      }),
    restartApp: () => Promise.resolve(),
    diagnosticsPreview: () =>
      Promise.resolve({
        appVersion: '0.1.0',
        os: 'Linux (sample)',
        serverReachable: state !== 'offline',
        serverLatencyMs: state === 'offline' ? null : 84,
        lastSyncAt: new Date(now.getTime() - (state === 'offline' ? 47 : 1) * 60_000).toISOString(),
      }),

    on(event, handler): Unsubscribe {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(handler as (payload: never) => void);
      if (event === 'connection-changed' && state === 'offline') {
        queueMicrotask(() => (handler as (p: BackendEvents['connection-changed']) => void)({ online: false }));
      }
      return () => set.delete(handler as (payload: never) => void);
    },
  };
  return backend;
}
