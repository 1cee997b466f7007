import { sql, type Selectable } from 'kysely';
import { IANAZone } from 'luxon';
import type { CustomerPreferencesTable, Language } from '../../db/schema.js';
import type { Db } from '../shared/types.js';
import type { Actor } from '../shared/actor.js';
import { recordEvent } from '../events/record-event.js';
import { errors } from '../shared/errors.js';
import { buildBusinessCalendar, BusinessCalendarError, WEEKDAYS, type Weekday } from '../service-clock/business-hours.js';

export const PREFERRED_CHANNELS = ['email', 'chat', 'portal', 'phone'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];
export type AddressForm = 'formal' | 'informal';
export type ContactHours = Partial<Record<Weekday, Array<[string, string]>>>;

/** A change: an absent field stays as it is, `null` clears it. */
export interface PreferencesPatch {
  language?: Language | null | undefined;
  channel?: PreferredChannel | null | undefined;
  timezone?: string | null | undefined;
  contactHours?: ContactHours | null | undefined;
  address?: AddressForm | null | undefined;
  preferredName?: string | null | undefined;
}

export interface CustomerPreferences {
  language: Language | null;
  channel: PreferredChannel | null;
  timezone: string | null;
  contactHours: ContactHours | null;
  address: AddressForm | null;
  preferredName: string | null;
  updatedAt: string | null;
}

const FIELD = 'preferences';

export function presentPreferences(language: Language | null, row: Selectable<CustomerPreferencesTable> | undefined): CustomerPreferences {
  return {
    language,
    channel: row?.channel ?? null,
    timezone: row?.timezone ?? null,
    contactHours: (row?.contact_hours as ContactHours | null | undefined) ?? null,
    address: row?.address_form ?? null,
    preferredName: row?.preferred_name ?? null,
    updatedAt: row ? row.updated_at.toISOString() : null,
  };
}

export async function loadPreferences(db: Db, accountId: string, customerId: string) {
  return db.selectFrom('customer_preferences').selectAll().where('account_id', '=', accountId).where('customer_id', '=', customerId).executeTakeFirst();
}

function validTimezone(value: string): string {
  // As for business hours: IANA names only; offsets such as "+02:00" have no DST rules.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value) || !IANAZone.isValidZone(value)) {
    throw errors.validation(`${FIELD}.timezone`, `${JSON.stringify(value)} is not an IANA time zone such as "Europe/Warsaw"`);
  }
  return value;
}

/** Contact hours use the business-hours format and rules (HH:MM, "24:00" only as an end, no overlaps). */
function validContactHours(value: ContactHours): ContactHours {
  try {
    buildBusinessCalendar({ timezone: 'UTC', weekly: value });
  } catch (error) {
    if (error instanceof BusinessCalendarError) {
      const field = error.field.replace(/^weekly/, `${FIELD}.contactHours`);
      const problem = error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
      throw errors.validation(field, problem);
    }
    throw error;
  }
  // Stored in weekday order, each day's windows by start time; days without windows are left out.
  const out: ContactHours = {};
  for (const day of WEEKDAYS) {
    const windows = value[day];
    if (windows && windows.length > 0) out[day] = [...windows].map((w) => [w[0], w[1]] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
  return out;
}

/**
 * Sets how a customer wants to be served. One transaction: the customer row is locked (parallel edits apply one
 * after the other, each on the other's result), the preferences row is upserted, the language goes to the customer
 * (customer-facing mail reads it there), and a `customer.preferences_updated` event is logged and published.
 */
export async function updateCustomerPreferences(db: Db, actor: Actor, customerId: string, patch: PreferencesPatch): Promise<CustomerPreferences> {
  const timezone = patch.timezone === undefined || patch.timezone === null ? patch.timezone : validTimezone(patch.timezone);
  const contactHours = patch.contactHours === undefined || patch.contactHours === null ? patch.contactHours : validContactHours(patch.contactHours);
  const preferredName = typeof patch.preferredName === 'string' ? patch.preferredName.trim() || null : patch.preferredName;

  return db.transaction().execute(async (trx) => {
    const customer = await trx
      .selectFrom('customers')
      .select(['id', 'language'])
      .where('account_id', '=', actor.accountId)
      .where('id', '=', customerId)
      .forUpdate()
      .executeTakeFirst();
    if (!customer) throw errors.notFound('Customer');
    const current = await loadPreferences(trx, actor.accountId, customerId);
    const next = {
      channel: patch.channel === undefined ? (current?.channel ?? null) : patch.channel,
      timezone: timezone === undefined ? (current?.timezone ?? null) : timezone,
      contact_hours: contactHours === undefined ? ((current?.contact_hours as ContactHours | null | undefined) ?? null) : contactHours,
      address_form: patch.address === undefined ? (current?.address_form ?? null) : patch.address,
      preferred_name: preferredName === undefined ? (current?.preferred_name ?? null) : preferredName,
    };
    if (next.contact_hours !== null && next.timezone === null) {
      throw errors.validation(`${FIELD}.timezone`, 'contact hours need the customer’s time zone');
    }
    const values = { ...next, contact_hours: next.contact_hours === null ? null : JSON.stringify(next.contact_hours) };
    const row = await trx
      .insertInto('customer_preferences')
      .values({ account_id: actor.accountId, customer_id: customerId, ...values })
      .onConflict((oc) => oc.columns(['account_id', 'customer_id']).doUpdateSet({ ...values, updated_at: sql<string>`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
    let language = customer.language;
    if (patch.language !== undefined && patch.language !== customer.language) {
      language = patch.language;
      await trx.updateTable('customers').set({ language, updated_at: sql`now()` }).where('account_id', '=', actor.accountId).where('id', '=', customerId).execute();
    }
    const preferences = presentPreferences(language, row);
    const changed = Object.fromEntries(Object.keys(patch).filter((k) => patch[k as keyof PreferencesPatch] !== undefined).map((k) => [k, preferences[k as keyof CustomerPreferences]]));
    await recordEvent(trx, actor, { type: 'customer.preferences_updated', customerId, data: { changed }, publish: { preferences } });
    return preferences;
  });
}
