import { sql, type Kysely } from 'kysely';

/**
 * A routing decision in one call (routing-engine.ts routeConversation): the server keeps each team's roster — who
 * is a member, their languages, skills and shift schedule, and the team's routing options, which change
 * rarely — in process memory, stamped with the team's `roster_version`. Triggers move the version on every change of
 * what the roster holds, whatever code path makes it. A decision then sends what the server worked out from the
 * roster (who is off shift or excluded, who lacks the conversation's language or skills — usually few) to
 * `servisto_route`, which reads the team's members with their capacity and what changes all the time (presence, load
 * counters, rotation, recent difficult conversations), ranks as routing-core.ts `decide` does, locks the first free
 * agent with room (SKIP LOCKED), advances the rotation, logs the assignment and assigns — one round trip instead of
 * 200 member rows sent to the server and two more statements. When the version the server sent is not the team's (someone
 * changed a profile, a membership or a schedule, here or in another process), the function does nothing and answers
 * 'stale': the server reads the roster again and asks again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE routing_roster_seq`.execute(db);
  // Every decision updates one agent_loads row (the chosen agent's count) and one team_members row (the rotation):
  // room on each page keeps those updates HOT (no index entries, dead versions pruned on the page), so that reading
  // a team's 200 members stays a few pages; and vacuum comes after a few hundred updates, not 20 % of a small table.
  for (const table of ['agent_loads', 'team_members']) {
    await sql`ALTER TABLE ${sql.table(table)} SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500)`.execute(db);
  }
  await sql`ALTER TABLE teams ADD COLUMN roster_version bigint NOT NULL DEFAULT 0`.execute(db);

  // The team's own options: the version moves with them (a BEFORE trigger: no second write of the row).
  await sql`
    CREATE FUNCTION servisto_roster_team_options() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.roster_version := nextval('routing_roster_seq');
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER teams_roster_options BEFORE UPDATE ON teams FOR EACH ROW
    WHEN (OLD.routing IS DISTINCT FROM NEW.routing OR OLD.skills_fallback_minutes IS DISTINCT FROM NEW.skills_fallback_minutes
          OR OLD.sticky_owner IS DISTINCT FROM NEW.sticky_owner)
    EXECUTE FUNCTION servisto_roster_team_options()`.execute(db);

  // Memberships (a rotation step, last_routed_seq, is not a roster change).
  await sql`
    CREATE FUNCTION servisto_roster_membership() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        UPDATE teams SET roster_version = nextval('routing_roster_seq') WHERE account_id = OLD.account_id AND id = OLD.team_id;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        UPDATE teams SET roster_version = nextval('routing_roster_seq') WHERE account_id = NEW.account_id AND id = NEW.team_id;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER team_members_roster AFTER INSERT OR DELETE ON team_members FOR EACH ROW EXECUTE FUNCTION servisto_roster_membership()`.execute(db);
  await sql`
    CREATE TRIGGER team_members_roster_moved AFTER UPDATE ON team_members FOR EACH ROW
    WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION servisto_roster_membership()`.execute(db);

  // A member's profile or shift schedule: every team they are in.
  await sql`
    CREATE FUNCTION servisto_roster_bump_member(p_account uuid, p_user uuid) RETURNS void LANGUAGE sql AS $$
      UPDATE teams SET roster_version = nextval('routing_roster_seq')
      WHERE account_id = p_account AND id IN (SELECT team_id FROM team_members WHERE account_id = p_account AND user_id = p_user)
    $$`.execute(db);
  await sql`
    CREATE FUNCTION servisto_roster_member_profile() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM servisto_roster_bump_member(NEW.account_id, NEW.id);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION servisto_roster_member_shift() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM servisto_roster_bump_member(OLD.account_id, OLD.user_id);
      ELSE
        PERFORM servisto_roster_bump_member(NEW.account_id, NEW.user_id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER users_roster AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.languages IS DISTINCT FROM NEW.languages OR OLD.skills IS DISTINCT FROM NEW.skills OR OLD.active IS DISTINCT FROM NEW.active)
    EXECUTE FUNCTION servisto_roster_member_profile()`.execute(db);
  await sql`CREATE TRIGGER agent_shifts_roster AFTER INSERT OR DELETE ON agent_shifts FOR EACH ROW EXECUTE FUNCTION servisto_roster_member_shift()`.execute(db);
  await sql`
    CREATE TRIGGER agent_shifts_roster_changed AFTER UPDATE ON agent_shifts FOR EACH ROW
    WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone OR OLD.weekly IS DISTINCT FROM NEW.weekly)
    EXECUTE FUNCTION servisto_roster_member_shift()`.execute(db);

  // The decision and its execution. Inputs from the server, from the roster: the members who may not be chosen now
  // (p_off: off shift, or excluded) and those who lack the conversation's language or skills (p_unskilled); capacity
  // per channel kind comes from users.capacity (no limit without a number). The ranking
  // mirrors routing-core.ts decide(): online → with room → skilled (or, once the skills wait is over, anyone with
  // room); the customer's previous owner first; for a difficult conversation the fewest recent, then open, difficult
  // conversations; then least load (a difficult one weighing p_weight) or the rotation; then the id. A test compares
  // the two on random teams (routing-parity.test.ts).
  // p_sticky_customer: look the sticky owner up (a new conversation's customer's latest owner since p_sticky_since)
  // instead of p_sticky. p_write_owner = false: the owner is logged but not written on the conversation (the caller
  // writes it in the update it makes anyway).
  // Answers one row: status 'assigned' (user, reason, trigger, skills_matched, the row's new updated_at), 'kept' (the
  // chosen agent is p_keep, the owner of a reopened conversation: only the rotation moved), 'stale' (p_version is not
  // the team's roster version: nothing done), 'busy' (every agent with room is locked by another transaction; with
  // p_wait the best of them is waited for instead), or the reason to wait: 'nobody_available', 'at_capacity',
  // 'skills_wait'.
  await sql`
    CREATE FUNCTION servisto_route(
      p_account uuid, p_team uuid, p_conversation uuid, p_version bigint,
      p_off uuid[], p_unskilled uuid[],
      p_chat boolean, p_least_load boolean, p_difficult boolean, p_weight double precision,
      p_fallback boolean, p_has_requirements boolean, p_sticky uuid, p_sticky_customer uuid, p_sticky_since timestamptz,
      p_self uuid, p_keep uuid, p_window_start timestamptz, p_trigger text, p_now timestamptz, p_wait boolean, p_write_owner boolean
    ) RETURNS TABLE (status text, user_id uuid, reason text, trigger text, skills_matched boolean, updated_at timestamptz)
    LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      v_version bigint;
      v_sticky uuid := p_sticky;
      v_recent_ids uuid[];
      v_recent integer[];
      v_member record;
      v_waited boolean := false;
      v_matched boolean;
      v_user uuid;
      v_reason text;
      v_trigger text;
      v_updated timestamptz;
    BEGIN
      SELECT t.roster_version INTO v_version FROM teams t WHERE t.account_id = p_account AND t.id = p_team;
      IF v_version IS DISTINCT FROM p_version THEN
        RETURN QUERY SELECT 'stale'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz;
        RETURN;
      END IF;

      -- Sticky routing for a new conversation: the customer's previous owner (their latest conversation since
      -- p_sticky_since that has one).
      IF v_sticky IS NULL AND p_sticky_customer IS NOT NULL THEN
        SELECT c.assignee_id INTO v_sticky FROM conversations c
        WHERE c.account_id = p_account AND c.customer_id = p_sticky_customer AND c.id <> p_conversation AND c.merged_into_id IS NULL
          AND c.assignee_id IS NOT NULL AND c.created_at >= p_sticky_since
        ORDER BY c.created_at DESC
        LIMIT 1;
      END IF;

      -- Recent difficult conversations count only for a difficult conversation (and only for online members).
      IF p_difficult THEN
        SELECT array_agg(m.user_id), array_agg(d.recent) INTO v_recent_ids, v_recent
        FROM team_members m
        JOIN users u ON u.account_id = m.account_id AND u.id = m.user_id AND u.active AND u.presence = 'online'
        CROSS JOIN LATERAL (
          SELECT count(DISTINCT a.conversation_id)::int AS recent FROM assignments a
          WHERE a.account_id = p_account AND a.user_id = m.user_id AND a.difficult_since IS NOT NULL AND a.difficult_since >= p_window_start
        ) d
        WHERE m.account_id = p_account AND m.team_id = p_team AND NOT (m.user_id = ANY(p_off));
      END IF;

      -- Members in the order routing takes them: the skilled with room first, then the others with room, then the
      -- rest; within each, the ranking. The first row tells what the pool is (or why the conversation waits); the loop
      -- then tries them in order and usually stops at the first.
      FOR v_member IN
        SELECT c.uid, c.cap, c.skilled, c.room
        FROM (
          SELECT k.uid, k.cap, k.skilled, k.seq, d.recent, (k.cap < 0 OR k.load < k.cap) AS room, k.load, k.difficult_open
          FROM (
            SELECT m.user_id AS uid, m.last_routed_seq AS seq, NOT (m.user_id = ANY(p_unskilled)) AS skilled,
                   coalesce((u.capacity ->> CASE WHEN p_chat THEN 'chat' ELSE 'email' END)::numeric, -1) AS cap,
                   greatest(0, CASE WHEN p_chat THEN coalesce(l.chat, 0) + coalesce(x.chat, 0) ELSE coalesce(l.email, 0) + coalesce(x.email, 0) END
                               - CASE WHEN m.user_id = p_self THEN 1 ELSE 0 END) AS load,
                   greatest(0, coalesce(l.difficult, 0) + coalesce(x.difficult, 0) - CASE WHEN m.user_id = p_self AND p_difficult THEN 1 ELSE 0 END) AS difficult_open
            FROM team_members m
            JOIN users u ON u.account_id = m.account_id AND u.id = m.user_id AND u.active AND u.presence = 'online'
            LEFT JOIN agent_loads l ON l.account_id = m.account_id AND l.user_id = m.user_id
            -- Releases not yet folded (few: the routing sweep folds them), per member from the index.
            LEFT JOIN LATERAL (
              SELECT sum(y.email)::int AS email, sum(y.chat)::int AS chat, sum(y.difficult)::int AS difficult
              FROM agent_load_releases y WHERE y.account_id = p_account AND y.user_id = m.user_id
            ) x ON true
            WHERE m.account_id = p_account AND m.team_id = p_team AND NOT (m.user_id = ANY(p_off))
          ) k
          LEFT JOIN unnest(v_recent_ids, v_recent) AS d(uid, recent) ON d.uid = k.uid
        ) c
        ORDER BY (c.room AND c.skilled) DESC, c.room DESC, (c.uid = v_sticky) DESC NULLS LAST,
                 CASE WHEN p_difficult THEN coalesce(c.recent, 0) END, CASE WHEN p_difficult THEN c.difficult_open END,
                 CASE WHEN p_least_load THEN c.load + greatest(0, p_weight - 1) * c.difficult_open END,
                 c.seq, c.uid
      LOOP
        IF v_matched IS NULL THEN
          -- The first member: what the pool is.
          IF NOT v_member.room THEN
            RETURN QUERY SELECT 'at_capacity'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz;
            RETURN;
          ELSIF NOT v_member.skilled AND NOT p_fallback THEN
            RETURN QUERY SELECT 'skills_wait'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz;
            RETURN;
          END IF;
          -- The skilled among those with room, else (the skills wait is over) all with room.
          v_matched := v_member.skilled;
        END IF;
        EXIT WHEN NOT v_member.room OR (v_matched AND NOT v_member.skilled);
        -- Free to lock (SKIP LOCKED; with p_wait the first of them is waited for) and with room by that row as it is now.
        IF p_wait AND NOT v_waited THEN
          v_waited := true;
          SELECT l.user_id INTO v_user FROM agent_loads l
          WHERE l.account_id = p_account AND l.user_id = v_member.uid
            AND (v_member.cap < 0 OR (CASE WHEN p_chat THEN l.chat ELSE l.email END) - (CASE WHEN l.user_id = p_self THEN 1 ELSE 0 END)
                 + coalesce((SELECT sum(CASE WHEN p_chat THEN y.chat ELSE y.email END) FROM agent_load_releases y
                             WHERE y.account_id = l.account_id AND y.user_id = l.user_id), 0) < v_member.cap)
          FOR UPDATE;
        ELSE
          SELECT l.user_id INTO v_user FROM agent_loads l
          WHERE l.account_id = p_account AND l.user_id = v_member.uid
            AND (v_member.cap < 0 OR (CASE WHEN p_chat THEN l.chat ELSE l.email END) - (CASE WHEN l.user_id = p_self THEN 1 ELSE 0 END)
                 + coalesce((SELECT sum(CASE WHEN p_chat THEN y.chat ELSE y.email END) FROM agent_load_releases y
                             WHERE y.account_id = l.account_id AND y.user_id = l.user_id), 0) < v_member.cap)
          FOR UPDATE SKIP LOCKED;
        END IF;
        EXIT WHEN v_user IS NOT NULL;
      END LOOP;
      IF v_matched IS NULL THEN
        RETURN QUERY SELECT 'nobody_available'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz;
        RETURN;
      END IF;
      IF v_user IS NULL THEN
        RETURN QUERY SELECT 'busy'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz;
        RETURN;
      END IF;

      v_reason := CASE WHEN v_user = v_sticky THEN 'sticky' WHEN p_least_load THEN 'least_load' ELSE 'round_robin' END;
      v_trigger := CASE WHEN NOT v_matched AND p_has_requirements AND p_trigger = 'queue' THEN 'skills_fallback' ELSE p_trigger END;
      v_matched := v_matched OR NOT p_has_requirements;
      UPDATE team_members SET last_routed_seq = nextval('routing_rotation_seq')
      WHERE account_id = p_account AND team_id = p_team AND user_id = v_user;
      IF v_user = p_keep THEN
        RETURN QUERY SELECT 'kept'::text, v_user, v_reason, v_trigger, v_matched, NULL::timestamptz;
        RETURN;
      END IF;
      INSERT INTO assignments (account_id, conversation_id, user_id, team_id, reason, trigger, skills_matched, assigned_at, difficult_since)
      VALUES (p_account, p_conversation, v_user, p_team, v_reason, v_trigger, v_matched, p_now, CASE WHEN p_difficult THEN p_now END);
      IF NOT p_write_owner THEN
        -- The caller writes the owner in the update it makes anyway (a new conversation): one write of the row.
        RETURN QUERY SELECT 'assigned'::text, v_user, v_reason, v_trigger, v_matched, NULL::timestamptz;
        RETURN;
      END IF;
      UPDATE conversations c SET assignee_id = v_user, routing_queued_at = NULL, routing_fallback_at = NULL, routing_queue_reason = NULL,
             keep_on_shift_end = false, updated_at = greatest(c.updated_at, clock_timestamp())
      WHERE c.account_id = p_account AND c.id = p_conversation
      RETURNING c.updated_at INTO v_updated;
      RETURN QUERY SELECT 'assigned'::text, v_user, v_reason, v_trigger, v_matched, v_updated;
    END $$`.execute(db);

  // Replaced by servisto_route.
  await sql`DROP FUNCTION servisto_route_assign(uuid, uuid, uuid, uuid[], numeric[], text[], boolean, uuid, uuid, text, boolean, timestamptz, boolean, boolean)`.execute(db);
}
