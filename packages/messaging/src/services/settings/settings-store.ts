import type { Kysely } from 'kysely';
import { isMissingTableError } from '../../db/faults/missing-table.js';
import type { MessagingDatabase } from '../../db/schema.js';

/**
 * The instance's settings in `messaging_settings` (the switch, the admin's limits, the
 * deployment's secrets): the one place that reads and writes that table. Before the tables
 * exist (never migrated) no setting is stored, so reads find nothing; other faults surface.
 */
export interface SettingsStore {
  /** The stored value, or undefined. */
  get(key: string): Promise<string | undefined>;
  /** The stored values of `keys` (absent ones are left out). */
  getMany(keys: readonly string[]): Promise<Map<string, string>>;
  /** Stores each value (`null` deletes it) with who and when, all in one transaction; resolves to the time stored. */
  set(changes: Readonly<Record<string, string | null>>, actor: string | null): Promise<string>;
  /**
   * The stored value, created from `make()` when there is none. Insert-if-absent then read, so
   * that app servers racing to create it all end up with the one value that won.
   */
  getOrCreate(key: string, make: () => string): Promise<string>;
}

/** @param options.now the instance's clock, as the ISO string stored in `updated_at` */
export function createSettingsStore(db: Kysely<MessagingDatabase>, options: { now: () => string }): SettingsStore {
  async function getMany(keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    try {
      const rows = await db
        .selectFrom('messaging_settings')
        .select(['key', 'value'])
        .where('key', 'in', [...keys])
        .execute();
      return new Map(rows.map((r) => [r.key, r.value]));
    } catch (err) {
      if (isMissingTableError(err)) return new Map();
      throw err;
    }
  }

  return {
    getMany,
    get: async (key) => (await getMany([key])).get(key),
    async set(changes, actor) {
      const updated_at = options.now();
      await db.transaction().execute(async (trx) => {
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) {
            await trx.deleteFrom('messaging_settings').where('key', '=', key).execute();
            continue;
          }
          await trx
            .insertInto('messaging_settings')
            .values({ key, value, updated_at, updated_by: actor })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at, updated_by: actor }))
            .execute();
        }
      });
      return updated_at;
    },
    async getOrCreate(key, make) {
      await db
        .insertInto('messaging_settings')
        .values({ key, value: make(), updated_at: options.now(), updated_by: null })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await db.selectFrom('messaging_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
