import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace-context.ts';
import type { Colleague } from './use-presence.ts';

/** Who else is looking at or writing in this conversation right now. Nothing when the agent is alone. */
export function PresenceBar({ colleagues }: { colleagues: Colleague[] }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const name = (id: string) => ws.usersById.get(id)?.name ?? t('collision.someone');
  const typing = colleagues.filter((c) => c.state === 'typing');
  return (
    <div className="presence" role="status" aria-label={t('presence.label')} data-testid="presence">
      {colleagues.length > 0 && (
        <>
          <span className="presence-viewing">{t('presence.viewing', { names: colleagues.map((c) => name(c.userId)).join(', ') })}</span>
          {typing.map((c) => (
            <span key={c.userId} className="presence-typing">
              {t('presence.typing', { name: name(c.userId) })}
            </span>
          ))}
        </>
      )}
    </div>
  );
}
