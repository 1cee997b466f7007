import type {
  BusinessHours,
  ChannelOverview,
  Customer,
  CustomerPreferences,
  EmailAddress,
  PreferencesPatch,
  CoachFinding,
  Conversation,
  ConversationEvent,
  ConversationWithMessages,
  CustomerWithTimeline,
  Message,
  AppNotification,
  Page,
  PromiseItem,
  PromiseSuggestions,
  Role,
  SearchHit,
  SlaPolicy,
  SlaPolicyInput,
  SlaPolicyPatch,
  Team,
  User,
} from './types.ts';

/** An error answered by the API: `{error:{code,message}}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Another agent's reply crossed ours (409 with details.code reply_collision): what they wrote. */
export interface CrossingReply {
  id: string;
  seq: number;
  authorUserId: string | null;
  createdAt: string;
  excerpt: string;
}

export function crossingReplies(error: unknown): CrossingReply[] | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const details = error.details as { code?: string; replies?: CrossingReply[] } | undefined;
  return details?.code === 'reply_collision' && Array.isArray(details.replies) ? details.replies : null;
}

export interface ConversationQuery {
  status?: readonly string[];
  priority?: readonly string[];
  channel?: readonly string[];
  assigneeId?: string;
  teamId?: string;
  customerId?: string;
  /** The server-side SLA view: conversations with a breached target, or at risk (breached, warned or due soon). */
  sla?: 'breached' | 'at_risk';
  /** One conversation by its number. */
  number?: number;
  limit?: number;
  cursor?: string | null;
}

export function conversationQueryString(query: ConversationQuery): string {
  const params = new URLSearchParams();
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.priority?.length) params.set('priority', query.priority.join(','));
  if (query.channel?.length) params.set('channel', query.channel.join(','));
  if (query.assigneeId) params.set('assigneeId', query.assigneeId);
  if (query.teamId) params.set('teamId', query.teamId);
  if (query.customerId) params.set('customerId', query.customerId);
  if (query.sla) params.set('sla', query.sla);
  if (query.number !== undefined) params.set('number', String(query.number));
  if (query.limit) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  return params.toString();
}

