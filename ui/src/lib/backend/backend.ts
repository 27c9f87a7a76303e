// The UI's whole view of the app core: one method per command of the shell (names in src-tauri/APP.md)
// and the events it emits. `tauriBackend` talks to the real core; `sampleBackend` serves sample
// data for a plain browser and for the staff branding preview.
import type {
  AppInfo,
  AvailableUpdate,
  Branding,
  Cached,
  ConnectionChanged,
  CustomerProfile,
  Diagnostics,
  FaqEntry,
  Invite,
  Page,
  PendingItem,
  PortalStatus,
  PortalTicket,
  PortalTicketSummary,
  PreparedAttachment,
  SavedAttachment,
  SendOutcome,
  SessionState,
  SignupCheck,
  SignupCheckRequest,
  TicketDraft,
  TicketsChanged,
  UpdateDownload,
  UploadProgress,
  WorkOrderStatus,
} from '../types';

export type BackendEvents = {
  'tickets-changed': TicketsChanged;
  'branding-changed': null;
  'connection-changed': ConnectionChanged;
  'upload-progress': UploadProgress;
  invite: Invite;
  'update-available': AvailableUpdate;
  'update-progress': UpdateDownload;
};

export type BackendEventName = keyof BackendEvents;
export type Unsubscribe = () => void;

export interface Backend {
  appInfo(): Promise<AppInfo>;
  sessionState(): Promise<SessionState>;
  signIn(email: string, password: string): Promise<SessionState>;
  signupVerify(request: SignupCheckRequest): Promise<SignupCheck>;
  signupComplete(email: string, password: string): Promise<SessionState>;
  sendPasswordReset(email: string): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  signOut(): Promise<void>;
  /** The invite link that opened the app, once (later ones arrive as the `invite` event). */
  takeInvite(): Promise<Invite | null>;

  getProfile(): Promise<Cached<CustomerProfile>>;
  listTickets(statuses: readonly WorkOrderStatus[] | null, cursor: string | null): Promise<Cached<Page<PortalTicketSummary>>>;
  getTicket(id: string): Promise<Cached<PortalTicket>>;
  getStatus(): Promise<Cached<PortalStatus>>;
  getFaq(query: string | null): Promise<Cached<FaqEntry[]>>;
  getBranding(): Promise<Branding>;

  createTicket(draft: TicketDraft): Promise<SendOutcome>;
  addComment(ticketId: string, body: string, attachmentIds: string[]): Promise<SendOutcome>;
  prepareAttachmentBytes(name: string, bytes: Uint8Array): Promise<PreparedAttachment>;
  discardAttachment(id: string): Promise<void>;
  /** A photo of one of the subscriber's tickets, as a `data:` URL. */
  attachmentPhoto(ticketId: string, attachmentId: string): Promise<string>;
  /** Saves a file of one of the subscriber's tickets into their Downloads folder. */
  saveAttachment(ticketId: string, attachmentId: string): Promise<SavedAttachment>;
  resolveTicket(id: string, reason: string | null): Promise<void>;
  reopenTicket(id: string, reason: string): Promise<void>;
  pendingItems(): Promise<PendingItem[]>;
  getDraft(): Promise<TicketDraft | null>;
  saveDraft(draft: TicketDraft): Promise<void>;
  diagnosticsPreview(): Promise<Diagnostics>;
  /** The update the core's last check found, if any. */
  updateStatus(): Promise<AvailableUpdate | null>;
  /** Asks the provider's server now; null when this is the newest version. */
  checkForUpdate(): Promise<AvailableUpdate | null>;
  /** Downloads (`update-progress`), verifies the signature and installs; only on the subscriber's word. */
  installUpdate(): Promise<void>;
  /** Starts the installed version. */
  restartApp(): Promise<void>;
  /** The first real screen has painted (launch timing for scripts/figures.sh; no effect otherwise). */
  firstPaint(): Promise<void>;

  on<E extends BackendEventName>(event: E, handler: (payload: BackendEvents[E]) => void): Unsubscribe;
}
