import { useCallback, useState } from 'react';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { clearToken, readToken, saveToken } from '../features/auth/session.ts';
import { WorkspaceShell } from './WorkspaceShell.tsx';

export function App() {
  const [token, setToken] = useState(readToken);
  const onLoggedIn = useCallback((next: string) => {
    saveToken(next);
    setToken(next);
  }, []);
  const onLoggedOut = useCallback(() => {
    clearToken();
    setToken(null);
  }, []);
  if (!token) return <LoginPage onLoggedIn={onLoggedIn} />;
  return <WorkspaceShell key={token} token={token} onLoggedOut={onLoggedOut} />;
}
