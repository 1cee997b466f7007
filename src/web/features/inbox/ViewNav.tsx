import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { FIXED_VIEWS, type ViewId } from './views.ts';

export function ViewNav({ current }: { current: ViewId }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const link = (view: ViewId, label: string) => (
    <li key={view}>
      <a
        href={`/inbox/${view}`}
        aria-current={current === view ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/inbox/${view}`);
        }}
      >
        {label}
      </a>
    </li>
  );
  return (
    <nav className="view-nav" aria-label={t('views.label')}>
      <h2 className="view-nav-title">{t('views.label')}</h2>
      <ul>{FIXED_VIEWS.map((v) => link(v, t(`views.${v}`)))}</ul>
      {ws.teams.length > 0 && (
        <>
          <h2 className="view-nav-title">{t('views.teams')}</h2>
          <ul>{ws.teams.map((team) => link(`team:${team.id}`, team.name))}</ul>
        </>
      )}
    </nav>
  );
}
