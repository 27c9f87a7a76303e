// Helpers the studio's tests share.
import type { SanitizedCss } from '$lib/generated/api/SanitizedCss';
import type { KeyValueStore } from './drafts';

/** A `localStorage` stand-in that outlives the editors using it, like the real one across restarts. */
export function memoryStore(): KeyValueStore & { keys(): string[] } {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
    keys: () => [...values.keys()],
  };
}

/** Stands in for the real sanitiser (Rust) in tests: removes each line that reaches another host. */
export async function removingRemote(css: string): Promise<SanitizedCss> {
  const lines = css.split('\n');
  const remote = (line: string) => line.includes('https://');
  return {
    css: lines.filter((l) => !remote(l)).join('\n'),
    removed: lines.filter(remote).map((excerpt) => ({ excerpt, reason: 'It loads something from another host.' })),
  };
}
