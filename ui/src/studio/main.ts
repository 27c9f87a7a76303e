// Entry point of the staff studio's window (`wisp-studio`). The backend is picked once: the
// studio core when running inside Tauri; the in-memory sample only in development
// (`npm run dev:studio`), never in the built bundle.
import { mount } from 'svelte';
import '../app.css';
import Unavailable from '$lib/Unavailable.svelte';
import { isTauri } from '$lib/backend/tauri';
import type { StudioBackend } from './backend/backend';
import Studio from './Studio.svelte';

const target = document.getElementById('app')!;

// The Tauri side of the bridge (`./backend/tauri.ts`, exporting `tauriStudioBackend`) is written
// with the studio's Rust core; it is looked up rather than imported so this UI builds on its own.
const tauriBridge = import.meta.glob<{ tauriStudioBackend: StudioBackend }>('./backend/tauri.ts');

async function start() {
  const loadTauri = tauriBridge['./backend/tauri.ts'];
  if (isTauri() && loadTauri) {
    const { tauriStudioBackend } = await loadTauri();
    mount(Studio, { target, props: { backend: tauriStudioBackend, store: window.localStorage } });
    return;
  }
  if (import.meta.env.DEV) {
    const { createSampleStudioBackend, parseSampleStudioState, SAMPLE_STAFF_EMAIL, SAMPLE_STAFF_PASSWORD } = await import(
      './backend/sample'
    );
    const params = new URLSearchParams(window.location.search);
    const backend = createSampleStudioBackend({
      signedIn: params.get('signedIn') === 'true',
      state: parseSampleStudioState(params.get('sample')),
    });
    const signInHint = `Sample data: sign in as ${SAMPLE_STAFF_EMAIL} with the password ${SAMPLE_STAFF_PASSWORD}.`;
    mount(Studio, { target, props: { backend, store: window.localStorage, sample: { signInHint } } });
    return;
  }
  mount(Unavailable, {
    target,
    props: { body: 'This page is part of Wisp Studio, the staff app, and only works inside it.' },
  });
}

void start();
