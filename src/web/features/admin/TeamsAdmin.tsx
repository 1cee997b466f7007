import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessHours, Team } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';

const ROUTINGS: Team['routing'][] = ['manual', 'round_robin', 'least_load'];

export function TeamsAdmin() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [hours, setHours] = useState<BusinessHours[]>([]);
  const [name, setName] = useState('');
  const [routing, setRouting] = useState<Team['routing']>('manual');
  const [members, setMembers] = useState<string[]>([]);
  const [hoursId, setHoursId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    ws.api
      .businessHours()
      .then((r) => setHours(r.items))
      .catch(() => undefined);
  }, [ws.api]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ws.api.createTeam({ name: name.trim(), memberIds: members, routing, ...(hoursId ? { businessHoursId: hoursId } : {}) });
      ws.notify('info', t('admin.teams.created', { name: name.trim() }));
      setName('');
      setMembers([]);
      setHoursId('');
      await ws.reloadPeople();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 id="admin-title">{t('admin.sections.teams')}</h1>
      {ws.teams.length === 0 ? (
        <p className="muted">{t('admin.teams.none')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.teams.name')}</th>
              <th scope="col">{t('admin.teams.routing')}</th>
              <th scope="col">{t('admin.teams.members')}</th>
              <th scope="col">{t('admin.teams.hours')}</th>
            </tr>
          </thead>
          <tbody>
            {ws.teams.map((team) => (
              <tr key={team.id}>
                <td>{team.name}</td>
                <td>{t(`admin.teams.routings.${team.routing}`)}</td>
                <td>{team.memberIds.map((id) => ws.usersById.get(id)?.name ?? '?').join(', ') || '—'}</td>
                <td>{hours.find((h) => h.id === team.businessHoursId)?.name ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="admin-form" onSubmit={submit}>
        <h2>{t('admin.teams.add')}</h2>
        <div className="form-grid">
          <label htmlFor="team-name">{t('admin.teams.name')}</label>
          <input id="team-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          <label htmlFor="team-routing">{t('admin.teams.routing')}</label>
          <select id="team-routing" value={routing} onChange={(e) => setRouting(e.target.value as Team['routing'])}>
            {ROUTINGS.map((r) => (
              <option key={r} value={r}>
                {t(`admin.teams.routings.${r}`)}
              </option>
            ))}
          </select>
          <label htmlFor="team-hours">{t('admin.teams.hours')}</label>
          <select id="team-hours" value={hoursId} onChange={(e) => setHoursId(e.target.value)}>
            <option value="">{t('admin.teams.noHours')}</option>
            {hours.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="checks">
          <legend>{t('admin.teams.members')}</legend>
          {ws.users.map((u) => (
            <label key={u.id} className="check">
              <input type="checkbox" checked={members.includes(u.id)} onChange={(e) => setMembers(e.target.checked ? [...members, u.id] : members.filter((x) => x !== u.id))} />
              {u.name}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          {t('admin.teams.create')}
        </button>
      </form>
    </>
  );
}
