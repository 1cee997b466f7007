import { sql, type Selectable } from 'kysely';
import type { ConversationsTable } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { systemActor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { notifyUsers, supervisorsFor } from '../notifications/notify.js';
import { presentConversation } from '../presenters.js';
import { syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { ACTIVE_STATUSES, routeConversation, startAssignment } from './routing-engine.js';
import { addHandoverNote, handoverSummary, insertHandover } from './handovers.js';
import { agentLocale, describeSummary } from './agent-notes.js';
import { fill, formatAgentTime } from '../../i18n/agent/index.js';

/**
 * The end of an agent's shift: no conversation is left orphaned. Each unsolved conversation the agent owns is
 * either kept — when they chose to keep it and the customer is waiting on them personally (the agent owns an open
 * promise in it, or it waits on the customer: pending or on hold) — or handed over: the team's routing gives it
 * to an available colleague (never the agent who left), or it waits in the team's queue, and an automatic handover
 * note (status, the customer's last words, open promises, the next SLA due) is added in the receiver's UI
 * language (queued: the account's default language; agent-notes.ts) — the note on top for whoever takes it.
 * Every outcome is a handover row: GET /api/v1/handovers is the summary for the next shift.
 */

type ConversationRow = Selectable<ConversationsTable>;

export interface ShiftEndReport {
  kept: number;
  handedOver: number;
  queued: number;
}

export async function handOverAtShiftEnd(trx: Db, svc: ServiceClock, accountId: string, userId: string, endedAt: Date): Promise<ShiftEndReport> {
  const report: ShiftEndReport = { kept: 0, handedOver: 0, queued: 0 };
  const agent = await trx.selectFrom('users').select(['id', 'name']).where('account_id', '=', accountId).where('id', '=', userId).executeTakeFirst();
  if (!agent) return report;
  const open = await trx
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('assignee_id', '=', userId)
    .where('status', 'in', [...ACTIVE_STATUSES])
    .orderBy('last_activity_at')
    .forUpdate()
    .execute();
  if (open.length === 0) return report;
  const promised = new Set(
    (
      await trx
        .selectFrom('promises')
        .select('conversation_id')
        .where('account_id', '=', accountId)
        .where('owner_id', '=', userId)
        .where('status', '=', 'open')
        .where('conversation_id', 'in', open.map((c) => c.id))
        .execute()
    ).map((p) => p.conversation_id),
  );
  const agentTeam = await trx
    .selectFrom('team_members')
    .select('team_id')
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  const system = systemActor(accountId);
  const now = svc.clock.now();
  // The leaving agent reads the notes of what they keep; their shift's time zone dates the end for everyone.
  const leaverLocale = await agentLocale(trx, accountId, userId);

  for (const conversation of open) {
    const summary = await handoverSummary(trx, conversation);
    const waitingOnAgent = promised.has(conversation.id) || conversation.status === 'pending' || conversation.status === 'on_hold';
    if (conversation.keep_on_shift_end && waitingOnAgent) {
      const reason = promised.has(conversation.id) ? 'open_promise' : 'waiting_on_customer';
      const t = leaverLocale.texts;
      const note = fill(t.shiftKept, {
        agent: agent.name,
        time: formatAgentTime(endedAt, leaverLocale.timeZone),
        reason: reason === 'open_promise' ? t.keepReasonPromise : t.keepReasonWaiting,
      });
      await trx.updateTable('conversations').set({ keep_on_shift_end: false }).where('account_id', '=', accountId).where('id', '=', conversation.id).execute();
      const handover = await insertHandover(trx, system, {
        conversation,
        kind: 'shift_keep',
        fromUserId: userId,
        toUserId: userId,
        toTeamId: conversation.team_id,
        note,
        messageId: null,
        summary,
        at: now,
      });
      await recordEvent(trx, system, {
        type: 'conversation.kept_at_shift_end',
        conversationId: conversation.id,
        customerId: conversation.customer_id,
        data: { handoverId: handover.id, userId, reason },
        publish: { handoverId: handover.id, userId },
      });
      report.kept++;
      continue;
    }

    const teamId = conversation.team_id ?? agentTeam?.team_id ?? null;
    let current: ConversationRow = await trx
      .updateTable('conversations')
      .set({ assignee_id: null, team_id: teamId, keep_on_shift_end: false, updated_at: sql`greatest(updated_at, clock_timestamp())` })
      .where('account_id', '=', accountId)
      .where('id', '=', conversation.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await startAssignment(trx, svc, accountId, current, null, { reason: 'manual', trigger: 'shift_end' });
    if (teamId) {
      const outcome = await routeConversation(trx, svc, accountId, conversation.id, { trigger: 'shift_end', excludeUserIds: [userId] });
      if (outcome.conversation) current = outcome.conversation;
    }
    // The note is written once the receiver is known, in their language (queued: the account's default language).
    const locale = await agentLocale(trx, accountId, current.assignee_id, leaverLocale.timeZone);
    const lines = [fill(locale.texts.shiftEndHandover, { agent: agent.name, time: formatAgentTime(endedAt, locale.timeZone) }), ...describeSummary(summary, locale)];
    if (conversation.keep_on_shift_end) lines.push(fill(locale.texts.shiftEndKeepRefused, { agent: agent.name }));
    const note = lines.join('\n');
    const messageId = await addHandoverNote(trx, system, current, note);
    current = await trx.selectFrom('conversations').selectAll().where('account_id', '=', accountId).where('id', '=', current.id).executeTakeFirstOrThrow();
    const handover = await insertHandover(trx, system, {
      conversation: current,
      kind: 'shift_end',
      fromUserId: userId,
      toUserId: current.assignee_id,
      toTeamId: teamId,
      note,
      messageId,
      summary,
      at: now,
    });
    const data = { handoverId: handover.id, kind: 'shift_end', note, fromUserId: userId, number: current.number, subject: current.subject };
    // The receiver reads the note first; without one, whoever answers for the team picks it up from the queue.
    await notifyUsers(trx, accountId, current.assignee_id ? [current.assignee_id] : await supervisorsFor(trx, accountId, teamId), 'handover', current.id, data);
    await recordEvent(trx, system, {
      type: 'conversation.handed_over',
      conversationId: current.id,
      customerId: current.customer_id,
      data: { handoverId: handover.id, fromUserId: userId, toUserId: current.assignee_id, teamId, noteMessageId: messageId, cause: 'shift_end' },
      publish: { handoverId: handover.id, fromUserId: userId, toUserId: current.assignee_id, teamId, conversation: presentConversation(current) },
    });
    if (teamId !== conversation.team_id) await syncSla(trx, svc, accountId, current.id, 'changed');
    if (current.assignee_id) report.handedOver++;
    else report.queued++;
  }
  return report;
}
