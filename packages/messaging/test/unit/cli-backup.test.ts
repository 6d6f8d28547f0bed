import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createTestDatabase, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { killWriters, seedDatabase, startWriter, until, users } from '../helpers/sqlite-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-backup-'));
afterAll(() => {
  killWriters();
  rmSync(dir, { recursive: true, force: true });
});

describe('messaging backup (SQLite)', () => {
  it('copies the database while another process keeps writing: the copy restores, passes integrity_check and holds every acknowledged message', async () => {
    const file = join(dir, 'live', 'messages.db');
    const threadId = await seedDatabase(file, 20_000);
    const writer = startWriter(file, threadId);
    await until(() => writer.acked.length >= 50);
    const ackedBefore = [...writer.acked];

    const target = join(dir, 'backups', 'nested', 'copy.db');
    const { code, stdout, stderr } = await runCliCaptured(['backup', target, '--db', file]);
    const ackedDuring = writer.acked.length - ackedBefore.length;
    writer.child.kill();
    await once(writer.child, 'exit');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Backed up ${file} to ${target}`);
    expect(stdout).toContain('integrity check: ok');
    expect(stdout).toMatch(/size:\s+\d+(\.\d)? MB/);
    expect(ackedDuring).toBeGreaterThan(0);

    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    const ids = new Set((copy.prepare('select id from messaging_messages').all() as { id: number }[]).map((r) => r.id));
    copy.close();
    expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);
    expect(stdout).toContain(`messages:        ${ids.size.toLocaleString('en-US')}`);

    // Restored as an app would open it: the thread reads, and Bob's badge counts every message in the copy.
    const restored = join(dir, 'restored.db');
    copyFileSync(target, restored);
    const messaging = createMessaging({ database: { sqlite: restored }, users, currentUserId: () => null });
    try {
      expect((await messaging.migrate()).applied).toEqual([]);
      expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(ids.size);
      const page = await messaging.conversations.getThread('2', threadId, { limit: 1 });
      expect(ids.has(Number(page.messages[0]!.id))).toBe(true);
    } finally {
      await messaging.close();
    }
  });

  it('refuses to replace a file without --force, and replaces it with --force', async () => {
    const file = join(dir, 'small', 'messages.db');
    await seedDatabase(file, 3);
    const target = join(dir, 'small-copy.db');
    writeFileSync(target, 'not a database');
    const refused = await runCliCaptured(['backup', target, '--db', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${target} already exists. Add --force to replace it.`);
    const forced = await runCliCaptured(['backup', target, '--force', '--db', file]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/messages:\s+4$/m);
    expect(existsSync(`${target}-wal`)).toBe(false);

    const missing = await runCliCaptured(['backup', join(dir, 'x.db'), '--db', join(dir, 'nowhere', 'messages.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no messaging database at');
    const noFile = await runCliCaptured(['backup', '--db', file]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain("missing required argument 'file'");
  });

  it('on Postgres writes nothing, prints the pg_dump command with the schema, and exits with code 3', async () => {
    const pg = createTestDatabase('postgres');
    const schema = (pg.option as { postgres: { schema: string } }).postgres.schema;
    try {
      const flags = ['--postgres', 'postgres://postgres:secret@127.0.0.1:5432/test', '--schema', schema];
      expect((await runCliCaptured(['migrate', '--postgres', TEST_POSTGRES_URL, '--schema', schema])).code).toBe(0);
      const target = join(dir, 'pg', 'messages.db');
      const { code, stdout, stderr } = await runCliCaptured(['backup', target, ...flags]);
      expect(code).toBe(3);
      expect(stdout).toContain(`pg_dump --format=custom --schema='${schema}' --file='${join(dir, 'pg', 'messages.dump')}' 'postgres://postgres@127.0.0.1:5432/test'`);
      expect(stdout).not.toContain('secret');
      expect(stderr).toContain('no backup was written');
      expect(existsSync(target)).toBe(false);
    } finally {
      await pg.cleanup();
    }
  });
});
