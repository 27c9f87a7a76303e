// Entry point of the app window. The backend is picked once: the real core when running inside
// Tauri; sample data only in development and sample builds (`npm run dev`,
// `npm run build -- --mode sample`), never in the shipped bundle.
import { mount } from 'svelte';
import './app.css';
import Portal from './lib/Portal.svelte';
import Unavailable from './lib/Unavailable.svelte';
import { isTauri, tauriBackend } from './lib/backend/tauri';

const SAMPLE_ALLOWED = import.meta.env.DEV || import.meta.env.MODE === 'sample';
const target = document.getElementById('app')!;

async function start() {
  if (isTauri()) {
    mount(Portal, { target, props: { backend: tauriBackend, useHash: true, setTitle: true } });
    return;
  }
  if (SAMPLE_ALLOWED) {
    const { createSampleBackend, parseSampleState } = await import('./lib/backend/sample');
    const params = new URLSearchParams(window.location.search);
    const backend = createSampleBackend({
      state: parseSampleState(params.get('sample')),
      signedIn: params.get('signedIn') !== 'false',
    });
    const scheme = params.get('scheme');
    mount(Portal, {
      target,
      props: {
        backend,
        useHash: true,
        setTitle: true,
        scheme: scheme === 'light' || scheme === 'dark' ? scheme : 'auto',
      },
    });
    return;
  }
  mount(Unavailable, { target });
}

void start();
