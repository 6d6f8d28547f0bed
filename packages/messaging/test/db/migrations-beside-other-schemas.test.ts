import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { LATEST_SCHEMA_VERSION } from '../../src/db/migrations/index.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

/**
 * A host's parallel test workers, each with a messaging schema of its own in one database, or
 * another app creating and dropping schemas: our migrate() must not fail because some other
 * schema went away while it looked at the catalog.
 */
postgresOnly('migrating while other schemas of the database come and go', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Another session that creates a schema of 100 tables (with sequences) and drops it, over and over, until stopped. */
  function churnOtherSchemas(): { stop(): Promise<number> } {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    let running = true;
    let dropped = 0;
    const loop = (async () => {
      await client.connect();
      while (running) {
        const schema = `msg_churn_${randomBytes(4).toString('hex')}`;
        const tables = Array.from({ length: 100 }, (_, i) => `create table "${schema}".t${i} (id serial primary key, a text, b text, c int)`);
        await client.query([`create schema "${schema}"`, ...tables].join(';'));
        await client.query(`drop schema "${schema}" cascade`);
        dropped++;
      }
      await client.end();
    })();
    return {
      async stop() {
        running = false;
        await loop;
        return dropped;
      },
    };
  }

  it('migrates six new schemas, one after another, while another session drops schemas all the while', async () => {
    const churns = [churnOtherSchemas()];
    const stop = async () => (await Promise.all(churns.map((c) => c.stop()))).reduce((a, b) => a + b, 0);
    cleanups.push(async () => void (await stop()));
    const failures: string[] = [];
    for (let i = 0; i < 6; i++) {
      const database = createTestDatabase('postgres');
      const messaging: Messaging = createMessaging({ database: database.option, users: { getUsers: async () => TEST_USERS }, currentUserId: () => null });
      try {
        await messaging.migrate();
        expect((await messaging.schemaStatus()).version).toBe(LATEST_SCHEMA_VERSION);
      } catch (err) {
        failures.push((err as Error).message);
      } finally {
        await messaging.close();
        await database.cleanup();
      }
    }
    expect(await stop()).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
