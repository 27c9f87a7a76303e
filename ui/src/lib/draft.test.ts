import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftSaver, EMPTY_DRAFT, isEmptyDraft } from './draft';
import type { TicketDraft } from './types';

const draft = (title: string): TicketDraft => ({ ...EMPTY_DRAFT, title, description: 'It drops.' });

describe('draft keeping', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after typing pauses, with the latest text', async () => {
    const saved: TicketDraft[] = [];
    const saver = new DraftSaver(async (d) => void saved.push(d), 600);
    saver.schedule(draft('N'));
    saver.schedule(draft('No'));
    saver.schedule(draft('No internet'));
    await vi.advanceTimersByTimeAsync(599);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([draft('No internet')]);
  });

  it('saves at once when leaving the screen', async () => {
    const save = vi.fn(async () => undefined);
    const saver = new DraftSaver(save, 600);
    saver.schedule(draft('Leaving'));
    await saver.flush();
    expect(save).toHaveBeenCalledWith(draft('Leaving'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does not write back the draft it just loaded', async () => {
    const save = vi.fn(async () => undefined);
    const saver = new DraftSaver(save, 10);
    saver.loaded(draft('Kept'));
    saver.schedule(draft('Kept'));
    await vi.advanceTimersByTimeAsync(20);
    expect(save).not.toHaveBeenCalled();
  });

  it('keeps what was typed when a save fails and says so', async () => {
    const saver = new DraftSaver(async () => Promise.reject({ code: 'storage', message: 'Disk full' }), 10);
    let told = false;
    saver.onchange = () => (told = saver.failed);
    const d = draft('Unsaved');
    saver.schedule(d);
    await vi.advanceTimersByTimeAsync(20);
    expect(told).toBe(true);
    expect(d.title).toBe('Unsaved');
  });

  it('forgets a pending save once the ticket is sent', async () => {
    const save = vi.fn(async () => undefined);
    const saver = new DraftSaver(save, 10);
    saver.schedule(draft('Sent already'));
    saver.cancel();
    await vi.advanceTimersByTimeAsync(50);
    expect(save).not.toHaveBeenCalled();
  });

  it('treats whitespace as nothing written', () => {
    expect(isEmptyDraft({ ...EMPTY_DRAFT, title: '  ', description: '\n' })).toBe(true);
    expect(isEmptyDraft({ ...EMPTY_DRAFT, attachmentIds: ['a1'] })).toBe(false);
  });
});
