import { sql, type Kysely, type Selectable } from 'kysely';
import type { ConversationStatus, ConversationsTable, Database, DetectedLanguage } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import { hasRole, systemActor, type Actor } from '../shared/actor.js';
import { errors } from '../shared/errors.js';
import { recordEvent } from '../events/record-event.js';
import { analyzeSentiment, type Sentiment } from '../sentiment/index.js';
import type { ServiceClock } from '../sla/sla-engine.js';
import { routingSettings, type RoutingSettings } from './routing-settings.js';
import { judgeRecontact } from './recontact-match.js';
import {
  ACTIVE_STATUSES,
  clearQueue,
  drainQueuesOf,
  markDifficultForOwner,
  routeConversation,
  settleRouteOnInsert,
  startAssignment,
  type InsertRoute,
  type RouteRow,
} from './routing-engine.js';

/**
 * What ownership and routing add to the commands that change a conversation, inside their transactions (as
 * syncSla does for the SLA): conversation-create.ts, message-append.ts and conversation-update.ts each call one of
 * these. Definitions of recontacts and difficult conversations: docs/METRICS.md.
 */

type ConversationRow = Selectable<ConversationsTable>;

/** A customer who writes again about the same matter within this many days after it was solved recontacts. */
export const RECONTACT_DAYS = 7;

export interface Judged {
  score: number;
  difficult: boolean;
}

/** A customer message's sentiment, and whether it makes the conversation difficult (strongly negative or upset). */
export function judgeCustomerMessage(text: string, language: DetectedLanguage, settings: RoutingSettings): Judged {
  return judgeSentiment(analyzeSentiment(text, language), settings);
}

/** The same judgement from an analysis already made (appendMessage analyses each customer message once). */
export function judgeSentiment(s: Sentiment, settings: RoutingSettings): Judged {
  const score = Math.max(-1, Math.min(1, Math.round(s.score * 1000) / 1000));
  return { score, difficult: s.upset || score <= settings.difficultScore };
}

const isActive = (status: ConversationStatus) => (ACTIVE_STATUSES as readonly string[]).includes(status);

/** How many of the customer's recently solved conversations a new one is compared with. */
const RECONTACT_CANDIDATES = 10;

/**
 * The customer's conversations solved (or closed) within the 7 days before `createdAt`, most recent first, with
 * the customer's own words in each (its first three messages) for recontact-match.ts to judge.
 */
async function recontactCandidates(trx: Db, conversation: ConversationRow) {
  const { rows } = await sql<{ id: string; number: number; subject: string; tags: string[]; assignee_id: string | null; ended_at: Date; customer_text: string | null }>`
    SELECT c.id, c.number, c.subject, c.tags, c.assignee_id, coalesce(c.solved_at, c.closed_at) AS ended_at,
           (SELECT string_agg(m.body, E'\n' ORDER BY m.seq) FROM (
              SELECT left(body, 1000) AS body, seq FROM messages
              WHERE account_id = c.account_id AND conversation_id = c.id AND direction = 'inbound' AND type = 'message'
              ORDER BY seq LIMIT 3) m) AS customer_text
    FROM conversations c
    WHERE c.account_id = ${conversation.account_id} AND c.customer_id = ${conversation.customer_id} AND c.id <> ${conversation.id}
      AND c.merged_into_id IS NULL AND c.status IN ('solved','closed')
      AND coalesce(c.solved_at, c.closed_at) BETWEEN ${conversation.created_at}::timestamptz - make_interval(days => ${RECONTACT_DAYS}::int)
                                                 AND ${conversation.created_at}::timestamptz
    ORDER BY coalesce(c.solved_at, c.closed_at) DESC
    LIMIT ${RECONTACT_CANDIDATES}`.execute(trx);
  return rows;
}

/**
 * Sticky routing for a new conversation: the customer's previous owner is the owner of their latest conversation
 * created within stickyDays (none when the team does not route sticky, or stickyDays is 0).
 */
export function stickyLookupFor(customerId: string, createdAt: Date, settings: RoutingSettings): { customerId: string; since: Date } | undefined {
  return settings.stickyDays > 0 ? { customerId, since: new Date(createdAt.getTime() - settings.stickyDays * 86_400_000) } : undefined;
}

/**
 * A new conversation (createConversation, after its first message): judges the customer's first words, links it to
 * the customer's conversation solved within the last 7 days that it comes back to — about the same matter, as
 * recontact-match.ts judges it (a recontact, with its reason and score) —, records the owner it was created with,
 * or routes it when it was created for a team. Returns the conversation as it now is.
 */
