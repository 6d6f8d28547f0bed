import type { MigrationResultSet } from 'kysely';
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
