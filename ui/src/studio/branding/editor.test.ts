import { describe, expect, it, vi } from 'vitest';
import { SAMPLE_BRANDING } from '$lib/backend/sample/data';
import type { StudioBackend } from '../backend/backend';
import { createSampleStudioBackend, type SampleStudioBackend } from '../backend/sample';
import { DraftStore, type KeyValueStore } from './drafts';
import { BrandingEditor } from './editor.svelte';
import { memoryStore, removingRemote } from './testing';

const UID = 'uid_sample_jordan';

function signedInBackend(): SampleStudioBackend {
  return createSampleStudioBackend({ signedIn: true, latencyMs: 0, now: new Date('2026-11-26T10:00:00Z') });
}

function editorFor(backend: StudioBackend, store: KeyValueStore, tenantId = 'ridgeline', canPublish = true) {
  return new BrandingEditor({ backend, tenantId, canPublish, drafts: new DraftStore(store, UID, tenantId) });
}

describe('branding editor', () => {
  it('keeps the draft through a restart, with the version it started from', async () => {
    const backend = signedInBackend();
    const store = memoryStore();
    const first = editorFor(backend, store);
    await first.load();
    expect(first.baseVersion).toBe(3);
    first.draft!.colors.primary = '#7c3aed';
    first.draft!.company.displayName = 'Ridgeline';
    first.edited();

    const again = editorFor(backend, store);
    await again.load();
    expect(again.draft!.colors.primary).toBe('#7c3aed');
    expect(again.changes.map((c) => c.field.path)).toEqual(['colors.primary', 'company.displayName']);
    expect(again.baseVersion).toBe(3);
    expect(again.restoredNotice).toMatch(/draft/);

    // Another provider's draft is its own.
    const prairie = editorFor(backend, store, 'prairie');
    await prairie.load();
    expect(prairie.changes).toEqual([]);
  });

  it('forgets a draft once it is published, and sends the version it started from', async () => {
    const backend = signedInBackend();
    const publish = vi.spyOn(backend, 'publish');
    const store = memoryStore();
    const editor = editorFor(backend, store);
    await editor.load();
    editor.draft!.portal.footerText = 'New footer';
    editor.edited();
    await editor.checkCss();
    expect(await editor.publish()).toBe(true);
    expect(publish).toHaveBeenCalledWith('ridgeline', 3, expect.objectContaining({ portal: expect.objectContaining({ footerText: 'New footer' }) }));
    expect(editor.live!.version).toBe(4);
    expect(editor.baseVersion).toBe(4);
    expect(editor.changes).toEqual([]);
    expect(store.keys()).toEqual([]);
  });

  it('on a conflict keeps the draft, shows theirs, and publishes on top of theirs only when asked', async () => {
    const backend = signedInBackend();
    const store = memoryStore();
    const editor = editorFor(backend, store);
    await editor.load();
    editor.draft!.colors.primary = '#7c3aed';
    editor.edited();
    const theirs = structuredClone(editor.live!.branding);
    theirs.company.supportHours = 'Every day 8:00–20:00';
    backend.publishAsSomeoneElse('ridgeline', theirs);

    expect(await editor.publish()).toBe(false);
    expect(editor.stale).toBe(true);
    expect(editor.live!.version).toBe(4);
    expect(editor.live!.branding.company.supportHours).toBe('Every day 8:00–20:00');
    expect(editor.draft!.colors.primary).toBe('#7c3aed');
    expect(editor.baseVersion).toBe(3);
    // Publishing again is not offered until they chose; the draft is still on this computer.
    expect(await editor.publish()).toBe(false);
    const restarted = editorFor(backend, store);
    await restarted.load();
    expect(restarted.stale).toBe(true);
    expect(restarted.draft!.colors.primary).toBe('#7c3aed');

    editor.keepMine();
    expect(editor.stale).toBe(false);
    await editor.checkCss();
    expect(await editor.publish()).toBe(true);
    expect(editor.live!.version).toBe(5);
    // Keeping mine publishes the draft as it is, which was started before their hours changed.
    expect(editor.live!.branding.company.supportHours).toBe(SAMPLE_BRANDING.company.supportHours);
    expect(editor.live!.branding.colors.primary).toBe('#7c3aed');
  });

  it('reloading theirs replaces the draft with what is live', async () => {
    const backend = signedInBackend();
    const store = memoryStore();
    const editor = editorFor(backend, store);
    await editor.load();
    editor.draft!.colors.primary = '#7c3aed';
    editor.edited();
    backend.publishAsSomeoneElse('ridgeline', { ...structuredClone(editor.live!.branding), portal: { ...editor.live!.branding.portal, footerText: 'Theirs' } });
    await editor.publish();
    expect(editor.stale).toBe(true);

    editor.startFromLive();
    expect(editor.stale).toBe(false);
    expect(editor.draft!.portal.footerText).toBe('Theirs');
    expect(editor.draft!.colors.primary).not.toBe('#7c3aed');
    expect(editor.baseVersion).toBe(4);
    expect(store.keys()).toEqual([]);
  });

  it('lets only owners and admins publish, revert and upload; the server refuses the others too', async () => {
    const backend = signedInBackend();
    const publish = vi.spyOn(backend, 'publish');
    const revert = vi.spyOn(backend, 'revert');
    const chooseLogo = vi.spyOn(backend, 'chooseLogo');
    const editor = editorFor(backend, memoryStore(), 'prairie', false);
    await editor.load();
    editor.draft!.colors.primary = '#0f766e';
    expect(await editor.publish()).toBe(false);
    expect(await editor.revert(1)).toBe(false);
    await editor.chooseLogo();
    expect(publish).not.toHaveBeenCalled();
    expect(revert).not.toHaveBeenCalled();
    expect(chooseLogo).not.toHaveBeenCalled();
    await expect(backend.publish('prairie', 1, editor.draft!)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('previews only the sanitised CSS, and will not publish CSS the sanitiser would change', async () => {
    const backend: StudioBackend = { ...signedInBackend(), sanitizeCss: removingRemote };
    const editor = editorFor(backend, memoryStore());
    await editor.load();
    editor.draft!.portal.customCss = '.hero { background: url(https://evil.example/t.png) }\n.card { border-radius: 16px; }';
    editor.edited();
    // Before the sanitiser answered, the preview has no custom CSS at all.
    expect(editor.previewBranding!.portal.customCss).toBe('');
    await editor.checkCss();
    expect(editor.previewBranding!.portal.customCss).toBe('.card { border-radius: 16px; }');
    expect(editor.css!.result.removed).toEqual([
      { excerpt: '.hero { background: url(https://evil.example/t.png) }', reason: 'It loads something from another host.' },
    ]);

    expect(await editor.publish()).toBe(false);
    expect(editor.actionProblem?.message).toMatch(/custom CSS/);

    editor.useCleanedCss();
    await editor.checkCss();
    expect(editor.cssClean).toBe(true);
    expect(await editor.publish()).toBe(true);
    expect(editor.live!.branding.portal.customCss).toBe('.card { border-radius: 16px; }');
  });

  it('previews the logo as a data: URL and the last valid colour while one is being typed', async () => {
    const backend = signedInBackend();
    const editor = editorFor(backend, memoryStore());
    await editor.load();
    await editor.refreshLogoPreview();
    expect(editor.previewBranding!.logo.url).toMatch(/^data:image\/svg\+xml,/);
    editor.draft!.colors.primary = '#12';
    expect(editor.errors['colors.primary']).toMatch(/#rrggbb/);
    expect(editor.previewBranding!.colors.primary).toBe(editor.live!.branding.colors.primary);
    expect(await editor.publish()).toBe(false);
    expect(editor.actionProblem?.message).toMatch(/Fix the fields/);
  });

  it('takes an uploaded logo into the draft and the preview, and removes it', async () => {
    const backend = signedInBackend();
    const editor = editorFor(backend, memoryStore(), 'ridgeline');
    await editor.load();
    const before = editor.draft!.logo.url;
    await editor.chooseLogo();
    expect(editor.draft!.logo.url).not.toBe(before);
    await editor.refreshLogoPreview();
    expect(editor.previewBranding!.logo.url).toMatch(/^data:image\//);
    expect(editor.changes.map((c) => c.field.path)).toEqual(['logo.url']);
    editor.removeLogo();
    expect(editor.previewBranding!.logo.url).toBeNull();
  });

  it('exports the draft as a brand kit only when its CSS needs no removing', async () => {
    const sample = signedInBackend();
    const exportKit = vi.spyOn(sample, 'exportKit');
    const editor = editorFor({ ...sample, sanitizeCss: removingRemote }, memoryStore());
    await editor.load();
    editor.draft!.portal.customCss = '.hero { background: url(https://evil.example/t.png) }';
    expect(await editor.exportKit()).toBeNull();
    expect(exportKit).not.toHaveBeenCalled();
    editor.draft!.portal.customCss = '.card { border-radius: 16px; }';
    expect(await editor.exportKit()).toBe('~/Brand kits/ridgeline');
    expect(exportKit).toHaveBeenCalledWith('ridgeline', expect.objectContaining({ portal: expect.objectContaining({ customCss: '.card { border-radius: 16px; }' }) }));
  });

  it('reverts in one step on top of what is live, replacing the draft', async () => {
    const backend = signedInBackend();
    const revert = vi.spyOn(backend, 'revert');
    const editor = editorFor(backend, memoryStore());
    await editor.load();
    await editor.loadVersions();
    const first = editor.versions!.at(-1)!;
    editor.draft!.portal.footerText = 'Unpublished';
    expect(await editor.revert(first.version)).toBe(true);
    expect(revert).toHaveBeenCalledWith('ridgeline', first.version, 3);
    expect(editor.live!.version).toBe(4);
    expect(editor.draft).toEqual(first.branding);
    expect(editor.changes).toEqual([]);
    await vi.waitFor(() => expect(editor.versions!.map((v) => v.version)).toEqual([4, 3, 2, 1]));
  });

  it('says why the branding could not load, and loads on retry', async () => {
    const backend = signedInBackend();
    const getBranding = vi.spyOn(backend, 'getBranding').mockRejectedValueOnce({ code: 'offline', message: "We couldn't reach the server.", fields: [] });
    const editor = editorFor(backend, memoryStore());
    await editor.load();
    expect(editor.loadProblem).toMatchObject({ code: 'offline', message: "We couldn't reach the server." });
    await editor.load();
    expect(editor.loadProblem).toBeNull();
    expect(editor.live!.version).toBe(3);
    expect(getBranding).toHaveBeenCalledTimes(2);
  });
});
