import type { RealtimeEvent } from './types.ts';

export type ConnectionState = 'connecting' | 'live' | 'offline';

/** Who else is in a conversation (collision detection): ephemeral, never replayed. */
export type PresenceMessage =
  | { type: 'conversation.presence'; conversationId: string; userId: string; state: 'viewing' | 'typing' | 'left'; at: string }
  | { type: 'conversation.viewers'; conversationId: string; viewers: Array<{ userId: string; state: 'viewing' | 'typing'; since: string }> };

export interface RealtimeListener {
  event?(event: RealtimeEvent): void;
  presence?(message: PresenceMessage): void;
  /** The server could not replay everything missed: reload what is on screen. */
  resync?(): void;
  state?(state: ConnectionState): void;
}

/**
 * The account's live feed (GET /api/v1/ws). The token goes in the first message, never in the URL. After a drop it
 * reconnects with backoff and asks for the events after the last sequence it saw, so nothing is missed twice over.
 */
export class RealtimeConnection {
  private socket: WebSocket | null = null;
  private lastSeq: number | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly listeners = new Set<RealtimeListener>();
  state: ConnectionState = 'connecting';

  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  start(): void {
    this.closed = false;
    this.connect();
  }

  stop(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }

  /** Tells the others where this agent is (`viewing`, `typing`, `left`); dropped while not connected. */
  sendPresence(conversationId: string, state: 'viewing' | 'typing' | 'left'): void {
    if (this.state !== 'live' || this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ type: 'presence', conversationId, state }));
  }

  subscribe(listener: RealtimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.listeners) l.state?.(state);
  }

  private connect(): void {
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/ws`;
    const socket = new WebSocket(url);
    this.socket = socket;
    this.setState('connecting');
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'auth', token: this.token, ...(this.lastSeq !== undefined ? { since: this.lastSeq } : {}) }));
    });
    socket.addEventListener('message', (message) => {
      let data: { type?: string; seq?: number } & Record<string, unknown>;
      try {
        data = JSON.parse(String(message.data)) as typeof data;
      } catch {
        return;
      }
      if (data.type === 'ready') {
        this.attempt = 0;
        if (typeof data.seq === 'number' && this.lastSeq === undefined) this.lastSeq = data.seq;
        this.setState('live');
        return;
      }
      if (data.type === 'resync_required') {
        for (const l of this.listeners) l.resync?.();
        return;
      }
      if (data.type === 'error') return;
      if (data.type === 'conversation.presence' || data.type === 'conversation.viewers') {
        for (const l of this.listeners) l.presence?.(data as unknown as PresenceMessage);
        return;
      }
      // Everything else that is an event carries a delivery sequence; anything without one is not for us.
      if (typeof data.seq !== 'number' || typeof data.type !== 'string') return;
      if (this.lastSeq !== undefined && data.seq <= this.lastSeq) return;
      this.lastSeq = data.seq;
      const event = { ...data, data: (data.data ?? {}) as Record<string, unknown> } as unknown as RealtimeEvent;
      for (const l of this.listeners) l.event?.(event);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      if (event.code === 4401) {
        this.setState('offline');
        this.onUnauthorized();
        return;
      }
      this.setState('offline');
      const delay = Math.min(30_000, 500 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
      this.attempt += 1;
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }
}
