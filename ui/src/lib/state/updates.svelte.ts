// A newer version of the app: found by the core's daily check (or "Check for updates"),
// offered with the provider's notes, installed only when the subscriber says so.
import type { Backend, Unsubscribe } from '../backend/backend';
import { toProblem } from '../errors';
import type { AvailableUpdate } from '../types';

export type UpdatePhase =
  | { kind: 'none' }
  | { kind: 'available'; update: AvailableUpdate }
  | { kind: 'installing'; update: AvailableUpdate; downloaded: number; total: number | null }
  | { kind: 'installed'; update: AvailableUpdate }
  /** `retry`: worth trying again (the network); not after the signature was refused. */
  | { kind: 'failed'; update: AvailableUpdate; message: string; retry: boolean };

export class Updates {
  phase: UpdatePhase = $state({ kind: 'none' });
  /** The subscriber chose "Later" for this version: the banner stays away until a newer one. */
  dismissedVersion: string | null = $state(null);
  #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Listens for the core's findings and asks for one it made before the window opened. */
  async start(): Promise<Unsubscribe[]> {
    const stops = [
      this.#backend.on('update-available', (update) => this.offer(update)),
      this.#backend.on('update-progress', ({ downloadedBytes, totalBytes }) => {
        if (this.phase.kind === 'installing') {
          this.phase = { ...this.phase, downloaded: downloadedBytes, total: totalBytes };
        }
      }),
    ];
    const found = await this.#backend.updateStatus().catch(() => null);
    if (found) this.offer(found);
    return stops;
  }

  get bannerVisible(): boolean {
    return this.phase.kind !== 'none' && !(this.phase.kind === 'available' && this.phase.update.version === this.dismissedVersion);
  }

  offer(update: AvailableUpdate): void {
    // A download under way or an installed version is not interrupted by a later check.
    if (this.phase.kind === 'installing' || this.phase.kind === 'installed') return;
    this.phase = { kind: 'available', update };
  }

  later(): void {
    if (this.phase.kind === 'available' || this.phase.kind === 'failed') {
      this.dismissedVersion = this.phase.update.version;
      this.phase = { kind: 'available', update: this.phase.update };
    }
  }

  /** "Check for updates": null when this is the newest version. */
  async check(): Promise<AvailableUpdate | null> {
    const found = await this.#backend.checkForUpdate();
    if (found) {
      this.dismissedVersion = null;
      this.offer(found);
    }
    return found;
  }

  async install(): Promise<void> {
    const phase = this.phase;
    if (phase.kind !== 'available' && phase.kind !== 'failed') return;
    const update = phase.update;
    this.phase = { kind: 'installing', update, downloaded: 0, total: null };
    try {
      await this.#backend.installUpdate();
      this.phase = { kind: 'installed', update };
    } catch (error) {
      const problem = toProblem(error);
      this.phase = { kind: 'failed', update, message: problem.message, retry: problem.code !== 'file_refused' };
    }
  }

  restart(): Promise<void> {
    return this.#backend.restartApp();
  }
}
