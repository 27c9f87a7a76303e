// The real core, through Tauri's IPC. Argument names are the commands' parameter names
// (`request`, `id`, `draft`); Tauri maps them to the Rust functions. Each `request` is checked
// against its generated type, so a change on the Rust side fails `npm run check` here.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Backend, BackendEventName, BackendEvents, Unsubscribe } from './backend';
import type {
  AddCommentRequest,
  AttachmentRequest,
  ChangePasswordRequest,
  FaqRequest,
  ListTicketsRequest,
  PasswordResetRequest,
  PrepareAttachmentBytesRequest,
  ReopenTicketRequest,
  ResolveTicketRequest,
  SignInRequest,
  SignupCompleteRequest,
} from '../types';

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export const tauriBackend: Backend = {
  appInfo: () => invoke('app_info'),
  sessionState: () => invoke('session_state'),
  signIn: (email, password) => invoke('sign_in', { request: { email, password } satisfies SignInRequest }),
  signupVerify: (request) => invoke('signup_verify', { request }),
  signupComplete: (email, password) => invoke('signup_complete', { request: { email, password } satisfies SignupCompleteRequest }),
  sendPasswordReset: (email) => invoke('send_password_reset', { request: { email } satisfies PasswordResetRequest }),
  changePassword: (currentPassword, newPassword) =>
    invoke('change_password', { request: { currentPassword, newPassword } satisfies ChangePasswordRequest }),
  signOut: () => invoke('sign_out'),
  takeInvite: () => invoke('take_invite'),

  getProfile: () => invoke('get_profile'),
  listTickets: (statuses, cursor) =>
    invoke('list_tickets', { request: { status: [...(statuses ?? [])], cursor } satisfies ListTicketsRequest }),
  getTicket: (id) => invoke('get_ticket', { id }),
  getStatus: () => invoke('get_status'),
  getFaq: (query) => invoke('get_faq', { request: { query } satisfies FaqRequest }),
  getBranding: () => invoke('get_branding'),

  createTicket: (draft) => invoke('create_ticket', { draft }),
  addComment: (ticketId, body, attachmentIds) =>
    invoke('add_comment', { request: { ticketId, body, attachmentIds } satisfies AddCommentRequest }),
  // Bytes cross as a JSON array of numbers, which serde reads as Vec<u8>.
  prepareAttachmentBytes: (name, bytes) =>
    invoke('prepare_attachment_bytes', { request: { name, bytes: Array.from(bytes) } satisfies PrepareAttachmentBytesRequest }),
  discardAttachment: (id) => invoke('discard_attachment', { id }),
  updateStatus: () => invoke('update_status'),
  checkForUpdate: () => invoke('check_for_update'),
  installUpdate: () => invoke('install_update'),
  restartApp: () => invoke('restart_app'),
  attachmentPhoto: (ticketId, attachmentId) =>
    invoke('attachment_photo', { request: { ticketId, attachmentId } satisfies AttachmentRequest }),
  saveAttachment: (ticketId, attachmentId) =>
    invoke('save_attachment', { request: { ticketId, attachmentId } satisfies AttachmentRequest }),
  resolveTicket: (id, reason) => invoke('resolve_ticket', { request: { id, reason } satisfies ResolveTicketRequest }),
  reopenTicket: (id, reason) => invoke('reopen_ticket', { request: { id, reason } satisfies ReopenTicketRequest }),
  pendingItems: () => invoke('pending_items'),
  getDraft: () => invoke('get_draft'),
  saveDraft: (draft) => invoke('save_draft', { draft }),
  diagnosticsPreview: () => invoke('diagnostics_preview'),
  firstPaint: () => invoke('first_paint'),

  on<E extends BackendEventName>(event: E, handler: (payload: BackendEvents[E]) => void): Unsubscribe {
    let stopped = false;
    let stop: (() => void) | null = null;
    listen<BackendEvents[E]>(event, (e) => handler(e.payload)).then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    });
    return () => {
      stopped = true;
      stop?.();
    };
  },
};
