// One thing a screen loads: its state (loading, ready, failed), the data, whether it came from
// the offline cache and when it was fetched. A reload keeps the old data on screen while it
// runs, so refreshing never blanks a page.
import { untrack } from 'svelte';
import type { Cached } from '../types';
import { toProblem, type Problem } from '../errors';

export class Resource<T> {
  data: T | null = $state(null);
  problem: Problem | null = $state(null);
  loading = $state(false);
  fromCache = $state(false);
  fetchedAt: string | null = $state(null);
  #load: () => Promise<Cached<T>>;
  #generation = 0;

  constructor(load: () => Promise<Cached<T>>) {
    this.#load = load;
  }

  /** First load still running: show skeletons. */
  get pending(): boolean {
    return this.loading && this.data === null && this.problem === null;
  }

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      // Called from effects: what the loader reads must not make the caller's effect re-run.
      const result = await untrack(() => this.#load());
      if (generation !== this.#generation) return;
      this.data = result.data;
      this.fromCache = result.fromCache;
      this.fetchedAt = result.fetchedAt;
      this.problem = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.problem = toProblem(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Retry after a failure: back to skeletons rather than the old error. */
  retry(): Promise<void> {
    this.problem = null;
    return this.reload();
  }
}
