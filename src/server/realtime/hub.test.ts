import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeHub, type RealtimeClient } from './hub.js';

function client(accountId: string, lastSeq = 0, replaying = false): RealtimeClient & { got: number[] } {
  const got: number[] = [];
  return { accountId, lastSeq, buffer: replaying ? [] : null, got, send: (data) => got.push((JSON.parse(data) as { seq: number }).seq) };
}

const event = (seq: number, accountId = 'a') => ({ seq, accountId, payload: { type: 'conversation.created' } });

test('events reach only clients of their own account, in order', () => {
  const hub = new RealtimeHub();
  const a = client('a');
  const b = client('b');
  hub.add(a);
  hub.add(b);
  hub.publish([event(1, 'a'), event(2, 'b'), event(3, 'a')]);
  assert.deepEqual(a.got, [1, 3]);
  assert.deepEqual(b.got, [2]);
});

test('live events that arrive during a replay are buffered and sent once, after the replay, without duplicates', () => {
  const hub = new RealtimeHub();
  const c = client('a', 0, true);
  hub.add(c);
  hub.publish([event(5), event(6)]); // arrive while the client is being replayed up to seq 5
  assert.deepEqual(c.got, [], 'nothing is sent while replaying');
  c.send(JSON.stringify({ seq: 4 }));
  c.send(JSON.stringify({ seq: 5 }));
  c.lastSeq = 5;
  hub.finishReplay(c);
  hub.publish([event(6), event(7)]); // a second delivery of 6 must be ignored
  assert.deepEqual(c.got, [4, 5, 6, 7]);
});

test('removed clients receive nothing and empty accounts are forgotten', () => {
  const hub = new RealtimeHub();
  const c = client('a');
  hub.add(c);
  hub.remove(c);
  hub.publish([event(1)]);
  assert.deepEqual(c.got, []);
  assert.equal(hub.count(), 0);
});
