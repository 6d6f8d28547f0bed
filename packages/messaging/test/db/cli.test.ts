import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../src/db/migrations/index.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-cli-'));
const pgDatabase = createTestDatabase('postgres');
const pgSchema = (pgDatabase.option as { postgres: { schema: string } }).postgres.schema;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  // Only the postgres project made the schema: the SQLite run must not need a Postgres server.
  if (TEST_DIALECT === 'postgres') await pgDatabase.cleanup();
});

/** The flags that point the command at this project's database. */
function target(name: string): string[] {
  return TEST_DIALECT === 'sqlite' ? ['--db', join(dir, name, 'deeper', 'messages.db')] : ['--postgres', TEST_POSTGRES_URL, '--schema', pgSchema];
}

describe(`messaging CLI on ${TEST_DIALECT}`, () => {
  it('migrate creates the database and its tables and says so; status shows them; a second migrate does nothing', async () => {
    const flags = target('a');
    const first = await runCliCaptured(['migrate', ...flags]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Migrated the messaging database');
    expect(first.stdout).toMatch(/applied 0001_initial\n\s+applied 0002_unambiguous_direct_keys\n\s+applied 0003_leave_marks/);
    if (TEST_DIALECT === 'sqlite') expect(existsSync(flags[1]!)).toBe(true);

    const status = await runCliCaptured(['status', ...flags]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`Schema version:\\s+${LATEST_SCHEMA_VERSION} of ${LATEST_SCHEMA_VERSION}`));
    expect(status.stdout).toMatch(/Pending:\s+none/);
    expect(status.stdout).toMatch(/messaging_messages\s+0/);
    if (TEST_DIALECT === 'sqlite') expect(status.stdout).toMatch(/File size:\s+\d/);

    const again = await runCliCaptured(['migrate', ...flags]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('enable says that an app with its own toggle keeps its own switch (the command cannot flip that one)', async () => {
    const flags = target('toggle');
    const { code, stdout } = await runCliCaptured(['enable', ...flags]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Messaging is now on for .+\./);
    expect(stdout).toContain('An app that passes its own "toggle" option to createMessaging keeps its own switch');
    await runCliCaptured(['disable', ...flags]);
  });

  it('status --json gives the report as data', async () => {
    const flags = target('b');
    await runCliCaptured(['migrate', ...flags]);
    const { code, stdout } = await runCliCaptured(['status', '--json', ...flags]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ dialect: TEST_DIALECT, schema: { version: LATEST_SCHEMA_VERSION, pending: [] } });
    expect(report.rowCounts.messaging_threads).toBe(0);
  });

  it('status of an empty database says to migrate', async () => {
    // An empty file is an empty SQLite database (what `touch` or a host's first open leaves).
    if (TEST_DIALECT === 'sqlite') writeFileSync(join(dir, 'empty.db'), '');
    const flags = TEST_DIALECT === 'sqlite' ? ['--db', join(dir, 'empty.db')] : ['--postgres', TEST_POSTGRES_URL, '--schema', `${pgSchema}_empty`];
    const { code, stdout } = await runCliCaptured(['status', ...flags]);
    expect(code).toBe(0);
    expect(stdout).toContain('run "messaging migrate"');
  });

  it('status and disable on a database that is not there say so, exit 1 and create nothing', async () => {
    const missing = join(dir, 'typo', 'mesages.db');
    const wrong = TEST_DIALECT === 'sqlite' ? ['--db', missing] : ['--postgres', TEST_POSTGRES_URL.replace(/\/[^/]*$/, '/messaging_no_such_database')];
    for (const command of ['status', 'disable', 'stats']) {
      const { code, stdout, stderr } = await runCliCaptured([command, ...wrong]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      // Not "has no tables yet: run migrate", which would send the user to create the wrong database.
      expect(stderr).toMatch(
        TEST_DIALECT === 'sqlite' ? /There is no messaging database at .*mesages\.db\. Check --db/ : /Cannot connect to .*messaging_no_such_database.*does not exist/,
      );
      expect(stderr).not.toContain('unexpected error');
    }
    if (TEST_DIALECT === 'sqlite') expect(existsSync(join(dir, 'typo'))).toBe(false);
  });
});
