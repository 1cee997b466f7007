import { sql, type Kysely } from 'kysely';

/**
 * A new conversation routed in its own insert (conversation-create.ts): servisto_route (migrations 016, 017) can
 * decide without writing — the ranking, the lock on the chosen agent's counter row and the rotation step, but neither
 * the assignment log nor the owner — so that the conversation's INSERT writes the row with its owner and logs the
 * assignment in the same statement. Before, the row was inserted without an owner and updated by the routing call:
 * an update that changes `assignee_id` is not HOT, so it wrote all fifteen of the row's index entries again, the two
 * trigram and text-search GIN entries of the subject among them — about 0.7 ms of a routed create, plus the round trip
 * of the call. The last parameter, `p_write_owner` (false: log but leave the owner to the caller, a path no caller
 * takes any more), becomes `p_assign` (false: decide only). The ranking is unchanged.
 *
 * The member read computes each member's figures once (OFFSET 0 keeps the planner from repeating the expressions,
 * the recent-difficult subquery among them, in every sort key that uses them): about 1 ms less for a difficult
 * conversation at 200 members.
 *
 * For a difficult conversation the answer also tells how many difficult conversations the chosen agent now has
 * within the break window (`recent_difficult`, this one included): the ranking counted them for every member
 * anyway, so whether a break is due needs no count of its own (routing-engine.ts considerBreak).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION servisto_route(uuid, uuid, uuid, bigint, uuid[], uuid[], boolean, boolean, boolean, double precision, boolean, boolean,
                                 uuid, uuid, timestamptz, uuid, uuid, timestamptz, text, timestamptz, boolean, boolean)`.execute(db);
  await sql`
    CREATE FUNCTION servisto_route(
      p_account uuid, p_team uuid, p_conversation uuid, p_version bigint,
      p_off uuid[], p_unskilled uuid[],
      p_chat boolean, p_least_load boolean, p_difficult boolean, p_weight double precision,
      p_fallback boolean, p_has_requirements boolean, p_sticky uuid, p_sticky_customer uuid, p_sticky_since timestamptz,
      p_self uuid, p_keep uuid, p_window_start timestamptz, p_trigger text, p_now timestamptz, p_wait boolean, p_assign boolean
    ) RETURNS TABLE (status text, user_id uuid, reason text, trigger text, skills_matched boolean, updated_at timestamptz, recent_difficult integer)
    LANGUAGE plpgsql AS $$
    #variable_conflict use_column
    DECLARE
      v_version bigint;
      v_sticky uuid := p_sticky;
      v_member record;
      v_waited boolean := false;
      v_matched boolean;
      v_user uuid;
      v_reason text;
      v_trigger text;
      v_updated timestamptz;
      v_recent integer;
    BEGIN
      SELECT t.roster_version INTO v_version FROM teams t WHERE t.account_id = p_account AND t.id = p_team;
      IF v_version IS DISTINCT FROM p_version THEN
        RETURN QUERY SELECT 'stale'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz, NULL::integer;
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

      -- Members in the order routing takes them: the skilled with room first, then the others with room, then the
      -- rest; within each, the ranking. The first row tells what the pool is (or why the conversation waits); the loop
      -- then tries them in order and usually stops at the first.
      FOR v_member IN
        SELECT c.uid, c.cap, c.skilled, c.room, c.recent
        FROM (
          SELECT k.uid, k.cap, k.skilled, k.seq, k.recent, (k.cap < 0 OR k.load < k.cap) AS room, k.load, k.difficult_open
          FROM (
            SELECT m.user_id AS uid, m.last_routed_seq AS seq, NOT (m.user_id = ANY(p_unskilled)) AS skilled,
                   CASE WHEN p_chat THEN l.cap_chat ELSE l.cap_email END AS cap,
                   greatest(0, CASE WHEN p_chat THEN coalesce(l.chat, 0) + coalesce(x.chat, 0) ELSE coalesce(l.email, 0) + coalesce(x.email, 0) END
                               - CASE WHEN m.user_id = p_self THEN 1 ELSE 0 END) AS load,
                   greatest(0, coalesce(l.difficult, 0) + coalesce(x.difficult, 0) - CASE WHEN m.user_id = p_self AND p_difficult THEN 1 ELSE 0 END) AS difficult_open,
                   -- Recent difficult conversations count only for a difficult conversation (the index, per member).
                   CASE WHEN p_difficult THEN (
                     SELECT count(DISTINCT a.conversation_id)::int FROM assignments a
                     WHERE a.account_id = p_account AND a.user_id = m.user_id AND a.difficult_since IS NOT NULL AND a.difficult_since >= p_window_start
                   ) END AS recent
            FROM team_members m
            JOIN agent_loads l ON l.account_id = m.account_id AND l.user_id = m.user_id AND l.online
            -- Releases not yet folded (few: the routing sweep folds them), per member from the index.
            LEFT JOIN LATERAL (
              SELECT sum(y.email)::int AS email, sum(y.chat)::int AS chat, sum(y.difficult)::int AS difficult
              FROM agent_load_releases y WHERE y.account_id = p_account AND y.user_id = m.user_id
            ) x ON true
            WHERE m.account_id = p_account AND m.team_id = p_team AND NOT (m.user_id = ANY(p_off))
            -- Each member's figures computed once (the ordering and the answer use them; without the fence the planner
            -- repeats every expression, the recent-difficult subquery among them, per use).
            OFFSET 0
          ) k
        ) c
        ORDER BY (c.room AND c.skilled) DESC, c.room DESC, (c.uid = v_sticky) DESC NULLS LAST,
                 CASE WHEN p_difficult THEN coalesce(c.recent, 0) END, CASE WHEN p_difficult THEN c.difficult_open END,
                 CASE WHEN p_least_load THEN c.load + greatest(0, p_weight - 1) * c.difficult_open END,
                 c.seq, c.uid
      LOOP
        IF v_matched IS NULL THEN
          -- The first member: what the pool is.
          IF NOT v_member.room THEN
            RETURN QUERY SELECT 'at_capacity'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz, NULL::integer;
            RETURN;
          ELSIF NOT v_member.skilled AND NOT p_fallback THEN
            RETURN QUERY SELECT 'skills_wait'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz, NULL::integer;
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
        v_recent := v_member.recent;
        EXIT WHEN v_user IS NOT NULL;
      END LOOP;
      IF v_matched IS NULL THEN
        RETURN QUERY SELECT 'nobody_available'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz, NULL::integer;
        RETURN;
      END IF;
      IF v_user IS NULL THEN
        RETURN QUERY SELECT 'busy'::text, NULL::uuid, NULL::text, NULL::text, NULL::boolean, NULL::timestamptz, NULL::integer;
        RETURN;
      END IF;

      v_reason := CASE WHEN v_user = v_sticky THEN 'sticky' WHEN p_least_load THEN 'least_load' ELSE 'round_robin' END;
      v_trigger := CASE WHEN NOT v_matched AND p_has_requirements AND p_trigger = 'queue' THEN 'skills_fallback' ELSE p_trigger END;
      v_matched := v_matched OR NOT p_has_requirements;
      UPDATE team_members SET last_routed_seq = nextval('routing_rotation_seq')
      WHERE account_id = p_account AND team_id = p_team AND user_id = v_user;
      IF v_user = p_keep THEN
        RETURN QUERY SELECT 'kept'::text, v_user, v_reason, v_trigger, v_matched, NULL::timestamptz, NULL::integer;
        RETURN;
      END IF;
      IF NOT p_assign THEN
        -- The decision only: the caller inserts the conversation with this owner and logs the assignment in the same
        -- statement (a new conversation, whose row does not exist yet).
        RETURN QUERY SELECT 'assigned'::text, v_user, v_reason, v_trigger, v_matched, NULL::timestamptz, CASE WHEN p_difficult THEN coalesce(v_recent, 0) + 1 END;
        RETURN;
      END IF;
      INSERT INTO assignments (account_id, conversation_id, user_id, team_id, reason, trigger, skills_matched, assigned_at, difficult_since)
      VALUES (p_account, p_conversation, v_user, p_team, v_reason, v_trigger, v_matched, p_now, CASE WHEN p_difficult THEN p_now END);
      UPDATE conversations c SET assignee_id = v_user, routing_queued_at = NULL, routing_fallback_at = NULL, routing_queue_reason = NULL,
             keep_on_shift_end = false, updated_at = greatest(c.updated_at, clock_timestamp())
      WHERE c.account_id = p_account AND c.id = p_conversation
      RETURNING c.updated_at INTO v_updated;
      IF p_difficult THEN
        -- With this one (counted once, also if the agent had it before within the window).
        SELECT count(DISTINCT a.conversation_id)::int INTO v_recent FROM assignments a
        WHERE a.account_id = p_account AND a.user_id = v_user AND a.difficult_since IS NOT NULL AND a.difficult_since >= p_window_start;
      END IF;
      RETURN QUERY SELECT 'assigned'::text, v_user, v_reason, v_trigger, v_matched, v_updated, CASE WHEN p_difficult THEN v_recent END;
    END $$`.execute(db);
}
