import { createContext, useContext } from 'react';
import type { Api } from '../api/client.ts';
import type { RealtimeConnection } from '../api/realtime.ts';
import type { Team, User } from '../api/types.ts';
import type { UnreadTracker } from '../features/inbox/unread.ts';
import type { Emitter } from '../lib/emitter.ts';

export interface WorkspaceCommands extends Record<string, unknown> {
  /** Put the caret in the composer, as a reply or an internal note. */
  compose: 'reply' | 'note';
  focusSearch: undefined;
  showHelp: undefined;
}

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface Workspace {
  api: Api;
  me: User;
  users: readonly User[];
  usersById: ReadonlyMap<string, User>;
  teams: readonly Team[];
  reloadPeople(): Promise<void>;
  realtime: RealtimeConnection;
  unread: UnreadTracker;
  commands: Emitter<WorkspaceCommands>;
  notify(kind: Toast['kind'], text: string): void;
  logout(): void;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside the workspace');
  return value;
}
