import { useEffect, useReducer } from 'react';
import type { CustomerPreferences, CustomerWithTimeline } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';

/**
 * The freshest preferences of each customer seen in this tab: from a save in the sidebar or a colleague's change
 * (`customer.preferences_updated` over the WebSocket). The sidebar and the composer read through it, so a change
 * shows in both at once without re-reading the whole customer.
 */
const latest = new Map<string, CustomerPreferences>();
const listeners = new Set<() => void>();

export function rememberPreferences(customerId: string, preferences: CustomerPreferences): void {
  latest.set(customerId, preferences);
  for (const listener of listeners) listener();
}

/** The newer of two versions by `updatedAt` (never saved counts as oldest). */
export function newerPreferences(a: CustomerPreferences | undefined, b: CustomerPreferences | undefined): CustomerPreferences | undefined {
  if (!a) return b;
  if (!b) return a;
  return (b.updatedAt ?? '') > (a.updatedAt ?? '') ? b : a;
}

export function useCustomerPreferences(customer: CustomerWithTimeline | null): CustomerPreferences | null {
  const ws = useWorkspace();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    listeners.add(rerender);
    return () => void listeners.delete(rerender);
  }, []);
  useEffect(
    () =>
      ws.realtime.subscribe({
        event: (event) => {
          const preferences = event.data.preferences as CustomerPreferences | undefined;
          if (event.type === 'customer.preferences_updated' && event.customerId && preferences) rememberPreferences(event.customerId, preferences);
        },
      }),
    [ws.realtime],
  );
  if (!customer) return null;
  return newerPreferences(customer.preferences, latest.get(customer.id)) ?? null;
}
