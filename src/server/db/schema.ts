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
  /** Routing (migration 008): only online agents receive work. */
  presence: Generated<Presence>;
  presence_changed_at: NullableTimestamp;
}

export const PRESENCES = ['online', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

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
  /** Minutes a conversation waits for an agent with the skills it needs before any member may take it. */
  skills_fallback_minutes: Generated<number>;
  /** Route a customer's new conversation to their previous owner when that agent is available. */
  sticky_owner: Generated<boolean>;
  /** Moves (by triggers, migration 016) whenever the team's routing roster changes: options, members, their profiles or shifts. */
  roster_version: Generated<string>;
}

export interface TeamMembersTable {
  account_id: string;
  team_id: string;
  user_id: string;
  created_at: Generated<Date>;
  /** The round-robin rotation: sequence number of the last conversation this team routed to the member (0 never). */
  last_routed_seq: Generated<number>;
}

/**
 * An agent's load (migration 012): their unsolved conversations per channel kind and the difficult ones among them,
 * kept by triggers on conversations — never written by the application.
 */
export interface AgentLoadsTable {
  account_id: string;
  user_id: string;
  email: Generated<number>;
  chat: Generated<number>;
  difficult: Generated<number>;
  /** Kept from users by triggers (migration 017): active and online, capacity per channel kind (-1 = no limit). */
  online: Generated<boolean>;
  cap_email: Generated<number>;
  cap_chat: Generated<number>;
}

/** Load taken away from an agent and not yet folded into agent_loads (migration 012; ≤ 0 each, no lock taken). */
export interface AgentLoadReleasesTable {
  account_id: string;
  user_id: string;
  email: Generated<number>;
  chat: Generated<number>;
  difficult: Generated<number>;
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
  /** Ownership and routing (migration 008). */
  transfer_count: Generated<number>;
  recontact_of_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why it was judged a recontact, and the similarity score (migration 015, routing/recontact-match.ts). */
  recontact_reason: ColumnType<RecontactReasonColumn | null, RecontactReasonColumn | null | undefined, RecontactReasonColumn | null>;
  recontact_score: ColumnType<number | null, number | null | undefined, number | null>;
  merged_into_id: ColumnType<string | null, string | null | undefined, string | null>;
  customer_sentiment: ColumnType<number | null, number | null | undefined, number | null>;
  difficult: Generated<boolean>;
  keep_on_shift_end: Generated<boolean>;
  routing_queued_at: NullableTimestamp;
  routing_fallback_at: NullableTimestamp;
  routing_queue_reason: ColumnType<RoutingQueueReason | null, RoutingQueueReason | null | undefined, RoutingQueueReason | null>;
}

export type RoutingQueueReason = 'nobody_available' | 'at_capacity' | 'skills_wait';
export type RecontactReasonColumn = 'reference' | 'similar' | 'tags' | 'unjudged' | 'manual';

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
  /** New email conversations to this address belong to this team (and are routed by it). Migration 008. */
  team_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  agent_loads: AgentLoadsTable;
  agent_load_releases: AgentLoadReleasesTable;
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
  coach_outcomes: CoachOutcomesTable;
  customer_preferences: CustomerPreferencesTable;
  agent_shifts: AgentShiftsTable;
  assignments: AssignmentsTable;
  handovers: HandoversTable;
  break_suggestions: BreakSuggestionsTable;
  routing_settings: RoutingSettingsTable;
  feedback_settings: FeedbackSettingsTable;
  surveys: SurveysTable;
  recovery_cases: RecoveryCasesTable;
  discretion_budgets: DiscretionBudgetsTable;
  gestures: GesturesTable;
  customer_purchases: CustomerPurchasesTable;
  customer_signals: CustomerSignalsTable;
  customer_lifecycle: CustomerLifecycleTable;
  customer_dates: CustomerDatesTable;
  conversation_reads: ConversationReadsTable;
}

