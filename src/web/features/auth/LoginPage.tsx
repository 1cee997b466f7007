import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, login } from '../../api/client.ts';
import { LanguagePicker } from '../../app/LanguagePicker.tsx';
import { adoptAccountLanguage } from '../../i18n/index.ts';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (token: string) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await login(email.trim(), password);
      adoptAccountLanguage(result.user.uiLanguage);
      onLoggedIn(result.token);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('login.wrong') : e instanceof ApiError && e.status === 429 ? t('login.tooMany') : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand" aria-hidden="true">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>Servisto</span>
        </div>
        <h1>{t('login.title')}</h1>
        <form onSubmit={submit} noValidate>
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy || !email || !password}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
        <LanguagePicker id="login-language" />
      </div>
    </main>
  );
}
