import { describe, expect, it } from 'vitest';
import { buildThread, newStaffReplies } from './thread';
import type { PortalTicket } from './types';

function ticket(overrides: Partial<PortalTicket> = {}): PortalTicket {
  return {
    id: 't1',
    number: 7,
    title: 'Drops every evening',
    kind: 'repair',
    status: 'in_progress',
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-21T10:00:00Z',
    isOutage: false,
    description: 'It drops at 7 pm.',
    resolvedAt: null,
    comments: [
      { id: 'c2', authorKind: 'staff', authorName: 'Dana', body: 'Does it happen when dry?', createdAt: '2026-11-21T09:00:00Z' },
      { id: 'c1', authorKind: 'customer', authorName: 'Alex', body: 'Photo attached.', createdAt: '2026-11-20T10:00:00Z' },
    ],
    attachments: [
      { id: 'a1', fileName: 'lights.jpg', contentType: 'image/jpeg', sizeBytes: 1000, sha256: '', createdAt: '2026-11-20T11:00:00Z', commentId: 'c1' },
      { id: 'a2', fileName: 'speed.png', contentType: 'image/png', sizeBytes: 500, sha256: '', createdAt: '2026-11-20T10:00:00Z', commentId: null },
    ],
    timeline: [
      { at: '2026-11-20T10:00:00Z', summary: 'Opened' },
      { at: '2026-11-21T09:00:00Z', summary: 'Status: Waiting on you' },
    ],
    ...overrides,
  } as PortalTicket;
}

describe('ticket thread', () => {
  it('reads as a conversation in time order, with status rows in between', () => {
    const items = buildThread(ticket(), 'You', 'Ridgeline');
    expect(items.map((i) => (i.type === 'status' ? `status:${i.summary}` : `${i.mine ? 'me' : 'them'}:${i.body}`))).toEqual([
      'me:It drops at 7 pm.',
      'status:Opened',
      'me:Photo attached.',
      'them:Does it happen when dry?',
      'status:Status: Waiting on you',
    ]);
  });

  it('puts each file under the message it came with', () => {
    const items = buildThread(ticket(), 'You', 'Ridgeline');
    const files = (key: string) => {
      const item = items.find((i) => i.key === key);
      return item?.type === 'message' ? item.attachments.map((a) => a.fileName) : null;
    };
    expect(files('description')).toEqual(['speed.png']);
    expect(files('c-c1')).toEqual(['lights.jpg']);
    expect(files('c-c2')).toEqual([]);
  });

  it('shows an outage as the provider speaking', () => {
    const [first] = buildThread(ticket({ isOutage: true }), 'You', 'Ridgeline');
    expect(first).toMatchObject({ type: 'message', mine: false, author: 'Ridgeline' });
  });

  it('finds the staff replies that are new since the last copy', () => {
    const before = ticket();
    const after = ticket({
      comments: [
        ...before.comments,
        { id: 'c3', authorKind: 'staff', authorName: 'Sam', body: 'On our way.', createdAt: '2026-11-22T09:00:00Z' },
        { id: 'c4', authorKind: 'customer', authorName: 'Alex', body: 'Thanks', createdAt: '2026-11-22T10:00:00Z' },
      ],
    });
    expect(newStaffReplies(before, after).map((c) => c.authorName)).toEqual(['Sam']);
    expect(newStaffReplies(null, after)).toEqual([]);
  });
});
