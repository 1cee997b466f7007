import { useCallback, useEffect, useRef, useState } from 'react';
import { useWorkspace } from '../../app/workspace-context.ts';

export interface Colleague {
  userId: string;
  state: 'viewing' | 'typing';
  at: number;
}

/** The server forgets a viewer after 60 s and a typist after 10 s without a refresh; so do we, a little later. */
const VIEWING_TTL_MS = 75_000;
const TYPING_TTL_MS = 12_000;
const REFRESH_MS = 30_000;
const TYPING_EVERY_MS = 4_000;

/**
 * Collision detection: tells colleagues this agent is in the conversation (and typing), and lists the colleagues
 * who are, from the WebSocket's ephemeral presence messages.
 */
export function usePresence(conversationId: string): { colleagues: Colleague[]; typing: () => void } {
  const ws = useWorkspace();
  const [others, setOthers] = useState<ReadonlyMap<string, Colleague>>(new Map());
  const me = ws.me.id;

  useEffect(() => {
    const rt = ws.realtime;
    const announce = () => rt.sendPresence(conversationId, 'viewing');
    announce();
    const refresh = setInterval(announce, REFRESH_MS);
    const off = rt.subscribe({
      state: (state) => {
        if (state === 'live') announce();
        else setOthers(new Map());
      },
      presence: (message) => {
        if (message.conversationId !== conversationId) return;
        setOthers((previous) => {
          const next = new Map(message.type === 'conversation.viewers' ? [] : previous);
          const now = Date.now();
          if (message.type === 'conversation.viewers') {
            for (const v of message.viewers) if (v.userId !== me) next.set(v.userId, { userId: v.userId, state: v.state, at: now });
          } else if (message.userId !== me) {
            if (message.state === 'left') next.delete(message.userId);
            else next.set(message.userId, { userId: message.userId, state: message.state, at: now });
          }
          return next;
        });
      },
    });
    const expire = setInterval(() => {
      setOthers((previous) => {
        const now = Date.now();
        let changed = false;
        const next = new Map<string, Colleague>();
        for (const [id, c] of previous) {
          if (now - c.at > VIEWING_TTL_MS) changed = true;
          else if (c.state === 'typing' && now - c.at > TYPING_TTL_MS) {
            next.set(id, { ...c, state: 'viewing' });
            changed = true;
          } else next.set(id, c);
        }
        return changed ? next : previous;
      });
    }, 5_000);
    return () => {
      off();
      clearInterval(refresh);
      clearInterval(expire);
      rt.sendPresence(conversationId, 'left');
    };
  }, [conversationId, me, ws.realtime]);

  const lastTyping = useRef(0);
  const typing = useCallback(() => {
    const now = Date.now();
    if (now - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = now;
    ws.realtime.sendPresence(conversationId, 'typing');
  }, [conversationId, ws.realtime]);

  return { colleagues: [...others.values()], typing };
}