export async function onConversationCreated(
  trx: Db,
  svc: ServiceClock,
  actor: Actor,
  conversation: ConversationRow,
  firstMessage: { body: string; language: DetectedLanguage },
  options: {
    newCustomer?: boolean | undefined;
    /** The first words judged already and written with the row (createConversation inserts them). */
    judged?: Judged | undefined;
    /** Routed by its insert (routeOnInsert): the decision, to settle. */
    routedOnInsert?: { route: InsertRoute; decided: RouteRow; eventRecorded?: boolean } | undefined;
  } = {},
): Promise<ConversationRow> {
  const accountId = actor.accountId;
  const settings = await routingSettings(trx, accountId);
  const judged = options.judged ?? judgeCustomerMessage(`${conversation.subject}\n${firstMessage.body}`, firstMessage.language, settings);
  // A customer created in this transaction has no earlier conversation: nothing to come back to, no previous owner.
  const history = !options.newCustomer;
  const candidates = history ? await recontactCandidates(trx, conversation) : [];
  const recontact =
    candidates.length === 0
      ? null
      : judgeRecontact(
          { text: `${conversation.subject}\n${firstMessage.body}`, tags: conversation.tags },
          candidates.map((c) => ({ id: c.id, number: c.number, text: `${c.subject}\n${c.customer_text ?? ''}`, tags: c.tags })),
        );
  const previous = recontact ? candidates.find((c) => c.id === recontact.candidateId)! : null;
  // Routing (sticky to the customer's previous owner within stickyDays), unless the insert routed it already
  // (routeOnInsert): either way routing writes the owner it chooses.
  const routed = options.routedOnInsert
    ? await settleRouteOnInsert(trx, svc, options.routedOnInsert.route, options.routedOnInsert.decided, { ...conversation, difficult: judged.difficult }, {
        eventRecorded: options.routedOnInsert.eventRecorded,
      })
    : !conversation.assignee_id && conversation.team_id && isActive(conversation.status)
      ? await routeConversation(trx, svc, accountId, conversation.id, {
          trigger: 'created',
          row: { ...conversation, difficult: judged.difficult },
          stickyLookup: history ? stickyLookupFor(conversation.customer_id, conversation.created_at, settings) : undefined,
        })
      : undefined;
  const routedOwner = routed?.kind === 'assigned' ? routed.userId : null;
  // One statement: the customer's mood and the recontact link — none when the row was inserted with its mood and
  // there is no link to write (the row as it is: what changed it since the insert changed the caller's copy too, or,
  // assigned or queued, routing's).
  const unchanged = options.judged !== undefined && !previous;
  const { rows } = unchanged
    ? { rows: [{ ...(routed?.conversation ?? conversation), customer_sentiment: judged.score, difficult: judged.difficult }] }
    : await sql<ConversationRow>`
    UPDATE conversations SET customer_sentiment = ${judged.score}, difficult = ${judged.difficult},
           recontact_of_id = ${previous?.id ?? null}, recontact_reason = ${recontact?.reason ?? null}, recontact_score = ${recontact?.score ?? null}
    WHERE account_id = ${accountId} AND id = ${conversation.id}
    RETURNING *`.execute(trx);
  let row: ConversationRow = rows[0]!;
  if (recontact && previous) {
    await recordEvent(trx, actor, {
      type: 'conversation.recontact',
      conversationId: row.id,
      customerId: row.customer_id,
      data: {
        recontactOfId: previous.id,
        recontactOfNumber: previous.number,
        previousAssigneeId: previous.assignee_id,
        previousSolvedAt: new Date(previous.ended_at).toISOString(),
        reason: recontact.reason,
        score: recontact.score,
        sharedTerms: recontact.sharedTerms.slice(0, 20),
      },
      publish: { recontactOfId: previous.id, recontactOfNumber: previous.number, reason: recontact.reason, score: recontact.score },
    });
  }
  if (row.assignee_id && !routedOwner) {
    await startAssignment(trx, svc, accountId, row, row.assignee_id, { reason: 'manual', trigger: 'created', settings });
  }
  return row;
}

/**
 * A customer wrote (appendMessage, any message after the first): the conversation's sentiment follows the
 * customer's latest words and it stays difficult once it was; a conversation reopened from solved is routed again
 * — its owner keeps it when available, else the team's routing finds who is.
 */
