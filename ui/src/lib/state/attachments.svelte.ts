// Files the subscriber adds to a ticket or reply: each is handed to the core, which checks it,
// strips photos of EXIF/GPS and re-encodes them; this keeps the tiles the screen shows
// (preparing, ready with a preview, refused with the reason) and the upload progress.
import type { Backend } from '../backend/backend';
import { toProblem } from '../errors';
import type { PreparedAttachment, UploadProgress } from '../types';

export type AttachmentTile = {
  key: number;
  name: string;
  sizeBytes: number;
  state: 'preparing' | 'ready' | 'refused';
  prepared: PreparedAttachment | null;
  /** A local preview while the core prepares the photo, then the core's own preview. */
  previewUrl: string | null;
  error: string | null;
  /** 0..1 while sending. */
  progress: number | null;
};

export const MAX_ATTACHMENTS = 10;

export class Attachments {
  tiles: AttachmentTile[] = $state([]);
  #backend: Backend;
  #next = 1;
  onchange: (() => void) | null = null;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Ids to send: only files the core accepted. */
  get readyIds(): string[] {
    return this.tiles.filter((t) => t.state === 'ready' && t.prepared).map((t) => t.prepared!.id);
  }

  get preparing(): boolean {
    return this.tiles.some((t) => t.state === 'preparing');
  }

  get full(): boolean {
    return this.tiles.length >= MAX_ATTACHMENTS;
  }

  /** Tiles for ids restored from a draft; their previews are not kept with the draft. */
  restore(ids: readonly string[]): void {
    for (const id of ids) {
      this.tiles.push({
        key: this.#next++,
        name: 'File from your draft',
        sizeBytes: 0,
        state: 'ready',
        prepared: { id, name: 'File from your draft', kind: 'text', sizeBytes: 0, previewDataUrl: null },
        previewUrl: null,
        error: null,
        progress: null,
      });
    }
  }

  /** Adds files; returns how many were left out because the limit was reached. */
  add(files: readonly File[]): number {
    const room = MAX_ATTACHMENTS - this.tiles.length;
    const taken = files.slice(0, Math.max(0, room));
    for (const file of taken) void this.#prepare(file);
    return files.length - taken.length;
  }

  async #prepare(file: File): Promise<void> {
    const key = this.#next++;
    const localPreview =
      file.type.startsWith('image/') && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null;
    this.tiles.push({
      key,
      name: file.name || 'Pasted image',
      sizeBytes: file.size,
      state: 'preparing',
      prepared: null,
      previewUrl: localPreview,
      error: null,
      progress: null,
    });
    const update = (change: Partial<AttachmentTile>) => {
      const tile = this.tiles.find((t) => t.key === key);
      if (tile) Object.assign(tile, change);
    };
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const prepared = await this.#backend.prepareAttachmentBytes(file.name || 'pasted-image.png', bytes);
      if (!this.tiles.some((t) => t.key === key)) {
        // Removed while it was being prepared.
        void this.#backend.discardAttachment(prepared.id).catch(() => undefined);
        return;
      }
      update({
        state: 'ready',
        prepared,
        name: prepared.name,
        sizeBytes: prepared.sizeBytes,
        previewUrl: prepared.previewDataUrl ?? localPreview,
      });
    } catch (error) {
      update({ state: 'refused', error: toProblem(error).message });
    }
    this.onchange?.();
  }

  async remove(key: number): Promise<void> {
    const tile = this.tiles.find((t) => t.key === key);
    if (!tile) return;
    this.tiles = this.tiles.filter((t) => t.key !== key);
    if (tile.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(tile.previewUrl);
    if (tile.prepared) await this.#backend.discardAttachment(tile.prepared.id).catch(() => undefined);
    this.onchange?.();
  }

  progress(event: UploadProgress): void {
    const tile = this.tiles.find((t) => t.prepared?.id === event.attachmentId);
    if (tile) tile.progress = event.totalBytes > 0 ? Math.min(1, event.sentBytes / event.totalBytes) : 1;
  }

  /** After sending: the core owns the files now. */
  clear(): void {
    for (const t of this.tiles) if (t.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(t.previewUrl);
    this.tiles = [];
  }
}
