/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri window loads `dist/` under a strict CSP (`script-src 'self'`): everything must be
// a file of the bundle, nothing inline and nothing remote.
//
// Mode `studio` builds the staff studio instead (`studio.html` → `dist-studio/`, for the
// `wisp-studio` app); the subscriber build starts from `index.html` and never reaches its code.
export default defineConfig(({ mode }) => {
  const studio = mode === 'studio';
  return {
    plugins: [svelte()],
    base: './',
    resolve: {
      alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
      // Component tests mount Svelte's browser build into jsdom.
      ...(process.env.VITEST ? { conditions: ['browser'] } : {}),
    },
    clearScreen: false,
    server: studio ? { port: 5174, strictPort: true, open: false } : { port: 5173, strictPort: true },
    build: {
      outDir: studio ? 'dist-studio' : 'dist',
      target: 'es2022',
      // No inlined assets as data: URLs in scripts; small files stay files.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      sourcemap: false,
      ...(studio ? { rolldownOptions: { input: fileURLToPath(new URL('./studio.html', import.meta.url)) } } : {}),
    },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts'],
    },
  };
});
