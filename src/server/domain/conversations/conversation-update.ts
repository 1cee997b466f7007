import { sql, type Kysely } from 'kysely';
import type { ConversationStatus, Database, Priority } from '../../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { isForeignKeyViolation } from '../shared/pg-errors.js';
import { presentConversation } from '../presenters.js';
import { normalizeTags } from './conversation-create.js';
import { defaultServiceClock, syncSla, type ServiceClock } from '../sla/sla-engine.js';
import { onConversationUpdated } from '../routing/ownership-hooks.js';
import { feedbackOnConversationUpdated } from '../feedback/feedback-hooks.js';

export interface UpdateConversationInput {
  status?: ConversationStatus | undefined;
  assigneeId?: string | null | undefined;
  teamId?: string | null | undefined;
  priority?: Priority | undefined;
  tags?: string[] | undefined;
}

type Changes = Record<string, [unknown, unknown]>;

/** Changes status, owner, team, priority or tags; logs each change with its old and new value. */
export async function updateConversation(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  input: UpdateConversationInput,
  svc: ServiceClock = defaultServiceClock,
) {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw errors.notFound('Conversation');
      const changes: Changes = {};
      const set: Record<string, unknown> = {};
      if (input.status !== undefined && input.status !== current.status) {
        if (current.status === 'closed') {
          throw errors.conflict('A closed conversation cannot change status; the customer’s next message starts a follow-up', {
            field: 'status',
          });
        }
        changes.status = [current.status, input.status];
        set.status = input.status;
        if (input.status === 'solved') set.solved_at = sql`clock_timestamp()`;
        if (input.status === 'closed') set.closed_at = sql`clock_timestamp()`;
        if (['new', 'open', 'pending', 'on_hold'].includes(input.status)) set.solved_at = null;
      }
      if (input.assigneeId !== undefined && input.assigneeId !== current.assignee_id) {
        changes.assigneeId = [current.assignee_id, input.assigneeId];
        set.assignee_id = input.assigneeId;
      }
      if (input.teamId !== undefined && input.teamId !== current.team_id) {
        changes.teamId = [current.team_id, input.teamId];
        set.team_id = input.teamId;
      }
      if (input.priority !== undefined && input.priority !== current.priority) {
        changes.priority = [current.priority, input.priority];
        set.priority = input.priority;
      }
      if (input.tags !== undefined) {
        const tags = normalizeTags(input.tags);
        if (tags.join('\u0000') !== current.tags.join('\u0000')) {
          changes.tags = [current.tags, tags];
          set.tags = tags;
        }
      }
      if (Object.keys(changes).length === 0) return current;
      const updated = await trx
        .updateTable('conversations')
        .set({ ...set, updated_at: sql`greatest(updated_at, clock_timestamp())`, last_activity_at: sql`greatest(last_activity_at, clock_timestamp())` })
        .where('account_id', '=', actor.accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordEvent(trx, actor, {
        type: 'conversation.updated',
        conversationId: id,
        customerId: updated.customer_id,
        data: { changes },
        publish: { changes: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])), conversation: presentConversation(updated) },
      });
      // Ownership: log a new owner, route a conversation moved to a team, let the queue use freed capacity.
      const afterRouting = await onConversationUpdated(trx, svc, actor, current, updated, changes);
      // Status decides whether the clocks run; priority, team and tags may select another policy.
      if (changes.status || changes.priority || changes.teamId || changes.tags) await syncSla(trx, svc, actor.accountId, id, 'changed');
      // Feedback: solved → its survey exists from now on; the complaint tag → a recovery case.
      if (changes.status || changes.tags) await feedbackOnConversationUpdated(trx, svc, actor, current, afterRouting);
      return afterRouting;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      const constraint = String((error as { constraint?: string }).constraint ?? '');
      if (constraint.includes('team')) throw errors.validation('teamId', 'no such team in this account');
      if (constraint.includes('assignee')) throw errors.validation('assigneeId', 'no such user in this account');
    }
    throw error;
  }
}
