import { useTranslation } from 'react-i18next';
import { LOCALES, setUiLanguage } from '../i18n/index.ts';

export function LanguagePicker({ id, compact = false }: { id: string; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <div className={compact ? 'language-picker compact' : 'language-picker'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('common.uiLanguage')}
      </label>
      <select id={id} value={i18n.resolvedLanguage ?? i18n.language} onChange={(e) => setUiLanguage(e.target.value)}>
        {LOCALES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
