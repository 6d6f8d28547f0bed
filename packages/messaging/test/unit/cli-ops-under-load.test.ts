import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { killWriters, seedDatabase, startWriter, until, users } from '../helpers/sqlite-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-load-'));
afterAll(() => {
  killWriters();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Bulk operations against a file another process keeps writing to: they must wait for the
 * write lock (never fail with "database is locked") and recount without losing the messages
 * the other process adds meanwhile.
 */
describe('prune and forget-user while the app writes (SQLite, two processes)', () => {
  it('prune finishes in many batches without "database is locked", and Bob\'s badge still counts every message left', async () => {
    const file = join(dir, 'messages.db');
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const threadId = await seedDatabase(file, 3_000, old);
    const writer = startWriter(file, threadId, 0);
    await until(() => writer.acked.length >= 20);

    const pruned = await runCliCaptured(['prune', '--older-than', '30d', '--batch-size', '50', '--db', file]);
    const forgot = await runCliCaptured(['forget-user', '3', '--yes', '--db', file]);
    writer.child.kill();
    await once(writer.child, 'exit');
    // Only progress lines (one every 5 s when not a terminal), never an error.
    expect(pruned.stderr.split('\n').filter((line) => line.trim() !== '' && !/^Pruning: \d+%/.test(line))).toEqual([]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('Deleted 3,000 message(s) older than 30d');
    expect(forgot.code).toBe(0);

    const messaging = createMessaging({ database: { sqlite: file }, users, currentUserId: () => null });
    try {
      const left = await messaging.database.db
        .selectFrom('messaging_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // The writer's messages (first one included) are all Alice's and Bob never read: each is unread.
      expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(Number(left.n));
      expect(Number(left.n)).toBeGreaterThanOrEqual(writer.acked.length);
    } finally {
      await messaging.close();
    }
  });
});
