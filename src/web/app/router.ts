import { useSyncExternalStore } from 'react';
import { isViewId, type ViewId } from '../features/inbox/views.ts';

export type Route =
  | { name: 'inbox'; view: ViewId; conversationId: string | null }
  | { name: 'admin'; section: AdminSection };

export const ADMIN_SECTIONS = ['users', 'teams', 'business-hours', 'sla-policies', 'channels'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /inbox/<view>[/<conversation id>] and /admin/<section>; anything else is the agent's own queue. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'admin') {
    const section = (ADMIN_SECTIONS as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as AdminSection) : 'users';
    return { name: 'admin', section };
  }
  if (parts[0] === 'inbox' && parts[1] && isViewId(parts[1])) {
    return { name: 'inbox', view: parts[1], conversationId: parts[2] && UUID.test(parts[2]) ? parts[2] : null };
  }
  return { name: 'inbox', view: 'mine', conversationId: null };
}

export function routePath(route: Route): string {
  if (route.name === 'admin') return `/admin/${route.section}`;
  return `/inbox/${encodeURIComponent(route.view)}${route.conversationId ? `/${route.conversationId}` : ''}`;
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: string | Route, options: { replace?: boolean } = {}): void {
  const path = typeof to === 'string' ? to : routePath(to);
  if (path === location.pathname) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}
