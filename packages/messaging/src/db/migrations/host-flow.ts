import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { MIGRATIONS, MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './index.js';

/** The database a migration runs on: untyped, since a migration runs between schema versions (as Kysely's own `Migration`). */
// biome-ignore lint/suspicious/noExplicitAny: no table types hold across schema versions; Kysely's Migration takes Kysely<any> too
type AnySchema = Kysely<any>;

/** One migration of the package: Kysely's `Migration`, with `down` always present. */
export interface MessagingMigration extends Migration {
  up(db: AnySchema): Promise<void>;
  down(db: AnySchema): Promise<void>;
}

/**
 * Every migration of the package, in order, keyed by its permanent name (`0001_initial`, …),
 * for a host that passes its own Kysely (`database: { kysely }`) and runs migrations in its
 * own flow. Prefer {@link messagingMigrationProvider} with {@link MESSAGING_MIGRATION_TABLES}:
 * the package's own `migrate()` and `schemaStatus()` then read the same bookkeeping.
 * Recipe: docs/database.md, "Your own migration flow".
 */
export const messagingMigrations = MIGRATIONS as Readonly<Record<string, MessagingMigration>>;

/**
 * A Kysely `MigrationProvider` giving {@link messagingMigrations}: pass it to a `Migrator` of
 * your own, with {@link MESSAGING_MIGRATION_TABLES}.
 * @example
 * const migrator = new Migrator({ db, provider: messagingMigrationProvider(), ...MESSAGING_MIGRATION_TABLES });
 * await migrator.migrateToLatest();
 */
export function messagingMigrationProvider(): MigrationProvider {
  return { getMigrations: async () => ({ ...messagingMigrations }) };
}

/**
 * The bookkeeping tables the package's own migrator uses, as `Migrator` options. A host
 * Migrator given these shares its record with `messaging.migrate()`, `messaging.schemaStatus()`
 * and `messaging migrate` / `status`, so running both is harmless: whichever runs second finds
 * nothing to do. The names never change.
 */
export const MESSAGING_MIGRATION_TABLES: Readonly<{ migrationTableName: string; migrationLockTableName: string }> = Object.freeze({
  migrationTableName: MIGRATION_TABLE,
  migrationLockTableName: MIGRATION_LOCK_TABLE,
});
