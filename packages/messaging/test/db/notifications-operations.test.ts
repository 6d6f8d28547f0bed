import { describe, expect, it } from 'vitest';
import type { NotificationStatus } from '../../src/db/schema.js';
import { exportMemberData } from '../../src/services/operations/member-export.js';
import { readUsageStats } from '../../src/services/operations/usage-stats.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { type OpsFixture, setUpOps } from './cli-ops-fixture.js';

/**
 * Issue 14: the operations cover the notification data (schema version 10). The outbox rows
 * and "told up to" marks are written here as the delivery worker writes them, so these tests
 * hold whatever the worker's timing: forget-user removes a member's rows and mode; a member's
 * export holds them without message text; prune removes old finished rows; `status` and
 * `stats` count the outbox by status.
 */

const DAY = 86_400_000;

/** Alice (1) wrote to Bob (2) and to Carol (3); Bob was told (sent) and has a test notification pending; Carol's failed. */
async function seed() {
  const f = await setUpOps();
  const c = f.messaging.conversations;
  const bobThread = (await c.startConversation({ senderId: '1', recipientIds: ['2'], subject: 'Lunch', body: 'secret lunch plans' })).thread.id;
  const carolThread = (await c.startConversation({ senderId: '1', recipientIds: ['3'], body: 'secret tea plans' })).thread.id;
  const db = f.messaging.database.db;
  const now = new Date().toISOString();
  const row = (id: string, recipient: string, status: NotificationStatus, threadId: string | null, createdAt = now) => ({
    id,
    recipient_id: recipient,
    kind: threadId === null ? ('test' as const) : ('conversation' as const),
    thread_id: threadId,
    message_id: null,
    status,
    attempts: status === 'pending' ? 0 : 1,
    next_attempt_at: createdAt,
    locked_until: null,
    created_at: createdAt,
    sent_at: status === 'sent' ? createdAt : null,
    last_error: status === 'failed' ? 'Error: mailbox full' : null,
  });
  await db
    .insertInto('messaging_notifications')
    .values([row('n-bob-1', '2', 'sent', bobThread), row('n-bob-test', '2', 'pending', null), row('n-carol-1', '3', 'failed', carolThread)])
    .execute();
  await db
    .insertInto('messaging_notification_marks')
    .values([
      { thread_id: bobThread, user_id: '2', notified_message_id: 1, notified_at: now },
      { thread_id: carolThread, user_id: '3', notified_message_id: 2, notified_at: now },
    ])
    .execute();
  // Bob chose the daily digest (what the preferences page stores).
  await db.insertInto('messaging_member_preferences').values({ user_id: '2', who_can_message: 'everyone', updated_at: now, notify_mode: 'digest' }).execute();
  return { f, bobThread, carolThread };
}

async function rowsOf(f: OpsFixture, userId: string) {
  const db = f.messaging.database.db;
  const [outbox, marks, preferences] = await Promise.all([
    db.selectFrom('messaging_notifications').select('id').where('recipient_id', '=', userId).execute(),
    db.selectFrom('messaging_notification_marks').select('thread_id').where('user_id', '=', userId).execute(),
    db.selectFrom('messaging_member_preferences').select('notify_mode').where('user_id', '=', userId).execute(),
  ]);
  return { outbox: outbox.length, marks: marks.length, preferences: preferences.length };
}

