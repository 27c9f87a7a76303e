// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { StudioBackend } from './backend/backend';
import { createSampleStudioBackend, SAMPLE_STAFF_EMAIL, SAMPLE_STAFF_PASSWORD } from './backend/sample';
import { memoryStore, removingRemote } from './branding/testing';
import Studio from './Studio.svelte';
import { standInForBrowserApis } from '../lib/testing/jsdom';

beforeAll(() => {
  // jsdom has no layout: the portal asks for the colour scheme, the preview for its width.
  standInForBrowserApis();
  window.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('frames') ? 1000 : 0;
    },
  });
});
afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const WAIT = { timeout: 15000 };

function studio(backend: StudioBackend = createSampleStudioBackend({ latencyMs: 0, signedIn: true })) {
  return render(Studio, { props: { backend, store: memoryStore() } });
}

describe('studio', { timeout: 30000 }, () => {
  it('refuses an account that is not staff with the core\'s words, and lets staff in', async () => {
    studio(createSampleStudioBackend({ latencyMs: 0 }));
    const email = await screen.findByRole('textbox', { name: 'E-mail address' }, WAIT);
    const password = screen.getByLabelText('Password');
    await fireEvent.input(email, { target: { value: 'alex.customer@example.com' } });
    await fireEvent.input(password, { target: { value: SAMPLE_STAFF_PASSWORD } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert', {}, WAIT)).textContent).toMatch(/not on the staff of any provider/);

    await fireEvent.input(email, { target: { value: SAMPLE_STAFF_EMAIL } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Branding' }, WAIT);
    expect(screen.getByRole('link', { name: 'Branding' }).getAttribute('aria-current')).toBe('page');
  });

  it('shows publishing only to owners and admins, and tells the others who can', async () => {
    studio();
    await screen.findByRole('button', { name: 'Publish' }, WAIT);
    const provider = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Provider' });
    expect(Array.from(provider.options, (o) => o.textContent)).toEqual(['Ridgeline Wireless · Owner', 'Prairie Sky Net · Technician']);

    await fireEvent.change(provider, { target: { value: 'prairie' } });
    await screen.findByText(/Your role at Prairie Sky Net is Technician/, {}, WAIT);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Publish' })).toBeNull(), WAIT);
    expect(screen.queryByRole('button', { name: /Choose logo/ })).toBeNull();
  });

  it('applies only the sanitised custom CSS to the preview, and lists what was removed', async () => {
    const { container } = studio({ ...createSampleStudioBackend({ latencyMs: 0, signedIn: true }), sanitizeCss: removingRemote });
    const css = await screen.findByRole('textbox', { name: /CSS for the portal's screens/ }, WAIT);
    const remote = '.hero { background: url(https://evil.example/t.png) }';
    await fireEvent.input(css, { target: { value: `${remote}\n.card { border-radius: 16px; }` } });

    const report = await screen.findByText(remote, {}, WAIT);
    expect(report.closest('li')!.textContent).toContain('It loads something from another host.');
    const previews = () => Array.from(container.querySelectorAll('.frames [data-portal-root] > style'), (s) => s.textContent ?? '');
    await waitFor(() => expect(previews().length).toBeGreaterThan(0), WAIT);
    for (const style of previews()) {
      expect(style).toContain('border-radius: 16px');
      expect(style).toContain('[data-portal-root=');
      expect(style).not.toContain('evil.example');
    }
  });

  it('takes a suggested accessible colour from the contrast panel into the draft', async () => {
    studio();
    await fireEvent.click(await screen.findByRole('tab', { name: /Contrast/ }, WAIT));
    const light = screen.getByRole('region', { name: 'Light' });
    const use = within(light).getByRole('button', { name: /as the accent colour/ });
    const suggested = /Use suggested colour (#[0-9a-f]{6})/.exec(use.getAttribute('aria-label')!)![1]!;
    await fireEvent.click(use);
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Light' })).queryByRole('button', { name: /as the accent colour/ })).toBeNull());

    await fireEvent.click(screen.getByRole('tab', { name: 'Design' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Accent colour' }).value).toBe(suggested);
    expect(screen.getByText('1 unpublished change · kept on this computer', { exact: false })).toBeTruthy();
  });
});
