// Keeping the new-ticket text while the subscriber types, so nothing is lost to a crash, a
// closed window or a lost connection. Saves are debounced, and the last one always lands.
import type { TicketDraft } from './types';

export const EMPTY_DRAFT: TicketDraft = {
  title: '',
  description: '',
  kind: null,
  attachmentIds: [],
  includeDiagnostics: false,
};

export function isEmptyDraft(draft: TicketDraft): boolean {
  return !draft.title.trim() && !draft.description.trim() && draft.attachmentIds.length === 0;
}

export class DraftSaver {
  #save: (draft: TicketDraft) => Promise<void>;
  #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #queued: TicketDraft | null = null;
  #lastSaved: string | null = null;
  /** The last save failed; the screen says so (the text is still on screen). */
  failed = false;
  onchange: (() => void) | null = null;

  constructor(save: (draft: TicketDraft) => Promise<void>, delayMs = 600) {
    this.#save = save;
    this.#delayMs = delayMs;
  }

  /** Remembers the draft as already stored (after loading it), so it is not written back. */
  loaded(draft: TicketDraft): void {
    this.#lastSaved = JSON.stringify(draft);
  }

  schedule(draft: TicketDraft): void {
    this.#queued = structuredClone(draft);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.#delayMs);
  }

  /** Saves what is queued now (when leaving the screen or before sending). */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const draft = this.#queued;
    this.#queued = null;
    if (!draft) return;
    const json = JSON.stringify(draft);
    if (json === this.#lastSaved) return;
    try {
      await this.#save(draft);
      this.#lastSaved = json;
      this.failed = false;
    } catch {
      this.failed = true;
    }
    this.onchange?.();
  }

  /** Stops a pending save (the ticket was sent and the draft cleared). */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#queued = null;
  }
}
