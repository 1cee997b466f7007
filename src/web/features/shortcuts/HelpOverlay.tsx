import { useTranslation } from 'react-i18next';
import { Dialog } from '../../app/Dialog.tsx';

export const SHORTCUTS = [
  { key: 'j', action: 'next' },
  { key: 'k', action: 'previous' },
  { key: 'r', action: 'reply' },
  { key: 'n', action: 'note' },
  { key: 'a', action: 'assignToMe' },
  { key: 's', action: 'solve' },
  { key: 't', action: 'transfer' },
  { key: 'm', action: 'merge' },
  { key: 'x', action: 'select' },
  { key: '/', action: 'search' },
  { key: '?', action: 'help' },
  { key: 'Ctrl+Enter', action: 'send' },
  { key: 'Esc', action: 'close' },
] as const;

/** The shortcut list as a modal dialog: focus moves in, stays in, and goes back where it was on close. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose}>
      <table className="shortcut-table">
        <caption className="visually-hidden">{t('shortcuts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.key')}</th>
            <th scope="col">{t('shortcuts.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.key}>
              <td>
                <kbd>{s.key}</kbd>
              </td>
              <td>{t(`shortcuts.${s.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('shortcuts.hint')}</p>
      <div className="dialog-actions">
        <button type="button" className="btn" data-autofocus onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