/** The HTTP API with the agent's bearer token. A 401 means the session ended: `onUnauthorized` logs out. */
export class Api {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  private async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: signal ?? null });
    if (res.status === 401) this.onUnauthorized();
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`, error?.details);
    }
    return parsed as T;
  }

  me = () => this.request<User>('GET', '/me');
  logout = () => this.request<void>('POST', '/auth/logout');
  users = () => this.request<{ items: User[] }>('GET', '/users');
  createUser = (body: { email: string; name: string; role: Role; password?: string; languages?: string[] }) => this.request<User>('POST', '/users', body);
  teams = () => this.request<{ items: Team[] }>('GET', '/teams');
  createTeam = (body: { name: string; memberIds: string[]; routing: Team['routing']; businessHoursId?: string }) => this.request<Team>('POST', '/teams', body);
  businessHours = () => this.request<{ items: BusinessHours[] }>('GET', '/business-hours');
  createBusinessHours = (body: { name: string; timezone: string; country?: string; weekly: Record<string, string[][]>; closedDates?: string[] }) =>
    this.request<BusinessHours>('POST', '/business-hours', body);

  slaPolicies = () => this.request<{ items: SlaPolicy[] }>('GET', '/sla-policies');
  createSlaPolicy = (body: SlaPolicyInput) => this.request<SlaPolicy>('POST', '/sla-policies', body);
  updateSlaPolicy = (id: string, body: Partial<SlaPolicyInput> & { enabled?: boolean }) => this.request<SlaPolicy>('PATCH', `/sla-policies/${id}`, body);
  notifications = (query: { unread?: boolean; limit?: number } = {}, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    if (query.unread) params.set('unread', 'true');
    if (query.limit) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.request<{ items: AppNotification[] }>('GET', `/notifications${qs ? `?${qs}` : ''}`, undefined, signal);
  };
  markNotificationRead = (id: string) => this.request<AppNotification>('POST', `/notifications/${id}/read`);

  conversations = (query: ConversationQuery, signal?: AbortSignal) => this.request<Page<Conversation>>('GET', `/conversations?${conversationQueryString(query)}`, undefined, signal);
  conversation = (id: string, signal?: AbortSignal) => this.request<ConversationWithMessages>('GET', `/conversations/${id}`, undefined, signal);
  events = (id: string, signal?: AbortSignal) => this.request<{ items: ConversationEvent[] }>('GET', `/conversations/${id}/events`, undefined, signal);
  updateConversation = (id: string, body: Partial<Pick<Conversation, 'status' | 'assigneeId' | 'teamId' | 'priority' | 'tags'>>) =>
    this.request<Conversation>('PATCH', `/conversations/${id}`, body);
  /** `expectedLastSeq`: the last message the agent saw; a reply crossing a colleague's since is refused unless `force`. */
  /** `coach.shown`: the coach rules the composer displayed on drafts of this reply (their outcome is recorded). */
  /** `promises`: what this reply promises the customer, recorded with it. */
  postMessage = (
    id: string,
    body: { type: 'reply' | 'note'; body: string; expectedLastSeq?: number; force?: boolean; coach?: { shown: string[] }; promises?: Array<{ description: string; dueAt: string }> },
  ) =>
    this.request<Message>('POST', `/conversations/${id}/messages`, body);
  /** The agent has seen the conversation up to its latest activity (read state is kept per user on the server). */
  markRead = (id: string) => this.request<{ conversationId: string; seenActivityAt: string; unread: false }>('POST', `/conversations/${id}/read`);
  /** Hand over to an agent or a team; the note is required (400 without one). */
  transfer = (id: string, body: { toUserId?: string; toTeamId?: string; note: string }) => this.request<Conversation>('POST', `/conversations/${id}/transfer`, body);
  /** Merge this conversation into `intoId`; answers the surviving conversation. */
  merge = (id: string, body: { intoId: string; allowDifferentCustomer?: boolean }) => this.request<ConversationWithMessages>('POST', `/conversations/${id}/merge`, body);
  /** Link this conversation as a recontact of an earlier one of the same customer (supervisor; reason `manual`). */
  linkRecontact = (id: string, recontactOfId: string) => this.request<Conversation>('PUT', `/conversations/${id}/recontact`, { recontactOfId });
  /** Remove a recontact link, judged or manual (supervisor): not the same matter. */
  unlinkRecontact = (id: string) => this.request<Conversation>('DELETE', `/conversations/${id}/recontact`);
  /** Split the given messages off into a new conversation; answers it. */
  split = (id: string, body: { messageIds: string[]; subject?: string }) => this.request<ConversationWithMessages>('POST', `/conversations/${id}/split`, body);
  /** Save the edit form of an existing SLA policy. */
  editSlaPolicy = (id: string, body: SlaPolicyPatch) => this.request<SlaPolicy>('PATCH', `/sla-policies/${id}`, body);
  /** Place an SLA policy at `toIndex` of the matching order; answers the whole list. */
  moveSlaPolicy = (id: string, toIndex: number) => this.request<{ items: SlaPolicy[] }>('POST', `/sla-policies/${id}/move`, { toIndex });
  /** Only a policy that never timed a conversation can be deleted (409 otherwise: deactivate it). */
  deleteSlaPolicy = (id: string) => this.request<void>('DELETE', `/sla-policies/${id}`);
  promises = (id: string, signal?: AbortSignal) => this.request<{ items: PromiseItem[] }>('GET', `/conversations/${id}/promises`, undefined, signal);
  createPromise = (id: string, body: { description: string; dueAt: string }) => this.request<PromiseItem>('POST', `/conversations/${id}/promises`, body);
  resolvePromise = (id: string, status: 'kept' | 'cancelled') => this.request<PromiseItem>('PATCH', `/promises/${id}`, { status });
  promiseSuggestions = (id: string, body: { body: string; language?: string }, signal?: AbortSignal) =>
    this.request<PromiseSuggestions>('POST', `/conversations/${id}/promise-suggestions`, body, signal);
  customer = (id: string, signal?: AbortSignal) => this.request<CustomerWithTimeline>('GET', `/customers/${id}`, undefined, signal);
  updateCustomerPreferences = (id: string, preferences: PreferencesPatch) => this.request<Customer & { preferences: CustomerPreferences }>('PATCH', `/customers/${id}`, { preferences });
  channels = () => this.request<ChannelOverview>('GET', '/channels');
  emailAddresses = () => this.request<{ items: EmailAddress[] }>('GET', '/email-addresses');
  createEmailAddress = (body: { address: string; displayName?: string; isDefault?: boolean; teamId?: string }) => this.request<EmailAddress>('POST', '/email-addresses', body);
  updateEmailAddress = (id: string, body: { displayName?: string | null; isDefault?: true; teamId?: string | null }) => this.request<EmailAddress>('PATCH', `/email-addresses/${id}`, body);
  deleteEmailAddress = (id: string) => this.request<void>('DELETE', `/email-addresses/${id}`);
  search = (q: string, signal?: AbortSignal) => this.request<{ items: SearchHit[] }>('GET', `/search?${new URLSearchParams({ q, limit: '50' }).toString()}`, undefined, signal);
  coachReview = (body: { draft: string; customerMessage?: string; language?: string; uiLanguage?: string }, signal?: AbortSignal) =>
    this.request<{ language: string; findings: CoachFinding[] }>('POST', '/coach/review', body, signal);

  /** Attachments need the bearer token, so they are fetched and handed to the browser as blob URLs. */
  async attachmentBlob(id: string): Promise<Blob> {
    const res = await fetch(`/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (res.status === 401) this.onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, 'http_error', `HTTP ${res.status}`);
    return res.blob();
  }
}

export async function login(email: string, password: string): Promise<{ token: string; user: User }> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json().catch(() => null)) as { token?: string; user?: User; error?: { code: string; message: string } } | null;
  if (!res.ok || !body?.token || !body.user) throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
  return { token: body.token, user: body.user };
}
