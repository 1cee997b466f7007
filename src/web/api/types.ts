/** The API shapes the workspace reads (see src/server/http/schemas.ts and the OpenAPI document). */

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CHANNELS = ['api', 'email', 'chat', 'portal', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
export const ROLES = ['admin', 'supervisor', 'agent'] as const;
export type Role = (typeof ROLES)[number];
/** Statuses that still need work: everything before solved. */
export const UNSOLVED: readonly Status[] = ['new', 'open', 'pending', 'on_hold'];

export interface User {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: Role;
  languages: string[];
  skills: string[];
  uiLanguage: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Team {
  id: string;
  name: string;
  routing: 'round_robin' | 'least_load' | 'manual';
  memberIds: string[];
  businessHoursId: string | null;
  createdAt: string;
}

export interface SlaClock {
  /** Null once the clock stopped (met or cancelled). */
  dueAt: string | null;
  breached: boolean;
  paused: boolean;
  remainingMinutes: number | null;
  /** When the target was met; such a clock no longer runs. */
  fulfilledAt?: string | null;
  targetMinutes?: number;
  warned?: boolean;
}

export interface SlaState {
  policyId: string;
  firstResponse?: SlaClock | null;
  nextResponse?: SlaClock | null;
  resolution?: SlaClock | null;
}

export interface CustomerSummary {
  id: string;
  name: string | null;
  email: string | null;
}

export interface Conversation {
  id: string;
  number: number;
  subject: string;
  status: Status;
  priority: Priority;
  channel: Channel;
  language: string;
  customerId: string;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  messageCount: number;
  sla: SlaState | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  /** Present on list items (GET /conversations); absent on realtime payloads and single reads. */
  customer?: CustomerSummary | null;
  /** The requesting agent has not seen its latest activity (list items and single reads; absent on realtime payloads). */
  unread?: boolean;
  /** Transfers so far (each with a handover note). */
  transferCount?: number;
  /** Set once merged into another conversation. */
  mergedIntoId?: string | null;
  /** The latest handover note, on single reads (GET /conversations/:id): the receiver reads it first. */
  handover?: Handover | null;
  /** The earlier conversation this one is a recontact of (the customer came back about the same matter), and why. */
  recontact?: { ofId: string; reason: RecontactReason | null; score: number | null } | null;
}

/** Why a conversation counts as a recontact: judged at creation (reference, similar, tags, unjudged) or linked by hand. */
export type RecontactReason = 'reference' | 'similar' | 'tags' | 'unjudged' | 'manual';

export interface Handover {
  id: string;
  kind: string;
  note: string;
  fromUserId: string | null;
  toUserId: string | null;
  toTeamId?: string | null;
  /** The internal note that carries the handover text. */
  messageId?: string | null;
  at: string;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  contentId: string | null;
}

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'bounced';

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  type: 'message' | 'note';
  channel: Channel;
  author: { type: 'customer' | 'user' | 'api_token' | 'system'; userId: string | null; customerId: string | null };
  body: string;
  bodyFull?: string;
  html: string | null;
  language: string;
  createdAt: string;
  autoSubmitted: boolean;
  delivery: { status: DeliveryStatus; error: string | null; attempts: number; deliveredAt: string | null } | null;
  attachments: Attachment[];
}

export interface ConversationWithMessages extends Conversation {
  messages: Message[];
}

export interface ConversationEvent {
  id: number;
  type: string;
  actor: { type: string; id: string | null };
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Customer {
  id: string;
  name: string | null;
  email: string | null;
  emails: string[];
  phones: string[];
  language: string | null;
  organisation: { id: string; name: string } | null;
  customAttributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineConversation {
  id: string;
  number: number;
  subject: string;
  status: Status;
  channel: Channel;
  createdAt: string;
  lastActivityAt: string;
}

export type TimelineEntry =
  | { kind: 'conversation'; at: string; conversation: TimelineConversation }
  | { kind: 'message'; at: string; conversationId: string; conversationNumber: number; message: Message };

export interface CustomerWithTimeline extends Customer {
  conversations: TimelineConversation[];
  timeline: TimelineEntry[];
  preferences?: CustomerPreferences;
}

/** How the customer wants to be served (GET/PATCH /customers/:id); `contactHours` are local windows in `timezone`. */
export interface CustomerPreferences {
  language: string | null;
  channel: 'email' | 'chat' | 'portal' | 'phone' | null;
  timezone: string | null;
  contactHours: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<[string, string]>>> | null;
  address: 'formal' | 'informal' | null;
  preferredName: string | null;
  updatedAt: string | null;
}
export type PreferencesPatch = Partial<Omit<CustomerPreferences, 'updatedAt'>>;

export interface EmailAddress {
  id: string;
  address: string;
  displayName: string | null;
  isDefault: boolean;
  teamId: string | null;
  createdAt: string;
}

export interface ChannelOverview {
  items: Array<{ channel: Channel; status: 'active' | 'needs_setup' | 'api_only'; conversations30d: number; lastConversationAt: string | null }>;
  email: { addresses: number; smtpIngress: boolean; imapMailboxes: number; outboundRelay: boolean };
}

export interface SearchHit {
  kind: 'conversation' | 'message';
  score: number;
  conversationId: string;
  messageId: string | null;
  snippet: string;
  conversation: Conversation;
}

export interface PromiseItem {
  id: string;
  conversationId: string;
  description: string;
  dueAt: string;
  ownerId: string | null;
  status: 'open' | 'kept' | 'missed' | 'cancelled';
  createdAt: string;
  resolvedAt: string | null;
}

export interface CoachFinding {
  rule: string;
  message: string;
  start: number;
  end: number;
  suggestion?: string;
  messageKey?: string;
}

export interface BusinessHours {
  id: string;
  name: string;
  timezone: string;
  country: string | null;
  weekly: Record<string, string[][]>;
  closedDates: string[];
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One event of the WebSocket feed. */
export interface RealtimeEvent {
  seq: number;
  type: string;
  eventId: number;
  conversationId: string | null;
  customerId: string | null;
  actor: { type: string; id: string | null };
  data: Record<string, unknown>;
}

export const PAUSE_STATUSES = ['pending', 'on_hold'] as const;
export type PauseStatus = (typeof PAUSE_STATUSES)[number];

export type BreachAction = { type: 'raise_priority' } | { type: 'notify_supervisors' } | { type: 'reassign'; teamId?: string; userId?: string };

export interface SlaConditions {
  priority?: Priority[];
  channel?: Channel[];
  teamId?: string[];
  tags?: string[];
}

export interface SlaTargets {
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

export interface SlaPolicy {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  /** As stored: each condition may be one value or a list. */
  conditions: Record<string, unknown>;
  targets: SlaTargets;
  businessHoursId: string | null;
  calendarTime: boolean;
  pauseOn: string[];
  warnAtPercent: number;
  noticeAtPercent: number | null;
  breachActions: Array<Record<string, unknown>>;
  createdAt: string;
  updatedAt: string;
}

export interface SlaPolicyInput {
  name: string;
  conditions?: SlaConditions;
  targets: { firstResponseMinutes?: number; nextResponseMinutes?: number; resolutionMinutes?: number };
  businessHoursId?: string;
  calendarTime?: boolean;
  pauseOn?: PauseStatus[];
  warnAtPercent?: number;
  noticeAtPercent?: number | null;
  breachActions?: BreachAction[];
}

/** PATCH /sla-policies/:id from the edit form: every field stated, so clearing one clears it on the server. */
export interface SlaPolicyPatch extends Omit<SlaPolicyInput, 'businessHoursId' | 'conditions'> {
  conditions: SlaConditions;
  businessHoursId: string | null;
  calendarTime: boolean;
  noticeAtPercent: number | null;
  breachActions: BreachAction[];
}

/** A promise the draft reply makes, found by the server (start/end: where in the draft). */
export interface PromiseSuggestion {
  description: string;
  dueAt: string;
  kind: string;
  text: string;
  start: number;
  end: number;
}

export interface PromiseSuggestions {
  language: string;
  timeZone: string;
  items: PromiseSuggestion[];
}

export interface AppNotification {
  id: string;
  userId?: string;
  kind: string;
  conversationId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}
