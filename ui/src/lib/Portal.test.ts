// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import Portal from './Portal.svelte';
import { createSampleBackend } from './backend/sample';
import { SAMPLE_BRANDING } from './backend/sample/data';
import type { Backend } from './backend/backend';
import type { Cached, PortalTicket } from './types';

beforeAll(() => {
  // jsdom has no matchMedia; the portal asks it for the colour scheme.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  Element.prototype.scrollTo ??= () => undefined;
});
afterEach(() => cleanup());

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

// Mounting the whole portal in jsdom is slow on a busy machine; the waits are generous.
describe('portal screens', { timeout: 30000 }, () => {
  it('shows titles, comments and file names as text, never as markup', async () => {
    const sample = createSampleBackend({ latencyMs: 0 });
    const backend: Backend = {
      ...sample,
      async getTicket(id): Promise<Cached<PortalTicket>> {
        const real = await sample.getTicket(id);
        const t = real.data;
        return {
          ...real,
          data: {
            ...t,
            title: `Title ${HOSTILE}`,
            description: `Description ${HOSTILE}`,
            comments: t.comments.map((c) => ({ ...c, body: `Reply ${HOSTILE}`, authorName: `Staff ${HOSTILE}` })),
            attachments: t.attachments.map((a) => ({ ...a, fileName: `${HOSTILE}.jpg` })),
          },
        };
      },
    };
    const { container } = render(Portal, { props: { backend, initialPath: '/tickets/tk_1' } });
    await screen.findByRole('heading', { level: 1, name: `Title ${HOSTILE}` }, { timeout: 15000 });
    expect(container.textContent).toContain(`Reply ${HOSTILE}`);
    expect(container.textContent).toContain(`${HOSTILE}.jpg`);
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('applies the tenant colours as CSS variables and follows a branding change', async () => {
    const backend = createSampleBackend({ latencyMs: 0 });
    const { container } = render(Portal, { props: { backend, scheme: 'light' } });
    const root = container.querySelector<HTMLElement>('.portal')!;
    await waitFor(() => expect(root.style.getPropertyValue('--brand-primary')).toBe('#0b6e4f'), { timeout: 15000 });

    backend.setBranding({
      ...SAMPLE_BRANDING,
      colors: { ...SAMPLE_BRANDING.colors, primary: '#7c3aed' },
      company: { ...SAMPLE_BRANDING.company, displayName: 'Prairie Sky Net' },
    });
    await waitFor(() => expect(root.style.getPropertyValue('--brand-primary')).toBe('#7c3aed'), { timeout: 15000 });
    await screen.findAllByText('Prairie Sky Net', {}, { timeout: 15000 });
  });

  it('keeps a signed-out subscriber on the sign-in screens', async () => {
    const backend = createSampleBackend({ latencyMs: 0, signedIn: false });
    render(Portal, { props: { backend, initialPath: '/tickets' } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' }, { timeout: 15000 })).toBeTruthy();
  });
});
