import { describe, expect, it, vi } from 'vitest';
import { Attachments, MAX_ATTACHMENTS } from './attachments.svelte';
import { createSampleBackend } from '../backend/sample';
import type { Backend } from '../backend/backend';

const file = (name: string, size = 10, type = 'image/jpeg') => new File([new Uint8Array(size)], name, { type });
const settle = () => new Promise((r) => setTimeout(r, 10));

function backend(overrides: Partial<Backend> = {}): Backend {
  return { ...createSampleBackend({ latencyMs: 0 }), ...overrides };
}

describe('attachments', () => {
  it('hands each file to the core and sends only the ones it accepted', async () => {
    const b = backend({
      prepareAttachmentBytes: async (name, bytes) => {
        if (name.endsWith('.exe')) throw { code: 'file_refused', message: 'This kind of file cannot be sent.', fields: [] };
        return { id: `id-${name}`, name, kind: 'photo', sizeBytes: bytes.length, previewDataUrl: 'data:image/jpeg;base64,AA==' };
      },
    });
    const a = new Attachments(b);
    a.add([file('porch.jpg'), file('setup.exe', 5, 'application/octet-stream')]);
    expect(a.preparing).toBe(true);
    await settle();
    expect(a.preparing).toBe(false);
    expect(a.readyIds).toEqual(['id-porch.jpg']);
    const refused = a.tiles.find((t) => t.name === 'setup.exe')!;
    expect(refused.state).toBe('refused');
    expect(refused.error).toBe('This kind of file cannot be sent.');
    expect(a.tiles[0]!.previewUrl).toBe('data:image/jpeg;base64,AA==');
  });

  it('discards a removed file in the core', async () => {
    const discard = vi.fn(async () => undefined);
    const a = new Attachments(backend({ discardAttachment: discard }));
    a.add([file('a.jpg')]);
    await settle();
    const id = a.readyIds[0]!;
    await a.remove(a.tiles[0]!.key);
    expect(a.tiles).toEqual([]);
    expect(discard).toHaveBeenCalledWith(id);
  });

  it('stops at the limit and says how many were left out', () => {
    const a = new Attachments(backend());
    const files = Array.from({ length: MAX_ATTACHMENTS + 2 }, (_, i) => file(`p${i}.jpg`));
    expect(a.add(files)).toBe(2);
    expect(a.tiles).toHaveLength(MAX_ATTACHMENTS);
    expect(a.full).toBe(true);
  });

  it('shows upload progress per file', async () => {
    const a = new Attachments(backend());
    a.add([file('a.jpg', 100)]);
    await settle();
    const id = a.readyIds[0]!;
    a.progress({ attachmentId: id, sentBytes: 25, totalBytes: 100 });
    expect(a.tiles[0]!.progress).toBe(0.25);
    a.progress({ attachmentId: 'someone-else', sentBytes: 1, totalBytes: 1 });
    expect(a.tiles[0]!.progress).toBe(0.25);
  });
});
