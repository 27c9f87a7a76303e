// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import Portal from './Portal.svelte';
import { standInForBrowserApis } from './testing/jsdom';
import { createSampleBackend } from './backend/sample';
import { SAMPLE_BRANDING } from './backend/sample/data';
import type { Backend } from './backend/backend';
import type { Cached, PortalTicket } from './types';

beforeAll(standInForBrowserApis);
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

  it('shows a photo of the thread and saves files to Downloads, or says why it could not', async () => {
    const sample = createSampleBackend({ latencyMs: 0 });
    const saved: string[] = [];
    let diskFull = false;
    const backend: Backend = {
      ...sample,
      async saveAttachment(ticketId, attachmentId) {
        if (diskFull) throw { code: 'storage', message: 'Your Downloads folder is full. Free some space and try again.', fields: [] };
        saved.push(`${ticketId}/${attachmentId}`);
        return sample.saveAttachment(ticketId, attachmentId);
      },
    };
    render(Portal, { props: { backend, initialPath: '/tickets/tk_1' } });
    const photo = await screen.findByRole<HTMLImageElement>('img', { name: 'Photo radio-lights.jpg' }, { timeout: 15000 });
    expect(photo.src).toMatch(/^data:image\//);
    const save = screen.getAllByRole('button', { name: 'Save radio-lights.jpg to Downloads' })[0]!;
    await fireEvent.click(save);
    await screen.findByText('Saved to your Downloads folder as “radio-lights.jpg”.', {}, { timeout: 15000 });
    expect(saved).toEqual(['tk_1/at_1']);
    diskFull = true;
    await fireEvent.click(save);
    await screen.findByText('Your Downloads folder is full. Free some space and try again.', {}, { timeout: 15000 });
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

  it("applies the tenant's custom CSS to its own root only, and replaces it when the branding changes", async () => {
    const withCss = (customCss: string) => ({ ...SAMPLE_BRANDING, portal: { ...SAMPLE_BRANDING.portal, customCss } });
    const backend = createSampleBackend({ latencyMs: 0, branding: withCss('h1 { color: rgb(1, 2, 3) }') });
    const { container } = render(Portal, { props: { backend, scheme: 'light' } });
    const heading = await screen.findByRole('heading', { level: 1 }, { timeout: 15000 });
    const root = container.querySelector<HTMLElement>('.portal')!;
    const styles = () => Array.from(root.querySelectorAll('style'), (s) => s.textContent);
    const outside = document.body.appendChild(document.createElement('h1'));
    await waitFor(() => expect(getComputedStyle(heading).color).toBe('rgb(1, 2, 3)'), { timeout: 15000 });
    expect(getComputedStyle(outside).color).not.toBe('rgb(1, 2, 3)');
    outside.remove();

    backend.setBranding(withCss('h1 { color: rgb(4, 5, 6) }'));
    await waitFor(() => expect(getComputedStyle(heading).color).toBe('rgb(4, 5, 6)'), { timeout: 15000 });
    expect(styles()).toHaveLength(1);
    expect(styles()[0]).not.toContain('rgb(1, 2, 3)');

    backend.setBranding(withCss(''));
    await waitFor(() => expect(styles()).toEqual([]), { timeout: 15000 });
  });

  it('opens sign-up with the access code from an invite link filled in', async () => {
    const sample = createSampleBackend({ latencyMs: 0, signedIn: false });
    const backend: Backend = { ...sample, takeInvite: async () => ({ code: 'K7Q-2MX-9RT' }) };
    render(Portal, { props: { backend, initialPath: '/login' } });
    const code = await screen.findByRole<HTMLInputElement>('textbox', { name: 'Access code' }, { timeout: 15000 });
    expect(code.value).toBe('K7Q-2MX-9RT');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Create your account');
  });

  it('brings back the unsent new ticket and keeps what is typed as a draft', async () => {
    const backend = createSampleBackend({ latencyMs: 0 });
    await backend.saveDraft({ title: 'No internet since noon', description: 'The light is red.', kind: 'repair', attachmentIds: [], includeDiagnostics: false });
    render(Portal, { props: { backend, initialPath: '/tickets/new' } });
    await screen.findByText('We kept what you wrote last time.', {}, { timeout: 15000 });
    const summary = screen.getByRole<HTMLInputElement>('textbox', { name: 'Summary' });
    expect(summary.value).toBe('No internet since noon');
    const description = screen.getByRole<HTMLTextAreaElement>('textbox', { name: "What's happening?" });
    await fireEvent.input(description, { target: { value: 'The light is red. Restarting did not help.' } });
    await waitFor(async () => expect((await backend.getDraft())?.description).toBe('The light is red. Restarting did not help.'), {
      timeout: 5000,
    });
  });

  it('keeps a signed-out subscriber on the sign-in screens', async () => {
    const backend = createSampleBackend({ latencyMs: 0, signedIn: false });
    render(Portal, { props: { backend, initialPath: '/tickets' } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' }, { timeout: 15000 })).toBeTruthy();
  });
});
