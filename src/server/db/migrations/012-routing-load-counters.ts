import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';

/**
 * Per-agent load counters for routing: an agent's unsolved conversations per channel kind (email = api, email,
 * portal; chat = chat, phone) and how many of them are difficult, kept up to date by the database. Triggers on
 * `conversations` apply every change of owner, status, channel or difficulty — whatever code path makes it
 * (creation, routing, PATCH, transfer, merge, split, shift end, solve and reopen, the SLA reassign action, SQL by
 * hand) — so a routing decision reads 200 counters instead of counting 200 agents' conversations.
 *
 * An agent's load is their agent_loads row plus their agent_load_releases rows:
 * - What adds to a load (a conversation assigned, reopened, turned difficult, moved to another channel kind)
 *   updates the agent_loads row — under its row lock, the lock routing takes (SKIP LOCKED) to give the agent work,
 *   so capacity is checked against an exact figure — and folds the agent's pending releases into it.
 * - What only takes away (solved, closed, merged, unassigned, handed to someone else) inserts a release row and
 *   takes no lock (no foreign key either: a key-share lock would conflict with routing's row lock).
 * So a transfer or a handover locks at most one agent's row (the receiver's); a change that touches two agents in
 * one statement (A→B) locks only B's. Two transactions moving conversations in opposite directions between the same
 * two agents each lock one row and never wait on each other. The routing engine takes rows with SKIP LOCKED and
 * waits only when every agent with room is busy — briefly, in a savepoint, giving up before the deadlock timeout.
 * The routing sweep folds releases of agents who got no work for a while (routing-runner.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agent_loads (
      account_id uuid NOT NULL,
      user_id uuid NOT NULL,
      email integer NOT NULL DEFAULT 0,
      chat integer NOT NULL DEFAULT 0,
      difficult integer NOT NULL DEFAULT 0,
      PRIMARY KEY (account_id, user_id),
      FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE
    )`.execute(db);
  // Negative deltas not yet folded into agent_loads (append-only; folded under the agent_loads row lock).
  await sql`
    CREATE TABLE agent_load_releases (
      account_id uuid NOT NULL,
      user_id uuid NOT NULL,
      email integer NOT NULL DEFAULT 0 CHECK (email <= 0),
      chat integer NOT NULL DEFAULT 0 CHECK (chat <= 0),
      difficult integer NOT NULL DEFAULT 0 CHECK (difficult <= 0)
    )`.execute(db);
  await sql`CREATE INDEX agent_load_releases_user ON agent_load_releases (account_id, user_id)`.execute(db);

  // Applies one agent's delta: a release row when it only takes away, else the counter row (locked) with whatever
  // was released meanwhile folded in.
  await sql`
    CREATE FUNCTION servisto_agent_load_add(p_account uuid, p_user uuid, p_email integer, p_chat integer, p_difficult integer)
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF p_email <= 0 AND p_chat <= 0 AND p_difficult <= 0 THEN
        INSERT INTO agent_load_releases (account_id, user_id, email, chat, difficult) VALUES (p_account, p_user, p_email, p_chat, p_difficult);
        RETURN;
      END IF;
      UPDATE agent_loads SET email = email + p_email, chat = chat + p_chat, difficult = difficult + p_difficult
      WHERE account_id = p_account AND user_id = p_user;
      IF NOT FOUND THEN
        INSERT INTO agent_loads AS l (account_id, user_id, email, chat, difficult) VALUES (p_account, p_user, p_email, p_chat, p_difficult)
        ON CONFLICT (account_id, user_id) DO UPDATE
          SET email = l.email + excluded.email, chat = l.chat + excluded.chat, difficult = l.difficult + excluded.difficult;
      END IF;
      -- Under the row lock now: nobody else folds this agent's releases.
      IF EXISTS (SELECT 1 FROM agent_load_releases WHERE account_id = p_account AND user_id = p_user) THEN
        WITH gone AS (DELETE FROM agent_load_releases WHERE account_id = p_account AND user_id = p_user RETURNING email, chat, difficult)
        UPDATE agent_loads l SET email = l.email + g.email, chat = l.chat + g.chat, difficult = l.difficult + g.difficult
        FROM (SELECT coalesce(sum(email), 0)::int AS email, coalesce(sum(chat), 0)::int AS chat, coalesce(sum(difficult), 0)::int AS difficult FROM gone) g
        WHERE l.account_id = p_account AND l.user_id = p_user;
      END IF;
    END $$`.execute(db);

  // What a row contributes: one unsolved conversation of its owner, in its channel kind (and difficult or not).
  await sql`
    CREATE FUNCTION servisto_agent_load_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      o_user uuid; o_email integer := 0; o_chat integer := 0; o_difficult integer := 0;
      n_user uuid; n_email integer := 0; n_chat integer := 0; n_difficult integer := 0;
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.assignee_id IS NOT NULL AND OLD.status IN ('new','open','pending','on_hold') THEN
        o_user := OLD.assignee_id;
        IF OLD.channel IN ('chat','phone') THEN o_chat := 1; ELSE o_email := 1; END IF;
        IF OLD.difficult THEN o_difficult := 1; END IF;
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.assignee_id IS NOT NULL AND NEW.status IN ('new','open','pending','on_hold') THEN
        n_user := NEW.assignee_id;
        IF NEW.channel IN ('chat','phone') THEN n_chat := 1; ELSE n_email := 1; END IF;
        IF NEW.difficult THEN n_difficult := 1; END IF;
      END IF;
      IF o_user IS NOT NULL AND n_user IS NOT NULL AND o_user = n_user THEN
        IF n_email <> o_email OR n_chat <> o_chat OR n_difficult <> o_difficult THEN
          PERFORM servisto_agent_load_add(NEW.account_id, n_user, n_email - o_email, n_chat - o_chat, n_difficult - o_difficult);
        END IF;
      ELSE
        -- The old owner's release takes no lock; only the new owner's row is locked.
        IF o_user IS NOT NULL THEN PERFORM servisto_agent_load_add(OLD.account_id, o_user, -o_email, -o_chat, -o_difficult); END IF;
        IF n_user IS NOT NULL THEN PERFORM servisto_agent_load_add(NEW.account_id, n_user, n_email, n_chat, n_difficult); END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // Only the changes that matter reach the function (the conditions are checked without calling it).
  await sql`
    CREATE TRIGGER conversations_agent_load_insert AFTER INSERT ON conversations
    FOR EACH ROW WHEN (NEW.assignee_id IS NOT NULL) EXECUTE FUNCTION servisto_agent_load_change()`.execute(db);
  await sql`
    CREATE TRIGGER conversations_agent_load_update AFTER UPDATE ON conversations
    FOR EACH ROW WHEN (
      OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.status IS DISTINCT FROM NEW.status
      OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.difficult IS DISTINCT FROM NEW.difficult
    ) EXECUTE FUNCTION servisto_agent_load_change()`.execute(db);
  await sql`
    CREATE TRIGGER conversations_agent_load_delete AFTER DELETE ON conversations
    FOR EACH ROW WHEN (OLD.assignee_id IS NOT NULL) EXECUTE FUNCTION servisto_agent_load_change()`.execute(db);

  // Every user has a row to lock.
  await sql`
    CREATE FUNCTION servisto_agent_load_user() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO agent_loads (account_id, user_id) VALUES (NEW.account_id, NEW.id) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER users_agent_load AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION servisto_agent_load_user()`.execute(db);

  // A team's options and active members with their load, for a routing decision (routing-engine.ts
  // loadTeamForRouting). A function so that its plan is cached per connection: planned per statement, this
  // six-relation join cost more to plan than to run. Versions come as epoch milliseconds (cache keys only: cheaper
  // to read than 400 timestamps).
  await sql`
    CREATE FUNCTION servisto_routing_members(p_account uuid, p_team uuid, p_window_start timestamptz, p_recent boolean)
    RETURNS TABLE (
      routing text, skills_fallback_minutes integer, sticky_owner boolean, user_id uuid, presence text, user_version double precision,
      last_routed_seq bigint, shift_version double precision, counted boolean, email integer, chat integer, difficult_open integer,
      recent_difficult integer
    ) LANGUAGE plpgsql STABLE AS $$
    #variable_conflict use_column
    BEGIN
      IF NOT p_recent THEN
        -- An ordinary conversation: the same without recent difficult conversations.
        RETURN QUERY
        SELECT t.routing, t.skills_fallback_minutes, t.sticky_owner,
               u.id, u.presence, floor(extract(epoch FROM u.updated_at) * 1000)::float8, m.last_routed_seq,
               floor(extract(epoch FROM s.updated_at) * 1000)::float8, l.user_id IS NOT NULL,
               (coalesce(l.email, 0) + coalesce(r.email, 0))::int, (coalesce(l.chat, 0) + coalesce(r.chat, 0))::int,
               (coalesce(l.difficult, 0) + coalesce(r.difficult, 0))::int, 0
        FROM teams t
        LEFT JOIN (team_members m JOIN users u ON u.account_id = m.account_id AND u.id = m.user_id AND u.active)
          ON m.account_id = t.account_id AND m.team_id = t.id
        LEFT JOIN agent_shifts s ON s.account_id = m.account_id AND s.user_id = m.user_id
        LEFT JOIN agent_loads l ON l.account_id = m.account_id AND l.user_id = m.user_id
        LEFT JOIN (
          SELECT x.user_id, sum(x.email)::int AS email, sum(x.chat)::int AS chat, sum(x.difficult)::int AS difficult
          FROM agent_load_releases x WHERE x.account_id = p_account GROUP BY x.user_id
        ) r ON r.user_id = m.user_id
        WHERE t.account_id = p_account AND t.id = p_team;
        RETURN;
      END IF;
      RETURN QUERY
      SELECT t.routing, t.skills_fallback_minutes, t.sticky_owner,
             u.id, u.presence, floor(extract(epoch FROM u.updated_at) * 1000)::float8, m.last_routed_seq,
             floor(extract(epoch FROM s.updated_at) * 1000)::float8, l.user_id IS NOT NULL,
             (coalesce(l.email, 0) + coalesce(r.email, 0))::int, (coalesce(l.chat, 0) + coalesce(r.chat, 0))::int,
             (coalesce(l.difficult, 0) + coalesce(r.difficult, 0))::int, coalesce(d.recent, 0)::int
      FROM teams t
      LEFT JOIN (team_members m JOIN users u ON u.account_id = m.account_id AND u.id = m.user_id AND u.active)
        ON m.account_id = t.account_id AND m.team_id = t.id
      LEFT JOIN agent_shifts s ON s.account_id = m.account_id AND s.user_id = m.user_id
      LEFT JOIN agent_loads l ON l.account_id = m.account_id AND l.user_id = m.user_id
      LEFT JOIN (
        SELECT x.user_id, sum(x.email)::int AS email, sum(x.chat)::int AS chat, sum(x.difficult)::int AS difficult
        FROM agent_load_releases x WHERE x.account_id = p_account GROUP BY x.user_id
      ) r ON r.user_id = m.user_id
      LEFT JOIN LATERAL (
        -- Recent difficult conversations: only for a difficult conversation, and for online members.
        SELECT count(DISTINCT a.conversation_id)::int AS recent FROM assignments a
        WHERE p_recent AND u.presence = 'online' AND a.account_id = m.account_id AND a.user_id = m.user_id
          AND a.difficult_since IS NOT NULL AND a.difficult_since >= p_window_start
      ) d ON true
      WHERE t.account_id = p_account AND t.id = p_team;
    END $$`.execute(db);

  // The routing decision carried out (routing-engine.ts lockAndAssign): the first of the ranked agents whose
  // counter row is free to lock (SKIP LOCKED, or waiting for it with p_wait) and who has room by it (capacity per
  // agent, < 0 = none; p_self: the conversation already counts for its owner), then the rotation, the assignment
  // log and the owner — one call, its plans cached. Returns the conversation as assigned; as it is when the chosen
  // agent is p_keep (a reopened conversation's owner keeps it); nothing when nobody could be taken.
  await sql`
    CREATE FUNCTION servisto_route_assign(
      p_account uuid, p_team uuid, p_conversation uuid, p_ids uuid[], p_caps numeric[], p_reasons text[], p_chat boolean,
      p_self uuid, p_keep uuid, p_trigger text, p_skills_matched boolean, p_now timestamptz, p_difficult boolean, p_wait boolean
    ) RETURNS SETOF conversations LANGUAGE plpgsql AS $$
    DECLARE
      v_user uuid;
      v_reason text;
    BEGIN
      IF p_wait THEN
        SELECT l.user_id, r.reason INTO v_user, v_reason
        FROM agent_loads l JOIN unnest(p_ids, p_caps, p_reasons) WITH ORDINALITY AS r(user_id, cap, reason, rank) ON r.user_id = l.user_id
        WHERE l.account_id = p_account AND l.user_id = ANY(p_ids)
          AND (r.cap < 0 OR (CASE WHEN p_chat THEN l.chat ELSE l.email END) - (CASE WHEN l.user_id = p_self THEN 1 ELSE 0 END)
               + coalesce((SELECT sum(CASE WHEN p_chat THEN x.chat ELSE x.email END) FROM agent_load_releases x
                           WHERE x.account_id = l.account_id AND x.user_id = l.user_id), 0) < r.cap)
        ORDER BY r.rank LIMIT 1 FOR UPDATE OF l;
      ELSE
        SELECT l.user_id, r.reason INTO v_user, v_reason
        FROM agent_loads l JOIN unnest(p_ids, p_caps, p_reasons) WITH ORDINALITY AS r(user_id, cap, reason, rank) ON r.user_id = l.user_id
        WHERE l.account_id = p_account AND l.user_id = ANY(p_ids)
          AND (r.cap < 0 OR (CASE WHEN p_chat THEN l.chat ELSE l.email END) - (CASE WHEN l.user_id = p_self THEN 1 ELSE 0 END)
               + coalesce((SELECT sum(CASE WHEN p_chat THEN x.chat ELSE x.email END) FROM agent_load_releases x
                           WHERE x.account_id = l.account_id AND x.user_id = l.user_id), 0) < r.cap)
        ORDER BY r.rank LIMIT 1 FOR UPDATE OF l SKIP LOCKED;
      END IF;
      IF v_user IS NULL THEN
        RETURN;
      END IF;
      UPDATE team_members SET last_routed_seq = nextval('routing_rotation_seq')
      WHERE account_id = p_account AND team_id = p_team AND user_id = v_user;
      IF v_user = p_keep THEN
        RETURN QUERY SELECT * FROM conversations WHERE account_id = p_account AND id = p_conversation;
        RETURN;
      END IF;
      INSERT INTO assignments (account_id, conversation_id, user_id, team_id, reason, trigger, skills_matched, assigned_at, difficult_since)
      VALUES (p_account, p_conversation, v_user, p_team, v_reason, p_trigger, p_skills_matched, p_now, CASE WHEN p_difficult THEN p_now END);
      RETURN QUERY
        UPDATE conversations SET assignee_id = v_user, routing_queued_at = NULL, routing_fallback_at = NULL, routing_queue_reason = NULL,
               keep_on_shift_end = false, updated_at = greatest(updated_at, clock_timestamp())
        WHERE account_id = p_account AND id = p_conversation
        RETURNING *;
    END $$`.execute(db);

  // Existing data (the triggers are in place and hold their table locks until this migration commits, so no
  // change slips between the count and the triggers).
  await backfillAgentLoads(db);
}

/**
 * Sets every user's counters (of one account, or all) to a fresh count from conversations and drops their pending
 * releases. The migration runs it on existing data; run it again (with writes to the account stopped) should the
 * counters ever be suspected wrong, e.g. after the triggers were disabled.
 */
