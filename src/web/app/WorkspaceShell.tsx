import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Api } from '../api/client.ts';
import { RealtimeConnection, type ConnectionState } from '../api/realtime.ts';
import type { Team, User } from '../api/types.ts';
import { UnreadTracker } from '../features/inbox/unread.ts';
import { InboxPage } from '../features/inbox/InboxPage.tsx';
import { AdminPage } from '../features/admin/AdminPage.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { HelpOverlay } from '../features/shortcuts/HelpOverlay.tsx';
import { adoptAccountLanguage } from '../i18n/index.ts';
import { Emitter } from '../lib/emitter.ts';
import { useShortcut } from '../lib/use-shortcut.ts';
import { LanguagePicker } from './LanguagePicker.tsx';
import { navigate, parseRoute, usePathname } from './router.ts';
import { WorkspaceContext, type Toast, type Workspace, type WorkspaceCommands } from './workspace-context.ts';

interface People {
  me: User;
  users: User[];
  teams: Team[];
}

/** Everything after login: who the agent is, the live feed, and the pages. */
export function WorkspaceShell({ token, onLoggedOut }: { token: string; onLoggedOut: () => void }) {
  const { t } = useTranslation();
  const api = useMemo(() => new Api(token, onLoggedOut), [token, onLoggedOut]);
  const [people, setPeople] = useState<People | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const loadPeople = useCallback(async () => {
    const [me, users, teams] = await Promise.all([api.me(), api.users(), api.teams()]);
    setPeople({ me, users: users.items, teams: teams.items });
    return me;
  }, [api]);

  useEffect(() => {
    loadPeople()
      .then((me) => adoptAccountLanguage(me.uiLanguage))
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, [loadPeople]);

  if (!people) {
    return (
      <main className="splash" aria-busy={!loadError}>
        {loadError ? (
          <div role="alert" className="splash-error">
            <p>{t('common.loadFailed', { error: loadError })}</p>
            <button type="button" className="btn" onClick={onLoggedOut}>
              {t('header.logout')}
            </button>
          </div>
        ) : (
          <p>{t('common.loading')}</p>
        )}
      </main>
    );
  }
  return <Workspace api={api} people={people} reloadPeople={loadPeople} token={token} onLoggedOut={onLoggedOut} />;
}

function Workspace({
  api,
  people,
  reloadPeople,
  token,
  onLoggedOut,
}: {
  api: Api;
  people: People;
  reloadPeople: () => Promise<User>;
  token: string;
  onLoggedOut: () => void;
}) {
  const { t } = useTranslation();
  const pathname = usePathname();
  const route = parseRoute(pathname);
  const [helpOpen, setHelpOpen] = useState(false);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const toastId = useRef(0);

  const realtime = useMemo(() => new RealtimeConnection(token, onLoggedOut), [token, onLoggedOut]);
  useEffect(() => {
    const off = realtime.subscribe({ state: setConnection });
    realtime.start();
    return () => {
      off();
      realtime.stop();
    };
  }, [realtime]);

  const unread = useMemo(() => new UnreadTracker((id) => api.markRead(id)), [api]);
  const commands = useMemo(() => new Emitter<WorkspaceCommands>(), []);

  const notify = useCallback((kind: Toast['kind'], text: string) => {
    const id = ++toastId.current;
    setToasts((list) => [...list.slice(-3), { id, kind, text }]);
    setTimeout(() => setToasts((list) => list.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);

  const logout = useCallback(() => {
    api.logout().catch(() => undefined);
    onLoggedOut();
  }, [api, onLoggedOut]);

  const workspace: Workspace = useMemo(
    () => ({
      api,
      me: people.me,
      users: people.users,
      usersById: new Map(people.users.map((u) => [u.id, u])),
      teams: people.teams,
      reloadPeople: async () => {
        await reloadPeople();
      },
      realtime,
      unread,
      commands,
      notify,
      logout,
    }),
    [api, people, reloadPeople, realtime, unread, commands, notify, logout],
  );

  useEffect(() => commands.on('showHelp', () => setHelpOpen(true)), [commands]);
  useShortcut('?', () => setHelpOpen((open) => !open));
  useShortcut('/', () => commands.emit('focusSearch', undefined));

  const isAdmin = people.me.role === 'admin';
  const onInbox = route.name === 'inbox';

  return (
    <WorkspaceContext.Provider value={workspace}>
      <div className="app">
        <a className="skip-link" href="#main">
          {t('header.skipToContent')}
        </a>
        <header className="topbar">
          <div className="brand">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span>Servisto</span>
          </div>
          <nav aria-label={t('header.navigation')} className="topnav">
            <a
              href="/inbox/mine"
              aria-current={onInbox ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate('/inbox/mine');
              }}
            >
              {t('header.inbox')}
            </a>
            {isAdmin && (
              <a
                href="/admin/users"
                aria-current={!onInbox ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/admin/users');
                }}
              >
                {t('header.admin')}
              </a>
            )}
          </nav>
          <div className="topbar-end">
            <span className={`connection connection-${connection}`} role="status" title={t(`connection.${connection}Hint`)}>
              <span className="connection-dot" aria-hidden="true" />
              {t(`connection.${connection}`)}
            </span>
            <NotificationBell />
            <button type="button" className="btn btn-ghost" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
              {t('header.shortcuts')}
            </button>
            <LanguagePicker id="ui-language" compact />
            <span className="me" title={people.me.email}>
              {people.me.name}
            </span>
            <button type="button" className="btn btn-ghost" onClick={logout}>
              {t('header.logout')}
            </button>
          </div>
        </header>
        <main id="main" className="main" tabIndex={-1}>
          {route.name === 'inbox' ? (
            <InboxPage view={route.view} conversationId={route.conversationId} />
          ) : isAdmin ? (
            <AdminPage section={route.section} />
          ) : (
            <p className="empty">{t('admin.onlyAdmins')}</p>
          )}
        </main>
        <div className="toasts" aria-live="polite" aria-relevant="additions">
          {toasts.map((toast) => (
            <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : undefined}>
              {toast.text}
            </div>
          ))}
        </div>
        {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} />}
      </div>
    </WorkspaceContext.Provider>
  );
}
