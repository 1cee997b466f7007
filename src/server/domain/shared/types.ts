import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A database handle or an open transaction: repositories and commands accept either. */
export type Db = Kysely<Database> | Transaction<Database>;
