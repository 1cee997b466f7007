import { sql, type Kysely } from 'kysely';

/**
 * A routing decision in one call (routing-engine.ts routeConversation): the server keeps each team's roster — who
 * is a member, their languages, skills, capacity and shift schedule, and the team's routing options, which change
 * rarely — in process memory, stamped with the team's `roster_version`. Triggers move the version on every change of
 * what the roster holds, whatever code path makes it. A decision then sends the members who are on shift and what
 * the server worked out from their profiles (capacity for the conversation's channel kind, whether they have the
 * languages and skills it needs) to `servisto_route`, which reads what changes all the time (presence, load counters,
 * rotation, recent difficult conversations), ranks as routing-core.ts `decide` does, locks the first free agent with
 * room (SKIP LOCKED), advances the rotation, logs the assignment and assigns — one round trip instead of 200 member
 * rows sent to the server and two more statements. When the version the server sent is not the team's (someone
 * changed a profile, a membership or a schedule, here or in another process), the function does nothing and answers
 * 'stale': the server reads the roster again and asks again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE routing_roster_seq`.execute(db);
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
    WHEN (OLD.languages IS DISTINCT FROM NEW.languages OR OLD.skills IS DISTINCT FROM NEW.skills
          OR OLD.capacity IS DISTINCT FROM NEW.capacity OR OLD.active IS DISTINCT FROM NEW.active)
    EXECUTE FUNCTION servisto_roster_member_profile()`.execute(db);
  await sql`CREATE TRIGGER agent_shifts_roster AFTER INSERT OR DELETE ON agent_shifts FOR EACH ROW EXECUTE FUNCTION servisto_roster_member_shift()`.execute(db);
  await sql`
    CREATE TRIGGER agent_shifts_roster_changed AFTER UPDATE ON agent_shifts FOR EACH ROW
    WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone OR OLD.weekly IS DISTINCT FROM NEW.weekly)
    EXECUTE FUNCTION servisto_roster_member_shift()`.execute(db);

  // The decision and its execution. Inputs from the server, per member on shift (p_ids): capacity for the
  // conversation's channel kind (< 0 = no limit) and whether they speak its language and have its skills. The ranking
  // mirrors routing-core.ts decide(): online → with room → skilled (or, once the skills wait is over, anyone with
  // room); the customer's previous owner first; for a difficult conversation the fewest recent, then open, difficult
  // conversations; then least load (a difficult one weighing p_weight) or the rotation; then the id. A test compares
  // the two on random teams (routing-parity.test.ts).
  // Answers one row: status 'assigned' (user, reason, trigger, skills_matched, the row's new updated_at), 'kept' (the
  // chosen agent is p_keep, the owner of a reopened conversation: only the rotation moved), 'stale' (p_version is not
  // the team's roster version: nothing done), 'busy' (every agent with room is locked by another transaction; with
  // p_wait the best of them is waited for instead), or the reason to wait: 'nobody_available', 'at_capacity',
  // 'skills_wait'.
  await sql`
    CREATE FUNCTION servisto_route(
      p_account uuid, p_team uuid, p_conversation uuid, p_version bigint,
      p_ids uuid[], p_caps integer[], p_skilled boolean[],
      p_chat boolean, p_least_load boolean, p_difficult boolean, p_weight double precision,
      p_fallback boolean, p_has_requirements boolean, p_sticky uuid, p_self uuid, p_keep uuid,
      p_window_start timestamptz, p_trigger text, p_now timestamptz, p_wait boolean
    ) RETURNS TABLE (status text, user_id uuid, reason text, trigger text, skills_matched boolean, updated_at timestamptz)
    LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      v_version bigint;
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

      -- Recent difficult conversations count only for a difficult conversation (and only for online members).
      IF p_difficult THEN
        SELECT array_agg(r.uid), array_agg(d.recent) INTO v_recent_ids, v_recent
        FROM unnest(p_ids) AS r(uid)
        JOIN users u ON u.account_id = p_account AND u.id = r.uid AND u.presence = 'online'
        CROSS JOIN LATERAL (
          SELECT count(DISTINCT a.conversation_id)::int AS recent FROM assignments a
          WHERE a.account_id = p_account AND a.user_id = r.uid AND a.difficult_since IS NOT NULL AND a.difficult_since >= p_window_start
        ) d;
      END IF;

      -- Members in the order routing takes them: the skilled with room first, then the others with room, then the
      -- rest; within each, the ranking. The first row tells what the pool is (or why the conversation waits); the loop
      -- then tries them in order and usually stops at the first.
      FOR v_member IN
        SELECT c.uid, c.cap, c.skilled, c.room
        FROM (
          SELECT r.uid, r.cap, r.skilled, m.last_routed_seq AS seq, d.recent,
                 (r.cap < 0 OR greatest(0, CASE WHEN p_chat THEN coalesce(l.chat, 0) + coalesce(x.chat, 0) ELSE coalesce(l.email, 0) + coalesce(x.email, 0) END
                                           - CASE WHEN r.uid = p_self THEN 1 ELSE 0 END) < r.cap) AS room,
                 greatest(0, CASE WHEN p_chat THEN coalesce(l.chat, 0) + coalesce(x.chat, 0) ELSE coalesce(l.email, 0) + coalesce(x.email, 0) END
                             - CASE WHEN r.uid = p_self THEN 1 ELSE 0 END) AS load,
                 greatest(0, coalesce(l.difficult, 0) + coalesce(x.difficult, 0) - CASE WHEN r.uid = p_self AND p_difficult THEN 1 ELSE 0 END) AS difficult_open
          FROM unnest(p_ids, p_caps, p_skilled) AS r(uid, cap, skilled)
          JOIN users u ON u.account_id = p_account AND u.id = r.uid AND u.presence = 'online'
          JOIN team_members m ON m.account_id = p_account AND m.team_id = p_team AND m.user_id = r.uid
          LEFT JOIN agent_loads l ON l.account_id = p_account AND l.user_id = r.uid
          -- Releases not yet folded are few (the routing sweep folds them): summed once for the account.
          LEFT JOIN (
            SELECT y.user_id, sum(y.email)::int AS email, sum(y.chat)::int AS chat, sum(y.difficult)::int AS difficult
            FROM agent_load_releases y WHERE y.account_id = p_account GROUP BY y.user_id
          ) x ON x.user_id = r.uid
          LEFT JOIN unnest(v_recent_ids, v_recent) AS d(uid, recent) ON d.uid = r.uid
        ) c
        ORDER BY (c.room AND c.skilled) DESC, c.room DESC, (c.uid = p_sticky) DESC NULLS LAST,
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

      v_reason := CASE WHEN v_user = p_sticky THEN 'sticky' WHEN p_least_load THEN 'least_load' ELSE 'round_robin' END;
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
      UPDATE conversations c SET assignee_id = v_user, routing_queued_at = NULL, routing_fallback_at = NULL, routing_queue_reason = NULL,
             keep_on_shift_end = false, updated_at = greatest(c.updated_at, clock_timestamp())
      WHERE c.account_id = p_account AND c.id = p_conversation
      RETURNING c.updated_at INTO v_updated;
      RETURN QUERY SELECT 'assigned'::text, v_user, v_reason, v_trigger, v_matched, v_updated;
    END $$`.execute(db);

  // Replaced by servisto_route.
  await sql`DROP FUNCTION servisto_route_assign(uuid, uuid, uuid, uuid[], numeric[], text[], boolean, uuid, uuid, text, boolean, timestamptz, boolean, boolean)`.execute(db);
}
