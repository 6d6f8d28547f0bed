import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection/connect.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-cli-notify-'));
const pgDatabase = createTestDatabase('postgres');
const pgSchema = (pgDatabase.option as { postgres: { schema: string } }).postgres.schema;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (TEST_DIALECT === 'postgres') await pgDatabase.cleanup();
});

function target(): string[] {
  return TEST_DIALECT === 'sqlite' ? ['--db', join(dir, 'messages.db')] : ['--postgres', TEST_POSTGRES_URL, '--schema', pgSchema];
}

/** The outbox rows as the database holds them. */
async function outbox() {
  const handle = openDatabase(TEST_DIALECT === 'sqlite' ? { sqlite: join(dir, 'messages.db') } : pgDatabase.option);
  try {
    return await handle.db.selectFrom('messaging_notifications').select(['id', 'kind', 'recipient_id', 'status', 'attempts']).orderBy('id').execute();
  } finally {
    await handle.close();
  }
}

describe(`messaging notifications (CLI) on ${TEST_DIALECT}`, () => {
  it('send-test queues one test row for the member and says the app delivers it; pending counts and lists it without text', async () => {
    expect((await runCliCaptured(['migrate', ...target()])).code).toBe(0);
    const empty = await runCliCaptured(['notifications', 'pending', ...target()]);
    expect(empty.stderr).toBe('');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/Outbox:\s+0 pending, 0 sending, 0 sent, 0 failed, 0 skipped/);
    expect(empty.stdout).toMatch(/Next due:\s+none/);

    const queued = await runCliCaptured(['notifications', 'send-test', 'user:42', ...target()]);
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    const id = /Queued test notification (test-[\w-]+) for member user:42\./.exec(queued.stdout)?.[1];
    expect(id).toBeDefined();
    expect(queued.stdout).toContain('notification worker sends it through your notifications.send');
    expect(await outbox()).toEqual([{ id, kind: 'test', recipient_id: 'user:42', status: 'pending', attempts: 0 }]);

    const pending = await runCliCaptured(['notifications', 'pending', ...target()]);
    expect(pending.code).toBe(0);
    expect(pending.stdout).toMatch(/Outbox:\s+1 pending, 0 sending/);
    expect(pending.stdout).toMatch(/pending\s+test\s+0\s+user:42\s+-/);

    const json = await runCliCaptured(['notifications', 'pending', '--json', ...target()]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.counts.pending).toBe(1);
    expect(parsed.next).toEqual([expect.objectContaining({ id, kind: 'test', recipientId: 'user:42', status: 'pending', threadId: null })]);
  });

  it('refuses a bad member id, a bad limit, and a database without tables, writing nothing', async () => {
    const flags = target();
    const before = await outbox();
    const bad = await runCliCaptured(['notifications', 'send-test', '   ', ...flags]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Give the id of the member to notify');
    expect((await runCliCaptured(['notifications', 'send-test', 'a\u0007b', ...flags])).code).toBe(1);
    const limit = await runCliCaptured(['notifications', 'pending', '--limit', '0', ...flags]);
    expect(limit.code).toBe(1);
    expect(limit.stderr).toContain('--limit must be a whole number from 1 to 1000.');
    expect(await outbox()).toEqual(before);
    if (TEST_DIALECT === 'sqlite') {
      const missing = await runCliCaptured(['notifications', 'pending', '--db', join(dir, 'nothing-here.db')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('There is no messaging database');
    }
  });

  it('shows both subcommands in its help', async () => {
    const help = await runCliCaptured(['notifications', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/pending/);
    expect(help.stdout).toMatch(/send-test/);
  });
});
