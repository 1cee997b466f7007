import type { ColumnType, Generated } from 'kysely';

/** Row types as Kysely sees them. Timestamps come back as Date from both PGlite and node-postgres. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export const LANGUAGES = ['en', 'sv', 'pl', 'sl', 'bg', 'eo'] as const;
export type Language = (typeof LANGUAGES)[number];
export type DetectedLanguage = Language | 'und';
export const ROLES = ['admin', 'supervisor', 'agent'] as const;
export type Role = (typeof ROLES)[number];
export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type ConversationStatus = (typeof STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CHANNELS = ['api', 'email', 'chat', 'portal', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
export type ActorType = 'user' | 'api_token' | 'customer' | 'system';

export interface AccountsTable {
  id: Generated<string>;
  account_id: ColumnType<string, never, never>;
  name: string;
  default_language: Generated<Language>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  account_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  languages: Generated<string[]>;
  skills: Generated<string[]>;
  capacity: Json<{ email?: number; chat?: number }>;
  ui_language: Generated<Language>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AuthTokensTable {
  id: Generated<string>;
  account_id: string;
  kind: 'session' | 'api';
  user_id: string | null;
  role: Role;
  name: string | null;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface TeamsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  routing: Generated<'round_robin' | 'least_load' | 'manual'>;
  business_hours_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TeamMembersTable {
  account_id: string;
  team_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface OrganisationsTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  domains: Generated<string[]>;
  custom_attributes: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CustomersTable {
  id: Generated<string>;
  account_id: string;
  name: string | null;
  language: Language | null;
  organisation_id: string | null;
  custom_attributes: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CustomerContactsTable {
  id: Generated<string>;
  account_id: string;
  customer_id: string;
  kind: 'email' | 'phone';
  value: string;
  normalized: string;
  is_primary: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ConversationsTable {
  id: Generated<string>;
  account_id: string;
  number: number;
  subject: string;
  status: Generated<ConversationStatus>;
  priority: Generated<Priority>;
  channel: Channel;
  language: Generated<DetectedLanguage>;
  customer_id: string;
  assignee_id: string | null;
  team_id: string | null;
  tags: Generated<string[]>;
  custom_fields: Json<Record<string, unknown>>;
  message_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_activity_at: Timestamp;
  first_response_at: NullableTimestamp;
  solved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  account_id: string;
  conversation_id: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  type: 'message' | 'note';
  channel: Channel;
  author_type: ActorType;
  author_user_id: string | null;
  customer_id: string | null;
  body: string;
  body_full: string;
  html: string | null;
  language: DetectedLanguage;
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  search_text: string;
  search_vector: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  delivery_status: ColumnType<DeliveryStatus | null, DeliveryStatus | null | undefined, DeliveryStatus | null>;
  delivery_error: ColumnType<string | null, string | null | undefined, string | null>;
  delivery_attempts: Generated<number>;
  delivered_at: NullableTimestamp;
  auto_submitted: Generated<boolean>;
}

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'bounced';

export interface EmailAddressesTable {
  id: Generated<string>;
  account_id: string;
  address: string;
  display_name: string | null;
  is_default: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface AttachmentsTable {
  id: Generated<string>;
  account_id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage: 'disk' | 'db';
  data: Uint8Array | null;
  content_id: string | null;
  inline: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface EventsTable {
  id: Generated<number>;
  account_id: string;
  type: string;
  actor_type: ActorType;
  actor_id: string | null;
  conversation_id: string | null;
  customer_id: string | null;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export interface OutboxTable {
  id: Generated<number>;
  account_id: string;
  event_id: number;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  dispatched_at: NullableTimestamp;
  delivery_seq: number | null;
}

export interface OutboxStateTable {
  id: number;
  account_id: string | null;
  last_seq: number;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  auth_tokens: AuthTokensTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  organisations: OrganisationsTable;
  customers: CustomersTable;
  customer_contacts: CustomerContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  events: EventsTable;
  outbox: OutboxTable;
  outbox_state: OutboxStateTable;
  email_addresses: EmailAddressesTable;
  business_hours: BusinessHoursTable;
  promises: PromisesTable;
  sla_policies: SlaPoliciesTable;
  sla_clocks: SlaClocksTable;
  notifications: NotificationsTable;
}

export type PromiseStatus = 'open' | 'kept' | 'missed' | 'cancelled';

export interface PromisesTable {
  id: Generated<string>;
  account_id: string;
  conversation_id: string;
  description: string;
  due_at: Timestamp;
  owner_id: string | null;
  status: Generated<PromiseStatus>;
  created_by_type: ActorType;
  created_by_id: string | null;
  created_at: Generated<Date>;
  resolved_at: NullableTimestamp;
  remind_at: NullableTimestamp;
  notice_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  noticed_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  last_agent_reply_at: NullableTimestamp;
  /** When the promise was made, by the service clock (created_at is the database's clock). */
  recorded_at: NullableTimestamp;
  source_message_id: string | null;
}

export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export interface SlaConditions {
  priority?: Priority[];
  channel?: Channel[];
  teamId?: string[];
  organisationId?: string[];
  tags?: string[];
}

export type BreachAction =
  | { type: 'raise_priority' }
  | { type: 'notify_supervisors' }
  | { type: 'reassign'; teamId?: string | undefined; userId?: string | undefined };

export interface SlaPoliciesTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  position: Generated<number>;
  enabled: Generated<boolean>;
  conditions: Json<SlaConditions>;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours_id: string | null;
  calendar_time: Generated<boolean>;
  pause_on: Generated<string[]>;
  warn_at_percent: Generated<number>;
  notice_at_percent: number | null;
  breach_actions: Json<BreachAction[]>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SlaClocksTable {
  id: Generated<string>;
  account_id: string;
  conversation_id: string;
  policy_id: string;
  metric: SlaMetric;
  target_minutes: number;
  business_hours_id: string | null;
  started_at: Timestamp;
  segment_started_at: NullableTimestamp;
  consumed_minutes: Generated<number>;
  paused: Generated<boolean>;
  due_at: NullableTimestamp;
  warn_at: NullableTimestamp;
  notice_at: NullableTimestamp;
  warned_at: NullableTimestamp;
  noticed_at: NullableTimestamp;
  breached_at: NullableTimestamp;
  fulfilled_at: NullableTimestamp;
  fulfilled_by: 'reply' | 'solved' | null;
  cancelled_at: NullableTimestamp;
  last_agent_reply_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export type NotificationKind = 'sla_warning' | 'sla_breach' | 'promise_reminder' | 'promise_missed' | 'assigned';

export interface NotificationsTable {
  id: Generated<string>;
  account_id: string;
  user_id: string;
  kind: NotificationKind;
  conversation_id: string | null;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  read_at: NullableTimestamp;
}

export interface BusinessHoursTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  timezone: string;
  country: string | null;
  weekly: Json<Record<string, Array<[string, string]>>>;
  closed_dates: Generated<string[]>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
