import { useTranslation } from 'react-i18next';
import type { CoachFinding } from '../../api/types.ts';

/** The coach's remarks on the draft (the server writes them in the agent's UI language), each with its words. */
export function CoachFindings({ draft, findings }: { draft: string; findings: CoachFinding[] }) {
  const { t } = useTranslation();
  if (findings.length === 0) return null;
  return (
    <ul className="coach" aria-label={t('coach.label')} data-testid="coach-findings">
      {findings.map((f) => (
        <li key={`${f.rule}:${f.start}:${f.end}`} className="coach-finding">
          <span className="coach-rule">{t(`coach.rules.${f.rule}`)}</span>
          <span className="coach-message" title={f.end > f.start ? draft.slice(f.start, f.end) : undefined}>
            {f.message}
          </span>
          {f.suggestion && <span className="coach-suggestion">{f.suggestion}</span>}
        </li>
      ))}
    </ul>
  );
}
