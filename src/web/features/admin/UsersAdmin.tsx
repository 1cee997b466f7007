import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';

const LANGS = ['en', 'sv', 'pl', 'sl', 'bg', 'eo'] as const;

export function UsersAdmin() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [languages, setLanguages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ws.api.createUser({ name: name.trim(), email: email.trim(), role, ...(password ? { password } : {}), ...(languages.length ? { languages } : {}) });
      ws.notify('info', t('admin.users.created', { name: name.trim() }));
      setName('');
      setEmail('');
      setPassword('');
      setLanguages([]);
      await ws.reloadPeople();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 id="admin-title">{t('admin.sections.users')}</h1>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.users.name')}</th>
            <th scope="col">{t('admin.users.email')}</th>
            <th scope="col">{t('admin.users.role')}</th>
            <th scope="col">{t('admin.users.languages')}</th>
            <th scope="col">{t('admin.users.active')}</th>
          </tr>
        </thead>
        <tbody>
          {ws.users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{t(`roles.${u.role}`)}</td>
              <td>{u.languages.map((l) => (LANGS as readonly string[]).includes(l) ? t(`languages.${l}`) : l).join(', ') || '—'}</td>
              <td>{u.active ? t('common.yes') : t('common.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="admin-form" onSubmit={submit}>
        <h2>{t('admin.users.add')}</h2>
        <div className="form-grid">
          <label htmlFor="user-name">{t('admin.users.name')}</label>
          <input id="user-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          <label htmlFor="user-email">{t('admin.users.email')}</label>
          <input id="user-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <label htmlFor="user-role">{t('admin.users.role')}</label>
          <select id="user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <label htmlFor="user-password">{t('admin.users.password')}</label>
          <input id="user-password" type="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="user-password-hint" />
          <span id="user-password-hint" className="muted small form-hint">
            {t('admin.users.passwordHint')}
          </span>
        </div>
        <fieldset className="checks">
          <legend>{t('admin.users.languages')}</legend>
          {LANGS.map((l) => (
            <label key={l} className="check">
              <input type="checkbox" checked={languages.includes(l)} onChange={(e) => setLanguages(e.target.checked ? [...languages, l] : languages.filter((x) => x !== l))} />
              {t(`languages.${l}`)}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim() || !email.trim()}>
          {t('admin.users.create')}
        </button>
      </form>
    </>
  );
}
