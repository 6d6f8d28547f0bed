import { afterEach, describe, expect, it } from 'vitest';
import { type Messaging, createMessaging } from '../../src/create-messaging.js';
import type { MessagingNotification } from '../../src/notification-types.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

/**
 * Issue 14, the operations through real sends and the package's own delivery: while messaging
 * is switched off nothing reaches the host's `send` (what fell due meanwhile is skipped, not
 * kept for later); a member forgotten before their notification is due is never told; the
 * counts of `messaging status` follow.
 */

const MINUTE = 60_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Fixture {
  messaging: Messaging;
  /** What the host's `send` was handed, in order. */
  sent: MessagingNotification[];
  flags: string[];
  /** Moves the instance's clock this far ahead of the real one. */
  setOffset(ms: number): void;
  /** Runs deliverDue until a run does nothing. */
  deliver(): Promise<{ sent: number; failed: number; skipped: number }>;
  outbox(): Promise<Array<{ id: string; recipient_id: string; kind: string; status: string; last_error: string | null }>>;
}

async function setUp(): Promise<Fixture> {
  const database = createSharedDatabase();
  let offset = 0;
  const sent: MessagingNotification[] = [];
  const messaging = createMessaging({
    database: database.option,
    users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
    rateLimits: false,
    clock: () => new Date(Date.now() + offset),
    notifications: {
      send: (n) => {
        sent.push(n);
      },
      baseUrl: 'https://example.com/messages',
      delay: '1m',
      worker: false,
    },
  });
  await messaging.migrate();
  await messaging.toggle.setEnabled(true, 'test');
  cleanups.push(async () => {
    await messaging.close();
    await database.cleanup();
  });
  const option = database.option as { sqlite?: string; postgres?: { schema: string } };
  const flags = TEST_DIALECT === 'sqlite' ? ['--db', option.sqlite!] : ['--postgres', TEST_POSTGRES_URL, '--schema', option.postgres!.schema];
  return {
    messaging,
    sent,
    flags,
    setOffset: (ms) => {
      offset = ms;
    },
    async deliver() {
      const total = { sent: 0, failed: 0, skipped: 0 };
      for (let i = 0; i < 10; i++) {
        const r = await messaging.notifications.deliverDue();
        total.sent += r.sent;
        total.failed += r.failed;
        total.skipped += r.skipped;
        if (r.sent + r.failed + r.skipped === 0) break;
      }
      return total;
    },
    outbox: () =>
      messaging.database.db.selectFrom('messaging_notifications').select(['id', 'recipient_id', 'kind', 'status', 'last_error']).orderBy('created_at').orderBy('id').execute(),
  };
}

describe(`notifications and the operations through real sends, on ${TEST_DIALECT}`, () => {
  it('while messaging is switched off nothing is sent (what falls due is skipped); switched on, new messages notify again', async () => {
    const f = await setUp();
    await f.messaging.toggle.setEnabled(false, 'admin');
    await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'written while off' });
    await f.messaging.notifications.queueTest('3');
    f.setOffset(2 * MINUTE);
    const off = await f.deliver();
    expect(f.sent).toEqual([]);
    expect(off.sent).toBe(0);
    const whileOff = await f.outbox();
    expect(whileOff.map((r) => [r.recipient_id, r.kind, r.status]).sort()).toEqual([
      ['2', 'conversation', 'skipped'],
      ['3', 'test', 'skipped'],
    ]);
    expect(whileOff.every((r) => r.last_error === 'disabled')).toBe(true);

    // Switched on again: the skipped ones stay skipped (no flood of old news); a new message notifies.
    await f.messaging.toggle.setEnabled(true, 'admin');
    f.setOffset(3 * MINUTE);
    expect((await f.deliver()).sent).toBe(0);
    expect(f.sent).toEqual([]);
    await f.messaging.conversations.startConversation({ senderId: '4', recipientIds: ['3'], body: 'written while on' });
    f.setOffset(6 * MINUTE);
    await f.deliver();
    expect(f.sent.map((n) => [n.recipientId, n.kind])).toEqual([['3', 'conversation']]);
    const status = await runCliCaptured(['status', ...f.flags]);
    expect(status.stdout).toContain('Notifications:   0 pending, 0 sending, 1 sent, 0 failed, 2 skipped');
  });

  it('a member forgotten before their notification is due is never told; the others are', async () => {
    const f = await setUp();
    const group = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], subject: 'Plans', body: 'who comes?' });
    await f.messaging.notifications.queueTest('2');
    const { code } = await runCliCaptured(['forget-user', '2', '--yes', ...f.flags]);
    expect(code).toBe(0);
    expect((await f.outbox()).filter((r) => r.recipient_id === '2')).toEqual([]);
    f.setOffset(2 * MINUTE);
    await f.deliver();
    expect(f.sent.map((n) => [n.recipientId, n.kind, n.threads.map((t) => t.threadId)])).toEqual([['3', 'conversation', [group.thread.id]]]);
    expect((await f.outbox()).map((r) => r.recipient_id)).toEqual(['3']);
  });
});
