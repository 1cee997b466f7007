import type { Selectable } from 'kysely';
import { sendSystemMessage } from '../messages/system-message.js';
import type { ConversationsTable, DetectedLanguage, HandoverKind, HandoversTable } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { appendMessage } from '../messages/message-append.js';
import { customerTexts, fill } from '../../i18n/customer/index.js';
import type { ServiceClock } from '../sla/sla-engine.js';

/**
 * Handovers: the note a receiver reads first (an internal note, linked from the handover row), what the next shift
 * needs at a glance (summary), and the message that tells the customer who helps them now.
 */

type ConversationRow = Selectable<ConversationsTable>;
export type HandoverRow = Selectable<HandoversTable>;

export interface HandoverSummary {
  status: string;
  priority: string;
  lastCustomerMessage: { excerpt: string; at: string } | null;
  openPromises: Array<{ id: string; description: string; dueAt: string }>;
  slaDueAt: string | null;
  keepRequested: boolean;
}

const excerpt = (text: string, max = 280) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The state of a conversation a receiver needs first: the customer's last words, open promises, the next SLA due. */
export async function handoverSummary(trx: Db, conversation: ConversationRow): Promise<HandoverSummary> {
  const [last, promises, clock] = await Promise.all([
    trx
      .selectFrom('messages')
      .select(['body', 'created_at'])
      .where('account_id', '=', conversation.account_id)
      .where('conversation_id', '=', conversation.id)
      .where('direction', '=', 'inbound')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst(),
    trx
      .selectFrom('promises')
      .select(['id', 'description', 'due_at'])
      .where('account_id', '=', conversation.account_id)
      .where('conversation_id', '=', conversation.id)
      .where('status', '=', 'open')
      .orderBy('due_at')
      .execute(),
    trx
      .selectFrom('sla_clocks')
      .select('due_at')
      .where('account_id', '=', conversation.account_id)
      .where('conversation_id', '=', conversation.id)
      .where('fulfilled_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .where('due_at', 'is not', null)
      .orderBy('due_at')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    status: conversation.status,
    priority: conversation.priority,
    lastCustomerMessage: last ? { excerpt: excerpt(last.body), at: last.created_at.toISOString() } : null,
    openPromises: promises.map((p) => ({ id: p.id, description: p.description, dueAt: p.due_at.toISOString() })),
    slaDueAt: clock?.due_at?.toISOString() ?? null,
    keepRequested: conversation.keep_on_shift_end,
  };
}

/** Adds the handover note to the conversation as an internal note (never sent to the customer). */
export async function addHandoverNote(trx: Db, actor: Actor, conversation: ConversationRow, note: string): Promise<string> {
  const { message } = await appendMessage(trx, actor, {
    conversationId: conversation.id,
    direction: 'outbound',
    type: 'note',
    channel: conversation.channel,
    authorType: actor.type === 'user' ? 'user' : actor.type === 'api_token' ? 'api_token' : 'system',
    authorUserId: actor.type === 'user' ? actor.userId : null,
    customerId: null,
    body: note,
    bodyFull: note,
    html: null,
    language: conversation.language,
    attachments: [],
  });
  return message.id;
}

export async function insertHandover(
  trx: Db,
  actor: Actor,
  input: {
    conversation: ConversationRow;
    kind: HandoverKind;
    fromUserId: string | null;
    toUserId: string | null;
    toTeamId: string | null;
    note: string;
    messageId: string | null;
    summary: HandoverSummary;
    at: Date;
  },
): Promise<HandoverRow> {
  return trx
    .insertInto('handovers')
    .values({
      account_id: input.conversation.account_id,
      conversation_id: input.conversation.id,
      kind: input.kind,
      from_user_id: input.fromUserId,
      to_user_id: input.toUserId,
      to_team_id: input.toTeamId,
      note: input.note,
      message_id: input.messageId,
      summary: JSON.stringify(input.summary),
      actor_type: actor.type,
      actor_id: actor.id,
      at: input.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function presentHandover(h: HandoverRow, conversation?: Pick<ConversationRow, 'number' | 'subject' | 'status' | 'assignee_id'>) {
  return {
    id: h.id,
    conversationId: h.conversation_id,
    kind: h.kind,
    fromUserId: h.from_user_id,
    toUserId: h.to_user_id,
    toTeamId: h.to_team_id,
    note: h.note,
    messageId: h.message_id,
    summary: h.summary,
    at: h.at.toISOString(),
    acknowledgedAt: h.acknowledged_at?.toISOString() ?? null,
    ...(conversation
      ? { conversation: { number: conversation.number, subject: conversation.subject, status: conversation.status, assigneeId: conversation.assignee_id } }
      : {}),
  };
}

/**
 * Tells the customer who helps them now, in their language, on the conversation's channel (email through the
 * outbox, as delay notices go). An automatic message: it never counts as a response.
 */
export async function tellCustomerNewOwner(
  trx: Db,
  svc: ServiceClock,
  conversation: ConversationRow,
  agentName: string | null,
): Promise<{ messageId: string; language: string }> {
  const accountId = conversation.account_id;
  const customer = await trx.selectFrom('customers').select(['name', 'language']).where('account_id', '=', accountId).where('id', '=', conversation.customer_id).executeTakeFirst();
  const language = customer?.language ?? (conversation.language === 'und' ? 'en' : conversation.language);
  const texts = customerTexts(language);
  const text = agentName ? fill(texts.transferToAgent, { agent: agentName, number: conversation.number }) : fill(texts.transferToTeam, { number: conversation.number });
  const body = [customer?.name ? fill(texts.greetingNamed, { name: customer.name }) : texts.greeting, '', text, '', texts.ackClosing, texts.signature].join('\n');
  const { messageId } = await sendSystemMessage(trx, svc, {
    accountId,
    conversationId: conversation.id,
    channel: conversation.channel,
    viaEmail: conversation.channel === 'email',
    body,
    language: language as DetectedLanguage,
  });
  return { messageId, language };
}

/**
 * The handover a conversation's reader should see on top: the latest transfer or shift-end handover nobody has
 * acknowledged yet (null when there is none), and every message that is a handover note.
 */
export async function handoverForReader(db: Db, accountId: string, conversationId: string) {
  const rows = await db
    .selectFrom('handovers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .where('kind', 'in', ['transfer', 'shift_end'])
    .orderBy('at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  const latest = rows[0];
  return {
    handover: latest && latest.acknowledged_at === null ? presentHandover(latest) : null,
    noteMessageIds: new Set(rows.map((r) => r.message_id).filter((id): id is string => id !== null)),
  };
}
