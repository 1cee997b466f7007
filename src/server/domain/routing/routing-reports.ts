import { sql } from 'kysely';
import type { Db } from '../shared/types.js';

/**
 * Brush-off and runaround in numbers (definitions: docs/METRICS.md, "Ownership and routing"):
 * - transfers per conversation: over the conversations created in [from, to) (merged-away duplicates excluded),
 *   the average number of transfers each has had so far;
 * - recontact rate: the share of those conversations that are recontacts (the customer wrote a new one about the
 *   same matter within 7 days after their previous one was solved), with counts by reason; each recontact is also counted against the agent who solved the
 *   previous one;
 * - per agent: conversations assigned, difficult ones taken on, transfers out and in, recontacts after their
 *   solves, break suggestions — in the same window (assignment and handover instants by the service clock).
 */
export async function routingReport(db: Db, accountId: string, from: Date, to: Date) {
  const totals = await sql<{ conversations: number; transfers: number; transferred: number; max_transfers: number; recontacts: number; by_reference: number; by_similarity: number; by_tags: number; unjudged: number; manual: number }>`
    SELECT count(*)::int AS conversations,
           coalesce(sum(transfer_count), 0)::int AS transfers,
           count(*) FILTER (WHERE transfer_count > 0)::int AS transferred,
           coalesce(max(transfer_count), 0)::int AS max_transfers,
           count(*) FILTER (WHERE recontact_of_id IS NOT NULL)::int AS recontacts,
           count(*) FILTER (WHERE recontact_reason = 'reference')::int AS by_reference,
           count(*) FILTER (WHERE recontact_reason = 'similar')::int AS by_similarity,
           count(*) FILTER (WHERE recontact_reason = 'tags')::int AS by_tags,
           count(*) FILTER (WHERE recontact_reason = 'unjudged')::int AS unjudged,
           count(*) FILTER (WHERE recontact_reason = 'manual')::int AS manual
    FROM conversations
    WHERE account_id = ${accountId} AND created_at >= ${from} AND created_at < ${to} AND merged_into_id IS NULL`.execute(db);
  const t = totals.rows[0] ?? { conversations: 0, transfers: 0, transferred: 0, max_transfers: 0, recontacts: 0, by_reference: 0, by_similarity: 0, by_tags: 0, unjudged: 0, manual: 0 };
  const conversations = Number(t.conversations);

  const [assigned, handovers, recontacts, breaks] = await Promise.all([
    sql<{ user_id: string; assigned: number; difficult: number }>`
      SELECT user_id, count(*)::int AS assigned, count(*) FILTER (WHERE difficult_since IS NOT NULL)::int AS difficult
      FROM assignments WHERE account_id = ${accountId} AND assigned_at >= ${from} AND assigned_at < ${to}
      GROUP BY user_id`.execute(db),
    sql<{ kind: string; from_user_id: string | null; to_user_id: string | null; n: number }>`
      SELECT kind, from_user_id, to_user_id, count(*)::int AS n
      FROM handovers WHERE account_id = ${accountId} AND at >= ${from} AND at < ${to}
      GROUP BY kind, from_user_id, to_user_id`.execute(db),
    sql<{ user_id: string | null; n: number }>`
      SELECT p.assignee_id AS user_id, count(*)::int AS n
      FROM conversations c JOIN conversations p ON p.account_id = c.account_id AND p.id = c.recontact_of_id
      WHERE c.account_id = ${accountId} AND c.created_at >= ${from} AND c.created_at < ${to} AND c.merged_into_id IS NULL
      GROUP BY p.assignee_id`.execute(db),
    sql<{ user_id: string; n: number }>`
      SELECT user_id, count(*)::int AS n FROM break_suggestions
      WHERE account_id = ${accountId} AND suggested_at >= ${from} AND suggested_at < ${to}
      GROUP BY user_id`.execute(db),
  ]);

  type AgentLine = { userId: string; assigned: number; difficult: number; transfersOut: number; transfersIn: number; recontactsAfterSolve: number; breakSuggestions: number };
  const agents = new Map<string, AgentLine>();
  const agent = (userId: string) => {
    let line = agents.get(userId);
    if (!line) {
      line = { userId, assigned: 0, difficult: 0, transfersOut: 0, transfersIn: 0, recontactsAfterSolve: 0, breakSuggestions: 0 };
      agents.set(userId, line);
    }
    return line;
  };
  for (const r of assigned.rows) Object.assign(agent(r.user_id), { assigned: Number(r.assigned), difficult: Number(r.difficult) });
  const handoverCounts = { transfers: 0, shiftEnd: 0, keptAtShiftEnd: 0 };
  for (const h of handovers.rows) {
    const n = Number(h.n);
    if (h.kind === 'transfer') {
      handoverCounts.transfers += n;
      if (h.from_user_id) agent(h.from_user_id).transfersOut += n;
      if (h.to_user_id) agent(h.to_user_id).transfersIn += n;
    } else if (h.kind === 'shift_end') handoverCounts.shiftEnd += n;
    else handoverCounts.keptAtShiftEnd += n;
  }
  for (const r of recontacts.rows) if (r.user_id) agent(r.user_id).recontactsAfterSolve += Number(r.n);
  for (const r of breaks.rows) agent(r.user_id).breakSuggestions += Number(r.n);

  const rate = (n: number) => (conversations > 0 ? Math.round((n / conversations) * 10_000) / 10_000 : null);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    conversations,
    transfers: Number(t.transfers),
    transfersPerConversation: rate(Number(t.transfers)),
    transferredShare: rate(Number(t.transferred)),
    maxTransfers: Number(t.max_transfers),
    recontacts: Number(t.recontacts),
    recontactRate: rate(Number(t.recontacts)),
    // Why they were judged the same matter (recontact-match.ts); 'unjudged': linked before migration 015; 'manual':
    // linked by a supervisor (recontact-link.ts).
    recontactsByReason: {
      reference: Number(t.by_reference),
      similar: Number(t.by_similarity),
      tags: Number(t.by_tags),
      unjudged: Number(t.unjudged),
      manual: Number(t.manual),
    },
    handovers: handoverCounts,
    byAgent: [...agents.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
  };
}
