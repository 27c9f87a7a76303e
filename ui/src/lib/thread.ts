// A ticket's public history as one conversation: the description and replies as messages (the
// subscriber's own on one side, the provider's on the other), status changes as small rows
// between them, and files under the message they came with.
import type { AttachmentInfo, PortalTicket } from './types';

export type ThreadItem =
  | {
      type: 'message';
      key: string;
      at: string;
      mine: boolean;
      author: string;
      body: string;
      attachments: AttachmentInfo[];
    }
  | { type: 'status'; key: string; at: string; summary: string };

export function buildThread(ticket: PortalTicket, myName: string, companyName: string): ThreadItem[] {
  const byComment = new Map<string, AttachmentInfo[]>();
  const loose: AttachmentInfo[] = [];
  for (const a of ticket.attachments) {
    const list = a.commentId ? byComment.get(a.commentId) : undefined;
    if (a.commentId && list) list.push(a);
    else if (a.commentId && ticket.comments.some((c) => c.id === a.commentId)) byComment.set(a.commentId, [a]);
    else loose.push(a);
  }

  const items: ThreadItem[] = [];
  // An outage is described by the provider; anything else by the subscriber who opened it.
  if (ticket.description.trim() || loose.length > 0) {
    items.push({
      type: 'message',
      key: 'description',
      at: ticket.createdAt,
      mine: !ticket.isOutage,
      author: ticket.isOutage ? companyName : myName,
      body: ticket.description,
      attachments: loose,
    });
  }
  // The ticket being opened reads right after what it says; later status changes follow the
  // reply that caused them when both happened at the same moment.
  const [opened, ...changes] = ticket.timeline;
  if (opened) items.push({ type: 'status', key: 's-0', at: opened.at, summary: opened.summary });
  for (const c of ticket.comments) {
    if (c.authorKind === 'system') {
      items.push({ type: 'status', key: `c-${c.id}`, at: c.createdAt, summary: c.body });
      continue;
    }
    items.push({
      type: 'message',
      key: `c-${c.id}`,
      at: c.createdAt,
      mine: c.authorKind === 'customer',
      author: c.authorName,
      body: c.body,
      attachments: byComment.get(c.id) ?? [],
    });
  }
  changes.forEach((s, i) => items.push({ type: 'status', key: `s-${i + 1}`, at: s.at, summary: s.summary }));
  // Stable sort by time: at the same instant a status row goes after the message that caused it.
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => Date.parse(a.item.at) - Date.parse(b.item.at) || a.index - b.index)
    .map(({ item }) => item);
}

/** Replies from the provider that were not in the previous copy of the ticket. */
export function newStaffReplies(before: PortalTicket | null, after: PortalTicket): { authorName: string }[] {
  if (!before) return [];
  const seen = new Set(before.comments.map((c) => c.id));
  return after.comments.filter((c) => c.authorKind === 'staff' && !seen.has(c.id));
}
