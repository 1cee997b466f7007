import type { RealtimeClient, RealtimeHub } from './hub.js';

/**
 * Who is looking at or typing in which conversation, for collision detection: agents' clients send
 * `{"type":"presence","conversationId":"…","state":"viewing"|"typing"|"left"}` over the WebSocket; the other
 * clients of the account receive `{"type":"conversation.presence","conversationId","userId","state","at"}` at once
 * (ephemeral, never stored, no `seq`), and a client that starts viewing gets `{"type":"conversation.viewers",
 * "conversationId","viewers":[{userId,state,since}]}`. An entry expires unless refreshed (viewing 60 s, typing
 * 10 s); a closed socket leaves everything it was in. One process's clients only (like the hub).
 */

export type ConversationPresenceState = 'viewing' | 'typing';
const TTL_MS: Record<ConversationPresenceState, number> = { viewing: 60_000, typing: 10_000 };
/** The same state again sooner than this is a refresh, not news for the others. */
const QUIET_MS = 2_000;

interface Entry {
  userId: string;
  state: ConversationPresenceState;
  since: number;
  refreshed: number;
  announced: number;
}

export class ConversationPresence {
  /** accountId → conversationId → client → entry */
  private readonly accounts = new Map<string, Map<string, Map<RealtimeClient, Entry>>>();

  constructor(
    private readonly hub: RealtimeHub,
    private readonly now: () => number = Date.now,
  ) {}

  update(client: RealtimeClient, userId: string, conversationId: string, state: ConversationPresenceState | 'left'): void {
    const now = this.now();
    const conversations = this.accounts.get(client.accountId) ?? new Map<string, Map<RealtimeClient, Entry>>();
    this.accounts.set(client.accountId, conversations);
    const entries = conversations.get(conversationId) ?? new Map<RealtimeClient, Entry>();
    conversations.set(conversationId, entries);
    const previous = entries.get(client);
    if (state === 'left') {
      if (!previous) return;
      entries.delete(client);
      this.cleanup(client.accountId, conversationId);
      this.announce(client, userId, conversationId, 'left', now);
      return;
    }
    const fresh = !previous;
    const changed = previous?.state !== state;
    const entry: Entry = previous ?? { userId, state, since: now, refreshed: now, announced: 0 };
    entry.state = state;
    entry.refreshed = now;
    if (changed) entry.since = now;
    entries.set(client, entry);
    if (fresh) client.send(JSON.stringify({ type: 'conversation.viewers', conversationId, viewers: this.viewers(client.accountId, conversationId, client) }));
    if (changed || now - entry.announced >= QUIET_MS) {
      entry.announced = now;
      this.announce(client, userId, conversationId, state, now);
    }
  }

  /** Everyone else in the conversation right now (expired entries dropped). */
  viewers(accountId: string, conversationId: string, except?: RealtimeClient): Array<{ userId: string; state: ConversationPresenceState; since: string }> {
    const entries = this.accounts.get(accountId)?.get(conversationId);
    if (!entries) return [];
    const now = this.now();
    const out: Array<{ userId: string; state: ConversationPresenceState; since: string }> = [];
    for (const [client, e] of entries) {
      if (now - e.refreshed > TTL_MS[e.state]) {
        // A typing agent who stopped is still viewing; a silent viewer is gone.
        if (e.state === 'typing' && now - e.refreshed <= TTL_MS.viewing) {
          e.state = 'viewing';
        } else {
          entries.delete(client);
          continue;
        }
      }
      if (client !== except) out.push({ userId: e.userId, state: e.state, since: new Date(e.since).toISOString() });
    }
    return out;
  }

  /** The socket closed: it leaves every conversation it was in. */
  leaveAll(client: RealtimeClient, userId: string): void {
    const conversations = this.accounts.get(client.accountId);
    if (!conversations) return;
    for (const [conversationId, entries] of [...conversations]) {
      if (entries.delete(client)) {
        this.cleanup(client.accountId, conversationId);
        this.announce(client, userId, conversationId, 'left', this.now());
      }
    }
  }

  private cleanup(accountId: string, conversationId: string): void {
    const conversations = this.accounts.get(accountId);
    if (conversations?.get(conversationId)?.size === 0) conversations.delete(conversationId);
    if (conversations?.size === 0) this.accounts.delete(accountId);
  }

  private announce(from: RealtimeClient, userId: string, conversationId: string, state: ConversationPresenceState | 'left', now: number): void {
    this.hub.sendToAccount(
      from.accountId,
      JSON.stringify({ type: 'conversation.presence', conversationId, userId, state, at: new Date(now).toISOString() }),
      from,
    );
  }
}
