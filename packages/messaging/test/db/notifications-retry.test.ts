import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import type { MessagingNotification } from '../../src/notification-types.js';
import { createTestDatabase, TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { BASE_URL, MINUTE, notifyFixture, outbox, START } from './notifications-fixture.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function fixture(...args: Parameters<typeof notifyFixture>) {
  const f = await notifyFixture(...args);
  cleanups.push(f.cleanup);
  return f;
}

const SECOND = 1000;

describe(`notification retries on ${TEST_DIALECT}`, () => {
  it('a failing send is retried after 30 s, then 60 s, with the same id, and then succeeds', async () => {
    const f = await fixture();
    await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    let failures = 2;
    f.behaviour.next = () => {
      if (failures-- > 0) throw new Error('SMTP 451 try later');
    };
    f.advance(10 * MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 1, skipped: 0 });
    expect(await outbox(f.messaging)).toMatchObject([{ status: 'pending', attempts: 1, last_error: 'Error: SMTP 451 try later' }]);

    f.advance(29 * SECOND);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 0 });
    f.advance(1 * SECOND);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 1, skipped: 0 });
    f.advance(59 * SECOND);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 0 });
    f.advance(1 * SECOND);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 1, failed: 0, skipped: 0 });

    expect(f.attempts.map((n) => n.attempt)).toEqual([1, 2, 3]);
    expect(new Set(f.attempts.map((n) => n.id)).size).toBe(1);
    expect(f.sent).toHaveLength(1);
    expect(await outbox(f.messaging)).toMatchObject([{ status: 'sent', attempts: 3, last_error: null }]);
    expect(f.messaging.metrics()).toMatchObject({ notificationsFailed: 2, notificationsSent: 1 });
  });

  it('gives up after maxAttempts: status failed, never sent again', async () => {
    const f = await fixture({ maxAttempts: 3 });
    await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    f.behaviour.next = () => Promise.reject(new Error('mailbox full'));
    f.advance(10 * MINUTE);
    for (let i = 0; i < 6; i++) {
      await f.messaging.notifications.deliverDue();
      f.advance(2 * 60 * MINUTE);
    }
    expect(f.attempts).toHaveLength(3);
    expect(f.sent).toHaveLength(0);
    expect(await outbox(f.messaging)).toMatchObject([{ status: 'failed', attempts: 3, last_error: 'Error: mailbox full' }]);
    expect(await f.messaging.notifications.pending()).toEqual([]);
    expect(f.messaging.metrics().notificationsFailed).toBe(3);
  });

  it('the wait doubles from 30 s and stops growing at 1 h', async () => {
    const { retryDelayMs } = await import('../../src/services/notifications/backoff.js');
    expect([1, 2, 3, 4, 7, 8, 9, 30].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('a worker that dies mid-send leaves a lease; the row is sent again after it, with the same id', async () => {
    const f = await fixture();
    await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    f.advance(10 * MINUTE);
    // A worker claimed the row and died before settling it (what a crash mid-send leaves behind).
    const { claimDue } = await import('../../src/services/notifications/outbox.js');
    const { expandDueSchedules } = await import('../../src/services/notifications/outbox.js');
    const ctx = { database: f.messaging.database, now: () => f.now().toISOString() } as never;
    await expandDueSchedules(ctx, f.now().toISOString(), 10, 'conversation');
    const [claimed] = await claimDue(ctx, f.now().toISOString(), new Date(f.now().getTime() + 5 * MINUTE).toISOString(), 10);
    expect(claimed).toMatchObject({ status: 'sending', attempts: 1 });

    f.advance(4 * MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 0 });
    f.advance(1 * MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(f.sent).toMatchObject([{ id: claimed?.id, attempt: 2 }]);
  });
});

describe(`leases on ${TEST_DIALECT}`, () => {
  it('a batch that outlives its lease sends no row another worker has claimed since, and counts no lost row as sent', async () => {
    const f = await fixture();
    await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi Bob' });
    await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['3'], body: 'Hi Carol' });
    f.advance(10 * MINUTE);
    // The first send hangs until released: the process stalls past its lease.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    f.behaviour.next = () => gate;
    const run = f.messaging.notifications.deliverDue();
    await expect.poll(() => f.attempts.length).toBe(1);

    // Another worker, after the lease: it claims both rows (the one in flight and the one waiting).
    f.advance(6 * MINUTE);
    const { claimDue } = await import('../../src/services/notifications/outbox.js');
    const ctx = { database: f.messaging.database, now: () => f.now().toISOString() } as never;
    const taken = await claimDue(ctx, f.now().toISOString(), new Date(f.now().getTime() + 5 * MINUTE).toISOString(), 10);
    expect(taken).toHaveLength(2);

    release();
    // The stalled run finishes its first send, cannot settle it, and does not send the second.
    expect(await run).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(f.attempts).toHaveLength(1);
    expect((await outbox(f.messaging)).map((r) => [r.status, Number(r.attempts)])).toEqual([
      ['sending', 2],
      ['sending', 2],
    ]);
  });
});

describe(`claiming on ${TEST_DIALECT}`, () => {
  // Postgres: two instances (two pools, as two app servers) with two runs each. SQLite: one
  // connection per process, so four runs of one instance (the write lock orders them; two
  // processes on one file are test/reliability's).
  it('runs delivering at once send every notification exactly once', async () => {
    const database = createTestDatabase();
    cleanups.push(database.cleanup);
    let now = Date.parse(START);
    const sent: MessagingNotification[] = [];
    const make = () =>
      createMessaging({
        database: database.option,
        users: { getUsers: (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
        currentUserId: () => null,
        clock: () => new Date(now),
        rateLimits: false,
        notifications: {
          baseUrl: BASE_URL,
          worker: false,
          delay: '1m',
          // Slow enough that the runs overlap.
          send: async (n) => {
            await new Promise((r) => setTimeout(r, 2));
            sent.push(n);
          },
        },
      });
    const a = make();
    await a.migrate();
    const b = TEST_DIALECT === 'postgres' ? make() : a;
    cleanups.push(async () => {
      await Promise.all([...new Set([a, b])].map((m) => m.close()));
    });
    await a.toggle.setEnabled(true, null);
    const threads = 40;
    for (let i = 0; i < threads; i++) {
      await a.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: `Hello ${i}`, subject: `Topic ${i}` });
    }
    now += 2 * MINUTE;
    for (let round = 0; round < 6; round++) {
      await Promise.all([a, a, b, b].map((m) => m.notifications.deliverDue({ limit: 15 })));
    }
    const ids = sent.map((n) => n.id);
    expect(ids).toHaveLength(threads * 2);
    expect(new Set(ids).size).toBe(threads * 2);
    expect(await a.notifications.countByStatus()).toMatchObject({ sent: threads * 2, pending: 0, sending: 0 });
  }, 60_000);
});
