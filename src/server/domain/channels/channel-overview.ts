import { sql } from 'kysely';
import type { Db } from '../shared/types.js';

/**
 * How each channel reaches this account, for the channels admin page:
 *  - `active`: customers can reach us on it now (email: an address and an inbound path, SMTP or IMAP; the API always);
 *  - `needs_setup`: built in, but something is missing (email without an address or without any inbound path);
 *  - `api_only`: no built-in front end yet (chat widget, portal, telephony); conversations on it are recorded
 *    through the HTTP API by an integration.
 */
export type ChannelStatus = 'active' | 'needs_setup' | 'api_only';
export type ChannelName = 'email' | 'chat' | 'portal' | 'phone' | 'api';

export interface ChannelOverview {
  channel: ChannelName;
  status: ChannelStatus;
  /** Conversations started on the channel in the last 30 days, and when the last one started. */
  conversations30d: number;
  lastConversationAt: string | null;
}

export interface EmailSetup {
  addresses: number;
  smtpIngress: boolean;
  imapMailboxes: number;
  outboundRelay: boolean;
}

const ORDER: ChannelName[] = ['email', 'chat', 'portal', 'phone', 'api'];

export async function channelOverview(
  db: Db,
  accountId: string,
  setup: { smtpPort: number; imapUrls: readonly string[]; smtpRelayUrl: string | undefined },
  now: Date,
): Promise<{ items: ChannelOverview[]; email: EmailSetup }> {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [counts, addresses] = await Promise.all([
    db
      .selectFrom('conversations')
      .select(['channel', sql<number>`count(*)::int`.as('n'), sql<Date>`max(created_at)`.as('last')])
      .where('account_id', '=', accountId)
      .where('created_at', '>=', since)
      .groupBy('channel')
      .execute(),
    db.selectFrom('email_addresses').select(sql<number>`count(*)::int`.as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow(),
  ]);
  // IMAP mailboxes and the relay are set for the whole server (config), not per account: shown as they are.
  const email: EmailSetup = { addresses: addresses.n, smtpIngress: setup.smtpPort !== 0, imapMailboxes: setup.imapUrls.length, outboundRelay: setup.smtpRelayUrl !== undefined };
  const statusOf = (channel: ChannelName): ChannelStatus => {
    if (channel === 'api') return 'active';
    if (channel === 'email') return email.addresses > 0 && (email.smtpIngress || email.imapMailboxes > 0) ? 'active' : 'needs_setup';
    return 'api_only';
  };
  return {
    email,
    items: ORDER.map((channel) => {
      const row = counts.find((c) => c.channel === channel);
      return { channel, status: statusOf(channel), conversations30d: row?.n ?? 0, lastConversationAt: row ? new Date(row.last).toISOString() : null };
    }),
  };
}