export async function onCustomerMessage(
  trx: Db,
  svc: ServiceClock,
  actor: Actor,
  conversation: ConversationRow,
  message: { body: string; language: DetectedLanguage; previousStatus: ConversationStatus; sentiment?: Sentiment | undefined },
): Promise<void> {
  const accountId = actor.accountId;
  // The first message of a new conversation is judged by onConversationCreated, in the same transaction.
  if (message.previousStatus === 'new' && conversation.message_count <= 1) return;
  const settings = await routingSettings(trx, accountId);
  const judged = judgeSentiment(message.sentiment ?? analyzeSentiment(message.body, message.language), settings);
  const becameDifficult = judged.difficult && !conversation.difficult;
  await trx
    .updateTable('conversations')
    .set({ customer_sentiment: judged.score, ...(becameDifficult ? { difficult: true } : {}) })
    .where('account_id', '=', accountId)
    .where('id', '=', conversation.id)
    .execute();
  conversation.customer_sentiment = judged.score;
  if (becameDifficult) {
    conversation.difficult = true;
    await recordEvent(trx, actor, {
      type: 'conversation.difficult',
      conversationId: conversation.id,
      customerId: conversation.customer_id,
      data: { score: judged.score },
      publish: { score: judged.score, assigneeId: conversation.assignee_id },
    });
    await markDifficultForOwner(trx, svc, accountId, conversation);
  }
  if (message.previousStatus === 'solved' && conversation.team_id && isActive(conversation.status)) {
    const outcome = await routeConversation(trx, svc, accountId, conversation.id, { trigger: 'reopened', reroute: true });
    if (outcome.conversation) Object.assign(conversation, outcome.conversation);
  }
}

/**
 * A PATCH changed the conversation (updateConversation, after its update and event): a new owner is logged (and
 * takes the conversation out of the queue), a conversation moved to a team without an owner is routed, and capacity
 * freed by solving or reassigning lets the queue move. Returns the conversation as it now is.
 */
export async function onConversationUpdated(
  trx: Db,
  svc: ServiceClock,
  actor: Actor,
  before: ConversationRow,
  after: ConversationRow,
  changes: Record<string, [unknown, unknown]>,
): Promise<ConversationRow> {
  const accountId = actor.accountId;
  let touched = false;
  const freed = new Set<string>();
  if (changes.assigneeId) {
    await startAssignment(trx, svc, accountId, after, after.assignee_id, { reason: 'manual', trigger: 'manual' });
    if (after.keep_on_shift_end) {
      await trx.updateTable('conversations').set({ keep_on_shift_end: false }).where('account_id', '=', accountId).where('id', '=', after.id).execute();
      touched = true;
    }
    if (before.assignee_id) freed.add(before.assignee_id);
  }
  if (changes.status && !isActive(after.status) && after.assignee_id) freed.add(after.assignee_id);
  if (after.routing_queued_at && (after.assignee_id !== null || !isActive(after.status) || changes.teamId)) {
    await clearQueue(trx, accountId, after.id);
    touched = true;
  }
  const reopened = changes.status !== undefined && before.status === 'solved' && isActive(after.status);
  if ((changes.teamId || reopened) && after.team_id && after.assignee_id === null && isActive(after.status)) {
    await routeConversation(trx, svc, accountId, after.id, { trigger: changes.teamId ? 'team_changed' : 'reopened' });
    touched = true;
  }
  for (const userId of freed) {
    if ((await drainQueuesOf(trx, svc, accountId, userId)) > 0) touched = true;
  }
  if (!touched) return after;
  return trx.selectFrom('conversations').selectAll().where('account_id', '=', accountId).where('id', '=', after.id).executeTakeFirstOrThrow();
}

/**
 * Sets or clears the owner's wish to keep a conversation when their shift ends (honoured as shift-end.ts says).
 * Only the owner, or a supervisor, decides; the wish lasts until the next shift end or a change of owner.
 */
export async function setKeepOnShiftEnd(db: Kysely<Database>, actor: Actor, conversationId: string, keep: boolean): Promise<ConversationRow> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('conversations').selectAll().where('account_id', '=', actor.accountId).where('id', '=', conversationId).forUpdate().executeTakeFirst();
    if (!current) throw errors.notFound('Conversation');
    if (current.assignee_id === null) throw errors.conflict('The conversation has no owner to keep it', { field: 'keep' });
    if (current.assignee_id !== actor.userId && !hasRole(actor, 'supervisor')) throw errors.forbidden('Only the owner (or a supervisor) decides whether the owner keeps it');
    if (current.keep_on_shift_end === keep) return current;
    const updated = await trx
      .updateTable('conversations')
      .set({ keep_on_shift_end: keep, updated_at: sql`greatest(updated_at, clock_timestamp())` })
      .where('account_id', '=', actor.accountId)
      .where('id', '=', conversationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, {
      type: 'conversation.keep_changed',
      conversationId,
      customerId: updated.customer_id,
      data: { keep, ownerId: updated.assignee_id },
      publish: { keep, ownerId: updated.assignee_id },
    });
    return updated;
  });
}