describe(`notification data in the operations, on ${TEST_DIALECT}`, () => {
  it("forget-user deletes the member's outbox rows, marks and mode, and no one else's", async () => {
    const { f } = await seed();
    expect(await rowsOf(f, '2')).toEqual({ outbox: 2, marks: 1, preferences: 1 });
    const { code } = await runCliCaptured(['forget-user', '2', '--yes', ...f.flags]);
    expect(code).toBe(0);
    expect(await rowsOf(f, '2')).toEqual({ outbox: 0, marks: 0, preferences: 0 });
    expect(await rowsOf(f, '3')).toEqual({ outbox: 1, marks: 1, preferences: 0 });
    // The instance's own call does the same (Carol this time).
    await f.messaging.forgetUser('3');
    expect(await rowsOf(f, '3')).toEqual({ outbox: 0, marks: 0, preferences: 0 });
  });

  it("export holds the member's mode, notifications and marks, without message text", async () => {
    const { f, bobThread } = await seed();
    const chunks: string[] = [];
    for await (const chunk of exportMemberData(f.messaging.database.db, '2')) chunks.push(chunk);
    const data = JSON.parse(chunks.join(''));
    expect(data.notifications.mode).toBe('digest');
    expect(data.notifications.items.map((i: { id: string; status: string; threadId: string | null; kind: string }) => [i.id, i.kind, i.status, i.threadId])).toEqual([
      ['n-bob-1', 'conversation', 'sent', bobThread],
      ['n-bob-test', 'test', 'pending', null],
    ]);
    expect(data.notifications.items[0]).toEqual({
      id: 'n-bob-1',
      kind: 'conversation',
      threadId: bobThread,
      status: 'sent',
      attempts: 1,
      createdAt: expect.any(String),
      sentAt: expect.any(String),
    });
    expect(data.notifications.notifiedUpTo).toEqual([{ threadId: bobThread, messageId: '1', notifiedAt: expect.any(String) }]);
    expect(JSON.stringify(data.notifications)).not.toContain('secret');
    // Paged reads give the same list.
    const paged = await import('../../src/services/operations/notification-data.js').then((m) => m.exportMemberNotifications(f.messaging.database.db, '2', 1));
    expect(paged).toEqual(data.notifications);
    // A member who chose no mode: null (the host's default applies); the CLI writes the same document.
    const carol = await runCliCaptured(['export', '--user', '3', ...f.flags]);
    expect(carol.code).toBe(0);
    const carolData = JSON.parse(carol.stdout);
    expect(carolData.notifications.mode).toBeNull();
    expect(carolData.notifications.items.map((i: { id: string }) => i.id)).toEqual(['n-carol-1']);
  });

  it('prune deletes finished notifications made before the cut-off, in batches; pending ones stay however old', async () => {
    const { f, bobThread } = await seed();
    const db = f.messaging.database.db;
    const old = new Date(Date.now() - 100 * DAY).toISOString();
    const statuses: NotificationStatus[] = ['sent', 'failed', 'skipped', 'sent', 'pending', 'sending'];
    await db
      .insertInto('messaging_notifications')
      .values(
        statuses.map((status, i) => ({
          id: `old-${i}-${status}`,
          recipient_id: '2',
          kind: 'conversation' as const,
          thread_id: bobThread,
          message_id: null,
          status,
          attempts: 1,
          next_attempt_at: old,
          locked_until: null,
          created_at: old,
          sent_at: null,
          last_error: null,
        })),
      )
      .execute();
    const ids = async () => (await db.selectFrom('messaging_notifications').select('id').orderBy('id').execute()).map((r) => r.id);
    const before = await ids();

    const dry = await runCliCaptured(['prune', '--older-than', '90d', '--dry-run', ...f.flags]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would delete 4 finished notification(s) (sent, failed or skipped) older than 90d.');
    expect(await ids()).toEqual(before);

    const real = await runCliCaptured(['prune', '--older-than', '90d', '--batch-size', '3', ...f.flags]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Deleted 4 finished notification(s)');
    // The old pending and in-flight ones, and every recent one, are still there.
    expect(await ids()).toEqual(['n-bob-1', 'n-bob-test', 'n-carol-1', 'old-4-pending', 'old-5-sending']);
    const again = await runCliCaptured(['prune', '--older-than', '90d', ...f.flags]);
    expect(again.stdout).toContain('Deleted 0 finished notification(s)');
  });

  it('status and stats count the outbox by status', async () => {
    const { f } = await seed();
    const report = await f.messaging.report();
    expect(report.notifications).toEqual({ pending: 1, sending: 0, sent: 1, failed: 1, skipped: 0 });
    const status = await runCliCaptured(['status', ...f.flags]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Notifications:   1 pending, 0 sending, 1 sent, 1 failed, 0 skipped');
    const json = JSON.parse((await runCliCaptured(['status', '--json', ...f.flags])).stdout);
    expect(json.notifications).toEqual(report.notifications);

    const stats = await readUsageStats(f.messaging.database, { days: 7 });
    expect(stats.notifications).toEqual({ pending: 1, sending: 0, sent: 1, failed: 1, skipped: 0 });
    const cli = await runCliCaptured(['stats', '--days', '7', ...f.flags]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Notifications:   1 sent, 1 pending, 1 failed, 0 skipped (made in the period)');
    // Made before the period: stats leaves them out; status counts the whole outbox.
    const later = await readUsageStats(f.messaging.database, { days: 1, now: new Date(Date.now() + 3 * DAY) });
    expect(later.notifications).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 });
  });
});