/** What each agent has seen of a conversation (migration 014): unread = activity after seen_activity_at. */
export interface ConversationReadsTable {
  account_id: string;
  user_id: string;
  conversation_id: string;
  seen_activity_at: Timestamp;
  read_at: Generated<Date>;
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

export type NotificationKind = 'sla_warning' | 'sla_breach' | 'promise_reminder' | 'promise_missed' | 'assigned' | 'break_suggested' | 'handover'
  | FeedbackNotificationKind;

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

// ---------------------------------------------------------------------------------------------------------
// Ownership and routing (migration 008)

export interface AgentShiftsTable {
  account_id: string;
  user_id: string;
  timezone: string;
  weekly: Json<Record<string, Array<[string, string]>>>;
  next_start_at: NullableTimestamp;
  next_end_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export const ASSIGNMENT_REASONS = ['round_robin', 'least_load', 'sticky', 'manual', 'transfer'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];
/** sla_breach: an SLA policy's breach action reassign (migration 015). */
export type AssignmentTrigger = 'created' | 'reopened' | 'queue' | 'skills_fallback' | 'transfer' | 'shift_end' | 'team_changed' | 'manual' | 'sla_breach';

export interface AssignmentsTable {
  id: Generated<string>;
  account_id: string;
  conversation_id: string;
  user_id: string;
  team_id: string | null;
  reason: AssignmentReason;
  trigger: AssignmentTrigger;
  skills_matched: Generated<boolean>;
  assigned_at: Timestamp;
  difficult_since: NullableTimestamp;
  created_at: Generated<Date>;
}

export type HandoverKind = 'transfer' | 'shift_end' | 'shift_keep';

export interface HandoversTable {
  id: Generated<string>;
  account_id: string;
  conversation_id: string;
  kind: HandoverKind;
  from_user_id: string | null;
  to_user_id: string | null;
  to_team_id: string | null;
  note: string;
  message_id: string | null;
  summary: Json<Record<string, unknown>>;
  actor_type: ActorType;
  actor_id: string | null;
  at: Timestamp;
  acknowledged_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface BreakSuggestionsTable {
  id: Generated<string>;
  account_id: string;
  user_id: string;
  difficult_count: number;
  window_minutes: number;
  suggested_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
  created_at: Generated<Date>;
}

export interface RoutingSettingsTable {
  account_id: string;
  difficult_score: Generated<number>;
  difficult_weight: Generated<number>;
  break_after: Generated<number>;
  break_window_minutes: Generated<number>;
  sticky_days: Generated<number>;
  updated_at: Generated<Date>;
}

// ---------------------------------------------------------------------------------------------------------
// Feedback and recovery (migration 009)

export type FeedbackNotificationKind = 'recovery_case' | 'recovery_overdue' | 'recovery_follow_up' | 'gesture_approval' | 'gesture_decided' | 'date_reminder';

export interface FeedbackSettingsTable {
  account_id: string;
  surveys_enabled: Generated<boolean>;
  survey_delay_minutes: Generated<number>;
  survey_expiry_days: Generated<number>;
  ask_nps: Generated<boolean>;
  ask_ces: Generated<boolean>;
  recovery_due_minutes: Generated<number>;
  follow_up_delay_minutes: Generated<number>;
  complaint_tag: Generated<string>;
  negative_message_cases: Generated<boolean>;
  new_days: Generated<number>;
  at_risk_days: Generated<number>;
  lost_after_days: Generated<number>;
  retention_days: Generated<number>;
  link_key: Uint8Array;
  updated_at: Generated<Date>;
}

export interface SurveysTable {
  id: string;
  account_id: string;
  conversation_id: string;
  customer_id: string;
  agent_id: string | null;
  team_id: string | null;
  channel: Channel;
  language: Language;
  token_hash: string;
  solved_at: Timestamp;
  send_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  message_id: string | null;
  expires_at: Timestamp;
  score: number | null;
  nps: number | null;
  ces: number | null;
  comment: string | null;
  answered_at: NullableTimestamp;
  answered_via: 'page' | 'api' | null;
  created_at: Generated<Date>;
}

export const RECOVERY_STATUSES = ['open', 'fixed', 'gesture_offered', 'following_up', 'recovered', 'not_recovered'] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];
export const RECOVERY_REASONS = ['bad_rating', 'complaint', 'negative_message', 'manual'] as const;
export type RecoveryReason = (typeof RECOVERY_REASONS)[number];
export type CameBackVia = 'conversation' | 'voucher' | 'purchase';

export interface RecoveryCasesTable {
  id: Generated<string>;
  account_id: string;
  conversation_id: string;
  customer_id: string;
  owner_id: string | null;
  reason: RecoveryReason;
  status: Generated<RecoveryStatus>;
  survey_id: string | null;
  note: string | null;
  opened_at: Timestamp;
  due_at: Timestamp;
  escalated_at: NullableTimestamp;
  fixed_at: NullableTimestamp;
  follow_up_at: NullableTimestamp;
  follow_up_sent_at: NullableTimestamp;
  follow_up_message_id: string | null;
  closed_at: NullableTimestamp;
  closed_by: string | null;
  came_back_at: NullableTimestamp;
  came_back_via: CameBackVia | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DiscretionBudgetsTable {
  account_id: string;
  user_id: string;
  per_case: number;
  monthly: number;
  currency: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export const GESTURE_TYPES = ['refund', 'voucher', 'upgrade', 'gift'] as const;
export type GestureType = (typeof GESTURE_TYPES)[number];
export type GestureStatus = 'granted' | 'pending_approval' | 'declined';

export interface GesturesTable {
  id: Generated<string>;
  account_id: string;
  case_id: string;
  customer_id: string;
  type: GestureType;
  value: number;
  currency: string;
  description: string | null;
  status: GestureStatus;
  requested_by_type: 'user' | 'api_token' | 'system';
  requested_by: string | null;
  requested_at: Timestamp;
  within_discretion: Generated<boolean>;
  /** 'YYYY-MM': the UTC month a gesture granted within discretion counts in. */
  budget_month: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  granted_at: NullableTimestamp;
  voucher_code: string | null;
  voucher_redeemed_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface CustomerPurchasesTable {
  id: Generated<string>;
  account_id: string;
  customer_id: string;
  amount: number | null;
  currency: string | null;
  reference: string | null;
  occurred_at: Timestamp;
  created_at: Generated<Date>;
}

export interface CustomerSignalsTable {
  id: Generated<string>;
  account_id: string;
  customer_id: string;
  conversation_id: string | null;
  message_id: string | null;
  kind: 'negative_message';
  score: number;
  upset: Generated<boolean>;
  at: Timestamp;
  created_at: Generated<Date>;
}

export const LIFECYCLE_SEGMENTS = ['new', 'active', 'at_risk', 'dissatisfied', 'recovered', 'lost'] as const;
export type LifecycleSegment = (typeof LIFECYCLE_SEGMENTS)[number];

export interface CustomerLifecycleTable {
  account_id: string;
  customer_id: string;
  segment: Generated<LifecycleSegment>;
  segment_since: Timestamp;
  first_contact_at: NullableTimestamp;
  last_contact_at: NullableTimestamp;
  next_check_at: NullableTimestamp;
  updated_at: Generated<Date>;
}

export const CUSTOMER_DATE_KINDS = ['birthday', 'name_day', 'contract_renewal', 'custom'] as const;
export type CustomerDateKind = (typeof CUSTOMER_DATE_KINDS)[number];

export interface CustomerDatesTable {
  id: Generated<string>;
  account_id: string;
  customer_id: string;
  kind: CustomerDateKind;
  label: string | null;
  month: number;
  day: number;
  year: number | null;
  recurring: boolean;
  owner_id: string | null;
  remind_days_before: Generated<number>;
  /** 'YYYY-MM-DD' of the next occurrence (null once a one-off date has passed). */
  next_occurrence: string | null;
  remind_at: NullableTimestamp;
  last_reminded_at: NullableTimestamp;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface CoachOutcomesTable {
  id: Generated<string>;
  account_id: string;
  message_id: string;
  conversation_id: string;
  user_id: string | null;
  rule: string;
  outcome: 'accepted' | 'ignored' | 'unreviewed';
  language: string;
  created_at: Generated<Date>;
}

/** How a customer wants to be served (migration 013); their language is `customers.language`. */
export interface CustomerPreferencesTable {
  account_id: string;
  customer_id: string;
  channel: 'email' | 'chat' | 'portal' | 'phone' | null;
  timezone: string | null;
  /** Weekly local windows in `timezone`, the business-hours format: {"mon":[["08:00","12:00"]]}. */
  contact_hours: ColumnType<Record<string, Array<[string, string]>> | null, string | null, string | null>;
  address_form: 'formal' | 'informal' | null;
  preferred_name: string | null;
  updated_at: ColumnType<Date, string | undefined, string | undefined>;
}
