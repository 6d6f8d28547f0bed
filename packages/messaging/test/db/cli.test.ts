import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-cli-'));
const pgDatabase = createTestDatabase('postgres');
const pgSchema = (pgDatabase.option as { postgres: { schema: string } }).postgres.schema;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pgDatabase.cleanup();
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
    expect(first.stdout).toContain('applied 0001_initial');
    if (TEST_DIALECT === 'sqlite') expect(existsSync(flags[1]!)).toBe(true);

    const status = await runCliCaptured(['status', ...flags]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Schema version:\s+1 of 1/);
    expect(status.stdout).toMatch(/Pending:\s+none/);
    expect(status.stdout).toMatch(/messaging_messages\s+0/);
    if (TEST_DIALECT === 'sqlite') expect(status.stdout).toMatch(/File size:\s+\d/);

    const again = await runCliCaptured(['migrate', ...flags]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('status --json gives the report as data', async () => {
    const flags = target('b');
    await runCliCaptured(['migrate', ...flags]);
    const { code, stdout } = await runCliCaptured(['status', '--json', ...flags]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ dialect: TEST_DIALECT, schema: { version: 1, pending: [] } });
    expect(report.rowCounts.messaging_threads).toBe(0);
  });

  it('status of an empty database says to migrate', async () => {
    const flags = TEST_DIALECT === 'sqlite' ? ['--db', join(dir, 'empty.db')] : ['--postgres', TEST_POSTGRES_URL, '--schema', `${pgSchema}_empty`];
    const { code, stdout } = await runCliCaptured(['status', ...flags]);
    expect(code).toBe(0);
    expect(stdout).toContain('run "messaging migrate"');
  });
});