export async function backfillAgentLoads(db: QueryExecutorProvider, accountId?: string): Promise<void> {
  const scope = accountId === undefined ? sql`true` : sql`account_id = ${accountId}`;
  await sql`DELETE FROM agent_load_releases WHERE ${scope}`.execute(db);
  await sql`
    INSERT INTO agent_loads (account_id, user_id, email, chat, difficult)
    SELECT u.account_id, u.id, coalesce(c.email, 0), coalesce(c.chat, 0), coalesce(c.difficult, 0)
    FROM users u
    LEFT JOIN (
      SELECT account_id, assignee_id,
             count(*) FILTER (WHERE channel NOT IN ('chat','phone'))::int AS email,
             count(*) FILTER (WHERE channel IN ('chat','phone'))::int AS chat,
             count(*) FILTER (WHERE difficult)::int AS difficult
      FROM conversations
      WHERE assignee_id IS NOT NULL AND status IN ('new','open','pending','on_hold') AND ${scope}
      GROUP BY account_id, assignee_id
    ) c ON c.account_id = u.account_id AND c.assignee_id = u.id
    WHERE ${accountId === undefined ? sql`true` : sql`u.account_id = ${accountId}`}
    ON CONFLICT (account_id, user_id) DO UPDATE SET email = excluded.email, chat = excluded.chat, difficult = excluded.difficult`.execute(db);
}
