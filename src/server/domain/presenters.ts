import { analyzeSentiment, type Sentiment } from './sentiment/index.js';
import type { SlaState } from './sla/sla-engine.js';
import type { Selectable } from 'kysely';
import type {
  AttachmentsTable,
  ConversationsTable,
  CustomerContactsTable,
  CustomersTable,
  MessagesTable,
  OrganisationsTable,
  TeamsTable,
  UsersTable,
} from '../db/schema.js';

/** Presenters are the only place API shapes are made: rows never leak (no hashes, no search columns). */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentUser(user: Selectable<UsersTable>) {
  return {
    id: user.id,
    accountId: user.account_id,
    email: user.email,
    name: user.name,
    role: user.role,
    languages: user.languages,
    skills: user.skills,
    capacity: user.capacity,
    uiLanguage: user.ui_language,
    active: user.active,
    presence: user.presence,
    presenceChangedAt: iso(user.presence_changed_at),
    createdAt: iso(user.created_at),
    updatedAt: iso(user.updated_at),
  };
}

export function presentTeam(team: Selectable<TeamsTable>, memberIds: string[]) {
  return {
    id: team.id,
    name: team.name,
    routing: team.routing,
    memberIds,
    businessHoursId: team.business_hours_id,
    skillsFallbackMinutes: team.skills_fallback_minutes,
    stickyOwner: team.sticky_owner,
    createdAt: iso(team.created_at),
  };
}

export type ConversationRow = Selectable<ConversationsTable>;

/** `sla`: the conversation's SLA state (sla/sla-engine.ts), null when no policy applies or it was not loaded. */
export function presentConversation(c: ConversationRow, sla: SlaState | null = null) {
  return {
    id: c.id,
    number: c.number,
    subject: c.subject,
    status: c.status,
    priority: c.priority,
    channel: c.channel,
    language: c.language,
    customerId: c.customer_id,
    assigneeId: c.assignee_id,
    teamId: c.team_id,
    tags: c.tags,
    customFields: c.custom_fields,
    messageCount: c.message_count,
    sla,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
    lastActivityAt: iso(c.last_activity_at),
    firstResponseAt: iso(c.first_response_at),
    solvedAt: iso(c.solved_at),
    closedAt: iso(c.closed_at),
    // Ownership and routing (domain/routing): transfers so far, links, the customer's mood, the queue.
    transferCount: c.transfer_count,
    recontactOfId: c.recontact_of_id,
    recontact: c.recontact_of_id ? { ofId: c.recontact_of_id, reason: c.recontact_reason, score: c.recontact_score } : null,
    mergedIntoId: c.merged_into_id,
    difficult: c.difficult,
    customerSentiment: c.customer_sentiment,
    keepOnShiftEnd: c.keep_on_shift_end,
    routing: c.routing_queued_at
      ? { queuedAt: iso(c.routing_queued_at), reason: c.routing_queue_reason, skillsFallbackAt: iso(c.routing_fallback_at) }
      : null,
  };
}

export type AttachmentMeta = Pick<Selectable<AttachmentsTable>, 'id' | 'message_id' | 'filename' | 'content_type' | 'size' | 'inline' | 'content_id'>;

export function presentAttachment(a: AttachmentMeta) {
  return { id: a.id, filename: a.filename, contentType: a.content_type, size: a.size, inline: a.inline, contentId: a.content_id };
}

export type MessageRow = Omit<Selectable<MessagesTable>, 'search_vector' | 'search_text' | 'external_id'>;

/** `sentiment`: the analysis of this (inbound) message when the caller already made it (appendMessage). */
export function presentMessage(m: MessageRow, attachments: AttachmentMeta[] = [], sentiment?: Sentiment) {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    seq: m.seq,
    direction: m.direction,
    type: m.type,
    channel: m.channel,
    author: { type: m.author_type, userId: m.author_user_id, customerId: m.customer_id },
    body: m.body,
    bodyFull: m.body_full,
    html: m.html,
    language: m.language,
    createdAt: iso(m.created_at),
    autoSubmitted: m.auto_submitted,
    delivery: m.delivery_status
      ? { status: m.delivery_status, error: m.delivery_error, attempts: m.delivery_attempts, deliveredAt: iso(m.delivered_at) }
      : null,
    attachments: attachments.map(presentAttachment),
    sentiment: m.direction === 'inbound' ? sentimentOf(m.body, m.language, sentiment) : null,
  };
}

function sentimentOf(text: string, language: MessageRow['language'], known: Sentiment | undefined) {
  const s = known ?? analyzeSentiment(text, language);
  return { score: Math.round(s.score * 1000) / 1000, label: s.label, upset: s.upset };
}

export function presentCustomer(
  c: Selectable<CustomersTable>,
  contacts: Array<Selectable<CustomerContactsTable>>,
  organisation: Selectable<OrganisationsTable> | undefined,
) {
  const emails = contacts.filter((x) => x.kind === 'email');
  const primary = emails.find((x) => x.is_primary) ?? emails[0];
  return {
    id: c.id,
    name: c.name,
    email: primary?.value ?? null,
    emails: emails.map((x) => x.value),
    phones: contacts.filter((x) => x.kind === 'phone').map((x) => x.value),
    language: c.language,
    organisation: organisation ? { id: organisation.id, name: organisation.name } : null,
    customAttributes: c.custom_attributes,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
  };
}
