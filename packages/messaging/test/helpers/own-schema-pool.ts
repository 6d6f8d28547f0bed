import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_POSTGRES_URL } from './test-database.js';

/** A Postgres schema made for one test and a pool of the host's kind whose connections use it. */
export interface OwnSchemaPool {
  schema: string;
  pool: pg.Pool;
  /** A connection outside the pool (ANALYZE, catalog reads). */
  admin: pg.Client;
  /** Ends the pool, drops the schema and ends the admin connection. */
  drop(): Promise<void>;
}

/** Makes the schema `<prefix>_<random>` and a pool of `max` connections with it first on their search_path. */
export async function ownSchemaPool(prefix: string, max: number): Promise<OwnSchemaPool> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max, options: `-c search_path="${schema}",public` });
  return {
    schema,
    pool,
    admin,
    async drop() {
      await pool.end();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
}
