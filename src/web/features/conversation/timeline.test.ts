import { test } from 'vitest';
import assert from 'node:assert/strict';
import type { ConversationEvent, Message } from '../../api/types.ts';
import { buildTimeline } from './timeline.ts';

const msg = (id: string, at: string, type: Message['type'] = 'message') => ({ id, createdAt: at, type }) as Message;
const ev = (id: number, type: string, at: string, data: Record<string, unknown> = {}): ConversationEvent => ({ id, type, actor: { type: 'user', id: 'u1' }, data, createdAt: at });

test('messages and changes form one story, oldest first; message events are not shown twice', () => {
  const items = buildTimeline(
    [msg('m1', '2026-01-01T10:00:00.000Z'), msg('m2', '2026-01-01T10:05:00.000Z', 'note')],
    [
      ev(1, 'conversation.created', '2026-01-01T10:00:00.000Z'),
      ev(2, 'message.received', '2026-01-01T10:00:00.000Z'),
      ev(3, 'conversation.updated', '2026-01-01T10:02:00.000Z', { changes: { status: ['new', 'open'], assigneeId: [null, 'u2'] } }),
      ev(4, 'message.note_added', '2026-01-01T10:05:00.000Z'),
      ev(5, 'promise.recorded', '2026-01-01T10:05:00.000Z', { dueAt: '2026-01-02T10:00:00.000Z' }),
      ev(6, 'conversation.sla_updated', '2026-01-01T10:06:00.000Z'),
      ev(7, 'conversation.assigned', '2026-01-01T10:07:00.000Z', { assigneeId: 'u3', previousAssigneeId: 'u2' }),
      ev(8, 'sla.breached', '2026-01-01T11:00:00.000Z', { metric: 'first_response' }),
      ev(9, 'something.new', '2026-01-01T12:00:00.000Z'),
    ],
  );
  assert.deepEqual(
    items.map((i) =>
      i.kind === 'message'
        ? i.message.id
        : i.kind === 'change'
          ? `${i.field}:${String(i.from)}>${String(i.to)}`
          : i.kind === 'promise'
            ? `promise:${i.status}`
            : i.kind === 'event'
              ? `event:${i.text}`
              : `other:${i.type}`,
    ),
    ['m1', 'status:new>open', 'assigneeId:null>u2', 'm2', 'promise:recorded', 'assigneeId:u2>u3', 'event:slaBreached', 'other:something.new'],
  );
});
