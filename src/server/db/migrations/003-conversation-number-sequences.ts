import { sql, type Kysely } from 'kysely';

/**
 * Conversation numbers from one sequence per account instead of a counter row. The counter row had to be updated
 * either inside the creating transaction (serialising every create of an account on one row lock until commit)
 * or in a transaction of its own (a second synchronous commit per create). nextval() does neither: it is not
 * rolled back (a failed create leaves a gap, as before) and needs no commit of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION servisto_conversation_sequence(account uuid) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'conversation_number_' || replace(account::text, '-', '') $$`.execute(db);
  await sql`
    CREATE FUNCTION servisto_accounts_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', servisto_conversation_sequence(NEW.id));
        RETURN NEW;
      END IF;
      EXECUTE format('DROP SEQUENCE IF EXISTS %I', servisto_conversation_sequence(OLD.id));
      RETURN OLD;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER accounts_conversation_sequence AFTER INSERT OR DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION servisto_accounts_sequence()`.execute(db);
  await sql`
    DO $$
    DECLARE a record;
    BEGIN
      FOR a IN SELECT id, next_conversation_number FROM accounts LOOP
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I START %s', servisto_conversation_sequence(a.id), a.next_conversation_number);
      END LOOP;
    END $$`.execute(db);
  await sql`ALTER TABLE accounts DROP COLUMN next_conversation_number`.execute(db);
}
