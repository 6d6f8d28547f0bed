import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Messaging } from '../../src/create-messaging.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../../src/db/migrations/index.js';
import { isCatalogRace } from '../../src/db/migrations/migrate.js';

/**
 * Runs a test's own Kysely Migrator (an older schema to upgrade from, a host's flow) as the
 * package's migrate() runs its own: Kysely first reads the whole Postgres catalog, and a read
 * that meets a schema another test file is dropping at that moment (the suite runs two files
 * at once) fails with nothing written, so it is tried again, up to ten times.
 */
export async function runMigrator(run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  for (let attempt = 1; ; attempt++) {
    const result = await run();
    if (!result.error || !isCatalogRace(result.error) || attempt >= 10) return result;
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/**
 * Brings a new instance's database to `older` (a leading part of the package's migrations), as
 * an older copy of the package left it: the database an upgrade test starts from. On Postgres
 * the instance's schema is created first and holds the bookkeeping tables, as migrate() does.
 */
export async function migrateThrough(messaging: Messaging, older: Record<string, Migration>): Promise<void> {
  const db = messaging.database.db as Kysely<any>;
  const schema = messaging.database.postgres?.schema;
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const { error } = await runMigrator(() =>
    new Migrator({
      db,
      provider: { getMigrations: async () => older },
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
      ...(schema ? { migrationTableSchema: schema } : {}),
    }).migrateToLatest(),
  );
  if (error) throw error;
}
