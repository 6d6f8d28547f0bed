import pg from 'pg';
import { TEST_POSTGRES_URL } from './test-database.js';

/**
 * Before the Postgres project runs: fail early with a clear message when the server is not
 * there, and drop test schemas left behind by runs that were killed more than an hour ago
 * (the name carries its creation time), so the test database does not fill up.
 */
export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`The Postgres suite needs a server at ${TEST_POSTGRES_URL} (set MESSAGING_TEST_POSTGRES_URL): ${(err as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'msg\\_test\\_%'");
    const hourAgo = Date.now() - 60 * 60 * 1000;
    for (const { nspname } of rows) {
      const created = Number.parseInt(nspname.split('_')[2] ?? '', 36);
      if (Number.isFinite(created) && created < hourAgo) await client.query(`drop schema if exists "${nspname}" cascade`);
    }
  } finally {
    await client.end();
  }
}
