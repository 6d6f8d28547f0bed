import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-toggle-cli-'));
const pgDatabase = createTestDatabase('postgres');
const pgSchema = (pgDatabase.option as { postgres: { schema: string } }).postgres.schema;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  // Only the postgres project made the schema: the SQLite run must not need a Postgres server.
  if (TEST_DIALECT === 'postgres') await pgDatabase.cleanup();
});

const flags = TEST_DIALECT === 'sqlite' ? ['--db', join(dir, 'messages.db')] : ['--postgres', TEST_POSTGRES_URL, '--schema', pgSchema];

async function appSeesEnabled(): Promise<boolean> {
  const messaging = createMessaging({
    database: TEST_DIALECT === 'sqlite' ? { sqlite: flags[1]! } : { postgres: { connectionString: TEST_POSTGRES_URL, schema: pgSchema } },
    users: { getUsers: () => [] },
    currentUserId: () => null,
  });
  try {
    return await messaging.toggle.isEnabled();
  } finally {
    await messaging.close();
  }
}

describe(`messaging enable / disable on ${TEST_DIALECT}`, () => {
  it('enable initializes a new database, switches on and says so; again says it already is', async () => {
    const first = await runCliCaptured(['enable', ...flags]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Initialized the messaging database');
    expect(first.stdout).toMatch(/Messaging is now on for .+\./);
    expect(await appSeesEnabled()).toBe(true);

    const again = await runCliCaptured(['enable', ...flags]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Messaging is already on');
    expect(again.stdout).not.toContain('Initialized');
  });

  it('disable switches off and says nothing was deleted; again says it already is', async () => {
    await runCliCaptured(['enable', ...flags]);
    const off = await runCliCaptured(['disable', ...flags]);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/Messaging is now off for .+\./);
    expect(off.stdout).toContain('no thread or message was deleted');
    expect(await appSeesEnabled()).toBe(false);
    expect((await runCliCaptured(['disable', ...flags])).stdout).toContain('Messaging is already off');
  });

  it('has --help with examples', async () => {
    const help = await runCliCaptured(['enable', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ messaging enable --db data/messages.db');
  });
});
