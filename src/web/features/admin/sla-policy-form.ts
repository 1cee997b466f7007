import { ApiError } from '../../api/client.ts';
import { CHANNELS, PAUSE_STATUSES, PRIORITIES, type BreachAction, type Channel, type PauseStatus, type Priority, type SlaPolicy, type SlaPolicyInput, type SlaPolicyPatch } from '../../api/types.ts';

/** What the SLA policy form holds: numbers stay text until sent, empty means "not set". */
export interface SlaPolicyForm {
  name: string;
  priority: Priority[];
  channel: Channel[];
  teamId: string[];
  tags: string;
  firstResponseMinutes: string;
  nextResponseMinutes: string;
  resolutionMinutes: string;
  businessHoursId: string;
  calendarTime: boolean;
  pauseOn: PauseStatus[];
  warnAtPercent: string;
  noticeAtPercent: string;
  raisePriority: boolean;
  notifySupervisors: boolean;
  reassign: boolean;
  reassignTeamId: string;
  reassignUserId: string;
}

export const emptySlaPolicyForm = (): SlaPolicyForm => ({
  name: '',
  priority: [],
  channel: [],
  teamId: [],
  tags: '',
  firstResponseMinutes: '',
  nextResponseMinutes: '',
  resolutionMinutes: '',
  businessHoursId: '',
  calendarTime: false,
  pauseOn: ['pending'],
  warnAtPercent: '',
  noticeAtPercent: '',
  raisePriority: false,
  notifySupervisors: false,
  reassign: false,
  reassignTeamId: '',
  reassignUserId: '',
});

/** "30" → 30; "" → undefined; anything else is passed on as a number (NaN included) for the server to refuse. */
function optionalNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/** The POST /sla-policies body for the form: only what was set, so the server's defaults apply to the rest. */
export function slaPolicyInput(form: SlaPolicyForm): SlaPolicyInput {
  const conditions: NonNullable<SlaPolicyInput['conditions']> = {};
  if (form.priority.length) conditions.priority = [...form.priority];
  if (form.channel.length) conditions.channel = [...form.channel];
  if (form.teamId.length) conditions.teamId = [...form.teamId];
  const tags = splitTags(form.tags);
  if (tags.length) conditions.tags = tags;

  const targets: SlaPolicyInput['targets'] = {};
  for (const key of ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const) {
    const value = optionalNumber(form[key]);
    if (value !== undefined) targets[key] = value;
  }

  const breachActions: BreachAction[] = [];
  if (form.raisePriority) breachActions.push({ type: 'raise_priority' });
  if (form.notifySupervisors) breachActions.push({ type: 'notify_supervisors' });
  if (form.reassign) {
    breachActions.push({
      type: 'reassign',
      ...(form.reassignTeamId ? { teamId: form.reassignTeamId } : {}),
      ...(form.reassignUserId ? { userId: form.reassignUserId } : {}),
    });
  }

  const warn = optionalNumber(form.warnAtPercent);
  const notice = optionalNumber(form.noticeAtPercent);
  return {
    name: form.name.trim(),
    ...(Object.keys(conditions).length ? { conditions } : {}),
    targets,
    ...(form.businessHoursId ? { businessHoursId: form.businessHoursId } : {}),
    ...(form.calendarTime ? { calendarTime: true } : {}),
    pauseOn: [...form.pauseOn],
    ...(warn !== undefined ? { warnAtPercent: warn } : {}),
    ...(notice !== undefined ? { noticeAtPercent: notice } : {}),
    ...(breachActions.length ? { breachActions } : {}),
  };
}

/** Where on the form a problem the API reported belongs. */
export type FormSlot = 'name' | 'conditions' | 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes' | 'targets' | 'hours' | 'pauseOn' | 'warnAtPercent' | 'noticeAtPercent' | 'breachActions' | 'general';

