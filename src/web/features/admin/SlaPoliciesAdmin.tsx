import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, PAUSE_STATUSES, PRIORITIES, type BusinessHours, type SlaPolicy } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { durationText } from '../../lib/time.ts';
import { conditionValues, emptySlaPolicyForm, formFromPolicy, formProblems, slaPolicyInput, slaPolicyPatch, type FormSlot, type SlaPolicyForm } from './sla-policy-form.ts';

type Problems = ReturnType<typeof formProblems>;
const TARGETS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const;

export function SlaPoliciesAdmin() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [items, setItems] = useState<SlaPolicy[] | null>(null);
  const [hours, setHours] = useState<BusinessHours[]>([]);
  const [form, setForm] = useState<SlaPolicyForm>(emptySlaPolicyForm);
  const [busy, setBusy] = useState(false);
  const [toggling, setToggling] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  /** The policy the form edits; null: the form creates a new one. */
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const [moving, setMoving] = useState<string | null>(null);

  const reload = () =>
    ws.api
      .slaPolicies()
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  // Once on opening the page; later reloads follow a change.
  useEffect(() => {
    void reload();
    ws.api
      .businessHours()
      .then((r) => setHours(r.items))
      .catch(() => undefined);
  }, []);

  const set = <K extends keyof SlaPolicyForm>(key: K, value: SlaPolicyForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggleIn = <K extends 'priority' | 'channel' | 'teamId' | 'pauseOn'>(key: K, value: SlaPolicyForm[K][number], on: boolean) =>
    setForm((f) => {
      const list = f[key] as string[];
      return { ...f, [key]: on ? [...list, value] : list.filter((x) => x !== value) };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblems(null);
    try {
      if (editing) {
        const saved = await ws.api.editSlaPolicy(editing.id, slaPolicyPatch(form));
        ws.notify('info', t('slaAdmin.saved', { name: saved.name }));
        setEditing(null);
      } else {
        const created = await ws.api.createSlaPolicy(slaPolicyInput(form));
        ws.notify('info', t('admin.sla.created', { name: created.name }));
      }
      setForm(emptySlaPolicyForm());
      await reload();
    } catch (e) {
      setProblems(formProblems(e));
    } finally {
      setBusy(false);
    }
  };

  const setEnabled = async (policy: SlaPolicy, enabled: boolean) => {
    setToggling(policy.id);
    try {
      const updated = await ws.api.updateSlaPolicy(policy.id, { enabled });
      setItems((list) => list?.map((p) => (p.id === updated.id ? updated : p)) ?? null);
      ws.notify('info', t(enabled ? 'admin.sla.enabledNow' : 'admin.sla.disabledNow', { name: policy.name }));
    } catch (e) {
      ws.notify('error', e instanceof Error ? e.message : String(e));
    } finally {
      setToggling(null);
    }
  };

  const startEdit = (policy: SlaPolicy) => {
    setEditing(policy);
    setProblems(null);
    setForm(formFromPolicy(policy));
    requestAnimationFrame(() => document.getElementById('sla-name')?.focus());
  };
  const cancelEdit = () => {
    setEditing(null);
    setProblems(null);
    setForm(emptySlaPolicyForm());
  };

  /** Moves a policy one place up or down in the matching order (the first match applies). */
  const move = async (policy: SlaPolicy, toIndex: number) => {
    setMoving(policy.id);
    try {
      const result = await ws.api.moveSlaPolicy(policy.id, toIndex);
      setItems(result.items);
      ws.notify('info', t('slaAdmin.moved', { name: policy.name, position: toIndex + 1 }));
    } catch (e) {
      ws.notify('error', e instanceof Error ? e.message : String(e));
    } finally {
      setMoving(null);
    }
  };

  const remove = async (policy: SlaPolicy) => {
    if (!window.confirm(t('slaAdmin.deleteConfirm', { name: policy.name }))) return;
    try {
      await ws.api.deleteSlaPolicy(policy.id);
      ws.notify('info', t('slaAdmin.deleted', { name: policy.name }));
      if (editing?.id === policy.id) cancelEdit();
      await reload();
    } catch (e) {
      const inUse = (e as { status?: number }).status === 409;
      ws.notify('error', inUse ? t('slaAdmin.inUse', { name: policy.name }) : e instanceof Error ? e.message : String(e));
    }
  };

  const slotProblems = (slot: FormSlot) => problems?.fields.filter((f) => f.slot === slot) ?? [];
  /** The id of the slot's error text, for aria-describedby, when it has one. */
  const errId = (slot: FormSlot) => (slotProblems(slot).length ? `sla-error-${slot}` : undefined);
  const fieldError = (slot: FormSlot): ReactNode => {
    const list = slotProblems(slot);
    if (!list.length) return null;
    return (
      <span id={`sla-error-${slot}`} className="form-error small form-hint">
        {list.map((f) => f.message).join('; ')}
      </span>
    );
  };

  const describeConditions = (p: SlaPolicy) => {
    const parts: string[] = [];
    const priorities = conditionValues(p, 'priority');
    if (priorities.length) parts.push(`${t('admin.sla.priority')}: ${priorities.map((x) => t(`priority.${x}`)).join(', ')}`);
    const channels = conditionValues(p, 'channel');
    if (channels.length) parts.push(`${t('admin.sla.channel')}: ${channels.map((x) => t(`channel.${x}`)).join(', ')}`);
    const teams = conditionValues(p, 'teamId');
    if (teams.length) parts.push(`${t('admin.sla.teams')}: ${teams.map((id) => ws.teams.find((tm) => tm.id === id)?.name ?? '?').join(', ')}`);
    const tags = conditionValues(p, 'tags');
    if (tags.length) parts.push(`${t('admin.sla.tags')}: ${tags.join(', ')}`);
    return parts.length ? parts.join('; ') : t('admin.sla.everyConversation');
  };

  const describeTargets = (p: SlaPolicy) =>
    TARGETS.filter((k) => p.targets[k] != null)
      .map((k) => `${t(`admin.sla.targets.${k}`)}: ${durationText(t, p.targets[k]!)}`)
      .join('; ') || '—';

  const describeClock = (p: SlaPolicy) => {
    const clock = p.calendarTime ? t('admin.sla.calendarTime') : (hours.find((h) => h.id === p.businessHoursId)?.name ?? t('admin.sla.teamHours'));
    const pauses = p.pauseOn.length ? t('admin.sla.pausesOn', { statuses: p.pauseOn.map((s) => t(`status.${s}`)).join(', ') }) : t('admin.sla.noPause');
    return `${clock}; ${pauses}`;
  };

  const describeActions = (p: SlaPolicy) =>
    p.breachActions.map((a) => (typeof a.type === 'string' ? t(`admin.sla.actions.${a.type}`, { defaultValue: a.type }) : '?')).join(', ') || '—';

  return (
    <>
      <h1 id="admin-title">{t('admin.sections.sla-policies')}</h1>
      <p className="muted small">{t('admin.sla.intro')}</p>
      <p className="muted small">{t('slaAdmin.orderHint')}</p>
      {loadError && (
        <p className="form-error" role="alert">
          {t('admin.sla.loadFailed', { error: loadError })}
        </p>
      )}
      {items === null ? (
        !loadError && <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('admin.sla.none')}</p>
      ) : (
        <table className="data-table" data-testid="sla-policies">
          <thead>
            <tr>
              <th scope="col">{t('admin.sla.name')}</th>
              <th scope="col">{t('admin.sla.conditions')}</th>
              <th scope="col">{t('admin.sla.targetsTitle')}</th>
              <th scope="col">{t('admin.sla.clock')}</th>
              <th scope="col">{t('admin.sla.warnings')}</th>
              <th scope="col">{t('admin.sla.breachActions')}</th>
              <th scope="col">{t('admin.sla.enabled')}</th>
              <th scope="col">{t('slaAdmin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p, index) => (
              <tr key={p.id} className={p.enabled ? undefined : 'muted'}>
                <td>
                  <span className="muted small">{index + 1}.</span> {p.name}
                </td>
                <td>{describeConditions(p)}</td>
                <td>{describeTargets(p)}</td>
                <td>{describeClock(p)}</td>
                <td>
                  {t('admin.sla.warnAt', { percent: p.warnAtPercent })}
                  {p.noticeAtPercent != null && (
                    <>
                      <br />
                      {t('admin.sla.noticeAt', { percent: p.noticeAtPercent })}
                    </>
                  )}
                </td>
                <td>{describeActions(p)}</td>
                <td>
                  <label className="check">
                    <input type="checkbox" checked={p.enabled} disabled={toggling === p.id} onChange={(e) => void setEnabled(p, e.target.checked)} />
                    <span className="visually-hidden">{t('admin.sla.enabledFor', { name: p.name })}</span>
                    <span aria-hidden="true">{p.enabled ? t('admin.sla.on') : t('admin.sla.off')}</span>
                  </label>
                </td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small" aria-label={t('slaAdmin.editFor', { name: p.name })} onClick={() => startEdit(p)}>
                    {t('slaAdmin.edit')}
                  </button>
                  <button type="button" className="btn btn-small" aria-label={t('slaAdmin.moveUpFor', { name: p.name })} disabled={index === 0 || moving !== null} onClick={() => void move(p, index - 1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t('slaAdmin.moveDownFor', { name: p.name })}
                    disabled={index === items.length - 1 || moving !== null}
                    onClick={() => void move(p, index + 1)}
                  >
                    ↓
                  </button>
                  <button type="button" className="btn btn-small" aria-label={t('slaAdmin.deleteFor', { name: p.name })} onClick={() => void remove(p)}>
                    {t('slaAdmin.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="admin-form" onSubmit={submit} noValidate aria-describedby={problems ? 'sla-problems' : undefined}>
        <h2>{editing ? t('slaAdmin.editTitle', { name: editing.name }) : t('admin.sla.add')}</h2>
        <div className="form-grid">
          <label htmlFor="sla-name">{t('admin.sla.name')}</label>
          <input id="sla-name" value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={200} aria-invalid={errId('name') ? true : undefined} aria-describedby={errId('name')} />
          {fieldError('name')}
        </div>

        <fieldset className="checks" aria-describedby={errId('conditions')}>
          <legend>{t('admin.sla.conditions')}</legend>
          <p className="muted small">{t('admin.sla.conditionsHint')}</p>
          <fieldset className="checks">
            <legend>{t('admin.sla.priority')}</legend>
            {PRIORITIES.map((p) => (
              <label key={p} className="check">
                <input type="checkbox" checked={form.priority.includes(p)} onChange={(e) => toggleIn('priority', p, e.target.checked)} />
                {t(`priority.${p}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="checks">
            <legend>{t('admin.sla.channel')}</legend>
            {CHANNELS.map((c) => (
              <label key={c} className="check">
                <input type="checkbox" checked={form.channel.includes(c)} onChange={(e) => toggleIn('channel', c, e.target.checked)} />
                {t(`channel.${c}`)}
              </label>
            ))}
          </fieldset>
          {ws.teams.length > 0 && (
            <fieldset className="checks">
              <legend>{t('admin.sla.teams')}</legend>
              {ws.teams.map((team) => (
                <label key={team.id} className="check">
                  <input type="checkbox" checked={form.teamId.includes(team.id)} onChange={(e) => toggleIn('teamId', team.id, e.target.checked)} />
                  {team.name}
                </label>
              ))}
            </fieldset>
          )}
          <div className="form-grid">
            <label htmlFor="sla-tags">{t('admin.sla.tags')}</label>
            <input id="sla-tags" value={form.tags} onChange={(e) => set('tags', e.target.value)} aria-describedby="sla-tags-hint" />
            <span id="sla-tags-hint" className="muted small form-hint">
              {t('admin.sla.tagsHint')}
            </span>
          </div>
          {fieldError('conditions')}
        </fieldset>

        <fieldset aria-describedby={[errId('targets'), 'sla-targets-hint'].filter(Boolean).join(' ')}>
          <legend>{t('admin.sla.targetsTitle')}</legend>
          <p id="sla-targets-hint" className="muted small">
            {t('admin.sla.targetsHint')}
          </p>
          <div className="form-grid">
            {TARGETS.map((k) => (
              <TargetInput key={k} id={`sla-${k}`} label={t(`admin.sla.targets.${k}`)} value={form[k]} onChange={(v) => set(k, v)} errorId={errId(k)} error={fieldError(k)} />
            ))}
          </div>
          {fieldError('targets')}
        </fieldset>

        <div className="form-grid">
          <label htmlFor="sla-hours">{t('admin.sla.hours')}</label>
          <select id="sla-hours" value={form.businessHoursId} onChange={(e) => set('businessHoursId', e.target.value)} disabled={form.calendarTime} aria-describedby={errId('hours')}>
            <option value="">{t('admin.sla.teamHours')}</option>
            {hours.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
          <span className="form-hint">
            <label className="check">
              <input type="checkbox" checked={form.calendarTime} onChange={(e) => set('calendarTime', e.target.checked)} />
              {t('admin.sla.calendarTimeLabel')}
            </label>
          </span>
          {fieldError('hours')}
        </div>

        <fieldset className="checks" aria-describedby={errId('pauseOn')}>
          <legend>{t('admin.sla.pauseOn')}</legend>
          {PAUSE_STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={form.pauseOn.includes(s)} onChange={(e) => toggleIn('pauseOn', s, e.target.checked)} />
              {t(`status.${s}`)}
            </label>
          ))}
          {fieldError('pauseOn')}
        </fieldset>

        <div className="form-grid">
          <label htmlFor="sla-warn">{t('admin.sla.warnAtPercent')}</label>
          <input
            id="sla-warn"
            type="number"
            inputMode="numeric"
            min={1}
            max={99}
            placeholder="80"
            value={form.warnAtPercent}
            onChange={(e) => set('warnAtPercent', e.target.value)}
            aria-invalid={errId('warnAtPercent') ? true : undefined}
            aria-describedby={['sla-warn-hint', errId('warnAtPercent')].filter(Boolean).join(' ')}
          />
          <span id="sla-warn-hint" className="muted small form-hint">
            {t('admin.sla.warnHint')}
          </span>
          {fieldError('warnAtPercent')}
          <label htmlFor="sla-notice">{t('admin.sla.noticeAtPercent')}</label>
          <input
            id="sla-notice"
            type="number"
            inputMode="numeric"
            min={1}
            max={99}
            placeholder="90"
            value={form.noticeAtPercent}
            onChange={(e) => set('noticeAtPercent', e.target.value)}
            aria-invalid={errId('noticeAtPercent') ? true : undefined}
            aria-describedby={['sla-notice-hint', errId('noticeAtPercent')].filter(Boolean).join(' ')}
          />
          <span id="sla-notice-hint" className="muted small form-hint">
            {t('admin.sla.noticeHint')}
          </span>
          {fieldError('noticeAtPercent')}
        </div>

        <fieldset className="checks" aria-describedby={errId('breachActions')}>
          <legend>{t('admin.sla.breachActions')}</legend>
          <label className="check">
            <input type="checkbox" checked={form.raisePriority} onChange={(e) => set('raisePriority', e.target.checked)} />
            {t('admin.sla.actions.raise_priority')}
          </label>
          <label className="check">
            <input type="checkbox" checked={form.notifySupervisors} onChange={(e) => set('notifySupervisors', e.target.checked)} />
            {t('admin.sla.actions.notify_supervisors')}
          </label>
          <label className="check">
            <input type="checkbox" checked={form.reassign} onChange={(e) => set('reassign', e.target.checked)} />
            {t('admin.sla.actions.reassign')}
          </label>
          {form.reassign && (
            <div className="form-grid">
              <label htmlFor="sla-reassign-team">{t('admin.sla.reassignTeam')}</label>
              <select id="sla-reassign-team" value={form.reassignTeamId} onChange={(e) => set('reassignTeamId', e.target.value)}>
                <option value="">{t('admin.sla.nobody')}</option>
                {ws.teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
              <label htmlFor="sla-reassign-user">{t('admin.sla.reassignUser')}</label>
              <select id="sla-reassign-user" value={form.reassignUserId} onChange={(e) => set('reassignUserId', e.target.value)}>
                <option value="">{t('admin.sla.nobody')}</option>
                {ws.users
                  .filter((u) => u.active)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </div>
          )}
          {fieldError('breachActions')}
        </fieldset>

        {problems && (
          <div id="sla-problems" className="form-error" role="alert" data-testid="sla-problems">
            <p>{t('admin.sla.notSaved')}</p>
            <ul>
              {problems.fields.map((f, i) => (
                <li key={`${f.field}:${i}`}>
                  <code>{f.field}</code>: {f.message}
                </li>
              ))}
              {problems.fields.length === 0 && <li>{problems.message}</li>}
            </ul>
          </div>
        )}
        <div className="dialog-actions">
          {editing && (
            <button type="button" className="btn" onClick={cancelEdit}>
              {t('slaAdmin.cancel')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy || !form.name.trim()}>
            {editing ? t('slaAdmin.save') : t('admin.sla.create')}
          </button>
        </div>
      </form>
    </>
  );
}

function TargetInput({ id, label, value, onChange, errorId, error }: { id: string; label: string; value: string; onChange: (v: string) => void; errorId: string | undefined; error: ReactNode }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
      />
      {error}
    </>
  );
}