export function slotForField(field: string): FormSlot {
  const parts = field.replace(/^\/+/, '').split(/[./]/).filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  const [head = '', second = ''] = parts;
  if (head === 'name') return 'name';
  if (head === 'targets') return second === 'firstResponseMinutes' || second === 'nextResponseMinutes' || second === 'resolutionMinutes' ? second : 'targets';
  if (head === 'conditions' || head === 'teamId' || head === 'priority' || head === 'channel' || head === 'tags' || head === 'organisationId') return 'conditions';
  if (head === 'businessHoursId' || head === 'calendarTime') return 'hours';
  if (head === 'pauseOn' || head === 'warnAtPercent' || head === 'noticeAtPercent' || head === 'breachActions') return head;
  return 'general';
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** The validation problems of an API error ({error:{details:{fields:[{field,message}]}}}), else one general one. */
export function formProblems(error: unknown): { message: string; fields: Array<FieldProblem & { slot: FormSlot }> } {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError)) return { message, fields: [] };
  const raw = (error.details as { fields?: unknown } | undefined)?.fields;
  const fields = Array.isArray(raw)
    ? raw
        .filter((f): f is FieldProblem => typeof f === 'object' && f !== null && typeof (f as FieldProblem).field === 'string' && typeof (f as FieldProblem).message === 'string')
        .map((f) => ({ field: f.field, message: f.message, slot: slotForField(f.field) }))
    : [];
  return { message, fields };
}

/** A stored condition is one value or a list. */
export function conditionValues(policy: Pick<SlaPolicy, 'conditions'>, key: string): string[] {
  const value = policy.conditions[key];
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null ? [] : [String(value)];
}

/** The form filled from a stored policy, to edit it. */
export function formFromPolicy(p: SlaPolicy): SlaPolicyForm {
  const reassign = p.breachActions.find((a) => a.type === 'reassign');
  const num = (v: number | null) => (v === null ? '' : String(v));
  return {
    name: p.name,
    priority: conditionValues(p, 'priority').filter((x): x is Priority => (PRIORITIES as readonly string[]).includes(x)),
    channel: conditionValues(p, 'channel').filter((x): x is Channel => (CHANNELS as readonly string[]).includes(x)),
    teamId: conditionValues(p, 'teamId'),
    tags: conditionValues(p, 'tags').join(', '),
    firstResponseMinutes: num(p.targets.firstResponseMinutes),
    nextResponseMinutes: num(p.targets.nextResponseMinutes),
    resolutionMinutes: num(p.targets.resolutionMinutes),
    businessHoursId: p.businessHoursId ?? '',
    calendarTime: p.calendarTime,
    pauseOn: p.pauseOn.filter((x): x is PauseStatus => (PAUSE_STATUSES as readonly string[]).includes(x)),
    warnAtPercent: String(p.warnAtPercent),
    noticeAtPercent: num(p.noticeAtPercent),
    raisePriority: p.breachActions.some((a) => a.type === 'raise_priority'),
    notifySupervisors: p.breachActions.some((a) => a.type === 'notify_supervisors'),
    reassign: reassign !== undefined,
    reassignTeamId: typeof reassign?.teamId === 'string' ? reassign.teamId : '',
    reassignUserId: typeof reassign?.userId === 'string' ? reassign.userId : '',
  };
}

/**
 * The PATCH body of the edit form: every field stated, so what the admin cleared is cleared (no conditions, no
 * business hours, no delay notice, no breach actions); an emptied warning share goes back to the default 80.
 */
export function slaPolicyPatch(form: SlaPolicyForm): SlaPolicyPatch {
  const input = slaPolicyInput(form);
  return {
    name: input.name,
    conditions: input.conditions ?? {},
    targets: input.targets,
    businessHoursId: form.businessHoursId || null,
    calendarTime: form.calendarTime,
    pauseOn: [...form.pauseOn],
    warnAtPercent: input.warnAtPercent ?? 80,
    noticeAtPercent: input.noticeAtPercent ?? null,
    breachActions: input.breachActions ?? [],
  };
}
